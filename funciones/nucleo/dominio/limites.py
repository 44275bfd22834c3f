"""Claves de los límites diarios del alta web: las cuentan el alta y las borra una cancelación ARCO."""

from __future__ import annotations

import hashlib
import hmac

_GMAIL = frozenset({"gmail.com", "googlemail.com"})


def llave_limites(pimienta: bytes) -> bytes:
    """Llave derivada de la pimienta (`bluepoint-limites-v1`): la pimienta cruda no firma nada."""
    return hmac.new(pimienta, b"bluepoint-limites-v1", hashlib.sha256).digest()


def correo_para_limite(correo: str) -> str:
    """Una persona, una cuenta: sin mayúsculas, sin `+etiqueta` y, en Gmail, sin puntos en la parte local."""
    local, _, dominio = correo.lower().rpartition("@")
    local = local.split("+", 1)[0]
    if dominio in _GMAIL:
        local, dominio = local.replace(".", ""), "gmail.com"
    return f"{local}@{dominio}"


def telefono_para_limite(telefono: str) -> str:
    """Los 10 dígitos del número, como sea que se haya escrito (el esquema ya lo deja en +52 y 10 dígitos)."""
    return "".join(c for c in telefono if c.isdigit())[-10:]


def clave_limite(llave: bytes, campo: str, valor: str) -> str:
    """HMAC-SHA256 truncado: la tabla no guarda (ni deja adivinar) correos, teléfonos ni contratos."""
    return hmac.new(llave, f"{campo}:{valor}".encode(), hashlib.sha256).hexdigest()[:32]
