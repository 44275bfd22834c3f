"""GET/POST /api/confirmaciones/{token}: el cliente confirma la resolución o reabre su caso desde el correo."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs

from pydantic import ValidationError

from esquemas.confirmaciones import ResultadoConfirmacion, SolicitudConfirmacion
from funciones.confirmaciones.pagina import pagina_pregunta
from funciones.nucleo.adaptadores import repositorios
from funciones.nucleo.adaptadores.secretos import pimienta
from funciones.nucleo.dominio import enlaces, reloj
from funciones.nucleo.dominio.ciclo import confirmar
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
GRACIAS = "¡Gracias! Registramos que tu solicitud quedó resuelta."
REABIERTO = "Reabrimos tu solicitud: un asesor la atenderá de nuevo y te avisaremos del avance."


def _es_formulario() -> bool:
    tipo = app.current_event.headers.get("Content-Type") or ""
    return tipo.split(";")[0].strip().lower() == "application/x-www-form-urlencoded"


@app.get("/api/confirmaciones/<token>")
def pregunta(token: str) -> Response[str]:
    try:
        enlace = enlaces.verificar(token, "confirmacion", pimienta(), reloj.ahora())
    except EnlaceVencido as e:
        return respuesta_html(410, pagina_mensaje("Enlace no disponible", e.mensaje))
    caso = repositorios.casos().obtener(enlace.folio)
    if caso is None or caso.estado != "resuelto" or caso.ronda != enlace.ronda:
        return respuesta_html(
            410, pagina_mensaje("Ya tenemos tu respuesta", "Este enlace ya se usó o es de una resolución anterior.")
        )
    respuesta = app.current_event.get_query_string_value("respuesta")
    return respuesta_html(200, pagina_pregunta(caso, respuesta if respuesta in ("si", "no") else None))


@app.post("/api/confirmaciones/<token>")
def responder(token: str) -> Response[str]:
    formulario = _es_formulario()
    if formulario:
        campos = parse_qs(cuerpo_texto(app), keep_blank_values=True)
        resuelto = (campos.get("resuelto") or [""])[0]
        # Sólo «si» o «no»: otro valor no debe reabrir el caso.
        if resuelto not in ("si", "no"):
            return respuesta_html(400, pagina_mensaje("Falta tu respuesta", "Elige «Sí» o «No» y envía de nuevo."))
        datos = {"resuelto": resuelto == "si", "comentario": (campos.get("comentario") or [""])[0] or None}
        try:
            solicitud = SolicitudConfirmacion.model_validate(datos)
        except ValidationError as e:
            mensaje = "; ".join(c.mensaje for c in traducir_validacion(e).campos)
            return respuesta_html(400, pagina_mensaje("Revisa tu comentario", mensaje))
    else:
        solicitud = leer_cuerpo(app, SolicitudConfirmacion)
    ahora = reloj.ahora()
    try:
        enlace = enlaces.verificar(token, "confirmacion", pimienta(), ahora)
        caso = confirmar(
            repositorios.casos(),
            enlace.folio,
            solicitud.resuelto,
            solicitud.comentario,
            "cliente",
            ahora,
            ronda=enlace.ronda,
        )
    except EnlaceVencido as e:
        if formulario:
            return respuesta_html(410, pagina_mensaje("Enlace no disponible", e.mensaje))
        raise
    logger.info("confirmación del cliente", extra={"folio": caso.folio, "resuelto": solicitud.resuelto})
    mensaje = GRACIAS if solicitud.resuelto else REABIERTO
    if formulario:
        return respuesta_html(200, pagina_mensaje("Recibimos tu respuesta", mensaje))
    return respuesta_json(200, ResultadoConfirmacion(estado=caso.estado, mensaje=mensaje))


@logger.inject_lambda_context
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)
