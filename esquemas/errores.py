"""El cuerpo de toda respuesta de error (lo arma `funciones.nucleo.http`; aquí sólo para el OpenAPI)."""

from __future__ import annotations

from esquemas.base import Respuesta


class CampoError(Respuesta):
    campo: str
    mensaje: str


class DetalleError(Respuesta):
    codigo: str
    mensaje: str
    campos: list[CampoError] = []


class RespuestaError(Respuesta):
    error: DetalleError
