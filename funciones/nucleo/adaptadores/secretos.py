"""La pimienta de los hashes de domicilio y últimos 4: del entorno (local) o de Secrets Manager (AWS)."""

from __future__ import annotations

import re
import secrets
from functools import cache

from funciones.nucleo.adaptadores.aws import cliente
from funciones.nucleo.adaptadores.config import ajustes

MINIMO_BYTES = 16
_HEX = re.compile(r"(?:[0-9a-fA-F]{2})+")


def _a_bytes(valor: str, origen: str) -> bytes:
    valor = valor.strip()
    datos = bytes.fromhex(valor) if _HEX.fullmatch(valor) else valor.encode()
    if len(datos) < MINIMO_BYTES:
        raise RuntimeError(f"La pimienta de {origen} es demasiado corta: se necesitan al menos {MINIMO_BYTES} bytes.")
    return datos


@cache
def pimienta() -> bytes:
    """PIMIENTA (hex) si está definida; si no, el secreto nombrado en PIMIENTA_SECRETO (hex o texto)."""
    a = ajustes()
    if a.pimienta:
        return _a_bytes(a.pimienta, "PIMIENTA")
    if a.pimienta_secreto:
        valor = cliente("secretsmanager").get_secret_value(SecretId=a.pimienta_secreto)["SecretString"]
        return _a_bytes(valor, "PIMIENTA_SECRETO")
    raise RuntimeError(
        "Falta la pimienta de los hashes: define PIMIENTA (hex, solo en local) o PIMIENTA_SECRETO "
        "(nombre o ARN del secreto en Secrets Manager)."
    )


def generar_pimienta() -> str:
    """32 bytes aleatorios en hex, para el servidor local."""
    return secrets.token_hex(32)
