"""POST /api/casos: alta pública desde el sitio web."""

from __future__ import annotations

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.utilities.typing import LambdaContext

from esquemas.solicitudes import SolicitudCaso
from funciones.alta.logica import registrar_caso, vista_registro
from funciones.nucleo import reloj, repositorios
from funciones.nucleo.http import crear_app, leer_cuerpo, respuesta_json

logger = Logger()
app = crear_app(logger)


@app.post("/api/casos")
def alta() -> Response:
    solicitud = leer_cuerpo(app, SolicitudCaso)
    caso, token = registrar_caso(solicitud, repositorios.casos(), reloj.ahora())
    logger.info("caso registrado", extra={"folio": caso.folio, "tipo": caso.tipo, "canal": caso.canal})
    return respuesta_json(201, vista_registro(caso, token))


@logger.inject_lambda_context
def handler(event: dict, context: LambdaContext) -> dict:
    return app.resolve(event, context)
