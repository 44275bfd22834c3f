"""HTML del comprobante: todo dato del cliente pasa por html.escape."""

from __future__ import annotations

from html import escape

from funciones.nucleo.dominio import calendario, catalogo
from funciones.nucleo.dominio.caso import Caso
from funciones.nucleo.dominio.folio import formatear_folio
from funciones.nucleo.dominio.textos import horario_texto, telefonos_texto
from funciones.nucleo.frontera.paginas import documento


def pagina_comprobante(caso: Caso) -> str:
    tipo = catalogo.tipo(caso.tipo) or {}
    cat = catalogo.categoria(caso.tipo, caso.categoria) or {}
    filas = [
        ("Tipo de solicitud", tipo.get("nombre", caso.tipo)),
        ("Categoría", cat.get("nombre", caso.categoria)),
        ("A nombre de", caso.nombre),
        ("Contrato", caso.contrato or "—"),
        # Con año: el comprobante se imprime y se guarda.
        ("Registrada el", calendario.texto_fecha_completa(caso.fecha_registro)),
        ("Resolveremos a más tardar el", calendario.texto_fecha_completa(caso.fecha_compromiso)),
        ("Plazo legal máximo", calendario.texto_fecha_completa(caso.fecha_limite_legal)),
        ("Descripción", caso.descripcion),
    ]
    datos = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in filas)
    # `aria-label` no vale en un <p> (vnu lo rechaza y los lectores lo ignoran): la lectura dígito por dígito va
    # en un texto oculto a la vista y el folio agrupado, oculto al lector.
    contenido = (
        "<h1>Comprobante de registro de tu solicitud</h1>"
        '<p class="folio"><small>Tu folio</small>'
        f'<span aria-hidden="true">{escape(formatear_folio(caso.folio))}</span>'
        f'<span class="sr-only">{escape(" ".join(caso.folio))}</span></p>'
        f"<dl>{datos}</dl>"
        '<p class="nota">Conserva este folio: con él y tu número de contrato o tu correo puedes consultar '
        f"el avance en nuestro sitio, en «Consultar mi folio». Teléfonos: {escape(telefonos_texto())}. "
        f"Horario: {escape(horario_texto())}.</p>"
        f'<p class="nota">{escape(cat.get("plazo_legal", {}).get("fundamento", ""))}</p>'
        '<p class="no-imprimir"><button type="button" data-imprimir>Imprimir comprobante</button></p>'
    )
    return documento(f"Comprobante {formatear_folio(caso.folio)}", contenido, cliente=True)


def pagina_error(mensaje: str) -> str:
    contenido = f"<h1>No pudimos mostrar el comprobante</h1><p>{escape(mensaje)}</p>"
    return documento("Comprobante no disponible", contenido, cliente=True)
