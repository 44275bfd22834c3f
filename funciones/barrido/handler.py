"""Barrido programado (EventBridge cada 5 minutos): avisa y escala por el reloj, una vez por umbral."""

from __future__ import annotations

from functools import cache
from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from funciones.barrido.logica import barrer, rellenar
from funciones.nucleo.adaptadores import repositorios
from funciones.nucleo.adaptadores.aws import cliente
from funciones.nucleo.adaptadores.config import ajustes
from funciones.nucleo.adaptadores.dynamodb import ColaDynamo
from funciones.nucleo.dominio import reloj
from funciones.nucleo.dominio.caso import FRAGMENTOS_VENCIMIENTO
from funciones.nucleo.frontera.registro import crear_registro

logger = crear_registro()
# Margen para terminar la página en curso y registrar el resumen antes del límite de la función.
MARGEN_MS = 15_000


@cache
def cola() -> ColaDynamo:
    return ColaDynamo(ajustes().tabla, cliente("dynamodb"), FRAGMENTOS_VENCIMIENTO)


@logger.inject_lambda_context
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    if event.get("rellenar") is True:
        # Invocación manual, una vez al desplegar el índice `umbrales` sobre casos abiertos que no lo llevan.
        escritos = rellenar(cola(), repositorios.casos())
        logger.info("relleno del índice de umbrales", extra={"escritos": escritos})
        return {"escritos": escritos}
    resumen = barrer(
        cola(), repositorios.casos(), reloj.ahora(), lambda: context.get_remaining_time_in_millis() > MARGEN_MS
    )
    datos = {
        "revisados": resumen.revisados,
        "actualizados": resumen.actualizados,
        "alertas": resumen.alertas,
        "conflictos": resumen.conflictos,
        "paginas": resumen.paginas,
        "reindexados": resumen.reindexados,
        "incompleto": resumen.incompleto,
    }
    logger.info("barrido", extra=datos)
    return datos
