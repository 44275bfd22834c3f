"""Escalamiento por agentes: escalar, reasignar (supervisores) y desescalar."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from esquemas.escalamiento import SolicitudAsignacion, SolicitudDesescalamiento, SolicitudEscalamiento
from funciones.nucleo.adaptadores import repositorios
from funciones.nucleo.dominio import escalamiento, reloj
from funciones.nucleo.frontera.enrutador import Response
from funciones.nucleo.frontera.http import agente, crear_app, folio_de_ruta, leer_cuerpo, respuesta_json
from funciones.nucleo.frontera.registro import crear_registro
from funciones.nucleo.frontera.vistas import detalle

if TYPE_CHECKING:
    from aws_lambda_powertools.utilities.typing import LambdaContext

logger = crear_registro()
app = crear_app(logger)
TODOS = ("asesores", "supervisores", "departamentos")
# Cada ruta aplica la regla de acceso al leer el caso para cambiarlo; el detalle que responde después va sin
# ella (agente None): el cambio pudo pasar el caso a otro departamento.


@app.post("/api/casos/<folio>/escalamientos")
def escalar(folio: str) -> Response[str]:
    quien = agente(app, TODOS)
    solicitud = leer_cuerpo(app, SolicitudEscalamiento)
    caso = escalamiento.escalar(
        repositorios.casos(), folio_de_ruta(folio), solicitud.destino, solicitud.motivo, quien, reloj.ahora()
    )
    logger.info("caso escalado", extra={"folio": caso.folio, "nivel": caso.nivel, "agente": quien.usuario})
    return respuesta_json(200, detalle(repositorios.casos(), caso.folio, reloj.ahora(), None))


@app.post("/api/casos/<folio>/asignacion")
def asignar(folio: str) -> Response[str]:
    quien = agente(app, ("supervisores",))
    s = leer_cuerpo(app, SolicitudAsignacion)
    caso = escalamiento.asignar(
        repositorios.casos(),
        repositorios.agentes(),
        folio_de_ruta(folio),
        s.asesor,
        s.departamento,
        s.instrucciones,
        quien,
        reloj.ahora(),
    )
    return respuesta_json(200, detalle(repositorios.casos(), caso.folio, reloj.ahora(), None))


@app.post("/api/casos/<folio>/desescalamiento")
def desescalar(folio: str) -> Response[str]:
    quien = agente(app, ("supervisores", "departamentos"))
    solicitud = leer_cuerpo(app, SolicitudDesescalamiento)
    caso = escalamiento.desescalar(repositorios.casos(), folio_de_ruta(folio), solicitud.motivo, quien, reloj.ahora())
    return respuesta_json(200, detalle(repositorios.casos(), caso.folio, reloj.ahora(), None))


@app.get("/api/agentes")
def listar_agentes() -> Response[str]:
    from esquemas.busqueda import AgenteListado, ListaAgentes
    from funciones.nucleo.dominio.agentes import PRIORIDAD
    from funciones.nucleo.dominio.escalamiento import departamentos
    from funciones.nucleo.frontera.http import solo_parametros

    agente(app, ("supervisores",))
    solo_parametros(app, ())
    nombres = departamentos()
    lista = [
        AgenteListado(
            usuario=a.usuario,
            nombre=nombre,
            grupos=[g for g in PRIORIDAD if g in a.grupos],
            departamento=a.departamento,
            departamento_nombre=nombres.get(a.departamento) if a.departamento else None,
        )
        for a, nombre in repositorios.agentes().listar(PRIORIDAD)
    ]
    return respuesta_json(200, ListaAgentes(agentes=lista))


@logger.inject_lambda_context
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)
