"""Plantillas de correo (texto y HTML) y SMS. Todo dato del cliente pasa por html.escape en el HTML.

Ninguna repite texto libre de quien llenó el formulario (la descripción; el nombre sólo si es un nombre:
`nombre_para_saludo`): el aviso sale de Blue Point hacia una dirección que nadie verificó.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from html import escape
from typing import Any
from urllib.parse import quote

from funciones.nucleo.dominio.calendario import texto_fecha
from funciones.nucleo.dominio.enlaces import Enlace, firmar, firmar_corto
from funciones.nucleo.dominio.etiquetas import ALERTAS as ALERTAS_NOMBRES
from funciones.nucleo.dominio.etiquetas import legible
from funciones.nucleo.dominio.folio import formatear_folio
from funciones.nucleo.dominio.textos import CALIFICACIONES, horario_texto, nombre_para_saludo, telefonos_texto


# Un correo se describe una vez, en bloques, y de ahí salen su texto y su HTML: así dicen lo mismo.
@dataclass(frozen=True)
class Resaltado:
    """Trozo de un párrafo que el HTML pone en negritas (el folio, además, más grande)."""

    texto: str
    grande: bool = False


@dataclass(frozen=True)
class Boton:
    texto: str
    url: str
    principal: bool = True


@dataclass(frozen=True)
class Filas:
    filas: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Botones:
    botones: tuple[Boton, ...]
    # Nombre del grupo para lectores de pantalla (la encuesta).
    grupo: str | None = None


Parrafo = tuple[str | Resaltado, ...]
Bloque = Parrafo | Filas | Botones

_AZUL, _TINTA, _GRIS = "#0b4fa8", "#0f1f3d", "#3b4a66"
_FIRMA = "Blue Point · Atención al Cliente"


def _pie() -> str:
    return f"¿Dudas? Llámanos al {telefonos_texto()}. {horario_texto()}."


def _texto(saludo: str, bloques: list[Bloque]) -> str:
    partes = [saludo]
    for b in bloques:
        if isinstance(b, Filas):
            partes.append("\n".join(f"{k}: {v}" for k, v in b.filas))
        elif isinstance(b, Botones):
            partes.append("\n".join(f"{x.texto}: {x.url}" for x in b.botones))
        else:
            partes.append("".join(t.texto if isinstance(t, Resaltado) else t for t in b))
    return "\n\n".join([*partes, _pie(), _FIRMA])


def _html_parrafo(p: Parrafo) -> str:
    trozos = []
    for t in p:
        if isinstance(t, Resaltado):
            estilo = ' style="font-size:22px;letter-spacing:1px;white-space:nowrap"' if t.grande else ""
            trozos.append(f"<strong{estilo}>{escape(t.texto)}</strong>")
        else:
            trozos.append(escape(t))
    return f'<p style="margin:0 0 14px">{"".join(trozos)}</p>'


def _html_filas(f: Filas) -> str:
    filas = "\n".join(
        f'<tr><td style="padding:6px 12px 6px 0;color:{_GRIS};font-weight:bold;vertical-align:top">{escape(k)}</td>\n'
        f'<td style="padding:6px 0;vertical-align:top;white-space:pre-wrap;overflow-wrap:anywhere;'
        f'word-break:break-word">{escape(v)}</td></tr>'
        for k, v in f.filas
    )
    return (
        '<table role="presentation" cellpadding="0" cellspacing="0" style="margin:0 0 16px;font-size:15px">\n'
        f"{filas}\n</table>"
    )


def _html_botones(b: Botones) -> str:
    enlaces = "\n".join(
        f'<a href="{escape(x.url)}" style="display:inline-block;margin:0 6px 10px 0;padding:10px 16px;'
        f"border:2px solid {_AZUL};border-radius:6px;text-decoration:none;font-weight:bold;"
        f'{"background:" + _AZUL + ";color:#ffffff" if x.principal else "background:#ffffff;color:" + _AZUL}">'
        f"{escape(x.texto)}</a>"
        for x in b.botones
    )
    grupo = f' role="group" aria-label="{escape(b.grupo)}"' if b.grupo else ""
    return f'<div{grupo} style="margin:0 0 8px">\n{enlaces}\n</div>'


def _html(titulo: str, saludo: str, bloques: list[Bloque]) -> str:
    """Todo texto pasa por `escape` aquí. Un salto de línea entre etiquetas: sin él un filtro de spam ve
    palabras partidas por etiquetas (HTML_OBFUSCATE) donde sólo hay celdas o botones juntos."""
    cuerpo = "\n".join(
        _html_filas(b) if isinstance(b, Filas) else _html_botones(b) if isinstance(b, Botones) else _html_parrafo(b)
        for b in [(saludo,), *bloques]
    )
    return f"""<!doctype html>
