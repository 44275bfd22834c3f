"""Reportes en la consola real: un supervisor ve KPIs y gráficas con datos reales y descarga el CSV; un asesor no."""

from __future__ import annotations

import json
import re
import time
import urllib.error
import urllib.request
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from tests.conftest import CLAVE_DEMO
from tests.navegador.test_consola import entrar

pytestmark = [pytest.mark.navegador, pytest.mark.xdist_group("navegador")]

ES_REPORTE = re.compile(r"/api/reportes\?")


def api(servidor_url: str, metodo: str, ruta: str, cuerpo: dict | None = None, token: str | None = None):
    cabeceras = {"Content-Type": "application/json", "Accept": "application/json"}
    if token:
        cabeceras["Authorization"] = f"Bearer {token}"
    datos = json.dumps(cuerpo).encode() if cuerpo is not None else None
    peticion = urllib.request.Request(servidor_url + ruta, data=datos, headers=cabeceras, method=metodo)
    try:
        with urllib.request.urlopen(peticion, timeout=10) as r:
            return r.status, json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"null")


def token(servidor_url: str, usuario: str) -> str:
    estado, datos = api(servidor_url, "POST", "/api/sesiones", {"usuario": usuario, "contrasena": CLAVE_DEMO})
    assert estado == 200, datos
    return datos["token"]


def reporte(servidor_url: str, tok: str) -> dict:
    estado, datos = api(servidor_url, "GET", "/api/reportes", token=tok)
    assert estado == 200, datos
    return datos


def altas_publicas(servidor_url: str) -> list[dict]:
    """Dos dudas y una queja por el sitio web, con correo y contrato propios (no chocan con los límites diarios)."""
    _, catalogo = api(servidor_url, "GET", "/api/catalogo")
    comunes = {"nombre": "Lucía Reportes Prueba", "medio_notificacion": "correo"}
    if isinstance(catalogo.get("aviso_privacidad"), dict):
        comunes["aviso_privacidad"] = catalogo["aviso_privacidad"]["version"]
    altas = [
        {"tipo": "duda", "categoria": "facturacion", "descripcion": "¿Cómo leo el desglose de mi recibo?"},
        {"tipo": "duda", "categoria": "uso_servicio", "descripcion": "¿Cómo cambio la contraseña del wifi?"},
        {
            "tipo": "queja",
            "categoria": "interrupcion",
            "descripcion": "Sin internet desde ayer en la tarde.",
            "contrato": str(uuid.uuid4().int % 90_000_000 + 10_000_000),
        },
    ]
    for alta in altas:
        cuerpo = {**comunes, **alta, "correo": f"reportes.{uuid.uuid4().hex[:10]}@example.com"}
        estado, datos = api(servidor_url, "POST", "/api/casos", cuerpo)
        assert estado == 201, datos
    return altas


def esperar_casos(servidor_url: str, tok: str, minimo: int) -> dict:
    """Los contadores se suman desde el flujo de la tabla, de forma asíncrona: se espera a verlos."""
    limite = time.monotonic() + 30
    while (r := reporte(servidor_url, tok))["casos"] < minimo:
        assert time.monotonic() < limite, f"el reporte no llegó a {minimo} casos: {r['casos']}"
        time.sleep(0.3)
    return r


def barras(pagina, grafica: str):
    return pagina.locator(f"#{grafica} svg[role='img'] .grafica__barra")


def hoy_en_mexico() -> date:
    return datetime.now(ZoneInfo("America/Mexico_City")).date()


