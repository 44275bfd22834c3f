"""El MIME armado a mano se lee igual que uno de `email`: texto, HTML, acentos y cabeceras."""

from __future__ import annotations

import email
import re
from email import policy

import pytest
from hypothesis import given
from hypothesis import strategies as st

from funciones.nucleo.adaptadores.mensajeria import mime_alternativo


def _leer(crudo: bytes) -> email.message.EmailMessage:
    return email.message_from_bytes(crudo, policy=policy.default)


@given(
    asunto=st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=150).filter(str.strip),
    texto=st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\r"), max_size=400),
    html=st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\r"), max_size=400),
)
def test_ida_y_vuelta(asunto, texto, html):
    m = _leer(mime_alternativo("atencion@bluepoint.mx", "cliente@example.com", asunto, texto, html))
    assert m.get_content_type() == "multipart/alternative"
    assert str(m["Subject"]) == asunto.strip() or " ".join(str(m["Subject"]).split()) == " ".join(asunto.split())
    assert m.get_body(("plain",)).get_content() == texto
    assert m.get_body(("html",)).get_content() == html
    assert m["To"] == "cliente@example.com"
    assert m["From"].addresses[0].display_name == "Blue Point Atención al Cliente"
    assert m["Message-ID"].endswith("@bluepoint.mx>")


def test_solo_crlf_y_lineas_cortas_aun_con_asunto_largo():
    asunto = "Resolvimos tu reclamación 1234567890: ¿quedó resuelto? · Atención al Cliente Blue Point"
    crudo = mime_alternativo("atencion@bluepoint.mx", "cliente@example.com", asunto, "texto " * 80, "<p>h</p>" * 80)
    assert not re.search(rb"(?<!\r)\n", crudo)  # RFC 5322: ningún LF suelto
    assert max(len(linea) for linea in crudo.split(b"\r\n")) <= 78
    assert str(_leer(crudo)["Subject"]) == asunto


@pytest.mark.parametrize("malo", ["a@b.mx\r\nBcc: otro@x.mx", "a@b.mx, otro@x.mx", "a@b.mx\n"])
def test_destinatario_que_inyecta_cabeceras_se_rechaza(malo):
    with pytest.raises(ValueError):
        mime_alternativo("atencion@bluepoint.mx", malo, "Hola", "t", "<p>h</p>")
