"""Las funciones de CloudFront del sitio, corridas en Node: índice de carpetas, 404 con navegación y su estado."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from infraestructura.constructos.rutas_sitio import archivos_sitio, codigo_respuesta, codigo_solicitud


def correr(codigo: str, eventos: list[dict]) -> list[dict]:
    node = shutil.which("node")
    assert node, "falta Node (make synth lo usa para el CLI de CDK)"
    programa = codigo + f"\nconsole.log(JSON.stringify({json.dumps(eventos)}.map(handler)));\n"
    r = subprocess.run([node, "-e", programa], capture_output=True, text=True, timeout=30, check=True)
    return json.loads(r.stdout)


def solicitud(uri: str) -> dict:
    return {"request": {"uri": uri, "method": "GET", "headers": {}}}


@pytest.mark.parametrize(
    "uri,esperado",
    [
        ("/", "/index.html"),
        ("/seguimiento.html", "/seguimiento.html"),
        ("/consola/", "/consola/index.html"),
        ("/css/estilos.css", "/css/estilos.css"),
        ("/no-existe.html", "/404.html"),
        ("/no/existe/", "/404.html"),
        ("/no-existe", "/404.html"),
        ("/404.html", "/404.html"),
    ],
)
def test_la_solicitud_va_al_archivo_o_a_la_pagina_404(uri, esperado):
    (r,) = correr(codigo_solicitud(), [solicitud(uri)])
    assert r["uri"] == esperado


def test_una_carpeta_sin_diagonal_redirige_como_make_run():
    (r,) = correr(codigo_solicitud(), [solicitud("/consola")])
    assert r["statusCode"] == 301 and r["headers"]["location"]["value"] == "/consola/"


@pytest.mark.parametrize("uri", ["/no-existe.html", "/404.html", "/no/existe/"])
def test_la_pagina_404_sale_con_estado_404_con_la_ruta_original_o_la_reescrita(uri):
    evento = {**solicitud(uri), "response": {"statusCode": 200, "statusDescription": "OK", "headers": {}}}
    (r,) = correr(codigo_respuesta(), [evento])
    assert r["statusCode"] == 404


@pytest.mark.parametrize("uri,estado", [("/", 200), ("/index.html", 200), ("/consola/", 200), ("/x.html", 304)])
def test_lo_que_existe_o_no_es_200_no_cambia(uri, estado):
    evento = {**solicitud(uri), "response": {"statusCode": estado, "statusDescription": "", "headers": {}}}
    (r,) = correr(codigo_respuesta(), [evento])
    assert r["statusCode"] == estado


def test_la_lista_es_la_carpeta_que_se_despliega_y_cabe_en_una_funcion():
    archivos = archivos_sitio()
    assert {"/index.html", "/seguimiento.html", "/css/paginas.css", "/consola/index.html"} <= set(archivos)
    assert "/404.html" not in archivos
    # CloudFront Functions admite hasta 10 KB de código.
    assert len(codigo_solicitud().encode()) < 10_240 and len(codigo_respuesta().encode()) < 10_240
