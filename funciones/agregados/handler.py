"""Consume el flujo de la tabla y suma cada evento a los contadores de los reportes (una vez por evento)."""

from __future__ import annotations

from functools import cache

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import DynamoDBRecord
from aws_lambda_powertools.utilities.typing import LambdaContext

from funciones.nucleo import reloj
from funciones.nucleo.adaptadores.dynamodb import ContadoresDynamo, evento_de_item
from funciones.nucleo.agregados import contribucion, dia
from funciones.nucleo.aws import cliente
from funciones.nucleo.config import ajustes

logger = Logger()
procesador = BatchProcessor(event_type=EventType.DynamoDBStreams)


@cache
def contadores() -> ContadoresDynamo:
    return ContadoresDynamo(ajustes().tabla, cliente("dynamodb"))


def procesar_registro(record: DynamoDBRecord) -> None:
    crudo = record.raw_event
    imagen = (crudo.get("dynamodb") or {}).get("NewImage") or {}
    if crudo.get("eventName") != "INSERT" or not imagen.get("sk", {}).get("S", "").startswith("EVENTO#"):
        return
    if imagen.get("entidad", {}).get("S") != "evento":
        return  # eventos del registro de clientes (verificaciones): no cuentan para los reportes
    evento = evento_de_item(imagen)
    suma = {k: v for k, v in contribucion(evento).items() if v}
    if suma:
        contadores().sumar(evento.id, dia(evento.fecha), suma, reloj.ahora())


@logger.inject_lambda_context
def handler(event: dict, context: LambdaContext) -> dict:
    return process_partial_response(
        event=event, record_handler=procesar_registro, processor=procesador, context=context
    )
