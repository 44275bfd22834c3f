from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from funciones.nucleo.dominio.folio import (
    digito_damm,
    folio_valido,
    formatear_folio,
    generar_folio,
    normalizar_folio,
)

bases = st.integers(min_value=10**8, max_value=10**9 - 1).map(str)
folios = bases.map(lambda b: b + digito_damm(b))


def test_digito_damm_vector_conocido() -> None:
    # Ejemplo clásico del algoritmo de Damm: 572 → 4.
    assert digito_damm("572") == "4"
    assert folio_valido("5724") is False  # válido por Damm, pero no tiene 10 dígitos


def test_folios_generados_son_validos() -> None:
    generados = {generar_folio() for _ in range(2000)}
    assert len(generados) > 1990
    for f in generados:
        assert len(f) == 10 and f.isdigit() and f[0] != "0"
        assert folio_valido(f)


@given(folios)
def test_folio_con_digito_damm_es_valido(folio: str) -> None:
    assert folio_valido(folio)
    assert folio_valido(formatear_folio(folio))


@given(folios, st.integers(0, 9), st.integers(0, 9))
def test_todo_cambio_de_un_digito_se_detecta(folio: str, pos: int, nuevo: int) -> None:
    assume(folio[pos] != str(nuevo))
    alterado = folio[:pos] + str(nuevo) + folio[pos + 1 :]
    assert not folio_valido(alterado)


@given(folios, st.integers(0, 8))
def test_toda_transposicion_adyacente_se_detecta(folio: str, pos: int) -> None:
    assume(folio[pos] != folio[pos + 1])
    alterado = folio[:pos] + folio[pos + 1] + folio[pos] + folio[pos + 2 :]
    assert not folio_valido(alterado)


@pytest.mark.parametrize("texto", ["123 456 7890", "123-456-7890", "123.456.7890", " 1234567890 ", "123–456–7890"])
def test_normalizar_acepta_separadores(texto: str) -> None:
    assert normalizar_folio(texto) == "1234567890"


@pytest.mark.parametrize(
    "texto", ["123456789", "12345678901", "12345a7890", "", "１２３４５６７８９０", "123_456_7890"]
)
def test_normalizar_rechaza(texto: str) -> None:
    assert normalizar_folio(texto) is None
    assert not folio_valido(texto)


def test_formatear_folio() -> None:
    assert formatear_folio("1234567890") == "123 456 7890"
    with pytest.raises(ValueError):
        formatear_folio("12345")


def test_digito_damm_rechaza_no_digitos() -> None:
    with pytest.raises(ValueError):
        digito_damm("12a")


def test_folio_que_empieza_con_cero_no_es_valido() -> None:
    # Nunca se generan: un 0 inicial delata un folio inventado aunque el dígito Damm cuadre.
    base = "012345678"
    assert not folio_valido(base + digito_damm(base))


def test_digitos_que_no_son_ascii_se_rechazan():
    from funciones.nucleo.dominio.folio import digito_damm

    # «١٢٣» son dígitos (isdigit) pero no ASCII: int() los aceptaría.
    for texto in ("١٢٣", "12a", ""):
        with pytest.raises(ValueError, match="^solo se aceptan dígitos 0-9$"):
            digito_damm(texto)


def test_formatear_un_folio_mal_formado():
    from funciones.nucleo.dominio.folio import formatear_folio

    with pytest.raises(ValueError, match="^el folio debe tener 10 dígitos$"):
        formatear_folio("12345")


def test_token_del_comprobante():
    from funciones.nucleo.dominio.caso import hash_token, nuevo_token

    token, huella = nuevo_token()
    # 24 bytes aleatorios (192 bits) en base64 URL: 32 caracteres; sólo se guarda su SHA-256.
    assert len(token) == 32 and huella == hash_token(token) and len(huella) == 64 and token != nuevo_token()[0]
