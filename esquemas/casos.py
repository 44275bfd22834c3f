"""El detalle de un caso para los agentes (gestión, escalamiento, confirmación y expediente)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from esquemas.base import EstadoCaso, Respuesta
from esquemas.conversacion import AdjuntoCaso


class MontoBonificacion(Respuesta):
    # «dias»: proporcional de la renta; «cargo»: sobre el monto cobrado indebidamente.
    base: Literal["dias", "cargo"] = "dias"
    dias_afectados: int | None = None
    precio_mensual: str | None = None
    proporcional: str | None = None
    monto_cobrado: str | None = None
    monto: str
    porcentaje_adicional: int


class MarcaProfeco(Respuesta):
    """El proceso ante PROFECO abierto del caso (PUT /api/casos/{folio}/profeco): impide cancelar sus datos (ARCO)."""

    expediente: str
    desde: datetime
    desde_texto: str
    por: str


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
    # Abierto por un agente sin verificar la identidad: no hay contrato ni datos de contrato (precio, domicilio).
    sin_verificar: bool = False
    restante: Restante | None = None
    restante_legal: Restante | None = None
    resolucion: str | None = None
    primer_contacto: bool | None = None
    bonificacion: MontoBonificacion | None = None
    departamento: str | None = None
    departamento_nombre: str | None = None
    asignado: str | None = None
    alertas: list[str] = []
    duplicado_de: str | None = None
    duplicados: list[str] = []
    proceso_profeco: MarcaProfeco | None = None


class DetalleCaso(Respuesta):
    caso: DatosCaso
    historial: list[EntradaInterna]
    transiciones: list[str]
    # Los archivos del caso con su revisión antivirus (sólo en GET /api/casos/{folio}).
    adjuntos: list[AdjuntoCaso] = []


Urgencia = Literal["vencido", "critico", "proximo", "a_tiempo"]


class Restante(Respuesta):
    """Lo que falta para un vencimiento: minutos (negativos si ya venció), urgencia y el texto que la dice."""

    minutos: int
    urgencia: Urgencia
    urgencia_nombre: str
    texto: str
