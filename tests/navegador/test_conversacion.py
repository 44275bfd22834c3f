"""La conversación en Chromium real contra `make run`: el asesor escribe y el correo llega; el cliente contesta
desde su página de seguimiento con una foto y un PDF con la cadena EICAR; el asesor abre la foto y el PDF queda
bloqueado por el antivirus (emulado) para siempre."""

from __future__ import annotations

import json
import re
import time
import urllib.error
import urllib.request

import pytest
from playwright.sync_api import expect

from infraestructura.local.antivirus import EICAR
from tests.navegador.test_consola import entrar
from tests.util import esperar, obtener_json

pytestmark = [pytest.mark.navegador, pytest.mark.xdist_group("navegador")]

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + bytes(range(256)) * 4
PDF_SIMPLE = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
PDF_EICAR = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + EICAR + b"\n%%EOF\n"


def _abrir_caso(url: str, correo: str | None, telefono: str | None = None) -> str:
    cuerpo = {
        "tipo": "aclaracion",
        "categoria": "facturacion",
        "nombre": "Lucía Hernández Mora",
        "contrato": "10002000",
        "descripcion": "Me llegó un cargo que no reconozco en el recibo de noviembre.",
        "medio_notificacion": "correo" if correo else "sms",
        "aviso_privacidad": "2026-11",
    }
    if correo:
        cuerpo["correo"] = correo
    if telefono:
        cuerpo["telefono"] = telefono
    pedido = urllib.request.Request(
        f"{url}/api/casos", data=json.dumps(cuerpo).encode(), headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(pedido, timeout=10) as r:
        return json.loads(r.read())["folio"]


def _abrir_en_consola(pagina, folio: str) -> None:
    entrar(pagina)
    expect(pagina.locator("#agente-nombre")).to_be_visible()
    pagina.goto(f"/consola/#/casos/{folio}")
    expect(pagina.locator("#caso-folio")).to_contain_text(folio[-4:])


def test_el_mensaje_del_asesor_llega_por_correo(pagina, servidor_url):
    correo = f"lucia.{time.time_ns()}@example.com"
    folio = _abrir_caso(servidor_url, correo)
    _abrir_en_consola(pagina, folio)
    expect(pagina.locator("#mensaje-medio")).to_contain_text("Se envía por correo a l***@example.com")
    # La respuesta predefinida llena el mensaje; el asesor la ajusta y la envía.
    pagina.select_option("#mensaje-predefinida", label="Pedir foto del recibo")
    expect(pagina.locator("#mensaje-texto")).to_have_value(re.compile(r"^Para revisar el cobro necesitamos"))
    pagina.fill("#mensaje-texto", "Hola, Lucía: para revisar el cobro, ¿nos mandas una foto del recibo?")
    pagina.click("#boton-mensaje")
    expect(pagina.locator("#aviso-accion")).to_contain_text("Mensaje enviado al cliente por correo")
    expect(pagina.locator("#historial li[data-tipo='mensaje_agente']")).to_contain_text(
        "nos mandas una foto del recibo"
    )
    # El correo llegó (la bandeja de la emulación) y la prueba de entrega de SES queda en el historial. El aviso
    # sale del flujo de la tabla, después de la respuesta: se espera a que esté en la bandeja antes de abrirla.
    enviado = esperar(
        lambda: next(
            (
                c
                for c in obtener_json(f"{servidor_url}/_local/correos.json")
                if correo in c["destinatario"] and "Mensaje" in c["asunto"]
            ),
            None,
        )
    )
    pagina.goto("/_local/correos")
    expect(pagina.get_by_text(f"Mensaje sobre tu solicitud {folio[:3]} {folio[3:6]} {folio[6:]}").first).to_be_visible()
    assert "nos mandas una foto del recibo" in enviado["texto"]
    assert f"/seguimiento.html?folio={folio}" in enviado["texto"]
    pagina.goto(f"/consola/#/casos/{folio}")
    for _ in range(20):
        entrega = pagina.locator("#historial li[data-tipo='correo_entregado']")
        if entrega.count():
            break
        pagina.click("#boton-recargar-caso")
        pagina.wait_for_timeout(500)
    expect(pagina.locator("#historial li[data-tipo='correo_entregado']").first).to_contain_text("mensaje del asesor")


def test_comentario_con_foto_visible_para_el_asesor_y_eicar_nunca_descargable(navegador, servidor_url):
    correo = f"lucia.{time.time_ns()}@example.com"
    folio = _abrir_caso(servidor_url, correo)
    cliente = navegador.new_context(locale="es-MX", base_url=servidor_url)
    pagina = cliente.new_page()
    pagina.goto(f"/seguimiento.html?folio={folio}")
    pagina.check("#factor-correo")
    pagina.fill("#correo", correo)
    pagina.click("#boton-consultar")
    expect(pagina.locator("#titulo-conversacion")).to_have_text("Mensajes")
    expect(pagina.locator(".conversacion-caso")).to_contain_text("Todavía no hay mensajes")
    pagina.fill("#mensaje-texto", "Les mando foto del recibo y la factura.")
    pagina.set_input_files(
        "#mensaje-archivos",
        [
            {"name": "recibo.jpg", "mimeType": "image/jpeg", "buffer": JPEG},
            {"name": "factura.pdf", "mimeType": "application/pdf", "buffer": PDF_EICAR},
        ],
    )
    pagina.click("#boton-mensaje")
    estado = pagina.locator("#estado-mensaje")
    expect(estado).to_have_text("Enviamos tu mensaje. Lo verás en la lista de mensajes.")
    expect(estado).to_be_focused()
    mensaje = pagina.locator(".mensaje--cliente")
    expect(mensaje).to_contain_text("Les mando foto del recibo y la factura.")
    expect(mensaje.locator(".mensaje__adjuntos li")).to_have_text(["📎 recibo.jpg", "📎 factura.pdf"])
    # El cliente sólo ve los nombres: ningún enlace a sus archivos.
    expect(mensaje.locator("a")).to_have_count(0)
    cliente.close()

    agente = navegador.new_context(locale="es-MX", base_url=servidor_url)
    pagina = agente.new_page()
    _abrir_en_consola(pagina, folio)
    expect(pagina.locator("#historial li[data-tipo='mensaje_cliente']")).to_contain_text("Les mando foto del recibo")
    foto = pagina.locator("#lista-adjuntos li", has_text="recibo.jpg")
    factura = pagina.locator("#lista-adjuntos li", has_text="factura.pdf")
    for _ in range(30):
        if "sin amenazas" in (foto.text_content() or "") and "malware" in (factura.text_content() or ""):
            break
        pagina.click("#boton-recargar-caso")
        pagina.wait_for_timeout(500)
    expect(foto.locator(".adjunto__estado")).to_have_text("Revisado, sin amenazas")
    expect(factura.locator(".adjunto__estado")).to_have_text("Bloqueado: se encontró malware")
    expect(factura.get_by_role("button")).to_have_count(0)
    expect(pagina.locator("#historial li[data-tipo='adjunto_infectado']")).to_contain_text("factura.pdf")

    foto.get_by_role("button", name="Obtener enlace de «recibo.jpg»").click()
    enlace = foto.get_by_role("link", name=re.compile(r"Abrir «recibo.jpg»"))
    expect(enlace).to_be_focused()
    with agente.expect_page() as nueva:
        enlace.click()
    vista = nueva.value
    vista.wait_for_load_state()
    respuesta = agente.request.get(enlace.get_attribute("href"))
    assert respuesta.ok and respuesta.body() == JPEG and respuesta.headers["content-type"] == "image/jpeg"
    # La foto se ve en la pestaña nueva (Chromium la muestra como imagen).
    expect(vista.locator("img")).to_have_count(1)

    # El PDF con EICAR: la API tampoco da enlace, ni pidiéndolo directo.
    token = pagina.evaluate("() => JSON.parse(sessionStorage.getItem('bp.consola.sesion')).token")
    _, detalle = _get(servidor_url, f"/api/casos/{folio}", token)
    [infectado] = [a for a in detalle["adjuntos"] if a["nombre"] == "factura.pdf"]
    estado_http, cuerpo = _get(servidor_url, f"/api/casos/{folio}/adjuntos/{infectado['id']}", token)
    assert (estado_http, cuerpo["error"]["codigo"]) == (409, "adjunto_infectado")
    agente.close()


def _get(url: str, ruta: str, token: str) -> tuple[int, dict]:
    pedido = urllib.request.Request(f"{url}{ruta}", headers={"Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(pedido, timeout=10) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


def test_un_caso_solo_con_telefono_se_sigue_con_folio_y_telefono(pagina, servidor_url):
    folio = _abrir_caso(servidor_url, None, "7671234567")
    pagina.goto(f"/seguimiento.html?folio={folio}")
    pagina.check("#factor-telefono")
    expect(pagina.locator("#grupo-contrato")).to_be_hidden()
    pagina.fill("#telefono", "767 123 4567")
    pagina.click("#boton-consultar")
    expect(pagina.locator("#titulo-resultado")).to_contain_text(folio[-4:])
    expect(pagina.locator("#form-mensaje")).to_be_visible()


def test_el_asesor_adjunta_un_pdf_a_una_nota(pagina, servidor_url):
    folio = _abrir_caso(servidor_url, f"lucia.{time.time_ns()}@example.com")
    _abrir_en_consola(pagina, folio)
    pagina.fill("#interaccion-texto", "El cliente trajo su recibo a la tienda.")
    pagina.set_input_files(
        "#interaccion-archivos", [{"name": "recibo-tienda.pdf", "mimeType": "application/pdf", "buffer": PDF_SIMPLE}]
    )
    pagina.click("#boton-interaccion")
    expect(pagina.locator("#aviso-accion")).to_contain_text("La nota se agregó al historial (interna).")
    expect(pagina.locator("#historial li[data-tipo='interaccion_nota']")).to_contain_text("recibo-tienda.pdf")
    archivo = pagina.locator("#lista-adjuntos li", has_text="recibo-tienda.pdf")
    expect(archivo).to_contain_text("Subido por asesor.demo")
    for _ in range(20):
        if "sin amenazas" in (archivo.text_content() or ""):
            break
        pagina.click("#boton-recargar-caso")
        pagina.wait_for_timeout(500)
    expect(archivo.get_by_role("button", name="Obtener enlace de «recibo-tienda.pdf»")).to_be_visible()
    # Un archivo que no es del tipo permitido no se sube: el formulario lo dice antes de pedir nada.
    pagina.fill("#interaccion-texto", "Otro archivo")
    pagina.set_input_files(
        "#interaccion-archivos", [{"name": "x.exe", "mimeType": "application/x-msdownload", "buffer": b"MZ"}]
    )
    pagina.click("#boton-interaccion")
    expect(pagina.locator("#error-i-adjuntos")).to_contain_text("«x.exe» no es una foto JPEG, PNG o HEIC ni un PDF.")
