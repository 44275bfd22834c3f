"""El consentimiento de WhatsApp en el formulario real: la casilla aparece al elegir WhatsApp, sin ella no se envía y
con ella el folio sale por WhatsApp (la emulación local de End User Messaging Social lo muestra)."""

from __future__ import annotations

import re
import secrets

import pytest
from playwright.sync_api import expect

from funciones.nucleo.dominio import catalogo
from tests.util import esperar, obtener_json

pytestmark = [pytest.mark.navegador, pytest.mark.xdist_group("navegador")]
# Los últimos 4 de Juan Carlos Ramírez en datos/clientes_demo.csv (sólo para demostraciones).
ULTIMOS4_JUAN = "5532"


def _llenar_duda(pagina) -> str:
    # Un teléfono propio: hay un límite diario de casos por teléfono.
    telefono = "55" + str(secrets.randbelow(90_000_000) + 10_000_000)
    pagina.check("input[name=tipo][value=duda]")
    pagina.select_option("#categoria", "servicios_paquetes")
    pagina.fill("#nombre", "Rosa Martínez")
    pagina.fill("#telefono", telefono)
    pagina.fill("#descripcion", "¿Qué velocidad tiene el paquete de 399 al mes?")
    pagina.check("#aviso_privacidad")
    return telefono


def test_whatsapp_pide_la_casilla_con_el_texto_del_catalogo_y_envia_el_folio(pagina, servidor_url):
    pagina.goto("/")
    expect(pagina.locator("input[name=tipo]").first).to_be_attached()
    telefono = _llenar_duda(pagina)
    casilla = pagina.locator("#consentimiento_whatsapp")
    # Con otro medio la casilla no está; al elegir WhatsApp aparece con el texto vigente del catálogo.
    pagina.check("input[name=medio_notificacion][value=correo]")
    expect(casilla).to_be_hidden()
    pagina.check("input[name=medio_notificacion][value=whatsapp]")
    expect(casilla).to_be_visible()
    texto = catalogo.catalogo()["consentimiento_whatsapp"]["texto"]
    expect(pagina.locator("#consentimiento-texto")).to_have_text(texto)
    # Sin marcarla: el error va en su campo y en el resumen, y no se abre ningún caso.
    pagina.click("#boton-enviar")
    error = pagina.locator("#error-consentimiento_whatsapp")
    expect(error).to_be_visible()
    expect(error).to_contain_text("Marca la casilla para aceptar que te escribamos por WhatsApp")
    expect(pagina.locator("#resumen-errores")).to_contain_text("WhatsApp")
    expect(pagina.locator("#resultado")).to_be_hidden()
    # Se marca con el teclado (espacio) y el error se va.
    casilla.focus()
    pagina.keyboard.press("Space")
    expect(casilla).to_be_checked()
    expect(error).to_be_hidden()
    pagina.click("#boton-enviar")
    resultado = pagina.locator("#resultado")
    expect(resultado).to_be_visible()
    expect(resultado).to_contain_text("Te enviamos tu folio por WhatsApp.")
    folio = resultado.locator(".folio__numero").inner_text().strip()
    assert re.fullmatch(r"\d{3} \d{3} \d{4}", folio)
    mensaje = esperar(
        lambda: next((m for m in obtener_json(f"{servidor_url}/_local/whatsapp.json") if folio in m["texto"]), None)
    )
    assert (mensaje["destino"], mensaje["plantilla"]) == ("+52" + telefono, "folio")
    assert set(mensaje) >= {"destino", "plantilla", "texto", "botones", "fecha"}


