"""GET /api/casos/{folio}/expediente: el expediente de un caso para PROFECO."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from esquemas.base import Respuesta
from esquemas.casos import DatosCaso, EntradaInterna


class NotificacionExpediente(Respuesta):
    fecha: datetime
    medio: str
    plantilla: str
    id_mensaje: str
    descripcion: str


class Expediente(Respuesta):
    generado: datetime
    caso: DatosCaso
    plazo_interno_cumplido: bool | None
    plazo_legal_cumplido: bool | None
    fecha_resolucion: datetime | None
    historial: list[EntradaInterna]
    notificaciones: list[NotificacionExpediente]
    confirmaciones: list[EntradaInterna]
    encuestas: list[dict[str, Any]]
