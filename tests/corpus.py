"""El corpus de quejas reales (tests/datos/quejas.json): lo que escriben los clientes de un ISP y la API acepta.

Lo usan la prueba de punta a punta en local (tests/integracion/test_corpus.py) y la del WAF (infraestructura).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

ARCHIVO = Path(__file__).resolve().parent / "datos" / "quejas.json"
LARGO_MAXIMO = 2000

# Un cliente que pega su bitácora de fallas: acentos, ñ, emojis, URLs, IPs del módem, $ y %.
_BITACORA = (
    "{d:02d}/11 {h}:{m:02d} se cayó el internet otra vez 😡, luz LOS en rojo; reinicié el módem desde "
    "http://192.168.1.254 y regresó a los {espera} min con {v} Mbps (speedtest https://www.speedtest.net/result/"
    "{r}). Pago $449.00 + IVA 16% y no recibo ni la mitad. "
)


def _bitacora() -> str:
    texto = "Bitácora de fallas en Priv. Ñandú No. 7 #3, Col. Las Ánimas: "
    d = 1
    while len(texto) < LARGO_MAXIMO:
        texto += _BITACORA.format(d=d, h=8 + d % 12, m=(d * 7) % 60, espera=10 + d, v=3 + d % 5, r=15782934561 + d)
        d += 1
    recortado = texto[: LARGO_MAXIMO - 1].rstrip()
    return recortado + "." * (LARGO_MAXIMO - len(recortado))


def quejas() -> list[dict[str, str]]:
    """Cada texto del corpus con su tipo y categoría; "largo" es la bitácora de 2,000 caracteres."""
    datos = json.loads(ARCHIVO.read_text(encoding="utf-8"))
    return [{**q, "descripcion": _bitacora()} if q["descripcion"] == "largo" else q for q in datos]


def alta(i: int, queja: dict[str, str]) -> dict[str, Any]:
    """El cuerpo de POST /api/casos: cada alta con su propio contrato y correo (los límites diarios son por ellos)."""
    return {
        "tipo": queja["tipo"],
        "categoria": queja["categoria"],
        "nombre": "José Peña Íñiguez",
        "contrato": f"{40000000 + i}",
        "correo": f"cliente{i}@example.com",
        "descripcion": queja["descripcion"],
        "medio_notificacion": "correo",
        "aviso_privacidad": "2026-11",
    }


def cuerpos_de_alta(ascii: bool = False) -> list[str]:
    """Los cuerpos JSON; con `ascii`, cada letra no ASCII como \\uXXXX (lo más largo que manda un cliente)."""
    return [json.dumps(alta(i, q), ensure_ascii=ascii) for i, q in enumerate(quejas())]
