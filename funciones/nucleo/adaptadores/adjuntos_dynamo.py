"""Los registros de adjuntos en la tabla única (`CASO#<folio>` / `ADJUNTO#<id>`) y su escritura con el mensaje."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from botocore.exceptions import ClientError

from funciones.nucleo.adaptadores.dynamodb import (
    _codigo,
    _normalizar,
    _traducir,
    a_dynamo,
    anexar_evento,
    de_dynamo,
    item_caso,
    razones_cancelacion,
)
from funciones.nucleo.dominio.adjuntos import Adjunto
from funciones.nucleo.dominio.caso import Caso, Evento, Limite
from funciones.nucleo.dominio.errores import Conflicto, LimiteExcedido, ServicioNoDisponible

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient
    from mypy_boto3_dynamodb.type_defs import TransactWriteItemTypeDef


def contar_limite(tabla: str, limite: Limite) -> TransactWriteItemTypeDef:
    """Suma uno al contador del día, sólo si no llegó al máximo (como los límites del alta)."""
    return {
        "Update": {
            "TableName": tabla,
            "Key": {"pk": {"S": f"LIMITE#{limite.clave}"}, "sk": {"S": f"DIA#{limite.dia}"}},
            "UpdateExpression": "ADD cuenta :uno SET expira = :exp",
            "ConditionExpression": "attribute_not_exists(cuenta) OR cuenta < :max",
            "ExpressionAttributeValues": {
                ":uno": {"N": "1"},
                ":max": {"N": str(limite.maximo)},
                ":exp": {"N": str(limite.expira)},
            },
        }
    }


def clave_adjunto(folio: str, adjunto_id: str) -> dict[str, Any]:
    return {"pk": {"S": f"CASO#{folio}"}, "sk": {"S": f"ADJUNTO#{adjunto_id}"}}


def item_adjunto(adjunto: Adjunto, expira: int | None = None) -> dict[str, Any]:
    return a_dynamo(
        {
            "pk": f"CASO#{adjunto.folio}",
            "sk": f"ADJUNTO#{adjunto.id}",
            "entidad": "adjunto",
            "id": adjunto.id,
            "folio": adjunto.folio,
            "nombre": adjunto.nombre,
            "tipo_contenido": adjunto.tipo_contenido,
            "tamano": adjunto.tamano,
            "origen": adjunto.origen,
            "creado": adjunto.creado.isoformat(),
            "estado": adjunto.estado,
            "mensaje": adjunto.mensaje,
            "canal": adjunto.canal,
            # TTL: sólo un adjunto pendiente (subido y nunca enviado) se olvida.
            "expira": expira,
        }
    )


def adjunto_de_item(item: dict[str, Any]) -> Adjunto:
    d = _normalizar(de_dynamo(item))
    return Adjunto(
        id=d["id"],
        folio=d["folio"],
        nombre=d["nombre"],
        tipo_contenido=d["tipo_contenido"],
        tamano=int(d["tamano"]),
        origen=d["origen"],
        creado=datetime.fromisoformat(d["creado"]),
        estado=d["estado"],
        mensaje=d.get("mensaje"),
        canal=d.get("canal", "web"),
    )


class AdjuntosDynamo:
    def __init__(self, tabla: str, cliente: DynamoDBClient) -> None:
        self.tabla = tabla
        self.cliente = cliente

    def crear(self, adjunto: Adjunto, expira: int, limite: Limite | None = None) -> None:
        poner: TransactWriteItemTypeDef = {
            "Put": {
                "TableName": self.tabla,
                "Item": item_adjunto(adjunto, expira),
                "ConditionExpression": "attribute_not_exists(pk)",
            }
        }
        try:
            if limite is None:
                self.cliente.put_item(**poner["Put"])
            else:
                self.cliente.transact_write_items(TransactItems=[poner, contar_limite(self.tabla, limite)])
        except ClientError as e:
            if _codigo(e) == "TransactionCanceledException":
                if razones_cancelacion(e)[1:2] == ["ConditionalCheckFailed"] and limite is not None:
                    raise LimiteExcedido(limite.mensaje) from e
                raise ServicioNoDisponible() from e
            raise _traducir(e) from e

    def obtener(self, folio: str, adjunto_id: str) -> Adjunto | None:
        try:
            r = self.cliente.get_item(TableName=self.tabla, Key=clave_adjunto(folio, adjunto_id), ConsistentRead=True)
        except ClientError as e:
            raise _traducir(e) from e
        return adjunto_de_item(r["Item"]) if "Item" in r else None

    def de_caso(self, folio: str) -> list[Adjunto]:
        """Los adjuntos de un caso (para el detalle de los agentes)."""
        kwargs: dict[str, Any] = {
            "TableName": self.tabla,
            "KeyConditionExpression": "pk = :pk AND begins_with(sk, :adj)",
            "ExpressionAttributeValues": {":pk": {"S": f"CASO#{folio}"}, ":adj": {"S": "ADJUNTO#"}},
        }
        items: list[dict[str, Any]] = []
        try:
            while True:
                r = self.cliente.query(**kwargs)
                items.extend(r["Items"])
                if "LastEvaluatedKey" not in r:
                    return [adjunto_de_item(i) for i in items]
                kwargs["ExclusiveStartKey"] = r["LastEvaluatedKey"]
        except ClientError as e:
            raise _traducir(e) from e

    def _poner_adjunto(self, adjunto: Adjunto) -> TransactWriteItemTypeDef:
        return {
            "Put": {
                "TableName": self.tabla,
                "Item": item_adjunto(adjunto),
                # El de la web estaba pendiente; el de un correo es nuevo.
                "ConditionExpression": "attribute_not_exists(pk) OR estado = :pendiente",
                "ExpressionAttributeValues": {":pendiente": {"S": "pendiente"}},
            }
        }

    def anexar_mensaje(
        self,
        caso: Caso,
        version_leida: int,
        eventos: list[Evento],
        adjuntos: list[Adjunto],
        limite: Limite | None = None,
    ) -> None:
        items: list[TransactWriteItemTypeDef] = [
            {
                "Put": {
                    "TableName": self.tabla,
                    "Item": item_caso(caso),
                    "ConditionExpression": "version = :v",
                    "ExpressionAttributeValues": {":v": {"N": str(version_leida)}},
                }
            },
            *(anexar_evento(self.tabla, e) for e in eventos),
            *(self._poner_adjunto(a) for a in adjuntos),
            *([contar_limite(self.tabla, limite)] if limite is not None else []),
        ]
        try:
            self.cliente.transact_write_items(TransactItems=items)
        except ClientError as e:
            if e.response.get("Error", {}).get("Code") == "TransactionCanceledException":
                razones = razones_cancelacion(e)
                if razones and razones[0] == "ConditionalCheckFailed":
                    raise Conflicto("El caso cambió mientras escribías. Intenta de nuevo.", "caso_modificado") from e
                desde = 1 + len(eventos)
                if "ConditionalCheckFailed" in razones[desde : desde + len(adjuntos)]:
                    raise Conflicto("Uno de los archivos ya se envió en otro mensaje.", "adjunto_usado") from e
                if limite is not None and "ConditionalCheckFailed" in razones[desde + len(adjuntos) :]:
                    raise LimiteExcedido(limite.mensaje) from e
                raise ServicioNoDisponible() from e
            raise _traducir(e) from e

    def registrar_escaneo(self, adjunto: Adjunto, evento: Evento) -> bool:
        try:
            self.cliente.transact_write_items(
                TransactItems=[
                    {
                        "Update": {
                            "TableName": self.tabla,
                            "Key": clave_adjunto(adjunto.folio, adjunto.id),
                            "UpdateExpression": "SET estado = :e",
                            "ConditionExpression": "estado = :revisando",
                            "ExpressionAttributeValues": {
                                ":e": {"S": adjunto.estado},
                                ":revisando": {"S": "revisando"},
                            },
                        }
                    },
                    anexar_evento(self.tabla, evento),
                ]
            )
        except ClientError as e:
            if e.response.get("Error", {}).get("Code") == "TransactionCanceledException":
                if "ConditionalCheckFailed" in razones_cancelacion(e):
                    return False
                raise ServicioNoDisponible() from e
            raise _traducir(e) from e
        return True

    def rechazar(self, adjunto: Adjunto) -> None:
        try:
            self.cliente.update_item(
                TableName=self.tabla,
                Key=clave_adjunto(adjunto.folio, adjunto.id),
                UpdateExpression="SET estado = :r",
                ExpressionAttributeValues={":r": {"S": "rechazado"}},
            )
        except ClientError as e:
            raise _traducir(e) from e
