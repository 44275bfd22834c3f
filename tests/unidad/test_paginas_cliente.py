"""Páginas de las funciones para el cliente (issue 15): comprobante con año, nombres del sitio, marcado válido."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from html.parser import HTMLParser

from funciones.comprobantes.pagina import pagina_comprobante
from funciones.confirmaciones.pagina import pagina_pregunta
from funciones.encuestas.pagina import pagina_calificar, pagina_gracias_y_seguimiento
from funciones.nucleo.dominio.calendario import texto_fecha_completa
from funciones.nucleo.dominio.caso import Caso
from funciones.nucleo.frontera.paginas import documento, pagina_mensaje

# Registrado en diciembre, vence en enero del año siguiente: «lunes 4 de enero» no dice de qué año.
CASO = Caso(
    folio="5767638396",
    tipo="queja",
    categoria="interrupcion",
    canal="web",
    medio_notificacion="impreso",
    nombre="Carla Méndez",
    descripcion="Sin internet desde ayer.",
    fecha_registro=datetime(2026, 12, 31, 18, 0, tzinfo=UTC),
    fecha_compromiso=datetime(2027, 1, 4, 19, 0, tzinfo=UTC),
    fecha_limite_legal=datetime(2027, 1, 21, 19, 0, tzinfo=UTC),
    contrato="12345678",
    resolucion="Cambiamos el módem.",
    ronda=1,
)


class _Etiquetas(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.etiquetas: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.etiquetas.append((tag, dict(attrs)))


def etiquetas(html: str) -> list[tuple[str, dict[str, str | None]]]:
    p = _Etiquetas()
    p.feed(html)
    return p.etiquetas


def test_las_fechas_del_comprobante_llevan_ano():
    html = pagina_comprobante(CASO)
    # El registro es de 2026 (mismo año «de hoy» en diciembre) y aun así lleva el año: es un papel que se guarda.
    assert "jueves 31 de diciembre de 2026 a las 12:00" in html
    assert "lunes 4 de enero de 2027 a las 13:00" in html
    assert "jueves 21 de enero de 2027 a las 13:00" in html
    fechas = re.findall(r"<dd>([^<]*a las[^<]*)</dd>", html)
    assert len(fechas) == 3 and all(re.search(r" de 20\d\d a las ", f) for f in fechas), fechas


def test_texto_fecha_completa_lleva_el_ano_aunque_sea_el_de_hoy():
    assert texto_fecha_completa(datetime(2026, 3, 2, 7, 5, tzinfo=UTC)) == "lunes 2 de marzo de 2026 a la 01:05"


def test_el_comprobante_nombra_la_seccion_como_el_sitio():
    html = pagina_comprobante(CASO)
    assert "«Seguimiento»" not in html
    assert "«Consultar mi folio»" in html
    # Es el texto de la navegación del sitio.
    from pathlib import Path

    assert ">Consultar mi folio</a>" in (Path(__file__).parents[2] / "sitio" / "index.html").read_text()


def test_el_folio_se_lee_digito_por_digito_con_marcado_valido():
    html = pagina_comprobante(CASO)
    # Sin aria-label en un párrafo (no vale en un rol genérico): texto oculto a la vista y el visible, al lector.
    parrafo = re.search(r'<p class="folio">(.*?)</p>', html)
    assert parrafo, html
    assert "aria-label" not in parrafo.group(0)
    assert '<span aria-hidden="true">576 763 8396</span>' in parrafo.group(1)
    assert '<span class="sr-only">5 7 6 7 6 3 8 3 9 6</span>' in parrafo.group(1)
    assert not any("aria-label" in a and t in ("p", "div", "span") for t, a in etiquetas(html))


def _telefonos(html: str) -> list[str]:
    return [a["href"] or "" for t, a in etiquetas(html) if t == "a" and (a.get("href") or "").startswith("tel:")]


def test_las_paginas_del_cliente_llevan_al_sitio_y_los_telefonos_se_tocan():
    paginas = {
        "comprobante": pagina_comprobante(CASO),
        "confirmacion": pagina_pregunta(CASO, "si"),
        "encuesta": pagina_calificar(CASO.folio, 4),
        "gracias": pagina_gracias_y_seguimiento(CASO.folio, 4),
        "mensaje": pagina_mensaje("Enlace no disponible", "Este enlace ya venció."),
    }
    for nombre, html in paginas.items():
        hrefs = [a.get("href") for t, a in etiquetas(html) if t == "a"]
        assert "/" in hrefs and "/seguimiento.html" in hrefs, nombre
        assert _telefonos(html) == ["tel:+527676720827", "tel:+527775000232"], nombre


def test_el_expediente_del_agente_no_lleva_el_marco_del_cliente():
    html = documento("Expediente", "<h1>Expediente</h1>")
    assert "<header" not in html and _telefonos(html) == []


def test_la_confirmacion_dice_que_se_hizo_antes_de_preguntar():
    html = pagina_pregunta(CASO, None)
    assert html.index("Cambiamos el módem.") < html.index("¿Quedó resuelto")
