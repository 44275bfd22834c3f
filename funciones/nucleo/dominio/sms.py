"""Cuánto cobra un SMS: alfabeto GSM 03.38 (7 bits, 160 por parte) o UCS-2 (70 por parte) y sus partes.

Una sola letra fuera de GSM (á, í, ó, ú, «, un emoji) pasa el mensaje entero a UCS-2: 161 caracteres en GSM son
2 partes; en UCS-2 bastan 71. Las plantillas SMS se escriben en GSM y ≤ 160 (prueba en test_plantillas_sms.py).
"""

from __future__ import annotations

import math
from typing import Any

# Básico y extensión de GSM 03.38. La extensión ocupa dos septetos (escape + carácter).
GSM_BASICO = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿"
    "abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_EXTENSION = frozenset("^{}\\[~]|€\f")
LARGO_UNA_PARTE = {"GSM-7": 160, "UCS-2": 70}
LARGO_POR_PARTE = {"GSM-7": 153, "UCS-2": 67}  # con la cabecera de concatenación


def fuera_de_gsm(texto: str) -> str:
    """Los caracteres de `texto` que GSM-7 no tiene, sin repetir y en orden."""
    return "".join(sorted({c for c in texto if c not in GSM_BASICO and c not in GSM_EXTENSION}))


def partes_sms(texto: str) -> dict[str, Any]:
    """Codificación, largo (en septetos si es GSM) y partes que se cobran."""
    fuera = fuera_de_gsm(texto)
    if fuera:
        codificacion, largo = "UCS-2", len(texto.encode("utf-16-le")) // 2
    else:
        codificacion, largo = "GSM-7", sum(2 if c in GSM_EXTENSION else 1 for c in texto)
    una = largo <= LARGO_UNA_PARTE[codificacion]
    partes = 1 if una else math.ceil(largo / LARGO_POR_PARTE[codificacion])
    resultado: dict[str, Any] = {"codificacion": codificacion, "caracteres": largo, "partes": partes}
    if fuera:
        resultado["fuera_de_gsm"] = fuera
    return resultado
