"""Screen pop: una llamada que llega al asesor abre al cliente de ese número, sus casos y el folio que consultó.

En AWS la dispara Amazon Connect (Streams); en local, la emulación /_local/llamada, que avisa a la consola abierta
por el mismo camino (BroadcastChannel → la ruta #/llamada?telefono=…&folio=…).
"""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from infraestructura.local.servidor import LOCAL
from tests.conftest import CLAVE_DEMO
from tests.integracion.test_html_valido import validar
from tests.integracion.test_servidor import pedir, unica
from tests.navegador.test_consola import entrar
from tests.navegador.test_csp import Vigilada

pytestmark = [pytest.mark.navegador, pytest.mark.xdist_group("navegador")]

RICARDO = {"contrato": "10002005", "nombre": "Ricardo Flores Ocampo", "telefono": "7676548813"}


def _caso_de_ricardo(url: str) -> str:
    cuerpo = unica(contrato=RICARDO["contrato"], nombre=RICARDO["nombre"], telefono=RICARDO["telefono"])
    estado, _, respuesta = pedir(f"{url}/api/casos", "POST", cuerpo)
    assert estado == 201, respuesta
    return json.loads(respuesta)["folio"]


def test_la_llamada_emulada_abre_al_cliente_sus_casos_y_el_folio(navegador, servidor_url):
    folio = _caso_de_ricardo(servidor_url)
    contexto = navegador.new_context(locale="es-MX", base_url=servidor_url, viewport={"width": 1280, "height": 900})
    try:
        consola = contexto.new_page()
        entrar(consola)
        expect(consola.locator("#vista-trabajo")).to_be_visible()

        # La emulación de Connect, en otra pestaña del mismo navegador.
        emulacion = contexto.new_page()
        emulacion.goto("/_local/llamada")
        expect(emulacion.locator("html")).to_have_attribute("lang", "es-MX")
        emulacion.get_by_label("Número que llama").fill("12")
        emulacion.get_by_role("button", name="Enviar la llamada a la consola").click()
        expect(emulacion.locator("#error-telefono")).to_have_text("Escribe un número de 10 dígitos (o con +52).")
        expect(emulacion.get_by_label("Número que llama")).to_be_focused()
        expect(emulacion.get_by_label("Número que llama")).to_have_attribute("aria-invalid", "true")
        emulacion.get_by_label("Número que llama").fill("+52" + RICARDO["telefono"])
        emulacion.get_by_label("Folio que consultó en el teléfono (opcional)").fill(folio)
        emulacion.keyboard.press("Enter")
        expect(emulacion.locator("#estado-llamada")).to_have_text(
            "Llamada enviada a las consolas abiertas en este navegador."
        )
        ruta = f"#/llamada?telefono={RICARDO['telefono']}&folio={folio}"
        expect(emulacion.locator("#enlace-consola")).to_have_attribute("href", f"/consola/{ruta}")

        # La consola abierta llega sola a la llamada.
        expect(consola).to_have_url(re.compile(re.escape(ruta) + "$"))
        vista = consola.locator("#vista-llamada-entrante")
        expect(vista).to_be_visible()
        expect(consola.locator("#vista-cola")).to_be_hidden()
        titulo = consola.locator("#titulo-llamada-entrante")
        expect(titulo).to_have_text("Llamada entrante del 767 654 8813")
        expect(titulo).to_be_focused()
        legible = f"{folio[:3]} {folio[3:6]} {folio[6:]}"
        expect(consola.locator("#llamada-entrante-resumen")).to_have_text(
            f"En el teléfono consultó el folio {legible}."
        )
        # El cliente del padrón con ese número, sus casos, y el caso del folio marcado como «este caso».
        cliente = consola.locator("#llamada-entrante-cliente")
        expect(cliente).to_be_visible()
        expect(cliente).to_contain_text(RICARDO["nombre"])
        expect(cliente).to_contain_text(RICARDO["contrato"])
        expect(cliente.locator(".resultado--actual")).to_contain_text(f"Folio {legible}")
        expect(cliente.locator(f"a[href='#/casos/{folio}']")).to_have_count(1)
        # Los casos del número que ya están en el perfil no se repiten abajo.
        expect(consola.locator("#llamada-entrante-casos")).to_be_hidden()
        expect(consola.locator("#estado-llamada-entrante")).to_contain_text("con este número")
        # La verificación de la llamada ya trae el contrato; el asesor aún verifica la identidad.
        expect(consola.locator("#verif-contrato")).to_have_value(RICARDO["contrato"])

        # Con el teclado, al caso del folio.
        enlace = consola.get_by_role("link", name=f"Abrir el caso {legible}")
        enlace.focus()
        consola.keyboard.press("Enter")
        expect(consola).to_have_url(re.compile(f"#/casos/{folio}$"))
        expect(consola.locator("#vista-caso")).to_be_visible()
        expect(vista).to_be_hidden()
    finally:
        contexto.close()


