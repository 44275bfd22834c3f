"""Cada plantilla de correo dice lo mismo en texto y en HTML: mismas palabras, mismos enlaces, datos escapados."""

from __future__ import annotations

import re
from collections import Counter
from datetime import UTC, datetime, timedelta
from html import escape
from html.parser import HTMLParser
from typing import Any

import pytest

from funciones.notificaciones.plantillas import CORREOS, ContextoEnvio

AHORA = datetime(2026, 11, 24, 16, 0, tzinfo=UTC)
CTX = ContextoEnvio("https://atencion.bluepoint.mx", AHORA, lambda: b"pimienta-de-prueba")
BONO = {"monto": "59.88", "dias_afectados": 3, "precio_mensual": "499.00", "porcentaje_adicional": 20}


def datos(**cambios: Any) -> dict[str, Any]:
    """Los datos que llevan los eventos con `notificar` (alta, resolución, escalamiento, cierre)."""
    return {
        "folio": "1234567890",
        "nombre": "María Fernanda Gómez Ruiz",
        "tipo_nombre": "Queja",
        "categoria_nombre": "Interrupción del servicio",
        "descripcion": 'Me cobraron dos veces: "promo" < $300 & más.\nY sin servicio desde el lunes.',
        "fecha_registro": AHORA.isoformat(),
        "fecha_compromiso": (AHORA + timedelta(days=2)).isoformat(),
        "fecha_limite_legal": (AHORA + timedelta(days=10)).isoformat(),
        "fundamento": "",
        "ronda": 1,
        "resumen": "Cambiamos el módem <TP-Link> y la señal quedó estable.",
        "bonificacion": None,
        "texto": "Tu caso pasó a Soporte técnico, que lo atenderá a más tardar el jueves.",
        "vence": AHORA.isoformat(),
        "sobrevive": "2345678901",
        **cambios,
    }


# Cada plantilla y sus variantes (la resolución con y sin bonificación).
CASOS = [(nombre, datos()) for nombre in CORREOS] + [("resolucion", datos(bonificacion=BONO))]


class _Visible(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.texto: list[str] = []
        self.enlaces: list[str] = []
        self._oculto = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("head", "title", "style"):
            self._oculto += 1
        if tag == "a":
            self.enlaces.append(dict(attrs)["href"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("head", "title", "style"):
            self._oculto -= 1

    def handle_data(self, data: str) -> None:
        if not self._oculto:
            self.texto.append(data)


def _palabras(texto: str) -> Counter[str]:
    return Counter(re.findall(r"[\w$%<>&\"'-]+", texto.lower()))


@pytest.mark.parametrize(("nombre", "d"), CASOS, ids=[f"{n}{'-bono' if d['bonificacion'] else ''}" for n, d in CASOS])
def test_texto_y_html_dicen_lo_mismo(nombre, d):
    asunto, texto, html = CORREOS[nombre](d, CTX)
    visible = _Visible()
    visible.feed(html)
    urls = re.findall(r"https?://\S+", texto)
    # Los mismos enlaces, en el mismo orden, y ninguno suelto en el texto que el HTML no tenga.
    assert visible.enlaces == urls and urls
    # Las mismas palabras (sin puntuación): el texto lleva «Botón: enlace» donde el HTML tiene el botón.
    en_html, en_texto = _palabras(" ".join(visible.texto)), _palabras(re.sub(r"https?://\S+", "", texto))
    assert en_html == en_texto, {"sólo en el HTML": en_html - en_texto, "sólo en el texto": en_texto - en_html}
    assert f"<title>{escape(asunto)}</title>" in html


@pytest.mark.parametrize(("nombre", "d"), CASOS)
def test_los_datos_del_cliente_van_escapados_en_el_html(nombre, d):
    _, texto, html = CORREOS[nombre](d, CTX)
    assert "<TP-Link>" not in html and "< $300" not in html
    if nombre == "resolucion":
        assert "&lt;TP-Link&gt;" in html and "<TP-Link>" in texto


def test_la_bonificacion_sale_en_ambas_partes():
    _, texto, html = CORREOS["resolucion"](datos(bonificacion=BONO), CTX)
    for trozo in ("$59.88", "3 días afectados", "$499.00"):
        assert trozo in texto and trozo in html


PHISHING = "Visita http://phish.example/login"


@pytest.mark.parametrize("nombre", sorted(CORREOS))
@pytest.mark.parametrize(
    "nombre_libre",
    [PHISHING, "Entra a phish.example ya", "ana@phish.example", "Llama al 5512345678", "Juan www phish com/x"],
)
def test_ningun_correo_repite_un_nombre_con_enlaces_ni_la_descripcion(nombre, nombre_libre):
    d = datos(nombre=nombre_libre, descripcion="Tu cuenta será suspendida: " + PHISHING)
    asunto, texto, html = CORREOS[nombre](d, CTX)
    for parte in (asunto, texto, html):
        assert "phish" not in parte and "suspendida" not in parte and "5512345678" not in parte
    # Saludo genérico en su lugar.
    assert texto.startswith("Hola:")


@pytest.mark.parametrize("nombre", sorted(CORREOS))
def test_un_nombre_de_persona_si_va_en_el_saludo(nombre):
    _, texto, html = CORREOS[nombre](datos(nombre="María de la Luz O'Connor-Gómez"), CTX)
    assert texto.startswith("Hola, María de la Luz O'Connor-Gómez:")
    assert escape("María de la Luz O'Connor-Gómez") in html


def test_el_folio_resume_por_tipo_y_categoria():
    _, texto, html = CORREOS["folio"](datos(), CTX)
    assert "Queja · Interrupción del servicio" in texto and "Queja · Interrupción del servicio" in html
    assert "promo" not in texto and "promo" not in html


@pytest.mark.parametrize(
    ("nombre", "saludo"),
    [
        ("Ma. Elena  Ruiz", "Ma. Elena Ruiz"),
        ("Nguyễn Văn An", "Nguyễn Văn An"),
        ("Jose\u0301 D'Angelo", "José D'Angelo"),  # acento combinado: se normaliza (NFC)
        ("Ana López", "Ana López"),
        ("phish.example", None),
        ("Ana phish。example", None),  # punto ideográfico: no es letra
        ("ana@example.com", None),
        ("WWW Ana López", None),
        ("https Ana", None),
        ("Ana López 2", None),
        ("Ana\u200bLópez", None),  # espacio de ancho cero
        ("Uno Dos Tres Cuatro Cinco Seis Siete Ocho Nueve", None),
        ("", None),
    ],
)
def test_regla_del_nombre_en_el_saludo(nombre, saludo):
    from funciones.nucleo.dominio.textos import nombre_para_saludo

    assert nombre_para_saludo(nombre) == saludo
