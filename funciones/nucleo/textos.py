"""Textos para el cliente (es-MX) que comparten correos, SMS y páginas."""

from __future__ import annotations

from funciones.nucleo.catalogo import catalogo

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
