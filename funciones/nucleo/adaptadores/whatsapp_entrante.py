"""WhatsApp entrante: los medios del cliente al bucket de adjuntos (`get_whatsapp_message_media`) y el puerto de
salida de wa-salida (`adaptadores/whatsapp.py`) para contestar.

El medio se pide con el número que lo recibió (el ARN viene en el evento: una WABA puede tener varios números) y
AWS arma la llave con el prefijo y el id del medio (`S3File.key` es un prefijo, no la llave final).
"""

from __future__ import annotations

import importlib
from functools import cache
from typing import Any

from botocore.exceptions import ClientError

from funciones.nucleo.dominio.whatsapp_entrante import MedioNoDisponible

# Lo que no se arregla reintentando: el medio venció en Meta (30 días), el id no existe o no es de ese número.
_SIN_MEDIO = frozenset(
    {"ResourceNotFoundException", "ValidationException", "InvalidParametersException", "AccessDeniedByMetaException"}
)


@cache
def _social() -> Any:
    # Sin tipos de mypy-boto3 para socialmessaging en el grupo dev: el cliente queda como Any en este adaptador.
    import boto3
    from botocore.config import Config

    return boto3.client(
        "socialmessaging", config=Config(retries={"mode": "standard", "max_attempts": 3}, read_timeout=20)
    )


class MediosSocial:
    def __init__(self, bucket: str, cliente: Any = None) -> None:
        self.bucket = bucket
        self.cliente = cliente

    def descargar(self, id_medio: str, prefijo: str, numero: str) -> str:
        cliente = self.cliente or _social()
        try:
            cliente.get_whatsapp_message_media(
                mediaId=id_medio,
                originationPhoneNumberId=numero,
                destinationS3File={"bucketName": self.bucket, "key": prefijo},
            )
        except ClientError as e:
            if e.response.get("Error", {}).get("Code", "") in _SIN_MEDIO:
                raise MedioNoDisponible(id_medio) from e
            raise
        return f"{prefijo}{id_medio}"


def salida() -> Any:
    """El puerto de salida de wa-salida (`WhatsAppSocial`), creado al primer uso. Mientras su módulo no esté, falla
    con un mensaje claro (la emulación local y las pruebas de integración lo proveen)."""
    try:
        modulo = importlib.import_module("funciones.nucleo.adaptadores.whatsapp")
    except ModuleNotFoundError as e:
        raise RuntimeError("Falta el puerto de salida de WhatsApp (adaptadores/whatsapp.py).") from e
    return modulo.salida() if hasattr(modulo, "salida") else modulo
