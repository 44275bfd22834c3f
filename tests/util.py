"""Utilidades de las pruebas."""

from __future__ import annotations

import json
import time
import urllib.request


def esperar(condicion, segundos: float = 15.0, intervalo: float = 0.2):
    """Sondea hasta que `condicion()` devuelva algo verdadero (sin dormir de más)."""
    limite = time.monotonic() + segundos
    while True:
        valor = condicion()
        if valor:
            return valor
        if time.monotonic() > limite:
            raise AssertionError(f"no se cumplió la condición en {segundos} s")
        time.sleep(intervalo)


def obtener_json(url: str):
    with urllib.request.urlopen(url, timeout=10) as r:
        return json.loads(r.read())


def codigo_totp(secreto: str, instante: float | None = None) -> str:
    """RFC 6238 con la biblioteca estándar (HMAC-SHA1, 6 dígitos, pasos de 30 s), aparte del código del producto."""
    import base64
    import hashlib
    import hmac
    import struct

    limpio = secreto.upper().replace(" ", "")
    llave = base64.b32decode(limpio + "=" * (-len(limpio) % 8))
    contador = int((time.time() if instante is None else instante) // 30)
    digest = hmac.new(llave, struct.pack(">Q", contador), hashlib.sha1).digest()
    inicio = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[inicio : inicio + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


def codigo_totp_vigente(secreto: str, margen_s: float = 8.0) -> str:
    """El código de ahora, con al menos `margen_s` segundos de vida (moto no acepta el del paso anterior)."""
    restante = 30 - time.time() % 30
    if restante < margen_s:
        time.sleep(restante + 0.2)
    return codigo_totp(secreto)


def secreto_totp_moto() -> str:
    """moto da a todas las cuentas el mismo secreto TOTP."""
    from moto.cognitoidp.models import COGNITO_TOTP_MFA_SECRET

    return COGNITO_TOTP_MFA_SECRET
