"""Eventos del historial leídos o escritos fuera del caso: el aviso diferido y la prueba de entrega de SES."""

from __future__ import annotations

from typing import TYPE_CHECKING

from botocore.exceptions import ClientError

from funciones.nucleo.adaptadores.dynamodb import (
    _codigo,
    _traducir,
    anexar_evento,
    evento_de_item,
    razones_cancelacion,
)
from funciones.nucleo.dominio.caso import Evento

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient


class EventosDynamo:
    def __init__(self, tabla: str, cliente: DynamoDBClient) -> None:
        self.tabla = tabla
        self.cliente = cliente

    def obtener(self, folio: str, sk: str) -> Evento | None:
        try:
            r = self.cliente.get_item(TableName=self.tabla, Key={"pk": {"S": f"CASO#{folio}"}, "sk": {"S": sk}})
        except ClientError as e:
            raise _traducir(e) from e
        return evento_de_item(r["Item"]) if "Item" in r else None

    def anexar_una_vez(self, eventos: list[Evento]) -> bool:
        """Anexa los eventos (ids deterministas) en una transacción; False si ya estaban: SNS entrega más de una vez."""
        puts = [anexar_evento(self.tabla, e) for e in eventos]
        try:
            if len(puts) == 1:
                self.cliente.put_item(**puts[0]["Put"])
            else:
                self.cliente.transact_write_items(TransactItems=puts)
        except ClientError as e:
            codigo = _codigo(e)
            if codigo == "ConditionalCheckFailedException":
                return False
            if codigo == "TransactionCanceledException" and "ConditionalCheckFailed" in razones_cancelacion(e):
                return False
            raise _traducir(e) from e
        return True
