"""GET /api/openapi.json: el documento OpenAPI generado de la tabla de rutas (make openapi)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from funciones.nucleo.frontera.candado import candado
from funciones.nucleo.frontera.enrutador import Enrutador, Response

if TYPE_CHECKING:
    from aws_lambda_powertools.utilities.typing import LambdaContext

DOCUMENTO = Path(__file__).with_name("openapi.json").read_text(encoding="utf-8")
app = Enrutador()
app.use(middlewares=[candado()])


@app.get("/api/openapi.json")
def documento() -> Response[str]:
    return Response(200, "application/json", DOCUMENTO, {"Cache-Control": "public, max-age=300"})


def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)
