"""GuardDuty Malware Protection for S3, emulado (moto no lo implementa).

Como en AWS, cada objeto nuevo bajo `casos/` del bucket de adjuntos se escanea: la emulación marca como amenaza
la cadena de prueba EICAR (como el simulador de buzones de SES hace con los rebotes), pone la etiqueta
`GuardDutyMalwareScanStatus` al objeto y entrega a `adjuntos` el evento de EventBridge con el resultado.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from funciones.nucleo.dominio.adjuntos import ETIQUETA_GUARDDUTY, PREFIJO_CASOS

log = logging.getLogger(__name__)

# La cadena de prueba estándar de EICAR (no es un virus: todo antivirus la reconoce como tal a propósito).
EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
AMENAZA_EICAR = "EICAR-Test-File (not a virus)"
PLAN = "arn:aws:guardduty:us-east-1:123456789012:malware-protection-plan/local"


def resultado(contenido: bytes) -> tuple[str, list[dict[str, str]]]:
    """(scanResultStatus, threats) que daría GuardDuty."""
    if EICAR in contenido:
        return "THREATS_FOUND", [{"name": AMENAZA_EICAR}]
    return "NO_THREATS_FOUND", []


def evento_escaneo(bucket: str, llave: str, etag: str, estado: str, amenazas: list[dict[str, str]]) -> dict[str, Any]:
    """El evento «GuardDuty Malware Protection Object Scan Result» del bus predeterminado de EventBridge."""
    return {
        "version": "0",
        "id": str(uuid.uuid4()),
        "detail-type": "GuardDuty Malware Protection Object Scan Result",
        "source": "aws.guardduty",
        "account": "123456789012",
        "time": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "region": "us-east-1",
        "resources": [PLAN],
        "detail": {
            "schemaVersion": "1.0",
            "scanStatus": "COMPLETED",
            "resourceType": "S3_OBJECT",
            "s3ObjectDetails": {"bucketName": bucket, "objectKey": llave, "eTag": etag, "s3Throttled": False},
            "scanResultDetails": {"scanResultStatus": estado, "threats": amenazas or None},
        },
    }


class AntivirusLocal:
    """Escucha los PutObject/CopyObject de boto3 en este proceso y escanea desde otro hilo.

    Como GuardDuty, no al instante (`retraso_s`); y como la invocación asíncrona de Lambda, una función que falla
    (p. ej. el resultado llegó antes que el mensaje) se reintenta `reintentos` veces, cada `espera_s`.
    """

    def __init__(
        self,
        bucket: str,
        invocar: Callable[[dict[str, Any]], Any],
        retraso_s: float = 1.0,
        reintentos: int = 2,
        espera_s: float = 2.0,
    ) -> None:
        self.bucket = bucket
        self._invocar = invocar
        self.retraso_s = retraso_s
        self.reintentos = reintentos
        self.espera_s = espera_s
        self._cola: queue.Queue[str | None] = queue.Queue()
        self._s3: Any = None
        self.escaneados = 0

    def iniciar(self) -> None:
        import boto3

        self._s3 = boto3.session.Session().client("s3")
        # Antes de que las funciones creen sus clientes: cada cliente copia los ganchos de la sesión.
        eventos = boto3._get_default_session().events
        for operacion in ("PutObject", "CopyObject"):
            eventos.register(f"provide-client-params.s3.{operacion}", self._antes)
            eventos.register(f"after-call.s3.{operacion}", self._despues)
        threading.Thread(target=self._ciclo, name="antivirus-local", daemon=True).start()

    def detener(self) -> None:
        self._cola.put(None)

    def _antes(self, params: dict[str, Any], context: dict[str, Any], **_: Any) -> None:
        context["objeto_s3"] = (params.get("Bucket"), params.get("Key"))

    def _despues(self, http_response: Any, context: dict[str, Any], **_: Any) -> None:
        bucket, llave = context.get("objeto_s3") or (None, None)
        nuevo = bucket == self.bucket and isinstance(llave, str) and llave.startswith(PREFIJO_CASOS)
        if nuevo and getattr(http_response, "status_code", 500) < 300:
            self._cola.put(str(llave))

    def escanear(self, llave: str) -> dict[str, Any]:
        """Escanea un objeto, lo etiqueta como GuardDuty y devuelve el evento (también lo usan las pruebas)."""
        objeto = self._s3.get_object(Bucket=self.bucket, Key=llave)
        estado, amenazas = resultado(objeto["Body"].read())
        self._s3.put_object_tagging(
            Bucket=self.bucket, Key=llave, Tagging={"TagSet": [{"Key": ETIQUETA_GUARDDUTY, "Value": estado}]}
        )
        return evento_escaneo(self.bucket, llave, objeto.get("ETag", ""), estado, amenazas)

    def _ciclo(self) -> None:
        while (llave := self._cola.get()) is not None:
            threading.Timer(self.retraso_s, self._escanear_y_entregar, (llave,)).start()

    def _escanear_y_entregar(self, llave: str) -> None:
        try:
            evento = self.escanear(llave)
        except Exception:
            log.exception("falla al escanear un adjunto")
            return
        for intento in range(self.reintentos + 1):
            try:
                self._invocar(evento)
                self.escaneados += 1
                return
            except Exception:
                if intento == self.reintentos:
                    log.exception("el resultado del antivirus no se anotó tras sus reintentos")
                else:
                    time.sleep(self.espera_s)

    def pendientes(self) -> int:
        return self._cola.qsize()
