"""POST /api/sesiones: inicio de sesión de un agente."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from esquemas.base import Respuesta, Solicitud


class SolicitudSesion(Solicitud):
    usuario: str = Field(min_length=1, max_length=128)
    contrasena: str = Field(min_length=1, max_length=256)


class Sesion(Respuesta):
    token: str
    expira: datetime
    rol: Literal["asesores", "supervisores", "departamentos"]
    usuario: str
    nombre: str
