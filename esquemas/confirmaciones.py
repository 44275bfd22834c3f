"""Confirmación de la resolución: desde el enlace del correo o por el agente en la llamada."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool

from esquemas.base import EstadoCaso, Respuesta, Solicitud
from esquemas.comunes import Texto


class SolicitudConfirmacion(Solicitud):
    resuelto: StrictBool
    comentario: Texto | None = Field(default=None, max_length=1000)


class ResultadoConfirmacion(Respuesta):
    estado: EstadoCaso
    mensaje: str


class FormularioConfirmacion(BaseModel):
    """Campos del formulario de la página del enlace; la respuesta es una página HTML."""

    # Sólo para el documento OpenAPI: el handler lee el formulario con parse_qs.
    model_config = ConfigDict(defer_build=True)

    resuelto: Literal["si", "no"] = Field(description="«si» cierra el caso; «no» lo reabre.")
    comentario: str = Field(default="", max_length=1000)
