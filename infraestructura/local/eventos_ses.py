"""El destino de eventos del conjunto de configuración de SES, emulado (moto no lo implementa).

Cada correo que una función envía por SES v2 produce, como en AWS, un evento por SNS hacia `notificaciones`:
entrega; o rebote y queja si el destinatario es una dirección del simulador de buzones de SES.
"""

from __future__ import annotations

import json
import logging
import queue
import threading
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from email.utils import getaddresses
from typing import Any

log = logging.getLogger(__name__)

REBOTE = "bounce@simulator.amazonses.com"
QUEJA = "complaint@simulator.amazonses.com"


def _marca() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def avisos_de(envio: dict[str, Any], id_mensaje: str) -> list[dict[str, Any]]:
    """Los eventos que SES publicaría por un envío, con el formato de su destino de eventos."""
    # SES pone en `destination` las direcciones solas, aunque el envío las traiga con nombre.
    destinos = [d for _, d in getaddresses((envio.get("Destination") or {}).get("ToAddresses") or [])]
    correo = {
        "timestamp": _marca(),
        "source": envio.get("FromEmailAddress"),
        "messageId": id_mensaje,
        "destination": destinos,
        "tags": {
            **{e["Name"]: [e["Value"]] for e in envio.get("EmailTags") or []},
            "ses:configuration-set": [envio.get("ConfigurationSetName") or ""],
        },
    }
    if REBOTE in destinos:
        rebote = {
            "bounceType": "Permanent",
            "bounceSubType": "General",
            "bouncedRecipients": [{"emailAddress": REBOTE, "status": "5.1.1"}],
            "timestamp": _marca(),
        }
        return [{"eventType": "Bounce", "mail": correo, "bounce": rebote}]
    entrega = {"eventType": "Delivery", "mail": correo, "delivery": {"timestamp": _marca(), "recipients": destinos}}
    if QUEJA in destinos:
        queja = {"complainedRecipients": [{"emailAddress": QUEJA}], "timestamp": _marca()}
        return [entrega, {"eventType": "Complaint", "mail": correo, "complaint": queja}]
    return [entrega]


def evento_sns(aviso: dict[str, Any], tema: str) -> dict[str, Any]:
    return {
        "Records": [
            {
                "EventSource": "aws:sns",
                "EventVersion": "1.0",
                "EventSubscriptionArn": f"{tema}:{uuid.uuid4()}",
                "Sns": {
                    "Type": "Notification",
                    "MessageId": str(uuid.uuid4()),
                    "TopicArn": tema,
                    "Message": json.dumps(aviso),
                    "Timestamp": _marca(),
                },
            }
        ]
    }


class EventosSesLocal:
    """Escucha los SendEmail de boto3 en este proceso y entrega sus eventos a `invocar` desde otro hilo."""

    TEMA = "arn:aws:sns:us-east-1:123456789012:bluepoint-eventos-ses"

    def __init__(self, invocar: Callable[[dict[str, Any]], Any]) -> None:
        self._invocar = invocar
        self._cola: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self.entregados = 0

    def iniciar(self) -> None:
        import boto3

        # Antes de que las funciones creen sus clientes: cada cliente copia los ganchos de la sesión.
        eventos = boto3._get_default_session().events
        eventos.register("provide-client-params.sesv2.SendEmail", self._antes)
        eventos.register("after-call.sesv2.SendEmail", self._despues)
        threading.Thread(target=self._ciclo, name="eventos-ses", daemon=True).start()

    def detener(self) -> None:
        self._cola.put(None)

    def _antes(self, params: dict[str, Any], context: dict[str, Any], **_: Any) -> None:
        context["envio_ses"] = dict(params)

    def _despues(self, parsed: dict[str, Any], context: dict[str, Any], **_: Any) -> None:
        envio = context.get("envio_ses")
        if envio is not None and parsed.get("MessageId"):
            for aviso in avisos_de(envio, parsed["MessageId"]):
                self._cola.put(aviso)

    def _ciclo(self) -> None:
        while (aviso := self._cola.get()) is not None:
            try:
                self._invocar(evento_sns(aviso, self.TEMA))
                self.entregados += 1
            except Exception:
                # Como SNS con Lambda asíncrona: en AWS se reintenta; aquí basta con dejarlo en el registro.
                log.exception("falla al entregar un evento de SES")
