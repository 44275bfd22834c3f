"""Contact center (issue 16) en la consola real: un supervisor levanta un bloqueo, un asesor marca un duplicado e
imprime el expediente PROFECO (PDF de Chromium, leído con pypdf)."""

from __future__ import annotations

import io
import re

import pytest
from playwright.sync_api import expect

from tests.navegador.test_consola import FOLIO, entrar
from tests.navegador.test_supervisor import abrir_caso_por_telefono

pytestmark = [pytest.mark.navegador, pytest.mark.xdist_group("navegador")]

# Un cliente que no usan las demás pruebas de navegador: su bloqueo no les estorba.
JOSE = {"contrato": "10002001", "nombre": "José Luis Hernández Ortiz"}


def verificar_domicilio(pagina, respuesta: str) -> None:
    pagina.fill("#verif-contrato", JOSE["contrato"])
    pagina.fill("#verif-nombre", JOSE["nombre"])
    pagina.check("#pregunta-domicilio")
    pagina.fill("#verif-respuesta", respuesta)
    pagina.click("#boton-verificar")


def test_el_supervisor_levanta_un_bloqueo_y_el_domicilio_se_acepta_con_variantes(pagina):
    entrar(pagina, "supervisor.demo")
    expect(pagina.locator("#agente-nombre")).to_be_visible()
    aviso = pagina.locator("#aviso-verificacion")
    # El agente ve cuántos intentos quedan; otro número exterior es un fallo.
    for restantes in ("Quedan 2 intentos.", "Queda 1 intento.", "No quedan intentos."):
        verificar_domicilio(pagina, "Moctezuma 46, Centro, Coyoacán")
        expect(aviso).to_contain_text(restantes)
    verificar_domicilio(pagina, "Moctezuma 45, Centro, Coyoacán")
    expect(aviso).to_contain_text("Contrato bloqueado para verificación")
    motivo = pagina.get_by_label("Motivo para levantar el bloqueo")
    expect(motivo).to_be_visible()
    # Motivo corto: el error se dice en el campo y nada se levanta.
    motivo.fill("porque sí")
    pagina.click("#boton-levantar-bloqueo")
    error = pagina.locator("#form-levantar-bloqueo .campo__error")
    expect(error).to_have_text("Escribe el motivo: al menos 10 caracteres.")
    expect(motivo).to_be_focused()
    motivo.fill("El cliente acudió a la tienda de Coyoacán con su INE.")
    pagina.click("#boton-levantar-bloqueo")
    expect(pagina.locator("#titulo-bloqueo-levantado")).to_have_text(
        "Bloqueo levantado. El contrato puede verificarse de nuevo: quedan 3 intentos."
    )
    expect(pagina.locator("#titulo-bloqueo-levantado")).to_be_focused()
    # Como lo dicta la gente: sin «Calle» ni «Col.», en minúsculas, colonia y ciudad en otro orden, con CP.
    verificar_domicilio(pagina, "moctezuma #45, coyoacan, centro, 04000")
    expect(pagina.locator("#tarjeta-cliente")).to_contain_text("Identidad verificada")


def test_marcar_duplicado_e_imprimir_el_expediente(pagina):
    from pypdf import PdfReader

    entrar(pagina)
    expect(pagina.locator("#agente-nombre")).to_be_visible()
    primero = abrir_caso_por_telefono(pagina)
    # El panel del agente habla en voz de agente, no en la del cliente (issue 16).
    medio = pagina.locator(".caso-abierto__medio")
    expect(medio).to_have_text(re.compile(r"^El folio se envía al cliente por correo electrónico"))
    expect(pagina.locator("#panel-llamada")).not_to_contain_text("Te enviamos")
    pagina.click("#boton-nueva-llamada")
    pagina.click("#volver-cola")
    segundo = abrir_caso_por_telefono(pagina)
    assert primero != segundo

    # El repetido se cierra como duplicado del primero; entrada mala primero (se dice en el campo).
    pagina.fill("#duplicado-de", segundo)
    pagina.click("#boton-duplicado")
    expect(pagina.locator("#error-u-de")).to_contain_text("Un caso no puede ser duplicado de sí mismo.")
    pagina.fill("#duplicado-de", primero[:3] + " " + primero[3:6] + " " + primero[6:])
    pagina.click("#boton-duplicado")
    expect(pagina.locator("#aviso-accion")).to_contain_text("se cerró como duplicado del folio")
    expect(pagina.locator("#caso-estado")).to_have_text("Cerrado")
    expect(pagina.locator("#dato-duplicado-de a")).to_have_attribute("href", f"#/casos/{primero}")
    expect(pagina.locator("#accion-duplicado")).to_be_hidden()
    expect(pagina.locator("#historial > li", has_text="Cierre por duplicado")).to_have_count(1)

    # El expediente se abre desde la pantalla del caso y se imprime como documento legal.
    with pagina.expect_popup() as abierta:
        pagina.click("#boton-expediente")
    documento = abierta.value
    expect(documento.locator("h1")).to_contain_text("Expediente del caso")
    expect(pagina.locator("#estado-expediente")).to_contain_text("se abrió en una ventana nueva")
    pdf = documento.pdf(format="Letter")
    # El texto de las celdas se parte en renglones: se compara con los espacios colapsados.
    texto = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    legible = f"{segundo[:3]} {segundo[3:6]} {segundo[6:]}"
    assert f"Expediente del caso {legible}" in texto
    assert re.search(r"de 20\d\d, \d\d:\d\d h", texto), texto[:500]
    assert "UTC−06:00" in texto or "UTC-06:00" in texto
    humanos = ("Registro de la solicitud", "Cierre por duplicado", "Teléfono", "55 1234 5678", "Correo electrónico")
    for humano in humanos:
        assert humano in texto, humano
    for crudo in ("caso_registrado", "caso_duplicado", "notificacion_enviada", "telefono", "+525512345678", "T17:"):
        assert crudo not in texto, crudo
    # Pie de página en cada hoja: folio y número de página.
    paginas = [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages]
    assert all(f"Folio {legible}" in p for p in paginas)
    assert all(re.search(rf"Página {i + 1} de {len(paginas)}", p) for i, p in enumerate(paginas))
    assert FOLIO.match(legible)
