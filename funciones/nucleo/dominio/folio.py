"""Folio del caso: 9 dígitos aleatorios (el primero de 1 a 9) más un dígito verificador de Damm.

Damm detecta todo error en un solo dígito y toda transposición de dígitos adyacentes.
"""

from __future__ import annotations

import re
import secrets

# Cuasigrupo de orden 10 totalmente antisimétrico débil (Damm, 2004).
_TABLA = (
    (0, 3, 1, 7, 5, 9, 8, 6, 4, 2),
    (7, 0, 9, 2, 1, 5, 4, 8, 6, 3),
    (4, 2, 0, 6, 8, 7, 1, 3, 5, 9),
    (1, 7, 5, 0, 9, 8, 3, 4, 2, 6),
    (6, 1, 2, 3, 0, 4, 5, 9, 7, 8),
    (3, 6, 7, 4, 2, 0, 9, 5, 8, 1),
    (5, 8, 6, 9, 7, 2, 0, 1, 3, 4),
    (8, 9, 4, 5, 3, 6, 2, 0, 1, 7),
    (9, 4, 3, 8, 6, 1, 7, 2, 0, 5),
    (2, 5, 8, 1, 4, 3, 6, 7, 9, 0),
)
_SEPARADORES = re.compile(r"[\s.\-\u2010-\u2015]")  # incluye guiones tipográficos (‐ – —)
_DIEZ_DIGITOS = re.compile(r"[0-9]{10}")


def digito_damm(digitos: str) -> str:
    if not digitos.isascii() or not digitos.isdigit():
        raise ValueError("solo se aceptan dígitos 0-9")
    interino = 0
    for c in digitos:
        interino = _TABLA[interino][int(c)]
    return str(interino)


def generar_folio() -> str:
    base = str(10**8 + secrets.randbelow(9 * 10**8))
    return base + digito_damm(base)


def normalizar_folio(texto: str) -> str | None:
    limpio = _SEPARADORES.sub("", texto)
    return limpio if _DIEZ_DIGITOS.fullmatch(limpio) else None


def folio_valido(texto: str) -> bool:
    folio = normalizar_folio(texto)
    return folio is not None and folio[0] != "0" and digito_damm(folio) == "0"


def formatear_folio(folio: str) -> str:
    """Agrupa 3-3-4 ("123 456 7890") para dictarlo por teléfono."""
    limpio = normalizar_folio(folio)
    if limpio is None:
        raise ValueError("el folio debe tener 10 dígitos")
    return f"{limpio[:3]} {limpio[3:6]} {limpio[6:]}"
