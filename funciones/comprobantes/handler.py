"""GET /api/comprobantes/{folio}?t=<token>: comprobante imprimible (HTML con CSS de impresión)."""

from __future__ import annotations

import hmac
from typing import TYPE_CHECKING, Any

from funciones.comprobantes.pagina import pagina_comprobante, pagina_error
from funciones.nucleo.adaptadores import repositorios
from funciones.nucleo.dominio.caso import hash_token
from funciones.nucleo.dominio.folio import folio_valido, normalizar_folio
from funciones.nucleo.frontera.enrutador import Response
from funciones.nucleo.frontera.http import crear_app, respuesta_html
from funciones.nucleo.frontera.registro import crear_registro

if TYPE_CHECKING:
    from aws_lambda_powertools.utilities.typing import LambdaContext

logger = crear_registro()
app = crear_app(logger)

NO_DISPONIBLE = "No encontramos ese comprobante. Revisa que el enlace esté completo."


@app.get("/api/comprobantes/<folio>")
def comprobante(folio: str) -> Response[str]:
    if not folio_valido(folio):
        return respuesta_html(400, pagina_error("El folio del enlace no es válido."))
    token = app.current_event.get_query_string_value("t", "") or ""
    caso = repositorios.casos().obtener(normalizar_folio(folio) or folio)
    if caso is None or not token or not hmac.compare_digest(hash_token(token), caso.comprobante_hash):
        return respuesta_html(404, pagina_error(NO_DISPONIBLE))
    return respuesta_html(200, pagina_comprobante(caso))


@logger.inject_lambda_context
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)
