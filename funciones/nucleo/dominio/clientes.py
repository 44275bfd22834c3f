"""El cliente del padrón, las respuestas de seguridad con hash y la bonificación (solo biblioteca estándar)."""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Literal

Pregunta = Literal["domicilio", "ultimos4"]

CENTAVOS = Decimal("0.01")
PORCENTAJE_BONIFICACION = 20


@dataclass
class Cliente:
    contrato: str
    nombre: str
    correo: str | None
    telefono: str | None  # E.164, +52…
    precio_mensual: Decimal
    # HMAC-SHA256 con la pimienta; el domicilio y los últimos 4 nunca se guardan en claro.
    domicilio_hash: str
    ultimos4_hash: str
    # Un HMAC por parte del domicilio (calle, número, localidad…), para compararlo con tolerancia (`domicilios`).
    domicilio_partes: dict[str, str] | None = None


def _sin_acentos(texto: str) -> str:
    descompuesto = unicodedata.normalize("NFKD", texto.casefold())
    return "".join(c for c in descompuesto if not unicodedata.combining(c))


_APOSTROFOS = re.compile(r"['’‘`´]")
_NO_ALFANUMERICO = re.compile(r"[^0-9a-z]+")


def normalizar_nombre(texto: str) -> str:
    """Minúsculas sin acentos ni puntuación, con un solo espacio entre palabras.

    «María-Fernanda  Gómez Ruiz.» → «maria fernanda gomez ruiz»; los apóstrofos se quitan sin dejar espacio.
    """
    texto = _APOSTROFOS.sub("", _sin_acentos(texto))
    return " ".join(_NO_ALFANUMERICO.sub(" ", texto).split())


# Reemplazos sobre el texto antes de quitar la puntuación (dependen de «.», «/» o «#»).
_PREVIOS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"#"), " numero "),
    (re.compile(r"\bn\s*[°º]"), " numero "),
    (re.compile(r"\bs\s*/\s*n\b\.?"), " sn "),
    (re.compile(r"\bc\.?\s*p\.?(?=\s*\d)"), " cp "),
    (re.compile(r"\bm[eé]xico,?\s*d\.?\s*f\b\.?"), " cdmx "),
    (re.compile(r"\bd\.\s*f\b\.?"), " cdmx "),
    (re.compile(r"\bedo\.?\s*(?:de\s+)?m[eé]x\b\.?"), " edomex "),
    # «3-B», «B-3»: el guion entre número y letra no separa palabras.
    (re.compile(r"(?<=\d)-(?=[0-9a-z])|(?<=[0-9a-z])-(?=\d)"), ""),
)

_ABREVIATURAS = {
    "av": "avenida",
    "ave": "avenida",
    "avda": "avenida",
    "c": "calle",
    "cll": "calle",
    "clle": "calle",
    "calz": "calzada",
    "blvd": "boulevard",
    "blvr": "boulevard",
    "bulevar": "boulevard",
    "bulevard": "boulevard",
    "priv": "privada",
    "prol": "prolongacion",
    "carr": "carretera",
    "pte": "poniente",
    "ote": "oriente",
    "nte": "norte",
    "fracc": "fraccionamiento",
    "int": "interior",
    "ext": "exterior",
    "depto": "departamento",
    "dpto": "departamento",
    "mz": "manzana",
    "mza": "manzana",
    "lt": "lote",
    "mpio": "municipio",
    "edo": "estado",
    "cdmx": "ciudad de mexico",
    "df": "ciudad de mexico",
    "edomex": "estado de mexico",
    "gro": "guerrero",
    "mor": "morelos",
}
_MARCAS_COLONIA = {"col", "colonia"}
_MARCAS_NUMERO = {"numero", "num", "nro", "no"}


