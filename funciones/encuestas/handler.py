"""GET/POST /api/encuestas/{token}: encuesta de satisfacción de un solo uso por ronda; GET muestra, POST registra."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs

from pydantic import ValidationError

from esquemas.encuestas import ResultadoEncuesta, SolicitudEncuesta
from funciones.encuestas import logica
from funciones.encuestas.pagina import pagina_calificar, pagina_gracias_y_seguimiento
from funciones.nucleo.adaptadores import repositorios
from funciones.nucleo.adaptadores.aws import cliente
from funciones.nucleo.adaptadores.config import ajustes
from funciones.nucleo.adaptadores.dynamodb import EncuestasDynamo
from funciones.nucleo.adaptadores.secretos import pimienta
from funciones.nucleo.dominio import enlaces, reloj
from funciones.nucleo.dominio.errores import EnlaceVencido
from funciones.nucleo.frontera.enrutador import Response
from funciones.nucleo.frontera.http import (
    crear_app,
    cuerpo_texto,
    leer_cuerpo,
    respuesta_html,
    respuesta_json,
    traducir_validacion,
)
from funciones.nucleo.frontera.paginas import pagina_mensaje
from funciones.nucleo.frontera.registro import crear_registro

if TYPE_CHECKING:
    from aws_lambda_powertools.utilities.typing import LambdaContext

logger = crear_registro()
app = crear_app(logger)
GRACIAS = "¡Gracias por responder! Tu opinión nos ayuda a mejorar."
CALIFICADA = "¡Gracias! Registramos tu calificación. Si quieres, cuéntanos un poco más."
CALIFICACIONES = ("1", "2", "3", "4", "5")


@cache
def encuestas() -> EncuestasDynamo:
    return EncuestasDynamo(ajustes().tabla, cliente("dynamodb"))


def _no_disponible(e: EnlaceVencido) -> Response[str]:
    return respuesta_html(410, pagina_mensaje("Encuesta no disponible", e.mensaje))


@app.get("/api/encuestas/<token>")
def abrir(token: str) -> Response[str]:
    """Sólo lee: los analizadores de correo abren los enlaces antes que el cliente (ver docs/decisiones.md)."""
    try:
        enlace = enlaces.verificar(token, "encuesta", pimienta(), reloj.ahora())
        estado = logica.estado_de_la_ronda(repositorios.casos(), encuestas(), enlace)
    except EnlaceVencido as e:
        return _no_disponible(e)
    registro = estado.registro
    if registro and registro.get("completada"):
        return respuesta_html(200, pagina_mensaje("Encuesta respondida", "Ya registramos tu respuesta. ¡Gracias!"))
    if registro:
        return respuesta_html(200, pagina_gracias_y_seguimiento(estado.caso.folio, int(registro["calificacion"])))
    # Un valor raro sólo deja la pregunta sin elegir: abrir la página nunca registra nada.
    valor = app.current_event.get_query_string_value("calificacion")
    preseleccion = int(valor) if valor in CALIFICACIONES else None
    return respuesta_html(200, pagina_calificar(estado.caso.folio, preseleccion))


@app.post("/api/encuestas/<token>")
def responder(token: str) -> Response[str]:
    tipo = (app.current_event.headers.get("Content-Type") or "").split(";")[0].strip().lower()
    formulario = tipo == "application/x-www-form-urlencoded"
    if formulario:
        campos = parse_qs(cuerpo_texto(app), keep_blank_values=True)
        primero = {k: v[0] for k, v in campos.items()}
        # Los valores de la página y nada más (como el OpenAPI): lo demás es 400, no un valor supuesto.
        if primero.get("calificacion") not in CALIFICACIONES:
            return respuesta_html(400, pagina_mensaje("Calificación no válida", "Elige una calificación del 1 al 5."))
        primer_contacto = primero.get("resuelto_primer_contacto")
        if primer_contacto not in (None, "si", "no"):
            return respuesta_html(400, pagina_mensaje("Revisa tu respuesta", "Elige «Sí» o «No» o deja la pregunta."))
        datos = {
            "calificacion": int(primero["calificacion"]),
            "resuelto_primer_contacto": None if primer_contacto is None else primer_contacto == "si",
            "comentario": primero.get("comentario") or None,
        }
        try:
            solicitud = SolicitudEncuesta.model_validate(datos)
        except ValidationError as e:
            mensaje = "; ".join(c.mensaje for c in traducir_validacion(e).campos)
            return respuesta_html(400, pagina_mensaje("Revisa tu respuesta", mensaje))
    else:
        solicitud = leer_cuerpo(app, SolicitudEncuesta)
    ahora = reloj.ahora()
    try:
        enlace = enlaces.verificar(token, "encuesta", pimienta(), ahora)
        estado = logica.completar(
            repositorios.casos(),
            encuestas(),
            enlace,
            solicitud.calificacion,
            solicitud.resuelto_primer_contacto,
            solicitud.comentario,
            ahora,
        )
    except EnlaceVencido as e:
        if formulario:
            return _no_disponible(e)
        raise
    registro = estado.registro or {}
    completada = bool(registro.get("completada"))
    logger.info(
        "encuesta respondida", extra={"folio": estado.caso.folio, "ronda": estado.caso.ronda, "completada": completada}
    )
    calificacion = int(registro.get("calificacion", solicitud.calificacion))
    if formulario:
        if completada:
            return respuesta_html(200, pagina_mensaje("Gracias", GRACIAS))
        return respuesta_html(200, pagina_gracias_y_seguimiento(estado.caso.folio, calificacion))
    mensaje = GRACIAS if completada else CALIFICADA
    return respuesta_json(200, ResultadoEncuesta(calificacion=calificacion, completada=completada, mensaje=mensaje))


@logger.inject_lambda_context
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)
