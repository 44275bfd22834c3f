"""Rutas de agentes sobre casos: cola, detalle, interacciones, resolución y confirmación en la llamada."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from functools import cache
from typing import TYPE_CHECKING, Any

from esquemas.cola import ColaCasos
from esquemas.confirmaciones import SolicitudConfirmacion
from esquemas.duplicados import SolicitudDuplicado
from esquemas.gestion import SolicitudInteraccion, SolicitudResolucion
from funciones.gestion import logica
from funciones.nucleo.adaptadores import repositorios
from funciones.nucleo.adaptadores.aws import cliente
from funciones.nucleo.adaptadores.config import ajustes
from funciones.nucleo.adaptadores.dynamodb import PARTICION_ESTADO, ColaDynamo, clave_reciente
from funciones.nucleo.dominio import reloj
from funciones.nucleo.dominio.agentes import SinPermiso
from funciones.nucleo.dominio.caso import ESTADOS, FRAGMENTOS_VENCIMIENTO
from funciones.nucleo.dominio.ciclo import confirmar
from funciones.nucleo.dominio.errores import DatosInvalidos, ErrorCampo
from funciones.nucleo.dominio.escalamiento import departamentos
from funciones.nucleo.frontera.enrutador import Response
from funciones.nucleo.frontera.http import (
    agente,
    crear_app,
    folio_de_ruta,
    leer_cuerpo,
    respuesta_json,
    solo_parametros,
)
from funciones.nucleo.frontera.registro import crear_registro
from funciones.nucleo.frontera.vistas import detalle, vista_adjunto

if TYPE_CHECKING:
    from aws_lambda_powertools.utilities.typing import LambdaContext

logger = crear_registro()
app = crear_app(logger)
TODOS = ("asesores", "supervisores", "departamentos")
TAMANO_PAGINA = 25


@cache
def cola() -> ColaDynamo:
    return ColaDynamo(ajustes().tabla, cliente("dynamodb"), FRAGMENTOS_VENCIMIENTO)


PARAMETROS_COLA = ("estado", "nivel", "vence_antes", "cursor", "prioridad", "departamento", "mios")
# Resueltos y cerrados: los de los últimos 30 días, el más reciente primero.
DIAS_RECIENTES = 30


@dataclass
class FiltrosCola:
    estado: str | None
    nivel: int | None
    vence_antes: str | None
    cursor: str | None
    departamento: str | None
    mios: bool


def _parametros() -> FiltrosCola:
    solo_parametros(app, PARAMETROS_COLA)
    q = app.current_event.get_query_string_value
    estado, nivel, vence, cursor = q("estado"), q("nivel"), q("vence_antes"), q("cursor")
    departamento, mios, prioridad = q("departamento"), q("mios"), q("prioridad")
    errores = []
    if estado and estado not in ESTADOS:
        errores.append(ErrorCampo("estado", f"Usa uno de: {', '.join(ESTADOS)}."))
    if nivel and not (nivel.isdigit() and 1 <= int(nivel) <= 9):
        errores.append(ErrorCampo("nivel", "Debe ser un número del 1 al 9."))
    if vence:
        from datetime import datetime

        try:
            vence = datetime.fromisoformat(vence).isoformat()
        except ValueError:
            errores.append(ErrorCampo("vence_antes", "Usa una fecha ISO, por ejemplo 2026-12-01T18:30:00-06:00."))
        else:
            if estado in PARTICION_ESTADO:
                errores.append(ErrorCampo("vence_antes", "Sólo se filtra por vencimiento en los casos abiertos."))
    if departamento and departamento not in departamentos():
        errores.append(ErrorCampo("departamento", f"Usa uno de: {', '.join(departamentos())}."))
    if mios and mios not in ("0", "1"):
        errores.append(ErrorCampo("mios", "Usa 1 para ver sólo los casos asignados a ti, o 0."))
    if prioridad and prioridad not in ("0", "1"):
        errores.append(ErrorCampo("prioridad", "Usa 1 para ver primero lo escalado y lo vencido, o 0."))
    if errores:
        raise DatosInvalidos("Revisa los filtros de la cola.", errores)
    return FiltrosCola(
        estado or None, int(nivel) if nivel else None, vence or None, cursor or None, departamento or None, mios == "1"
    )


@app.get("/api/casos")
def ver_cola() -> Response[str]:
    quien = agente(app, TODOS)
    f = _parametros()
    # Un usuario de departamento sólo ve los casos de su departamento.
    departamento = f.departamento
    if not quien.grupos & {"asesores", "supervisores"}:
        if not quien.departamento:
            raise SinPermiso()
        if departamento and departamento != quien.departamento:
            raise SinPermiso("Sólo puedes ver los casos de tu departamento.")
        departamento = quien.departamento
    ahora = reloj.ahora()
    particion, estado, vence = "ABIERTOS", f.estado, f.vence_antes
    if f.estado in PARTICION_ESTADO:
        # Su propia partición del índice: el estado ya es el filtro y la clave acota los últimos 30 días.
        particion, estado = PARTICION_ESTADO[f.estado], None
        vence = clave_reciente(ahora - timedelta(days=DIAS_RECIENTES))
    asignado = quien.usuario if f.mios else None
    casos, siguiente = cola().pagina(
        TAMANO_PAGINA, vence, estado, f.nivel, f.cursor, departamento, particion=particion, asignado=asignado
    )
    vista = [logica.en_cola(c, ahora) for c in casos]
    prioridad = app.current_event.get_query_string_value("prioridad")
    # Los supervisores ven primero lo escalado y lo vencido, salvo que pidan prioridad=0 (sólo en abiertos).
    if particion == "ABIERTOS" and (prioridad == "1" or (prioridad is None and "supervisores" in quien.grupos)):
        # Dentro de la página: escalados y vencidos primero, luego por vencimiento.
        vista.sort(key=lambda c: (not (c.estado == "escalado" or c.vencido), c.fecha_compromiso))
    return respuesta_json(200, ColaCasos(casos=vista, cursor=siguiente))


# Cada ruta de caso aplica la regla de acceso (`ciclo.caso_operable`) sobre la lectura que ya hace: 403 a un
# usuario de departamento con un caso ajeno o inexistente.
@app.get("/api/casos/<folio>")
def ver_caso(folio: str) -> Response[str]:
    quien = agente(app, TODOS)
    folio = folio_de_ruta(folio)
    vista = detalle(repositorios.casos(), folio, reloj.ahora(), quien)
    # Los adjuntos y su revisión antivirus, de la misma partición (después de la regla de acceso).
    vista.adjuntos = [vista_adjunto(a) for a in repositorios.adjuntos().de_caso(folio)]
    return respuesta_json(200, vista)


@app.post("/api/casos/<folio>/interacciones")
def interaccion(folio: str) -> Response[str]:
    quien = agente(app, TODOS)
    solicitud = leer_cuerpo(app, SolicitudInteraccion)
    archivos = (repositorios.adjuntos(), repositorios.almacen()) if solicitud.adjuntos else None
    entrada = logica.agregar_interaccion(
        repositorios.casos(), folio_de_ruta(folio), solicitud, quien, reloj.ahora(), archivos
    )
    return respuesta_json(201, entrada)


@app.post("/api/casos/<folio>/resolucion")
def resolucion(folio: str) -> Response[str]:
    quien = agente(app, TODOS)
    solicitud = leer_cuerpo(app, SolicitudResolucion)
    detalle = logica.resolver(
        repositorios.casos(), repositorios.clientes(), folio_de_ruta(folio), solicitud, quien, reloj.ahora()
    )
    logger.info("caso resuelto", extra={"folio": detalle.caso.folio, "agente": quien.usuario})
    return respuesta_json(200, detalle)


@app.post("/api/casos/<folio>/confirmacion")
def confirmacion(folio: str) -> Response[str]:
    quien = agente(app, TODOS)
    solicitud = leer_cuerpo(app, SolicitudConfirmacion)
    folio = folio_de_ruta(folio)
    ahora = reloj.ahora()
    confirmar(repositorios.casos(), folio, solicitud.resuelto, solicitud.comentario, quien.usuario, ahora, agente=quien)
    return respuesta_json(200, detalle(repositorios.casos(), folio, ahora, None))


@app.post("/api/casos/<folio>/duplicado")
def duplicado(folio: str) -> Response[str]:
    quien = agente(app, TODOS)
    folio = folio_de_ruta(folio)
    solicitud = leer_cuerpo(app, SolicitudDuplicado)
    # Diferido: sólo esta ruta cierra un caso como duplicado.
    from funciones.gestion.duplicados import marcar_duplicado

    ahora = reloj.ahora()
    marcar_duplicado(repositorios.casos(), folio, solicitud, quien, ahora)
    logger.info("caso duplicado", extra={"folio": folio, "de": solicitud.de, "agente": quien.usuario})
    return respuesta_json(200, detalle(repositorios.casos(), folio, ahora, None))


@logger.inject_lambda_context
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)
