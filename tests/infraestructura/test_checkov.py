"""checkov sobre la plantilla sintetizada: sólo fallan las reglas omitidas a propósito, y ninguna omisión sobra."""

from __future__ import annotations

import pytest

from infraestructura.checkov import OMISIONES, revisar

pytestmark = pytest.mark.xdist_group("checkov")


def test_cada_omision_tiene_su_motivo():
    for regla, motivo in OMISIONES.items():
        assert regla.startswith("CKV_AWS_") and len(motivo) > 40 and motivo.endswith(".")


def test_checkov_solo_falla_en_lo_omitido_y_cada_omision_hace_falta(sintesis):
    resultado = revisar(sintesis.archivo_plantilla, omitir=False)
    assert resultado["resumen"]["passed"] > 300 and resultado["resumen"]["parsing_errors"] == 0
    fallidas = {regla for regla, _ in resultado["fallas"]}
    assert sorted(fallidas - set(OMISIONES)) == []  # lo que no está omitido pasa
    assert sorted(set(OMISIONES) - fallidas) == []  # una omisión que ya no falla se quita


def test_checkov_sin_fallas_en_la_pila_del_borde(sintesis):
    resultado = revisar(sintesis.archivo_plantilla_borde, omitir=False)
    assert resultado["resumen"]["passed"] >= 1 and resultado["resumen"]["parsing_errors"] == 0
    assert resultado["fallas"] == []
