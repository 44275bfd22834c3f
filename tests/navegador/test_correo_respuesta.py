"""Una respuesta al correo del folio, compuesta en /_local/correos, llega al caso en la consola y en el seguimiento."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request

from playwright.sync_api import expect

from infraestructura.local.correos_entrantes import componer_respuesta
from tests.integracion.test_servidor import pedir, unica
from tests.navegador.test_consola import entrar
from tests.util import esperar, obtener_json

RESPUESTA = "Les mando foto del recibo: el cargo duplicado es del 3 de noviembre."


def _correo_del_folio(servidor_url: str, folio: str) -> dict:
    def buscar():
        correos = obtener_json(f"{servidor_url}/_local/correos.json")
        return next((c for c in correos if c["responder_a"].startswith(f"respuestas+{folio}.")), None)

    return esperar(buscar)


def test_la_respuesta_compuesta_en_el_buzon_aparece_en_la_consola_y_el_seguimiento(pagina, servidor_url):
    alta = unica()
    estado, _, cuerpo = pedir(f"{servidor_url}/api/casos", "POST", alta)
    assert estado == 201
    folio = json.loads(cuerpo)["folio"]
    correo = _correo_del_folio(servidor_url, folio)

    # En el buzón local, el cliente responde al correo del folio con el formulario «Responder».
    pagina.goto("/_local/correos")
    articulo = pagina.locator(f"#correo-{correo['id']}")
    articulo.get_by_text("Responder", exact=True).click()
    articulo.get_by_label("Respuesta de").fill(RESPUESTA)
    # Con el teclado (foco en el botón e Intro), como lo usaría quien no usa ratón. La primera respuesta carga la
    # función en el servidor (importaciones, clientes): en una máquina ocupada tarda.
    with pagina.expect_navigation(url=re.compile(r"/_local/correos\?respuesta="), timeout=60_000):
        articulo.get_by_role("button", name="Enviar respuesta").press("Enter")
    expect(pagina.get_by_role("status")).to_have_text("La respuesta se agregó al caso como mensaje del cliente.")

    # El asesor la ve en el historial del caso, sin la historia citada.
    entrar(pagina)
    expect(pagina.locator("#boton-salir")).to_be_visible()
    pagina.goto(f"/consola/#/casos/{folio}")
    historial = pagina.locator("#historial")
    expect(historial).to_contain_text(RESPUESTA)
    # Nada de la historia citada: ni su encabezado («El …, Blue Point … escribió:») ni el texto del correo del folio.
    expect(historial).not_to_contain_text("escribió:")
    expect(historial).not_to_contain_text("Blue Point Atención al Cliente <")
    expect(historial).not_to_contain_text("> ")
    expect(historial).to_contain_text("escribió por correo")  # la alerta a la cola

    # El cliente la ve en su seguimiento.
    pagina.goto(f"/seguimiento.html?folio={folio}")
    pagina.check("#factor-contrato")
    pagina.fill("#contrato", alta["contrato"])
    pagina.click("#boton-consultar")
    consulta = pagina.locator("#resultado-consulta")
    expect(consulta).to_contain_text(RESPUESTA)
    expect(consulta).not_to_contain_text("escribió:")
    expect(consulta).not_to_contain_text("Blue Point Atención al Cliente <")


def test_una_respuesta_a_un_token_falsificado_se_aparta_sin_agregar_nada(pagina, servidor_url):
    alta = unica()
    folio = json.loads(pedir(f"{servidor_url}/api/casos", "POST", alta)[2])["folio"]
    correo = _correo_del_folio(servidor_url, folio)
    falso = correo["responder_a"].split(".")[0] + ".aaaaaaaaaaaaaaaa@bluepoint.mx"
    crudo = componer_respuesta({**correo, "responder_a": falso}, "Texto que no debe llegar al caso.")
    req = urllib.request.Request(
        f"{servidor_url}/_local/correos-entrantes",
        data=crudo,
        method="POST",
        headers={"Content-Type": "message/rfc822"},
    )
    with urllib.request.urlopen(req, timeout=15) as r:
        resultado = json.loads(r.read())
    # Descarte silencioso: 200 para SES (no hay rebote que avise al falsificador), guardado aparte.
    assert resultado["accion"] == "apartado" and resultado["motivo"] == "token_invalido"

    entrar(pagina)
    expect(pagina.locator("#boton-salir")).to_be_visible()
    pagina.goto(f"/consola/#/casos/{folio}")
    historial = pagina.locator("#historial")
    expect(historial).to_contain_text("Te enviamos el folio")
    expect(historial).not_to_contain_text("Texto que no debe llegar al caso.")
    expect(historial).not_to_contain_text("escribió por correo")


def test_el_formulario_sin_texto_no_se_envia(pagina, servidor_url):
    folio = json.loads(pedir(f"{servidor_url}/api/casos", "POST", unica())[2])["folio"]
    correo = _correo_del_folio(servidor_url, folio)
    pagina.goto("/_local/correos")
    articulo = pagina.locator(f"#correo-{correo['id']}")
    articulo.get_by_text("Responder", exact=True).click()
    caja = articulo.get_by_label("Respuesta de")
    expect(caja).to_have_attribute("required", "")
    articulo.get_by_role("button", name="Enviar respuesta").press("Enter")
    # El navegador no lo envía (required): sigue en el buzón, sin aviso de resultado.
    expect(pagina).to_have_url(f"{servidor_url}/_local/correos")
    expect(pagina.get_by_role("status")).to_have_text("")
    try:
        urllib.request.urlopen(
            urllib.request.Request(
                f"{servidor_url}/_local/correos-entrantes",
                data=f"id={correo['id']}&texto=".encode(),
                method="POST",
                headers={"Content-Type": "application/x-www-form-urlencoded"},
            ),
            timeout=15,
        )
        raise AssertionError("se esperaba 400")
    except urllib.error.HTTPError as e:
        assert e.code == 400 and json.loads(e.read())["error"]["campos"][0]["campo"] == "texto"
