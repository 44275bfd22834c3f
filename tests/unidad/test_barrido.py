"""El barrido sobre dobles en memoria: una Query por página, fragmentos por turno, corte por tiempo, conflictos."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from funciones.barrido import logica
from funciones.barrido.logica import barrer
from funciones.nucleo.adaptadores.dynamodb import clave_instante
from funciones.nucleo.dominio import calendario
from funciones.nucleo.dominio.caso import Caso
from funciones.nucleo.dominio.catalogo import plazos
from funciones.nucleo.dominio.escalamiento import proximo_umbral
from tests.unidad.fakes import RepositorioFalso

REGISTRO = datetime(2026, 11, 24, 10, 0, tzinfo=calendario.ZONA)  # martes
OCHENTA = calendario.sumar_horas_habiles(REGISTRO, 8.5)  # pasado el 80 % de 10 horas hábiles


class RepositorioConIndice(RepositorioFalso):
    """Guarda, como `item_caso`, la clave del índice `umbrales` en cada escritura."""

    def __init__(self) -> None:
        super().__init__()
        self.umbrales: dict[str, str | None] = {}

    def _indexar(self, caso: Caso) -> None:
        proximo = proximo_umbral(caso)
        self.umbrales[caso.folio] = None if proximo is None else clave_instante(proximo)

    def registrar(self, caso: Caso, evento, *a, **k) -> None:
        super().registrar(caso, evento)
        self._indexar(caso)

    def actualizar(self, caso: Caso, version_leida: int, eventos) -> None:
        super().actualizar(caso, version_leida, eventos)
        self._indexar(caso)


class UmbralesFalsos:
    """El índice `umbrales` en memoria: cada fragmento ordenado por clave, páginas de `limite`."""

    def __init__(self, repo: RepositorioConIndice, fragmentos: int = 3) -> None:
        self.repo, self.fragmentos = repo, fragmentos
        self.queries: list[tuple[int, int]] = []  # (fragmento, items devueltos)

    def pagina_umbral(self, fragmento: int, antes_de: datetime, limite: int, desde: tuple[str, str] | None):
        hasta = clave_instante(antes_de)
        # La clave del índice no es única: se pagina por (clave, folio), como DynamoDB con la clave de la tabla.
        claves = sorted(
            (clave, folio)
            for folio, clave in self.repo.umbrales.items()
            if clave
            and int(folio[-2]) % self.fragmentos == fragmento
            and clave < hasta
            and (clave, folio) > (desde or ("", ""))
        )
        pagina = claves[:limite]
        self.queries.append((fragmento, len(pagina)))
        siguiente = pagina[-1] if len(claves) > limite else None
        return [self.repo.casos[f] for _, f in pagina], siguiente


def _caso(n: int) -> Caso:
    compromiso, limite = plazos("duda", "facturacion", REGISTRO)
    return Caso(
        folio=f"12345{n:03d}{n % 10}0",
        tipo="duda",
        categoria="facturacion",
        canal="web",
        medio_notificacion="correo",
        nombre="Ana",
        descripcion="x" * 10,
        fecha_registro=REGISTRO,
        fecha_compromiso=compromiso,
        fecha_limite_legal=limite,
        correo="ana@example.com",
    )


@pytest.fixture
def indice() -> UmbralesFalsos:
    repo = RepositorioConIndice()
    for n in range(10):
        repo.registrar(_caso(n), None)
    return UmbralesFalsos(repo)


def test_recien_abiertos_una_query_vacia_por_fragmento(indice):
    resumen = barrer(indice, indice.repo, REGISTRO + timedelta(minutes=5))
    assert indice.queries == [(0, 0), (1, 0), (2, 0)] and resumen.paginas == 3 and resumen.revisados == 0


def test_una_query_por_pagina_y_los_fragmentos_por_turno(indice, monkeypatch):
    monkeypatch.setattr(logica, "TAMANO_PAGINA", 2)
    resumen = barrer(indice, indice.repo, OCHENTA)
    assert resumen.revisados == resumen.alertas == 10 and resumen.paginas == len(indice.queries)
    # Fragmentos con 4, 3 y 3 casos: páginas de 2, alternadas, y nada leído dos veces.
    assert indice.queries == [(0, 2), (1, 2), (2, 2), (0, 2), (1, 1), (2, 1)]
    assert sum(n for _, n in indice.queries) == 10
    indice.queries.clear()
    assert barrer(indice, indice.repo, OCHENTA + timedelta(minutes=5)).revisados == 0


def test_sin_tiempo_se_detiene_y_el_siguiente_sigue(indice, monkeypatch):
    monkeypatch.setattr(logica, "TAMANO_PAGINA", 2)
    turnos = iter([True, True, False])
    primero = barrer(indice, indice.repo, OCHENTA, lambda: next(turnos))
    assert primero.incompleto and primero.paginas == 2 and primero.alertas == 4
    segundo = barrer(indice, indice.repo, OCHENTA + timedelta(minutes=5))
    assert not segundo.incompleto and segundo.alertas == 6  # lo pendiente seguía en el índice


def test_un_conflicto_no_duplica_y_el_caso_queda_para_el_siguiente(indice):
    repo = indice.repo
    folio = next(iter(repo.casos))
    original = repo.actualizar

    def otro_escribio_primero(caso, version_leida, eventos):
        if caso.folio == folio and eventos:
            repo.casos[folio].version += 1  # un agente escribió entre la lectura y la escritura
        original(caso, version_leida, eventos)

    repo.actualizar = otro_escribio_primero
    resumen = barrer(indice, repo, OCHENTA)
    assert resumen.conflictos == 1 and resumen.alertas == 9
    repo.actualizar = original
    assert barrer(indice, repo, OCHENTA + timedelta(minutes=5)).alertas == 1
