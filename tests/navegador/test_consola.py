"""Un asesor atiende una llamada completa en la consola real: entra, verifica, abre un caso, lo trabaja y lo cierra."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import CLAVE_DEMO

pytestmark = [pytest.mark.navegador, pytest.mark.xdist_group("navegador")]

MARIA = {"contrato": "10002000", "nombre": "María Fernanda Gómez Ruiz"}
DOMICILIO = "Av. Insurgentes Sur 1234, Col. Del Valle, CDMX"
FOLIO = re.compile(r"^\d{3} \d{3} \d{4}$")


def entrar(pagina, usuario: str = "asesor.demo", clave: str = CLAVE_DEMO) -> None:
    pagina.goto("/consola/")
    pagina.fill("#usuario", usuario)
    pagina.fill("#contrasena", clave)
    pagina.click("#boton-entrar")


def verificar(pagina, pregunta: str, respuesta: str) -> None:
    pagina.fill("#verif-contrato", MARIA["contrato"])
    pagina.fill("#verif-nombre", MARIA["nombre"])
    pagina.check(f"#pregunta-{pregunta}")
    pagina.fill("#verif-respuesta", respuesta)
    pagina.click("#boton-verificar")


def buscar_en_cola(pagina, folio: str):
    """La fila del folio en la cola (pide más páginas si hace falta)."""
    pagina.click("#boton-actualizar-cola")
    expect(pagina.locator("#estado-cola")).to_contain_text(re.compile(r"caso"))
    fila = pagina.locator(f"#cola-cuerpo tr[data-folio='{folio}']")
    for _ in range(10):
        if fila.count() or pagina.locator("#boton-cargar-mas").is_hidden():
            break
        pagina.click("#boton-cargar-mas")
        # Un locator, no wait_for_function con texto: la CSP de la consola no deja evaluar cadenas.
        expect(pagina.locator("#boton-cargar-mas:disabled")).to_have_count(0)
    expect(fila).to_have_count(1)
    return fila


def test_sin_sesion_muestra_la_entrada(pagina):
    pagina.goto("/consola/")
    expect(pagina.locator("html")).to_have_attribute("lang", "es-MX")
    expect(pagina.locator("#form-entrar")).to_be_visible()
    expect(pagina.locator("#vista-trabajo")).to_be_hidden()
    expect(pagina.locator("#barra-agente")).to_be_hidden()
    expect(pagina.get_by_label("Usuario")).to_be_focused()


def test_contrasena_equivocada_muestra_error(pagina):
    entrar(pagina, clave="No-Es-La-Clave-1")
    errores = pagina.locator("#errores-entrar")
    expect(errores).to_be_visible()
    expect(errores).to_contain_text(re.compile(r"[Uu]suario o contraseña"))
    expect(errores).to_be_focused()
    expect(pagina.locator("#vista-trabajo")).to_be_hidden()
    expect(pagina.locator("#contrasena")).to_have_value("")


def test_token_invalido_regresa_a_la_entrada(pagina):
    entrar(pagina)
    expect(pagina.locator("#agente-nombre")).to_be_visible()
    pagina.evaluate(
        """() => {
            const s = JSON.parse(sessionStorage.getItem("bp.consola.sesion"));
            s.token = "a.b.c";
            sessionStorage.setItem("bp.consola.sesion", JSON.stringify(s));
        }"""
    )
    pagina.reload()
    expect(pagina.locator("#aviso-sesion")).to_have_text("Tu sesión venció; vuelve a entrar.")
    expect(pagina.locator("#form-entrar")).to_be_visible()
    expect(pagina.locator("#vista-trabajo")).to_be_hidden()


def test_llamada_completa(pagina):
    # Entra el asesor: ve quién es, "Salir" y la cola.
    entrar(pagina)
    expect(pagina.locator("#agente-nombre")).not_to_be_empty()
    expect(pagina.locator("#barra-agente")).to_contain_text("asesor.demo")
    expect(pagina.locator("#boton-salir")).to_be_visible()
    expect(pagina.locator("#estado-cola")).not_to_be_empty()

    # Una respuesta equivocada: mensaje genérico, sin decir qué parte falló.
    verificar(pagina, "domicilio", "Calle Falsa 123, Springfield")
    aviso = pagina.locator("#resultado-verificacion")
    expect(aviso).to_contain_text(re.compile(r"No se pudo verificar la identidad\. Queda(n)? \d+ intentos?\."))
    expect(aviso).not_to_contain_text("domicilio", ignore_case=True)
    expect(aviso).not_to_contain_text("nombre", ignore_case=True)
    expect(pagina.locator("#form-caso")).to_be_hidden()

    # La respuesta correcta: identidad verificada, datos enmascarados y cuenta regresiva.
    verificar(pagina, "domicilio", DOMICILIO)
    tarjeta = pagina.locator("#tarjeta-cliente")
    expect(tarjeta).to_contain_text("Identidad verificada")
    expect(tarjeta).to_contain_text(MARIA["nombre"])
    expect(tarjeta).to_contain_text("***")
    expect(tarjeta).not_to_contain_text("maria.gomez@example.com")
    expect(pagina.locator("#cuenta-regresiva")).to_have_text(re.compile(r"^(30:00|2\d:\d\d)$"))

    # Abre una queja por interrupción, por teléfono, con aviso por correo (el registrado, sin reescribirlo).
    expect(pagina.locator("#form-caso")).to_be_visible()
    expect(pagina.locator("#caso-correo")).to_be_disabled()
    pagina.select_option("#caso-tipo", "queja")
    pagina.select_option("#caso-categoria", "interrupcion")
    pagina.fill("#caso-descripcion", "Sin internet desde ayer a las 20:00; el módem parpadea en rojo.")
    pagina.check("#canal-telefono")
    pagina.check("#medio-correo")
    pagina.click("#boton-abrir-caso")

    folio_nodo = pagina.locator("#folio-nuevo")
    expect(folio_nodo).to_have_text(FOLIO)
    folio = folio_nodo.inner_text().strip()
    expect(pagina.locator("#resultado-caso")).to_contain_text(
        re.compile(r"a más tardar el \S+ \d{1,2} de \S+ a las \d{1,2}:\d{2}")
    )
    expect(pagina.locator("#boton-copiar-folio")).to_be_visible()
    expect(pagina.locator("#vigencia-verificacion")).to_contain_text("ya se usó")

    # El caso aparece en la cola; se abre con el teclado (Intro sobre la fila).
    fila = buscar_en_cola(pagina, folio.replace(" ", ""))
    expect(fila).to_contain_text(MARIA["nombre"])
    expect(fila).to_contain_text("Queja")
    expect(fila).to_contain_text("Registrado")
    fila.focus()
    pagina.keyboard.press("Enter")
    expect(pagina).to_have_url(re.compile(r"#/casos/" + folio.replace(" ", "") + "$"))
    expect(pagina.locator("#caso-folio")).to_have_text(folio)
    expect(pagina.locator("#caso-estado")).to_have_text("Registrado")
    expect(pagina.locator("#caso-datos")).to_contain_text(MARIA["nombre"])
    expect(pagina.locator("#caso-datos")).to_contain_text("Teléfono")

    # Nota interna.
    pagina.check("#interaccion-nota")
    pagina.fill("#interaccion-texto", "Se reinició el puerto en la OLT; el cliente confirma luz verde.")
    pagina.click("#boton-interaccion")
    expect(pagina.locator("#aviso-accion")).to_contain_text("se agregó al historial")
    # (la nota y el paso a "En proceso" llevan la misma hora: no se supone su orden entre sí)
    nota = pagina.locator("#historial > li", has_text="Se reinició el puerto en la OLT")
    expect(nota).to_have_count(1)
    expect(nota).to_contain_text("Nota")
    expect(nota).to_contain_text("Interna")
    expect(nota).to_contain_text("asesor.demo")
    expect(pagina.locator("#historial > li").last).to_contain_text("Registramos")
    expect(pagina.locator("#caso-estado")).to_have_text("En proceso")

    # Resuelve con bonificación de 3 días: $499.00 × 3 ÷ 30 = $49.90, + 20 % = $59.88.
    pagina.fill("#resolucion-resumen", "Se restableció el servicio tras reiniciar el puerto de la OLT.")
    pagina.check("#primer-contacto-si")
    pagina.check("#aplicar-bonificacion")
    pagina.fill("#dias-afectados", "3")
    pagina.click("#boton-resolver")
    expect(pagina.locator("#aviso-accion")).to_contain_text("$59.88")
    expect(pagina.locator("#caso-estado")).to_have_text("Resuelto")
    desglose = pagina.locator("#caso-resolucion")
    expect(desglose).to_contain_text("$59.88")
    expect(desglose).to_contain_text("$499.00")
    expect(desglose).to_contain_text("$49.90")

    # El cliente confirma en la llamada: el caso se cierra.
    pagina.check("#confirmacion-resuelto")
    pagina.click("#boton-confirmar")
    expect(pagina.locator("#caso-estado")).to_have_text("Cerrado")
    expect(pagina.locator("#aviso-accion")).to_contain_text("cerrado")
    expect(pagina.locator("#accion-interaccion")).to_be_hidden()
    expect(pagina.locator("#accion-resolucion")).to_be_hidden()
    expect(pagina.locator("#accion-confirmacion")).to_be_hidden()

    # Salir vuelve a la entrada y olvida la sesión.
    pagina.click("#boton-salir")
    expect(pagina.locator("#form-entrar")).to_be_visible()
    assert pagina.evaluate("sessionStorage.getItem('bp.consola.sesion')") is None


def test_el_bloqueo_del_agente_se_distingue_del_del_contrato(pagina):
    # Se simula la respuesta (el presupuesto real lo prueban las de integración): así no se bloquea al asesor
    # de demostración para las demás pruebas del servidor compartido.
    import json

    mensaje = "Tu usuario no puede verificar identidades hasta las 12:30: acumuló 10 verificaciones fallidas."
    pagina.route(
        "**/api/verificaciones",
        lambda ruta: ruta.fulfill(
            status=423,
            content_type="application/json",
            body=json.dumps({"error": {"codigo": "agente_bloqueado", "mensaje": mensaje, "campos": []}}),
        ),
    )
    entrar(pagina)
    expect(pagina.locator("#agente-nombre")).not_to_be_empty()
    verificar(pagina, "domicilio", DOMICILIO)
    aviso = pagina.locator("#aviso-verificacion")
    expect(aviso).to_contain_text("Tu usuario no puede verificar por ahora")
    expect(aviso).to_contain_text(mensaje)
    expect(aviso).not_to_contain_text("Contrato bloqueado")
    expect(pagina.locator("#form-caso")).to_be_hidden()
