"""El resultado del antivirus de un adjunto: de la etiqueta de GuardDuty (evento de EventBridge) al caso."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from funciones.nucleo.dominio.adjuntos import (
    RepositorioAdjuntos,
    estado_por_escaneo,
    evento_escaneo,
    llave_de_objeto,
)

TIPO_EVENTO = "GuardDuty Malware Protection Object Scan Result"


class EscaneoAntesDeTiempo(Exception):
    """El resultado llegó antes de que el mensaje que lleva el adjunto se escribiera (su registro no existe o sigue
    pendiente): la función falla y Lambda reintenta la invocación asíncrona (al minuto y a los dos)."""


def anotar_escaneo(repo: RepositorioAdjuntos, evento: dict[str, Any], bucket: str | None, ahora: datetime) -> str:
    """Anota el resultado en el adjunto y en el historial; devuelve qué pasó (para el registro)."""
    if evento.get("source") != "aws.guardduty" or evento.get("detail-type") != TIPO_EVENTO:
        return "ajeno"
    detalle = evento.get("detail") or {}
    objeto = detalle.get("s3ObjectDetails") or {}
    if bucket and objeto.get("bucketName") != bucket:
        return "otro_bucket"
    llave = llave_de_objeto(str(objeto.get("objectKey", "")))
    if llave is None:
        return "no_es_adjunto"
    adjunto = repo.obtener(*llave)
    if adjunto is None or adjunto.estado == "pendiente":
        raise EscaneoAntesDeTiempo(str(objeto.get("objectKey")))
    if adjunto.estado == "rechazado":
        # El mensaje no se escribió y su archivo se borró: nada que anotar.
        return "descartado"
    estado = estado_por_escaneo(detalle)
    amenazas = [str(t.get("name")) for t in (detalle.get("scanResultDetails") or {}).get("threats") or [] if t]
    nuevo = replace(adjunto, estado=estado)
    anotado = repo.registrar_escaneo(nuevo, evento_escaneo(nuevo, estado, ahora, amenazas))
    return estado if anotado else "repetido"
