"""Enlaces firmados del cliente: ida y vuelta, propósito, alteraciones, llave, vencimiento y tokens mal formados."""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from funciones.nucleo.dominio.enlaces import ENLACE_INVALIDO, ENLACE_VENCIDO, Enlace, firmar, verificar
from funciones.nucleo.dominio.errores import EnlaceVencido

PIMIENTA = bytes.fromhex("c3" * 32)
AHORA = datetime(2026, 3, 10, 17, 0, tzinfo=UTC)
VENCE = int((AHORA + timedelta(days=30)).timestamp())
CONFIRMACION = Enlace("confirmacion", "1234567890", 2, VENCE)


def _b64(datos: bytes) -> str:
    return base64.urlsafe_b64encode(datos).rstrip(b"=").decode()


def _invalido(token: str, proposito: str = "confirmacion", pimienta: bytes = PIMIENTA) -> None:
    with pytest.raises(EnlaceVencido) as e:
        verificar(token, proposito, pimienta, AHORA)
    assert (e.value.codigo, e.value.mensaje) == ("enlace_invalido", ENLACE_INVALIDO)


def test_ida_y_vuelta():
    assert verificar(firmar(CONFIRMACION, PIMIENTA), "confirmacion", PIMIENTA, AHORA) == CONFIRMACION


def test_el_token_es_la_carga_legible_y_su_hmac():
    token = firmar(CONFIRMACION, PIMIENTA)
    carga = f"confirmacion.1234567890.2.{VENCE}".encode()
    llave = hmac.new(PIMIENTA, b"bluepoint-enlaces-v1", hashlib.sha256).digest()
    assert token == f"{_b64(carga)}.{_b64(hmac.new(llave, carga, hashlib.sha256).digest())}"
    # Sin relleno «=» ni caracteres que haya que escapar en una URL.
    assert "=" not in token and "/" not in token and "+" not in token


@given(
    st.sampled_from(["confirmacion", "encuesta"]),
    st.from_regex(r"[1-9][0-9]{9}", fullmatch=True),
    st.integers(min_value=0, max_value=10**6),
    st.integers(min_value=VENCE, max_value=2**40),
)
def test_ida_y_vuelta_con_cualquier_dato(proposito, folio, ronda, vence):
    enlace = Enlace(proposito, folio, ronda, vence)
    assert verificar(firmar(enlace, PIMIENTA), proposito, PIMIENTA, AHORA) == enlace


def test_un_enlace_de_confirmacion_no_sirve_de_encuesta_ni_al_reves():
    _invalido(firmar(CONFIRMACION, PIMIENTA), "encuesta")
    encuesta = Enlace("encuesta", "1234567890", 2, VENCE)
    _invalido(firmar(encuesta, PIMIENTA), "confirmacion")
    assert verificar(firmar(encuesta, PIMIENTA), "encuesta", PIMIENTA, AHORA) == encuesta


def test_otra_pimienta_no_lo_valida():
    _invalido(firmar(CONFIRMACION, PIMIENTA), pimienta=bytes.fromhex("c4" * 32))


def test_la_llave_no_es_la_pimienta_misma():
    carga = f"confirmacion.1234567890.2.{VENCE}".encode()
    con_pimienta = _b64(hmac.new(PIMIENTA, carga, hashlib.sha256).digest())
    _invalido(f"{_b64(carga)}.{con_pimienta}")


def test_cambiar_la_carga_o_la_firma_lo_invalida():
    carga, firma = firmar(CONFIRMACION, PIMIENTA).split(".")
    otra_ronda = _b64(f"confirmacion.1234567890.3.{VENCE}".encode())
    _invalido(f"{otra_ronda}.{firma}")
    otra_firma = ("B" if firma[0] == "A" else "A") + firma[1:]
    _invalido(f"{carga}.{otra_firma}")
    _invalido(f"{carga}.{firma[:-2]}")


@pytest.mark.parametrize(
    "token",
    ["", "sin-punto", "a.b.c", "%%%.%%%", "....", "YQ.", ".YQ", "Y.Y"],
)
def test_tokens_mal_formados(token):
    _invalido(token)


def _firmado(texto: str) -> str:
    carga = texto.encode()
    llave = hmac.new(PIMIENTA, b"bluepoint-enlaces-v1", hashlib.sha256).digest()
    return f"{_b64(carga)}.{_b64(hmac.new(llave, carga, hashlib.sha256).digest())}"


@pytest.mark.parametrize(
    "carga",
    [
        "confirmacion.1234567890.2",  # falta un campo
        f"confirmacion.1234567890.2.{VENCE}.extra",
        f"confirmacion.1234567890.dos.{VENCE}",
        "confirmacion.1234567890.2.mañana",
        "\xff\xfe",
    ],
)
def test_carga_bien_firmada_pero_mal_formada(carga):
    _invalido(_firmado(carga))


def test_carga_que_no_es_utf8():
    carga = b"\xff\xfe.\x00"
    llave = hmac.new(PIMIENTA, b"bluepoint-enlaces-v1", hashlib.sha256).digest()
    _invalido(f"{_b64(carga)}.{_b64(hmac.new(llave, carga, hashlib.sha256).digest())}")


@pytest.mark.parametrize("relleno", [0, 1, 2, 3])
def test_cualquier_largo_de_carga_sin_relleno(relleno):
    # La carga en base64 sin «=» puede medir cualquier residuo módulo 4 (salvo 1): todas se decodifican bien.
    enlace = Enlace("confirmacion", "1234567890", 10**relleno, VENCE)
    assert verificar(firmar(enlace, PIMIENTA), "confirmacion", PIMIENTA, AHORA) == enlace


def test_vence_al_pasar_su_instante():
    enlace = Enlace("encuesta", "1234567890", 1, int(AHORA.timestamp()))
    token = firmar(enlace, PIMIENTA)
    # En su último segundo todavía vale; un segundo después, vencido (con su propio mensaje, no «inválido»).
    assert verificar(token, "encuesta", PIMIENTA, AHORA) == enlace
    with pytest.raises(EnlaceVencido) as e:
        verificar(token, "encuesta", PIMIENTA, AHORA + timedelta(seconds=1))
    assert (e.value.codigo, e.value.mensaje) == ("enlace_vencido", ENLACE_VENCIDO)


def test_base64_sin_relleno_conserva_sus_caracteres():
    from funciones.nucleo.dominio.enlaces import _b64

    # «X» es un carácter de base64: sólo se quita el relleno «=».
    assert _b64(b"\x00\x00\x17") == "AAAX" and _b64(b"\x00") == "AA" and _b64(b"\x00\x00") == "AAA"
