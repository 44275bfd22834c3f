"""La vista local de WhatsApp pasa el validador HTML de la W3C (vnu), vacía y con una conversación con botones."""

from __future__ import annotations

from infraestructura.local.vista_whatsapp import pagina
from tests.integracion.test_html_valido import validar

SALIENTE = {
    "destino": "+525512345678",
    "plantilla": "resolucion",
    "texto": "Resolvimos tu queja.\n¿Quedó resuelto?",
    "botones": ["resuelto:1234567890:1", "sigue:1234567890:1"],
    "fecha": "2026-12-01T10:00:00.123456+00:00",
}
ENTRANTE = {"de": "5215512345678", "texto": "Sí, gracias", "fecha": "2026-12-01T10:05:00.654321+00:00"}


def test_la_vista_de_whatsapp_pasa_el_validador(tmp_path):
    paginas = {
        "vacia": pagina("", None, lambda: [], lambda: []),
        "sin-mensajes": pagina("5215512345678", "sin_caso", lambda: [], lambda: []),
        "conversacion": pagina("5215512345678", "confirmado", lambda: [SALIENTE], lambda: [ENTRANTE]),
    }
    archivos = []
    for nombre, html in paginas.items():
        ruta = tmp_path / f"whatsapp-{nombre}.html"
        ruta.write_text(html, encoding="utf-8")
        archivos.append(ruta)
    errores = validar(archivos)
    assert errores == [], "\n".join(f"{e.get('url')}:{e.get('lastLine')}: {e.get('message')}" for e in errores)
