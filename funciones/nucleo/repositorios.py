"""Adaptadores listos para usar en un handler: uno por contenedor, creados al primer uso."""

from __future__ import annotations

from functools import cache

from funciones.nucleo.adaptadores.dynamodb import EnviosDynamo, RepositorioDynamo
from funciones.nucleo.aws import cliente
from funciones.nucleo.config import ajustes


@cache
def casos() -> RepositorioDynamo:
    return RepositorioDynamo(ajustes().tabla, cliente("dynamodb"))


@cache
def envios() -> EnviosDynamo:
    return EnviosDynamo(ajustes().tabla, cliente("dynamodb"))
