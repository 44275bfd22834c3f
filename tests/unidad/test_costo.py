"""El modelo de costo del banco: cada unidad medida llega al rubro que le toca, al precio de lista."""

from __future__ import annotations

import copy

import pytest

from bench.costo import PRECIOS, SUPUESTOS, _wru_agregados, costo


def _op(nombre: str, wru: float = 0, indice: float = 0, rru: float = 0, registro: int = 0) -> dict:
    return {"operacion": nombre, "wru": wru, "wru_indice": indice, "rru": rru, "bytes_registro": registro}


@pytest.fixture
def medidas() -> dict:
    return {
        "operaciones": [
            _op("alta_con_clave", 10, 2, 0, 400),
            _op("seguimiento", rru=0.5),
            _op("comprobante", rru=0.5),
            _op("detalle", rru=0.5),
            _op("interaccion", 6, 2, 0.5),
            _op("resolucion", 4, 2, 1, 400),
            _op("confirmacion", 4, 0, 1),
            _op("escalamiento", 8, 2, 1, 420),
        ],
        "notificaciones": [_op("notificacion folio/correo", 2, 0, 0, 460)],
        "agregados_lotes": {"10": {"wru_por_evento": 2.2}, "100": {"wru_por_evento": 2.04}},
        "barrido": {
            "queries": 10,
            "rru": 5.0,
            "cola": {"rru": 10.0},
            "con_umbrales": {"wru": 1600.0, "wru_indice": 1200.0, "rru": 34.5, "actualizados": 400},
        },
    }


def _rubro(c: dict, nombre: str) -> float:
    return next(r["usd"] for r in c["rubros"] if r["rubro"] == nombre)


def test_el_total_es_la_suma_de_los_rubros_y_no_cumple_hoy(medidas):
    c = costo(medidas)
    assert c["total_usd"] == pytest.approx(sum(r["usd"] for r in c["rubros"]), abs=0.1)
    assert c["total_usd"] > c["objetivo_usd"] and c["cumple"] is False


def test_cada_wru_del_alta_cuesta_su_precio_por_millon(medidas):
    base = costo(medidas)
    mas = copy.deepcopy(medidas)
    mas["operaciones"][0]["wru"] += 4
    otra = costo(mas)
    assert otra["wru_por_caso"]["alta"] == base["wru_por_caso"]["alta"] + 4
    escrituras = _rubro(otra, "DynamoDB, escrituras") - _rubro(base, "DynamoDB, escrituras")
    assert escrituras == pytest.approx(4 * PRECIOS["wru"], abs=0.01)


def test_la_api_cobra_cada_solicitud_y_la_variante_http_la_cobra_a_un_dolar(medidas):
    c = costo(medidas)
    solicitudes = sum(SUPUESTOS["solicitudes"].values())
    assert _rubro(c, "API Gateway REST") == pytest.approx(solicitudes * 3.50, abs=0.01)
    assert c["con_http_api_usd"] == pytest.approx(c["total_usd"] - solicitudes * 2.50, abs=0.1)


def test_las_lineas_de_la_plataforma_se_pagan_en_registros(medidas):
    sin = costo(medidas)
    con = costo(medidas, {**SUPUESTOS, "bytes_plataforma_por_invocacion": 350})
    assert _rubro(con, "CloudWatch Logs") > _rubro(sin, "CloudWatch Logs") + 3


def test_la_ventana_de_agregados_baja_invocaciones_y_escrituras(medidas):
    sin_ventana = costo(medidas, {**SUPUESTOS, "ventana_lote_agregados_s": 0})
    con_ventana = costo(medidas)
    assert sin_ventana["lote_agregados"] == 1 and con_ventana["lote_agregados"] > 30
    assert con_ventana["wru_por_caso"]["agregados"] < sin_ventana["wru_por_caso"]["agregados"]
    assert _rubro(con_ventana, "Lambda, invocaciones") < _rubro(sin_ventana, "Lambda, invocaciones")


def test_el_ajuste_de_agregados_pasa_por_los_lotes_medidos(medidas):
    lotes = medidas["agregados_lotes"]
    assert _wru_agregados(lotes, 10) == pytest.approx(2.2)
    assert _wru_agregados(lotes, 100) == pytest.approx(2.04)
    assert 2.04 < _wru_agregados(lotes, 36) < 2.2


def test_sin_uso_no_hay_costo(medidas):
    nada = {k: 0 for k in SUPUESTOS if not isinstance(SUPUESTOS[k], dict)}
    supuestos = {**nada, "solicitudes": {k: 0 for k in SUPUESTOS["solicitudes"]}, "casos_por_dia": 5000}
    supuestos["segundos_de_servicio_al_dia"] = 36000
    vacio = copy.deepcopy(medidas)
    vacio["operaciones"] = [_op(o["operacion"]) for o in medidas["operaciones"]]
    c = costo(vacio, supuestos)
    assert c["total_usd"] == 0 and c["cumple"] is True
