"""Domicilio en partes (calle, número, localidad, estado, CP) para verificarlo con tolerancia sin guardarlo en claro.

Cada parte se normaliza a una forma canónica y se guarda como HMAC propio (con la pimienta y el nombre de la
parte). La respuesta de quien llama se parte igual y se compara parte por parte: la calle y el número deben ser
los mismos; la colonia y la ciudad, las mismas palabras en cualquier orden; el estado y el CP pueden faltar de
un lado, pero si están en los dos deben coincidir.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass

from funciones.nucleo.dominio.clientes import (
    _ABREVIATURAS,
    _APOSTROFOS,
    _NO_ALFANUMERICO,
    _PREVIOS,
    _sin_acentos,
)

# Se omiten al principio de la calle: «Calle Moctezuma» = «Moctezuma»; «Av. Insurgentes» = «Insurgentes».
_TIPOS_VIA = {"calle", "avenida"}
_MARCAS_NUMERO = {"numero", "num", "nro"}
# Marcas que se omiten en la localidad: «Col. Centro» = «Centro»; «Alcaldía Coyoacán» = «Coyoacán».
_MARCAS_LOCALIDAD = {"col", "colonia", "municipio", "alcaldia", "delegacion"}
_INTERIOR = {"interior", "departamento", "local"}
_NUMERO = re.compile(r"^(\d+[a-z]?|sn)$")
_CP = re.compile(r"^\d{5}$")

# Estados (y sus abreviaturas usuales) → una clave. «mexico» solo, al final, es el Estado de México o el país.
_ESTADOS: dict[str, str] = {
    "aguascalientes": "ags",
    "ags": "ags",
    "baja california": "bc",
    "bc": "bc",
    "baja california sur": "bcs",
    "bcs": "bcs",
    "campeche": "camp",
    "camp": "camp",
    "chiapas": "chis",
    "chis": "chis",
    "chihuahua": "chih",
    "chih": "chih",
    "ciudad de mexico": "cdmx",
    "coahuila": "coah",
    "coahuila de zaragoza": "coah",
    "coah": "coah",
    "colima": "col",
    "durango": "dgo",
    "dgo": "dgo",
    "estado de mexico": "mex",
    "mexico": "mex",
    "mex": "mex",
    "guanajuato": "gto",
    "gto": "gto",
    "guerrero": "gro",
    "hidalgo": "hgo",
    "hgo": "hgo",
    "jalisco": "jal",
    "jal": "jal",
    "michoacan": "mich",
    "michoacan de ocampo": "mich",
    "mich": "mich",
    "morelos": "mor",
    "nayarit": "nay",
    "nay": "nay",
    "nuevo leon": "nl",
    "nl": "nl",
    "oaxaca": "oax",
    "oax": "oax",
    "puebla": "pue",
    "pue": "pue",
    "queretaro": "qro",
    "qro": "qro",
    "quintana roo": "qroo",
    "qroo": "qroo",
    "san luis potosi": "slp",
    "slp": "slp",
    "sinaloa": "sin",
    "sonora": "son",
    "son": "son",
    "tabasco": "tab",
    "tab": "tab",
    "tamaulipas": "tamps",
    "tamps": "tamps",
    "tlaxcala": "tlax",
    "tlax": "tlax",
    "veracruz": "ver",
    "ver": "ver",
    "yucatan": "yuc",
    "yuc": "yuc",
    "zacatecas": "zac",
    "zac": "zac",
}
_MAX_PALABRAS_ESTADO = max(len(e.split()) for e in _ESTADOS)


@dataclass(frozen=True)
class Partes:
    """El domicilio partido y normalizado (en claro: sólo vive en memoria, nunca se guarda así)."""

    calle: str
    numero: str
    localidad: str  # palabras de colonia y ciudad, ordenadas, sin estado ni CP
    localidad_completa: str  # ordenadas, con el estado (por si el estado es también la ciudad o la colonia)
    estado: str | None
    cp: str | None


def _palabras(texto: str) -> list[str]:
    texto = _sin_acentos(texto)
    for patron, reemplazo in _PREVIOS:
        texto = patron.sub(reemplazo, texto)
    return [_ABREVIATURAS.get(p, p) for p in _NO_ALFANUMERICO.sub(" ", _APOSTROFOS.sub("", texto)).split()]


def _posicion_numero(palabras: list[str]) -> int | None:
    """Dónde está el número exterior: tras «número»/«#», o el primer número que no empiece la calle ni sea una
    fecha («5 de Mayo», «16 de Septiembre»)."""
    for i, p in enumerate(palabras[:-1]):
        if (p in _MARCAS_NUMERO or (p == "no" and palabras[i + 1][:1].isdigit())) and _NUMERO.match(palabras[i + 1]):
            return i + 1
    for i, p in enumerate(palabras):
        siguiente = palabras[i + 1] if i + 1 < len(palabras) else ""
        if i >= 1 and _NUMERO.match(p) and siguiente != "de":
            return i
    return None


def _estado_al_final(palabras: list[str]) -> tuple[int, str | None]:
    """El estado más largo con que terminan las palabras (sin dejarlas vacías): (cuántas palabras, clave)."""
    for largo in range(min(_MAX_PALABRAS_ESTADO, len(palabras) - 1), 0, -1):
        clave = _ESTADOS.get(" ".join(palabras[-largo:]))
        if clave:
            return largo, clave
    return 0, None


def _quitar_estado(palabras: list[str]) -> tuple[list[str], str | None]:
    """Quita el estado del final; antes, «México» como país tras un estado («CDMX, México»), y después la ciudad
    que se llama como el estado («Puebla, Pue.»)."""
    if palabras[-1:] == ["mexico"] and _estado_al_final(palabras[:-1])[1]:
        palabras = palabras[:-1]
    largo, estado = _estado_al_final(palabras)
    if estado:
        palabras = palabras[:-largo]
        otro, igual = _estado_al_final(palabras)
        if igual == estado:
            palabras = palabras[:-otro]
    return palabras, estado


def partes_domicilio(texto: str) -> Partes | None:
    """Parte un domicilio escrito a mano o dictado; `None` si no se encuentra calle, número y localidad."""
    palabras = _palabras(texto)
    while palabras and palabras[0] in _TIPOS_VIA:
        palabras = palabras[1:]
    i = _posicion_numero(palabras)
    if i is None:
        return None
    calle = [p for p in palabras[:i] if p not in _MARCAS_NUMERO and p != "no"]
    numero, resto = [palabras[i]], palabras[i + 1 :]
    # Interior: «Int. 3», «Depto. 4B», o una letra suelta («45 B»).
    while resto:
        if resto[0] in _INTERIOR and len(resto) > 1:
            numero += ["interior", resto[1]]
            resto = resto[2:]
        elif len(resto[0]) == 1 and resto[0].isalpha():
            numero.append(resto[0])
            resto = resto[1:]
        else:
            break
    cp, localidad = None, []
    j = 0
    while j < len(resto):
        p = resto[j]
        if p == "cp" and j + 1 < len(resto) and _CP.match(resto[j + 1]):
            cp, j = resto[j + 1], j + 2
            continue
        if _CP.match(p):
            cp = p
        elif p not in _MARCAS_LOCALIDAD:
            localidad.append(p)
        j += 1
    sin_estado, estado = _quitar_estado(localidad)
    if not calle or not sin_estado:
        return None
    return Partes(
        calle=" ".join(calle),
        numero=" ".join(numero),
        localidad=" ".join(sorted(sin_estado)),
        localidad_completa=" ".join(sorted(localidad)),
        estado=estado,
        cp=cp,
    )


def _hash(parte: str, valor: str, pimienta: bytes) -> str:
    return hmac.new(pimienta, f"{parte}\x00{valor}".encode(), hashlib.sha256).hexdigest()


def hashes_domicilio(texto: str, pimienta: bytes) -> dict[str, str] | None:
    """Lo que se guarda en el perfil: un HMAC por parte (sin las que faltan)."""
    partes = partes_domicilio(texto)
    if partes is None:
        return None
    return {k: _hash(k, v, pimienta) for k, v in vars(partes).items() if v is not None}


def _igual(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and hmac.compare_digest(a, b)


def domicilio_coincide(guardado: dict[str, str], respuesta: str, pimienta: bytes) -> bool:
    """Calle y número iguales; localidad igual (en cualquier orden); estado y CP, iguales si están en ambos."""
    dado = hashes_domicilio(respuesta, pimienta)
    if dado is None:
        return False
    compatibles = all(not (k in guardado and k in dado) or _igual(guardado[k], dado[k]) for k in ("estado", "cp"))
    calle_y_numero = _igual(guardado.get("calle"), dado["calle"]) and _igual(guardado.get("numero"), dado["numero"])
    localidad = (_igual(guardado.get("localidad"), dado["localidad"]) and compatibles) or (
        _igual(guardado.get("localidad_completa"), dado["localidad_completa"]) and _cp_compatible(guardado, dado)
    )
    return calle_y_numero and localidad


def _cp_compatible(guardado: dict[str, str], dado: dict[str, str]) -> bool:
    return not ("cp" in guardado and "cp" in dado) or _igual(guardado["cp"], dado["cp"])
