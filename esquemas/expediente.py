"""GET /api/casos/{folio}/expediente: el expediente de un caso para PROFECO."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from esquemas.base import Respuesta
from esquemas.casos import DatosCaso, EntradaInterna


class ConstanciaEntrega(Respuesta):
    """Lo que prueba que un aviso llegó (o no): el acuse del servidor de correo, o el del envío del SMS."""

    fecha: datetime
    fecha_texto: str
    resultado: str  # entregado | no_entregado | no_deseado | aceptado | leido (WhatsApp)
    texto: str


class NotificacionExpediente(Respuesta):
    fecha: datetime
    fecha_texto: str
    medio: str
    medio_nombre: str
    plantilla: str
    aviso_nombre: str
    id_mensaje: str
    descripcion: str
    constancias: list[ConstanciaEntrega] = []


class CorreoRecibidoExpediente(Respuesta):
    """Una respuesta del cliente por correo: su crudo (con adjuntos) sigue en el bucket de correos, cifrado."""

    fecha: datetime
    fecha_texto: str
    id_correo: str
    id_ses: str
    # La llave del crudo en el bucket de correos (BUCKET_CORREOS).
    objeto: str
    adjuntos: list[str]


class Expediente(Respuesta):
    generado: datetime
    generado_texto: str
    caso: DatosCaso
    plazo_interno_cumplido: bool | None
    plazo_legal_cumplido: bool | None
    fecha_resolucion: datetime | None
    historial: list[EntradaInterna]
    notificaciones: list[NotificacionExpediente]
    confirmaciones: list[EntradaInterna]
    encuestas: list[dict[str, Any]]
    correos_recibidos: list[CorreoRecibidoExpediente] = []
