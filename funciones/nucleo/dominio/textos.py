"""Textos para el cliente (es-MX) que comparten correos, SMS y páginas."""

from __future__ import annotations

import re
import unicodedata

from funciones.nucleo.dominio.catalogo import catalogo

CALIFICACIONES = {1: "Muy mala", 2: "Mala", 3: "Regular", 4: "Buena", 5: "Excelente"}


def telefono_legible(numero: str) -> str:
    return f"{numero[:3]} {numero[3:6]} {numero[6:]}"


def telefonos_texto() -> str:
    return " o ".join(telefono_legible(t) for t in catalogo()["telefonos"])


def horario_texto() -> str:
    return catalogo()["horario"]["texto"]


def enmascarar_correo(correo: str) -> str:
    usuario, _, dominio = correo.partition("@")
    return f"{usuario[:1]}***@{dominio}"


def enmascarar_telefono(telefono: str) -> str:
    return f"*** *** {telefono[-4:]}"


# Palabra de un nombre: letras (de cualquier alfabeto), unidas a lo más por apóstrofo o guion, con un punto sólo al
# final (abreviatura: «Ma. Elena»). Sin dígitos, «@», «/», «:» ni puntos entre letras: nada que un cliente de correo
# convierta en enlace o en un número para llamar.
_PALABRA_NOMBRE = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*\.?")
_PALABRAS_DE_ENLACE = frozenset({"www", "http", "https"})
MAX_PALABRAS_NOMBRE = 8
MAX_LARGO_NOMBRE = 80


def nombre_para_saludo(nombre: str | None) -> str | None:
    """El nombre tal cual si parece el de una persona; si no, None (saludo genérico, To sin nombre).

    El nombre lo escribe quien llena el formulario, sin verificar, y el aviso sale desde Blue Point hacia la
    dirección que esa persona escribió: un nombre «Visita http://…» convertiría el saludo en phishing.
    """
    if not nombre:
        return None
    palabras = unicodedata.normalize("NFC", nombre).split()
    limpio = " ".join(palabras)
    if not palabras or len(palabras) > MAX_PALABRAS_NOMBRE or len(limpio) > MAX_LARGO_NOMBRE:
        return None
    if not all(_PALABRA_NOMBRE.fullmatch(p) for p in palabras):
        return None
    if any(p.rstrip(".").lower() in _PALABRAS_DE_ENLACE for p in palabras):
        return None
    return limpio
