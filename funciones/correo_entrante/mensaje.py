"""Un correo recibido: el MIME con la biblioteca estándar y la respuesta sin historia citada ni firma.

La historia y la firma las quita `mail-parser-reply` (mantenida, sin dependencias, con rueda para Lambda). Su
español viene marcado «untested» y falla con Gmail («… <correo> escribió:» con un solo espacio) y con Outlook
(«Enviado el:», «-----Mensaje original-----»): se registra aquí, por su propio mecanismo de idiomas, el español
como lo escriben Gmail, Outlook, Apple Mail, Android y Yahoo en México (docs/decisiones.md, issue 15).
"""

from __future__ import annotations

import email
import re
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.utils import getaddresses
from html.parser import HTMLParser

from mailparser_reply import constants as _constantes
from mailparser_reply.parser import EmailMessage as _Fragmentos

IDIOMA = "es_mx"
_CITA = _constantes.QUOTED_MATCH_INCLUDE
_constantes.MAIL_LANGUAGES[IDIOMA] = {
    # «El mar, 1 dic 2026 a las 10:00, Nombre <correo> escribió:» (Gmail, Apple Mail, Yahoo), también partido en
    # dos renglones y citado con «>».
    "wrote_header": r"^(" + _CITA + r"El\s(?:.+?\s?.+?)\s?escribi[óo]\s?:)$",
    # Outlook y Android: «-----Mensaje original-----» (opcional) y dos o más de «De:», «Enviado (el):», «Para:»…
    "from_header": r"((?:(?:^|\n)"
    + _CITA
    + r"-{5,}\s?Mensaje (?:original|reenviado)\s?-{5,}\n)?(?:(?:^|\n|\n"
    + _CITA
    + r")[* ]*(?:De|Enviado el|Enviado|Para|Asunto|Fecha|CC|Cc|Organización):[ *]*(?:\s{,2}).*){2,}(?:\n.*){,1})",
    "disclaimers": ["Aviso de confidencialidad:", "Aviso de privacidad:", "Confidencialidad:"],
    # Despedidas que abren una firma. «Gracias» no: suele ir en medio del mensaje.
    "signatures": ["Saludos", "Atentamente", "Cordialmente", "Un saludo"],
    "sent_from": r"Enviado desde mi|Enviado desde|Obtener Outlook para|Descargar Outlook para",
}

# Lo que un buzón no entrega al historial: ni un texto eterno ni un cuerpo vacío.
MAX_TEXTO = 4000
# Lo que se analiza del cuerpo: lo que escribió el cliente va arriba (≤ MAX_TEXTO) y el encabezado de la cita
# justo después; el resto es historia. Acota el tiempo de las expresiones de la biblioteca (~0.8 s con 200 KB).
MAX_ANALISIS = 32 * 1024


def respuesta(texto: str) -> str:
    """Lo que escribió el cliente: la primera parte del correo, sin la historia citada ni la firma."""
    if not texto.strip():
        return ""
    fragmentos = _Fragmentos(text=texto[:MAX_ANALISIS], languages=[IDIOMA]).read()
    primera = fragmentos.replies[0] if fragmentos.replies else None
    # Si el primer fragmento ya empieza con un encabezado de cita, el cliente no escribió nada arriba de ella.
    cuerpo = primera.body if primera is not None and not primera.headers else ""
    # Sin texto propio (sólo citó, o todo parecía firma): nada de la historia se cuela como mensaje.
    return re.sub(r"\n{3,}", "\n\n", cuerpo).strip()


class _Texto(HTMLParser):
    """El texto de un HTML (cuando el correo no trae parte de texto): párrafos y saltos, sin scripts ni estilos."""

    _BLOQUES = frozenset({"p", "div", "br", "li", "tr", "h1", "h2", "h3", "blockquote"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.partes: list[str] = []
        self._omitir = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "head"):
            self._omitir += 1
        elif tag in self._BLOQUES:
            self.partes.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "head"):
            self._omitir = max(0, self._omitir - 1)
        elif tag in self._BLOQUES:
            self.partes.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._omitir:
            self.partes.append(data)


def texto_de_html(html: str) -> str:
    lector = _Texto()
    lector.feed(html)
    return "\n".join(r.strip() for r in "".join(lector.partes).splitlines())


@dataclass(frozen=True)
class Adjunto:
    nombre: str
    tipo_contenido: str
    contenido: bytes


@dataclass(frozen=True)
class Recibido:
    """Lo que importa de un correo recibido, ya interpretado."""

    remitente: str
    destinatarios: list[str]
    asunto: str
    id_correo: str
    tipo_contenido: str
    cabeceras: dict[str, str]
    texto: str
    adjuntos: list[Adjunto] = field(default_factory=list)


def _direcciones(msg: EmailMessage, *nombres: str) -> list[str]:
    valores = [str(v) for n in nombres for v in msg.get_all(n, [])]
    return [d.strip() for _, d in getaddresses(valores) if d.strip()]


def leer(crudo: bytes) -> Recibido:
    """El RFC 5322 con `email` (policy default): cabeceras decodificadas, cuerpo de texto y adjuntos."""
    msg = email.message_from_bytes(crudo, policy=policy.default)
    if not isinstance(msg, EmailMessage):  # con policy.default siempre lo es
        raise TypeError("mensaje inesperado")
    cabeceras: dict[str, str] = {}
    for nombre, valor in msg.items():
        cabeceras.setdefault(nombre, str(valor))
    cuerpo = msg.get_body(preferencelist=("plain", "html"))
    texto = ""
    if cuerpo is not None:
        contenido = cuerpo.get_content()
        texto = texto_de_html(contenido) if cuerpo.get_content_type() == "text/html" else contenido
    adjuntos = []
    # Adjuntos y también las fotos en línea con nombre (Apple Mail manda así una foto pegada en el texto).
    for parte in msg.walk():
        if parte is cuerpo or parte.is_multipart() or not parte.get_filename():
            continue
        if parte.get_content_disposition() not in ("attachment", "inline"):
            continue
        datos = parte.get_payload(decode=True)
        if isinstance(datos, bytes):
            adjuntos.append(Adjunto(str(parte.get_filename()), parte.get_content_type(), datos))
    remitentes = _direcciones(msg, "From")
    return Recibido(
        remitente=remitentes[0] if remitentes else "",
        destinatarios=_direcciones(msg, "To", "Cc"),
        asunto=str(msg.get("Subject", "")),
        id_correo=str(msg.get("Message-ID", "")).strip(),
        tipo_contenido=msg.get_content_type(),
        cabeceras=cabeceras,
        texto=texto.replace("\r\n", "\n"),
        adjuntos=adjuntos,
    )
