"""GET /api/catalogo: tipos, categorías con plazos, medios, teléfonos y horario."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from funciones.nucleo.dominio.catalogo import catalogo_publico
from funciones.nucleo.frontera.enrutador import Response
from funciones.nucleo.frontera.http import crear_app, respuesta_json
from funciones.nucleo.frontera.registro import crear_registro

if TYPE_CHECKING:
    from aws_lambda_powertools.utilities.typing import LambdaContext

logger = crear_registro()
app = crear_app(logger)


@app.get("/api/catalogo")
def obtener_catalogo() -> Response[str]:
    respuesta = respuesta_json(200, catalogo_publico())
    # Cambia solo con un despliegue: se puede guardar en caché unos minutos.
    respuesta.headers["Cache-Control"] = "public, max-age=300"
    return respuesta


@logger.inject_lambda_context
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)
