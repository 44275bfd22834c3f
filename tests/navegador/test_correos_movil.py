"""Cada plantilla de correo en un teléfono de 390 px: nada se sale de la pantalla y los botones se pueden tocar."""

from __future__ import annotations

import pytest

from funciones.notificaciones.plantillas import CORREOS
from tests.unidad.test_plantillas import BONO, CTX, datos

pytestmark = [pytest.mark.navegador, pytest.mark.xdist_group("navegador")]

ANCHO = 390
# Datos largos a propósito: un nombre compuesto y una resolución con una palabra que no se puede partir (la
# descripción del cliente ya no sale en ningún correo).
LARGOS = datos(
    nombre="María Fernanda de los Ángeles Gómez Ruiz Villaseñor",
    categoria_nombre="Cargo indebido en el recibo mensual",
    descripcion="El técnico dejó el equipo NODO-TLX-0045-ZONA-NORTE-SECTOR-12-REPETIDOR-B apagado y sin servicio.",
    resumen="Encendimos el equipo NODO-TLX-0045-ZONA-NORTE-SECTOR-12-REPETIDOR-B y el servicio quedó estable.",
    bonificacion=BONO,
)

_FUERA = """() => {
  const ancho = document.documentElement.clientWidth;
  const fuera = [...document.querySelectorAll('p, td, a, strong, div')]
    .filter(e => { const r = e.getBoundingClientRect(); return r.width && (r.left < 0 || r.right > ancho + 0.5); })
    .map(e => e.tagName + ': ' + e.textContent.trim().slice(0, 60));
  const botones = [...document.querySelectorAll('a')].map(a => Math.round(a.getBoundingClientRect().height));
  return {ancho, desborde: document.documentElement.scrollWidth, fuera, botones};
}"""


@pytest.mark.parametrize("nombre", list(CORREOS))
def test_la_plantilla_cabe_en_390_px(navegador, nombre):
    _, _, html = CORREOS[nombre](LARGOS, CTX)
    contexto = navegador.new_context(viewport={"width": ANCHO, "height": 800}, locale="es-MX")
    try:
        pagina = contexto.new_page()
        pagina.set_content(html)
        r = pagina.evaluate(_FUERA)
        assert r["desborde"] <= r["ancho"] and not r["fuera"], r
        # Botones de al menos 44 px de alto: se tocan con el dedo sin atinarle a otro.
        assert r["botones"] and min(r["botones"]) >= 44, r["botones"]
    finally:
        contexto.close()


def test_el_buzon_local_cabe_en_390_px_con_el_texto_abierto(navegador, servidor_url):
    """El buzón de `make run` en un teléfono: ni la página ni la parte de texto (enlaces firmados largos) ni el
    correo dentro de su marco se desplazan de lado."""
    from tests.navegador.test_cliente import _correo_con, caso_resuelto

    folio = caso_resuelto(servidor_url)
    _correo_con(servidor_url, folio, "Resolvimos")
    contexto = navegador.new_context(viewport={"width": ANCHO, "height": 800}, locale="es-MX", is_mobile=True)
    try:
        pagina = contexto.new_page()
        pagina.goto(f"{servidor_url}/_local/correos")
        pagina.locator("details").evaluate_all("ds => ds.forEach(d => { d.open = true; })")
        desbordados = """() => [...document.querySelectorAll('body *')]
          .filter(e => e.clientWidth && e.scrollWidth > e.clientWidth + 1 && e.tagName !== 'IFRAME')
          .map(e => e.tagName + ' ' + e.scrollWidth + '/' + e.clientWidth + ': ' + e.textContent.slice(0, 60))"""
        assert pagina.evaluate("document.documentElement.clientWidth") == ANCHO
        assert pagina.evaluate(desbordados) == []
        assert pagina.evaluate("document.documentElement.scrollWidth") <= ANCHO
        for marco in pagina.frames[1:]:
            assert marco.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    finally:
        contexto.close()
