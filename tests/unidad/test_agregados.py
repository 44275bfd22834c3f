"""Suma de un lote en memoria: por día, conmutativa, sin contadores en cero."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from funciones.nucleo.dominio.agregados import Aporte, por_dia

aportes = st.lists(
    st.builds(
        Aporte,
        evento_id=st.text(min_size=1, max_size=4),
        dia=st.sampled_from(["2026-11-23", "2026-11-24"]),
        suma=st.dictionaries(st.sampled_from(["casos", "csat#5", "csat_suma"]), st.integers(-2, 5), max_size=3),
    ),
    max_size=30,
)


@given(aportes, st.randoms())
def test_el_orden_del_lote_no_cambia_la_suma(lote, azar):
    revuelto = list(lote)
    azar.shuffle(revuelto)
    assert por_dia(revuelto) == por_dia(lote)


@given(aportes)
def test_la_suma_por_dia_es_la_de_cada_evento(lote):
    dias = por_dia(lote)
    for dia, suma in dias.items():
        for k, v in suma.items():
            assert v == sum(a.suma.get(k, 0) for a in lote if a.dia == dia) != 0
