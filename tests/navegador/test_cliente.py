"""El sitio como lo usa un cliente nuevo (issue 15, «Fix on the customer side»): lo que se ve y lo que se toca."""

from __future__ import annotations

import contextlib
import re
import urllib.error
import urllib.request

import pytest
from playwright.sync_api import TimeoutError as ErrorTiempo
from playwright.sync_api import expect

from tests.navegador.test_sitio import llenar_queja

pytestmark = [pytest.mark.navegador, pytest.mark.xdist_group("navegador")]

# Huecos entre trozos de texto de una misma línea de la etiqueta: en un párrafo se tocan (≤ 1 px); si flex hace
# una columna de cada trozo, entre uno y otro queda el `gap` (.6rem) y el espacio se pierde.
_HUECOS_ETIQUETA = """() => {
  const etiqueta = document.querySelector('label[for=aviso_privacidad]');
  const rango = document.createRange();
  const cajas = [];
  const recorrer = (nodo) => {
    for (const hijo of nodo.childNodes) {
      if (hijo.nodeType === Node.TEXT_NODE && hijo.textContent.trim()) {
        rango.selectNodeContents(hijo);
        cajas.push(...[...rango.getClientRects()].filter(r => r.width > 0));
      } else if (hijo.nodeType === Node.ELEMENT_NODE && hijo.tagName !== 'INPUT') recorrer(hijo);
    }
  };
  recorrer(etiqueta);
  const lineas = {};
  for (const r of cajas) (lineas[Math.round(r.top)] ||= []).push(r);
  const huecos = [];
  for (const linea of Object.values(lineas)) {
    linea.sort((a, b) => a.left - b.left);
    for (let i = 1; i < linea.length; i++) huecos.push(linea[i].left - linea[i - 1].right);
  }
  return {huecos, lineas: Object.keys(lineas).length};
}"""


@pytest.mark.parametrize("ancho", [1280, 390])
def test_la_etiqueta_del_aviso_de_privacidad_es_un_solo_parrafo(navegador, servidor_url, ancho):
    contexto = navegador.new_context(locale="es-MX", base_url=servidor_url, viewport={"width": ancho, "height": 900})
    try:
        pagina = contexto.new_page()
        pagina.goto("/")
        expect(pagina.locator("#aviso_privacidad")).to_be_visible()
        r = pagina.evaluate(_HUECOS_ETIQUETA)
        # El enlace corta el texto en tres trozos: siempre hay al menos dos costuras en alguna línea.
        assert r["huecos"], r
        assert max(r["huecos"]) <= 1, r
        # Y en un teléfono el texto se reparte en pocas líneas a lo ancho, no en columnas angostas y altas.
        if ancho == 390:
            assert r["lineas"] <= 4, r
    finally:
        contexto.close()


def test_el_resumen_de_errores_sigue_el_orden_de_la_pagina(pagina):
    pagina.goto("/")
    expect(pagina.locator("input[name=tipo]").first).to_be_attached()
    pagina.click("#boton-enviar")
    enlaces = pagina.locator("#resumen-errores a[data-campo]")
    expect(enlaces.first).to_be_visible()
    en_resumen = enlaces.evaluate_all("as => as.map(a => a.dataset.campo)")
    # El orden de los campos en el documento (el de sus grupos), sólo de los que tienen error.
    en_pagina = pagina.evaluate(
        """(claves) => [...document.querySelectorAll('[id^=grupo-]')]
             .map(g => g.id.slice('grupo-'.length)).filter(c => claves.includes(c))""",
        en_resumen,
    )
    assert en_resumen == en_pagina
    assert en_resumen[-1] == "aviso_privacidad" and "correo" in en_resumen


def test_sin_javascript_no_hay_girador_y_se_dice_que_hacer(navegador, servidor_url):
    contexto = navegador.new_context(locale="es-MX", base_url=servidor_url, java_script_enabled=False)
    try:
        pagina = contexto.new_page()
        pagina.goto("/")
        seccion = pagina.locator("#solicitud")
        expect(seccion.get_by_text("necesitas activar JavaScript")).to_be_visible()
        expect(seccion.locator("a[href^='tel:']").first).to_be_visible()
        expect(pagina.locator("#estado-catalogo")).to_be_hidden()
        assert pagina.locator(".girador:visible").count() == 0
    finally:
        contexto.close()


def test_con_javascript_el_aviso_de_carga_aparece_y_se_va(pagina):
    pagina.goto("/")
    expect(pagina.locator("#form-caso")).to_be_visible()
    expect(pagina.locator("#estado-catalogo")).to_be_hidden()


