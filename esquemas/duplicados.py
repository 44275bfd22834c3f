"""POST /api/casos/{folio}/duplicado: cerrar un caso como duplicado de otro (issue 16)."""

from __future__ import annotations

from pydantic import Field, field_validator
from pydantic_core import PydanticCustomError

from esquemas.base import Solicitud
from esquemas.comunes import Texto


class SolicitudDuplicado(Solicitud):
    # El folio que sobrevive (el caso de la ruta se cierra).
    de: str = Field(min_length=1, max_length=20)
    motivo: Texto | None = Field(default=None, max_length=1000)

    @field_validator("de")
    @classmethod
    def _folio(cls, valor: str) -> str:
        from funciones.nucleo.dominio.folio import folio_valido, normalizar_folio

        if not folio_valido(valor):
            raise PydanticCustomError(
                "folio_invalido", "El folio no es válido: revisa que tenga 10 dígitos y su dígito verificador."
            )
        return normalizar_folio(valor) or valor
