"""Enlaces firmados para el cliente (confirmación, encuesta): sin guardar el token, imposibles de alterar.

token = base64url("<propósito>.<folio>.<ronda>.<vence>") + "." + HMAC-SHA256 con una llave derivada de la
pimienta. Sirve una vez por ronda: al usarse, el caso cambia de estado o de ronda y el token deja de valer.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime

from funciones.nucleo.dominio.errores import EnlaceVencido

ENLACE_INVALIDO = "Este enlace no es válido. Revisa que esté completo o consulta tu solicitud con tu folio."
ENLACE_VENCIDO = "Este enlace ya venció. Consulta tu solicitud con tu folio o llámanos."


@dataclass(frozen=True)
class Enlace:
    proposito: str
    folio: str
    ronda: int
    vence: int


def _llave(pimienta: bytes) -> bytes:
    return hmac.new(pimienta, b"bluepoint-enlaces-v1", hashlib.sha256).digest()


def _b64(datos: bytes) -> str:
    return base64.urlsafe_b64encode(datos).rstrip(b"=").decode()


def firmar(enlace: Enlace, pimienta: bytes) -> str:
    carga = f"{enlace.proposito}.{enlace.folio}.{enlace.ronda}.{enlace.vence}".encode()
    firma = hmac.new(_llave(pimienta), carga, hashlib.sha256).digest()
    return f"{_b64(carga)}.{_b64(firma)}"


def verificar(token: str, proposito: str, pimienta: bytes, ahora: datetime) -> Enlace:
    try:
        carga_b64, firma_b64 = token.split(".")
        carga = base64.urlsafe_b64decode(carga_b64 + "=" * (-len(carga_b64) % 4))
        firma = base64.urlsafe_b64decode(firma_b64 + "=" * (-len(firma_b64) % 4))
    except ValueError:
        raise EnlaceVencido(ENLACE_INVALIDO, "enlace_invalido") from None
    esperada = hmac.new(_llave(pimienta), carga, hashlib.sha256).digest()
    if not hmac.compare_digest(firma, esperada):
        raise EnlaceVencido(ENLACE_INVALIDO, "enlace_invalido")
    try:
        prop, folio, ronda, vence = carga.decode().split(".")
        enlace = Enlace(prop, folio, int(ronda), int(vence))
    except ValueError:
        raise EnlaceVencido(ENLACE_INVALIDO, "enlace_invalido") from None
    if enlace.proposito != proposito:
        raise EnlaceVencido(ENLACE_INVALIDO, "enlace_invalido")
    if enlace.vence < ahora.timestamp():
        raise EnlaceVencido(ENLACE_VENCIDO)
    return enlace
