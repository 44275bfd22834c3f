"""POST /api/verificaciones: verificación de identidad de un cliente por un asesor."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from esquemas.base import Respuesta, Solicitud
from esquemas.comunes import Contrato, Texto


class SolicitudVerificacion(Solicitud):
    contrato: Contrato
    nombre: Texto = Field(min_length=3, max_length=120)
    pregunta: Literal["domicilio", "ultimos4"]
    respuesta: Texto = Field(min_length=1, max_length=200)


class ClienteVerificado(Respuesta):
    contrato: str
    nombre: str
    correo_enmascarado: str | None
    telefono_enmascarado: str | None
    tiene_correo: bool
    tiene_telefono: bool


class ResultadoVerificacion(Respuesta):
    verificado: bool
    verificacion_id: str | None = None
    expira: datetime | None = None
    intentos_restantes: int | None = None
    cliente: ClienteVerificado | None = None


class SolicitudLevantarBloqueo(Solicitud):
    """DELETE /api/verificaciones/bloqueos/{contrato} (supervisores): por qué se levanta."""

    motivo: Texto = Field(min_length=10, max_length=500)


class BloqueoLevantado(Respuesta):
    contrato: str
    levantado: bool
    levantado_por: str
    motivo: str
    fecha: datetime
    fecha_texto: str
    intentos_restantes: int
