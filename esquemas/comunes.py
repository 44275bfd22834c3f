"""Validaciones compartidas por los modelos de solicitud (mensajes en español)."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator
from pydantic_core import PydanticCustomError

# Elementos de HTML, SVG y MathML que un navegador interpreta (los demás nombres tras `<` son texto para una persona:
# "<menos de 10 megas", "<5 Mbps"). Con la lista y las reglas de abajo se rechaza lo que podría volverse marcado.
_ELEMENTOS = (
    "a|abbr|address|animate|applet|area|article|aside|audio|b|base|basefont|bdi|bdo|bgsound|big|blink|blockquote|"
    "body|br|button|canvas|caption|center|cite|code|col|colgroup|data|datalist|dd|del|details|dfn|dialog|dir|div|dl|"
    "dt|em|embed|fieldset|figcaption|figure|font|footer|foreignobject|form|frame|frameset|g|h[1-6]|head|header|"
    "hgroup|hr|html|i|iframe|image|img|input|ins|isindex|kbd|keygen|label|layer|legend|li|link|listing|main|map|mark|"
    "marquee|math|menu|meta|meter|multicol|nav|nobr|noembed|noframes|noscript|object|ol|optgroup|option|output|p|"
    "param|path|picture|plaintext|portal|pre|progress|q|rp|rt|ruby|s|samp|script|search|section|select|set|slot|"
    "small|source|span|strike|strong|style|sub|summary|sup|svg|table|tbody|td|template|textarea|tfoot|th|thead|time|"
    "title|tr|track|tt|u|ul|use|var|video|wbr|xmp|xss"
)
_MARCADO = re.compile(
    # Cierre, comentario, declaración o instrucción (</…, <!…, <?…); un elemento conocido; cualquier etiqueta con
    # un manejador de eventos (<x onclick=…>); entidades; y javascript:.
    rf"<\s*[!/?]|<\s*(?:{_ELEMENTOS})(?![\w-])|<\s*[a-z][\w:.-]*[^<>]*?\bon[a-z]+\s*=|&#?\w+;|javascript:",
    re.IGNORECASE,
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CORREO = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$"
)
_SEPARADORES = re.compile(r"[\s\-.()]")


def _texto_limpio(valor: object) -> object:
    if isinstance(valor, str):
        valor = valor.strip()
        if _CONTROL.search(valor):
            raise PydanticCustomError("caracteres_invalidos", "Contiene caracteres no permitidos.")
        if _MARCADO.search(valor):
            raise PydanticCustomError(
                "marcado_no_permitido", "No incluyas etiquetas HTML ni código; escribe solo texto."
            )
    return valor


def _correo(valor: str) -> str:
    valor = valor.lower()
    if len(valor) > 254 or not _CORREO.match(valor):
        raise PydanticCustomError("correo_invalido", "Escribe un correo válido, por ejemplo nombre@dominio.mx.")
    return valor


def _telefono(valor: str) -> str:
    digitos = _SEPARADORES.sub("", valor)
    if digitos.startswith("+52"):
        digitos = digitos[3:]
    elif digitos.startswith("52") and len(digitos) == 12:
        digitos = digitos[2:]
    if not re.fullmatch(r"[1-9]\d{9}", digitos):
        raise PydanticCustomError("telefono_invalido", "Escribe un teléfono de 10 dígitos, por ejemplo 767 672 0827.")
    return "+52" + digitos


def _contrato(valor: str) -> str:
    digitos = _SEPARADORES.sub("", valor)
    if not re.fullmatch(r"\d{6,12}", digitos):
        raise PydanticCustomError("contrato_invalido", "El número de contrato tiene de 6 a 12 dígitos.")
    return digitos


Texto = Annotated[str, BeforeValidator(_texto_limpio)]
Correo = Annotated[str, BeforeValidator(_texto_limpio), AfterValidator(_correo)]
Telefono = Annotated[str, BeforeValidator(_texto_limpio), AfterValidator(_telefono)]
Contrato = Annotated[str, BeforeValidator(_texto_limpio), AfterValidator(_contrato)]
