"""Escalar, reasignar y desescalar un caso."""

from __future__ import annotations

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from esquemas.base import Solicitud
from esquemas.comunes import Texto


class SolicitudEscalamiento(Solicitud):
    destino: Texto = Field(min_length=1, max_length=40)
    motivo: Texto = Field(min_length=5, max_length=1000)


class SolicitudAsignacion(Solicitud):
    asesor: Texto | None = Field(default=None, min_length=3, max_length=128)
    departamento: Texto | None = Field(default=None, min_length=1, max_length=40)
    instrucciones: Texto | None = Field(default=None, min_length=2, max_length=2000)

    @model_validator(mode="after")
    def _algo(self) -> SolicitudAsignacion:
        if not (self.asesor or self.departamento or self.instrucciones):
            raise PydanticCustomError(
                "reglas_asignacion",
                "Indica un asesor, un departamento o instrucciones.",
                {"campos": [("asesor", "Indica un asesor, un departamento o instrucciones.")]},
            )
        return self


class SolicitudDesescalamiento(Solicitud):
    motivo: Texto = Field(min_length=5, max_length=1000)