def normalizar_domicilio(texto: str) -> str:
    """Forma canónica de un domicilio para compararlo con el guardado.

    Regla, en orden:
    1. minúsculas (casefold) y sin acentos; «#» y «N°» son «número»; «S/N» es «sn»; «C.P.» es «cp»;
       «México D.F.», «D.F.» y «CDMX» son «ciudad de mexico»; «Edo. de Méx.» y «Edomex» son «estado de mexico»;
       un guion entre número y letra se quita («3-B» = «3B»);
    2. toda otra puntuación separa palabras y los espacios se colapsan;
    3. las abreviaturas comunes se escriben completas: av/ave/avda → avenida, c/cll → calle, calz, blvd,
       priv, prol, carr, pte, ote, nte, fracc, int, ext, depto, mz, lt, mpio, edo, gro → guerrero,
       mor → morelos;
    4. se borran las marcas de colonia («col», «colonia») y de número («numero», «num», «nro», y «no» cuando
       le sigue un número), para que «Col. Del Valle» = «Del Valle» y «No. 1234» = «#1234» = «1234».

    Así «Av. Insurgentes Sur #1234, Col. Del Valle, CDMX» y «avenida insurgentes sur numero 1234 colonia del
    valle ciudad de mexico» dan lo mismo. No reordena ni completa datos: «Insurgentes Sur 1234» sin la colonia
    es otro domicilio.
    """
    texto = _sin_acentos(texto)
    for patron, reemplazo in _PREVIOS:
        texto = patron.sub(reemplazo, texto)
    palabras = _NO_ALFANUMERICO.sub(" ", _APOSTROFOS.sub("", texto)).split()
    salida: list[str] = []
    for i, palabra in enumerate(palabras):
        siguiente = palabras[i + 1] if i + 1 < len(palabras) else ""
        if palabra in _MARCAS_COLONIA:
            continue
        if palabra in _MARCAS_NUMERO and (palabra != "no" or siguiente[:1].isdigit()):
            continue
        salida.append(_ABREVIATURAS.get(palabra, palabra))
    return " ".join(salida)


def normalizar_ultimos4(texto: str) -> str:
    """Solo los dígitos: «43 21» = «4321»."""
    return "".join(c for c in texto if c.isdigit())


_NORMALIZADORES = {"domicilio": normalizar_domicilio, "ultimos4": normalizar_ultimos4}


def hash_con_pimienta(valor_normalizado: str, pimienta: bytes) -> str:
    return hmac.new(pimienta, valor_normalizado.encode(), hashlib.sha256).hexdigest()


def hash_respuesta(pregunta: Pregunta, respuesta: str, pimienta: bytes) -> str:
    """El hash que se guarda y el que se compara salen de aquí, con la misma normalización."""
    return hash_con_pimienta(_NORMALIZADORES[pregunta](respuesta), pimienta)


def crear_cliente(
    *,
    contrato: str,
    nombre: str,
    correo: str | None,
    telefono: str | None,
    precio_mensual: Decimal,
    domicilio: str,
    ultimos4: str,
    pimienta: bytes,
) -> Cliente:
    """Arma el cliente a partir de los datos en claro; el domicilio y los últimos 4 quedan solo como hash."""
    from funciones.nucleo.dominio.domicilios import hashes_domicilio

    return Cliente(
        contrato=contrato,
        nombre=nombre,
        correo=correo,
        telefono=telefono,
        precio_mensual=precio_mensual,
        domicilio_hash=hash_respuesta("domicilio", domicilio, pimienta),
        ultimos4_hash=hash_respuesta("ultimos4", ultimos4, pimienta),
        domicilio_partes=hashes_domicilio(domicilio, pimienta),
    )


def respuesta_correcta(cliente: Cliente, pregunta: Pregunta, respuesta: str, pimienta: bytes) -> bool:
    esperado = {"domicilio": cliente.domicilio_hash, "ultimos4": cliente.ultimos4_hash}[pregunta]
    dado = hash_respuesta(pregunta, respuesta, pimienta)
    # Una respuesta que se normaliza a vacío nunca es correcta, aunque algo vacío se hubiera guardado.
    exacta = bool(_NORMALIZADORES[pregunta](respuesta)) and hmac.compare_digest(dado, esperado)
    if pregunta != "domicilio" or not cliente.domicilio_partes:
        return exacta
    from funciones.nucleo.dominio.domicilios import domicilio_coincide

    # Con las partes guardadas, también las variantes usuales (orden, abreviaturas, estado o CP de más o de menos).
    tolerante = domicilio_coincide(cliente.domicilio_partes, respuesta, pimienta)
    return exacta or tolerante


