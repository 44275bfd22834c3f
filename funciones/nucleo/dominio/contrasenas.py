"""La política de contraseñas de los agentes, en un solo lugar: la usan la pila (Cognito), el pool local y la
función de sesiones, que la explica en español y la revisa antes de pedirle a Cognito el cambio."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Literal

MINIMO = 12
# Cognito no admite más de 256 caracteres.
MAXIMO = 256
DIAS_CONTRASENA_TEMPORAL = 3
# Los símbolos que Cognito cuenta como especiales (un espacio en medio también cuenta).
SIMBOLOS = "^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+-"

type ClaveRegla = Literal["longitud", "mayuscula", "minuscula", "numero", "simbolo"]

# (clave, texto de la regla, ¿la cumple?)
_REGLAS: tuple[tuple[ClaveRegla, str, Callable[[str], bool]], ...] = (
    ("longitud", f"Al menos {MINIMO} caracteres.", lambda c: len(c) >= MINIMO),
    ("mayuscula", "Una letra mayúscula (A-Z).", lambda c: re.search(r"[A-Z]", c) is not None),
    ("minuscula", "Una letra minúscula (a-z).", lambda c: re.search(r"[a-z]", c) is not None),
    ("numero", "Un número (0-9).", lambda c: re.search(r"\d", c) is not None),
    (
        "simbolo",
        "Un símbolo, por ejemplo ! ? # $ % & * - _ =",
        lambda c: any(s in SIMBOLOS for s in c) or " " in c.strip(),
    ),
)


def reglas() -> list[tuple[ClaveRegla, str]]:
    """(clave, texto) de cada regla, en el orden en que se muestran."""
    return [(clave, texto) for clave, texto, _ in _REGLAS]


def incumplidas(contrasena: str) -> list[ClaveRegla]:
    """Las claves de las reglas que la contraseña no cumple (vacía si la cumple toda)."""
    return [clave for clave, _, cumple in _REGLAS if not cumple(contrasena)]


def problema(contrasena: str) -> str | None:
    """Un mensaje en español si la contraseña no sirve para Cognito; None si sirve."""
    if contrasena != contrasena.strip():
        return "No empieces ni termines la contraseña con un espacio."
    if len(contrasena) > MAXIMO:
        return f"Escribe como máximo {MAXIMO} caracteres."
    faltan = dict(reglas())
    claves = incumplidas(contrasena)
    if not claves:
        return None
    return "A tu contraseña le falta: " + " ".join(faltan[c] for c in claves)


def texto() -> str:
    """La política en una oración, para el reto y los correos."""
    return (
        f"Tu contraseña debe tener al menos {MINIMO} caracteres, con una mayúscula, una minúscula, "
        "un número y un símbolo (por ejemplo ! ? # $ %)."
    )


def para_cognito() -> dict[str, object]:
    """`Policies.PasswordPolicy` de CreateUserPool (el pool local); la pila usa los mismos valores."""
    return {
        "MinimumLength": MINIMO,
        "RequireUppercase": True,
        "RequireLowercase": True,
        "RequireNumbers": True,
        "RequireSymbols": True,
        "TemporaryPasswordValidityDays": DIAS_CONTRASENA_TEMPORAL,
    }
