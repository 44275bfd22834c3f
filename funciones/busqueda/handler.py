"""GET /api/busqueda y GET /api/clientes/{contrato}: encontrar casos y clientes y ver al cliente completo."""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING, Any

from funciones.busqueda import logica
from funciones.nucleo.adaptadores.aws import cliente
from funciones.nucleo.adaptadores.busqueda_dynamo import IndiceDynamo
from funciones.nucleo.adaptadores.config import ajustes
from funciones.nucleo.adaptadores.secretos import pimienta
from funciones.nucleo.dominio import reloj
from funciones.nucleo.dominio.busqueda import llave_busqueda
from funciones.nucleo.dominio.errores import DatosInvalidos, ErrorCampo
from funciones.nucleo.frontera.enrutador import Response
from funciones.nucleo.frontera.http import agente, crear_app, respuesta_json, solo_parametros
from funciones.nucleo.frontera.registro import crear_registro

if TYPE_CHECKING:
    from aws_lambda_powertools.utilities.typing import LambdaContext

logger = crear_registro()
app = crear_app(logger)
TODOS = ("asesores", "supervisores", "departamentos")
_CONTRATO = re.compile(r"\d{6,12}")


@cache
def indice() -> IndiceDynamo:
    return IndiceDynamo(ajustes().tabla, cliente("dynamodb"))


@cache
def llave() -> bytes:
    # La pimienta se lee una vez por contenedor; los términos se buscan por su HMAC.
    return llave_busqueda(pimienta())


@app.get("/api/busqueda")
def buscar() -> Response[str]:
    quien = agente(app, TODOS)
    solo_parametros(app, ("q",))
    q = app.current_event.get_query_string_value("q")
    resultado = logica.buscar(indice(), llave(), q, quien, reloj.ahora())
    # Sin el texto buscado en el registro: puede ser un correo, un teléfono o un nombre.
    logger.info("búsqueda", extra={"casos": len(resultado.casos), "clientes": len(resultado.clientes)})
    return respuesta_json(200, resultado)


@app.get("/api/clientes/<contrato>")
def ver_cliente(contrato: str) -> Response[str]:
    quien = agente(app, TODOS)
    solo_parametros(app, ())
    if not _CONTRATO.fullmatch(contrato):
        raise DatosInvalidos(
            "Revisa los datos marcados.", [ErrorCampo("contrato", "El número de contrato tiene de 6 a 12 dígitos.")]
        )
    return respuesta_json(200, logica.perfil(indice(), llave(), contrato, quien, reloj.ahora()))


@logger.inject_lambda_context
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)
