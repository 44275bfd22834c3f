"""Tamaño de un item de DynamoDB y unidades de lectura/escritura, con las reglas publicadas por AWS.

Aproximado, como las calculadoras públicas: nombre del atributo + valor; números ≈ 1 byte cada 2 dígitos
significativos + 1; listas y mapas 3 bytes + 1 por elemento. Escritura: 1 unidad por KB (redondeo hacia
arriba); lectura: 1 unidad por 4 KB consistente, media si es eventual; transacciones: el doble.
"""

from __future__ import annotations

import math
from typing import Any

KB = 1024


def _numero(texto: str) -> int:
    digitos = texto.lstrip("-").replace(".", "").strip("0") or "0"
    return (len(digitos) + 1) // 2 + 1


def tamano_valor(valor: dict[str, Any]) -> int:
    ((tipo, v),) = valor.items()
    if tipo == "S":
        return len(v.encode())
    if tipo == "N":
        return _numero(v)
    if tipo == "B":
        return len(v)
    if tipo in ("BOOL", "NULL"):
        return 1
    if tipo == "SS":
        return sum(len(x.encode()) for x in v)
    if tipo == "NS":
        return sum(_numero(x) for x in v)
    if tipo == "BS":
        return sum(len(x) for x in v)
    if tipo == "L":
        return 3 + sum(1 + tamano_valor(x) for x in v)
    if tipo == "M":
        return 3 + sum(1 + len(k.encode()) + tamano_valor(x) for k, x in v.items())
    raise ValueError(f"tipo de DynamoDB desconocido: {tipo}")


def tamano_item(item: dict[str, Any]) -> int:
    return sum(len(k.encode()) + tamano_valor(v) for k, v in item.items())


def unidades_escritura(tamano: int) -> int:
    return max(1, math.ceil(tamano / KB))


def unidades_lectura(tamano_total: int, consistente: bool) -> float:
    unidades = max(1, math.ceil(tamano_total / (4 * KB)))
    return unidades if consistente else unidades / 2


def tipo_de_item(item: dict[str, Any]) -> str:
    """Nombre legible del tipo de item, por su clave (para la tabla de tamaños)."""
    pk = item.get("pk", {}).get("S", "")
    sk = item.get("sk", {}).get("S", "")
    if pk.startswith("CASO#"):
        return {"CASO": "caso"}.get(sk, sk.split("#")[0].lower())
    return pk.split("#")[0].lower() + ("/" + sk.split("#")[0].lower() if sk else "")
