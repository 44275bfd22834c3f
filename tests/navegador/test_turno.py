"""Un turno en la consola real (Chromium): entrar, buscar a quien llama por teléfono, ver su historial, abrir una duda
sin verificar, la sesión compartida entre pestañas y el enlace de una alerta que lleva al caso."""

from __future__ import annotations

import json
import re
import urllib.request

import pytest
from playwright.sync_api import expect

from tests.conftest import CLAVE_DEMO
from tests.navegador.test_consola import buscar_en_cola, entrar

pytestmark = [pytest.mark.navegador, pytest.mark.xdist_group("navegador")]

# Guadalupe: la usa sólo esta prueba (las demás llaman a María).
LUPITA = {
    "contrato": "10002002",
    "nombre": "Guadalupe Martínez Salgado",
    "domicilio": "Av. Morelos Pte. 210, Col. San Bernardino, Toluca, Edo. de Méx.",
}
FOLIO = re.compile(r"\d{3} \d{3} \d{4}")


def verificar_lupita(pagina) -> None:
    pagina.fill("#verif-contrato", LUPITA["contrato"])
    pagina.fill("#verif-nombre", LUPITA["nombre"])
    pagina.check("#pregunta-domicilio")
    pagina.fill("#verif-respuesta", LUPITA["domicilio"])
    pagina.click("#boton-verificar")
    expect(pagina.locator("#tarjeta-cliente")).to_be_visible()


def abrir_queja(pagina) -> str:
    pagina.select_option("#caso-tipo", "queja")
    pagina.select_option("#caso-categoria", "interrupcion")
    pagina.fill("#caso-descripcion", "Se cae el internet todas las noches desde hace una semana.")
    pagina.check("#medio-correo")
    pagina.click("#boton-abrir-caso")
    folio = pagina.locator("#folio-nuevo")
    expect(folio).to_have_text(FOLIO)
    return re.sub(r"\D", "", folio.inner_text())


