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
