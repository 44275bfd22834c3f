"""Utilidades de las pruebas."""

from __future__ import annotations

import json
import time
import urllib.request


def esperar(condicion, segundos: float = 15.0, intervalo: float = 0.2):  # type: ignore[no-untyped-def]
    """Sondea hasta que `condicion()` devuelva algo verdadero (sin dormir de más)."""
    limite = time.monotonic() + segundos
    while True:
        valor = condicion()
        if valor:
            return valor
        if time.monotonic() > limite:
            raise AssertionError(f"no se cumplió la condición en {segundos} s")
        time.sleep(intervalo)


def obtener_json(url: str):  # type: ignore[no-untyped-def]
    with urllib.request.urlopen(url, timeout=10) as r:
        return json.loads(r.read())
