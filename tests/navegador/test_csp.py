"""Cada página (sitio, seguimiento, privacidad, consola, reportes, comprobante, confirmación, encuesta, expediente)
llega con la CSP estricta y la usa sin ninguna violación: sin scripts, estilos ni manejadores en línea.

La página escucha `securitypolicyviolation` desde antes de cargar y la consola del navegador se revisa también; un
control al final comprueba que la escucha de verdad atrapa una violación.
"""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from funciones.nucleo.frontera.cabeceras import CABECERAS_PAGINA, POLITICA_CONTENIDO
from tests.conftest import CLAVE_DEMO
from tests.integracion.test_servidor import pedir, unica
from tests.integracion.test_servidor_agentes import con_token, sesion
from tests.util import esperar, obtener_json

pytestmark = [pytest.mark.navegador, pytest.mark.xdist_group("navegador")]

ESCUCHA = """
window.__violaciones = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__violaciones.push(e.violatedDirective + ' ' + (e.blockedURI || '') + ' ' + (e.sourceFile || ''));
}, true);
window.__impresiones = 0;
window.print = function () { window.__impresiones += 1; };
"""


class Vigilada:
    """Una pestaña que junta violaciones de CSP (evento y consola) de todo lo que visita."""

    def __init__(self, navegador, servidor_url: str, javascript: bool = True) -> None:
        self.contexto = navegador.new_context(locale="es-MX", base_url=servidor_url, java_script_enabled=javascript)
        self.contexto.add_init_script(ESCUCHA)
        self.pagina = self.contexto.new_page()
        self.pagina.set_default_timeout(15_000)
        self.consola: list[str] = []
        self.pagina.on(
            "console",
            lambda m: self.consola.append(m.text) if "Content Security Policy" in m.text else None,
        )

    def visitar(self, ruta: str) -> None:
        respuesta = self.pagina.goto(ruta)
        assert respuesta is not None and respuesta.ok, ruta
        cabeceras = respuesta.headers
        for nombre, valor in CABECERAS_PAGINA.items():
            assert cabeceras.get(nombre.lower()) == valor, f"{ruta}: {nombre} = {cabeceras.get(nombre.lower())}"
        self.pagina.wait_for_load_state("load")

    def sin_violaciones(self, donde: str) -> None:
        violaciones = self.pagina.evaluate("window.__violaciones || []")
        assert violaciones == [] and self.consola == [], f"{donde}: {violaciones} {self.consola}"

    def cerrar(self) -> None:
        self.contexto.close()


@pytest.fixture
def vigilada(navegador, servidor_url):
    v = Vigilada(navegador, servidor_url)
    yield v
    v.cerrar()


def test_la_politica_es_estricta():
    directivas = dict(d.strip().split(" ", 1) for d in POLITICA_CONTENIDO.split(";"))
    assert "unsafe-inline" not in POLITICA_CONTENIDO and "unsafe-eval" not in POLITICA_CONTENIDO
    assert directivas["default-src"] == directivas["script-src"] == directivas["style-src"] == "'self'"
    assert directivas["frame-ancestors"] == "'none'" and directivas["object-src"] == "'none'"
    assert directivas["base-uri"] == "'none'" and directivas["form-action"] == "'self'"


def test_sitio_publico_sin_violaciones(vigilada):
    pagina = vigilada.pagina
    vigilada.visitar("/")
    expect(pagina.locator("#opciones-tipo")).to_contain_text("Queja")  # el catálogo llegó por fetch
    vigilada.sin_violaciones("/")
    vigilada.visitar("/privacidad.html")
    # El estilo que antes iba en línea ahora está en la hoja: se aplica.
    assert pagina.evaluate("getComputedStyle(document.getElementById('contenido')).maxWidth") == "768px"
    vigilada.sin_violaciones("/privacidad.html")
    vigilada.visitar("/seguimiento.html?folio=1000000005")
    pagina.fill("#contrato", "24681357")
    pagina.click("#boton-consultar")
    expect(pagina.locator("#resumen-errores")).to_contain_text("No encontramos una solicitud")
    vigilada.sin_violaciones("/seguimiento.html")
    # Control: la escucha atrapa de verdad un estilo en línea.
    pagina.evaluate("document.body.setAttribute('style', 'color: red')")
    esperar(lambda: pagina.evaluate("window.__violaciones.length"), 5)


def test_consola_y_reportes_sin_violaciones(vigilada):
    pagina = vigilada.pagina
    vigilada.visitar("/consola/")
    pagina.fill("#usuario", "supervisor.demo")
    pagina.fill("#contrasena", CLAVE_DEMO)
    pagina.click("#boton-entrar")
    expect(pagina.locator("#boton-actualizar-cola")).to_be_visible()
    vigilada.sin_violaciones("/consola/")
    # Los correos apartados (vista de supervisores en la misma página).
    pagina.get_by_role("link", name="Correos apartados").click()
    expect(pagina.locator("#estado-apartados")).to_contain_text("apartado")
    vigilada.sin_violaciones("/consola/#/correos-apartados")
    vigilada.visitar("/consola/reportes.html")
    expect(pagina.locator("[data-kpi]").first).to_be_visible()
    vigilada.sin_violaciones("/consola/reportes.html")
    vigilada.visitar("/consola/arco.html")
    expect(pagina.locator("#form-arco")).to_be_visible()
    vigilada.sin_violaciones("/consola/arco.html")


