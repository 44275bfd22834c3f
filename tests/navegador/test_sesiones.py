"""Los pasos de Cognito en la consola real: primer inicio con contraseña nueva, código TOTP y alta de la app con QR.

La consola se sirve aquí con `Content-Security-Policy: default-src 'self'`: el QR se dibuja sin imágenes data: ni
HTML armado, y cualquier violación de la política hace fallar la prueba.
"""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from tests.conftest import CLAVE_DEMO
from tests.navegador.test_consola import entrar
from tests.util import codigo_totp_vigente, secreto_totp_moto

pytestmark = [pytest.mark.navegador, pytest.mark.xdist_group("navegador")]

CSP = "default-src 'self'"
NUEVA = "Mi-Clave-Nueva-2026!"


@pytest.fixture
def con_csp(pagina):
    """La consola con CSP estricta; devuelve la lista de violaciones que vaya juntando la página."""

    def con_politica(ruta):
        respuesta = ruta.fetch()
        ruta.fulfill(response=respuesta, headers={**respuesta.headers, "content-security-policy": CSP})

    pagina.route(re.compile(r".*/consola/(index\.html)?(\?.*)?$"), con_politica)
    pagina.add_init_script(
        "window.__violaciones = [];"
        "document.addEventListener('securitypolicyviolation', e => window.__violaciones.push(e.violatedDirective));"
    )
    return pagina


def violaciones(pagina) -> list[str]:
    return pagina.evaluate("window.__violaciones")


def test_primer_inicio_con_contrasena_nueva_hasta_la_cola_y_activar_dos_pasos(con_csp):
    pagina = con_csp
    entrar(pagina, "nuevo.demo", CLAVE_DEMO)
    titulo = pagina.locator("#titulo-nueva-contrasena")
    expect(titulo).to_be_visible()
    expect(titulo).to_be_focused()
    expect(pagina.locator("#form-entrar")).to_be_hidden()
    reglas = pagina.locator("#reglas-contrasena li")
    expect(reglas).to_have_count(5)
    expect(pagina.locator("#politica-texto")).to_contain_text("al menos 12 caracteres")

    # Una contraseña que no cumple: error en el campo y en el resumen, con lo que falta.
    pagina.fill("#nueva-contrasena", "corta")
    expect(pagina.locator("#reglas-contrasena li.regla--cumple")).to_have_count(1)  # sólo la minúscula
    pagina.fill("#confirmar-contrasena", "corta")
    pagina.click("#boton-nueva-contrasena")
    resumen = pagina.locator("#errores-nueva-contrasena")
    expect(resumen).to_be_focused()
    expect(pagina.locator("#error-nueva-contrasena")).to_contain_text("Al menos 12 caracteres")
    expect(pagina.locator("#nueva-contrasena")).to_have_attribute("aria-invalid", "true")

    # Buena pero distinta en la confirmación.
    pagina.fill("#nueva-contrasena", NUEVA)
    expect(pagina.locator("#reglas-contrasena li.regla--cumple")).to_have_count(5)
    pagina.fill("#confirmar-contrasena", NUEVA + "x")
    pagina.click("#boton-nueva-contrasena")
    expect(pagina.locator("#error-confirmar-contrasena")).to_contain_text("no coinciden")

    pagina.fill("#confirmar-contrasena", NUEVA)
    pagina.click("#boton-nueva-contrasena")
    expect(pagina.locator("#agente-nombre")).to_have_text("Asesora nueva (demostración)")
    expect(pagina.locator("#estado-cola")).to_contain_text(re.compile(r"caso"))
    expect(pagina.locator("#vista-entrar")).to_be_hidden()

    # Activa la verificación en dos pasos por su cuenta: confirma la contraseña, ve el QR y da el primer código.
    boton = pagina.locator("#boton-dos-pasos")
    expect(boton).to_be_visible()
    boton.click()
    pagina.fill("#dos-pasos-contrasena", "No-Es-Esta-2026!")
    pagina.click("#boton-dos-pasos-continuar")
    expect(pagina.locator("#error-dos-pasos-contrasena")).to_be_visible()
    pagina.fill("#dos-pasos-contrasena", NUEVA)
    pagina.click("#boton-dos-pasos-continuar")
    qr = pagina.locator("#dos-pasos-qr svg[role='img']")
    expect(qr).to_be_visible()
    expect(qr.locator("path")).to_have_attribute("d", re.compile(r"^(M\d+ \d+h1v1h-1z)+$"))
    expect(pagina.locator("#dialogo-secreto")).to_have_text("ASDF ASDF ASDF")
    expect(pagina.locator("#dos-pasos-qr a[href^='otpauth://totp/']")).to_be_visible()
    pagina.fill("#dos-pasos-codigo", "000000")
    pagina.click("#boton-dos-pasos-activar")
    expect(pagina.locator("#error-dos-pasos-codigo")).to_contain_text("no es correcto")
    pagina.fill("#dos-pasos-codigo", codigo_totp_vigente(secreto_totp_moto()))
    pagina.click("#boton-dos-pasos-activar")
    expect(pagina.locator("#dos-pasos-listo")).to_contain_text("quedó activa")
    pagina.click("#boton-dos-pasos-cerrar")
    expect(boton).to_be_hidden()
    assert violaciones(pagina) == []

    # Desde ahora entrar pide el código.
    pagina.click("#boton-salir")
    entrar(pagina, "nuevo.demo", NUEVA)
    expect(pagina.locator("#titulo-codigo-totp")).to_be_focused()


