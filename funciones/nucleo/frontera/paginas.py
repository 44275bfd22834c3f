"""Páginas HTML que sirven las funciones (comprobante, confirmación, encuesta, expediente): marco común y mensajes.

Sin nada en línea (CSP `style-src 'self'; script-src 'self'`): el estilo es `/css/paginas.css` y el comportamiento
`/js/paginas.js`, del sitio, que CloudFront sirve en el mismo origen que la API (y `make run` también).
"""

from __future__ import annotations

from html import escape

from funciones.nucleo.dominio.textos import horario_texto, telefonos_texto


def documento(titulo: str, contenido: str) -> str:
    return (
        '<!doctype html><html lang="es-MX"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{escape(titulo)} · Blue Point</title>"
        '<link rel="icon" href="/favicon.svg" type="image/svg+xml"><link rel="stylesheet" href="/css/paginas.css">'
        '<script src="/js/paginas.js" defer></script></head>'
        f"<body><main>{contenido}</main></body></html>"
    )


def pagina_mensaje(titulo: str, mensaje: str) -> str:
    contenido = (
        f'<p class="marca">Blue Point · Atención al Cliente</p><h1>{escape(titulo)}</h1><p>{escape(mensaje)}</p>'
        f"<p>¿Necesitas ayuda? Llámanos al {escape(telefonos_texto())}. {escape(horario_texto())}.</p>"
    )
    return documento(titulo, contenido)