<html lang="es-MX">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(titulo)}</title>
</head>
<body style="margin:0;padding:0;background:#f3f6fb;font-family:Arial,Helvetica,sans-serif;color:{_TINTA}">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f3f6fb">
<tr><td align="center" style="padding:16px 8px">
<table role="presentation" width="600" cellpadding="0" cellspacing="0"
 style="width:100%;max-width:600px;background:#ffffff;border-radius:10px">
<tr><td style="background:{_AZUL};color:#ffffff;padding:18px 24px;font-size:18px;font-weight:bold;
border-radius:10px 10px 0 0">{escape(_FIRMA)}</td></tr>
<tr><td style="padding:24px 20px;font-size:15px;line-height:1.5">
{cuerpo}
<p style="margin:8px 0 0;color:{_GRIS};font-size:13px">{escape(_pie())}</p>
</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
"""


def _correo(asunto: str, nombre: str | None, bloques: list[Bloque]) -> tuple[str, str, str]:
    # Ningún aviso repite texto libre de quien escribió el formulario: el nombre sólo si es un nombre.
    nombre = nombre_para_saludo(nombre)
    saludo = f"Hola, {nombre}:" if nombre else "Hola:"
    return asunto, _texto(saludo, bloques), _html(asunto, saludo, bloques)


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
    enlace = enlace_seguimiento(datos, ctx)
    return _correo(
        f"Tu folio de Blue Point: {folio}",
        datos.get("nombre"),
        [
            ("Registramos tu solicitud. Tu folio es ", Resaltado(folio, grande=True), "."),
            ("Resolveremos tu solicitud a más tardar el ", Resaltado(compromiso), "."),
            Filas(
                (
                    # Por tipo y categoría: la descripción es texto libre de un remitente sin verificar.
                    ("Tipo", f"{datos['tipo_nombre']} · {datos['categoria_nombre']}"),
                    ("Plazo legal máximo", limite),
                )
            ),
            ("Consulta el avance con tu folio y tu número de contrato o tu correo.",),
            Botones((Boton("Consultar mi solicitud", enlace),)),
        ],
    )


def enlace_seguimiento(datos: dict[str, Any], ctx: ContextoEnvio) -> str:
    """La página de seguimiento con el folio ya escrito: el cliente sólo pone su segundo factor."""
    return ctx.url(f"/seguimiento.html?folio={quote(datos['folio'])}")


# Los SMS van en GSM-7 y en una parte (≤ 160): sin á, í, ó, ú (una sola pasa todo el mensaje a UCS-2, 70 por
# parte, y el folio se cobraba como 3 partes), sin texto libre y con el enlace corto. Caben con una dirección del
# sitio de hasta LARGO_MAXIMO_URL_SITIO caracteres (la de CloudFront tiene 37); test_plantillas_sms.py lo prueba.
# El del folio y el de escalamiento llevan el folio en el enlace (test_correos_cliente.py).
LARGO_MAXIMO_URL_SITIO = 40


def sms_folio(datos: dict[str, Any], ctx: ContextoEnvio) -> str:
    registro = datetime.fromisoformat(datos["fecha_registro"])
    compromiso = texto_fecha(datetime.fromisoformat(datos["fecha_compromiso"]), registro, dia_semana=False)
    return (
        f"Blue Point: folio {formatear_folio(datos['folio'])}, plazo {compromiso}. "
        f"Consulta: {enlace_seguimiento(datos, ctx)}"
    )


VIGENCIA_CONFIRMACION_S = 30 * 24 * 3600


def enlace_confirmacion(datos: dict[str, Any], ctx: ContextoEnvio, *, corto: bool = False) -> str:
    assert ctx.pimienta is not None, "la confirmación necesita la pimienta para firmar el enlace"
    enlace = Enlace(
        "confirmacion", datos["folio"], int(datos["ronda"]), int(ctx.ahora.timestamp()) + VIGENCIA_CONFIRMACION_S
    )
    token = (firmar_corto if corto else firmar)(enlace, ctx.pimienta())
    return ctx.url(f"/api/confirmaciones/{token}")


def _texto_bonificacion(datos: dict[str, Any]) -> str:
    b = datos.get("bonificacion")
    if not b:
        return ""
    if b.get("base") == "cargo":
        return (
            f"Bonificación: ${b['monto']}: te devolvemos los ${b['monto_cobrado']} que te cobramos indebidamente más "
            f"{b['porcentaje_adicional']} %, que verás en tu próximo recibo."
        )
    return (
        f"Bonificación: ${b['monto']} por {b['dias_afectados']} días afectados (la parte proporcional de tu "
        f"mensualidad de ${b['precio_mensual']} más {b['porcentaje_adicional']} %), que verás en tu próximo recibo."
    )


def correo_resolucion(datos: dict[str, Any], ctx: ContextoEnvio) -> tuple[str, str, str]:
    folio = formatear_folio(datos["folio"])
    base = enlace_confirmacion(datos, ctx)
    tipo = datos["tipo_nombre"].lower()
    bono = _texto_bonificacion(datos)
    return _correo(
        f"Resolvimos tu {tipo} {folio}",
        datos.get("nombre"),
        [
            (f"Resolvimos tu {tipo} con folio ", Resaltado(folio), ". Esto es lo que hicimos:"),
            Filas((("Resolución", datos["resumen"]),)),
            *([(bono,)] if bono else []),
            # Son dos pasos: el enlace abre la página con la respuesta ya elegida y ahí se envía.
            (
                "¿Quedó resuelto tu problema? Elige tu respuesta y, en la página que se abre, pulsa "
                "«Enviar mi respuesta».",
            ),
            Botones(
                (
                    Boton("Sí, quedó resuelto", f"{base}?respuesta=si"),
                    Boton("No, sigue el problema", f"{base}?respuesta=no", principal=False),
                )
            ),
        ],
    )


def sms_resolucion(datos: dict[str, Any], ctx: ContextoEnvio) -> str:
    return (
        f"Blue Point: solicitud {formatear_folio(datos['folio'])} resuelta. ¿Sigue el problema? "
        f"{enlace_confirmacion(datos, ctx, corto=True)}"
    )


def correo_escalamiento(datos: dict[str, Any], ctx: ContextoEnvio) -> tuple[str, str, str]:
    folio = formatear_folio(datos["folio"])
    enlace = enlace_seguimiento(datos, ctx)
    return _correo(
        f"Tu solicitud {folio} pasó a atención especializada",
        datos.get("nombre"),
        [
            (datos["texto"],),
            Filas((("Folio", folio),)),
            Botones((Boton("Consultar mi solicitud", enlace),)),
        ],
    )


def sms_escalamiento(datos: dict[str, Any], ctx: ContextoEnvio) -> str:
    return (
        f"Blue Point: tu solicitud {formatear_folio(datos['folio'])} pasa a un equipo especializado. "
        f"Consulta: {enlace_seguimiento(datos, ctx)}"
    )


def alerta(datos: dict[str, Any], ctx: ContextoEnvio) -> tuple[str, str, dict[str, Any]]:
    """Asunto, mensaje y atributos de una alerta interna (las suscripciones filtran por atributos)."""
    folio = formatear_folio(datos["folio"])
    vence = texto_fecha(datetime.fromisoformat(datos["vence"]), ctx.ahora)
    asunto = f"[{legible(datos['tipo'], ALERTAS_NOMBRES)}] Caso {folio} · nivel {datos['nivel']}"
    mensaje = "\n".join(
        [
            f"Caso {folio} ({datos['tipo_nombre']}), nivel {datos['nivel']}.",
            datos["motivo"],
            f"Plazo interno: {vence}.",
            f"Abrir el caso: {ctx.url('/consola/#/casos/' + datos['folio'])}",
        ]
    )
    atributos = {
        "departamento": datos["departamentos"],
        "tipo": datos["tipo"],
        "nivel": int(datos["nivel"]),
        "folio": datos["folio"],
        "vence": datos["vence"],
    }
    if datos.get("asignado"):
        # El asesor del caso (p. ej. una respuesta del cliente por correo): una suscripción suya filtra por él.
        atributos["asignado"] = datos["asignado"]
    return asunto, mensaje, atributos


def alerta_agente(datos: dict[str, Any], ctx: ContextoEnvio) -> tuple[str, str, dict[str, Any]]:
    """Un agente agotó su presupuesto de verificaciones fallidas: a supervisores, sin datos de clientes."""
    hasta = texto_fecha(datetime.fromisoformat(datos["hasta"]), ctx.ahora)
    agente = datos["agente"]
    asunto = f"[{datos['tipo']}] {agente}: {datos['fallos']} verificaciones fallidas"
    mensaje = "\n".join(
        [
            f"El agente {agente} acumuló {datos['fallos']} verificaciones de identidad fallidas en "
            f"{datos['ventana_min']} minutos.",
            f"No podrá verificar identidades hasta el {hasta}.",
            "Revisa con él las llamadas: los intentos quedan en el registro de cada contrato, con su usuario.",
            f"Consola: {ctx.url('/consola/')}",
        ]
    )
    atributos = {"departamento": datos["departamentos"], "tipo": datos["tipo"], "agente": agente}
    return asunto, mensaje, atributos


ALERTAS = {"alerta": alerta, "alerta_agente": alerta_agente}


VIGENCIA_ENCUESTA_S = 30 * 24 * 3600


def enlace_encuesta(datos: dict[str, Any], ctx: ContextoEnvio, *, corto: bool = False) -> str:
    assert ctx.pimienta is not None, "la encuesta necesita la pimienta para firmar el enlace"
    enlace = Enlace("encuesta", datos["folio"], int(datos["ronda"]), int(ctx.ahora.timestamp()) + VIGENCIA_ENCUESTA_S)
    token = (firmar_corto if corto else firmar)(enlace, ctx.pimienta())
    return ctx.url(f"/api/encuestas/{token}")


def correo_encuesta(datos: dict[str, Any], ctx: ContextoEnvio) -> tuple[str, str, str]:
    folio = formatear_folio(datos["folio"])
    base = enlace_encuesta(datos, ctx)
    return _correo(
        f"¿Cómo te atendimos? Tu solicitud {folio}",
        datos.get("nombre"),
        [
            (
                "Cerramos tu solicitud ",
                Resaltado(folio),
                ". ¿Cómo calificas la atención que recibiste? Elige una opción:",
            ),
            Botones(
                tuple(
                    Boton(f"{n} · {nombre}", f"{base}?calificacion={n}", principal=False)
                    for n, nombre in CALIFICACIONES.items()
                ),
                grupo="Calificación del 1 al 5",
            ),
            ("Un clic basta y no necesitas iniciar sesión; después puedes dejarnos un comentario si quieres.",),
        ],
    )


def sms_encuesta(datos: dict[str, Any], ctx: ContextoEnvio) -> str:
    return (
        f"Blue Point: cerramos tu solicitud {formatear_folio(datos['folio'])}. "
        f"Califica el servicio: {enlace_encuesta(datos, ctx, corto=True)}"
    )


def correo_mensaje(datos: dict[str, Any], ctx: ContextoEnvio) -> tuple[str, str, str]:
    """Un asesor escribe al cliente: su texto (no es del formulario) y cómo contestar."""
    folio = formatear_folio(datos["folio"])
    return _correo(
        f"Mensaje sobre tu solicitud {folio}",
        datos.get("nombre"),
        [
            ("Un asesor de Blue Point te escribió sobre tu solicitud ", Resaltado(folio), ":"),
            Filas((("Mensaje", datos["texto"]),)),
            ("Puedes contestar y adjuntar fotos o documentos en la página de tu solicitud.",),
            Botones((Boton("Ver mi solicitud y contestar", enlace_seguimiento(datos, ctx)),)),
        ],
    )


def sms_mensaje(datos: dict[str, Any], ctx: ContextoEnvio) -> str:
    # El SMS no lleva el texto (puede ser largo y el teléfono lo ve cualquiera): el enlace lleva a la solicitud.
    return (
        f"Blue Point: tienes un mensaje sobre tu solicitud {formatear_folio(datos['folio'])}. "
        f"Léelo y contesta: {enlace_seguimiento(datos, ctx)}"
    )


def correo_duplicado(datos: dict[str, Any], ctx: ContextoEnvio) -> tuple[str, str, str]:
    folio, sigue = formatear_folio(datos["folio"]), formatear_folio(datos["sobrevive"])
    enlace = ctx.url(f"/seguimiento.html?folio={quote(datos['sobrevive'])}")
    return _correo(
        f"Tu solicitud {folio} continúa con el folio {sigue}",
        datos.get("nombre"),
        [
            ("Tu solicitud con folio ", Resaltado(folio), " es la misma que otra que ya atendemos."),
            ("Para no duplicar el trámite, la seguimos con el folio ", Resaltado(sigue, grande=True), "."),
            ("Consulta el avance con ese folio. El folio ", Resaltado(folio), " quedó cerrado."),
            Botones((Boton("Consultar mi solicitud", enlace),)),
        ],
    )


def sms_duplicado(datos: dict[str, Any], ctx: ContextoEnvio) -> str:
    # Una parte (≤ 160 con la dirección más larga): test_plantillas_sms.py.
    return (
        f"Blue Point: tu solicitud {formatear_folio(datos['folio'])} sigue con el folio "
        f"{formatear_folio(datos['sobrevive'])}: {enlace_seguimiento({'folio': datos['sobrevive']}, ctx)}"
    )


CORREOS = {
    "folio": correo_folio,
    "mensaje": correo_mensaje,
    "resolucion": correo_resolucion,
    "escalamiento": correo_escalamiento,
    "encuesta": correo_encuesta,
    "duplicado": correo_duplicado,
}
SMS = {
    "folio": sms_folio,
    "resolucion": sms_resolucion,
    "escalamiento": sms_escalamiento,
    "encuesta": sms_encuesta,
    "mensaje": sms_mensaje,
    "duplicado": sms_duplicado,
}
