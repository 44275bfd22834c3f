"""Respuestas de la API (también alimentan el documento OpenAPI)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel

EstadoCaso = Literal["registrado", "en_proceso", "escalado", "resuelto", "cerrado", "reabierto"]


class CampoError(BaseModel):
    campo: str
    mensaje: str


class DetalleError(BaseModel):
    codigo: str
    mensaje: str
    campos: list[CampoError] = []


class RespuestaError(BaseModel):
    error: DetalleError


class PlazoLegal(BaseModel):
    cantidad: int
    unidad: Literal["dias_habiles", "horas_naturales"]
    fundamento: str


class CategoriaCatalogo(BaseModel):
    clave: str
    nombre: str
    descripcion: str
    bonificable: bool = False
    horas_habiles: int
    plazo_legal: PlazoLegal
    plazo_interno_texto: str
    plazo_legal_texto: str


class TipoCatalogo(BaseModel):
    clave: str
    nombre: str
    descripcion: str
    requiere_contrato: bool
    categorias: list[CategoriaCatalogo]


class Opcion(BaseModel):
    clave: str
    nombre: str


class Horario(BaseModel):
    texto: str
    dias: list[str]
    apertura: str
    cierre: str
    zona: str


class AvisoPrivacidad(BaseModel):
    version: str
    url: str
    resumen: str


class Catalogo(BaseModel):
    version: str
    aviso_privacidad: AvisoPrivacidad
    limites: dict[str, int]
    telefonos: list[str]
    horario: Horario
    canales: list[Opcion]
    departamentos: list[Opcion]
    medios_notificacion: list[Opcion]
    tipos: list[TipoCatalogo]


class CasoRegistrado(BaseModel):
    folio: str
    folio_legible: str
    estado: EstadoCaso
    tipo: str
    tipo_nombre: str
    categoria: str
    categoria_nombre: str
    canal: str
    medio_notificacion: str
    fecha_registro: datetime
    fecha_compromiso: datetime
    fecha_compromiso_texto: str
    fecha_limite_legal: datetime
    fecha_limite_legal_texto: str
    plazo_legal_fundamento: str
    comprobante_url: str
    mensaje: str


class EntradaHistorial(BaseModel):
    fecha: datetime
    fecha_texto: str
    descripcion: str


class ConsultaCaso(BaseModel):
    folio: str
    folio_legible: str
    estado: EstadoCaso
    estado_nombre: str
    tipo: str
    tipo_nombre: str
    categoria: str
    categoria_nombre: str
    fecha_registro: datetime
    fecha_registro_texto: str
    fecha_compromiso: datetime
    fecha_compromiso_texto: str
    fecha_limite_legal: datetime
    fecha_limite_legal_texto: str
    vencido: bool
    historial: list[EntradaHistorial]


class Sesion(BaseModel):
    token: str
    expira: datetime
    rol: Literal["asesores", "supervisores", "departamentos"]
    usuario: str
    nombre: str


class ClienteVerificado(BaseModel):
    contrato: str
    nombre: str
    correo_enmascarado: str | None
    telefono_enmascarado: str | None
    tiene_correo: bool
    tiene_telefono: bool


class ResultadoVerificacion(BaseModel):
    verificado: bool
    verificacion_id: str | None = None
    expira: datetime | None = None
    intentos_restantes: int | None = None
    cliente: ClienteVerificado | None = None


class CasoEnCola(BaseModel):
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


class ColaCasos(BaseModel):
    casos: list[CasoEnCola]
    cursor: str | None


class MontoBonificacion(BaseModel):
    dias_afectados: int
    precio_mensual: str
    proporcional: str
    monto: str
    porcentaje_adicional: int


class EntradaInterna(BaseModel):
    id: str
    fecha: datetime
    fecha_texto: str
    tipo: str
    descripcion: str
    publico: bool
    autor: str
    datos: dict = {}


class DatosCaso(BaseModel):
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


class DetalleCaso(BaseModel):
    caso: DatosCaso
    historial: list[EntradaInterna]
    transiciones: list[str]


class ResultadoConfirmacion(BaseModel):
    estado: EstadoCaso
    mensaje: str


class ResultadoEncuesta(BaseModel):
    calificacion: int
    completada: bool
    mensaje: str


class Tasa(BaseModel):
    cumplidos: int
    total: int
    tasa: float | None


class Intervalo(BaseModel):
    hasta_horas: int | None
    casos: int


class Reporte(BaseModel):
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


class NotificacionExpediente(BaseModel):
    fecha: datetime
    medio: str
    plantilla: str
    id_mensaje: str
    descripcion: str


class Expediente(BaseModel):
    generado: datetime
    caso: DatosCaso
    plazo_interno_cumplido: bool | None
    plazo_legal_cumplido: bool | None
    fecha_resolucion: datetime | None
    historial: list[EntradaInterna]
    notificaciones: list[NotificacionExpediente]
    confirmaciones: list[EntradaInterna]
    encuestas: list[dict]
