"""El cliente califica con un clic desde el correo de la encuesta y, si quiere, deja un comentario.

Abrir el enlace (GET) no registra nada: con JavaScript la página se envía sola; sin él, la persona pulsa «Enviar».
"""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from tests.integracion.test_servidor import pedir
from tests.integracion.test_servidor_agentes import con_token, sesion
from tests.util import esperar, obtener_json

pytestmark = [pytest.mark.navegador, pytest.mark.xdist_group("navegador")]


def caso_cerrado(url: str) -> str:
    """Una llamada por la API: verificar, abrir, resolver y confirmar; devuelve el folio legible."""
    cab = con_token(sesion(url, "asesor.demo")["token"])
    v = json.loads(
        pedir(
            f"{url}/api/verificaciones",
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
            f"{url}/api/casos/asistidos",
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
    pedir(
        f"{url}/api/casos/{folio}/resolucion",
        "POST",
        {"resumen": "Se explicó el recibo.", "primer_contacto": True},
        cab,
    )
    assert pedir(f"{url}/api/casos/{folio}/confirmacion", "POST", {"resuelto": True}, cab)[0] == 200
    return caso["folio_legible"]


def correo_encuesta(servidor_url: str, folio: str) -> dict:
    return esperar(
        lambda: next(
            (
                c
                for c in obtener_json(f"{servidor_url}/_local/correos.json")
                if "¿Cómo te atendimos?" in c["asunto"] and folio in c["asunto"]
            ),
            None,
        )
    )


def enlace(correo: dict, calificacion: int) -> str:
    encontrado = re.search(rf"{calificacion} · [^:]+: (\S+)", correo["texto"])
    assert encontrado, correo["texto"]
    return encontrado.group(1)


def respuestas(servidor_url: str, folio: str) -> list[dict]:
    cab = con_token(sesion(servidor_url, "supervisor.demo")["token"])
    detalle = json.loads(pedir(f"{servidor_url}/api/casos/{folio.replace(' ', '')}", "GET", None, cab)[2])
    return [h for h in detalle["historial"] if h["tipo"] == "encuesta_respondida"]


def test_un_clic_desde_el_correo_y_comentario_opcional(pagina, servidor_url):
    folio = caso_cerrado(servidor_url)
    correo = correo_encuesta(servidor_url, folio)
    # Se abre el correo tal como lo ve el cliente y se hace clic en "5 · Excelente".
    pagina.set_content(correo["html"])
    with pagina.expect_navigation():
        pagina.get_by_role("link", name=re.compile("5 · Excelente")).click()
    expect(pagina.locator("[role=status]")).to_contain_text("Registramos tu calificación")
    expect(pagina.locator("[role=status]")).to_contain_text("5 · Excelente")
    pagina.get_by_label("Sí").check()
    pagina.fill("#comentario", "Muy amable la asesora <3 & rápida.")
    pagina.get_by_role("button", name="Enviar comentario").click()
    expect(pagina.locator("h1")).to_have_text("Gracias")
    # El mismo enlace otra vez: ya no registra nada y lo dice claro.
    enlace = re.search(r"5 · Excelente: (\S+)", correo["texto"]).group(1)
    pagina.goto(enlace)
    expect(pagina.locator("h1")).to_have_text("Encuesta respondida")
    expect(pagina.locator("body")).to_contain_text("Ya registramos tu respuesta")


def test_abrir_el_enlace_con_4_termina_registrado_aunque_un_analizador_abrio_los_cinco(pagina, servidor_url):
    folio = caso_cerrado(servidor_url)
    correo = correo_encuesta(servidor_url, folio)
    # El analizador del correo descarga los cinco enlaces antes que la persona: no registra nada.
    for n in (1, 2, 3, 4, 5):
        estado, _, cuerpo = pedir(enlace(correo, n))
        assert estado == 200 and b"data-enviar-solo" in cuerpo
    assert respuestas(servidor_url, folio) == []
    # La persona abre el de «4 · Buena»: la página se envía sola y queda registrado.
    pagina.goto(enlace(correo, 4))
    expect(pagina.locator("[role=status]").first).to_contain_text("Registramos tu calificación: 4 · Buena")
    (respondida,) = respuestas(servidor_url, folio)
    assert respondida["datos"]["calificacion"] == 4


def test_sin_javascript_la_calificacion_viene_elegida_y_se_envia_con_un_boton(navegador, servidor_url):
    folio = caso_cerrado(servidor_url)
    correo = correo_encuesta(servidor_url, folio)
    contexto = navegador.new_context(locale="es-MX", java_script_enabled=False)
    try:
        pagina = contexto.new_page()
        pagina.goto(enlace(correo, 2))
        expect(pagina.get_by_label("2 · Mala")).to_be_checked()
        assert respuestas(servidor_url, folio) == []
        pagina.get_by_role("button", name="Enviar").click()
        expect(pagina.locator("[role=status]")).to_contain_text("Registramos tu calificación: 2 · Mala")
        (respondida,) = respuestas(servidor_url, folio)
        assert respondida["datos"]["calificacion"] == 2
    finally:
        contexto.close()
