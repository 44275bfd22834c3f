"""Correos y SMS como los lee el cliente (issue 15): el orden del de resolución, sus pasos, el folio en el enlace del
SMS (en GSM-7 y en una parte) y una sola palabra para lo que abre: «solicitud»."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from funciones.notificaciones.plantillas import CORREOS, SMS, ContextoEnvio
from tests.unidad.test_plantillas import CTX, datos

# El alfabeto básico de GSM 03.38 (sin la extensión): un carácter fuera pasa todo el SMS a UCS-2 (70 por parte).
GSM7 = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§"
    "¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
# La dirección del sitio más larga con que deben caber (la de CloudFront tiene 37) y la fecha más larga: septiembre,
# en otro año que el registro («de 2027»), día de dos cifras.
URL_LARGA = "https://" + "a" * 32
MAXIMOS = datos(
    folio="9999999999",
    fecha_registro=datetime(2026, 12, 31, 23, 0, tzinfo=UTC).isoformat(),
    fecha_compromiso=datetime(2027, 9, 29, 23, 30, tzinfo=UTC).isoformat(),
    tipo_nombre="Reclamación",
)


def test_el_correo_de_resolucion_dice_que_se_hizo_antes_de_preguntar():
    asunto, texto, html = CORREOS["resolucion"](datos(), CTX)
    assert asunto == "Resolvimos tu queja 123 456 7890"
    for parte in (texto, html):
        assert parte.index("Cambiamos el módem") < parte.index("¿Quedó resuelto"), parte


def test_el_correo_de_resolucion_no_promete_un_clic():
    _, texto, html = CORREOS["resolucion"](datos(), CTX)
    # El enlace abre la página con la respuesta elegida; se envía con el botón de la página: dos pasos.
    for parte in (texto, html):
        assert "un clic" not in parte
        assert "«Enviar mi respuesta»" in parte
    from funciones.confirmaciones.pagina import pagina_pregunta
    from funciones.nucleo.dominio.caso import Caso

    caso = Caso("1234567890", "queja", "x", "web", "correo", "N", "d", *(datetime(2026, 1, 1, tzinfo=UTC),) * 3)
    assert ">Enviar mi respuesta</button>" in pagina_pregunta(caso, "si")


@pytest.mark.parametrize("plantilla", ["folio", "escalamiento"])
def test_el_sms_lleva_el_folio_en_el_enlace_y_cabe_en_una_parte_gsm7(plantilla):
    ctx = ContextoEnvio(URL_LARGA, datetime(2026, 12, 31, tzinfo=UTC), lambda: b"p")
    texto = SMS[plantilla](MAXIMOS, ctx)
    assert texto.endswith(f"{URL_LARGA}/seguimiento.html?folio=9999999999"), texto
    assert "999 999 9999" in texto
    assert set(texto) <= GSM7, set(texto) - GSM7
    assert len(texto) <= 160, (len(texto), texto)


def test_el_sms_del_folio_con_fecha_de_este_ano():
    ctx = ContextoEnvio("https://atencion.bluepoint.mx", datetime(2026, 11, 24, tzinfo=UTC), lambda: b"p")
    assert SMS["folio"](datos(), ctx) == (
        "Blue Point: folio 123 456 7890, plazo 26 de noviembre a las 10:00. "
        "Consulta: https://atencion.bluepoint.mx/seguimiento.html?folio=1234567890"
    )


@pytest.mark.parametrize("plantilla", sorted(SMS))
def test_ningun_sms_lleva_acentos(plantilla):
    texto = SMS[plantilla](MAXIMOS, CTX)
    assert set(texto) <= GSM7, set(texto) - GSM7


@pytest.mark.parametrize("plantilla", sorted(CORREOS))
def test_el_cliente_lee_solicitud_no_caso(plantilla):
    asunto, texto, html = CORREOS[plantilla](datos(texto="Tu solicitud pasó a Soporte técnico."), CTX)
    for parte in (asunto, texto, html):
        assert not re.search(r"\bcasos?\b", parte, re.I), parte
    sms = SMS[plantilla](datos(), CTX)
    assert not re.search(r"\bcasos?\b", sms, re.I), sms
