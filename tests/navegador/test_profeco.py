"""La marca PROFECO en el detalle del caso: el supervisor la pone y la quita con confirmación; un asesor la ve."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from tests.integracion.test_servidor import pedir, unica
from tests.navegador.test_consola import entrar

pytestmark = [pytest.mark.navegador, pytest.mark.xdist_group("navegador")]

MOTIVO = "Citatorio de conciliación recibido por correo certificado."


def _abrir(pagina, folio: str) -> None:
    pagina.goto(f"/consola/#/casos/{folio}")
    expect(pagina.locator("#caso-folio")).to_have_text(f"{folio[:3]} {folio[3:6]} {folio[6:]}")


def test_el_supervisor_marca_y_cierra_el_proceso_profeco_con_confirmacion(pagina, servidor_url):
    folio = json.loads(pedir(f"{servidor_url}/api/casos", "POST", unica())[2])["folio"]
    entrar(pagina, "supervisor.demo")
    expect(pagina.locator("#boton-salir")).to_be_visible()
    _abrir(pagina, folio)
    seccion = pagina.get_by_role("region", name="Proceso ante PROFECO")
    expect(seccion).to_be_visible()
    expect(pagina.locator("#dato-profeco")).to_have_count(0)

    # Sin datos: errores por campo y nada se llama (no aparece la confirmación).
    boton = seccion.get_by_role("button", name="Marcar proceso ante PROFECO…")
    boton.click()
    expect(pagina.locator("#error-p-expediente")).to_be_visible()
    expect(pagina.locator("#profeco-motivo")).to_have_attribute("aria-invalid", "true")
    expect(pagina.get_by_role("alertdialog")).to_be_hidden()

    pagina.get_by_label("Número de expediente de PROFECO").fill("PFC/CDMX/0457/2026")
    pagina.fill("#profeco-motivo", MOTIVO)
    boton.click()
    dialogo = pagina.get_by_role("alertdialog")
    expect(dialogo).to_contain_text("PFC/CDMX/0457/2026")
    expect(pagina.locator("#boton-confirmar-profeco")).to_be_focused()
    # «No, volver» no cambia nada y devuelve el foco al botón.
    dialogo.get_by_role("button", name="No, volver").click()
    expect(dialogo).to_be_hidden()
    expect(boton).to_be_focused()
    expect(pagina.locator("#dato-profeco")).to_have_count(0)

    boton.click()
    dialogo.get_by_role("button", name="Sí, confirmar").press("Enter")
    aviso = pagina.locator("#aviso-accion")
    expect(aviso).to_have_attribute("role", "status")
    expect(aviso).to_contain_text("marcado con el proceso ante PROFECO, expediente PFC/CDMX/0457/2026")
    expect(pagina.locator("#dato-profeco")).to_contain_text(
        re.compile(r"expediente PFC/CDMX/0457/2026, desde el .+ de \d{4}")
    )
    expect(pagina.locator("#historial")).to_contain_text("Proceso ante PROFECO abierto")
    # Abierto: la acción pasa a cerrarlo (sin el campo del expediente).
    cerrar = seccion.get_by_role("button", name="Cerrar el proceso ante PROFECO…")
    expect(cerrar).to_be_visible()
    expect(pagina.get_by_label("Número de expediente de PROFECO")).to_be_hidden()

    # Un asesor ve el dato, pero no la acción.
    contexto = pagina.context.browser.new_context(locale="es-MX", base_url=servidor_url)
    otra = contexto.new_page()
    entrar(otra, "asesor.demo")
    expect(otra.locator("#boton-salir")).to_be_visible()
    _abrir(otra, folio)
    expect(otra.locator("#dato-profeco")).to_contain_text("PFC/CDMX/0457/2026")
    expect(otra.locator("#accion-profeco")).to_be_hidden()
    contexto.close()

    # Cerrar también pide confirmación.
    pagina.fill("#profeco-motivo", "La conciliación terminó con convenio firmado.")
    cerrar.click()
    expect(dialogo).to_contain_text("Se cierra el expediente PFC/CDMX/0457/2026")
    dialogo.get_by_role("button", name="Sí, confirmar").click()
    expect(aviso).to_contain_text("Se cerró el proceso ante PROFECO del caso.")
    expect(pagina.locator("#dato-profeco")).to_have_count(0)
    expect(seccion.get_by_role("button", name="Marcar proceso ante PROFECO…")).to_be_visible()
    expect(pagina.locator("#historial")).to_contain_text("Proceso ante PROFECO cerrado")
