"""La vista de WhatsApp de la emulación (/_local/whatsapp) en Chromium: responder como el cliente con el teclado, el
resultado anunciado, el mensaje en el historial del caso, el botón «Sí, quedó resuelto» y la CSP sin violaciones."""

from __future__ import annotations

import json
import re
import secrets

import pytest
from playwright.sync_api import expect

from tests.integracion.test_servidor import pedir, unica
from tests.integracion.test_servidor_agentes import con_token, sesion
from tests.navegador.test_csp import Vigilada

pytestmark = [pytest.mark.navegador, pytest.mark.xdist_group("navegador")]


def _caso_con_telefono(servidor_url: str) -> tuple[str, str]:
    telefono = "55" + "".join(secrets.choice("0123456789") for _ in range(8))
    estado, _, cuerpo = pedir(f"{servidor_url}/api/casos", "POST", unica(telefono=telefono))
    assert estado == 201, cuerpo
    return json.loads(cuerpo)["folio"], telefono


def _historial(servidor_url: str, folio: str) -> list[dict]:
    token = sesion(servidor_url, "supervisor.demo")["token"]
    estado, _, cuerpo = pedir(f"{servidor_url}/api/casos/{folio}", cabeceras=con_token(token))
    assert estado == 200
    return json.loads(cuerpo)


def test_responder_como_el_cliente_deja_el_mensaje_en_su_caso(pagina, servidor_url):
    folio, telefono = _caso_con_telefono(servidor_url)
    pagina.goto("/_local/whatsapp")
    expect(pagina.get_by_role("heading", name="WhatsApp (emulación local)")).to_be_visible()
    numero = pagina.get_by_label("Número del cliente (WhatsApp, con 52 o 521)")
    numero.fill(f"521{telefono}")
    numero.press("Enter")
    expect(pagina.get_by_role("heading", name=f"Conversación con +521{telefono}")).to_be_visible()
    caja = pagina.get_by_label("Responder como el cliente")
    caja.fill("Sigo sin internet, ya reinicié el módem.")
    # Con el teclado, como quien no usa ratón: Tab al botón e Intro. La primera invocación carga la función.
    caja.press("Tab")
    expect(pagina.get_by_role("button", name="Enviar", exact=True)).to_be_focused()
    with pagina.expect_navigation(url=re.compile(r"/_local/whatsapp\?de="), timeout=60_000):
        pagina.keyboard.press("Enter")
    estado = pagina.get_by_role("status")
    expect(estado).to_have_text("El mensaje se agregó a su caso abierto como mensaje del cliente.")
    expect(estado).to_have_attribute("aria-live", "polite")
    expect(pagina.locator(".conversacion .entrante")).to_contain_text("Sigo sin internet, ya reinicié el módem.")
    detalle = _historial(servidor_url, folio)
    (mensaje,) = [h for h in detalle["historial"] if h["tipo"] == "mensaje_cliente"]
    assert mensaje["descripcion"] == "Sigo sin internet, ya reinicié el módem."
    assert mensaje["datos"]["canal"] == "whatsapp" and mensaje["autor"] == "cliente"


def test_el_boton_si_quedo_resuelto_cierra_el_caso_resuelto(pagina, servidor_url):
    folio, telefono = _caso_con_telefono(servidor_url)
    token = sesion(servidor_url, "supervisor.demo")["token"]
    resolucion = {"resumen": "Cambiamos el módem y el servicio quedó estable.", "primer_contacto": False}
    estado, _, cuerpo = pedir(
        f"{servidor_url}/api/casos/{folio}/resolucion", "POST", resolucion, cabeceras=con_token(token)
    )
    assert estado == 200, cuerpo
    pagina.goto(f"/_local/whatsapp?de=521{telefono}")
    rapidas = pagina.get_by_role("group", name="Respuestas rápidas")
    with pagina.expect_navigation(url=re.compile(r"resultado="), timeout=60_000):
        rapidas.get_by_role("button", name="Sí, quedó resuelto").click()
    expect(pagina.get_by_role("status")).to_have_text("El cliente confirmó que quedó resuelto: el caso se cerró.")
    assert _historial(servidor_url, folio)["caso"]["estado"] == "cerrado"


def test_una_foto_enviada_como_el_cliente_queda_en_su_caso_y_pasa_el_antivirus(pagina, servidor_url, tmp_path):
    from tests.util import esperar

    folio, telefono = _caso_con_telefono(servidor_url)
    foto = tmp_path / "modem.jpg"
    foto.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 256)
    pagina.goto(f"/_local/whatsapp?de=521{telefono}")
    pagina.get_by_label("Enviar una foto o un documento como el cliente").set_input_files(str(foto))
    pagina.get_by_label("Leyenda (opcional)").fill("Así está el módem")
    with pagina.expect_navigation(url=re.compile(r"resultado="), timeout=60_000):
        pagina.get_by_role("button", name="Enviar archivo").click()
    expect(pagina.get_by_role("status")).to_have_text(
        "El mensaje se agregó a su caso abierto como mensaje del cliente."
    )

    def limpio():
        adjunto = next(iter(_historial(servidor_url, folio)["adjuntos"]), None)
        return adjunto if adjunto and adjunto["estado"] == "limpio" else None

    # GuardDuty emulado lo escanea (unos segundos) y queda descargable, como cualquier adjunto.
    adjunto = esperar(limpio, segundos=30)
    assert adjunto["canal"] == "whatsapp" and adjunto["tipo_contenido"] == "image/jpeg"
    (mensaje,) = [h for h in _historial(servidor_url, folio)["historial"] if h["tipo"] == "mensaje_cliente"]
    assert mensaje["descripcion"] == "Así está el módem"


def test_la_vista_usa_la_csp_estricta_sin_violaciones(navegador, servidor_url):
    vigilada = Vigilada(navegador, servidor_url)
    try:
        _, telefono = _caso_con_telefono(servidor_url)
        vigilada.visitar(f"/_local/whatsapp?de=521{telefono}&resultado=anexado")
        # La hoja de estilos propia sí se aplicó (sin estilos en línea): el teléfono tiene su fondo.
        fondo = vigilada.pagina.locator(".telefono").evaluate("e => getComputedStyle(e).backgroundColor")
        assert fondo == "rgb(239, 234, 226)"
        vigilada.sin_violaciones("/_local/whatsapp")
    finally:
        vigilada.cerrar()
