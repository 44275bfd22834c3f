"""Lo que la emulación "envió": correos de SES y SMS/alertas de SNS, leídos del estado de moto."""

from __future__ import annotations

import email
from datetime import UTC, datetime
from email import policy
from email.header import decode_header, make_header
from email.utils import getaddresses
from html import escape
from typing import Any

from moto.core import DEFAULT_ACCOUNT_ID
from moto.ses.models import ses_backends
from moto.sns.models import sns_backends

from infraestructura.local import envio_ses

REGION = "us-east-1"


_leidos: dict[str, dict[str, Any]] = {}


def entregados() -> list[tuple[str, bytes]]:
    """(id de SES, mensaje RFC 5322 como lo entrega SES) de cada correo, en el orden de envío."""
    salida = []
    for m in list(ses_backends[DEFAULT_ACCOUNT_ID][REGION].sent_messages):
        crudo = envio_ses.entregado(m)
        if crudo is not None:
            salida.append((m.id, crudo))
    return salida


def entregado(id_mensaje: str) -> bytes:
    return dict(entregados())[id_mensaje]


def correos() -> list[dict[str, Any]]:
    """Cada correo enviado, el más nuevo primero: destinatario, asunto, texto, html, fecha, responder_a, id_mensaje.

    Se lee del mensaje que armó la emulación de SES (`envio_ses`), no de lo que pidió la función.
    """
    salida = []
    for m in list(ses_backends[DEFAULT_ACCOUNT_ID][REGION].sent_messages):
        crudo = envio_ses.entregado(m)
        if crudo is None:
            continue
        if m.id not in _leidos:
            # Se interpreta una sola vez: la página se consulta seguido durante las demostraciones.
            _leidos[m.id] = {"id": m.id, "id_mensaje": m.id, **_leer(crudo), "fecha": m.fecha_ses.isoformat()}
        salida.append(_leidos[m.id])
    return list(reversed(salida))


def _leer(crudo: bytes) -> dict[str, str]:
    """Lo que ve el destinatario; con compat32, que lee cientos de correos seguidos diez veces más rápido."""
    msg = email.message_from_bytes(crudo, policy=policy.compat32)
    cuerpos: dict[str, str] = {}
    for parte in msg.walk():
        tipo = parte.get_content_type()
        if tipo in ("text/plain", "text/html") and tipo not in cuerpos:
            datos = parte.get_payload(decode=True)
            if not isinstance(datos, bytes):
                continue  # con decode=True, una parte de texto da bytes (None sólo si fuera multipart)
            # Como lo muestra un cliente de correo: saltos de línea LF, no los CRLF del mensaje.
            cuerpos[tipo] = datos.decode(parte.get_content_charset() or "us-ascii", "replace").replace("\r\n", "\n")

    def direcciones(cabecera: str) -> str:
        return ", ".join(d for _, d in getaddresses(msg.get_all(cabecera, [])))

    return {
        "destinatario": direcciones("To"),
        "responder_a": direcciones("Reply-To"),
        "asunto": str(make_header(decode_header(msg.get("Subject", "")))),
        "texto": cuerpos.get("text/plain", ""),
        "html": cuerpos.get("text/html", ""),
    }


def mensajes() -> list[dict[str, Any]]:
    """SMS y publicaciones en temas de SNS, el más nuevo primero."""
    backend = sns_backends[DEFAULT_ACCOUNT_ID][REGION]
    salida: list[dict[str, Any]] = [
        {"id": mid, "destino": tel, "asunto": None, "mensaje": texto, "atributos": {}, "tipo": "sms"}
        for mid, (tel, texto) in list(backend.sms_messages.items())
    ]
    for tema in list(backend.topics.values()):
        for mid, texto, asunto, atributos, _grupo in list(tema.sent_notifications):
            salida.append(
                {
                    "id": mid,
                    "destino": tema.arn,
                    "asunto": asunto,
                    "mensaje": texto,
                    "atributos": atributos or {},
                    "tipo": "alerta",
                }
            )
    for s in salida:
        s["fecha"] = _fechas.setdefault(s["id"], datetime.now(UTC).isoformat())
    return list(reversed(salida))


