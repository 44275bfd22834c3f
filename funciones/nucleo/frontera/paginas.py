"""Páginas HTML que sirven las funciones (comprobante, confirmación, encuesta, expediente): marco común y mensajes.

Sin nada en línea (CSP `style-src 'self'; script-src 'self'`): el estilo es `/css/paginas.css` y el comportamiento
`/js/paginas.js`, del sitio, que CloudFront sirve en el mismo origen que la API (y `make run` también).
"""

from __future__ import annotations

from html import escape

from funciones.nucleo.dominio.catalogo import catalogo
from funciones.nucleo.dominio.textos import horario_texto, telefono_legible


def enlaces_telefono() -> str:
    """Los teléfonos como enlaces `tel:` (con lada de país), para tocarlos desde el celular."""
    return " o ".join(
        f'<a class="telefono" href="tel:+52{escape(t)}">{escape(telefono_legible(t))}</a>'
        for t in catalogo()["telefonos"]
    )


def _cabecera() -> str:
    # El camino de vuelta al sitio: la marca lleva al inicio, y la navegación a lo que el cliente busca.
    return (
        '<header class="cabecera"><a class="marca" href="/">Blue Point · Atención al Cliente</a>'
        '<nav class="navegacion no-imprimir" aria-label="Principal"><a href="/">Inicio</a>'
        '<a href="/seguimiento.html">Consultar mi folio</a></nav></header>'
    )


def _pie() -> str:
    ayuda = f"¿Necesitas ayuda? Llámanos al {enlaces_telefono()}. {escape(horario_texto())}."
    return f'<footer class="pie"><p>{ayuda}</p></footer>'


def documento(titulo: str, contenido: str, *, cliente: bool = False) -> str:
    """`cliente`: la página la abre un cliente (comprobante, confirmación, encuesta): cabecera con el camino de
    vuelta al sitio y pie con los teléfonos. El expediente, que imprime un agente, no lleva ni uno ni otro."""
    principal = f"<main>{contenido}</main>"
    marco = f"<body>{_cabecera()}{principal}{_pie()}</body>" if cliente else f"<body>{principal}</body>"
    return (
        '<!doctype html><html lang="es-MX"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{escape(titulo)} · Blue Point</title>"
        '<link rel="icon" href="/favicon.svg" type="image/svg+xml"><link rel="stylesheet" href="/css/paginas.css">'
        f'<script src="/js/paginas.js" defer></script></head>{marco}</html>'
    )


def pagina_mensaje(titulo: str, mensaje: str) -> str:
    return documento(titulo, f"<h1>{escape(titulo)}</h1><p>{escape(mensaje)}</p>", cliente=True)
