"""Correo por SES v2 (MIME con texto y HTML) y SMS por SNS."""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import formataddr, make_msgid
from typing import Any


class CorreoSes:
    def __init__(self, cliente: Any, remitente: str, config_ses: str | None) -> None:
        self.cliente = cliente
        self.remitente = remitente
        self.config_ses = config_ses

    def enviar(
        self, destinatario: str, asunto: str, texto: str, html: str, etiquetas: dict[str, str] | None = None
    ) -> str:
        mensaje = EmailMessage()
        mensaje["Subject"] = asunto
        mensaje["From"] = formataddr(("Blue Point Atención al Cliente", self.remitente))
        mensaje["To"] = destinatario
        mensaje["Message-ID"] = make_msgid(domain=self.remitente.partition("@")[2] or None)
        mensaje.set_content(texto, charset="utf-8")
        mensaje.add_alternative(html, subtype="html", charset="utf-8")
        argumentos: dict[str, Any] = {
            "FromEmailAddress": self.remitente,
            "Destination": {"ToAddresses": [destinatario]},
            "Content": {"Raw": {"Data": mensaje.as_bytes()}},
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
