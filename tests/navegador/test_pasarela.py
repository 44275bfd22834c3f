"""Los errores de la propia pasarela (HTTP API, CloudFront, WAF) vienen en inglés, en HTML o vacíos: el sitio y la
consola muestran su propio mensaje en español para 401, 403, 429 y 503, sea cual sea el cuerpo."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.navegador.test_consola import entrar
from tests.navegador.test_sitio import llenar_queja

pytestmark = [pytest.mark.navegador, pytest.mark.xdist_group("navegador")]

# Lo que de veras responde cada pieza (cuerpos tal cual, en inglés o HTML).
PASARELA = {
    401: ('{"message":"Unauthorized"}', "application/json"),
    403: (
        "<html><head><title>403 Forbidden</title></head><body><h1>403 ERROR</h1>Request blocked.</body></html>",
        "text/html",
    ),
    429: ('{"message":"Too Many Requests"}', "application/json"),
    503: ('{"message":"Service Unavailable"}', "application/json"),
}
ESPANOL = {
    401: "Tu sesión no es válida o ya venció",
    403: "No se pudo atender tu solicitud desde aquí",
    429: "Hay demasiadas solicitudes en este momento",
    503: "El servicio no está disponible en este momento",
}
EN_INGLES = re.compile(r"Unauthorized|Forbidden|Too Many|Service Unavailable|Request blocked|ERROR")


@pytest.mark.parametrize("estado", sorted(PASARELA))
def test_el_formulario_del_sitio_dice_cada_estado_en_espanol(pagina, estado):
    cuerpo, tipo = PASARELA[estado]
    pagina.route(
        "**/api/casos",
        lambda ruta: (
            ruta.fulfill(status=estado, body=cuerpo, content_type=tipo)
            if ruta.request.method == "POST"
            else ruta.continue_()
        ),
    )
    pagina.goto("/")
    llenar_queja(pagina)
    pagina.click("#boton-enviar")
    resumen = pagina.locator("#resumen-errores")
    expect(resumen).to_be_visible()
    expect(resumen).to_contain_text(ESPANOL[estado])
    expect(resumen).not_to_contain_text(EN_INGLES)
    expect(resumen).to_be_focused()
    # Los datos siguen en el formulario para volver a intentar.
    expect(pagina.locator("#nombre")).to_have_value("Carla Méndez")


def test_un_error_del_contrato_en_espanol_se_muestra_tal_cual(pagina):
    # Un 429 de la propia API (o del WAF, que usa la forma del contrato) trae un mensaje más preciso: se usa ese.
    cuerpo = '{"error":{"codigo":"limite","mensaje":"Ya abriste 5 solicitudes hoy con este correo.","campos":[]}}'
    pagina.route(
        "**/api/casos",
        lambda ruta: (
            ruta.fulfill(status=429, body=cuerpo, content_type="application/json")
            if ruta.request.method == "POST"
            else ruta.continue_()
        ),
    )
    pagina.goto("/")
    llenar_queja(pagina)
    pagina.click("#boton-enviar")
    expect(pagina.locator("#resumen-errores")).to_contain_text("Ya abriste 5 solicitudes hoy")


@pytest.mark.parametrize("estado", [403, 429, 503])
def test_la_consola_dice_cada_estado_en_espanol(pagina, estado):
    cuerpo, tipo = PASARELA[estado]
    entrar(pagina)
    expect(pagina.locator("#vista-trabajo")).to_be_visible()
    pagina.route(
        re.compile(r".*/api/casos(\?.*)?$"), lambda ruta: ruta.fulfill(status=estado, body=cuerpo, content_type=tipo)
    )
    pagina.click("#boton-actualizar-cola")
    caja = pagina.locator("#errores-cola")
    expect(caja).to_be_visible()
    expect(caja).to_contain_text(ESPANOL[estado] if estado != 403 else "No se pudo cargar la cola")
    expect(caja).not_to_contain_text(EN_INGLES)


def test_la_consola_ante_un_401_de_la_pasarela_cierra_la_sesion_en_espanol(pagina):
    cuerpo, tipo = PASARELA[401]
    entrar(pagina)
    expect(pagina.locator("#vista-trabajo")).to_be_visible()
    pagina.route(
        re.compile(r".*/api/casos(\?.*)?$"), lambda ruta: ruta.fulfill(status=401, body=cuerpo, content_type=tipo)
    )
    pagina.click("#boton-actualizar-cola")
    expect(pagina.locator("#form-entrar")).to_be_visible()
    aviso = pagina.locator("#aviso-sesion")
    expect(aviso).to_contain_text("Tu sesión venció")
    expect(pagina.locator("body")).not_to_contain_text(EN_INGLES)