def test_abrir_otra_solicitud_conserva_los_datos_de_contacto(pagina):
    pagina.goto("/")
    contrato, correo = llenar_queja(pagina)
    pagina.fill("#telefono", "722 987 6543")
    pagina.click("#boton-enviar")
    expect(pagina.locator("#resultado .folio__numero")).to_be_visible()
    pagina.get_by_role("button", name="Abrir otra solicitud").click()
    expect(pagina.locator("#form-caso")).to_be_visible()
    # Quién es y cómo contactarlo se queda; lo de la solicitud anterior, no.
    expect(pagina.locator("#nombre")).to_have_value("Carla Méndez")
    expect(pagina.locator("#contrato")).to_have_value(contrato)
    expect(pagina.locator("#correo")).to_have_value(correo)
    expect(pagina.locator("#telefono")).to_have_value("722 987 6543")
    expect(pagina.locator("input[name=medio_notificacion][value=correo]")).to_be_checked()
    expect(pagina.locator("#descripcion")).to_have_value("")
    expect(pagina.locator("input[name=tipo]:checked")).to_have_count(0)
    expect(pagina.locator("#aviso_privacidad")).not_to_be_checked()


def test_la_pagina_404_tiene_navegacion(pagina, servidor_url):
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(f"{servidor_url}/no/existe.html", timeout=10)
    assert error.value.code == 404
    pagina.goto("/no/existe.html")
    expect(pagina.locator("h1")).to_have_text("No encontramos esta página")
    # Estilos aplicados también desde una subcarpeta (rutas absolutas).
    assert pagina.locator(".cabecera").evaluate("e => getComputedStyle(e).display") != "inline"
    navegacion = pagina.get_by_role("navigation", name="Principal")
    expect(navegacion.get_by_role("link", name="Inicio")).to_have_attribute("href", "/")
    expect(navegacion.get_by_role("link", name="Consultar mi folio")).to_be_visible()
    expect(pagina.locator("main a[href^='tel:']")).to_have_count(2)
    pagina.locator("main").get_by_role("link", name="Abrir una solicitud").click()
    expect(pagina).to_have_url(re.compile(r"/#solicitud$"))
    expect(pagina.locator("#form-caso")).to_be_visible()


# Lo que se toca en las páginas del cliente que sirven las funciones (confirmación, encuesta, comprobante).
_TOCABLES = """() => ({
  radios: [...document.querySelectorAll('input[type=radio]')].map(r => Math.round(r.getBoundingClientRect().width)),
  opciones: [...document.querySelectorAll('label.opcion')].map(l => Math.round(l.getBoundingClientRect().height)),
  telefonos: [...document.querySelectorAll('a[href^="tel:+52"]')]
    .map(a => Math.round(a.getBoundingClientRect().height)),
  inicio: [...document.querySelectorAll('a[href="/"]')].length,
  desborde: document.documentElement.scrollWidth - document.documentElement.clientWidth,
})"""


def caso_resuelto(url: str) -> str:
    """Un caso asistido (con el correo del cliente de demostración) resuelto por la API; su folio legible."""
    import json

    from tests.integracion.test_servidor import pedir
    from tests.integracion.test_servidor_agentes import con_token, sesion

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
    cuerpo = {
        "tipo": "duda",
        "categoria": "facturacion",
        "descripcion": "Cómo leer el recibo de noviembre.",
        "medio_notificacion": "correo",
        "canal": "telefono",
        "verificacion_id": v["verificacion_id"],
    }
    caso = json.loads(pedir(f"{url}/api/casos/asistidos", "POST", cuerpo, cab)[2])
    resolucion = {"resumen": "Te explicamos cada renglón del recibo.", "primer_contacto": True}
    assert pedir(f"{url}/api/casos/{caso['folio']}/resolucion", "POST", resolucion, cab)[0] == 200
    return caso["folio_legible"]


def _correo_con(servidor_url: str, folio: str, asunto: str) -> dict:
    from tests.util import esperar, obtener_json

    return esperar(
        lambda: next(
            (
                c
                for c in obtener_json(f"{servidor_url}/_local/correos.json")
                if asunto in c["asunto"] and folio in c["asunto"]
            ),
            None,
        )
    )


def _revisar_tocables(pagina) -> None:
    # Con la máquina cargada la hoja de estilos puede aplicarse después del «load»: se espera un momento (sin
    # tragarse la falla: las aserciones de abajo miden de nuevo).
    with contextlib.suppress(ErrorTiempo):
        pagina.wait_for_function(
            "() => [...document.querySelectorAll('input[type=radio]')]"
            ".every(r => r.getBoundingClientRect().width >= 24)",
            timeout=10_000,
        )
    r = pagina.evaluate(_TOCABLES)
    assert r["radios"] and min(r["radios"]) >= 24, r
    assert min(r["opciones"]) >= 44, r
    # Los dos teléfonos, como enlaces tel: de 44 px de alto; y un camino de vuelta al inicio del sitio.
    assert len(r["telefonos"]) == 2 and min(r["telefonos"]) >= 44, r
    assert r["inicio"] >= 1 and r["desborde"] <= 0, r
    navegacion = pagina.get_by_role("navigation", name="Principal")
    expect(navegacion.get_by_role("link", name="Consultar mi folio")).to_be_visible()


