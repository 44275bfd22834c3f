"""El detalle de un caso para los agentes (gestión, escalamiento, confirmación y expediente)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from esquemas.base import EstadoCaso, Respuesta
from esquemas.conversacion import AdjuntoCaso


class MontoBonificacion(Respuesta):
    dias_afectados: int
    precio_mensual: str
    proporcional: str
    monto: str
    porcentaje_adicional: int


class EntradaInterna(Respuesta):
    id: str
    fecha: datetime
    fecha_texto: str
    tipo: str
    descripcion: str
    publico: bool
    autor: str
    datos: dict[str, Any] = {}


class DatosCaso(Respuesta):
    folio: str
    folio_legible: str
    estado: EstadoCaso
    estado_nombre: str
    tipo: str
    tipo_nombre: str
    categoria: str
    categoria_nombre: str
    canal: str
    medio_notificacion: str
    nivel: int
    nombre: str
    contrato: str | None
    correo: str | None
    telefono: str | None
    descripcion: str
    fecha_registro: datetime
    fecha_registro_texto: str
    fecha_compromiso: datetime
    fecha_compromiso_texto: str
    fecha_limite_legal: datetime
    fecha_limite_legal_texto: str
    vencido: bool
    resolucion: str | None = None
    primer_contacto: bool | None = None
    bonificacion: MontoBonificacion | None = None
    departamento: str | None = None
    departamento_nombre: str | None = None
    asignado: str | None = None
    alertas: list[str] = []


class DetalleCaso(Respuesta):
    caso: DatosCaso
    historial: list[EntradaInterna]
    transiciones: list[str]
    # Los archivos del caso con su revisión antivirus (sólo en GET /api/casos/{folio}).
    adjuntos: list[AdjuntoCaso] = []