def test_supervisor_ve_el_reporte_con_datos_reales_y_descarga_el_csv(pagina, servidor_url):
    tok = token(servidor_url, "supervisor.demo")
    antes = reporte(servidor_url, tok)["casos"]
    altas = altas_publicas(servidor_url)
    esperar_casos(servidor_url, tok, antes + len(altas))

    # Entra el supervisor y abre Reportes desde la cabecera de la consola.
    entrar(pagina, "supervisor.demo")
    enlace = pagina.get_by_role("link", name="Reportes", exact=True)
    expect(enlace).to_be_visible()
    with pagina.expect_response(ES_REPORTE) as respuesta:
        enlace.click()
    assert respuesta.value.status == 200
    datos = respuesta.value.json()
    assert datos["casos"] >= antes + len(altas)
    assert datos["por_tipo"]["Duda"] >= 2 and datos["por_tipo"]["Queja"] >= 1
    assert datos["hasta"] == hoy_en_mexico().isoformat()
    assert datos["desde"] == (hoy_en_mexico() - timedelta(days=29)).isoformat()

    expect(pagina).to_have_title(re.compile(r"^Reportes"))
    expect(pagina.locator("html")).to_have_attribute("lang", "es-MX")
    expect(pagina.locator("#desde")).to_have_value(datos["desde"])
    expect(pagina.locator("#hasta")).to_have_value(datos["hasta"])
    expect(pagina.get_by_role("button", name="30 días")).to_have_attribute("aria-pressed", "true")

    # Los KPIs muestran lo que dice el servidor.
    expect(pagina.locator("#reporte")).to_have_attribute("aria-busy", "false")
    expect(pagina.locator("[data-kpi='casos'] .kpi__valor")).to_have_text(f"{datos['casos']:,}")
    expect(pagina.locator("[data-kpi='escalamientos'] .kpi__valor")).to_have_text(f"{datos['escalamientos']:,}")
    expect(pagina.locator("[data-kpi='reaperturas'] .kpi__valor")).to_have_text(f"{datos['reaperturas']:,}")
    expect(pagina.locator(".kpi")).to_have_count(10)

    # Gráficas SVG: una barra por tipo, por canal (web, teléfono, tienda) y por estado;
    # una columna por intervalo de horas y por calificación (si hay datos).
    expect(barras(pagina, "grafica-tipo")).to_have_count(len(datos["por_tipo"]))
    expect(barras(pagina, "grafica-canal")).to_have_count(3)
    expect(barras(pagina, "grafica-estado")).to_have_count(6)
    resueltos = sum(i["casos"] for i in datos["tiempo_resolucion"])
    expect(barras(pagina, "grafica-tiempo")).to_have_count(len(datos["tiempo_resolucion"]) if resueltos else 0)
    respuestas = sum(datos["csat_distribucion"].values())
    expect(barras(pagina, "grafica-csat")).to_have_count(5 if respuestas else 0)
    if not respuestas:
        expect(pagina.locator("#grafica-csat")).to_contain_text("Sin respuestas a la encuesta")

    # La barra más larga de "por tipo" es la del tipo con más casos.
    anchos = barras(pagina, "grafica-tipo").evaluate_all("bs => bs.map(b => Number(b.getAttribute('width')))")
    assert anchos == sorted(anchos, reverse=True)

    # Alternativa de texto: resumen en aria-label y tabla en "Ver datos" (se abre con el teclado).
    svg_tipo = pagina.locator("#grafica-tipo svg[role='img']")
    expect(svg_tipo).to_have_attribute("aria-label", re.compile(f"Duda: {datos['por_tipo']['Duda']:,}"))
    resumen = pagina.locator("#grafica-tipo summary", has_text="Ver datos")
    resumen.focus()
    pagina.keyboard.press("Enter")
    tabla = pagina.locator("#grafica-tipo table").first
    expect(tabla).to_be_visible()
    expect(tabla.locator("tbody tr")).to_have_count(len(datos["por_tipo"]))
    expect(tabla.locator("tr", has=pagina.locator("th", has_text="Queja")).locator("td").first).to_have_text(
        f"{datos['por_tipo']['Queja']:,}"
    )
    expect(tabla.locator("tfoot td").first).to_have_text(f"{sum(datos['por_tipo'].values()):,}")

    # Por agente y por departamento, con etiquetas humanas (issue 16).
    agentes = pagina.locator("#desempeno-agentes table")
    if datos["por_agente"]:
        primero = datos["por_agente"][0]
        fila = agentes.locator("tbody tr").first
        expect(fila.locator("th")).to_have_text(primero["nombre"])
        expect(fila.locator("td").nth(1)).to_have_text(f"{primero['resueltos']:,}")
    else:
        expect(pagina.locator("#desempeno-agentes")).to_contain_text("Sin casos atendidos")
    expect(pagina.locator("#desempeno-departamentos")).not_to_contain_text("primer_nivel")

    # Descargar CSV: pide el archivo con el token y lo guarda con el nombre que da el servidor.
    with pagina.expect_download() as descarga:
        pagina.get_by_role("button", name="Descargar CSV").click()
    archivo = descarga.value
    assert archivo.suggested_filename == f"reporte-{datos['desde']}-a-{datos['hasta']}.csv"
    contenido = Path(archivo.path()).read_bytes()
    assert contenido.startswith(b"\xef\xbb\xbf")
    texto = contenido.decode("utf-8-sig")
    assert "sección,concepto,valor" in texto
    total = re.search(r"^casos,total,(\d+)\r?$", texto, re.M)
    assert total and int(total.group(1)) >= antes + len(altas)

    # Periodo rápido "Hoy": pide hoy a hoy y lo marca.
    with pagina.expect_response(ES_REPORTE) as respuesta_hoy:
        pagina.get_by_role("button", name="Hoy").click()
    hoy = hoy_en_mexico().isoformat()
    assert f"desde={hoy}" in respuesta_hoy.value.url and f"hasta={hoy}" in respuesta_hoy.value.url
    expect(pagina.get_by_role("button", name="Hoy")).to_have_attribute("aria-pressed", "true")
    expect(pagina.get_by_role("button", name="30 días")).to_have_attribute("aria-pressed", "false")
    expect(pagina.locator("[data-kpi='casos'] .kpi__valor")).to_have_text(f"{respuesta_hoy.value.json()['casos']:,}")

    # Un periodo de más de 366 días: el servidor lo rechaza (400) y el error queda en su campo.
    pagina.fill("#desde", (hoy_en_mexico() - timedelta(days=400)).isoformat())
    with pagina.expect_response(ES_REPORTE) as respuesta_larga:
        pagina.get_by_role("button", name="Ver reporte").click()
    assert respuesta_larga.value.status == 400
    expect(pagina.locator("#errores-periodo")).to_be_focused()
    # El reporte anterior no se queda debajo del error (issue 16).
    expect(pagina.locator("#reporte")).to_be_hidden()
    expect(pagina.locator("#error-hasta")).to_contain_text("366")
    expect(pagina.locator("#hasta")).to_have_attribute("aria-invalid", "true")

    # Fecha inicial posterior a la final: lo detecta la página sin llamar al servidor.
    pagina.fill("#desde", hoy)
    pagina.fill("#hasta", (hoy_en_mexico() - timedelta(days=1)).isoformat())
    pagina.get_by_role("button", name="Ver reporte").click()
    expect(pagina.locator("#error-desde")).to_contain_text("posterior a la final")
    expect(pagina.locator("#reporte")).to_be_hidden()


