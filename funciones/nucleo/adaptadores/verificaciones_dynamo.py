"""Verificaciones de identidad: bloqueo por contrato, verificaciones vigentes y eventos del cliente."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from botocore.exceptions import ClientError

from funciones.nucleo.adaptadores.clientes_dynamo import clave_cliente, cliente_de_item
from funciones.nucleo.adaptadores.dynamodb import _codigo, _traducir, a_dynamo, de_dynamo, razones_cancelacion
from funciones.nucleo.clientes import Cliente
from funciones.nucleo.errores import ServicioNoDisponible

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient
    from mypy_boto3_dynamodb.type_defs import TransactWriteItemTypeDef


class CambioConcurrente(Exception):
    """Otro intento sobre el mismo contrato escribió primero; se vuelve a leer y se reintenta."""


@dataclass
class Bloqueo:
    fallos: list[str] = field(default_factory=list)
    bloqueado_hasta: str | None = None
    version: int = 0


@dataclass
class Verificacion:
    id: str
    contrato: str
    agente: str
    expira: datetime
    usada: bool
    nombre: str
    correo: str | None
    telefono: str | None


def evento_cliente(contrato: str, ahora: datetime, tipo: str, datos: dict[str, Any]) -> dict[str, Any]:
    # Historial del cliente: sin datos personales, sólo el resultado y quién atendió.
    return a_dynamo(
        {
            "pk": f"CLIENTE#{contrato}",
            "sk": f"EVENTO#{ahora.isoformat()}#{secrets.token_hex(6)}",
            "entidad": "evento_cliente",
            "tipo": tipo,
            "fecha": ahora.isoformat(),
            "datos": datos,
        }
    )


class RepositorioVerificaciones:
    def __init__(self, tabla: str, cliente: DynamoDBClient) -> None:
        self.tabla = tabla
        self.cliente = cliente

    def leer(self, contrato: str) -> tuple[Cliente | None, Bloqueo]:
        """Perfil y bloqueo del contrato en una sola llamada (BatchGetItem)."""
        claves = [clave_cliente(contrato), {"pk": {"S": f"CLIENTE#{contrato}"}, "sk": {"S": "BLOQUEO"}}]
        try:
            r = self.cliente.batch_get_item(RequestItems={self.tabla: {"Keys": claves, "ConsistentRead": True}})
        except ClientError as e:
            raise _traducir(e) from e
        if r.get("UnprocessedKeys"):
            raise ServicioNoDisponible()
        cliente, bloqueo = None, Bloqueo()
        for item in r["Responses"].get(self.tabla, []):
            if item["sk"]["S"] == "PERFIL":
                cliente = cliente_de_item(item)
            else:
                d = de_dynamo(item)
                bloqueo = Bloqueo(list(d.get("fallos") or []), d.get("bloqueado_hasta"), int(d.get("version", 0)))
        return cliente, bloqueo

    def _escribir(self, items: list[TransactWriteItemTypeDef]) -> None:
        try:
            self.cliente.transact_write_items(TransactItems=items)
        except ClientError as e:
            if _codigo(e) == "TransactionCanceledException":
                razones = razones_cancelacion(e)
                if "ConditionalCheckFailed" in razones or "TransactionConflict" in razones:
                    raise CambioConcurrente() from e
                raise ServicioNoDisponible() from e
            raise _traducir(e) from e

    def _put_bloqueo(self, contrato: str, bloqueo: Bloqueo, version_leida: int) -> TransactWriteItemTypeDef:
        item = a_dynamo(
            {
                "pk": f"CLIENTE#{contrato}",
                "sk": "BLOQUEO",
                "entidad": "bloqueo",
                "fallos": bloqueo.fallos or None,
                "bloqueado_hasta": bloqueo.bloqueado_hasta,
                "version": version_leida + 1,
            }
        )
        return {
            "Put": {
                "TableName": self.tabla,
                "Item": item,
                "ConditionExpression": "attribute_not_exists(pk) OR version = :v",
                "ExpressionAttributeValues": {":v": {"N": str(version_leida)}},
            }
        }

    def registrar_fallo(self, contrato: str, bloqueo: Bloqueo, version_leida: int, evento: dict[str, Any]) -> None:
        self._escribir(
            [self._put_bloqueo(contrato, bloqueo, version_leida), {"Put": {"TableName": self.tabla, "Item": evento}}]
        )

    def registrar_exito(self, verificacion: Verificacion, version_leida: int, evento: dict[str, Any]) -> None:
        item = a_dynamo(
            {
                "pk": f"VERIF#{verificacion.id}",
                "sk": "VERIF",
                "entidad": "verificacion",
                "contrato": verificacion.contrato,
                "agente": verificacion.agente,
                "vence": verificacion.expira.isoformat(),
                "expira": int(verificacion.expira.timestamp()) + 86400,
                "usada": False,
                "nombre": verificacion.nombre,
                "correo": verificacion.correo,
                "telefono": verificacion.telefono,
            }
        )
        self._escribir(
            [
                self._put_bloqueo(verificacion.contrato, Bloqueo(), version_leida),
                {"Put": {"TableName": self.tabla, "Item": item, "ConditionExpression": "attribute_not_exists(pk)"}},
                {"Put": {"TableName": self.tabla, "Item": evento}},
            ]
        )

    def obtener(self, verificacion_id: str) -> Verificacion | None:
        try:
            r = self.cliente.get_item(
                TableName=self.tabla,
                ConsistentRead=True,
                Key={"pk": {"S": f"VERIF#{verificacion_id}"}, "sk": {"S": "VERIF"}},
            )
        except ClientError as e:
            raise _traducir(e) from e
        if "Item" not in r:
            return None
        d = de_dynamo(r["Item"])
        return Verificacion(
            verificacion_id,
            d["contrato"],
            d["agente"],
            datetime.fromisoformat(d["vence"]),
            bool(d["usada"]),
            d["nombre"],
            d.get("correo"),
            d.get("telefono"),
        )