def test_turno_buscar_por_telefono_historial_y_duda_sin_verificar(pagina):
    entrar(pagina)
    expect(pagina.locator("#vista-trabajo")).to_be_visible()

    # Dos quejas por lo mismo, cada una con su verificación.
    verificar_lupita(pagina)
    expect(pagina.locator("#historial-llamante")).to_be_visible()
    primero = abrir_queja(pagina)
    pagina.click("#boton-nueva-llamada")
    verificar_lupita(pagina)
    # Junto al llamante verificado: su historial, con la queja anterior.
    historial = pagina.locator("#historial-llamante")
    expect(historial).to_contain_text("1 caso en total, 1 abierto")
    expect(historial.locator(f"a[href='#/casos/{primero}']")).to_be_visible()
    segundo = abrir_queja(pagina)

    # Buscar por teléfono, escrito como lo dicta el cliente.
    pagina.fill("#busqueda-q", "722 123 4567")
    pagina.keyboard.press("Enter")
    expect(pagina.locator("#vista-busqueda")).to_be_visible()
    expect(pagina.locator("#titulo-busqueda")).to_be_focused()
    clientes = pagina.locator("#lista-clientes")
    expect(clientes).to_contain_text(LUPITA["nombre"])
    expect(clientes).to_contain_text("Coincide por teléfono.")
    casos = pagina.locator("#lista-casos-encontrados")
    expect(casos.locator("a")).to_have_count(2)
    # El más nuevo primero.
    expect(casos.locator("a").first).to_have_attribute("href", f"#/casos/{segundo}")

    # La cola dice cuánto falta a cada vencimiento, con palabra y no sólo con color.
    pagina.locator("#vista-busqueda .volver-a-cola").click()
    fila = buscar_en_cola(pagina, segundo)
    expect(fila.locator(".restante")).to_contain_text(
        re.compile(r"^(A tiempo|Próximo|Crítico|Vencido) · (Vence en|Vencido hace)")
    )
    # Resueltos y cerrados recientes: su propia cola (el caso abierto no está).
    pagina.select_option("#filtro-estado", "resuelto")
    pagina.click("#boton-filtrar")
    expect(pagina.locator("#estado-cola")).not_to_have_text("Cargando la cola…")
    expect(pagina.locator(f"#cola-cuerpo tr[data-folio='{segundo}']")).to_have_count(0)
    pagina.select_option("#filtro-estado", "")
    pagina.fill("#busqueda-q", "722 123 4567")
    pagina.keyboard.press("Enter")
    expect(pagina.locator("#vista-busqueda")).to_be_visible()

    # El cliente completo: perfil sin respuestas de seguridad y todos sus casos.
    clientes.get_by_role("link", name=LUPITA["nombre"]).click()
    expect(pagina.locator("#vista-cliente")).to_be_visible()
    cuerpo = pagina.locator("#cuerpo-cliente")
    expect(cuerpo).to_contain_text("2 casos en total, 2 abiertos")
    expect(cuerpo).to_contain_text("$599.00")
    expect(cuerpo).not_to_contain_text("Morelos")

    # En el caso: «segunda vez que llama por lo mismo» de un vistazo.
    cuerpo.locator(f"a[href='#/casos/{primero}']").click()
    expect(pagina.locator("#caso-folio")).to_have_text(re.compile(primero[:3]))
    reincidencia = pagina.locator("#caso-cliente-cuerpo-reincidencia")
    expect(reincidencia).to_contain_text("Segunda vez que llama por lo mismo")
    expect(pagina.locator("#caso-cliente-cuerpo .resultado--actual")).to_contain_text("(este caso)")
    expect(pagina.locator("#dato-restante")).to_contain_text(re.compile(r"Vence en|Vencido hace"))

    # Una duda de alguien que aún no es cliente: sin verificar, sin contrato.
    pagina.click("#boton-nueva-llamada")
    pagina.click("#boton-sin-verificar")
    expect(pagina.locator("#aviso-sin-verificar")).to_be_visible()
    expect(pagina.locator("#caso-nombre")).to_be_focused()
    expect(pagina.locator("#caso-tipo option[value='queja']")).to_be_disabled()
    pagina.click("#boton-abrir-caso")  # sin nombre: error en su campo
    expect(pagina.locator("#error-c-nombre")).to_contain_text("nombre de quien llama")
    pagina.fill("#caso-nombre", "Rodrigo Alanís")
    pagina.select_option("#caso-categoria", "servicios_paquetes")
    pagina.fill("#caso-descripcion", "Pregunta qué paquetes hay para su nueva casa en Cuernavaca.")
    pagina.check("#medio-sms")
    pagina.fill("#caso-telefono", "777 555 0101")
    pagina.click("#boton-abrir-caso")
    enlace = pagina.locator("#boton-ver-caso")
    expect(enlace).to_be_visible()
    duda = enlace.get_attribute("href").rsplit("/", 1)[-1]
    enlace.click()
    expect(pagina.locator("#dato-identidad")).to_contain_text("Sin verificar")
    expect(pagina.locator("#caso-cliente")).to_be_hidden()
    expect(pagina.locator("#bloque-bonificacion")).to_be_hidden()
    # Y se encuentra por el teléfono que dio, sin cliente.
    pagina.fill("#busqueda-q", "7775550101")
    pagina.click("#boton-buscar")
    expect(pagina.locator("#lista-casos-encontrados")).to_contain_text("Sin verificar")
    expect(pagina.locator(f"#lista-casos-encontrados a[href='#/casos/{duda}']")).to_be_visible()
    expect(pagina.locator("#resultados-clientes")).to_be_hidden()

    # Entrada mala en la caja: el error se dice junto a ella.
    pagina.fill("#busqueda-q", "12345")
    pagina.click("#boton-buscar")
    expect(pagina.locator("#busqueda-error")).to_contain_text("Un folio tiene 10 dígitos")


def _api(servidor_url: str, metodo: str, ruta: str, cuerpo: object = None, token: str | None = None):
    datos = json.dumps(cuerpo).encode() if cuerpo is not None else None
    cabeceras = {"Content-Type": "application/json"} if datos else {}
    if token:
        cabeceras["Authorization"] = f"Bearer {token}"
    req = urllib.request.Request(servidor_url + ruta, data=datos, method=metodo, headers=cabeceras)
    with urllib.request.urlopen(req, timeout=15) as r:
        return json.loads(r.read())


