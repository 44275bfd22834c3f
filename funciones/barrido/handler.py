"""Barrido programado (EventBridge cada 5 minutos): avisa y escala por el reloj, una vez por umbral."""

from __future__ import annotations

from functools import cache

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.typing import LambdaContext

from funciones.barrido.logica import barrer
from funciones.nucleo import reloj, repositorios
from funciones.nucleo.adaptadores.dynamodb import ColaDynamo
from funciones.nucleo.aws import cliente
from funciones.nucleo.caso import FRAGMENTOS_VENCIMIENTO
from funciones.nucleo.config import ajustes

logger = Logger()


@cache
def cola() -> ColaDynamo:
    return ColaDynamo(ajustes().tabla, cliente("dynamodb"), FRAGMENTOS_VENCIMIENTO)


@logger.inject_lambda_context
def handler(event: dict, context: LambdaContext) -> dict:
    resumen = barrer(cola(), repositorios.casos(), reloj.ahora())
    logger.info(
        "barrido",
        extra={
            "revisados": resumen.revisados,
            "actualizados": resumen.actualizados,
            "alertas": resumen.alertas,
            "conflictos": resumen.conflictos,
        },
    )
    return {
        "revisados": resumen.revisados,
        "actualizados": resumen.actualizados,
        "alertas": resumen.alertas,
        "conflictos": resumen.conflictos,
    }
