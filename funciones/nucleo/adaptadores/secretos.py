"""La pimienta de los hashes de domicilio y últimos 4: del entorno (local) o de Secrets Manager (AWS)."""

from __future__ import annotations

import re
import secrets
from functools import cache

from funciones.nucleo.adaptadores.aws import cliente
from funciones.nucleo.adaptadores.config import ajustes

MINIMO_BYTES = 16
_HEX = re.compile(r"(?:[0-9a-fA-F]{2})+")


def _a_bytes(valor: str, origen: str) -> bytes:
    valor = valor.strip()
    datos = bytes.fromhex(valor) if _HEX.fullmatch(valor) else valor.encode()
    if len(datos) < MINIMO_BYTES:
        raise RuntimeError(f"La pimienta de {origen} es demasiado corta: se necesitan al menos {MINIMO_BYTES} bytes.")
    return datos


@cache
def pimienta() -> bytes:
    """PIMIENTA (hex) si está definida; si no, el secreto nombrado en PIMIENTA_SECRETO (hex o texto)."""
    a = ajustes()
    if a.pimienta:
        return _a_bytes(a.pimienta, "PIMIENTA")
    if a.pimienta_secreto:
        valor = cliente("secretsmanager").get_secret_value(SecretId=a.pimienta_secreto)["SecretString"]
        return _a_bytes(valor, "PIMIENTA_SECRETO")
    raise RuntimeError(
        "Falta la pimienta de los hashes: define PIMIENTA (hex, solo en local) o PIMIENTA_SECRETO "
        "(nombre o ARN del secreto en Secrets Manager)."
    )


def generar_pimienta() -> str:
    """32 bytes aleatorios en hex, para el servidor local."""
    return secrets.token_hex(32)


# Candado de origen: cada cuánto se vuelve a leer el secreto (la rotación espera más que esto antes de cambiar
# la cabecera en CloudFront; ver `make rotar-origen`).
VIGENCIA_CANDADO_S = 300
_candado: tuple[float, tuple[str, ...]] | None = None


def valores_candado(ahora: float | None = None) -> tuple[str, ...]:
    """Los valores que se aceptan en la cabecera de origen: CANDADO_ORIGEN (local) o {actual, anterior} del secreto.

    El secreto se relee cada VIGENCIA_CANDADO_S; sin configuración no se acepta nada (el candado no se abre solo).
    """
    import json
    import time

    global _candado
    a = ajustes()
    if a.candado_origen:
        return (a.candado_origen,)
    if not a.candado_origen_secreto:
        return ()
    momento = time.monotonic() if ahora is None else ahora
    if _candado is None or momento - _candado[0] >= VIGENCIA_CANDADO_S:
        texto = cliente("secretsmanager").get_secret_value(SecretId=a.candado_origen_secreto)["SecretString"]
        datos = json.loads(texto)
        valores = tuple(v for v in (datos.get("actual"), datos.get("anterior")) if isinstance(v, str) and v)
        _candado = (momento, valores)
    return _candado[1]


def olvidar_candado() -> None:
    global _candado
    _candado = None