def nombre_coincide(cliente: Cliente, nombre: str) -> bool:
    """El nombre completo, igual tras normalizarlo (sin acentos, mayúsculas ni puntuación)."""
    dado = normalizar_nombre(nombre)
    return bool(dado) and hmac.compare_digest(dado.encode(), normalizar_nombre(cliente.nombre).encode())


def _dinero(valor: Decimal) -> Decimal:
    return valor.quantize(CENTAVOS, rounding=ROUND_HALF_UP)


def bonificacion(precio_mensual: Decimal, dias_afectados: int, dias_mes: int = 30) -> dict[str, Decimal | int]:
    """Bonificación por interrupción del servicio (NOM-184-SCFI-2018).

    Se descuenta la parte proporcional de la renta por los días afectados y se bonifica además el 20 % de esa
    parte. El monto se calcula **una sola vez, sobre la cifra exacta**, y se redondea **hacia arriba** al centavo
    (ROUND_CEILING): `monto = ⌈precio × días / días del mes × 1.20⌉`. Así nunca queda por debajo del 120 % de la
    parte proporcional y sobra menos de un centavo. El proporcional que se muestra es el exacto truncado al centavo
    (ROUND_FLOOR): el 120 % de lo mostrado nunca pasa del monto, así el cliente no ve una cifra menor a la que
    calcularía. Ejemplos: 499.00 × 3/30 = 49.90 → 59.88; 199.03 × 8/30 = 53.0746… (se muestra 53.07) y
    63.6896 → 63.69. Los días afectados van de 1 a 31 y el proporcional nunca pasa de la renta del mes.
    """
    if isinstance(dias_afectados, bool) or not isinstance(dias_afectados, int) or not 1 <= dias_afectados <= 31:
        raise ValueError("Los días afectados van de 1 a 31.")
    if isinstance(dias_mes, bool) or not isinstance(dias_mes, int) or not 28 <= dias_mes <= 31:
        raise ValueError("El mes tiene de 28 a 31 días.")
    try:
        precio = Decimal(str(precio_mensual))
    except InvalidOperation as e:
        raise ValueError("El precio mensual no es un número.") from e
    if not precio.is_finite() or precio <= 0:
        raise ValueError("El precio mensual debe ser mayor que cero.")
    # Un mes completo de afectación es, a lo más, la renta del mes (31 días sobre la base de 30 no es 103 %).
    dias = min(dias_afectados, dias_mes)
    # Una sola división al final: la única aproximación de Decimal (28 dígitos) no puede cruzar un centavo.
    proporcional = (precio * dias / dias_mes).quantize(CENTAVOS, rounding=ROUND_FLOOR)
    monto = (precio * dias * (100 + PORCENTAJE_BONIFICACION) / (dias_mes * 100)).quantize(
        CENTAVOS, rounding=ROUND_CEILING
    )
    return {
        "dias_afectados": dias_afectados,
        "precio_mensual": _dinero(precio),
        "proporcional": proporcional,
        "monto": monto,
        "porcentaje_adicional": PORCENTAJE_BONIFICACION,
    }


def bonificacion_por_cargo(monto_cobrado: Decimal) -> dict[str, Decimal | int | str]:
    """Bonificación por un cargo indebido o un error de facturación (NOM-184-SCFI-2018): se devuelve lo cobrado y
    se bonifica además el 20 %. `monto = ⌈cobrado × 1.20⌉` al centavo; p. ej. 349.00 → 418.80, 0.01 → 0.02."""
    try:
        cobrado = Decimal(str(monto_cobrado))
    except InvalidOperation as e:
        raise ValueError("El monto cobrado no es un número.") from e
    if not cobrado.is_finite() or cobrado <= 0:
        raise ValueError("El monto cobrado debe ser mayor que cero.")
    monto = (cobrado * (100 + PORCENTAJE_BONIFICACION) / 100).quantize(CENTAVOS, rounding=ROUND_CEILING)
    return {
        "base": "cargo",
        "monto_cobrado": _dinero(cobrado),
        "monto": monto,
        "porcentaje_adicional": PORCENTAJE_BONIFICACION,
    }
