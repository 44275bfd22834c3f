"""Barrido del reloj: lee sólo los casos cuyo próximo umbral ya pasó y aplica lo que toque, una vez por umbral.

Cada caso abierto lleva en el índice disperso `umbrales` el instante de su próximo umbral (lo calcula
`escalamiento.proximo_umbral` al escribirlo). El barrido pide, fragmento por fragmento, `umbral_sk < ahora`:
una Query por página, sin mezclar fragmentos, y lo leído no depende de cuántos casos haya abiertos. Al aplicar
un umbral, la misma escritura condicional (por versión) mueve la clave al umbral siguiente o saca el caso.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from funciones.nucleo.dominio.caso import Caso
from funciones.nucleo.dominio.errores import Conflicto
from funciones.nucleo.dominio.escalamiento import aplicar_reloj, proximo_umbral
from funciones.nucleo.dominio.puertos import RepositorioCasos

TAMANO_PAGINA = 100


class Umbrales(Protocol):
    fragmentos: int

    def pagina_umbral(
        self, fragmento: int, antes_de: datetime, limite: int, desde: Any | None
    ) -> tuple[list[Caso], Any | None]: ...


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
    paginas: int = 0
    # Casos leídos con una clave vieja (sin nada que aplicar): se reescriben con la clave al día.
    reindexados: int = 0
    # True si se detuvo por tiempo; el siguiente barrido sigue donde quedó (lo pendiente sigue en el índice).
    incompleto: bool = False
    folios: list[str] = field(default_factory=list)


def _revisar(caso: Caso, repo: RepositorioCasos, ahora: datetime, resumen: Resumen) -> None:
    resumen.revisados += 1
    cambio = aplicar_reloj(caso, ahora)
    if cambio is None:
        proximo = proximo_umbral(caso)
        if proximo is None or proximo > ahora:
            # La clave guardada no es la que hoy se calcula (p. ej., cambió el catálogo): misma versión, clave nueva.
            try:
                repo.actualizar(caso, caso.version, [])
                resumen.reindexados += 1
            except Conflicto:
                resumen.conflictos += 1
        return
    nuevo, eventos = cambio
    try:
        repo.actualizar(nuevo, caso.version, eventos)
    except Conflicto:
        # Otro barrido (o un agente) escribió primero; si algo queda pendiente, su clave sigue en el índice.
        resumen.conflictos += 1
        return
    resumen.actualizados += 1
    resumen.alertas += sum(1 for e in eventos if e.tipo.startswith("alerta_"))
    resumen.folios.append(caso.folio)


def barrer(
    umbrales: Umbrales,
    repo: RepositorioCasos,
    ahora: datetime,
    continuar: Callable[[], bool] = lambda: True,
) -> Resumen:
    """Una página de cada fragmento por turno (ninguno espera a que otro se agote), hasta agotarlos todos."""
    resumen = Resumen()
    pendientes: dict[int, Any | None] = dict.fromkeys(range(umbrales.fragmentos))
    while pendientes:
        for n in list(pendientes):
            if not continuar():
                resumen.incompleto = True
                return resumen
            casos, siguiente = umbrales.pagina_umbral(n, ahora, TAMANO_PAGINA, pendientes[n])
            resumen.paginas += 1
            for caso in casos:
                _revisar(caso, repo, ahora, resumen)
            if siguiente:
                pendientes[n] = siguiente
            else:
                del pendientes[n]
    return resumen


def rellenar(cola: Cola, repo: RepositorioCasos) -> int:
    """Una sola vez al desplegar el índice `umbrales`: reescribe cada caso abierto (misma versión) con su clave.

    Recorre `vencimientos` (todos los casos abiertos); idempotente: repetirlo sólo reescribe lo mismo.
    """
    escritos, cursor = 0, None
    while True:
        casos, cursor = cola.pagina(TAMANO_PAGINA, None, None, None, cursor)
        for caso in casos:
            if proximo_umbral(caso) is None:
                continue
            try:
                repo.actualizar(caso, caso.version, [])
                escritos += 1
            except Conflicto:
                pass  # un agente lo escribió primero: su escritura ya lleva la clave
        if not cursor:
            return escritos
