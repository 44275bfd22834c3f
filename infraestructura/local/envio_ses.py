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
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime
from typing import Any

# us-east-1 (la región de la emulación); en otras regiones SES usa `<region>.amazonses.com`.
DOMINIO_MESSAGE_ID = "email.amazonses.com"
# SES pone estas dos aunque el cliente mande las suyas.
_DE_SES = ("Date", "Message-ID")


def _texto(parte: dict[str, Any] | None) -> str | None:
    return None if parte is None else str(parte.get("Data", ""))


def _charset(parte: dict[str, Any]) -> str:
    return str(parte.get("Charset") or "us-ascii").lower()


def armar(envio: dict[str, Any], id_mensaje: str, fecha: datetime) -> bytes:
    """Los bytes que recibe el buzón del destinatario por un SendEmail de SES v2 (sin DKIM ni Received)."""
    contenido = envio.get("Content") or {}
    if "Raw" in contenido:
        crudo = contenido["Raw"]["Data"]
        msg = email.message_from_bytes(base64.b64decode(crudo) if isinstance(crudo, str) else crudo, policy=policy.SMTP)
        for nombre in _DE_SES:
            del msg[nombre]
        msg["Date"] = format_datetime(fecha)
        msg["Message-ID"] = f"<{id_mensaje}@{DOMINIO_MESSAGE_ID}>"
        return msg.as_bytes()
    simple = contenido["Simple"]
    destino = envio.get("Destination") or {}
    msg = EmailMessage(policy=policy.SMTP)
    msg["From"] = envio["FromEmailAddress"]
    if destino.get("ToAddresses"):
        msg["To"] = ", ".join(destino["ToAddresses"])
    if destino.get("CcAddresses"):
        msg["Cc"] = ", ".join(destino["CcAddresses"])
    if envio.get("ReplyToAddresses"):
        msg["Reply-To"] = ", ".join(envio["ReplyToAddresses"])
    msg["Subject"] = _texto(simple.get("Subject")) or ""
    msg["Date"] = format_datetime(fecha)
    msg["Message-ID"] = f"<{id_mensaje}@{DOMINIO_MESSAGE_ID}>"
    for cabecera in simple.get("Headers") or []:
        if cabecera["Name"].lower() not in {n.lower() for n in _DE_SES}:
            msg[cabecera["Name"]] = cabecera["Value"]
    cuerpo = simple.get("Body") or {}
    texto, html = cuerpo.get("Text"), cuerpo.get("Html")
    if texto is not None:
        msg.set_content(_texto(texto), charset=_charset(texto))
        if html is not None:
            msg.add_alternative(_texto(html), subtype="html", charset=_charset(html))
    elif html is not None:
        msg.set_content(_texto(html), subtype="html", charset=_charset(html))
    for parte in msg.iter_parts():
        del parte["MIME-Version"]  # `email` la repite en cada parte; SES sólo la pone arriba
    return msg.as_bytes()


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

    SESV2Response.send_email = send_email  # type: ignore[method-assign]
    _aplicado = True