def test_el_servidor_rechaza_whatsapp_sin_consentimiento_aunque_el_navegador_no_lo_revise(servidor_url):
    import json
    import urllib.error
    import urllib.request

    cuerpo = {
        "tipo": "duda",
        "categoria": "servicios_paquetes",
        "nombre": "Rosa Martínez",
        "telefono": "5512345678",
        "descripcion": "¿Qué velocidad tiene el paquete de 399 al mes?",
        "medio_notificacion": "whatsapp",
        "aviso_privacidad": catalogo.catalogo()["aviso_privacidad"]["version"],
    }
    pedido = urllib.request.Request(
        f"{servidor_url}/api/casos",
        data=json.dumps(cuerpo).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with pytest.raises(urllib.error.HTTPError) as e:
        urllib.request.urlopen(pedido, timeout=10)  # noqa: S310 -- el servidor local
    assert e.value.code == 400
    campos = {c["campo"] for c in json.loads(e.value.read())["error"]["campos"]}
    assert campos == {"consentimiento_whatsapp"}


def test_el_asesor_lee_el_texto_y_marca_la_casilla_en_la_consola(pagina, servidor_url):
    from tests.navegador.test_consola import entrar

    entrar(pagina)
    expect(pagina.locator("#barra-agente")).to_contain_text("asesor.demo")
    # Juan Carlos Ramírez (contrato 10002003), que ninguna otra prueba de navegador usa.
    pagina.fill("#verif-contrato", "10002003")
    pagina.fill("#verif-nombre", "Juan Carlos Ramírez Díaz")
    pagina.check("#pregunta-ultimos4")
    pagina.fill("#verif-respuesta", ULTIMOS4_JUAN)
    pagina.click("#boton-verificar")
    expect(pagina.locator("#tarjeta-cliente")).to_contain_text("Identidad verificada")
    pagina.select_option("#caso-tipo", "duda")
    pagina.select_option("#caso-categoria", "servicios_paquetes")
    pagina.fill("#caso-descripcion", "Pregunta por los paquetes con más velocidad en su zona.")
    pagina.check("#canal-telefono")
    casilla = pagina.locator("#caso-consentimiento")
    expect(casilla).to_be_hidden()
    pagina.check("#medio-whatsapp")
    expect(casilla).to_be_visible()
    texto = catalogo.catalogo()["consentimiento_whatsapp"]["texto"]
    expect(pagina.locator("#caso-consentimiento-texto")).to_contain_text(texto)
    # Sin la casilla no abre el caso: el error queda junto a la casilla.
    pagina.click("#boton-abrir-caso")
    expect(pagina.locator("#error-c-consentimiento")).to_contain_text("marca la casilla sólo si lo acepta")
    expect(pagina.locator("#folio-nuevo")).to_have_count(0)
    pagina.check("#caso-consentimiento")
    pagina.click("#boton-abrir-caso")
    folio = pagina.locator("#folio-nuevo")
    expect(folio).to_have_text(re.compile(r"^\d{3} \d{3} \d{4}$"))
    numero = folio.inner_text().strip()
    mensaje = esperar(
        lambda: next((m for m in obtener_json(f"{servidor_url}/_local/whatsapp.json") if numero in m["texto"]), None)
    )
    assert (mensaje["destino"], mensaje["plantilla"]) == ("+527773184455", "folio")
    # En el caso, la caja de mensaje dice que, sin mensaje del cliente en 24 h, va la plantilla que invita a responder.
    pagina.goto(f"/consola/#/casos/{numero.replace(' ', '')}")
    expect(pagina.locator("#mensaje-medio")).to_contain_text("en la plantilla que invita a responder")


def test_el_formulario_incrustado_pide_la_misma_casilla_y_envia_por_whatsapp(pagina, servidor_url):
    corporativo = obtener_json(f"{servidor_url}/_local/aws.json")["corporativo"]
    pagina.goto(f"{corporativo}/")
    expect(pagina.locator("#form-caso")).to_be_visible()
    telefono = _llenar_duda(pagina)
    pagina.check("input[name=medio_notificacion][value=whatsapp]")
    texto = catalogo.catalogo()["consentimiento_whatsapp"]["texto"]
    expect(pagina.locator("#consentimiento-texto")).to_have_text(texto)
    pagina.click("#boton-enviar")
    expect(pagina.locator("#error-consentimiento_whatsapp")).to_be_visible()
    pagina.check("#consentimiento_whatsapp")
    with pagina.expect_response(lambda r: r.url.endswith("/api/casos") and r.request.method == "POST") as respuesta:
        pagina.click("#boton-enviar")
    assert respuesta.value.status == 201
    assert (
        respuesta.value.request.post_data_json["consentimiento_whatsapp"]
        == (catalogo.catalogo()["consentimiento_whatsapp"]["version"])
    )
    folio = pagina.locator("#resultado .folio__numero").inner_text().strip()
    mensaje = esperar(
        lambda: next((m for m in obtener_json(f"{servidor_url}/_local/whatsapp.json") if folio in m["texto"]), None)
    )
    assert mensaje["destino"] == "+52" + telefono
