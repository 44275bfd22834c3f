"""Los parámetros de cada plantilla de WhatsApp (esquemas/whatsapp/) a partir de lo que pide la bandeja de salida."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from funciones.notificaciones.plantillas import (
    ContextoEnvio,
    _texto_bonificacion,
    enlace_encuesta,
    enlace_seguimiento,
)
from funciones.nucleo.dominio.calendario import texto_fecha
from funciones.nucleo.dominio.folio import formatear_folio
from funciones.nucleo.dominio.textos import nombre_para_saludo
from funciones.nucleo.dominio.whatsapp import carga_boton, limpiar_parametro

# (clave de la plantilla, parámetros, cargas de los botones o None)
type Salida = tuple[str, dict[str, str], list[str] | None]
# Lo que cabe del mensaje del asesor en la plantilla que invita a responder (el resto, en la página del caso).
LARGO_MENSAJE_INVITACION = 600


def _nombre(datos: dict[str, Any]) -> str:
    return limpiar_parametro(nombre_para_saludo(datos.get("nombre")) or "cliente", 60)


def _frase(texto: object) -> str:
    """Un texto libre como frase completa (la plantilla sigue con otra oración)."""
    limpio = limpiar_parametro(texto)
    return limpio if limpio.endswith((".", "!", "?", "…")) else limpio + "."


def folio(datos: dict[str, Any], ctx: ContextoEnvio) -> Salida:
    from datetime import datetime

    registro = datetime.fromisoformat(datos["fecha_registro"])
    compromiso = texto_fecha(datetime.fromisoformat(datos["fecha_compromiso"]), registro)
    return (
        "folio",
        {
            "nombre": _nombre(datos),
            "tipo": limpiar_parametro(str(datos["tipo_nombre"]).lower(), 40),
            "folio": formatear_folio(datos["folio"]),
            "compromiso": limpiar_parametro(compromiso, 80),
            "enlace": enlace_seguimiento(datos, ctx),
        },
        None,
    )


def escalamiento(datos: dict[str, Any], ctx: ContextoEnvio) -> Salida:
    novedad = str(datos["texto"])
    return (
        "cambio_estado",
        {
            "nombre": _nombre(datos),
            "folio": formatear_folio(datos["folio"]),
            "novedad": _frase(novedad[:1].lower() + novedad[1:]),
            "enlace": enlace_seguimiento(datos, ctx),
        },
        None,
    )


def duplicado(datos: dict[str, Any], ctx: ContextoEnvio) -> Salida:
    sigue = formatear_folio(datos["sobrevive"])
    return (
        "cambio_estado",
        {
            "nombre": _nombre(datos),
            "folio": formatear_folio(datos["folio"]),
            "novedad": f"es la misma que otra que ya atendemos; la seguimos con el folio {sigue} y esta quedó cerrada.",
            "enlace": enlace_seguimiento({"folio": datos["sobrevive"]}, ctx),
        },
        None,
    )


def resolucion(datos: dict[str, Any], ctx: ContextoEnvio) -> Salida:
    resumen = _frase(datos["resumen"])
    bono = _texto_bonificacion(datos)
    ronda = int(datos["ronda"])
    return (
        "resolucion",
        {
            "nombre": _nombre(datos),
            "tipo": limpiar_parametro(str(datos["tipo_nombre"]).lower(), 40),
            "folio": formatear_folio(datos["folio"]),
            "resumen": limpiar_parametro(f"{resumen} {bono}".strip(), 700),
        },
        [carga_boton("resuelto", datos["folio"], ronda), carga_boton("sigue", datos["folio"], ronda)],
    )


def encuesta(datos: dict[str, Any], ctx: ContextoEnvio) -> Salida:
    return (
        "encuesta",
        {"nombre": _nombre(datos), "folio": formatear_folio(datos["folio"]), "enlace": enlace_encuesta(datos, ctx)},
        None,
    )


def invitacion_responder(datos: dict[str, Any], ctx: ContextoEnvio) -> Salida:
    """El mensaje del asesor fuera de la ventana de 24 h: plantilla con el texto (recortado) y el enlace al caso."""
    return (
        "invitacion_responder",
        {
            "nombre": _nombre(datos),
            "folio": formatear_folio(datos["folio"]),
            "mensaje": limpiar_parametro(datos["texto"], LARGO_MENSAJE_INVITACION),
            "enlace": enlace_seguimiento(datos, ctx),
        },
        None,
    )


# Plantilla de la bandeja de salida → parámetros de WhatsApp. `mensaje` va como texto libre dentro de la ventana.
WHATSAPP: dict[str, Callable[[dict[str, Any], ContextoEnvio], Salida]] = {
    "folio": folio,
    "escalamiento": escalamiento,
    "duplicado": duplicado,
    "resolucion": resolucion,
    "encuesta": encuesta,
    "mensaje": invitacion_responder,
}
