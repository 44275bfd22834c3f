"""Derechos ARCO en la consola real: el supervisor exporta y cancela con confirmación; un asesor no entra."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.navegador.test_consola import entrar

pytestmark = [pytest.mark.navegador, pytest.mark.xdist_group("navegador")]

MOTIVO = "Solicitud ARCO firmada por el titular en sucursal, con INE."


def test_supervisor_exporta_y_cancela_con_confirmacion(pagina):
    entrar(pagina, "supervisor.demo")
    enlace = pagina.get_by_role("link", name="Derechos ARCO")
    expect(enlace).to_be_visible()
    enlace.click()
    expect(pagina.get_by_role("heading", name="Derechos ARCO")).to_be_visible()

    # Sin motivo: el error queda en su campo y no se llama a la API.
    pagina.fill("#valor", "10002000")
    pagina.click("#boton-acceso")
    expect(pagina.locator("#error-motivo")).to_be_visible()
    expect(pagina.locator("#motivo")).to_have_attribute("aria-invalid", "true")

    pagina.fill("#motivo", MOTIVO)
    pagina.click("#boton-acceso")
    resultado = pagina.locator("#resultado-arco")
    expect(resultado).to_contain_text("Exportación lista")
    expect(resultado).to_contain_text("Número de contrato")
    expect(resultado.get_by_role("button", name="Descargar JSON")).to_be_visible()
    with pagina.expect_download() as descarga:
        resultado.get_by_role("button", name="Descargar JSON").click()
    assert descarga.value.suggested_filename.startswith("acceso-arco-")

    # Cancelar pide confirmación; «No, volver» no cambia nada.
    pagina.get_by_label("Número de contrato").check()
    pagina.fill("#valor", "10002007")
    pagina.click("#boton-cancelar")
    dialogo = pagina.get_by_role("alertdialog")
    expect(dialogo).to_contain_text("10002007")
    pagina.click("#boton-no")
    expect(dialogo).to_be_hidden()
    pagina.click("#boton-cancelar")
    pagina.click("#boton-confirmar")
    expect(resultado).to_contain_text("Datos cancelados")
    expect(resultado).to_contain_text("Perfiles del padrón borrados")
    expect(resultado).to_contain_text("Archivos adjuntos borrados")
    # Ya no hay nada de esa persona.
    pagina.fill("#valor", "10002007")
    pagina.fill("#motivo", MOTIVO)
    pagina.click("#boton-acceso")
    expect(pagina.locator("#errores-arco")).to_contain_text("No hay casos ni un cliente")


def test_un_asesor_no_ve_el_enlace_ni_la_pantalla(pagina):
    entrar(pagina, "asesor.demo")
    expect(pagina.locator("#boton-actualizar-cola")).to_be_visible()
    expect(pagina.get_by_role("link", name="Derechos ARCO")).to_be_hidden()
    pagina.goto("/consola/arco.html")
    expect(pagina.get_by_text("Sólo supervisores")).to_be_visible()
    expect(pagina.locator("#bloque-arco")).to_be_hidden()


def test_la_pantalla_arco_comparte_la_sesion_entre_pestanas(navegador, servidor_url):
    contexto = navegador.new_context(locale="es-MX", base_url=servidor_url)
    try:
        consola = contexto.new_page()
        entrar(consola, "supervisor.demo")
        expect(consola.locator("#vista-trabajo")).to_be_visible()
        # ARCO abierta aparte (pestaña nueva, sin sesión propia): la pide a la consola y no manda a la entrada.
        arco = contexto.new_page()
        arco.goto("/consola/arco.html")
        expect(arco.locator("#form-arco")).to_be_visible()
        expect(arco.locator("#agente-rol")).to_have_text("Supervisor")
        assert arco.evaluate("window.localStorage.length") == 0
        assert arco.evaluate("!!window.sessionStorage.getItem('bp.consola.sesion')")
        # Y la da: cerrada la consola, una pestaña nueva de la consola entra con la sesión de la de ARCO.
        consola.close()
        otra = contexto.new_page()
        otra.goto("/consola/")
        expect(otra.locator("#vista-trabajo")).to_be_visible()
        expect(otra.locator("#agente-rol")).to_have_text("Supervisor")
        # «Salir» en ARCO cierra también la consola.
        arco.click("#boton-salir")
        expect(arco).to_have_url(f"{servidor_url}/consola/")
        expect(otra.locator("#aviso-sesion")).to_contain_text("Cerraste tu sesión en otra pestaña.")
        assert otra.evaluate("window.sessionStorage.getItem('bp.consola.sesion')") is None
    finally:
        contexto.close()
    # Sin ninguna pestaña con sesión, ARCO lleva a la entrada.
    solo = navegador.new_context(locale="es-MX", base_url=servidor_url)
    try:
        p = solo.new_page()
        p.goto("/consola/arco.html")
        expect(p).to_have_url(f"{servidor_url}/consola/")
        expect(p.locator("#vista-entrar")).to_be_visible()
    finally:
        solo.close()
