"""Páginas HTML que sirven las funciones (comprobante, confirmación, encuesta): estilo común y mensajes."""

from __future__ import annotations

from html import escape

from funciones.nucleo.textos import horario_texto, telefonos_texto

_ESTILO = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#0f1f3d;margin:0;background:#f3f6fb}
main{max-width:720px;margin:2rem auto;background:#fff;padding:2rem 2.5rem;border-radius:12px;
box-shadow:0 2px 12px rgba(15,31,61,.12)}
.marca{color:#0b4fa8;font-weight:700;font-size:1.25rem;margin:0}
h1{font-size:1.5rem;margin:.5rem 0 1.5rem}
.folio{font-size:2.6rem;font-weight:800;letter-spacing:.08em;font-variant-numeric:tabular-nums;
border:3px solid #0b4fa8;border-radius:10px;padding:.75rem 1rem;text-align:center;margin:0 0 1.5rem}
.folio small{display:block;font-size:.9rem;letter-spacing:0;font-weight:600;color:#3b4a66}
dl{display:grid;grid-template-columns:12rem 1fr;gap:.5rem 1rem;margin:0 0 1.5rem}
dt{font-weight:600;color:#3b4a66}dd{margin:0;white-space:pre-wrap;overflow-wrap:anywhere}
.nota{font-size:.95rem;border-top:1px solid #d5dcea;padding-top:1rem}
button{font:inherit;background:#0b4fa8;color:#fff;border:0;border-radius:8px;padding:.6rem 1.2rem;cursor:pointer}
fieldset{border:1px solid #d5dcea;border-radius:8px;padding:1rem}.opcion{display:block;padding:.4rem 0}
textarea{width:100%;font:inherit}button:focus-visible{outline:3px solid #f5a623;outline-offset:2px}
@media print{body{background:#fff}main{box-shadow:none;margin:0;max-width:none;padding:0}
.no-imprimir{display:none}.folio{font-size:3rem}@page{size:letter;margin:1.5cm}}
"""


def documento(titulo: str, contenido: str) -> str:
    return (
        '<!doctype html><html lang="es-MX"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{escape(titulo)} · Blue Point</title><style>{_ESTILO}</style>"
        # Sin JavaScript en línea: botones de imprimir y envío de la encuesta (el sitio lo sirve en el mismo origen).
        '<script src="/js/paginas.js" defer></script></head>'
        f"<body><main>{contenido}</main></body></html>"
    )


def pagina_mensaje(titulo: str, mensaje: str) -> str:
    contenido = (
        f'<p class="marca">Blue Point · Atención al Cliente</p><h1>{escape(titulo)}</h1><p>{escape(mensaje)}</p>'
        f"<p>¿Necesitas ayuda? Llámanos al {escape(telefonos_texto())}. {escape(horario_texto())}.</p>"
    )
    return documento(titulo, contenido)
