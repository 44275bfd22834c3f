"""El formulario incrustado en la página corporativa de muestra (otro origen, http://localhost:<puerto>): una sola
etiqueta <script> lo pinta y abre un caso; la API sólo admite ese origen por CORS."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.navegador.test_sitio import llenar_queja
from tests.util import obtener_json

pytestmark = [pytest.mark.navegador, pytest.mark.xdist_group("navegador")]


@pytest.fixture
def corporativo(servidor_url) -> str:
    return obtener_json(f"{servidor_url}/_local/aws.json")["corporativo"]


def test_la_pagina_corporativa_abre_un_caso_con_el_formulario_incrustado(pagina, servidor_url, corporativo):
    avisos: list[str] = []
    pagina.on("console", lambda m: avisos.append(m.text) if m.type in ("error", "warning") else None)
    assert corporativo.startswith("http://localhost:")
    # Dada la página de la empresa (su propio origen, su propia CSP) con la etiqueta del formulario
    pagina.goto(f"{corporativo}/")
    expect(pagina).to_have_title(re.compile("página corporativa de muestra"))
    # El formulario aparece (en su raíz de sombra) con el catálogo de la API de Blue Point
    expect(pagina.locator("#form-caso")).to_be_visible()
    expect(pagina.get_by_label("Nombre completo")).to_be_visible()
    contrato, _ = llenar_queja(pagina)
    # Cuando la persona lo envía
    with pagina.expect_response(lambda r: r.url.endswith("/api/casos") and r.request.method == "POST") as respuesta:
        pagina.click("#boton-enviar")
    # Entonces la API le contesta por CORS a ese origen y la persona ve su folio
    assert respuesta.value.status == 201
    assert respuesta.value.headers["access-control-allow-origin"] == corporativo
    resultado = pagina.locator("#resultado")
    expect(resultado).to_be_visible()
    folio = resultado.locator(".folio__numero").inner_text().strip()
    assert re.fullmatch(r"\d{3} \d{3} \d{4}", folio)
    # Los enlaces del resultado van al sitio de Blue Point, no a la página de la empresa
    seguimiento = resultado.get_by_role("link", name="Consultar el estado de mi solicitud")
    expect(seguimiento).to_have_attribute("href", re.compile("^" + re.escape(servidor_url) + "/seguimiento.html"))
    # El título de la página de la empresa no se toca, y ni la CSP ni el CORS se quejaron de nada
    expect(pagina).to_have_title(re.compile("página corporativa de muestra"))
    assert avisos == [], avisos
    # El caso existe: se consulta en el sitio con su folio y contrato
    pagina.goto(f"{servidor_url}/seguimiento.html?folio={folio.replace(' ', '')}")
    pagina.check("#factor-contrato")
    pagina.fill("#contrato", contrato)
    pagina.click("#boton-consultar")
    expect(pagina.locator("#resultado-consulta")).to_contain_text("Registramos tu queja")


def test_otro_origen_no_puede_usar_la_api(pagina, corporativo):
    # La misma página desde 127.0.0.1 (otro origen que localhost): la API no le da CORS y el formulario lo dice.
    pagina.goto(corporativo.replace("localhost", "127.0.0.1") + "/")
    estado = pagina.locator("#estado-catalogo")
    expect(estado).to_contain_text(re.compile("No pudimos cargar|no se pudo|Intenta", re.IGNORECASE))
    expect(pagina.locator("#form-caso")).to_be_hidden()
