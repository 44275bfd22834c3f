"""Lo que la consola necesita para dar de alta una app de autenticación (TOTP): URI otpauth y código QR."""

from __future__ import annotations

from urllib.parse import quote

EMISOR = "Blue Point"


def uri_otpauth(secreto: str, usuario: str, emisor: str = EMISOR) -> str:
    """otpauth://totp/<emisor>:<usuario>?secret=…&issuer=… (el formato de Key Uri, que leen todas las apps)."""
    etiqueta = quote(f"{emisor}:{usuario}", safe=":@")
    # SHA1, 6 dígitos y 30 s son los valores por omisión del formato y los de Cognito: sin ellos el QR es más chico.
    return f"otpauth://totp/{etiqueta}?secret={secreto.upper().rstrip('=')}&issuer={quote(emisor)}"


def secreto_agrupado(secreto: str) -> str:
    """El secreto en grupos de 4 para teclearlo: ABCD EFGH IJKL…"""
    limpio = secreto.upper().rstrip("=")
    return " ".join(limpio[i : i + 4] for i in range(0, len(limpio), 4))


def matriz_qr(texto: str) -> list[str]:
    """Los módulos del código QR, una cadena de '0' y '1' por fila ('1' = oscuro), sin la zona de silencio.

    La consola los dibuja con elementos SVG: así no hay imágenes data: ni HTML armado (CSP `default-src 'self'`).
    """
    import segno  # solo la necesita quien configura TOTP

    codigo = segno.make(texto, error="m", micro=False)
    return ["".join("1" if m else "0" for m in fila) for fila in codigo.matrix]