def _correo(servidor_url: str, folio_legible: str, asunto: str) -> dict:
    return esperar(
        lambda: next(
            (
                c
                for c in obtener_json(f"{servidor_url}/_local/correos.json")
                if asunto in c["asunto"] and folio_legible in c["asunto"]
            ),
            None,
        )
    )


def test_paginas_de_las_funciones_sin_violaciones(vigilada, servidor_url):
    """Comprobante, confirmación, encuesta (enviándose sola) y expediente: el HTML que sirven las funciones."""
    pagina = vigilada.pagina
    estilo_aplicado = "getComputedStyle(document.querySelector('main')).maxWidth"
    # Comprobante: el botón de imprimir funciona sin manejador en línea.
    estado, _, cuerpo = pedir(f"{servidor_url}/api/casos", "POST", unica(medio_notificacion="impreso"))
    assert estado == 201
    alta = json.loads(cuerpo)
    vigilada.visitar(alta["comprobante_url"])
    assert pagina.evaluate(estilo_aplicado) == "720px"
    pagina.get_by_role("button", name="Imprimir comprobante").click()
    esperar(lambda: pagina.evaluate("window.__impresiones"), 5)
    vigilada.sin_violaciones("comprobante")

    # Un caso resuelto por un asesor: la confirmación llega por correo.
    cab = con_token(sesion(servidor_url, "asesor.demo")["token"])
    v = json.loads(
        pedir(
            f"{servidor_url}/api/verificaciones",
            "POST",
            {
                "contrato": "10002000",
                "nombre": "María Fernanda Gómez Ruiz",
                "pregunta": "ultimos4",
                "respuesta": "4321",
            },
            cab,
        )[2]
    )
    caso = json.loads(
        pedir(
            f"{servidor_url}/api/casos/asistidos",
            "POST",
            {
                "tipo": "duda",
                "categoria": "facturacion",
                "descripcion": "Cómo leer el recibo de noviembre.",
                "medio_notificacion": "correo",
                "canal": "telefono",
                "verificacion_id": v["verificacion_id"],
            },
            cab,
        )[2]
    )
    folio = caso["folio"]
    resumen = {"resumen": "Se explicó el recibo.", "primer_contacto": True}
    assert pedir(f"{servidor_url}/api/casos/{folio}/resolucion", "POST", resumen, cab)[0] == 200
    correo = _correo(servidor_url, caso["folio_legible"], "Resolvimos")
    vigilada.visitar(re.search(r"Sí, quedó resuelto: (\S+)", correo["texto"]).group(1))
    assert pagina.evaluate(estilo_aplicado) == "720px"
    pagina.get_by_role("button", name="Enviar mi respuesta").click()  # form-action 'self'
    expect(pagina.locator("h1")).to_have_text("Recibimos tu respuesta")
    vigilada.sin_violaciones("confirmación")

    # Encuesta: el enlace del correo se envía solo (script propio) y luego se completa.
    correo = _correo(servidor_url, caso["folio_legible"], "¿Cómo te atendimos?")
    vigilada.visitar(re.search(r"4 · Buena: (\S+)", correo["texto"]).group(1))
    expect(pagina.locator("[role=status]").first).to_contain_text("Registramos tu calificación: 4 · Buena")
    pagina.fill("#comentario", "Todo bien.")
    pagina.get_by_role("button", name="Enviar comentario").click()
    expect(pagina.locator("h1")).to_have_text("Gracias")
    vigilada.sin_violaciones("encuesta")

    # Expediente (HTML para PROFECO) con el token de un supervisor.
    pagina.set_extra_http_headers(con_token(sesion(servidor_url, "supervisor.demo")["token"]))
    vigilada.visitar(f"/api/casos/{folio}/expediente?formato=html")
    expect(pagina.locator("h1")).to_contain_text("Expediente del caso")
    assert pagina.evaluate("getComputedStyle(document.querySelector('table')).borderCollapse") == "collapse"
    pagina.get_by_role("button", name="Imprimir expediente").click()
    esperar(lambda: pagina.evaluate("window.__impresiones"), 5)
    vigilada.sin_violaciones("expediente")


def test_buzon_local_muestra_los_correos_con_su_propia_politica(vigilada, servidor_url):
    """`/_local/correos` (sólo de la emulación) muestra cada correo en un iframe srcdoc: sus estilos en línea se
    ven y nada ejecuta scripts."""
    alta = unica()
    estado, _, _ = pedir(f"{servidor_url}/api/casos", "POST", alta)
    assert estado == 201
    esperar(
        lambda: any(c["destinatario"] == alta["correo"] for c in obtener_json(f"{servidor_url}/_local/correos.json"))
    )
    respuesta = vigilada.pagina.goto("/_local/correos")
    politica = respuesta.headers.get("content-security-policy", "")
    assert "script-src 'none'" in politica or ("default-src 'none'" in politica and "script-src" not in politica)
    marco = vigilada.pagina.frame_locator("iframe").first
    expect(marco.locator("body")).to_contain_text("Tu folio")
    vigilada.sin_violaciones("/_local/correos")
