"""La partida del teléfono (Amazon Connect) en el modelo de costo: aparte de las metas, y sin inventar precios."""

from __future__ import annotations

from bench.costo import DIAS_MES, PRECIOS_TELEFONO, SUPUESTOS_TELEFONO, telefono


def test_minutos_y_servicio_de_voz_segun_los_supuestos():
    r = telefono(5000)
    llamadas = 5000 * DIAS_MES * SUPUESTOS_TELEFONO["llamadas_por_caso"]
    minutos = llamadas * (
        SUPUESTOS_TELEFONO["minutos_ivr"]
        + SUPUESTOS_TELEFONO["fraccion_a_asesor"] * SUPUESTOS_TELEFONO["minutos_con_asesor"]
    )
    assert r["llamadas_mes"] == int(llamadas) and r["minutos_mes"] == int(minutos)
    assert r["servicio_voz_usd"] == round(minutos * PRECIOS_TELEFONO["connect_voz_minuto"], 2)
    # La función ivr es una parte mínima de lo que cuesta el minuto de voz.
    assert 0 < r["funcion_ivr_usd"] < r["servicio_voz_usd"] / 1000


def test_sin_precio_verificado_la_telefonia_no_se_cuenta():
    r = telefono(5000)
    assert r["telefonia_did_usd"] is None and r["telefonia_gratuito_usd"] is None
    assert set(r["sin_precio"]) == {k for k, v in PRECIOS_TELEFONO.items() if v is None}


def test_con_precio_la_telefonia_suma_numeros_por_dia_y_minutos():
    precios = {**PRECIOS_TELEFONO, "mx_did_dia": 0.1, "mx_did_minuto": 0.01}
    r = telefono(500, p=precios)
    esperado = SUPUESTOS_TELEFONO["numeros"] * DIAS_MES * 0.1 + r["minutos_mes"] * 0.01
    assert abs(r["telefonia_did_usd"] - esperado) < 0.02
    assert r["telefonia_gratuito_usd"] is None
    # Diez veces los casos, diez veces los minutos.
    assert telefono(5000)["minutos_mes"] == 10 * r["minutos_mes"]


def test_la_salida_del_banco_dice_la_partida_del_telefono(capsys):
    from bench.costo import costo, imprimir
    from tests.unidad.test_costo import inv, medidas

    c = costo(medidas.__wrapped__(), inv.__wrapped__())
    assert c["meses"]["5000"]["telefono"] == telefono(5000)
    imprimir(c)
    salida = capsys.readouterr().out
    assert "teléfono aparte (Amazon Connect" in salida and "telefonía de México sin precio verificado" in salida
