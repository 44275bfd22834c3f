"""Correo por SES v2 (MIME con texto y HTML) y SMS por SNS."""

from __future__ import annotations

import base64
import secrets
from email.header import Header
from email.utils import formataddr
from typing import Any

_NOMBRE_REMITENTE = "Blue Point Atención al Cliente"


def _parte(tipo: str, contenido: str) -> bytes:
    return (
        f'Content-Type: {tipo}; charset="utf-8"\r\nContent-Transfer-Encoding: base64\r\n\r\n'.encode()
        + base64.encodebytes(contenido.encode("utf-8")).replace(b"\n", b"\r\n")
    )


def mime_alternativo(remitente: str, destinatario: str, asunto: str, texto: str, html: str) -> bytes:
    """multipart/alternative (texto y HTML) armado directo: `EmailMessage` cuesta más que la llamada a SES."""
    if any(c in destinatario for c in "\r\n,;<>"):
        raise ValueError("destinatario inválido para una cabecera de correo")
    frontera = f"=_bp_{secrets.token_hex(12)}"
    dominio = remitente.partition("@")[2] or "localhost"
    cabeceras = (
        f"From: {formataddr((_NOMBRE_REMITENTE, remitente), charset='utf-8')}\r\n"
        f"To: {destinatario}\r\n"
        f"Subject: {Header(asunto, 'utf-8', header_name='Subject').encode(linesep=chr(13) + chr(10))}\r\n"
        f"Message-ID: <{secrets.token_hex(16)}@{dominio}>\r\n"
        "MIME-Version: 1.0\r\n"
        f'Content-Type: multipart/alternative; boundary="{frontera}"\r\n\r\n'
    )
    separador = f"--{frontera}\r\n".encode()
    return b"".join(
        (
            cabeceras.encode(),
            separador,
            _parte("text/plain", texto),
            separador,
            _parte("text/html", html),
            f"--{frontera}--\r\n".encode(),
        )
    )


class CorreoSes:
    def __init__(self, cliente: Any, remitente: str, config_ses: str | None) -> None:
        self.cliente = cliente
        self.remitente = remitente
        self.config_ses = config_ses

    def enviar(
        self, destinatario: str, asunto: str, texto: str, html: str, etiquetas: dict[str, str] | None = None
    ) -> str:
        argumentos: dict[str, Any] = {
            "FromEmailAddress": self.remitente,
            "Destination": {"ToAddresses": [destinatario]},
            "Content": {"Raw": {"Data": mime_alternativo(self.remitente, destinatario, asunto, texto, html)}},
        }
        if self.config_ses:
            argumentos["ConfigurationSetName"] = self.config_ses
        if etiquetas:
            # Vuelven en los eventos de SES (entrega, rebote, queja): así se sabe de qué caso y aviso son.
            argumentos["EmailTags"] = [{"Name": k, "Value": v} for k, v in etiquetas.items()]
        return self.cliente.send_email(**argumentos)["MessageId"]


class SmsSns:
    def __init__(self, cliente: Any) -> None:
        self.cliente = cliente

    def enviar(self, telefono: str, mensaje: str) -> str:
        r = self.cliente.publish(
            PhoneNumber=telefono,
            Message=mensaje,
            MessageAttributes={"AWS.SNS.SMS.SMSType": {"DataType": "String", "StringValue": "Transactional"}},
        )
        return r["MessageId"]


class AlertasSns:
    """Alertas a supervisores y departamentos; cada suscripción filtra por los atributos del mensaje."""

    def __init__(self, cliente: Any, tema: str) -> None:
        self.cliente = cliente
        self.tema = tema

    def publicar(self, asunto: str, mensaje: str, atributos: dict[str, Any]) -> str:
        import json

        mensaje_atributos: dict[str, Any] = {}
        for clave, valor in atributos.items():
            if isinstance(valor, list):
                mensaje_atributos[clave] = {"DataType": "String.Array", "StringValue": json.dumps(valor)}
            elif isinstance(valor, int | float):
                mensaje_atributos[clave] = {"DataType": "Number", "StringValue": str(valor)}
            else:
                mensaje_atributos[clave] = {"DataType": "String", "StringValue": str(valor)}
        r = self.cliente.publish(
            TopicArn=self.tema, Subject=asunto[:100], Message=mensaje, MessageAttributes=mensaje_atributos
        )
        return r["MessageId"]
