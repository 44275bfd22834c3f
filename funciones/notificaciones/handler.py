"""Consume el flujo de la tabla (bandeja de salida) y envía correos y SMS; reporta fallas por registro."""

from __future__ import annotations

from functools import cache
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import DynamoDBRecord
from aws_lambda_powertools.utilities.typing import LambdaContext

from funciones.notificaciones.logica import entregar
from funciones.notificaciones.plantillas import ContextoEnvio
from funciones.nucleo import reloj, repositorios
from funciones.nucleo.adaptadores.dynamodb import evento_de_item
from funciones.nucleo.adaptadores.mensajeria import AlertasSns, CorreoSes, SmsSns
from funciones.nucleo.aws import cliente
from funciones.nucleo.config import ajustes
from funciones.nucleo.secretos import pimienta

logger = Logger()
procesador = BatchProcessor(event_type=EventType.DynamoDBStreams)


@cache
def _correo() -> CorreoSes:
    a = ajustes()
    return CorreoSes(cliente("sesv2"), a.remitente, a.config_ses)


@cache
def _sms() -> SmsSns:
    return SmsSns(cliente("sns"))


@cache
def _alertas() -> AlertasSns | None:
    tema = ajustes().tema_alertas
    return AlertasSns(cliente("sns"), tema) if tema else None


def _es_pedido(imagen: dict[str, Any]) -> bool:
    return imagen.get("sk", {}).get("S", "").startswith("EVENTO#") and "notificar" in imagen


def procesar_registro(record: DynamoDBRecord) -> None:
    crudo = record.raw_event
    imagen = (crudo.get("dynamodb") or {}).get("NewImage") or {}
    if crudo.get("eventName") != "INSERT" or not _es_pedido(imagen):
        return
    evento = evento_de_item(imagen)
    a = ajustes()
    ctx = ContextoEnvio(a.url_sitio, reloj.ahora(), pimienta)
    entrega = entregar(evento, repositorios.envios(), _correo(), _sms(), ctx, a.reserva_envio_s, _alertas())
    logger.info(
        "notificación procesada",
        extra={
            "folio": evento.folio,
            "evento": evento.id,
            "entregado": entrega is not None,
            "medio": (evento.notificar or {}).get("medio"),
        },
    )


@logger.inject_lambda_context
def handler(event: dict, context: LambdaContext) -> dict:
    return process_partial_response(
        event=event, record_handler=procesar_registro, processor=procesador, context=context
    )
