"""Correos apartados en la consola real: el supervisor los revisa (motivo, remitente, fecha, folio); un asesor no."""

from __future__ import annotations

import json
import re
import urllib.request

import pytest
from playwright.sync_api import expect

from infraestructura.local.correos_entrantes import componer_respuesta
from tests.integracion.test_servidor import pedir, unica
from tests.navegador.test_consola import entrar
from tests.navegador.test_correo_respuesta import _correo_del_folio

pytestmark = [pytest.mark.navegador, pytest.mark.xdist_group("navegador")]


def _recibir(servidor_url: str, crudo: bytes) -> dict:
    req = urllib.request.Request(
        f"{servidor_url}/_local/correos-entrantes",
        data=crudo,
        method="POST",
        headers={"Content-Type": "message/rfc822"},
    )
    with urllib.request.urlopen(req, timeout=60) as r:
        return json.loads(r.read())


def test_el_supervisor_revisa_los_correos_apartados_y_abre_el_caso(pagina, servidor_url):
    alta = unica()
    folio = json.loads(pedir(f"{servidor_url}/api/casos", "POST", alta)[2])["folio"]
    correo = _correo_del_folio(servidor_url, folio)
    # Token bueno desde otra dirección: se aparta con el folio. Token falso: se aparta sin folio.
    intruso = f"intruso.{folio}@example.com"
    crudo = componer_respuesta({**correo, "destinatario": intruso}, "Soy otra persona.")
    assert _recibir(servidor_url, crudo)["motivo"] == "remitente_distinto"
    falso = correo["responder_a"].split(".")[0] + ".aaaaaaaaaaaaaaaa@bluepoint.mx"
    crudo = componer_respuesta({**correo, "responder_a": falso}, "Firma inventada.")
    resultado = _recibir(servidor_url, crudo)
    assert resultado["motivo"] == "token_invalido"

    entrar(pagina, "supervisor.demo")
    enlace = pagina.get_by_role("link", name="Correos apartados")
    expect(enlace).to_be_visible()
    enlace.click()
    expect(pagina).to_have_url(re.compile(r"#/correos-apartados$"))
    expect(pagina.get_by_role("heading", name="Correos apartados para revisión")).to_be_focused()
    expect(pagina.locator("#estado-apartados")).to_contain_text(re.compile(r"\d+ correos? apartados?"))
    expect(pagina.locator("#vista-cola")).to_be_hidden()

    # La fila del otro remitente: motivo en español, remitente, fecha con año y el folio como enlace al caso.
    fila = pagina.locator("#apartados-cuerpo tr").filter(has_text=intruso)
    expect(fila).to_have_count(1)
    expect(fila).to_contain_text("Lo envió una dirección distinta del correo del caso.")
    expect(fila.locator("time")).to_have_text(re.compile(r"de \d{4} a las? \d{2}:\d{2}$"))
    expect(fila.locator("time")).to_have_attribute("datetime", re.compile(r"^\d{4}-\d{2}-\d{2}T"))
    expect(fila).to_contain_text("entrantes/")
    expect(fila.get_by_role("button", name=re.compile("^Copiar la llave del correo recibido el "))).to_be_visible()
    # La del token falso no lleva folio (la firma no era auténtica): no se enlaza ningún caso.
    falsa = pagina.locator(f"#apartados-cuerpo tr[data-id='{resultado['id_ses']}']")
    expect(falsa).to_contain_text("La dirección de respuesta no es auténtica")
    expect(falsa).to_contain_text("Sin folio auténtico")
    expect(falsa.get_by_role("link")).to_have_count(0)
    # Ningún nombre de proveedor ni clave cruda de motivo a la vista.
    expect(pagina.locator("#apartados-cuerpo")).not_to_contain_text("SES")
    expect(pagina.locator("#apartados-cuerpo")).not_to_contain_text("remitente_distinto")

    # Con el teclado, el folio abre el caso, cuyo historial no tiene el texto apartado.
    legible = f"{folio[:3]} {folio[3:6]} {folio[6:]}"
    fila.get_by_role("link", name=legible).focus()
    pagina.keyboard.press("Enter")
    expect(pagina.locator("#caso-folio")).to_have_text(legible)
    expect(pagina.locator("#vista-apartados")).to_be_hidden()
    expect(pagina.locator("#historial")).not_to_contain_text("Soy otra persona.")

    # Volver a la vista (atrás del navegador) la carga de nuevo; la búsqueda la oculta.
    pagina.go_back()
    expect(fila).to_have_count(1)
    pagina.fill("#busqueda-q", folio)
    pagina.click("#boton-buscar")
    expect(pagina.locator("#vista-busqueda")).to_be_visible()
    expect(pagina.locator("#vista-apartados")).to_be_hidden()


def test_un_asesor_no_ve_el_enlace_ni_la_lista(pagina):
    entrar(pagina, "asesor.demo")
    expect(pagina.locator("#boton-actualizar-cola")).to_be_visible()
    expect(pagina.get_by_role("link", name="Correos apartados")).to_be_hidden()
    pagina.goto("/consola/#/correos-apartados")
    expect(pagina.locator("#errores-apartados")).to_have_text("Sólo los supervisores revisan los correos apartados.")
    expect(pagina.locator("#apartados-cuerpo tr")).to_have_count(0)
