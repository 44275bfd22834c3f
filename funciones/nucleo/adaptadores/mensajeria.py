"""Correo por SES v2 (contenido Simple: SES arma el MIME) y SMS por SNS."""

from __future__ import annotations

import re
from email.utils import formataddr
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mypy_boto3_sesv2 import SESV2Client
    from mypy_boto3_sns import SNSClient

_NOMBRE_REMITENTE = "Blue Point Atención al Cliente"
# Una dirección sola, en ASCII (los caracteres del alta): nada de saltos de línea, comas, ángulos ni espacios
# que abran otra cabecera u otro destinatario.
_DIRECCION = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
# RFC 2047: una palabra codificada («=?utf-8?q?…?=») mide a lo más 75 caracteres.
_LARGO_CODIFICADO = 75
# Lo que acepta SES en `Headers` (MessageHeader): nombre ASCII imprimible sin «:», valor ASCII imprimible.
_NOMBRE_CABECERA = re.compile(r"[!-9;-~]{1,126}")
_VALOR_CABECERA = re.compile(r"[ -~]{1,870}")
# Cabeceras que SES arma con sus propios parámetros (o reemplaza: Date, Message-ID): no van en `Headers`.
_CABECERAS_DE_SES = frozenset(
    {
        "from",
        "to",
        "cc",
        "bcc",
        "reply-to",
        "subject",
        "date",
        "message-id",
        "mime-version",
        "content-type",
        "content-transfer-encoding",
        "return-path",
        "sender",
    }
)


def _direccion(valor: str, campo: str) -> str:
    if not _DIRECCION.fullmatch(valor):
        raise ValueError(f"{campo} inválido para una cabecera de correo")
    return valor


def _para(destinatario: str, nombre: str | None) -> str:
    """`Nombre <correo>` (codificado si no es ASCII): un To con nombre es lo que espera un filtro de correo."""
    direccion = _direccion(destinatario, "destinatario")
    # Espacios y saltos de línea se vuelven un espacio: el nombre no puede abrir otra cabecera. Un nombre largo
    # pierde palabras del final hasta caber codificado en una sola palabra RFC 2047.
    palabras = (nombre or "").split()
    while palabras:
        para = formataddr((" ".join(palabras), direccion), charset="utf-8")
        if len(para) - len(direccion) - 3 <= _LARGO_CODIFICADO:
            return para
        palabras.pop()
    return direccion


def _cabeceras(cabeceras: dict[str, str]) -> list[dict[str, str]]:
    if len(cabeceras) > 15:
        raise ValueError("SES acepta a lo más 15 cabeceras propias")
    salida = []
    for nombre, valor in cabeceras.items():
        if not _NOMBRE_CABECERA.fullmatch(nombre) or not _VALOR_CABECERA.fullmatch(valor):
            raise ValueError(f"cabecera de correo inválida: {nombre!r}")
        if nombre.lower() in _CABECERAS_DE_SES:
            raise ValueError(f"la cabecera {nombre} la arma SES")
        salida.append({"Name": nombre, "Value": valor})
    return salida


class CorreoSes:
    """SES arma el mensaje (From, To, Reply-To, Subject, Date, Message-ID, multipart/alternative)."""

    def __init__(
        self, cliente: SESV2Client, remitente: str, config_ses: str | None, responder_a: str | None = None
    ) -> None:
        self.cliente = cliente
        self.remitente = formataddr((_NOMBRE_REMITENTE, _direccion(remitente, "remitente")), charset="utf-8")
        self.config_ses = config_ses
        # Reply-To por omisión: la dirección de atención (sin ajuste, el propio remitente).
        self.responder_a = _direccion(responder_a or remitente, "responder_a")

    def enviar(
        self,
        destinatario: str,
        asunto: str,
        texto: str,
        html: str,
        etiquetas: dict[str, str] | None = None,
        *,
        nombre: str | None = None,
        responder_a: str | None = None,
        cabeceras: dict[str, str] | None = None,
    ) -> str:
        """Devuelve el id que SES le da al mensaje (su Message-ID es `<id@…amazonses.com>`)."""
        simple: dict[str, Any] = {
            # SES pliega y codifica el asunto; un salto de línea no debe llegarle.
            "Subject": {"Data": " ".join(asunto.split()), "Charset": "UTF-8"},
            "Body": {"Text": {"Data": texto, "Charset": "UTF-8"}, "Html": {"Data": html, "Charset": "UTF-8"}},
        }
        if cabeceras:
            simple["Headers"] = _cabeceras(cabeceras)
        argumentos: dict[str, Any] = {
            "FromEmailAddress": self.remitente,
            "Destination": {"ToAddresses": [_para(destinatario, nombre)]},
            "ReplyToAddresses": [_direccion(responder_a, "responder_a") if responder_a else self.responder_a],
            "Content": {"Simple": simple},
        }
        if self.config_ses:
            argumentos["ConfigurationSetName"] = self.config_ses
        if etiquetas:
            # Vuelven en los eventos de SES (entrega, rebote, queja): así se sabe de qué caso y aviso son.
            argumentos["EmailTags"] = [{"Name": k, "Value": v} for k, v in etiquetas.items()]
        return self.cliente.send_email(**argumentos)["MessageId"]


class SmsSns:
    def __init__(self, cliente: SNSClient) -> None:
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

    def __init__(self, cliente: SNSClient, tema: str) -> None:
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
