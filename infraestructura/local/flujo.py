"""Sondea el flujo de DynamoDB en moto y entrega lotes a `notificaciones` como lo hace Lambda.

Como el mapeo de origen de eventos de la pila: lotes de 10, reintento desde el primer registro
fallido (ReportBatchItemFailures) con espera creciente, y tras los intentos el registro va a la
cola de fallidos (destino on-failure).
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

import boto3

from infraestructura.rutas import CONFIG_FLUJO

log = logging.getLogger("bluepoint.local.flujo")


class SondeoFlujo:
    def __init__(
        self,
        arn_flujo: str,
        invocar: Callable[[dict[str, Any]], dict[str, Any]],
        cola_fallidos: str,
        intervalo_s: float = 0.2,
        espera_base_s: float = 0.5,
    ) -> None:
        self.arn = arn_flujo
        self.invocar = invocar
        self.cola_fallidos = cola_fallidos
        self.intervalo_s = intervalo_s
        self.espera_base_s = espera_base_s
        self._streams = boto3.client("dynamodbstreams")
        self._sqs = boto3.client("sqs")
        self._pendientes: list[dict[str, Any]] = []
        self._intentos = 0
        self._proximo_intento = 0.0
        self._alto = threading.Event()
        self._hilo: threading.Thread | None = None
        self._iterador: str | None = None
        self.entregados = 0

    def iniciar(self) -> None:
        self.iniciar_sin_hilo()
        self._hilo = threading.Thread(target=self._ciclo, name="sondeo-flujo", daemon=True)
        self._hilo.start()

    def iniciar_sin_hilo(self) -> None:
        """Solo prepara el iterador; las pruebas llaman a `paso()` ellas mismas."""
        shard = self._streams.describe_stream(StreamArn=self.arn)["StreamDescription"]["Shards"][0]["ShardId"]
        self._iterador = self._streams.get_shard_iterator(
            StreamArn=self.arn, ShardId=shard, ShardIteratorType="TRIM_HORIZON"
        )["ShardIterator"]

    def detener(self) -> None:
        self._alto.set()
        if self._hilo:
            self._hilo.join(timeout=5)

    def _ciclo(self) -> None:
        while not self._alto.is_set():
            try:
                hubo = self.paso()
            except Exception:
                log.exception("falla al sondear el flujo")
                hubo = False
            if not hubo:
                self._alto.wait(self.intervalo_s)

    def paso(self) -> bool:
        """Lee registros nuevos y entrega un lote. Devuelve True si hubo trabajo."""
        r = self._streams.get_records(ShardIterator=self._iterador, Limit=1000)
        self._iterador = r["NextShardIterator"]
        for registro in r["Records"]:
            registro["eventSourceARN"] = self.arn
            self._pendientes.append(registro)
        if not self._pendientes or time.monotonic() < self._proximo_intento:
            return bool(r["Records"])
        lote = self._pendientes[: CONFIG_FLUJO["tamano_lote"]]
        try:
            respuesta = self.invocar({"Records": lote}) or {}
            fallidos = {f["itemIdentifier"] for f in respuesta.get("batchItemFailures", [])}
        except Exception:
            # Error de la función: Lambda reintenta el lote entero.
            log.warning("la función falló con el lote completo", exc_info=True)
            fallidos = {reg["dynamodb"]["SequenceNumber"] for reg in lote}
        if not fallidos:
            self._pendientes = self._pendientes[len(lote) :]
            self.entregados += len(lote)
            self._intentos = 0
            return True
        # Como Lambda: se confirma lo anterior al primer fallido y se reintenta desde él.
        primero = next(i for i, reg in enumerate(lote) if reg["dynamodb"]["SequenceNumber"] in fallidos)
        self.entregados += primero
        self._pendientes = self._pendientes[primero:]
        self._intentos += 1
        if self._intentos > CONFIG_FLUJO["reintentos"]:
            self._a_fallidos(self._pendientes.pop(0))
            self._intentos = 0
        else:
            self._proximo_intento = time.monotonic() + self.espera_base_s * 2 ** (self._intentos - 1)
        return True

    def _a_fallidos(self, registro: dict[str, Any]) -> None:
        # Igual que el destino on-failure: metadatos del registro, no el contenido.
        dyn = registro["dynamodb"]
        self._sqs.send_message(
            QueueUrl=self.cola_fallidos,
            MessageBody=json.dumps(
                {
                    "requestContext": {"condition": "RetryAttemptsExhausted"},
                    "DDBStreamBatchInfo": {
                        "streamArn": self.arn,
                        "startSequenceNumber": dyn["SequenceNumber"],
                        "endSequenceNumber": dyn["SequenceNumber"],
                        "batchSize": 1,
                    },
                }
            ),
        )
        log.error("registro enviado a la cola de fallidos", extra={"secuencia": dyn["SequenceNumber"]})
