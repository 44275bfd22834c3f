"""Eventos del historial leídos o escritos fuera del caso: el aviso diferido y la prueba de entrega de SES."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from botocore.exceptions import ClientError

from funciones.nucleo.adaptadores.dynamodb import (
    _codigo,
    _traducir,
    anexar_evento,
    evento_de_item,
    eventos_de_particion,
    razones_cancelacion,
)
from funciones.nucleo.dominio.caso import Evento
from funciones.nucleo.dominio.respuestas import id_mensaje

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

    def del_caso(self, folio: str) -> list[Evento]:
        """El historial completo del caso (eventos y entregas anotadas), en orden: una Query sobre su partición."""
        kwargs: dict[str, Any] = {
            "TableName": self.tabla,
            "KeyConditionExpression": "pk = :pk",
            "ExpressionAttributeValues": {":pk": {"S": f"CASO#{folio}"}},
        }
        items: list[dict[str, Any]] = []
        try:
            while True:
                r = self.cliente.query(**kwargs)
                items.extend(r["Items"])
                if "LastEvaluatedKey" not in r:
                    break
                kwargs["ExclusiveStartKey"] = r["LastEvaluatedKey"]
        except ClientError as e:
            raise _traducir(e) from e
        return eventos_de_particion(items)

    def hilo(self, folio: str, dominio_ses: str) -> list[str]:
        """Message-ID de los correos del caso, del más viejo al más nuevo: los que SES puso a los nuestros (con el id
        de cada entrega) y los de las respuestas del cliente."""
        ids = []
        for ev in self.del_caso(folio):
            if ev.tipo == "notificacion_enviada" and ev.datos.get("medio") == "correo" and ev.datos.get("id_mensaje"):
                ids.append(id_mensaje(str(ev.datos["id_mensaje"]), dominio_ses))
            elif ev.datos.get("canal") == "correo" and ev.datos.get("id_correo"):
                ids.append(str(ev.datos["id_correo"]))
        return ids

    def ultimo_whatsapp(self, folio: str) -> datetime | None:
        """El último mensaje del cliente por WhatsApp (abre la ventana de 24 h de atención)."""
        from funciones.nucleo.dominio.whatsapp import ultimo_mensaje_cliente

        return ultimo_mensaje_cliente(self.del_caso(folio))

    def por_id(self, folio: str, evento_id: str) -> Evento | None:
        return next((e for e in self.del_caso(folio) if e.id == evento_id), None)
