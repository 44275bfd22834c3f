"""Revisión de fuera (issue 17) en Chromium: lo que una persona nueva con teclado o lector de pantalla encuentra en
la vista de WhatsApp de la emulación."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.navegador.test_whatsapp import _caso_con_telefono

pytestmark = [pytest.mark.navegador, pytest.mark.xdist_group("navegador")]


def test_tras_enviar_el_foco_llega_al_resultado_para_que_el_lector_lo_lea(pagina, servidor_url):
    # La página se recarga (303): una región aria-live que ya trae texto al cargar no se anuncia; el foco sí.
    _, telefono = _caso_con_telefono(servidor_url)
    pagina.goto(f"/_local/whatsapp?de=521{telefono}")
    caja = pagina.get_by_label("Responder como el cliente")
    caja.fill("¿Ya quedó mi reporte?")
    with pagina.expect_navigation(url=re.compile(r"resultado="), timeout=60_000):
        caja.press("Tab")
        pagina.keyboard.press("Enter")
    estado = pagina.get_by_role("status")
    expect(estado).to_have_text("El mensaje se agregó a su caso abierto como mensaje del cliente.")
    expect(estado).to_be_focused()
    # Sin resultado que anunciar, el aviso no es una parada del teclado ni se enfoca.
    pagina.goto(f"/_local/whatsapp?de=521{telefono}")
    expect(pagina.get_by_role("status")).not_to_have_attribute("tabindex", "-1")


def test_una_llamada_sin_numero_no_deja_el_resumen_de_la_anterior(pagina):
    from tests.navegador.test_consola import entrar

    entrar(pagina)
    expect(pagina.locator("#vista-trabajo")).to_be_visible()
    # María Fernanda Gómez (datos/clientes_demo.csv): 1 cliente con ese número.
    pagina.evaluate("location.hash = '#/llamada?telefono=5512345678'")
    estado = pagina.locator("#estado-llamada-entrante")
    # Sin «0 casos»: como se dice (otras pruebas del mismo servidor pueden haberle abierto casos a ese número).
    expect(estado).to_have_text(re.compile(r"^1 cliente y (ningún caso|\d+ casos?) con este número\.$"))
    expect(estado).not_to_have_text(re.compile(r"\b0 "))
    # La siguiente llamada no trae un número utilizable: el asesor no debe leer lo de la otra persona.
    pagina.evaluate("location.hash = '#/llamada?telefono=anonimo'")
    expect(pagina.locator("#errores-llamada-entrante")).to_contain_text("no trae un número de 10 dígitos")
    expect(estado).to_have_text("")
    expect(pagina.locator("#llamada-entrante-cliente")).to_be_hidden()


def _caso(servidor_url: str, **cambios) -> str:
    import json
    import secrets

    from funciones.nucleo.dominio import catalogo
    from tests.integracion.test_servidor import pedir, unica

    telefono = "55" + "".join(secrets.choice("0123456789") for _ in range(8))
    version = catalogo.catalogo()["consentimiento_whatsapp"]["version"]
    cuerpo = unica(telefono=telefono, medio_notificacion="whatsapp", consentimiento_whatsapp=version, **cambios)
    estado, _, respuesta = pedir(f"{servidor_url}/api/casos", "POST", cuerpo)
    assert estado == 201, respuesta
    return json.loads(respuesta)["folio"]


def test_la_ayuda_de_la_resolucion_dice_por_donde_le_llega_al_cliente(pagina, servidor_url):
    from tests.navegador.test_consola import entrar

    duda = _caso(servidor_url, tipo="duda", categoria="servicios_paquetes")
    # Una queja con correo concluye por correo aunque haya elegido WhatsApp (gestion: prefiere_correo).
    queja = _caso(servidor_url)
    entrar(pagina)
    expect(pagina.locator("#vista-trabajo")).to_be_visible()
    ayuda = pagina.locator("#resolucion-resumen-ayuda")
    pagina.evaluate(f"location.hash = '#/casos/{duda}'")
    expect(pagina.locator("#vista-caso")).to_contain_text(f"Caso {duda[:3]} {duda[3:6]} {duda[6:]}")
    expect(ayuda).to_have_text(
        "Se le envía por WhatsApp con dos botones para confirmar si quedó resuelto: «Sí, quedó resuelto» y "
        "«No, sigue el problema»."
    )
    pagina.evaluate(f"location.hash = '#/casos/{queja}'")
    expect(pagina.locator("#vista-caso")).to_contain_text(f"Caso {queja[:3]} {queja[3:6]} {queja[6:]}")
    expect(ayuda).to_have_text("Se le envía por correo con dos enlaces para confirmar si quedó resuelto.")


def test_la_casilla_de_whatsapp_del_asesor_no_repite_su_texto_como_descripcion(pagina):
    # Su nombre accesible ya es el texto del consentimiento (su <label>): la descripción es la indicación al asesor.
    from tests.navegador.test_consola import entrar

    entrar(pagina)
    expect(pagina.locator("#vista-trabajo")).to_be_visible()
    pagina.click("#boton-sin-verificar")
    pagina.check("#medio-whatsapp")
    casilla = pagina.locator("#caso-consentimiento")
    expect(casilla).to_be_visible()
    expect(casilla).to_have_accessible_name(re.compile(r"^«Acepto que Blue Point me escriba por WhatsApp"))
    expect(casilla).to_have_accessible_description("Léele al cliente este texto y marca la casilla sólo si lo acepta:")
