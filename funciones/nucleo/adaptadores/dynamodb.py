"""Repositorio de casos y registro de envíos sobre la tabla única de DynamoDB."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from boto3.dynamodb.types import TypeDeserializer, TypeSerializer
from botocore.exceptions import ClientError

from funciones.nucleo.caso import Caso, Evento, Idempotencia
from funciones.nucleo.errores import ClaveEnUso, ClaveRepetida, EnvioEnCurso, FolioDuplicado, ServicioNoDisponible

_ser = TypeSerializer()
_des = TypeDeserializer()
_PASAJEROS = {
    "ProvisionedThroughputExceededException",
    "ThrottlingException",
    "RequestLimitExceeded",
    "InternalServerError",
    "ServiceUnavailable",
    "TransactionConflictException",
    "TransactionInProgressException",
}
_CAMPOS_FECHA = ("fecha_registro", "fecha_compromiso", "fecha_limite_legal")


def a_dynamo(datos: dict[str, Any]) -> dict[str, Any]:
    return {k: _ser.serialize(v) for k, v in datos.items() if v is not None}


def de_dynamo(item: dict[str, Any]) -> dict[str, Any]:
    return {k: _des.deserialize(v) for k, v in item.items()}


def _normalizar(valor: Any) -> Any:
    if isinstance(valor, dict):
        return {k: _normalizar(v) for k, v in valor.items()}
    if isinstance(valor, list):
        return [_normalizar(v) for v in valor]
    if type(valor).__name__ == "Decimal":
        return int(valor) if valor == int(valor) else float(valor)
    return valor


def clave_caso(folio: str) -> dict[str, Any]:
    return {"pk": {"S": f"CASO#{folio}"}, "sk": {"S": "CASO"}}


def item_caso(caso: Caso) -> dict[str, Any]:
    datos: dict[str, Any] = {
        "pk": f"CASO#{caso.folio}",
        "sk": "CASO",
        "entidad": "caso",
        **{k: v for k, v in vars(caso).items() if k not in _CAMPOS_FECHA},
        **{k: getattr(caso, k).isoformat() for k in _CAMPOS_FECHA},
    }
    if caso.abierto:
        # Índice disperso: solo los casos abiertos aparecen en `vencimientos`.
        datos["vence_pk"] = f"ABIERTOS#{caso.fragmento}"
        datos["vence_sk"] = f"{caso.fecha_compromiso.isoformat()}#{caso.folio}"
    return a_dynamo(datos)


def caso_de_item(item: dict[str, Any]) -> Caso:
    d = _normalizar(de_dynamo(item))
    campos = {k: d.get(k) for k in Caso.__dataclass_fields__ if k in d}
    for k in _CAMPOS_FECHA:
        campos[k] = datetime.fromisoformat(campos[k])
    return Caso(**campos)


def item_evento(evento: Evento) -> dict[str, Any]:
    return a_dynamo(
        {
            "pk": f"CASO#{evento.folio}",
            "sk": evento.sk,
            "entidad": "evento",
            "id": evento.id,
            "folio": evento.folio,
            "fecha": evento.fecha.isoformat(),
            "tipo": evento.tipo,
            "descripcion": evento.descripcion,
            "publico": evento.publico,
            "autor": evento.autor,
            "datos": evento.datos or None,
            "notificar": evento.notificar,
        }
    )


def evento_de_item(item: dict[str, Any]) -> Evento:
    d = _normalizar(de_dynamo(item))
    return Evento(
        folio=d["folio"],
        fecha=datetime.fromisoformat(d["fecha"]),
        tipo=d["tipo"],
        descripcion=d["descripcion"],
        publico=bool(d.get("publico")),
        autor=d.get("autor", "sistema"),
        datos=d.get("datos") or {},
        notificar=d.get("notificar"),
        id=d["id"],
    )


def _codigo(error: ClientError) -> str:
    return error.response.get("Error", {}).get("Code", "")


def _traducir(error: ClientError) -> Exception:
    if _codigo(error) in _PASAJEROS:
        return ServicioNoDisponible()
    return error


class RepositorioDynamo:
    def __init__(self, tabla: str, cliente: Any) -> None:
        self.tabla = tabla
        self.cliente = cliente

    def registrar(self, caso: Caso, evento: Evento, idempotencia: Idempotencia | None = None) -> None:
        condicion = "attribute_not_exists(pk)"
        items = [item_caso(caso), item_evento(evento)]
        if idempotencia is not None:
            items.append(
                a_dynamo(
                    {
                        "pk": f"IDEM#{idempotencia.clave}",
                        "sk": "IDEM",
                        "entidad": "idempotencia",
                        "huella": idempotencia.huella,
                        "respuesta": idempotencia.respuesta,
                        "folio": caso.folio,
                        "expira": idempotencia.expira,
                    }
                )
            )
        try:
            self.cliente.transact_write_items(
                TransactItems=[
                    {"Put": {"TableName": self.tabla, "Item": item, "ConditionExpression": condicion}} for item in items
                ]
            )
        except ClientError as e:
            if _codigo(e) == "TransactionCanceledException":
                razones = [r.get("Code") for r in e.response.get("CancellationReasons", [])]
                if len(razones) > 2 and razones[2] == "ConditionalCheckFailed":
                    raise ClaveRepetida(idempotencia.clave if idempotencia else "") from e
                if razones and razones[0] == "ConditionalCheckFailed":
                    raise FolioDuplicado(caso.folio) from e
                if "TransactionConflict" in razones and idempotencia is not None:
                    # Otra solicitud con la misma clave se está escribiendo en este momento.
                    raise ClaveEnUso() from e
                raise ServicioNoDisponible() from e
            raise _traducir(e) from e

    def obtener_idempotencia(self, clave: str) -> Idempotencia | None:
        try:
            r = self.cliente.get_item(
                TableName=self.tabla, Key={"pk": {"S": f"IDEM#{clave}"}, "sk": {"S": "IDEM"}}, ConsistentRead=True
            )
        except ClientError as e:
            raise _traducir(e) from e
        if "Item" not in r:
            return None
        d = _normalizar(de_dynamo(r["Item"]))
        return Idempotencia(clave=clave, huella=d["huella"], respuesta=d["respuesta"], expira=d["expira"])

    def obtener(self, folio: str) -> Caso | None:
        try:
            r = self.cliente.get_item(TableName=self.tabla, Key=clave_caso(folio))
        except ClientError as e:
            raise _traducir(e) from e
        return caso_de_item(r["Item"]) if "Item" in r else None

    def obtener_con_historial(self, folio: str) -> tuple[Caso, list[Evento]] | None:
        """Una sola Query sobre la partición del caso (el caso, sus eventos y marcas de envío)."""
        items: list[dict[str, Any]] = []
        kwargs: dict[str, Any] = {
            "TableName": self.tabla,
            "KeyConditionExpression": "pk = :pk",
            "ExpressionAttributeValues": {":pk": {"S": f"CASO#{folio}"}},
        }
        try:
            while True:
                r = self.cliente.query(**kwargs)
                items.extend(r["Items"])
                if "LastEvaluatedKey" not in r:
                    break
                kwargs["ExclusiveStartKey"] = r["LastEvaluatedKey"]
        except ClientError as e:
            raise _traducir(e) from e
        caso = next((caso_de_item(i) for i in items if i["sk"]["S"] == "CASO"), None)
        if caso is None:
            return None
        eventos = [evento_de_item(i) for i in items if i["sk"]["S"].startswith("EVENTO#")]
        return caso, eventos


class EnviosDynamo:
    """Marca por evento, escrita con condición: un reintento nunca envía dos veces."""

    def __init__(self, tabla: str, cliente: Any) -> None:
        self.tabla = tabla
        self.cliente = cliente

    def _clave(self, folio: str, evento_id: str) -> dict[str, Any]:
        return {"pk": {"S": f"CASO#{folio}"}, "sk": {"S": f"ENVIO#{evento_id}"}}

    def reservar(self, folio: str, evento_id: str, ahora: datetime, reserva_s: int) -> str | None:
        """La reserva si se obtuvo; None si ya se envió; EnvioEnCurso si otra ejecución lo tiene reservado."""
        import secrets

        reserva = secrets.token_hex(8)
        item = {
            **self._clave(folio, evento_id),
            "estado": {"S": "reservado"},
            "reserva": {"S": reserva},
            "vence_reserva": {"S": (ahora + timedelta(seconds=reserva_s)).isoformat()},
        }
        try:
            self.cliente.put_item(
                TableName=self.tabla,
                Item=item,
                # Libre, o una reserva anterior que caducó sin confirmarse.
                ConditionExpression="attribute_not_exists(pk) OR (estado = :r AND vence_reserva < :ahora)",
                ExpressionAttributeValues={":r": {"S": "reservado"}, ":ahora": {"S": ahora.isoformat()}},
                ReturnValuesOnConditionCheckFailure="ALL_OLD",
            )
        except ClientError as e:
            if _codigo(e) == "ConditionalCheckFailedException":
                previo = e.response.get("Item", {}).get("estado", {}).get("S")
                if previo == "enviado":
                    return None
                raise EnvioEnCurso(evento_id) from e
            raise _traducir(e) from e
        return reserva

    def confirmar(self, folio: str, evento_id: str, reserva: str, entrega: Evento) -> None:
        try:
            self.cliente.transact_write_items(
                TransactItems=[
                    {
                        "Update": {
                            "TableName": self.tabla,
                            "Key": self._clave(folio, evento_id),
                            "UpdateExpression": "SET estado = :e, evento_entrega = :id REMOVE vence_reserva",
                            "ConditionExpression": "reserva = :r",
                            "ExpressionAttributeValues": {
                                ":e": {"S": "enviado"},
                                ":id": {"S": entrega.id},
                                ":r": {"S": reserva},
                            },
                        }
                    },
                    {
                        "Put": {
                            "TableName": self.tabla,
                            "Item": item_evento(entrega),
                            "ConditionExpression": "attribute_not_exists(pk)",
                        }
                    },
                ]
            )
        except ClientError as e:
            raise _traducir(e) from e

    def liberar(self, folio: str, evento_id: str, reserva: str) -> None:
        try:
            self.cliente.delete_item(
                TableName=self.tabla,
                Key=self._clave(folio, evento_id),
                ConditionExpression="reserva = :r AND estado = :e",
                ExpressionAttributeValues={":r": {"S": reserva}, ":e": {"S": "reservado"}},
            )
        except ClientError as e:
            if _codigo(e) != "ConditionalCheckFailedException":
                raise _traducir(e) from e
