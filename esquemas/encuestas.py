"""Encuesta de satisfacción (un clic desde el correo y comentario opcional)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt
from pydantic.config import JsonDict
from pydantic.json_schema import SkipJsonSchema

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


def _sin_default(esquema: JsonDict) -> None:
    esquema.pop("default", None)


class FormularioEncuesta(BaseModel):
    """Campos del formulario de la página de la encuesta; la respuesta es una página HTML."""

    # Sólo para el documento OpenAPI: el handler lee el formulario con parse_qs.
    model_config = ConfigDict(defer_build=True)

    calificacion: Literal["1", "2", "3", "4", "5"]
    # Opcional: el formulario lo omite si no se elige; el esquema no admite null (un formulario no lo tiene).
    resuelto_primer_contacto: Literal["si", "no"] | SkipJsonSchema[None] = Field(
        default=None, json_schema_extra=_sin_default
    )
    comentario: str = Field(default="", max_length=1000)
