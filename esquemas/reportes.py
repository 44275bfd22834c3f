"""GET /api/reportes y el expediente de un caso."""

from __future__ import annotations

from datetime import datetime

from esquemas.base import Respuesta
from esquemas.casos import DatosCaso, EntradaInterna


class Tasa(Respuesta):
    cumplidos: int
    total: int
    tasa: float | None


class Intervalo(Respuesta):
    hasta_horas: int | None
    casos: int


class Reporte(Respuesta):
    desde: str
    hasta: str
    casos: int
    por_tipo: dict[str, int]
    por_categoria: dict[str, int]
    por_canal: dict[str, int]
    por_estado: dict[str, int]
    primer_contacto: Tasa
    sla_interno: Tasa
    sla_legal: Tasa
    tiempo_resolucion_mediana_horas: int | None
    tiempo_resolucion_p90_horas: int | None
    tiempo_resolucion: list[Intervalo]
    escalamientos: int
    escalamientos_por_agente: int
    escalamientos_por_reloj: int
    reaperturas: int
    csat_promedio: float | None
    csat_distribucion: dict[str, int]
    encuestas_enviadas: int
    encuestas_respondidas: int
    tasa_respuesta: float | None


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
    encuestas: list[dict]
