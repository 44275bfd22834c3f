"""Cuerpos de las rutas de agentes sobre un caso: interacción y resolución."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, StrictBool, StrictInt

from esquemas.base import Solicitud
from esquemas.comunes import Texto


class SolicitudInteraccion(Solicitud):
    tipo: Literal["nota", "llamada", "accion"]
    texto: Texto = Field(min_length=2, max_length=2000)
    publica: StrictBool = False


class Bonificacion(Solicitud):
    dias_afectados: StrictInt = Field(ge=1, le=31)


class SolicitudResolucion(Solicitud):
    resumen: Texto = Field(min_length=10, max_length=2000)
    primer_contacto: StrictBool
    bonificacion: Bonificacion | None = None
