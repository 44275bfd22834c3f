"""Catálogo de tipos, categorías y plazos (un solo archivo: lo sirve la API y lo usa el calendario)."""

from __future__ import annotations

import json
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any, TypedDict, cast

from funciones.nucleo.dominio import calendario

ARCHIVO = Path(__file__).with_name("catalogo.json")


class Opcion(TypedDict):
    clave: str
    nombre: str


class AvisoPrivacidad(TypedDict):
    version: str
    url: str
    resumen: str


class ConsentimientoWhatsapp(TypedDict):
    """El texto de la casilla de WhatsApp: se guarda tal cual, con su versión, en el caso que la acepta."""

    version: str
    texto: str


class Limites(TypedDict):
    casos_por_correo_al_dia: int
    casos_por_telefono_al_dia: int
    casos_por_contrato_y_contacto_al_dia: int
    consultas_fallidas_por_folio_por_hora: int
    fallos_verificacion_por_agente: int
    ventana_fallos_agente_min: int
    bloqueo_agente_min: int
    mensajes_cliente_por_caso_al_dia: int
    adjuntos_por_caso_al_dia: int


class Horario(TypedDict):
    texto: str
    dias: list[str]
    apertura: str
    cierre: str
    zona: str


class RespuestaPredefinida(TypedDict):
    """Un texto listo para el mensaje de un agente al cliente (la caja de respuesta de la consola)."""

    clave: str
    nombre: str
    texto: str


class Catalogo(TypedDict):
    """La forma de `catalogo.json` (los tipos y sus categorías van como dict: los leen muchas vistas)."""

    version: str
    telefonos: list[str]
    aviso_privacidad: AvisoPrivacidad
    consentimiento_whatsapp: ConsentimientoWhatsapp
    limites: Limites
    horario: Horario
    canales: list[Opcion]
    departamentos: list[Opcion]
    medios_notificacion: list[Opcion]
    respuestas_predefinidas: list[RespuestaPredefinida]
    tipos: list[dict[str, Any]]


@cache
def catalogo() -> Catalogo:
    # El tipo lo da el archivo, no el código: una prueba compara sus llaves con `Catalogo`.
    return cast("Catalogo", json.loads(ARCHIVO.read_text(encoding="utf-8")))


@cache
def _indice() -> dict[str, dict[str, Any]]:
    return {t["clave"]: t for t in catalogo()["tipos"]}


def tipo(clave: str) -> dict[str, Any] | None:
    return _indice().get(clave)


def categoria(clave_tipo: str, clave_categoria: str) -> dict[str, Any] | None:
    t = tipo(clave_tipo)
    if t is None:
        return None
    return next((c for c in t["categorias"] if c["clave"] == clave_categoria), None)


def nombre_medio(clave: str) -> str:
    return next(m["nombre"] for m in catalogo()["medios_notificacion"] if m["clave"] == clave)


def _plural(n: int, singular: str, plural: str) -> str:
    return f"{n} {singular if n == 1 else plural}"


def texto_plazo_interno(horas: int) -> str:
    # 10 horas hábiles = un día de servicio.
    if horas % 10 == 0:
        return _plural(horas // 10, "día hábil", "días hábiles")
    return _plural(horas, "hora hábil", "horas hábiles")


def texto_plazo_legal(plazo: dict[str, Any]) -> str:
    if plazo["unidad"] == "dias_habiles":
        return _plural(plazo["cantidad"], "día hábil", "días hábiles")
    return _plural(plazo["cantidad"], "hora natural", "horas naturales")


def plazos(clave_tipo: str, clave_categoria: str, recibido: datetime) -> tuple[datetime, datetime]:
    """Devuelve (fecha_compromiso, fecha_limite_legal) para un caso recibido en `recibido`."""
    cat = categoria(clave_tipo, clave_categoria)
    if cat is None:
        raise KeyError(f"{clave_tipo}/{clave_categoria}")
    compromiso = calendario.sumar_horas_habiles(recibido, cat["horas_habiles"])
    legal = cat["plazo_legal"]
    if legal["unidad"] == "dias_habiles":
        limite = calendario.sumar_dias_habiles(recibido, legal["cantidad"])
    else:
        limite = calendario.sumar_horas_naturales(recibido, legal["cantidad"])
    # El compromiso interno nunca puede pasar del límite legal.
    return min(compromiso, limite), limite


def catalogo_publico() -> dict[str, Any]:
    """El catálogo tal como lo sirve GET /api/catalogo (con los plazos en texto)."""
    base = catalogo()
    tipos = []
    for t in base["tipos"]:
        categorias = [
            {
                **c,
                "plazo_interno_texto": texto_plazo_interno(c["horas_habiles"]),
                "plazo_legal_texto": texto_plazo_legal(c["plazo_legal"]),
            }
            for c in t["categorias"]
        ]
        tipos.append({**t, "categorias": categorias})
    return {**base, "tipos": tipos}
