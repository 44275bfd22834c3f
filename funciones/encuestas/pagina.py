"""Páginas de la encuesta: formularios que publican a la misma ruta y funcionan sin JavaScript.

Con JavaScript, la página que llega del enlace del correo con la calificación ya elegida se envía sola
(`/js/paginas.js`, por `data-enviar-solo`): un clic en el correo termina en una respuesta registrada.
"""

from __future__ import annotations

from html import escape

from funciones.nucleo.dominio.folio import formatear_folio
from funciones.nucleo.dominio.textos import CALIFICACIONES
from funciones.nucleo.frontera.paginas import documento


def _encabezado(folio: str) -> str:
    return f"<h1>Encuesta de tu solicitud {escape(formatear_folio(folio))}</h1>"


def pagina_calificar(folio: str, preseleccion: int | None = None) -> str:
    """La pregunta. Con `preseleccion` (el enlace del correo) la calificación ya viene elegida y la página se
    envía sola con JavaScript; sin JavaScript, la persona pulsa «Enviar». Abrirla no registra nada."""
    opciones = "".join(
        f'<label class="opcion"><input type="radio" name="calificacion" value="{n}" required'
        f"{' checked' if n == preseleccion else ''}><span>{n} · {escape(texto)}</span></label>"
        for n, texto in CALIFICACIONES.items()
    )
    pregunta = f"<fieldset><legend>¿Cómo calificas la atención que recibiste?</legend>{opciones}</fieldset>"
    if preseleccion is None:
        enviar = '<p><button type="submit">Enviar</button></p>'
        formulario = f'<form method="post">{pregunta}{_seguimiento()}{enviar}</form>'
    else:
        formulario = (
            f'<form method="post" data-enviar-solo>{pregunta}'
            '<p class="nota">Después puedes contarnos más (opcional).</p>'
            '<p><button type="submit">Enviar</button> <span role="status" data-estado-envio></span></p></form>'
        )
    return documento("Encuesta de satisfacción", _encabezado(folio) + formulario, cliente=True)


def _seguimiento() -> str:
    return (
        "<fieldset><legend>¿Se resolvió en tu primer contacto con nosotros? (opcional)</legend>"
        '<label class="opcion"><input type="radio" name="resuelto_primer_contacto" value="si"><span>Sí</span></label>'
        '<label class="opcion"><input type="radio" name="resuelto_primer_contacto" value="no"><span>No</span></label>'
        "</fieldset>"
        '<p><label for="comentario">Comentario (opcional)</label>'
        '<textarea id="comentario" name="comentario" rows="4" maxlength="1000"></textarea></p>'
    )


def pagina_gracias_y_seguimiento(folio: str, calificacion: int) -> str:
    return documento(
        "Gracias por tu calificación",
        _encabezado(folio)
        + (
            f'<p role="status">¡Gracias! Registramos tu calificación: <strong>{calificacion} · '
            f"{escape(CALIFICACIONES[calificacion])}</strong>.</p>"
            "<p>Si quieres, cuéntanos un poco más:</p>"
            f'<form method="post"><input type="hidden" name="calificacion" value="{calificacion}">{_seguimiento()}'
            '<p><button type="submit">Enviar comentario</button></p></form>'
        ),
        cliente=True,
    )