def test_la_ruta_de_la_llamada_abre_la_misma_vista_al_entrar(navegador, servidor_url):
    """El enlace de la emulación (o la ruta que arma Streams) abre la llamada aunque la consola aún no tenga sesión."""
    # Un caso desde el número de Ricardo con otro contrato (alguien de su casa, con su propio servicio).
    estado, _, respuesta = pedir(f"{servidor_url}/api/casos", "POST", unica(telefono=RICARDO["telefono"]))
    assert estado == 201, respuesta
    ajeno = json.loads(respuesta)["folio"]
    contexto = navegador.new_context(locale="es-MX", base_url=servidor_url)
    try:
        pagina = contexto.new_page()
        pagina.goto(f"/consola/#/llamada?telefono=%2B52{RICARDO['telefono']}")
        pagina.fill("#usuario", "asesor.demo")
        pagina.fill("#contrasena", CLAVE_DEMO)
        pagina.click("#boton-entrar")
        expect(pagina.locator("#vista-llamada-entrante")).to_be_visible()
        expect(pagina.locator("#llamada-entrante-resumen")).to_have_text("No consultó ningún folio en el teléfono.")
        expect(pagina.locator("#llamada-entrante-cliente")).to_contain_text(RICARDO["nombre"])
        expect(pagina.locator("#llamada-entrante-folio")).to_be_hidden()
        otros = pagina.locator("#llamada-entrante-casos")
        expect(otros.get_by_role("heading")).to_have_text("Otros casos de este número")
        expect(otros.locator(f"a[href='#/casos/{ajeno}']")).to_have_count(1)
        expect(pagina.locator("#llamada-entrante-cliente").locator(f"a[href='#/casos/{ajeno}']")).to_have_count(0)
        # Un número que no es de 10 dígitos no busca nada y lo dice.
        pagina.evaluate("location.hash = '#/llamada?telefono=123'")
        error = pagina.locator("#errores-llamada-entrante")
        expect(error).to_have_text("La llamada no trae un número de 10 dígitos: búscalo con la caja de búsqueda.")
        expect(error).to_be_focused()
    finally:
        contexto.close()


def test_emulacion_y_vista_de_la_llamada_sin_violaciones_de_csp(navegador, servidor_url):
    vigilada = Vigilada(navegador, servidor_url)
    try:
        vigilada.visitar("/_local/llamada")
        expect(vigilada.pagina.locator("#form-llamada")).to_be_visible()
        vigilada.sin_violaciones("/_local/llamada")
        vigilada.visitar(f"/consola/#/llamada?telefono={RICARDO['telefono']}")
        vigilada.pagina.fill("#usuario", "asesor.demo")
        vigilada.pagina.fill("#contrasena", CLAVE_DEMO)
        vigilada.pagina.click("#boton-entrar")
        expect(vigilada.pagina.locator("#llamada-entrante-cliente")).to_contain_text(RICARDO["nombre"])
        vigilada.sin_violaciones("/consola/#/llamada")
    finally:
        vigilada.cerrar()


