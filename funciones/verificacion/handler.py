"""POST /api/verificaciones: verificar a quien llama (asesores y supervisores)."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from esquemas.verificacion import SolicitudLevantarBloqueo, SolicitudVerificacion
from funciones.nucleo.adaptadores.aws import cliente
from funciones.nucleo.adaptadores.config import ajustes
from funciones.nucleo.adaptadores.secretos import pimienta
from funciones.nucleo.adaptadores.verificaciones_dynamo import VerificacionesDynamo
from funciones.nucleo.dominio import reloj
from funciones.nucleo.frontera.enrutador import Response
from funciones.nucleo.frontera.http import agente, contrato_de_ruta, crear_app, leer_cuerpo, respuesta_json
from funciones.nucleo.frontera.registro import crear_registro
from funciones.verificacion.logica import levantar_bloqueo, verificar

if TYPE_CHECKING:
    from aws_lambda_powertools.utilities.typing import LambdaContext

logger = crear_registro()
app = crear_app(logger)
GRUPOS = ("asesores", "supervisores")


@cache
def repositorio() -> VerificacionesDynamo:
    return VerificacionesDynamo(ajustes().tabla, cliente("dynamodb"))


@app.post("/api/verificaciones")
def verificacion() -> Response[str]:
    quien = agente(app, GRUPOS)
    solicitud = leer_cuerpo(app, SolicitudVerificacion)
    resultado = verificar(solicitud, repositorio(), pimienta(), quien, reloj.ahora())
    logger.info("verificación", extra={"agente": quien.usuario, "verificado": resultado.verificado})
    return respuesta_json(200, resultado)


@app.delete("/api/verificaciones/bloqueos/<contrato>")
def levantar(contrato: str) -> Response[str]:
    quien = agente(app, ("supervisores",))
    numero = contrato_de_ruta(contrato)
    solicitud = leer_cuerpo(app, SolicitudLevantarBloqueo)
    resultado = levantar_bloqueo(numero, solicitud.motivo, repositorio(), quien, reloj.ahora())
    logger.info("bloqueo levantado", extra={"agente": quien.usuario})
    return respuesta_json(200, resultado)


@logger.inject_lambda_context
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)
