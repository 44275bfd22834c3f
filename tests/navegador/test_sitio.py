"""El cliente abre un caso en el formulario real, lee su folio, lo recibe por correo y lo sigue."""

from __future__ import annotations

import re
import secrets

import pytest
from playwright.sync_api import expect

from tests.util import esperar, obtener_json

pytestmark = [pytest.mark.navegador, pytest.mark.xdist_group("navegador")]
DESCRIPCION = "Sin internet desde ayer; la velocidad es < 1 Mbps & se corta."


def llenar_queja(pagina, medio: str = "correo") -> tuple[str, str]:
    """Llena el formulario con contrato y correo propios (hay un límite diario por cada uno)."""
    contrato = str(secrets.randbelow(90_000_000) + 10_000_000)
    correo = f"carla{contrato}@example.com"
    pagina.check("input[name=tipo][value=queja]")
    pagina.select_option("#categoria", "interrupcion")
    pagina.fill("#nombre", "Carla Méndez")
    pagina.fill("#contrato", contrato)
    pagina.fill("#correo", correo)
    pagina.fill("#descripcion", DESCRIPCION)
    pagina.check(f"input[name=medio_notificacion][value={medio}]")
    pagina.check("#aviso_privacidad")
    return contrato, correo


def test_portada_muestra_telefonos_horario_y_tipos(pagina):
    pagina.goto("/")
    cuerpo = pagina.locator("body")
    expect(cuerpo).to_contain_text("767 672 0827")
    expect(cuerpo).to_contain_text("777 500 0232")
    expect(cuerpo).to_contain_text(re.compile(r"[Ll]unes a sábado.*8:30.*18:30"))
    for tipo in ("Duda", "Aclaración", "Queja", "Reclamación"):
        expect(pagina.locator("#opciones-tipo")).to_contain_text(tipo)


def test_enviar_vacio_muestra_errores_por_campo(pagina):
    pagina.goto("/")
    expect(pagina.locator("input[name=tipo]").first).to_be_attached()
    pagina.click("#boton-enviar")
    expect(pagina.locator("#resumen-errores")).to_be_visible()
    expect(pagina.locator("#resumen-errores")).to_contain_text("tipo")
    expect(pagina.locator("#resumen-errores")).to_contain_text("aviso de privacidad")


def test_aviso_de_privacidad_enlazado_y_legible(pagina):
    pagina.goto("/privacidad.html")
    expect(pagina.locator("h1")).to_have_text("Aviso de privacidad simplificado")
    expect(pagina.locator("body")).to_contain_text("ARCO")


def test_abrir_caso_leer_folio_recibir_correo_y_seguirlo(pagina, servidor_url):
    # Dado el formulario lleno con una queja
    pagina.goto("/")
    contrato, correo_cliente = llenar_queja(pagina)
    # Cuando la envía
    pagina.click("#boton-enviar")
    # Entonces ve su folio, el tipo y la fecha máxima en español
    resultado = pagina.locator("#resultado")
    expect(resultado).to_be_visible()
    folio = resultado.locator(".folio__numero").inner_text().strip()
    assert re.fullmatch(r"\d{3} \d{3} \d{4}", folio)
    expect(resultado).to_contain_text("Queja")
    expect(resultado).to_contain_text(re.compile(r"a más tardar el \S+ \d{1,2} de \S+ a las \d{1,2}:\d{2}"))
    # Y el correo con ese folio llega al buzón local
    correo = esperar(
        lambda: next((c for c in obtener_json(f"{servidor_url}/_local/correos.json") if folio in c["asunto"]), None)
    )
    assert correo["destinatario"] == correo_cliente
    # La descripción no viaja en el correo (texto libre de un remitente sin verificar): resume por tipo y categoría.
    assert "Mbps" not in correo["html"] and "Mbps" not in correo["texto"]
    assert "Queja · " in correo["texto"]
    pagina.goto("/_local/correos")
    expect(pagina.locator("body")).to_contain_text(folio)
    # Y puede seguirlo con folio y contrato
    pagina.goto(f"/seguimiento.html?folio={folio.replace(' ', '')}")
    pagina.check("#factor-contrato")
    pagina.fill("#contrato", contrato)
    pagina.click("#boton-consultar")
    consulta = pagina.locator("#resultado-consulta")
    expect(consulta).to_contain_text("Registrado")
    expect(consulta).to_contain_text("Registramos tu queja")
    expect(consulta).to_contain_text("Te enviamos el folio por correo")


def test_comprobante_impreso(pagina):
    pagina.goto("/")
    llenar_queja(pagina, medio="impreso")
    pagina.click("#boton-enviar")
    enlace = pagina.locator("#resultado a[href^='/api/comprobantes/']")
    expect(enlace).to_be_visible()
    folio = pagina.locator("#resultado .folio__numero").inner_text().strip()
    pagina.goto(enlace.get_attribute("href"))
    expect(pagina.locator(".folio")).to_contain_text(folio)
    expect(pagina.locator("dd").filter(has_text="< 1 Mbps &")).to_have_count(1)


def test_folio_con_un_digito_mal_se_rechaza(pagina):
    from funciones.nucleo.dominio.folio import folio_valido

    assert not folio_valido("1000000001")
    pagina.goto("/seguimiento.html")
    pagina.fill("#folio", "100 000 0001")  # dígito verificador equivocado
    pagina.check("#factor-contrato")
    pagina.fill("#contrato", "24681357")
    pagina.click("#boton-consultar")
    expect(pagina.locator("#resumen-errores, #error-folio").first).to_contain_text(re.compile("folio", re.I))
    expect(pagina.locator("#resultado-consulta")).to_be_hidden()


def test_seguimiento_dice_cuantos_intentos_quedan_exista_o_no_el_folio(pagina, servidor_url):
    import json

    from funciones.nucleo.dominio.folio import formatear_folio, generar_folio
    from tests.integracion.test_servidor import pedir, unica

    estado, _, cuerpo = pedir(f"{servidor_url}/api/casos", "POST", unica())
    assert estado == 201
    existente = json.loads(cuerpo)["folio"]
    vistos: dict[str, list[str]] = {}
    for folio in (existente, generar_folio()):  # el segundo no existe: la página debe decir exactamente lo mismo
        pagina.goto("/seguimiento.html")
        pagina.fill("#folio", formatear_folio(folio))
        pagina.check("#factor-contrato")
        pagina.fill("#contrato", "24681357")
        resumen = pagina.locator("#resumen-errores")
        textos = []
        for esperado in ("te quedan 4 intentos", "te quedan 3 intentos", "te quedan 2 intentos", "te queda 1 intento"):
            pagina.click("#boton-consultar")
            expect(resumen).to_contain_text(esperado)
            textos.append(resumen.inner_text())
        # Sin intentos: cuánto esperar y los teléfonos como enlaces.
        pagina.click("#boton-consultar")
        expect(resumen).to_contain_text("Ya no te quedan intentos")
        expect(resumen.locator("a[href^='tel:']").first).to_be_visible()
        pagina.click("#boton-consultar")
        expect(resumen).to_contain_text("Demasiados intentos fallidos con este folio")
        expect(resumen).to_contain_text("60 minutos")
        textos.append(resumen.inner_text())
        vistos[folio] = textos
    assert vistos[existente] == list(vistos.values())[1]