def test_confirmacion_y_encuesta_se_tocan_con_el_dedo_y_llevan_de_vuelta_al_sitio(navegador, servidor_url):
    folio = caso_resuelto(servidor_url)
    correo = _correo_con(servidor_url, folio, "Resolvimos")
    si = re.search(r"Sí, quedó resuelto: (\S+)", correo["texto"]).group(1)
    contexto = navegador.new_context(locale="es-MX", viewport={"width": 390, "height": 800})
    try:
        pagina = contexto.new_page()
        pagina.goto(si)
        # Primero lo que se hizo, después la pregunta.
        texto = pagina.locator("main").inner_text()
        assert texto.index("Te explicamos cada renglón") < texto.index("¿Quedó resuelto")
        _revisar_tocables(pagina)
        pagina.get_by_role("button", name="Enviar mi respuesta").click()
        expect(pagina.locator("h1")).to_have_text("Recibimos tu respuesta")
        expect(pagina.locator("a[href^='tel:']")).to_have_count(2)
        # La encuesta que sigue a la confirmación, sin JavaScript para que no se envíe sola.
        encuesta = _correo_con(servidor_url, folio, "¿Cómo te atendimos?")
        enlace = re.search(r"4 · [^:]+: (\S+)", encuesta["texto"]).group(1)
        movil = {"width": 390, "height": 800}
        sin_js = navegador.new_context(locale="es-MX", viewport=movil, java_script_enabled=False)
        try:
            p2 = sin_js.new_page()
            p2.goto(enlace)
            _revisar_tocables(p2)
            p2.get_by_role("button", name="Enviar").click()
            expect(p2.locator("[role=status]")).to_contain_text("Registramos tu calificación")
            _revisar_tocables(p2)
        finally:
            sin_js.close()
    finally:
        contexto.close()


def test_el_comprobante_en_un_telefono(navegador, servidor_url):
    import json

    from tests.integracion.test_servidor import pedir, unica

    estado, _, cuerpo = pedir(f"{servidor_url}/api/casos", "POST", unica(medio_notificacion="impreso"))
    assert estado == 201
    caso = json.loads(cuerpo)
    contexto = navegador.new_context(locale="es-MX", viewport={"width": 390, "height": 800})
    try:
        pagina = contexto.new_page()
        pagina.goto(f"{servidor_url}{caso['comprobante_url']}")
        folio = pagina.locator(".folio span[aria-hidden=true]")
        expect(folio).to_have_text(caso["folio_legible"])
        # El folio en una sola línea, la página sin desplazarse de lado y los teléfonos como enlaces.
        assert folio.evaluate("e => e.getClientRects().length") == 1
        assert pagina.evaluate("document.documentElement.scrollWidth") <= 390
        expect(pagina.locator(".sr-only")).to_have_text(" ".join(caso["folio"]))
        _revisar_telefonos_e_inicio(pagina)
        expect(pagina.locator("dd").filter(has_text=re.compile(r" de 20\d\d a las "))).to_have_count(3)
    finally:
        contexto.close()


def _revisar_telefonos_e_inicio(pagina) -> None:
    r = pagina.evaluate(_TOCABLES)
    assert len(r["telefonos"]) == 2 and min(r["telefonos"]) >= 44 and r["inicio"] >= 1, r


def test_el_marcado_que_arman_los_scripts_pasa_el_validador(pagina, servidor_url, tmp_path):
    """El formulario ya construido desde el catálogo, con su resumen de errores y campos marcados, y la consulta
    con un error y con su resultado: lo que el script agrega (radios, aria-describedby, aria-invalid, enlaces,
    fechas) también es HTML válido."""
    from tests.integracion.test_html_valido import validar

    pagina.goto("/")
    expect(pagina.locator("#form-caso")).to_be_visible()
    pagina.click("#boton-enviar")
    expect(pagina.locator("#resumen-errores")).to_be_visible()
    (tmp_path / "formulario.html").write_text(pagina.content(), encoding="utf-8")
    pagina.goto("/seguimiento.html?folio=1234567890")
    pagina.click("#boton-consultar")
    expect(pagina.locator("#resumen-errores")).to_be_visible()
    (tmp_path / "seguimiento.html").write_text(pagina.content(), encoding="utf-8")
    # Y una consulta que encuentra la solicitud: estado, pasos, historial con fechas (<time>) y la conversación.
    import json

    from tests.integracion.test_servidor import pedir, unica

    cuerpo = unica()
    caso = json.loads(pedir(f"{servidor_url}/api/casos", "POST", cuerpo)[2])
    pagina.goto(f"/seguimiento.html?folio={caso['folio']}")
    pagina.check("#factor-contrato")
    pagina.fill("#contrato", cuerpo["contrato"])
    pagina.click("#boton-consultar")
    expect(pagina.locator("#resultado-consulta time").first).to_be_attached()
    (tmp_path / "consulta.html").write_text(pagina.content(), encoding="utf-8")
    errores = validar(sorted(tmp_path.glob("*.html")))
    assert errores == [], "\n".join(f"{e.get('url')}: {e.get('message')}" for e in errores)
