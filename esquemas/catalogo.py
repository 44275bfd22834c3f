"""GET /api/catalogo (la función sirve el JSON tal cual; el modelo documenta su forma en el OpenAPI)."""

from __future__ import annotations

from typing import Literal

from esquemas.base import Respuesta


class PlazoLegal(Respuesta):
    cantidad: int
    unidad: Literal["dias_habiles", "horas_naturales"]
    fundamento: str


class CategoriaCatalogo(Respuesta):
    clave: str
    nombre: str
    descripcion: str
    bonificable: bool = False
    # «dias»: días afectados × precio mensual; «cargo»: el monto cobrado indebidamente (issue 16). Ambos + 20 %.
    bonificacion_por: Literal["dias", "cargo"] = "dias"
    horas_habiles: int
    plazo_legal: PlazoLegal
    plazo_interno_texto: str
    plazo_legal_texto: str


class TipoCatalogo(Respuesta):
    clave: str
    nombre: str
    descripcion: str
    requiere_contrato: bool
    categorias: list[CategoriaCatalogo]


class Opcion(Respuesta):
    clave: str
    nombre: str


class Horario(Respuesta):
    texto: str
    dias: list[str]
    apertura: str
    cierre: str
    zona: str


class AvisoPrivacidad(Respuesta):
    version: str
    url: str
    resumen: str


class ConsentimientoWhatsapp(Respuesta):
    version: str
    texto: str


class RespuestaPredefinida(Respuesta):
    clave: str
    nombre: str
    texto: str


class Catalogo(Respuesta):
    version: str
    aviso_privacidad: AvisoPrivacidad
    consentimiento_whatsapp: ConsentimientoWhatsapp
    limites: dict[str, int]
    telefonos: list[str]
    horario: Horario
    canales: list[Opcion]
    departamentos: list[Opcion]
    medios_notificacion: list[Opcion]
    # Textos listos para el mensaje de un agente al cliente (la consola los ofrece en su caja de respuesta).
    respuestas_predefinidas: list[RespuestaPredefinida] = []
    tipos: list[TipoCatalogo]
