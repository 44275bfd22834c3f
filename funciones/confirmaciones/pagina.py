"""Páginas de la confirmación del cliente (HTML sin JavaScript: un formulario que publica a la misma ruta)."""

from __future__ import annotations

from html import escape

from funciones.nucleo.dominio.caso import Caso
from funciones.nucleo.dominio.folio import formatear_folio
from funciones.nucleo.frontera.paginas import documento


def pagina_pregunta(caso: Caso, preseleccion: str | None) -> str:
    def opcion(valor: str, texto: str) -> str:
        marcado = " checked" if preseleccion == valor else ""
        return (
            f'<label class="opcion"><input type="radio" name="resuelto" value="{valor}" required{marcado}>'
            f"<span>{escape(texto)}</span></label>"
        )

    # Primero lo que se hizo; después la pregunta.
    contenido = (
        f"<h1>Resolvimos tu solicitud {escape(formatear_folio(caso.folio))}</h1>"
        f"<p><strong>Lo que hicimos:</strong> {escape(caso.resolucion or '')}</p>"
        '<form method="post"><fieldset><legend>¿Quedó resuelto tu problema?</legend>'
        f"{opcion('si', 'Sí, quedó resuelto')}{opcion('no', 'No, sigue el problema')}</fieldset>"
        '<p><label for="comentario">Comentario (opcional)</label>'
        '<textarea id="comentario" name="comentario" rows="4" maxlength="1000"></textarea></p>'
        '<p><button type="submit">Enviar mi respuesta</button></p></form>'
    )
    return documento(f"Confirmación de tu solicitud {formatear_folio(caso.folio)}", contenido, cliente=True)
