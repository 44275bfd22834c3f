"""Consume el flujo de la tabla y suma cada lote a los contadores de los reportes (una vez por evento)."""

from __future__ import annotations

from functools import cache
from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from funciones.nucleo.adaptadores.aws import cliente
from funciones.nucleo.adaptadores.config import ajustes
from funciones.nucleo.adaptadores.dynamodb import ContadoresDynamo, evento_de_item
from funciones.nucleo.dominio import reloj
from funciones.nucleo.dominio.agregados import Aporte, contribucion, dia
from funciones.nucleo.frontera.registro import crear_registro

logger = crear_registro()


@cache
def contadores() -> ContadoresDynamo:
    return ContadoresDynamo(ajustes().tabla, cliente("dynamodb"))


def aporte(registro: dict[str, Any]) -> Aporte | None:
    """Lo que suma un registro del flujo (None si no cuenta para los reportes)."""
    imagen = (registro.get("dynamodb") or {}).get("NewImage") or {}
    if registro.get("eventName") != "INSERT" or not imagen.get("sk", {}).get("S", "").startswith("EVENTO#"):
        return None
    if imagen.get("entidad", {}).get("S") != "evento":
        return None  # eventos del registro de clientes (verificaciones): no cuentan para los reportes
    evento = evento_de_item(imagen)
    suma = {k: v for k, v in contribucion(evento).items() if v}
    return Aporte(evento.id, dia(evento.fecha), suma) if suma else None


def _falla(registro: dict[str, Any]) -> dict[str, Any]:
    # El flujo se reanuda desde este registro (los anteriores quedan hechos); las marcas evitan contar dos veces.
    return {"batchItemFailures": [{"itemIdentifier": registro["dynamodb"]["SequenceNumber"]}]}


@logger.inject_lambda_context
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    registros = event.get("Records") or []
    aportes: list[Aporte] = []
    ilegible = None
    for registro in registros:
        try:
            a = aporte(registro)
        except Exception:
            logger.exception("registro del flujo que no se pudo leer")
            ilegible = registro
            break
        if a is not None:
            aportes.append(a)
    try:
        contados = contadores().sumar_lote(aportes, reloj.ahora())
    except Exception:
        logger.exception("no se sumó el lote")
        return _falla(registros[0])
    if contados:
        logger.debug("lote sumado", extra={"eventos": contados, "registros": len(registros)})
    return _falla(ilegible) if ilegible is not None else {"batchItemFailures": []}