def test_la_pagina_de_emulacion_pasa_el_validador():
    errores = validar([LOCAL / "llamada.html"])
    assert errores == [], errores


def test_sin_connect_la_consola_no_pide_streams(navegador, servidor_url):
    """El connect.json del repositorio no trae CCP: la consola no carga Streams ni muestra el panel del teléfono."""
    contexto = navegador.new_context(locale="es-MX", base_url=servidor_url)
    try:
        pagina = contexto.new_page()
        pedidas: list[str] = []
        pagina.on("request", lambda r: pedidas.append(r.url))
        fallidas: list[str] = []
        pagina.on("response", lambda r: fallidas.append(r.url) if r.status >= 400 else None)
        entrar(pagina)
        expect(pagina.locator("#vista-trabajo")).to_be_visible()
        expect(pagina.locator("#panel-ccp")).to_be_hidden()
        assert any(u.endswith("/consola/connect.json") for u in pedidas)
        assert not [u for u in pedidas if "amazon-connect-streams" in u]
        assert not [u for u in fallidas if "connect" in u]
    finally:
        contexto.close()


# Lo que la consola usa de Amazon Connect Streams, nada más: initCCP, connect.contact y, del contacto, onConnected,
# getInitialConnection().getEndpoint().phoneNumber y getAttributes() (atributos como {nombre: {name, value}}).
STREAMS_DE_PRUEBA = """
window.__ccp = null; window.__contactos = [];
window.connect = {
  core: { initCCP: function (caja, opciones) { window.__ccp = { caja: caja.id, opciones: opciones }; } },
  contact: function (cb) { window.__contactos.push(cb); }
};
window.__llega = function (numero, folio) {
  var alConectar = [];
  var contacto = {
    onConnected: function (f) { alConectar.push(f); },
    getInitialConnection: function () {
      return { getEndpoint: function () { return { phoneNumber: numero }; } };
    },
    getAttributes: function () { return folio ? { folio: { name: "folio", value: folio } } : {}; }
  };
  window.__contactos.forEach(function (cb) { cb(contacto); });
  alConectar.forEach(function (f) { f(contacto); });
};
"""


def test_con_connect_la_llamada_contestada_abre_el_screen_pop(navegador, servidor_url):
    folio = _caso_de_ricardo(servidor_url)
    contexto = navegador.new_context(locale="es-MX", base_url=servidor_url)
    try:
        ccp = "https://bluepoint.my.connect.aws/ccp-v2/"
        contexto.route(
            "**/consola/connect.json",
            lambda r: r.fulfill(json={"ccp": ccp, "region": "us-east-1"}, headers={"Cache-Control": "no-store"}),
        )
        contexto.route(
            "**/consola/vendor/amazon-connect-streams.js",
            lambda r: r.fulfill(body=STREAMS_DE_PRUEBA, content_type="text/javascript; charset=utf-8"),
        )
        pagina = contexto.new_page()
        entrar(pagina)
        expect(pagina.locator("#panel-ccp")).to_be_visible()
        expect(pagina.get_by_role("heading", name="Teléfono")).to_be_visible()
        iniciado = pagina.evaluate("window.__ccp")
        assert iniciado["caja"] == "ccp" and iniciado["opciones"]["ccpUrl"] == ccp
        assert iniciado["opciones"]["region"] == "us-east-1" and iniciado["opciones"]["loginPopup"] is True
        assert iniciado["opciones"]["iframeTitle"] == "Teléfono de Amazon Connect"
        assert iniciado["opciones"]["softphone"] == {"allowFramedSoftphone": True}
        # Connect entrega el número en E.164 y el atributo que puso el flujo.
        pagina.evaluate(f"window.__llega('+52{RICARDO['telefono']}', '{folio}')")
        expect(pagina).to_have_url(
            re.compile(re.escape(f"#/llamada?telefono={RICARDO['telefono']}&folio={folio}") + "$")
        )
        expect(pagina.locator("#llamada-entrante-cliente")).to_contain_text(RICARDO["nombre"])
    finally:
        contexto.close()