_fechas: dict[str, str] = {}


# Lo que hizo `correo_entrante` con una respuesta del formulario, dicho para quien prueba.
_RESULTADOS = {
    "anexado": "La respuesta se agregó al caso como mensaje del cliente.",
    "reabierto": "La respuesta se agregó al caso y lo reabrió.",
    "nuevo": "El caso llevaba más de 30 días cerrado: la respuesta abrió un caso nuevo ligado.",
    "apartado": "La respuesta quedó aparte para que la revise un agente; no se agregó al caso.",
    "ignorado": "La respuesta parecía automática y se ignoró.",
    "repetido": "Esa respuesta ya se había recibido.",
}


def _responder(c: dict[str, Any]) -> str:
    """Formulario «Responder»: compone la respuesta como un cliente de correo y la recibe como SES."""
    if not c.get("responder_a", "").startswith("respuestas+"):
        return ""
    ident = escape(c["id"])
    return (
        f'<details class="responder"><summary>Responder</summary>'
        f'<form method="post" action="/_local/correos-entrantes">'
        f'<input type="hidden" name="id" value="{ident}">'
        f'<label for="texto-{ident}">Respuesta de {escape(c["destinatario"])} (se agrega la historia citada, '
        f"como en Gmail)</label>"
        f'<textarea id="texto-{ident}" name="texto" rows="4" maxlength="4000" required></textarea>'
        f'<button type="submit">Enviar respuesta</button></form></details>'
    )


def pagina_correos(resultado: str | None = None) -> str:
    filas = (
        "".join(
            f'<article id="correo-{escape(c["id"])}"><h2>{escape(c["asunto"])}</h2>'
            f"<p><strong>Para:</strong> {escape(c['destinatario'])} · "
            f"<strong>Responder a:</strong> {escape(c['responder_a'])} · <time>{escape(c['fecha'])}</time></p>"
            f'<details open><summary>HTML</summary><iframe title="Correo {escape(c["asunto"])}" sandbox '
            f'srcdoc="{escape(c["html"])}"></iframe></details>'
            f"<details><summary>Texto</summary><pre>{escape(c['texto'])}</pre></details>{_responder(c)}</article>"
            for c in correos()
        )
        or "<p>Aún no se ha enviado ningún correo.</p>"
    )
    aviso = _RESULTADOS.get(resultado or "")
    estado = f'<p role="status" class="resultado">{escape(aviso)}</p>' if aviso else '<p role="status"></p>'
    return (
        # En un teléfono: a lo ancho de la pantalla, y la parte de texto parte sus enlaces largos (con firma) en
        # vez de desplazarse de lado.
        '<!doctype html><html lang="es-MX"><head><meta charset="utf-8"><title>Correos enviados (local)</title>'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<style>pre{overflow-wrap:anywhere}iframe{box-sizing:border-box}</style>"
        # El Reply-To firmado (respuestas+<folio>.<firma>@…) no tiene dónde partirse: que se parta donde sea.
        "<style>p,label{overflow-wrap:anywhere}textarea{box-sizing:border-box}</style>"
        "<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:900px}article{border:1px solid #ccd;"
        "border-radius:8px;padding:1rem;margin:1rem 0}iframe{width:100%;height:520px;border:1px solid #ddd}"
        "pre{white-space:pre-wrap}label{display:block;margin:.5rem 0 .25rem}textarea{width:100%;font:inherit}"
        "button{margin-top:.5rem;padding:.5rem 1rem;font:inherit}.resultado{padding:.75rem;border:2px solid #1a5;"
        "border-radius:6px}</style></head><body><h1>Correos enviados (emulación local de SES)</h1>"
        f'<p><a href="/_local/correos.json">Ver en JSON</a></p>{estado}{filas}</body></html>'
    )
