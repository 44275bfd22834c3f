"""Barrido del reloj: recorre los casos abiertos que vencen pronto y aplica los umbrales no avisados."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from funciones.nucleo.caso import Caso
from funciones.nucleo.errores import Conflicto
from funciones.nucleo.escalamiento import aplicar_reloj
from funciones.nucleo.puertos import RepositorioCasos

# Ningún plazo del catálogo deja por vencer (20 % restante) un caso cuyo compromiso esté a más de esto.
HORIZONTE = timedelta(days=7)
TAMANO_PAGINA = 100


class Cola(Protocol):
    def pagina(
        self,
        limite: int,
        vence_antes: str | None,
        estado: str | None,
        nivel: int | None,
        cursor: str | None,
        departamento: str | None = None,
    ) -> tuple[list[Caso], str | None]: ...


@dataclass
class Resumen:
    revisados: int = 0
    actualizados: int = 0
    alertas: int = 0
    conflictos: int = 0
    folios: list[str] = field(default_factory=list)


def barrer(cola: Cola, repo: RepositorioCasos, ahora: datetime) -> Resumen:
    resumen = Resumen()
    cursor: str | None = None
    hasta = (ahora + HORIZONTE).isoformat()
    while True:
        casos, cursor = cola.pagina(TAMANO_PAGINA, hasta, None, None, cursor)
        for caso in casos:
            resumen.revisados += 1
            cambio = aplicar_reloj(caso, ahora)
            if cambio is None:
                continue
            nuevo, eventos = cambio
            try:
                repo.actualizar(nuevo, caso.version, eventos)
            except Conflicto:
                # Otro barrido (o un agente) escribió primero; el próximo barrido lo vuelve a evaluar.
                resumen.conflictos += 1
                continue
            resumen.actualizados += 1
            resumen.alertas += sum(1 for e in eventos if e.tipo.startswith("alerta_"))
            resumen.folios.append(caso.folio)
        if not cursor:
            return resumen
