"""Rutas de la conversación: comentarios y adjuntos del cliente (con su `acceso`) y adjuntos de los agentes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from esquemas.conversacion import SolicitudAdjunto, SolicitudAdjuntoAgente, SolicitudComentario
from funciones.conversacion import logica
from funciones.nucleo.adaptadores import repositorios
from funciones.nucleo.adaptadores.secretos import pimienta
from funciones.nucleo.dominio import reloj
from funciones.nucleo.frontera.enrutador import Response
from funciones.nucleo.frontera.http import agente, crear_app, folio_de_ruta, leer_cuerpo, respuesta_json
from funciones.nucleo.frontera.registro import crear_registro

if TYPE_CHECKING:
    from aws_lambda_powertools.utilities.typing import LambdaContext

logger = crear_registro()
app = crear_app(logger)
TODOS = ("asesores", "supervisores", "departamentos")


@app.post("/api/casos/<folio>/comentarios")
def comentario(folio: str) -> Response[str]:
    folio = folio_de_ruta(folio)
    solicitud = leer_cuerpo(app, SolicitudComentario)
    vista = logica.comentar(
        repositorios.casos(),
        repositorios.adjuntos(),
        repositorios.almacen(),
        folio,
        solicitud,
        pimienta(),
        reloj.ahora(),
    )
    logger.info("mensaje del cliente", extra={"folio": folio, "adjuntos": len(solicitud.adjuntos)})
    return respuesta_json(201, vista)


@app.post("/api/casos/<folio>/adjuntos")
def adjunto_cliente(folio: str) -> Response[str]:
    folio = folio_de_ruta(folio)
    solicitud = leer_cuerpo(app, SolicitudAdjunto)
    creado = logica.subir_cliente(
        repositorios.casos(),
        repositorios.adjuntos(),
        repositorios.almacen(),
        folio,
        solicitud,
        pimienta(),
        reloj.ahora(),
    )
    return respuesta_json(201, creado)


@app.post("/api/casos/<folio>/adjuntos/agente")
def adjunto_agente(folio: str) -> Response[str]:
    quien = agente(app, TODOS)
    folio = folio_de_ruta(folio)
    solicitud = leer_cuerpo(app, SolicitudAdjuntoAgente)
    creado = logica.subir_agente(
        repositorios.casos(), repositorios.adjuntos(), repositorios.almacen(), folio, solicitud, quien, reloj.ahora()
    )
    return respuesta_json(201, creado)


@app.get("/api/casos/<folio>/adjuntos/<adjunto>")
def descarga(folio: str, adjunto: str) -> Response[str]:
    quien = agente(app, TODOS)
    folio = folio_de_ruta(folio)
    vista = logica.descargar(
        repositorios.casos(), repositorios.adjuntos(), repositorios.almacen(), folio, adjunto, quien, reloj.ahora()
    )
    logger.info("descarga de adjunto", extra={"folio": folio, "adjunto": adjunto, "agente": quien.usuario})
    return respuesta_json(200, vista)


@logger.inject_lambda_context
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)
