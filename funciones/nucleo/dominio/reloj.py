"""Reloj del sistema. En `make run` puede adelantarse para demostraciones (POST /_local/reloj)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

_desplazamiento = timedelta(0)


def ahora() -> datetime:
    return datetime.now(UTC) + _desplazamiento


def avanzar(horas: float) -> timedelta:
    """Solo para el servidor local y las pruebas."""
    global _desplazamiento
    _desplazamiento += timedelta(hours=horas)
    return _desplazamiento
