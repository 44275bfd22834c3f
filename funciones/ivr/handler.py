"""IVR de Amazon Connect: invocación síncrona con un `ContactFlowEvent`; responde un mapa plano de cadenas.

Nunca lanza: una excepción haría que Connect tome la rama de error del bloque y el cliente oiga un fallo genérico;
aquí se responde `fuera_de_servicio` con un mensaje hablado. Los registros no llevan folio, contrato ni teléfono.
"""

from __future__ import annotations

import traceback
from typing import TYPE_CHECKING, Any

from esquemas.ivr import leer_evento
from funciones.ivr.logica import atender, fuera_de_servicio
from funciones.nucleo.adaptadores import repositorios
from funciones.nucleo.dominio import reloj
from funciones.nucleo.frontera.registro import crear_registro

if TYPE_CHECKING:
    from aws_lambda_powertools.utilities.typing import LambdaContext

logger = crear_registro()


@logger.inject_lambda_context
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, str]:
    entrada = leer_evento(event)
    try:
        salida = atender(entrada, repositorios.casos(), reloj.ahora())
    except Exception as e:  # noqa: BLE001 -- Connect no debe ver una excepción
        # Sin el texto de la excepción (uno de validación repite lo tecleado): el tipo y dónde ocurrió.
        donde = [f"{f.filename.rsplit('/', 1)[-1]}:{f.lineno} {f.name}" for f in traceback.extract_tb(e.__traceback__)]
        logger.error("falla inesperada del IVR", extra={"error": type(e).__name__, "donde": donde[-6:]})
        salida = fuera_de_servicio()
    logger.info(
        "respuesta del IVR",
        extra={
            "resultado": salida["resultado"],
            "contacto": entrada.contacto if entrada else None,
            "con_contrato": bool(entrada and entrada.contrato),
        },
    )
    return salida
