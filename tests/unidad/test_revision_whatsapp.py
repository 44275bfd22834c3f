"""Revisión de fuera (issue 17): la vista de WhatsApp de la emulación con números que no son de México."""

from __future__ import annotations

from infraestructura.local.vista_whatsapp import conversacion


def test_la_conversacion_de_un_numero_extranjero_muestra_lo_que_escribio():
    # whatsapp_entrante lo ignora (sólo se indexan números de México), pero quien prueba debe ver lo que mandó.
    recibidos = [{"de": "15551234567", "texto": "Hello?", "fecha": "2026-12-04T18:00:00+00:00"}]
    otros = [{"de": "5215512345678", "texto": "Hola", "fecha": "2026-12-04T18:01:00+00:00"}]
    mensajes = conversacion("15551234567", [], recibidos + otros)
    assert [m["texto"] for m in mensajes] == ["Hello?"]
    # Y los de México siguen juntándose con o sin el 1 después del 52.
    assert [m["texto"] for m in conversacion("525512345678", [], recibidos + otros)] == ["Hola"]


def test_el_sitio_dice_que_el_folio_tambien_llega_por_whatsapp():
    # El formulario ofrece WhatsApp como medio: quien lo eligió busca ahí su folio.
    from pathlib import Path

    sitio = Path(__file__).resolve().parents[2] / "sitio"
    assert "Viene en tu comprobante, correo, SMS o WhatsApp." in (sitio / "seguimiento.html").read_text("utf-8")
    assert "Te lo enviamos por correo, SMS o WhatsApp" in (sitio / "index.html").read_text("utf-8")


def test_la_vista_declara_su_icono_y_el_navegador_no_pide_favicon_ico():
    # Sin <link rel="icon">, Chromium pide /favicon.ico (404 en la consola del navegador); el sitio sirve el SVG.
    from infraestructura.local.vista_whatsapp import pagina

    html = pagina("", None, list, list)
    assert '<link rel="icon" href="/favicon.svg" type="image/svg+xml">' in html
