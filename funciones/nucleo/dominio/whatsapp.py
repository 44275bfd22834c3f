"""WhatsApp (issue 17): plantillas del repositorio, ventana de 24 h, referencias de los envíos y botones.

Sin boto3. Las plantillas viven en `esquemas/whatsapp/<clave>.json` con la forma que pide Meta para crearlas
(`name`, `language`, `category`, `parameter_format: NAMED`, `components`); el cuerpo nombra sus parámetros
(`{{folio}}`) y los botones de respuesta rápida van en un componente `BUTTONS`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

CARPETA = Path(__file__).resolve().parents[3] / "esquemas" / "whatsapp"
# La ventana de atención de Meta: 24 h desde el último mensaje del cliente; dentro, texto libre; fuera, plantilla.
VENTANA = timedelta(hours=24)
# Meta: un parámetro de plantilla no lleva saltos de línea, tabuladores ni más de 4 espacios seguidos.
_BLANCOS = re.compile(r"\s+")
_PARAMETRO = re.compile(r"{{\s*([a-z_][a-z0-9_]*)\s*}}")
# Meta: a lo más 1024 caracteres en el cuerpo de una plantilla ya llena; el texto libre, 4096.
LARGO_CUERPO = 1024
LARGO_TEXTO = 4096
# `biz_opaque_callback_data` (≤ 512): Meta lo devuelve tal cual en cada estado del mensaje.
_PREFIJO_REFERENCIA = "bp1"
# Respuestas rápidas de la plantilla de resolución (la carga identifica caso y ronda; whatsapp_entrante la lee).
ACCIONES_BOTON = ("resuelto", "sigue")


class PlantillaDesconocida(ValueError):
    pass


class EnvioRechazado(Exception):
    """AWS o Meta rechazaron el mensaje (número inválido, plantilla no aprobada): reintentar no lo arregla."""

    def __init__(self, codigo: str) -> None:
        super().__init__(codigo)
        self.codigo = codigo


@cache
def plantillas() -> dict[str, dict[str, Any]]:
    """Clave (nombre del archivo) → definición de Meta."""
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(CARPETA.glob("*.json"))}


def plantilla(clave: str) -> dict[str, Any]:
    try:
        return plantillas()[clave]
    except KeyError:
        raise PlantillaDesconocida(clave) from None


def _componente(definicion: dict[str, Any], tipo: str) -> dict[str, Any] | None:
    return next((c for c in definicion.get("components", []) if c.get("type") == tipo), None)


def parametros(definicion: dict[str, Any]) -> list[str]:
    """Los nombres de los parámetros del cuerpo, en orden."""
    cuerpo = _componente(definicion, "BODY") or {}
    return _PARAMETRO.findall(str(cuerpo.get("text", "")))


def botones(definicion: dict[str, Any]) -> list[str]:
    """Los textos de los botones de respuesta rápida, en orden (su índice es el de la carga al enviar)."""
    componente = _componente(definicion, "BUTTONS") or {}
    return [str(b["text"]) for b in componente.get("buttons", []) if b.get("type") == "QUICK_REPLY"]


def limpiar_parametro(valor: object, largo: int = 400) -> str:
    """Lo que Meta acepta en un parámetro: una línea, sin blancos repetidos, recortada con «…»."""
    texto = _BLANCOS.sub(" ", str(valor)).strip()
    return texto if len(texto) <= largo else texto[: largo - 1].rstrip() + "…"


def llenar(definicion: dict[str, Any], valores: dict[str, str]) -> str:
    """El cuerpo como lo ve el cliente (la emulación y las pruebas lo usan; Meta lo arma igual)."""
    cuerpo = _componente(definicion, "BODY") or {}
    faltan = [p for p in parametros(definicion) if p not in valores]
    if faltan:
        raise ValueError(f"faltan parámetros de la plantilla {definicion.get('name')}: {faltan}")
    return _PARAMETRO.sub(lambda m: valores[m.group(1)], str(cuerpo.get("text", "")))


def revisar_parametros(clave: str, valores: dict[str, str], cargas: list[str] | None = None) -> None:
    """Que lo que se va a enviar corresponda a la plantilla: mismos nombres, botones y largo (Meta lo rechazaría)."""
    definicion = plantilla(clave)
    esperados = parametros(definicion)
    if sorted(valores) != sorted(esperados):
        raise ValueError(f"la plantilla {clave} lleva {esperados}, no {sorted(valores)}")
    if any(not v or _BLANCOS.sub(" ", v) != v or "    " in v for v in valores.values()):
        raise ValueError(f"parámetro vacío o con saltos de línea en la plantilla {clave}")
    if len(llenar(definicion, valores)) > LARGO_CUERPO:
        raise ValueError(f"la plantilla {clave} llena pasa de {LARGO_CUERPO} caracteres")
    if cargas is not None and len(cargas) != len(botones(definicion)):
        raise ValueError(f"la plantilla {clave} tiene {len(botones(definicion))} botones")


# --- Ventana de atención ---


def es_mensaje_whatsapp_del_cliente(evento: Any) -> bool:
    """Contrato con whatsapp_entrante: `mensaje_cliente` (tipo «mensaje» en la vista) del cliente con canal whatsapp."""
    datos = getattr(evento, "datos", None) or {}
    return (
        getattr(evento, "tipo", "") in ("mensaje_cliente", "mensaje")
        and getattr(evento, "autor", "") == "cliente"
        and datos.get("canal") == "whatsapp"
    )


def _escrito(evento: Any) -> datetime:
    """Cuándo escribió el cliente (el `timestamp` de Meta, en `datos.escrito`); si no vino, cuándo se anotó."""
    fecha: datetime = evento.fecha
    try:
        escrito = datetime.fromisoformat(str((evento.datos or {}).get("escrito")))
    except ValueError:
        return fecha
    # Nunca después de anotarlo: un reloj adelantado del otro lado no alarga la ventana.
    return min(escrito, fecha) if escrito.tzinfo is not None else fecha


def ultimo_mensaje_cliente(eventos: Iterable[Any]) -> datetime | None:
    """El último mensaje del cliente por WhatsApp, con la hora en que lo escribió: la entrega por SNS puede llegar
    horas después (reintentos de la invocación asíncrona) y la ventana de Meta corre desde que lo escribió."""
    fechas = [_escrito(e) for e in eventos if es_mensaje_whatsapp_del_cliente(e)]
    return max(fechas) if fechas else None


def ventana_abierta(ultimo: datetime | None, ahora: datetime) -> bool:
    """Dentro de las 24 h desde el último mensaje del cliente por WhatsApp (el límite exacto ya no cuenta)."""
    return ultimo is not None and ultimo <= ahora < ultimo + VENTANA


# --- Referencia del envío (biz_opaque_callback_data) ---


def referencia(folio: str, evento_id: str, plantilla_salida: str) -> str:
    """Lo que Meta devuelve en cada estado del mensaje: caso, evento de la bandeja y plantilla, sin datos personales."""
    return f"{_PREFIJO_REFERENCIA}:{folio}:{evento_id}:{plantilla_salida}"


def leer_referencia(valor: object) -> tuple[str, str, str] | None:
    """(folio, evento_origen, plantilla) o None si no es nuestra (otro sistema que usa el mismo número)."""
    if not isinstance(valor, str):
        return None
    partes = valor.split(":")
    if len(partes) != 4 or partes[0] != _PREFIJO_REFERENCIA:
        return None
    folio, evento, nombre = partes[1:]
    if not (folio.isdigit() and re.fullmatch(r"[A-Za-z0-9_-]{1,64}", evento) and re.fullmatch(r"[a-z_]{1,40}", nombre)):
        return None
    return folio, evento, nombre


# --- Botones de respuesta rápida ---


def carga_boton(accion: str, folio: str, ronda: int) -> str:
    """La carga del botón: vuelve en el mensaje del cliente (`button.payload`) cuando lo toca."""
    if accion not in ACCIONES_BOTON:
        raise ValueError(accion)
    return f"{accion}:{folio}:{ronda}"


def leer_carga_boton(carga: object) -> tuple[str, str, int] | None:
    """(acción, folio, ronda) de un botón nuestro; None si no lo es. Quien la lee revisa además que el número que
    responde sea el del caso (la carga no es secreta: la autenticación es el número de WhatsApp)."""
    if not isinstance(carga, str):
        return None
    partes = carga.split(":")
    if len(partes) != 3 or partes[0] not in ACCIONES_BOTON or not partes[1].isdigit() or not partes[2].isdigit():
        return None
    return partes[0], partes[1], int(partes[2])


def parametros_sin_caso_abierto(url_sitio: str) -> dict[str, str]:
    """Los de `sin_caso_abierto` (la contestación de whatsapp_entrante cuando el número no tiene caso abierto)."""
    from funciones.nucleo.dominio.textos import horario_texto, telefonos_texto

    # La plantilla ya lo pone entre paréntesis: el del catálogo, «… (hora del centro de México)», va con coma.
    horario = re.sub(r" \((.+)\)$", r", \1", horario_texto())
    return {
        "enlace": f"{url_sitio.rstrip('/')}/seguimiento.html",
        "telefonos": telefonos_texto(),
        "horario": horario[:1].lower() + horario[1:],
    }


# --- Por dónde avisar al cliente ---


def por_whatsapp(caso: Any) -> bool:
    """El cliente eligió WhatsApp y dejó su consentimiento (sin él no se le escribe por ahí)."""
    return caso.medio_notificacion == "whatsapp" and bool(caso.telefono) and bool(caso.consentimiento_whatsapp)


def contacto(caso: Any, *, prefiere_correo: bool = False) -> tuple[str | None, str]:
    """(destino, medio) de un aviso del caso: WhatsApp si lo eligió; si no, el correo o, sin él, el SMS.

    `prefiere_correo`: la conclusión de una queja va siempre por correo cuando lo hay.
    """
    if por_whatsapp(caso) and not (prefiere_correo and caso.correo):
        return caso.telefono, "whatsapp"
    return (caso.correo, "correo") if caso.correo else (caso.telefono, "sms")