def test_pestana_nueva_comparte_la_sesion_y_salir_cierra_todas(navegador, servidor_url):
    contexto = navegador.new_context(locale="es-MX", base_url=servidor_url)
    try:
        uno = contexto.new_page()
        entrar(uno)
        expect(uno.locator("#vista-trabajo")).to_be_visible()
        # Una pestaña nueva (p. ej. un enlace abierto aparte) no pide otro inicio de sesión.
        dos = contexto.new_page()
        dos.goto("/consola/")
        expect(dos.locator("#vista-trabajo")).to_be_visible()
        expect(dos.locator("#agente-rol")).to_have_text("Asesor")
        # El token vive en sessionStorage de cada pestaña, nunca en localStorage.
        assert dos.evaluate("window.localStorage.length") == 0
        assert dos.evaluate("!!window.sessionStorage.getItem('bp.consola.sesion')")
        # Los reportes en otra pestaña también: sin sesión propia la piden y no mandan a la entrada.
        tres = contexto.new_page()
        tres.goto("/consola/reportes.html")
        expect(tres.locator("#agente-rol")).to_have_text("Asesor")
        expect(tres.locator("#aviso-acceso")).to_be_visible()  # un asesor no ve reportes, pero sigue dentro
        # Su caja de búsqueda lleva a la consola con los resultados.
        tres.fill("#busqueda-q", "10002000")
        tres.keyboard.press("Enter")
        expect(tres.locator("#vista-busqueda")).to_be_visible()
        expect(tres.locator("#titulo-busqueda")).to_have_text("Resultados para «10002000»")
        expect(tres).to_have_url(re.compile(r"/consola/#/buscar/10002000$"))
        tres.close()
        dos.click("#boton-salir")
        expect(uno.locator("#aviso-sesion")).to_contain_text("Cerraste tu sesión en otra pestaña.")
        expect(uno.locator("#vista-trabajo")).to_be_hidden()
        assert uno.evaluate("window.sessionStorage.getItem('bp.consola.sesion')") is None
    finally:
        contexto.close()


def test_el_enlace_de_la_alerta_abre_el_caso_tras_iniciar_sesion(navegador, servidor_url):
    from tests.util import esperar

    token = _api(servidor_url, "POST", "/api/sesiones", {"usuario": "supervisor.demo", "contrasena": CLAVE_DEMO})[
        "token"
    ]
    duda = {
        "tipo": "duda",
        "categoria": "uso_servicio",
        "descripcion": "No sabe configurar el módem nuevo.",
        "medio_notificacion": "impreso",
        "canal": "tienda",
        "nombre": "Irma Castañeda",
        "telefono": "777 555 0202",
    }
    folio = _api(servidor_url, "POST", "/api/casos/asistidos", duda, token)["folio"]
    _api(
        servidor_url,
        "POST",
        f"/api/casos/{folio}/escalamientos",
        {"destino": "supervisor", "motivo": "Cliente molesto"},
        token,
    )

    def enlace():
        for m in _api(servidor_url, "GET", "/_local/mensajes.json"):
            texto = str(m.get("mensaje", ""))
            if folio in json.dumps(m.get("atributos", {})) and "/consola/#/casos/" in texto:
                return re.search(r"https?://\S+/consola/#/casos/\d{10}", texto).group(0)
        return None

    url = esperar(enlace, 30)
    assert url.endswith(f"/consola/#/casos/{folio}")
    contexto = navegador.new_context(locale="es-MX")
    try:
        p = contexto.new_page()
        # El mismo camino que trae la alerta, en el servidor de la prueba.
        p.goto(servidor_url + "/consola/#/casos/" + url.rsplit("/", 1)[-1])
        expect(p.locator("#form-entrar")).to_be_visible()
        p.fill("#usuario", "supervisor.demo")
        p.fill("#contrasena", CLAVE_DEMO)
        p.click("#boton-entrar")
        expect(p.locator("#vista-caso")).to_be_visible()
        expect(p.locator("#caso-folio")).to_have_text(re.compile(folio[:3] + " " + folio[3:6]))
        # Reasignar: el selector trae a los agentes de los grupos de Cognito (GET /api/agentes).
        expect(p.locator("#lista-agentes option[value='asesor.demo']")).to_have_count(1)
        expect(p.locator("#lista-agentes option[value='facturacion.demo']")).to_have_attribute(
            "label", re.compile(r"Departamento de Facturación$")
        )
    finally:
        contexto.close()
