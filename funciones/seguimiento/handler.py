"""POST /api/consultas: seguimiento público de un caso."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from esquemas.seguimiento import SolicitudConsulta
from funciones.nucleo.adaptadores import repositorios
from funciones.nucleo.adaptadores.secretos import pimienta
from funciones.nucleo.dominio import reloj
from funciones.nucleo.frontera.enrutador import Response
from funciones.nucleo.frontera.http import crear_app, leer_cuerpo, respuesta_json
from funciones.nucleo.frontera.registro import crear_registro
from funciones.seguimiento.logica import consultar

if TYPE_CHECKING:
    from aws_lambda_powertools.utilities.typing import LambdaContext

logger = crear_registro()
app = crear_app(logger)


@app.post("/api/consultas")
def consulta() -> Response[str]:
    solicitud = leer_cuerpo(app, SolicitudConsulta)
    return respuesta_json(200, consultar(solicitud, repositorios.casos(), reloj.ahora(), pimienta()))


@logger.inject_lambda_context
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)
