"""El cuerpo de toda respuesta de error (lo arma `funciones.nucleo.frontera.http`; aquí sólo para el OpenAPI)."""

from __future__ import annotations

from pydantic import Field

from esquemas.base import Respuesta


class CampoError(Respuesta):
    campo: str
    mensaje: str


class DetalleError(Respuesta):
    codigo: str
    mensaje: str
    campos: list[CampoError] = []
    intentos_restantes: int | None = Field(
        default=None,
        ge=0,
        description="Sólo en el seguimiento (404 y 429): intentos fallidos que le quedan a ese folio en la última hora",
    )


class RespuestaError(Respuesta):
    error: DetalleError
