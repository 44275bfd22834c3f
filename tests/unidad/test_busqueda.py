"""Reglas puras de la búsqueda (qué se busca según el texto, términos de un caso) y de la urgencia de los plazos."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from funciones.nucleo.adaptadores.dynamodb import clave_reciente
from funciones.nucleo.dominio import busqueda, urgencia
from funciones.nucleo.dominio.errores import DatosInvalidos
from funciones.nucleo.dominio.folio import generar_folio

LLAVE = busqueda.llave_busqueda(b"p" * 32)


@pytest.mark.parametrize(
    ("texto", "telefono"),
    [
        ("5512345678", "5512345678"),
        ("55 1234 5678", "5512345678"),
        ("+52 55-1234-5678", "5512345678"),
        ("52 5512345678", "5512345678"),
        ("+521 55 1234 5678", "5512345678"),
        ("(55) 1234.5678", "5512345678"),
    ],
)
def test_telefono_en_cualquier_formato_da_el_mismo_termino(texto, telefono):
    consulta = busqueda.interpretar(texto)
    assert ("telefono", telefono) in consulta.terminos


def test_folio_con_o_sin_espacios_y_tambien_como_telefono_y_contrato():
    folio = generar_folio()
    legible = f"{folio[:3]} {folio[3:6]} {folio[6:]}"
    for texto in (folio, legible, f"{folio[:3]}-{folio[3:6]}-{folio[6:]}"):
        c = busqueda.interpretar(texto)
        assert c.folio == folio
        # 10 dígitos también pueden ser un teléfono o un contrato: se buscan los tres.
        assert {clase for clase, _ in c.terminos} == {"telefono", "contrato"}


def test_un_numero_con_el_digito_verificador_equivocado_no_es_folio():
    folio = generar_folio()
    otro = folio[:-1] + str((int(folio[-1]) + 1) % 10)
    assert busqueda.interpretar(otro).folio is None


def test_contrato_correo_y_nombre():
    assert busqueda.interpretar("10002000").terminos == [("contrato", "10002000")]
    assert busqueda.interpretar("  Ana.Lopez@Example.COM ").terminos == [("correo", "ana.lopez@example.com")]
    c = busqueda.interpretar("María de la O Gómez-Ruiz")
    # Sin acentos ni mayúsculas, sin conectores ni letras sueltas; hasta 4 palabras.
    assert c.terminos == [("nombre", "maria"), ("nombre", "gomez"), ("nombre", "ruiz")]
    assert len(busqueda.interpretar("uno dos tres cuatro cinco seis").terminos) == busqueda.PALABRAS_BUSCADAS


@pytest.mark.parametrize(
    ("texto", "mensaje"),
    [
        (None, "Escribe un folio"),
        ("", "Escribe un folio"),
        ("   ", "Escribe un folio"),
        ("a" * 101, "a lo más 100"),
        ("<b>ana</b>", "Escribe sólo"),
        ("ana\x00", "Escribe sólo"),
        ("de la y", "al menos una palabra"),
        ("1234", "Un folio tiene 10 dígitos"),
    ],
)
def test_texto_malo_es_400_en_q(texto, mensaje):
    with pytest.raises(DatosInvalidos) as e:
        busqueda.interpretar(texto)
    (campo,) = e.value.campos
    assert campo.campo == "q" and mensaje in campo.mensaje


def test_terminos_de_un_caso_y_coincidencias():
    terminos = busqueda.terminos(
        contrato="10002000", correo="Maria@Example.com", telefono="+525512345678", nombre="María Gómez de la Torre"
    )
    assert terminos == [
        ("contrato", "10002000"),
        ("correo", "maria@example.com"),
        ("telefono", "5512345678"),
        ("nombre", "maria"),
        ("nombre", "gomez"),
        ("nombre", "torre"),
    ]
    datos = {"contrato": "10002000", "correo": None, "telefono": None, "nombre": "María Gómez de la Torre"}
    assert busqueda.coincidencias(busqueda.interpretar("gomez torre"), **datos) == (["nombre"], 2)
    assert busqueda.coincidencias(busqueda.interpretar("gomez perez"), **datos) == (["nombre"], 1)
    # Un item índice viejo (el dato ya no es ese) no coincide.
    assert busqueda.coincidencias(busqueda.interpretar("5512345678"), **datos) == ([], 0)


def test_la_clave_del_termino_es_hmac_y_distingue_la_clase():
    a = busqueda.clave_termino(LLAVE, "contrato", "5512345678")
    b = busqueda.clave_termino(LLAVE, "telefono", "5512345678")
    assert a != b and len(a) == 32 and "5512345678" not in a
    assert busqueda.clave_termino(busqueda.llave_busqueda(b"q" * 32), "contrato", "5512345678") != a
    assert busqueda.claves(LLAVE, [("nombre", "ana"), ("nombre", "ana")]) == [
        busqueda.clave_termino(LLAVE, "nombre", "ana")
    ]


AHORA = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("delta", "urgencia_esperada", "texto"),
    [
        (timedelta(minutes=-125), "vencido", "Vencido hace 2 h 5 min"),
        (timedelta(days=-3), "vencido", "Vencido hace 3 días"),
        (timedelta(seconds=30), "critico", "Vence en menos de 1 min"),
        (timedelta(hours=3, minutes=59), "critico", "Vence en 3 h 59 min"),
        (timedelta(hours=4), "proximo", "Vence en 4 h"),
        (timedelta(hours=23, minutes=59), "proximo", "Vence en 23 h 59 min"),
        (timedelta(hours=24), "a_tiempo", "Vence en 1 día"),
        (timedelta(days=2, hours=5), "a_tiempo", "Vence en 2 días 5 h"),
    ],
)
def test_restante_con_urgencia_y_texto(delta, urgencia_esperada, texto):
    r = urgencia.restante(AHORA + delta, AHORA)
    assert (r.urgencia, r.texto) == (urgencia_esperada, texto)
    assert (r.minutos < 0) == (urgencia_esperada == "vencido")


def test_clave_reciente_ordena_del_mas_nuevo_al_mas_viejo():
    instantes = [AHORA - timedelta(days=d, seconds=s) for d in range(0, 40, 7) for s in (0, 1)]
    claves = [clave_reciente(i) for i in instantes]
    assert sorted(claves) == claves  # ascendente = más reciente primero
    assert all(len(c) == 11 for c in claves)
    # «Últimos 30 días» es `clave < clave_reciente(ahora − 30 d)`.
    corte = clave_reciente(AHORA - timedelta(days=30))
    assert [i for i, c in zip(instantes, claves, strict=True) if c < corte] == [
        i for i in instantes if i > AHORA - timedelta(days=30)
    ]
