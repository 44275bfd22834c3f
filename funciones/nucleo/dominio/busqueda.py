"""Búsqueda de casos y clientes por folio, contrato, correo, teléfono y nombre (reglas puras, sin boto3).

Diseño de llaves, no Scan: cada dato buscable de un caso o de un cliente deja un item índice
`pk=BUSCA#<HMAC(clase:valor)>` con `sk=CASO#<fecha de registro>#<folio>` o `sk=CLIENTE#<contrato>`. Buscar es una
Query por término (la partición de ese término), nunca un recorrido de la tabla. El término va como HMAC con una
llave derivada de la pimienta: el índice no es otra copia legible de correos, teléfonos ni nombres.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass, field

from funciones.nucleo.dominio.clientes import normalizar_nombre
from funciones.nucleo.dominio.errores import DatosInvalidos, ErrorCampo
from funciones.nucleo.dominio.folio import folio_valido, normalizar_folio

LARGO_MAXIMO = 100
# Palabras de un nombre que se indexan y que se buscan a la vez (una Query cada una).
PALABRAS_INDEXADAS = 6
PALABRAS_BUSCADAS = 4
# Conectores de los nombres: su partición sería enorme y no distinguen a nadie.
VACIAS = frozenset({"de", "del", "la", "las", "los", "y", "e", "da", "di", "van", "von"})
CLASES = ("contrato", "correo", "telefono", "nombre")

_NUMERICO = re.compile(r"^[\d\s\-.()+]+$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_MARCADO = re.compile(r"<\s*[a-zA-Z!/?]|&#?\w+;|javascript:", re.IGNORECASE)


def llave_busqueda(pimienta: bytes) -> bytes:
    """La llave de los términos, derivada de la pimienta (como las de límites e idempotencia)."""
    return hmac.new(pimienta, b"bluepoint-busqueda-v1", hashlib.sha256).digest()


def clave_termino(llave: bytes, clase: str, valor: str) -> str:
    return hmac.new(llave, f"{clase}:{valor}".encode(), hashlib.sha256).hexdigest()[:32]


def telefono_normalizado(texto: str) -> str | None:
    """Los 10 dígitos de un teléfono mexicano, como sea que se escriba (+52, 52, espacios, guiones)."""
    digitos = "".join(c for c in texto if c.isdigit())
    if len(digitos) == 12 and digitos.startswith("52"):
        digitos = digitos[2:]
    elif len(digitos) == 13 and digitos.startswith("521"):
        digitos = digitos[3:]
    return digitos if re.fullmatch(r"[1-9]\d{9}", digitos) else None


def correo_normalizado(texto: str) -> str:
    return texto.strip().lower()


def palabras_nombre(nombre: str) -> list[str]:
    """Las palabras de un nombre que distinguen: sin acentos ni mayúsculas, sin conectores ni letras sueltas."""
    vistas: list[str] = []
    for palabra in normalizar_nombre(nombre).split():
        if len(palabra) >= 2 and palabra not in VACIAS and palabra not in vistas:
            vistas.append(palabra)
    return vistas


def terminos(
    *, contrato: str | None, correo: str | None, telefono: str | None, nombre: str | None
) -> list[tuple[str, str]]:
    """Los términos (clase, valor normalizado) de un caso o de un cliente, sin repetir."""
    salida: list[tuple[str, str]] = []
    if contrato:
        salida.append(("contrato", contrato))
    if correo:
        salida.append(("correo", correo_normalizado(correo)))
    tel = telefono_normalizado(telefono) if telefono else None
    if tel:
        salida.append(("telefono", tel))
    salida += [("nombre", p) for p in palabras_nombre(nombre or "")[:PALABRAS_INDEXADAS]]
    return salida


def claves(llave: bytes, lista: list[tuple[str, str]]) -> list[str]:
    return list(dict.fromkeys(clave_termino(llave, c, v) for c, v in lista))


@dataclass
class Consulta:
    """Lo que se busca a partir del texto: un folio directo y los términos del índice."""

    texto: str
    folio: str | None = None
    contrato: str | None = None
    terminos: list[tuple[str, str]] = field(default_factory=list)


def interpretar(texto: str | None) -> Consulta:
    """Del texto de la caja de búsqueda a los términos; 400 (campo `q`) si no hay nada que buscar.

    Dígitos (con o sin espacios): folio si el dígito verificador cuadra, teléfono si son 10 dígitos (o +52…),
    contrato si son de 6 a 12; puede ser varias cosas a la vez. Con «@»: correo. Lo demás: palabras del nombre.
    """
    q = (texto or "").strip()
    if not q:
        raise DatosInvalidos(
            "Escribe qué buscar.",
            [ErrorCampo("q", "Escribe un folio, contrato, correo, teléfono o nombre.")],
        )
    if len(q) > LARGO_MAXIMO:
        raise DatosInvalidos(
            "La búsqueda es demasiado larga.",
            [ErrorCampo("q", f"Escribe a lo más {LARGO_MAXIMO} caracteres.")],
        )
    if _CONTROL.search(q) or _MARCADO.search(q):
        raise DatosInvalidos(
            "La búsqueda tiene caracteres no permitidos.",
            [ErrorCampo("q", "Escribe sólo el folio, el contrato, el correo, el teléfono o el nombre.")],
        )
    consulta = Consulta(q)
    if _NUMERICO.match(q):
        digitos = "".join(c for c in q if c.isdigit())
        if folio_valido(digitos):
            consulta.folio = normalizar_folio(digitos)
        tel = telefono_normalizado(q)
        if tel:
            consulta.terminos.append(("telefono", tel))
        if 6 <= len(digitos) <= 12:
            consulta.contrato = digitos
            consulta.terminos.append(("contrato", digitos))
        if consulta.folio is None and not consulta.terminos:
            raise DatosInvalidos(
                "Ese número no es un folio, un contrato ni un teléfono.",
                [
                    ErrorCampo(
                        "q",
                        "Un folio tiene 10 dígitos, un contrato de 6 a 12 y un teléfono 10 (con o sin +52).",
                    )
                ],
            )
        return consulta
    if "@" in q:
        consulta.terminos.append(("correo", correo_normalizado(q)))
        return consulta
    palabras = palabras_nombre(q)
    if not palabras:
        raise DatosInvalidos(
            "No hay palabras que buscar.",
            [ErrorCampo("q", "Escribe al menos una palabra del nombre, de 2 letras o más.")],
        )
    consulta.terminos += [("nombre", p) for p in palabras[:PALABRAS_BUSCADAS]]
    return consulta


def coincidencias(
    consulta: Consulta, *, contrato: str | None, correo: str | None, telefono: str | None, nombre: str | None
) -> tuple[list[str], int]:
    """Qué datos actuales de un caso o cliente coinciden con la búsqueda (un item índice viejo no cuenta) y
    cuántos términos coinciden (dos palabras del nombre pesan más que una)."""
    propios = set(terminos(contrato=contrato, correo=correo, telefono=telefono, nombre=nombre))
    iguales = [c for c, v in consulta.terminos if (c, v) in propios]
    return list(dict.fromkeys(iguales)), len(iguales)
