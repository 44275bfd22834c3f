"""Tiempo que queda a un vencimiento y su urgencia, con texto (la consola no depende sólo del color)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

# Menos de 4 horas: crítico; menos de un día: próximo; más: a tiempo.
CRITICO_MIN = 4 * 60
PROXIMO_MIN = 24 * 60
URGENCIAS = {"vencido": "Vencido", "critico": "Crítico", "proximo": "Próximo", "a_tiempo": "A tiempo"}


@dataclass(frozen=True)
class Restante:
    minutos: int
    urgencia: str
    texto: str


def duracion_texto(minutos: int) -> str:
    """125 → «2 h 5 min»; 3000 → «2 días 2 h»; 0 → «menos de 1 min»."""
    if minutos < 1:
        return "menos de 1 min"
    dias, resto = divmod(minutos, 24 * 60)
    horas, mins = divmod(resto, 60)
    if dias:
        partes = [f"{dias} día" if dias == 1 else f"{dias} días"]
        if horas:
            partes.append(f"{horas} h")
        return " ".join(partes)
    if horas:
        return f"{horas} h {mins} min" if mins else f"{horas} h"
    return f"{mins} min"


def restante(vence: datetime, ahora: datetime) -> Restante:
    """Minutos que faltan (negativos si ya venció), la urgencia y el texto que la dice."""
    segundos = (vence - ahora).total_seconds()
    minutos = int(segundos // 60)
    if segundos < 0:
        return Restante(minutos, "vencido", f"Vencido hace {duracion_texto(int(-segundos // 60))}")
    urgencia = "critico" if minutos < CRITICO_MIN else "proximo" if minutos < PROXIMO_MIN else "a_tiempo"
    return Restante(minutos, urgencia, f"Vence en {duracion_texto(minutos)}")
