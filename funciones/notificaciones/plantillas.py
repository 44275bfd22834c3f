"""Plantillas de correo (texto y HTML) y SMS. Todo dato del cliente pasa por html.escape en el HTML."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from html import escape
from typing import Any
from urllib.parse import quote

from funciones.nucleo.calendario import texto_fecha
from funciones.nucleo.enlaces import Enlace, firmar
from funciones.nucleo.folio import formatear_folio
from funciones.nucleo.textos import CALIFICACIONES, horario_texto, telefonos_texto


def _html(
    titulo: str, parrafos: list[str], filas: list[tuple[str, str]], enlace: tuple[str, str], extra: str = ""
) -> str:
    """Arma el correo HTML; `parrafos` ya vienen escapados, `filas` y `enlace` se escapan aquí."""
    celdas = "".join(
        f'<tr><td style="padding:6px 12px 6px 0;color:#3b4a66;font-weight:600;vertical-align:top">{escape(k)}</td>'
        f'<td style="padding:6px 0;white-space:pre-wrap">{escape(v)}</td></tr>'
        for k, v in filas
    )
    cuerpo = "".join(f'<p style="margin:0 0 14px">{p}</p>' for p in parrafos)
    return (
        '<!doctype html><html lang="es-MX"><head><meta charset="utf-8"><title>'
        f"{escape(titulo)}</title></head>"
        '<body style="margin:0;background:#f3f6fb;font-family:Arial,Helvetica,sans-serif;color:#0f1f3d">'
        '<table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td align="center">'
        '<table role="presentation" width="600" cellpadding="0" cellspacing="0" '
        'style="max-width:600px;background:#ffffff;margin:24px 0;border-radius:10px">'
        '<tr><td style="background:#0b4fa8;color:#ffffff;padding:18px 24px;font-size:18px;font-weight:bold;'
        'border-radius:10px 10px 0 0">Blue Point · Atención al Cliente</td></tr>'
        f'<tr><td style="padding:24px;font-size:15px;line-height:1.5">{cuerpo}'
        f'<table role="presentation" style="margin:8px 0 18px;font-size:15px">{celdas}</table>'
        f'<p style="margin:0 0 18px"><a href="{escape(enlace[1])}" style="background:#0b4fa8;color:#ffffff;'
        f'padding:10px 18px;border-radius:6px;text-decoration:none;display:inline-block">{escape(enlace[0])}</a> '
        f"{extra}</p>"
        f'<p style="margin:0;color:#3b4a66;font-size:13px">¿Dudas? Llámanos al {escape(telefonos_texto())}. '
        f"{escape(horario_texto())}.</p></td></tr></table></td></tr></table></body></html>"
    )


@dataclass(frozen=True)
class ContextoEnvio:
    url_sitio: str
    ahora: datetime
    # Sólo hace falta para firmar enlaces (confirmación, encuesta).
    pimienta: Callable[[], bytes] | None = None

    def url(self, ruta: str) -> str:
        return f"{self.url_sitio.rstrip('/')}{ruta}"


def correo_folio(datos: dict[str, Any], ctx: ContextoEnvio) -> tuple[str, str, str]:
    folio = formatear_folio(datos["folio"])
    registro = datetime.fromisoformat(datos["fecha_registro"])
    compromiso = texto_fecha(datetime.fromisoformat(datos["fecha_compromiso"]), registro)
    limite = texto_fecha(datetime.fromisoformat(datos["fecha_limite_legal"]), registro)
    enlace = ctx.url(f"/seguimiento.html?folio={quote(datos['folio'])}")
    asunto = f"Tu folio de Blue Point: {folio}"
    filas = [
        ("Folio", folio),
        ("Tipo", f"{datos['tipo_nombre']} · {datos['categoria_nombre']}"),
        ("Resumen", datos["descripcion"]),
        ("A más tardar", compromiso),
        ("Plazo legal máximo", limite),
    ]
    texto = "\n".join(
        [
            f"Hola, {datos['nombre']}:",
            "",
            f"Registramos tu solicitud. Tu folio es {folio}.",
            "",
            *(f"{k}: {v}" for k, v in filas[1:]),
            "",
            f"Resolveremos tu solicitud a más tardar el {compromiso}.",
            f"Consulta el avance con tu folio y tu número de contrato o tu correo: {enlace}",
            "",
            f"Teléfonos: {telefonos_texto()}. {horario_texto()}.",
            "",
            "Blue Point · Atención al Cliente",
        ]
    )
    html = _html(
        asunto,
        [
            f"Hola, {escape(datos['nombre'])}:",
            "Registramos tu solicitud. Tu folio es "
            f'<strong style="font-size:22px;letter-spacing:2px">{escape(folio)}</strong>.',
            f"Resolveremos tu solicitud a más tardar el <strong>{escape(compromiso)}</strong>.",
        ],
        filas[1:],
        ("Consultar mi solicitud", enlace),
    )
    return asunto, texto, html


def sms_folio(datos: dict[str, Any], ctx: ContextoEnvio) -> str:
    registro = datetime.fromisoformat(datos["fecha_registro"])
    compromiso = texto_fecha(datetime.fromisoformat(datos["fecha_compromiso"]), registro)
    return (
        f"Blue Point: tu folio es {formatear_folio(datos['folio'])} ({datos['tipo_nombre'].lower()}). "
        f"Respuesta a más tardar el {compromiso}. Consulta: {ctx.url('/seguimiento.html')}"
    )


VIGENCIA_CONFIRMACION_S = 30 * 24 * 3600


def enlace_confirmacion(datos: dict[str, Any], ctx: ContextoEnvio) -> str:
    assert ctx.pimienta is not None, "la confirmación necesita la pimienta para firmar el enlace"
    enlace = Enlace(
        "confirmacion", datos["folio"], int(datos["ronda"]), int(ctx.ahora.timestamp()) + VIGENCIA_CONFIRMACION_S
    )
    return ctx.url(f"/api/confirmaciones/{firmar(enlace, ctx.pimienta())}")


def _texto_bonificacion(datos: dict[str, Any]) -> str:
    b = datos.get("bonificacion")
    if not b:
        return ""
    return (
        f"Bonificación: ${b['monto']} por {b['dias_afectados']} días afectados (la parte proporcional de tu "
        f"mensualidad de ${b['precio_mensual']} más {b['porcentaje_adicional']} %), que verás en tu próximo recibo."
    )


def correo_resolucion(datos: dict[str, Any], ctx: ContextoEnvio) -> tuple[str, str, str]:
    folio = formatear_folio(datos["folio"])
    base = enlace_confirmacion(datos, ctx)
    si, no = f"{base}?respuesta=si", f"{base}?respuesta=no"
    asunto = f"Resolvimos tu {datos['tipo_nombre'].lower()} {folio}: ¿quedó resuelto?"
    bono = _texto_bonificacion(datos)
    texto = "\n".join(
        [
            f"Hola, {datos['nombre']}:",
            "",
            f"Resolvimos tu {datos['tipo_nombre'].lower()} con folio {folio}.",
            "",
            f"Resolución: {datos['resumen']}",
            *([bono] if bono else []),
            "",
            "¿Quedó resuelto tu problema? Contéstanos con un clic:",
            f"Sí, quedó resuelto: {si}",
            f"No, sigue el problema: {no}",
            "",
            f"Teléfonos: {telefonos_texto()}. {horario_texto()}.",
            "",
            "Blue Point · Atención al Cliente",
        ]
    )
    boton_no = (
        f'<a href="{escape(no)}" style="color:#0b4fa8;padding:10px 18px;border:2px solid #0b4fa8;'
        'border-radius:6px;text-decoration:none;display:inline-block">No, sigue el problema</a>'
    )
    html = _html(
        asunto,
        [
            f"Hola, {escape(datos['nombre'])}:",
            f"Resolvimos tu {escape(datos['tipo_nombre'].lower())} con folio <strong>{escape(folio)}</strong>.",
            *([escape(bono)] if bono else []),
            "¿Quedó resuelto tu problema?",
        ],
        [("Resolución", datos["resumen"])],
        ("Sí, quedó resuelto", si),
        extra=boton_no,
    )
    return asunto, texto, html


def sms_resolucion(datos: dict[str, Any], ctx: ContextoEnvio) -> str:
    return (
        f"Blue Point: resolvimos tu caso {formatear_folio(datos['folio'])}. ¿Quedó resuelto? "
        f"Respóndenos aquí: {enlace_confirmacion(datos, ctx)}"
    )


def correo_escalamiento(datos: dict[str, Any], ctx: ContextoEnvio) -> tuple[str, str, str]:
    folio = formatear_folio(datos["folio"])
    enlace = ctx.url(f"/seguimiento.html?folio={quote(datos['folio'])}")
    asunto = f"Tu caso {folio} pasó a atención especializada"
    texto = "\n".join(
        [
            f"Hola, {datos['nombre']}:",
            "",
            datos["texto"],
            "",
            f"Folio: {folio}",
            f"Consulta el avance: {enlace}",
            "",
            f"Teléfonos: {telefonos_texto()}. {horario_texto()}.",
            "",
            "Blue Point · Atención al Cliente",
        ]
    )
    html = _html(
        asunto,
        [f"Hola, {escape(datos['nombre'])}:", escape(datos["texto"])],
        [("Folio", folio)],
        ("Consultar mi solicitud", enlace),
    )
    return asunto, texto, html


def sms_escalamiento(datos: dict[str, Any], ctx: ContextoEnvio) -> str:
    return (
        f"Blue Point: tu caso {formatear_folio(datos['folio'])} pasó a atención especializada. "
        f"Consulta: {ctx.url('/seguimiento.html')}"
    )


def alerta(datos: dict[str, Any], ctx: ContextoEnvio) -> tuple[str, str, dict[str, Any]]:
    """Asunto, mensaje y atributos de una alerta interna (las suscripciones filtran por atributos)."""
    folio = formatear_folio(datos["folio"])
    vence = texto_fecha(datetime.fromisoformat(datos["vence"]), ctx.ahora)
    asunto = f"[{datos['tipo']}] Caso {folio} · nivel {datos['nivel']}"
    mensaje = "\n".join(
        [
            f"Caso {folio} ({datos['tipo_nombre']}), nivel {datos['nivel']}.",
            datos["motivo"],
            f"Plazo interno: {vence}.",
            f"Consola: {ctx.url('/consola/')}",
        ]
    )
    atributos = {
        "departamento": datos["departamentos"],
        "tipo": datos["tipo"],
        "nivel": int(datos["nivel"]),
        "folio": datos["folio"],
        "vence": datos["vence"],
    }
    return asunto, mensaje, atributos


VIGENCIA_ENCUESTA_S = 30 * 24 * 3600


def enlace_encuesta(datos: dict[str, Any], ctx: ContextoEnvio) -> str:
    assert ctx.pimienta is not None, "la encuesta necesita la pimienta para firmar el enlace"
    enlace = Enlace("encuesta", datos["folio"], int(datos["ronda"]), int(ctx.ahora.timestamp()) + VIGENCIA_ENCUESTA_S)
    return ctx.url(f"/api/encuestas/{firmar(enlace, ctx.pimienta())}")


def correo_encuesta(datos: dict[str, Any], ctx: ContextoEnvio) -> tuple[str, str, str]:
    folio = formatear_folio(datos["folio"])
    base = enlace_encuesta(datos, ctx)
    asunto = f"¿Cómo te atendimos? Tu caso {folio}"
    opciones = [(n, f"{base}?calificacion={n}") for n in CALIFICACIONES]
    texto = "\n".join(
        [
            f"Hola, {datos['nombre']}:",
            "",
            f"Cerramos tu caso {folio}. ¿Cómo calificas la atención que recibiste? Elige una opción:",
            *(f"{n} · {CALIFICACIONES[n]}: {url}" for n, url in opciones),
            "",
            "Es una sola respuesta y no necesitas iniciar sesión.",
            "",
            "Blue Point · Atención al Cliente",
        ]
    )
    botones = "".join(
        f'<a href="{escape(url)}" style="display:inline-block;margin:0 6px 8px 0;padding:10px 14px;border-radius:6px;'
        f'border:2px solid #0b4fa8;color:#0b4fa8;text-decoration:none;font-weight:bold">{n} · '
        f"{escape(CALIFICACIONES[n])}</a>"
        for n, url in opciones
    )
    html = _html(
        asunto,
        [
            f"Hola, {escape(datos['nombre'])}:",
            f"Cerramos tu caso <strong>{escape(folio)}</strong>. ¿Cómo calificas la atención que recibiste?",
            f'<span role="group" aria-label="Calificación del 1 al 5">{botones}</span>',
            "Un clic basta; después puedes dejarnos un comentario si quieres.",
        ],
        [],
        ("Responder la encuesta", base),
    )
    return asunto, texto, html


def sms_encuesta(datos: dict[str, Any], ctx: ContextoEnvio) -> str:
    return (
        f"Blue Point: cerramos tu caso {formatear_folio(datos['folio'])}. ¿Cómo te atendimos? "
        f"Califícanos: {enlace_encuesta(datos, ctx)}"
    )


CORREOS = {
    "folio": correo_folio,
    "resolucion": correo_resolucion,
    "escalamiento": correo_escalamiento,
    "encuesta": correo_encuesta,
}
SMS = {"folio": sms_folio, "resolucion": sms_resolucion, "escalamiento": sms_escalamiento, "encuesta": sms_encuesta}