def test_entrar_con_codigo_totp_y_con_codigo_equivocado(con_csp):
    pagina = con_csp
    entrar(pagina, "totp.demo", CLAVE_DEMO)
    expect(pagina.locator("#titulo-codigo-totp")).to_be_focused()
    # Vacío: se avisa sin llamar a la API.
    pagina.click("#boton-codigo-totp")
    expect(pagina.locator("#error-codigo-totp")).to_contain_text("6 dígitos")
    # Un código equivocado: Cognito (moto) lo rechaza y el mensaje sale en español, en el campo.
    pagina.fill("#codigo-totp", "123 456")
    pagina.click("#boton-codigo-totp")
    expect(pagina.locator("#errores-codigo-totp")).to_be_focused()
    expect(pagina.locator("#error-codigo-totp")).to_contain_text("El código no es correcto")
    expect(pagina.locator("#vista-trabajo")).to_be_hidden()
    # El bueno, en la misma sesión del reto.
    pagina.fill("#codigo-totp", codigo_totp_vigente(secreto_totp_moto()))
    pagina.click("#boton-codigo-totp")
    expect(pagina.locator("#agente-rol")).to_have_text("Supervisor")
    expect(pagina.locator("#estado-cola")).to_contain_text(re.compile(r"caso"))
    expect(pagina.locator("#boton-dos-pasos")).to_be_hidden()
    assert violaciones(pagina) == []


def test_cancelar_el_reto_vuelve_a_la_entrada(pagina):
    entrar(pagina, "totp.demo", CLAVE_DEMO)
    expect(pagina.locator("#paso-codigo-totp")).to_be_visible()
    pagina.locator("#paso-codigo-totp [data-cancelar-reto]").click()
    expect(pagina.locator("#form-entrar")).to_be_visible()
    expect(pagina.locator("#paso-codigo-totp")).to_be_hidden()
    expect(pagina.get_by_label("Usuario")).to_be_focused()


def test_sesion_del_reto_vencida_regresa_a_entrar(pagina):
    entrar(pagina, "totp.demo", CLAVE_DEMO)
    expect(pagina.locator("#paso-codigo-totp")).to_be_visible()
    # Como si la sesión de Cognito (3 minutos) hubiera vencido: la API ya no la reconoce.
    pagina.route(
        "**/api/sesiones/retos",
        lambda ruta: ruta.continue_(post_data=ruta.request.post_data.replace('"sesion":"', '"sesion":"x' + "0" * 30)),
    )
    pagina.fill("#codigo-totp", codigo_totp_vigente(secreto_totp_moto()))
    pagina.click("#boton-codigo-totp")
    expect(pagina.locator("#aviso-sesion")).to_contain_text("vuelve a iniciar sesión")
    expect(pagina.locator("#form-entrar")).to_be_visible()


def test_alta_de_la_app_al_entrar_con_codigo_equivocado(con_csp):
    """El paso `configurar_totp` de la entrada (el de los supervisores en AWS), pedido aquí con `configurar_totp`."""
    pagina = con_csp

    def pedir_alta(ruta):
        cuerpo = json.loads(ruta.request.post_data)
        ruta.continue_(post_data=json.dumps({**cuerpo, "configurar_totp": True}))

    pagina.route("**/api/sesiones", pedir_alta)
    entrar(pagina, "cobranza.demo", CLAVE_DEMO)
    expect(pagina.locator("#titulo-configurar-totp")).to_be_focused()
    paso = pagina.locator("#paso-configurar-totp")
    expect(paso.locator("svg[role='img'] title")).to_have_text(re.compile("Código QR"))
    expect(paso.locator("#entrada-secreto")).to_have_text("ASDF ASDF ASDF")
    pagina.fill("#codigo-configurar", "12345")
    pagina.click("#boton-configurar-totp")
    expect(pagina.locator("#error-codigo-configurar")).to_contain_text("6 dígitos")
    # Un código equivocado: la API confirma con la contraseña (guardada sólo en memoria) y Cognito lo rechaza.
    pagina.fill("#codigo-configurar", "000000")
    pagina.click("#boton-configurar-totp")
    expect(pagina.locator("#error-codigo-configurar")).to_contain_text("El código no es correcto")
    assert violaciones(pagina) == []
    paso.locator("[data-cancelar-reto]").click()
    expect(pagina.locator("#form-entrar")).to_be_visible()
    # Nada quedó activado: sin la petición de alta entra con la contraseña sola.
    pagina.unroute("**/api/sesiones")
    entrar(pagina, "cobranza.demo", CLAVE_DEMO)
    expect(pagina.locator("#agente-rol")).to_have_text("Departamento")
