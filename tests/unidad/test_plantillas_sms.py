"""Cada plantilla SMS, con sus valores más largos, va en GSM-7 y cabe en una parte (160): se cobra 1 vez, no 3."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from funciones.notificaciones.plantillas import LARGO_MAXIMO_URL_SITIO, SMS, ContextoEnvio
from funciones.nucleo.dominio import enlaces
from funciones.nucleo.dominio.catalogo import catalogo
from funciones.nucleo.dominio.sms import partes_sms

PIMIENTA = b"p" * 64
# Un miércoles de septiembre (el mes y el día de la semana más largos), en otro año que el registro: la fecha
# lleva «de 2027». El folio con todos sus dígitos, la ronda y el vencimiento más grandes que firma un enlace.
REGISTRO = datetime(2026, 12, 31, 23, 0, tzinfo=UTC)
COMPROMISO = datetime(2027, 9, 29, 23, 30, tzinfo=UTC)  # miércoles 29, 17:30 en la Ciudad de México
URL_MAS_LARGA = "https://" + "a" * (LARGO_MAXIMO_URL_SITIO - len("https://"))
# El dominio de CloudFront que toma la pila sin `url_sitio` (d + 13 caracteres) y el propio.
URLS = (URL_MAS_LARGA, "https://d1234567890abc.cloudfront.net", "https://atencion.bluepoint.mx")


def _tipo_mas_largo() -> dict[str, Any]:
    return max(catalogo()["tipos"], key=lambda t: len(t["nombre"]))


def datos_maximos() -> dict[str, Any]:
    tipo = _tipo_mas_largo()
    return {
        "folio": "9999999999",
        "sobrevive": "9999999998",  # el folio que sigue (duplicado)
        "nombre": "María Fernanda de los Ángeles Gómez Ruiz",
        "tipo_nombre": tipo["nombre"],
        "categoria_nombre": "Cobro indebido o no reconocido",
        "fecha_registro": REGISTRO.isoformat(),
        "fecha_compromiso": COMPROMISO.isoformat(),
        "fecha_limite_legal": COMPROMISO.isoformat(),
        "ronda": 65535,
        "resumen": "Cambiamos el módem y la señal quedó estable.",
        "texto": "Tu caso pasó a Soporte técnico.",
        "bonificacion": None,
    }


@pytest.mark.parametrize("url", URLS)
@pytest.mark.parametrize("plantilla", sorted(SMS))
def test_cada_sms_va_en_gsm7_y_en_una_parte(plantilla, url):
    # Al límite de la vigencia de los enlaces (en 2106 ya no cabe en 4 bytes y se usaría el enlace largo).
    ctx = ContextoEnvio(url, datetime(2100, 1, 1, tzinfo=UTC), lambda: PIMIENTA)
    texto = SMS[plantilla](datos_maximos(), ctx)
    medida = partes_sms(texto)
    assert medida["codificacion"] == "GSM-7", f"{plantilla}: fuera de GSM {medida.get('fuera_de_gsm')!r}: {texto}"
    assert medida["partes"] == 1, f"{plantilla}: {medida['caracteres']} caracteres: {texto}"
    assert "9999999999" in texto.replace(" ", "")


@pytest.mark.parametrize("plantilla,proposito", [("resolucion", "confirmacion"), ("encuesta", "encuesta")])
def test_el_enlace_corto_del_sms_abre_lo_mismo_que_el_del_correo(plantilla, proposito):
    ahora = datetime(2026, 12, 4, tzinfo=UTC)
    ctx = ContextoEnvio("https://atencion.bluepoint.mx", ahora, lambda: PIMIENTA)
    datos = {**datos_maximos(), "folio": "0123456789", "ronda": 3}
    token = SMS[plantilla](datos, ctx).rsplit("/", 1)[-1]
    enlace = enlaces.verificar(token, proposito, PIMIENTA, ahora)
    assert (enlace.folio, enlace.ronda, enlace.proposito) == ("0123456789", 3, proposito)
    # Con otro propósito, otra pimienta o un carácter cambiado, no vale.
    otro = "encuesta" if proposito == "confirmacion" else "confirmacion"
    for intento in (
        lambda: enlaces.verificar(token, otro, PIMIENTA, ahora),
        lambda: enlaces.verificar(token, proposito, b"q" * 64, ahora),
        lambda: enlaces.verificar(token[:-1] + ("A" if token[-1] != "A" else "B"), proposito, PIMIENTA, ahora),
        lambda: enlaces.verificar(token[:-2], proposito, PIMIENTA, ahora),
    ):
        with pytest.raises(enlaces.EnlaceVencido):
            intento()


def test_partes_sms_cuenta_como_el_operador():
    assert partes_sms("a" * 160) == {"codificacion": "GSM-7", "caracteres": 160, "partes": 1}
    assert partes_sms("a" * 161)["partes"] == 2
    # Un carácter de la extensión ocupa dos septetos.
    assert partes_sms("€" + "a" * 159)["partes"] == 2
    # Una «á» pasa todo a UCS-2: 70 por parte, 67 con la cabecera de concatenación.
    acentuado = partes_sms("á" + "a" * 140)
    assert (acentuado["codificacion"], acentuado["partes"], acentuado["fuera_de_gsm"]) == ("UCS-2", 3, "á")
    # La é, la ñ y la ü sí están en GSM.
    assert partes_sms("Módem")["codificacion"] == "UCS-2" and partes_sms("señal y pingüino é")["partes"] == 1
