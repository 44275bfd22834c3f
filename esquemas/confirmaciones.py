"""Confirmación de la resolución: desde el enlace del correo o por el agente en la llamada."""

from __future__ import annotations

from pydantic import Field, StrictBool

from esquemas.base import EstadoCaso, Respuesta, Solicitud
from esquemas.comunes import Texto


class SolicitudConfirmacion(Solicitud):
    resuelto: StrictBool
    comentario: Texto | None = Field(default=None, max_length=1000)


class ResultadoConfirmacion(Respuesta):
    estado: EstadoCaso
    mensaje: str
