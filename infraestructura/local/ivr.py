"""`POST /_local/ivr`: un `ContactFlowEvent` a la función del IVR, como lo invoca Amazon Connect."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from typing import Any

INSTANCIA = "arn:aws:connect:us-east-1:123456789012:instance/00000000-0000-4000-8000-000000000000"
NUMERO_BLUEPOINT = "+527676720827"


def evento_contacto(parametros: dict[str, str], telefono: str | None = "+525512345678") -> dict[str, Any]:
    """El evento del bloque «Invocar función de AWS Lambda» de un flujo de voz entrante (forma de la guía de Lambda)."""
    contacto = str(uuid.uuid4())
    return {
        "Name": "ContactFlowEvent",
        "Details": {
            "ContactData": {
                "Attributes": {},
                "Channel": "VOICE",
                "ContactId": contacto,
                "CustomerEndpoint": {"Address": telefono, "Type": "TELEPHONE_NUMBER"} if telefono else None,
                "InitialContactId": contacto,
                "InitiationMethod": "INBOUND",
                "InstanceARN": INSTANCIA,
                "PreviousContactId": contacto,
                "Queue": None,
                "SystemEndpoint": {"Address": NUMERO_BLUEPOINT, "Type": "TELEPHONE_NUMBER"},
                "MediaStreams": {"Customer": {"Audio": None}},
            },
            "Parameters": dict(parametros),
        },
    }


def atender(cuerpo: bytes, invocar: Callable[[dict[str, Any]], dict[str, Any]]) -> tuple[int, dict[str, Any]]:
    """(estado, cuerpo): 200 con lo que responde la función; 400 en español si el cuerpo no es un objeto JSON.

    Un objeto JSON que no es un `ContactFlowEvent` sí llega a la función (como llegaría en AWS): ella responde."""
    try:
        evento = json.loads(cuerpo.decode("utf-8")) if cuerpo else None
    except (UnicodeDecodeError, ValueError):
        evento = None
    if not isinstance(evento, dict):
        return 400, {
            "error": {
                "codigo": "datos_invalidos",
                "mensaje": "Envía un ContactFlowEvent de Amazon Connect en JSON (un objeto).",
                "campos": [{"campo": "cuerpo", "mensaje": "Debe ser un objeto JSON."}],
            }
        }
    return 200, invocar(evento)
