"""Resultado del escaneo de GuardDuty Malware Protection for S3 (regla de EventBridge) → estado del adjunto."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from funciones.adjuntos.logica import anotar_escaneo
from funciones.nucleo.adaptadores import repositorios
from funciones.nucleo.adaptadores.config import ajustes
from funciones.nucleo.dominio import reloj
from funciones.nucleo.frontera.registro import crear_registro

if TYPE_CHECKING:
    from aws_lambda_powertools.utilities.typing import LambdaContext

logger = crear_registro()


@logger.inject_lambda_context
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    resultado = anotar_escaneo(repositorios.adjuntos(), event, ajustes().bucket_adjuntos, reloj.ahora())
    llave = ((event.get("detail") or {}).get("s3ObjectDetails") or {}).get("objectKey")
    logger.info("resultado del antivirus", extra={"llave": llave, "resultado": resultado})
    return {"resultado": resultado}
