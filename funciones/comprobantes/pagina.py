"""HTML del comprobante: todo dato del cliente pasa por html.escape."""

from __future__ import annotations

from html import escape

from funciones.nucleo import calendario, catalogo
from funciones.nucleo.caso import Caso
from funciones.nucleo.folio import formatear_folio
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
        f"<title>{escape(titulo)} · Blue Point</title><style>{_ESTILO}</style></head>"
        f"<body><main>{contenido}</main></body></html>"
    )


def pagina_comprobante(caso: Caso) -> str:
    tipo = catalogo.tipo(caso.tipo) or {}
    cat = catalogo.categoria(caso.tipo, caso.categoria) or {}
    filas = [
        ("Tipo de solicitud", tipo.get("nombre", caso.tipo)),
        ("Categoría", cat.get("nombre", caso.categoria)),
        ("A nombre de", caso.nombre),
        ("Contrato", caso.contrato or "—"),
        ("Registrada el", calendario.texto_fecha(caso.fecha_registro, caso.fecha_registro)),
        ("Resolveremos a más tardar el", calendario.texto_fecha(caso.fecha_compromiso, caso.fecha_registro)),
        ("Plazo legal máximo", calendario.texto_fecha(caso.fecha_limite_legal, caso.fecha_registro)),
        ("Descripción", caso.descripcion),
    ]
    datos = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in filas)
    contenido = (
        '<p class="marca">Blue Point · Atención al Cliente</p>'
        "<h1>Comprobante de registro de tu solicitud</h1>"
        f'<p class="folio" aria-label="Folio {escape(" ".join(caso.folio))}"><small>Tu folio</small>'
        f"{escape(formatear_folio(caso.folio))}</p>"
        f"<dl>{datos}</dl>"
        '<p class="nota">Conserva este folio: con él y tu número de contrato o tu correo puedes consultar '
        f"el avance en nuestro sitio, en la sección «Seguimiento». Teléfonos: {escape(telefonos_texto())}. "
        f"Horario: {escape(horario_texto())}.</p>"
        f'<p class="nota">{escape(cat.get("plazo_legal", {}).get("fundamento", ""))}</p>'
        '<p class="no-imprimir"><button type="button" onclick="window.print()">Imprimir comprobante</button></p>'
    )
    return documento(f"Comprobante {formatear_folio(caso.folio)}", contenido)


def pagina_error(mensaje: str) -> str:
    contenido = (
        '<p class="marca">Blue Point · Atención al Cliente</p><h1>No pudimos mostrar el comprobante</h1>'
        f"<p>{escape(mensaje)}</p><p>Si necesitas ayuda llámanos al {escape(telefonos_texto())}. "
        f"{escape(horario_texto())}.</p>"
    )
    return documento("Comprobante no disponible", contenido)
