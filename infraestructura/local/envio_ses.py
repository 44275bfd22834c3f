"""El mensaje como lo entrega SES, armado en la emulación (moto guarda un envío Simple sin cabeceras ni texto).

SES v2 con contenido `Simple` arma el RFC 5322: From, To, Reply-To, Subject, Date (cuando lo acepta), su propio
Message-ID `<id@email.amazonses.com>` con el id que devuelve el envío, las cabeceras propias de `Headers` y un
`multipart/alternative` con texto y HTML. Con `Raw` respeta el MIME del cliente pero pone Date y Message-ID.
Aquí se arma lo mismo y se guarda en el mensaje de moto, para que lo que se prueba sea lo que se envía.
"""

from __future__ import annotations

import base64
import email
import json
from datetime import UTC, datetime
from email import charset, policy
from email.header import Header
from email.message import Message
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import format_datetime
from typing import Any

# us-east-1 (la región de la emulación); en otras regiones SES usa `<region>.amazonses.com`.
DOMINIO_MESSAGE_ID = "email.amazonses.com"
# SES pone estas dos aunque el cliente mande las suyas.
_DE_SES = ("date", "message-id")
# compat32 (las clases de `email.mime`): arma y se lee varias veces más rápido que EmailMessage, y el servidor
# local lee cientos de correos seguidos en la prueba de carga. Renglones CRLF, como en SMTP; sin plegar el
# Message-ID (el asunto se pliega al codificarlo, en palabras de ≤ 75 caracteres como pide el RFC 2047).
_POLITICA = policy.compat32.clone(linesep="\r\n", max_line_length=998)


def _parte(parte: dict[str, Any], subtipo: str) -> MIMEText:
    juego = charset.Charset(str(parte.get("Charset") or "us-ascii").lower())
    if juego.body_encoding == charset.BASE64:
        juego.body_encoding = charset.QP  # texto legible en el mensaje, como lo manda SES
    texto = MIMEText(str(parte.get("Data", "")), subtipo, juego)  # type: ignore[arg-type]  # acepta un Charset; typeshed sólo anota str
    del texto["MIME-Version"]  # `email` la repite en cada parte; SES sólo la pone arriba
    return texto


def armar(envio: dict[str, Any], id_mensaje: str, fecha: datetime) -> bytes:
    """Los bytes que recibe el buzón del destinatario por un SendEmail de SES v2 (sin DKIM ni Received)."""
    contenido = envio.get("Content") or {}
    if "Raw" in contenido:
        crudo = contenido["Raw"]["Data"]
        msg: Message = email.message_from_bytes(
            base64.b64decode(crudo) if isinstance(crudo, str) else crudo, policy=_POLITICA
        )
        for nombre in _DE_SES:
            del msg[nombre]
        msg["Date"] = format_datetime(fecha)
        msg["Message-ID"] = f"<{id_mensaje}@{DOMINIO_MESSAGE_ID}>"
        return msg.as_bytes(policy=_POLITICA)
    simple = contenido["Simple"]
    cuerpo = simple.get("Body") or {}
    texto, html = cuerpo.get("Text"), cuerpo.get("Html")
    if texto is not None and html is not None:
        msg = MIMEMultipart("alternative")
        msg.attach(_parte(texto, "plain"))
        msg.attach(_parte(html, "html"))
    else:
        msg = _parte(texto if texto is not None else html or {}, "plain" if texto is not None else "html")
    # Las cabeceras de arriba en el orden de SES; las de contenido (MIME-Version, Content-Type) al final.
    contenido_mime = [(k, v) for k, v in msg.items()]
    for k, _ in contenido_mime:
        del msg[k]
    destino = envio.get("Destination") or {}
    msg["From"] = envio["FromEmailAddress"]
    if destino.get("ToAddresses"):
        msg["To"] = ", ".join(destino["ToAddresses"])
    if destino.get("CcAddresses"):
        msg["Cc"] = ", ".join(destino["CcAddresses"])
    if envio.get("ReplyToAddresses"):
        msg["Reply-To"] = ", ".join(envio["ReplyToAddresses"])
    asunto = simple.get("Subject") or {}
    juego = str(asunto.get("Charset") or "us-ascii").lower()
    msg["Subject"] = Header(str(asunto.get("Data", "")), juego, header_name="Subject").encode("\r\n", maxlinelen=76)
    msg["Date"] = format_datetime(fecha)
    msg["Message-ID"] = f"<{id_mensaje}@{DOMINIO_MESSAGE_ID}>"
    for cabecera in simple.get("Headers") or []:
        if cabecera["Name"].lower() not in _DE_SES:
            msg[cabecera["Name"]] = cabecera["Value"]
    for k, v in contenido_mime:
        msg[k] = v
    return msg.as_bytes(policy=_POLITICA)


def entregado(mensaje: Any) -> bytes | None:
    """El RFC 5322 de un mensaje de moto; se arma al leerlo (una vez), así enviar no paga el armado."""
    if getattr(mensaje, "envio_ses", None) is None:
        return None
    if getattr(mensaje, "entregado", None) is None:
        mensaje.entregado = armar(mensaje.envio_ses, mensaje.id, mensaje.fecha_ses)
    return mensaje.entregado


_aplicado = False


def aplicar() -> None:
    """Engancha el SendEmail de moto: cada mensaje guarda lo que se pidió y cuándo lo aceptó SES."""
    global _aplicado
    if _aplicado:
        return
    from moto.sesv2.responses import SESV2Response

    original = SESV2Response.send_email

    def send_email(self: Any) -> str:
        envio = json.loads(self.body)
        respuesta = original(self)
        id_mensaje = json.loads(respuesta)["MessageId"]
        enviados = self.sesv2_backend.core_backend.sent_messages
        mensaje = next(m for m in reversed(enviados) if m.id == id_mensaje)
        mensaje.fecha_ses = datetime.now(UTC)
        mensaje.envio_ses = envio
        return respuesta

    SESV2Response.send_email = send_email  # type: ignore[method-assign]  # parche de moto
    _aplicado = True
