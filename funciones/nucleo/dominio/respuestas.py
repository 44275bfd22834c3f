"""Respuestas del cliente por correo: la dirección firmada del Reply-To, el hilo y qué hacer con lo que llega.

Reply-To: `respuestas+<folio>.<firma>@<dominio>`. La firma es un HMAC del folio (llave derivada de la pimienta),
truncado a 80 bits y en base32 minúscula: cabe en la parte local (≤ 64 caracteres) y sobrevive a un servidor que
cambie mayúsculas. No vence: el caso decide (reabrir, o abrir uno nuevo pasados 30 días del cierre).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Literal

from funciones.nucleo.dominio.folio import folio_valido

BUZON = "respuestas"
# Un caso cerrado se reabre con una respuesta dentro de este plazo; después, la respuesta abre un caso nuevo.
REABRIR_CERRADO = timedelta(days=30)
# SES acepta a lo más 870 caracteres por cabecera: References lleva los últimos ids del hilo.
MAX_REFERENCIAS = 8

_LOCAL = re.compile(rf"{BUZON}\+([0-9]{{10}})\.([a-z2-7]{{16}})", re.IGNORECASE)


def _firma(folio: str, pimienta: bytes) -> str:
    llave = hmac.new(pimienta, b"bluepoint-respuestas-v1", hashlib.sha256).digest()
    digest = hmac.new(llave, folio.encode(), hashlib.sha256).digest()[:10]
    return base64.b32encode(digest).decode().lower()


def direccion_respuesta(folio: str, pimienta: bytes, dominio: str) -> str:
    return f"{BUZON}+{folio}.{_firma(folio, pimienta)}@{dominio}"


def folio_de_direccion(direccion: str, pimienta: bytes, dominio: str) -> str | None:
    """El folio si `direccion` es una dirección de respuesta auténtica de `dominio`; None si no (o falsificada)."""
    local, _, dom = direccion.strip().rpartition("@")
    m = _LOCAL.fullmatch(local)
    if not m or dom.lower() != dominio.lower():
        return None
    folio, firma = m[1], m[2].lower()
    if not folio_valido(folio) or not hmac.compare_digest(firma, _firma(folio, pimienta)):
        return None
    return folio


def id_mensaje(id_ses: str, dominio_ses: str) -> str:
    """El Message-ID que SES le pone al correo con ese id (`<id@email.amazonses.com>` en us-east-1)."""
    return f"<{id_ses}@{dominio_ses}>"


def cabeceras_hilo(anteriores: list[str]) -> dict[str, str]:
    """In-Reply-To (el último) y References (los últimos, del más viejo al más nuevo) con los Message-ID previos."""
    if not anteriores:
        return {}
    recientes = anteriores[-MAX_REFERENCIAS:]
    return {"In-Reply-To": recientes[-1], "References": " ".join(recientes)}


# Quien no es una persona: RFC 3834 (Auto-Submitted), RFC 3464 (multipart/report de un rebote) y lo que ponen los
# respondedores de Exchange, Gmail y listas. Ninguno se anexa ni recibe respuesta: así no hay bucles.
_REMITENTES_AUTOMATICOS = re.compile(r"^(mailer-daemon|postmaster|no-?reply|bounces?)([+@]|$)", re.IGNORECASE)
_ASUNTOS_AUTOMATICOS = re.compile(
    r"^\s*(respuesta autom[aá]tica|fuera de (la )?oficina|automatic reply|auto(matic)?[- ]?reply|out of (the )?office|"
    r"undeliverable|undelivered mail|delivery status notification|no se puede entregar|"
    r"mail delivery (failed|subsystem))",
    re.IGNORECASE,
)


def es_automatico(cabeceras: Mapping[str, str], remitente: str, tipo_contenido: str) -> bool:
    """True si el correo lo mandó una máquina: autorespuesta, fuera de oficina, rebote o lista."""
    c = {k.lower(): v.strip().lower() for k, v in cabeceras.items()}
    if c.get("auto-submitted", "no") != "no":
        return True
    if c.get("precedence") in ("bulk", "junk", "list", "auto_reply"):
        return True
    if any(k in c for k in ("x-autoreply", "x-autorespond", "list-id")):
        return True
    if c.get("return-path") == "<>" or tipo_contenido.lower() == "multipart/report":
        return True
    if _REMITENTES_AUTOMATICOS.match(remitente.strip()):
        return True
    return bool(_ASUNTOS_AUTOMATICOS.match(cabeceras.get("Subject", "") or c.get("subject", "")))


type Destino = Literal["anexar", "reabrir", "nuevo"]


def destino_respuesta(estado: str, cerrado_en: datetime | None, ahora: datetime) -> Destino:
    """Qué hace una respuesta auténtica: se anexa a un caso abierto, reabre uno resuelto (o cerrado hace ≤ 30
    días) y, pasado ese plazo, abre un caso nuevo vinculado al anterior."""
    if estado == "resuelto":
        return "reabrir"
    if estado == "cerrado":
        if cerrado_en is not None and ahora - cerrado_en <= REABRIR_CERRADO:
            return "reabrir"
        return "nuevo"
    return "anexar"