def test_asesor_ve_solo_supervisores(pagina, servidor_url):
    entrar(pagina, "asesor.demo")
    expect(pagina.locator("#agente-nombre")).to_be_visible()
    expect(pagina.get_by_role("link", name="Reportes", exact=True)).to_be_hidden()

    pagina.goto("/consola/reportes.html")
    aviso = pagina.locator("#aviso-acceso")
    expect(aviso).to_be_visible()
    expect(aviso).to_contain_text("Sólo supervisores")
    expect(pagina.locator("#bloque-reporte")).to_be_hidden()

    # Aunque se cambie el rol guardado en el navegador, el servidor responde 403 y la página dice lo mismo.
    pagina.evaluate(
        """() => {
            const s = JSON.parse(sessionStorage.getItem("bp.consola.sesion"));
            s.rol = "supervisores";
            sessionStorage.setItem("bp.consola.sesion", JSON.stringify(s));
        }"""
    )
    with pagina.expect_response(ES_REPORTE) as respuesta:
        pagina.reload()
    assert respuesta.value.status == 403
    expect(aviso).to_be_visible()
    expect(aviso).to_contain_text("Sólo supervisores")
    expect(pagina.locator("#bloque-reporte")).to_be_hidden()


def test_sin_sesion_o_con_token_invalido_vuelve_a_la_entrada(pagina):
    pagina.goto("/consola/reportes.html")
    expect(pagina).to_have_url(re.compile(r"/consola/$"))
    expect(pagina.locator("#form-entrar")).to_be_visible()

    entrar(pagina, "supervisor.demo")
    expect(pagina.locator("#agente-nombre")).to_be_visible()
    pagina.evaluate(
        """() => {
            const s = JSON.parse(sessionStorage.getItem("bp.consola.sesion"));
            s.token = "a.b.c";
            sessionStorage.setItem("bp.consola.sesion", JSON.stringify(s));
        }"""
    )
    pagina.goto("/consola/reportes.html")
    expect(pagina).to_have_url(re.compile(r"/consola/$"))
    expect(pagina.locator("#aviso-sesion")).to_have_text("Tu sesión venció; vuelve a entrar.")
    expect(pagina.locator("#form-entrar")).to_be_visible()
