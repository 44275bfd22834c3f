"""Encuesta de satisfacción (un clic desde el correo y comentario opcional)."""

from __future__ import annotations

from pydantic import Field, StrictBool, StrictInt

from esquemas.base import Respuesta, Solicitud
from esquemas.comunes import Texto


class SolicitudEncuesta(Solicitud):
    calificacion: StrictInt = Field(ge=1, le=5)
    resuelto_primer_contacto: StrictBool | None = None
    comentario: Texto | None = Field(default=None, max_length=1000)


class ResultadoEncuesta(Respuesta):
    calificacion: int
    completada: bool
    mensaje: str
