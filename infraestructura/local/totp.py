"""Códigos TOTP (RFC 6238: HMAC-SHA1, 6 dígitos, 30 s) para las demostraciones locales, sin teléfono.

`python -m infraestructura.local.totp [SECRETO]` imprime el código vigente (sin secreto: el que usa moto para
todas las cuentas, el de `totp.demo`).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import struct
import sys
import time

PASO_S = 30


def secreto_moto() -> str:
    """moto asocia siempre el mismo secreto TOTP a todas las cuentas."""
    from moto.cognitoidp.models import COGNITO_TOTP_MFA_SECRET

    return COGNITO_TOTP_MFA_SECRET.upper()


def codigo(secreto: str, instante: float | None = None) -> str:
    limpio = secreto.upper().replace(" ", "").rstrip("=")
    llave = base64.b32decode(limpio + "=" * (-len(limpio) % 8))
    contador = int((time.time() if instante is None else instante) // PASO_S)
    digest = hmac.new(llave, struct.pack(">Q", contador), hashlib.sha1).digest()
    desplazamiento = digest[-1] & 0x0F
    valor = struct.unpack(">I", digest[desplazamiento : desplazamiento + 4])[0] & 0x7FFFFFFF
    return f"{valor % 1_000_000:06d}"


def main(argumentos: list[str]) -> None:
    secreto = "".join(argumentos) or secreto_moto()
    restantes = PASO_S - int(time.time()) % PASO_S
    print(f"{codigo(secreto)}  (vale {restantes} s más)")


if __name__ == "__main__":
    main(sys.argv[1:])
