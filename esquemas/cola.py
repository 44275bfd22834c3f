"""GET /api/casos: la cola de casos de los agentes."""

from __future__ import annotations

from datetime import datetime

from esquemas.base import EstadoCaso, Respuesta


class CasoEnCola(Respuesta):
    folio: str
    folio_legible: str
    estado: EstadoCaso
    estado_nombre: str
    tipo_nombre: str
    categoria_nombre: str
    nombre: str
    nivel: int
    departamento: str | None = None
    asignado: str | None = None
    canal: str
    fecha_compromiso: datetime
    fecha_compromiso_texto: str
    vencido: bool


class ColaCasos(Respuesta):
    casos: list[CasoEnCola]
    cursor: str | None
