"""Cuerpos de las rutas de agentes sobre un caso: interacción y resolución."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, StrictBool, StrictInt, model_validator
from pydantic_core import PydanticCustomError

from esquemas.base import Solicitud
from esquemas.comunes import Texto


class SolicitudInteraccion(Solicitud):
    """`mensaje`: al cliente, siempre público y entregado por el medio del caso; las demás, en el historial."""

    tipo: Literal["nota", "llamada", "accion", "mensaje"]
    texto: Texto = Field(min_length=2, max_length=2000)
    publica: StrictBool | None = None

    @model_validator(mode="after")
    def _mensaje_publico(self) -> SolicitudInteraccion:
        if self.tipo == "mensaje" and self.publica is False:
            raise PydanticCustomError(
                "mensaje_publico",
                "Un mensaje al cliente siempre es público.",
                {"campos": [("publica", "Un mensaje al cliente siempre es público: para algo interno usa una nota.")]},
            )
        return self


class Bonificacion(Solicitud):
    dias_afectados: StrictInt = Field(ge=1, le=31)


class SolicitudResolucion(Solicitud):
    resumen: Texto = Field(min_length=10, max_length=2000)
    primer_contacto: StrictBool
    bonificacion: Bonificacion | None = None
