"""GET /api/casos: la cola de casos de los agentes (y los casos de la búsqueda y del perfil del cliente)."""

from __future__ import annotations

from datetime import datetime

from esquemas.base import EstadoCaso, Respuesta
from esquemas.casos import Restante


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
    tipo: str | None = None
    categoria: str | None = None
    fecha_registro: datetime | None = None
    fecha_registro_texto: str | None = None
    fecha_limite_legal: datetime | None = None
    fecha_limite_legal_texto: str | None = None
    # Sólo en casos abiertos: el compromiso interno y el plazo legal.
    restante: Restante | None = None
    restante_legal: Restante | None = None
    # Abierto por un agente sin verificar la identidad (sin contrato).
    sin_verificar: bool = False


class ColaCasos(Respuesta):
    casos: list[CasoEnCola]
    cursor: str | None
