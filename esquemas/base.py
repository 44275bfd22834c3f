"""Bases de los modelos de la API: se construyen al primer uso (`defer_build`), no al importar."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

TipoCaso = Literal["duda", "aclaracion", "queja", "reclamacion"]
MedioNotificacion = Literal["correo", "sms", "impreso", "whatsapp"]
EstadoCaso = Literal["registrado", "en_proceso", "escalado", "resuelto", "cerrado", "reabierto"]


class Solicitud(BaseModel):
    """Cuerpo de una solicitud: sin campos de más y con el texto recortado."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, defer_build=True)


class Respuesta(BaseModel):
    model_config = ConfigDict(defer_build=True)
