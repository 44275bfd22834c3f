"""Enlaces firmados para el cliente (confirmación, encuesta): sin guardar el token, imposibles de alterar.

token = base64url("<propósito>.<folio>.<ronda>.<vence>") + "." + HMAC-SHA256 con una llave derivada de la
pimienta. Sirve una vez por ronda: al usarse, el caso cambia de estado o de ronda y el token deja de valer.

Para el SMS (160 caracteres con todo el texto) hay una forma corta, de 31 caracteres y sin punto: base64url de
folio (5 bytes), ronda (2) y vencimiento (4), seguidos de los primeros 12 bytes (96 bits) del HMAC de esos bytes con
el propósito, que no viaja: el enlace de una confirmación no abre una encuesta. `verificar` acepta las dos.
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


_BYTES_FOLIO, _BYTES_RONDA, _BYTES_VENCE, _BYTES_FIRMA_CORTA = 5, 2, 4, 12
_LARGO_CARGA_CORTA = _BYTES_FOLIO + _BYTES_RONDA + _BYTES_VENCE


def _firma_corta(pimienta: bytes, proposito: str, carga: bytes) -> bytes:
    mensaje = b"corto." + proposito.encode() + b"." + carga
    return hmac.new(_llave(pimienta), mensaje, hashlib.sha256).digest()[:_BYTES_FIRMA_CORTA]


def firmar_corto(enlace: Enlace, pimienta: bytes) -> str:
    """La forma corta, para el SMS; si el folio, la ronda o el vencimiento no caben en sus bytes, la larga."""
    if not (len(enlace.folio) == 10 and enlace.folio.isascii() and enlace.folio.isdigit()):
        return firmar(enlace, pimienta)
    try:
        carga = (
            int(enlace.folio).to_bytes(_BYTES_FOLIO, "big")
            + enlace.ronda.to_bytes(_BYTES_RONDA, "big")
            + enlace.vence.to_bytes(_BYTES_VENCE, "big")
        )
    except (OverflowError, ValueError):
        return firmar(enlace, pimienta)
    return _b64(carga + _firma_corta(pimienta, enlace.proposito, carga))


def _verificar_corto(token: str, proposito: str, pimienta: bytes) -> Enlace:
    try:
        datos = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    except ValueError:
        raise EnlaceVencido(ENLACE_INVALIDO, "enlace_invalido") from None
    carga, firma = datos[:_LARGO_CARGA_CORTA], datos[_LARGO_CARGA_CORTA:]
    if len(carga) != _LARGO_CARGA_CORTA or not hmac.compare_digest(firma, _firma_corta(pimienta, proposito, carga)):
        raise EnlaceVencido(ENLACE_INVALIDO, "enlace_invalido")
    folio = str(int.from_bytes(carga[:_BYTES_FOLIO], "big")).zfill(10)
    ronda = int.from_bytes(carga[_BYTES_FOLIO : _BYTES_FOLIO + _BYTES_RONDA], "big")
    return Enlace(proposito, folio, ronda, int.from_bytes(carga[_BYTES_FOLIO + _BYTES_RONDA :], "big"))


def verificar(token: str, proposito: str, pimienta: bytes, ahora: datetime) -> Enlace:
    if "." not in token:
        enlace = _verificar_corto(token, proposito, pimienta)
        if enlace.vence < ahora.timestamp():
            raise EnlaceVencido(ENLACE_VENCIDO)
        return enlace
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
