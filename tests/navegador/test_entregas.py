"""Prueba de entrega en la consola: un correo que rebota se ve como alerta, con su id de SES, para llamar al cliente."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from tests.integracion.test_servidor import pedir, unica
from tests.integracion.test_servidor_agentes import _historial, sesion
from tests.navegador.test_consola import entrar
from tests.util import esperar

pytestmark = [pytest.mark.navegador, pytest.mark.xdist_group("navegador")]


def test_rebote_del_folio_se_ve_como_alerta_en_el_historial(pagina, servidor_url):
    estado, _, cuerpo = pedir(f"{servidor_url}/api/casos", "POST", unica(correo="bounce@simulator.amazonses.com"))
    assert estado == 201
    folio = json.loads(cuerpo)["folio"]
    token = sesion(servidor_url, "supervisor.demo")["token"]
    esperar(lambda: any(h["tipo"] == "alerta_correo_rebotado" for h in _historial(servidor_url, folio, token)))

    entrar(pagina, "supervisor.demo")
    expect(pagina.locator("#agente-nombre")).not_to_be_empty()
    pagina.goto(f"/consola/#/casos/{folio}")
    rebote = pagina.locator("#historial > li[data-tipo='correo_rebotado']")
    expect(rebote).to_have_count(1)
    expect(rebote).to_contain_text("Correo rebotado: llamar al cliente")
    expect(rebote).to_contain_text("Pública")
    expect(rebote).to_contain_text(re.compile(r"Identificador del envío: \S+"))
    expect(pagina.locator("#historial")).not_to_contain_text("SES")
    expect(rebote).to_have_class(re.compile(r"entrada--alerta"))
    alerta = pagina.locator("#historial > li[data-tipo='alerta_correo_rebotado']")
    expect(alerta).to_contain_text("Alerta: correo rebotado")
    expect(alerta).to_contain_text("Interna")
