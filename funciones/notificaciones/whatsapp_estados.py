"""Estados de entrega de WhatsApp (sent, delivered, read, failed) → historial del caso.

Contrato con `whatsapp_entrante` (que recibe el evento de End User Messaging Social por SNS): le entrega aquí los
`statuses` del `whatsAppWebhookEntry`, cada uno como lo manda Meta (id = wamid, status, timestamp, recipient_id,
errors, biz_opaque_callback_data), y los ids de AWS del número que los recibió (`MetaPhoneNumberIds[].arn`).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from aws_lambda_powertools import Logger

from funciones.notificaciones.logica import eventos_de_estado_whatsapp
from funciones.nucleo.adaptadores import repositorios
from funciones.nucleo.adaptadores.aws import cliente
from funciones.nucleo.adaptadores.config import ajustes
from funciones.nucleo.adaptadores.eventos_dynamo import EventosDynamo
from funciones.nucleo.dominio import reloj

logger = Logger(child=True)


@cache
def _eventos() -> EventosDynamo:
    return EventosDynamo(ajustes().tabla, cliente("dynamodb"))


def _hex(id_numero: str) -> str:
    """El id propio de AWS del número: `phone-number-id-<hex>` o `arn:…:phone-number-id/<hex>` → `<hex>`."""
    return id_numero.rsplit("/", 1)[-1].removeprefix("phone-number-id-")


def es_nuestro_numero(ids_telefono: list[str]) -> bool:
    """Sin número configurado no se filtra; con él, sólo los estados de ese número (la WABA puede tener otros)."""
    propio = ajustes().whatsapp_numero
    return not propio or not ids_telefono or _hex(propio) in {_hex(i) for i in ids_telefono if isinstance(i, str)}


def procesar_estados(estados: list[dict[str, Any]], ids_telefono: list[str]) -> None:
    """Anota cada estado una vez (SNS y Meta repiten: el id del evento sale del wamid y del estado)."""
    if not es_nuestro_numero(ids_telefono):
        logger.info("estados de WhatsApp de otro número", extra={"estados": len(estados)})
        return
    eventos_dynamo = _eventos()
    for estado in estados:
        if not isinstance(estado, dict):
            continue
        eventos = eventos_de_estado_whatsapp(estado, repositorios.casos().obtener, eventos_dynamo.por_id, reloj.ahora())
        nuevo = bool(eventos) and eventos_dynamo.anexar_una_vez(eventos)
        logger.info(
            "estado de WhatsApp",
            extra={
                "estado": estado.get("status"),
                "folio": eventos[0].folio if eventos else None,
                "anotado": nuevo,
                "respaldo": bool(eventos and eventos[0].notificar),
            },
        )
