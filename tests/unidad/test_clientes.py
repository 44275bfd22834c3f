"""Padrón de clientes: normalización, hashes con pimienta, bonificación y validación de filas del CSV."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from pydantic import ValidationError

from esquemas.clientes import FilaCliente
from funciones.nucleo.adaptadores import secretos
from funciones.nucleo.adaptadores.config import ajustes
from funciones.nucleo.dominio.clientes import (
    Cliente,
    bonificacion,
    crear_cliente,
    hash_con_pimienta,
    nombre_coincide,
    normalizar_domicilio,
    normalizar_nombre,
    respuesta_correcta,
)
from funciones.nucleo.frontera.http import traducir_validacion

PIMIENTA = bytes.fromhex("a1" * 32)
DOMICILIO = "Av. Insurgentes Sur 1234, Col. Del Valle, CDMX"


def cliente(pimienta: bytes = PIMIENTA) -> Cliente:
    return crear_cliente(
        contrato="10002000",
        nombre="María Fernanda Gómez Ruiz",
        correo="maria.gomez@example.com",
        telefono="+525512345678",
        precio_mensual=Decimal("499.00"),
        domicilio=DOMICILIO,
        ultimos4="4321",
        pimienta=pimienta,
    )


@pytest.mark.parametrize(
    ("entrada", "esperado"),
    [
        ("María Fernanda Gómez Ruiz", "maria fernanda gomez ruiz"),
        ("  MARÍA   fernanda gómez-ruiz. ", "maria fernanda gomez ruiz"),
        ("José Ángel Nuñez O'Brien", "jose angel nunez obrien"),
        ("", ""),
    ],
)
def test_normalizar_nombre(entrada, esperado):
    assert normalizar_nombre(entrada) == esperado


@pytest.mark.parametrize(
    "variante",
    [
        DOMICILIO,
        "avenida insurgentes sur numero 1234 colonia del valle ciudad de mexico",
        "AV INSURGENTES SUR #1234 COLONIA DEL VALLE, MÉXICO D.F.",
        "Avda. Insurgentes Sur No. 1234, Del Valle, Ciudad de México",
        "av insurgentes sur núm. 1234 col del valle df",
        "  Av.  Insurgentes   Sur, Nº 1234 - Col. Del Valle - CDMX. ",
    ],
)
def test_variantes_del_mismo_domicilio(variante):
    assert normalizar_domicilio(variante) == "avenida insurgentes sur 1234 del valle ciudad de mexico"


@pytest.mark.parametrize(
    ("entrada", "esperado"),
    [
        ("C. Moctezuma 45, Col. Centro", "calle moctezuma 45 centro"),
        ("Calle No Reelección No. 5 Int. 3-B, C.P. 03100", "calle no reeleccion 5 interior 3b cp 03100"),
        ("Av. Morelos Pte. 210, Toluca, Edo. de Méx.", "avenida morelos poniente 210 toluca estado de mexico"),
        ("Calle Río Mayo 18, Cuernavaca, Mor.", "calle rio mayo 18 cuernavaca morelos"),
        ("Priv. Juárez S/N, Acapulco, Gro.", "privada juarez sn acapulco guerrero"),
    ],
)
def test_normalizar_domicilio(entrada, esperado):
    assert normalizar_domicilio(entrada) == esperado


def test_otro_domicilio_no_coincide():
    assert normalizar_domicilio("Av. Insurgentes Sur 1243, Col. Del Valle") != normalizar_domicilio(DOMICILIO)
    assert normalizar_domicilio("Insurgentes Sur 1234, Del Valle, CDMX") != normalizar_domicilio(DOMICILIO)


def test_el_hash_no_es_el_valor_y_depende_de_la_pimienta():
    c = cliente()
    assert "insurgentes" not in c.domicilio_hash and "4321" not in c.ultimos4_hash
    assert len(c.domicilio_hash) == len(c.ultimos4_hash) == 64
    assert hash_con_pimienta("4321", PIMIENTA) != "4321"
    assert hash_con_pimienta("4321", PIMIENTA) == hash_con_pimienta("4321", PIMIENTA)
    assert hash_con_pimienta("4321", PIMIENTA) != hash_con_pimienta("4321", b"otra pimienta distinta 1234")
    otro = cliente(bytes.fromhex("b2" * 32))
    assert otro.domicilio_hash != c.domicilio_hash and otro.ultimos4_hash != c.ultimos4_hash


@pytest.mark.parametrize(
    ("pregunta", "respuesta", "esperado"),
    [
        ("domicilio", DOMICILIO, True),
        ("domicilio", "avenida insurgentes sur numero 1234 colonia del valle ciudad de mexico", True),
        ("domicilio", "Av Insurgentes Sur #1234 Col Del Valle CDMX", True),
        # El estado omitido ya se tolera (issue 16); la colonia omitida no.
        ("domicilio", "Av. Insurgentes Sur 1234, Col. Del Valle", True),
        ("domicilio", "Av. Insurgentes Sur 1234, CDMX", False),
        ("domicilio", "4321", False),
        ("domicilio", "", False),
        ("ultimos4", "4321", True),
        ("ultimos4", " 43 21 ", True),
        ("ultimos4", "1234", False),
        ("ultimos4", "", False),
        ("ultimos4", DOMICILIO, False),
    ],
)
def test_respuesta_correcta(pregunta, respuesta, esperado):
    assert respuesta_correcta(cliente(), pregunta, respuesta, PIMIENTA) is esperado


def test_respuesta_con_otra_pimienta_no_es_correcta():
    assert not respuesta_correcta(cliente(), "ultimos4", "4321", bytes.fromhex("b2" * 32))


@pytest.mark.parametrize(
    ("nombre", "esperado"),
    [
        ("María Fernanda Gómez Ruiz", True),
        ("maria fernanda gomez ruiz", True),
        ("  MARIA FERNANDA GÓMEZ-RUIZ ", True),
        ("María Gómez", False),
        ("", False),
    ],
)
def test_nombre_coincide(nombre, esperado):
    assert nombre_coincide(cliente(), nombre) is esperado


@pytest.mark.parametrize(
    ("precio", "dias", "dias_mes", "proporcional", "monto"),
    [
        ("499.00", 3, 30, "49.90", "59.88"),
        ("349.00", 7, 30, "81.43", "97.72"),
        ("999.00", 31, 31, "999.00", "1198.80"),
        ("499.00", 31, 30, "499.00", "598.80"),
        ("599.00", 1, 30, "19.96", "23.96"),
        # 449 × 10 / 31 × 1.2 = 173.806…: hacia arriba, 173.81.
        ("449.00", 10, 31, "144.83", "173.81"),
        # 199.03 × 8 / 30 × 1.2 = 63.6896 exacto: 63.69 (redondeando dos veces daba 63.68, menos del 120 %).
        ("199.03", 8, 30, "53.07", "63.69"),
        # Un centavo de más, nunca de menos: 0.10 / 30 × 1.2 = 0.004 → 0.01.
        ("0.10", 1, 30, "0.00", "0.01"),
    ],
)
def test_bonificacion(precio, dias, dias_mes, proporcional, monto):
    r = bonificacion(Decimal(precio), dias, dias_mes)
    assert r == {
        "dias_afectados": dias,
        "precio_mensual": Decimal(precio),
        "proporcional": Decimal(proporcional),
        "monto": Decimal(monto),
        "porcentaje_adicional": 20,
    }
    assert r["monto"].as_tuple().exponent == -2 and r["proporcional"].as_tuple().exponent == -2


# Precios con centavos, de $0.01 a $9,999.99.
precios = st.integers(min_value=1, max_value=999_999).map(lambda c: Decimal(c) / 100)


@given(precios, st.integers(min_value=1, max_value=31), st.integers(min_value=28, max_value=31))
@example(Decimal("199.03"), 8, 30)
def test_bonificacion_nunca_baja_del_120_por_ciento_y_sobra_menos_de_un_centavo(precio, dias, dias_mes):
    r = bonificacion(precio, dias, dias_mes)
    # Aritmética exacta (fracciones), sin el redondeo de Decimal a 28 dígitos.
    proporcional_exacto = Fraction(precio) * min(dias, dias_mes) / dias_mes
    exacto = proporcional_exacto * Fraction(6, 5)
    monto, proporcional, centavo = Fraction(r["monto"]), Fraction(r["proporcional"]), Fraction(1, 100)
    assert monto >= exacto
    assert monto - exacto < centavo
    # El proporcional mostrado es el exacto truncado al centavo: el 120 % de lo mostrado nunca pasa del monto.
    assert proporcional <= proporcional_exacto < proporcional + centavo
    assert monto >= proporcional * Fraction(6, 5)


@pytest.mark.parametrize(
    ("precio", "dias", "dias_mes"),
    [
        ("499.00", 0, 30),
        ("499.00", 32, 31),
        ("499.00", -1, 30),
        ("499.00", 3, 27),
        ("0", 3, 30),
        ("-499.00", 3, 30),
        ("NaN", 3, 30),
        ("Infinity", 3, 30),
    ],
)
def test_bonificacion_fuera_de_rango(precio, dias, dias_mes):
    with pytest.raises(ValueError):
        bonificacion(Decimal(precio), dias, dias_mes)


def test_bonificacion_rechaza_dias_no_enteros():
    with pytest.raises(ValueError):
        bonificacion(Decimal("499.00"), True)
    with pytest.raises(ValueError):
        bonificacion(Decimal("499.00"), 2.5)


FILA = {
    "contrato": "10002000",
    "nombre": "María Fernanda Gómez Ruiz",
    "correo": "maria.gomez@example.com",
    "telefono": "5512345678",
    "domicilio": DOMICILIO,
    "ultimos4": "4321",
    "precio_mensual": "499.00",
}


def errores_fila(cambio: dict) -> dict[str, str]:
    with pytest.raises(ValidationError) as e:
        FilaCliente.model_validate({**FILA, **cambio})
    return {c.campo: c.mensaje for c in traducir_validacion(e.value).campos}


def test_fila_valida_se_normaliza():
    f = FilaCliente.model_validate({**FILA, "contrato": " 1000-2000 ", "correo": "", "precio_mensual": "$499"})
    assert f.contrato == "10002000"
    assert f.telefono == "+525512345678"
    assert f.correo is None
    assert f.precio_mensual == Decimal("499.00") and str(f.precio_mensual) == "499.00"


@pytest.mark.parametrize(
    ("cambio", "campo", "fragmento"),
    [
        ({"contrato": "12345"}, "contrato", "de 6 a 12 dígitos"),
        ({"contrato": ""}, "contrato", "obligatorio"),
        ({"nombre": ""}, "nombre", "obligatorio"),
        ({"nombre": "Al"}, "nombre", "al menos 3"),
        ({"nombre": "x" * 121}, "nombre", "como máximo 120"),
        ({"nombre": "<b>Hugo</b> Vega"}, "nombre", "etiquetas HTML"),
        ({"correo": "pedro@"}, "correo", "correo válido"),
        ({"telefono": "12345"}, "telefono", "10 dígitos"),
        ({"correo": "", "telefono": ""}, "correo", "correo o un teléfono"),
        ({"domicilio": "Av 1"}, "domicilio", "al menos 5"),
        ({"domicilio": "x" * 201}, "domicilio", "como máximo 200"),
        ({"ultimos4": "333"}, "ultimos4", "4 últimos dígitos"),
        ({"ultimos4": "12a4"}, "ultimos4", "4 últimos dígitos"),
        ({"ultimos4": "12345"}, "ultimos4", "4 últimos dígitos"),
        ({"precio_mensual": "-349.00"}, "precio_mensual", "mayor que cero"),
        ({"precio_mensual": "0.00"}, "precio_mensual", "mayor que cero"),
        ({"precio_mensual": "100000.01"}, "precio_mensual", "100,000.00"),
        ({"precio_mensual": "499.999"}, "precio_mensual", "2 decimales"),
        ({"precio_mensual": "cuatrocientos"}, "precio_mensual", "2 decimales"),
        ({"precio_mensual": "NaN"}, "precio_mensual", "2 decimales"),
        ({"precio_mensual": ""}, "precio_mensual", "obligatorio"),
        ({"extra": "x"}, "extra", "no se reconoce"),
    ],
)
def test_fila_invalida(cambio, campo, fragmento):
    errores = errores_fila(cambio)
    assert campo in errores, errores
    assert fragmento in errores[campo]


def test_los_mensajes_no_repiten_el_valor():
    errores = errores_fila({"correo": "secreto@", "ultimos4": "987", "telefono": "555"})
    assert not any(v in m for m in errores.values() for v in ("secreto", "987", "555"))


def test_pimienta_del_entorno_y_faltante(monkeypatch):
    monkeypatch.delenv("PIMIENTA_SECRETO", raising=False)
    monkeypatch.setenv("TABLA", "t")
    monkeypatch.setenv("PIMIENTA", "ab" * 32)
    ajustes.cache_clear()
    secretos.pimienta.cache_clear()
    try:
        assert secretos.pimienta() == bytes.fromhex("ab" * 32)
        monkeypatch.setenv("PIMIENTA", "abcd")
        ajustes.cache_clear()
        secretos.pimienta.cache_clear()
        with pytest.raises(RuntimeError, match="demasiado corta"):
            secretos.pimienta()
        monkeypatch.delenv("PIMIENTA")
        ajustes.cache_clear()
        with pytest.raises(RuntimeError, match="PIMIENTA_SECRETO"):
            secretos.pimienta()
    finally:
        ajustes.cache_clear()
        secretos.pimienta.cache_clear()


def test_generar_pimienta():
    a, b = secretos.generar_pimienta(), secretos.generar_pimienta()
    assert a != b and len(bytes.fromhex(a)) == 32


@pytest.mark.parametrize(
    ("dias_mes", "proporcional"),
    [(28, "499.00"), (31, "499.00")],
)
def test_bonificacion_meses_de_28_y_31_dias(dias_mes, proporcional):
    # 31 días afectados en un mes de 28 o de 31: a lo más la renta del mes.
    assert bonificacion(Decimal("499.00"), 31, dias_mes)["proporcional"] == Decimal(proporcional)
    assert bonificacion(Decimal("280.00"), 1, 28)["proporcional"] == Decimal("10.00")


@pytest.mark.parametrize(
    ("precio", "dias", "dias_mes", "mensaje"),
    [
        ("499.00", 0, 30, "Los días afectados van de 1 a 31."),
        ("499.00", 3, 27, "El mes tiene de 28 a 31 días."),
        ("499.00", 3, 32, "El mes tiene de 28 a 31 días."),
        ("499.00", 3, True, "El mes tiene de 28 a 31 días."),
        ("499.00", 3, 29.5, "El mes tiene de 28 a 31 días."),
        ("abc", 3, 30, "El precio mensual no es un número."),
        ("0", 3, 30, "El precio mensual debe ser mayor que cero."),
    ],
)
def test_bonificacion_mensajes(precio, dias, dias_mes, mensaje):
    with pytest.raises(ValueError) as e:
        bonificacion(precio, dias, dias_mes)
    assert str(e.value) == mensaje


def test_crear_cliente_conserva_los_datos_en_claro_que_no_son_secretos():
    c = cliente()
    assert (c.contrato, c.nombre, c.correo, c.telefono, c.precio_mensual) == (
        "10002000",
        "María Fernanda Gómez Ruiz",
        "maria.gomez@example.com",
        "+525512345678",
        Decimal("499.00"),
    )


@pytest.mark.parametrize(
    ("texto", "normal"),
    [
        ("Calle O’Donnell 5", "calle odonnell 5"),
        ("Roble No 5", "roble 5"),
        ("Roble No 5B", "roble 5b"),
        ("Roble no", "roble no"),
    ],
)
def test_domicilio_apostrofos_y_numero_al_final(texto, normal):
    assert normalizar_domicilio(texto) == normal


def test_ultimos4_solo_digitos():
    from funciones.nucleo.dominio.clientes import normalizar_ultimos4

    assert normalizar_ultimos4("43 21") == "4321" and normalizar_ultimos4("x") == ""


@pytest.mark.parametrize(
    ("cobrado", "monto"),
    [("349.00", "418.80"), ("0.01", "0.02"), ("199.99", "239.99"), ("1000", "1200.00"), ("0.04", "0.05")],
)
def test_bonificacion_por_cargo(cobrado, monto):
    from funciones.nucleo.dominio.clientes import bonificacion_por_cargo

    b = bonificacion_por_cargo(Decimal(cobrado))
    assert str(b["monto"]) == monto and b["base"] == "cargo" and b["porcentaje_adicional"] == 20
    assert b["monto"] >= Decimal(cobrado) * Decimal("1.2") > b["monto"] - Decimal("0.01")


@pytest.mark.parametrize("cobrado", ["0", "-5", "NaN", "Infinity", "abc"])
def test_bonificacion_por_cargo_rechaza(cobrado):
    from funciones.nucleo.dominio.clientes import bonificacion_por_cargo

    with pytest.raises(ValueError):
        bonificacion_por_cargo(cobrado)  # texto a propósito
