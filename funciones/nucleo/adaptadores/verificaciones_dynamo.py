"""Verificaciones de identidad: bloqueo por contrato y por agente, verificaciones vigentes y eventos del cliente."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import TYPE_CHECKING, Any

from botocore.exceptions import ClientError

from funciones.nucleo.adaptadores.clientes_dynamo import clave_cliente, cliente_de_item
from funciones.nucleo.adaptadores.dynamodb import (
    _codigo,
    _traducir,
    a_dynamo,
    anexar_evento,
    de_dynamo,
    razones_cancelacion,
)
from funciones.nucleo.dominio.caso import Evento
from funciones.nucleo.dominio.clientes import Cliente
from funciones.nucleo.dominio.errores import ServicioNoDisponible
from funciones.nucleo.dominio.verificaciones import (
    Bloqueo,
    CambioConcurrente,
    EventoCliente,
    Verificacion,
    particion_agente,
)

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient
    from mypy_boto3_dynamodb.type_defs import TransactWriteItemTypeDef


def item_evento_cliente(evento: EventoCliente) -> dict[str, Any]:
    """El evento en el registro del cliente (`CLIENTE#<contrato>`)."""
    return a_dynamo(
        {
            "pk": f"CLIENTE#{evento.contrato}",
            "sk": f"EVENTO#{evento.fecha.isoformat()}#{secrets.token_hex(6)}",
            "entidad": "evento_cliente",
            "tipo": evento.tipo,
            "fecha": evento.fecha.isoformat(),
            "datos": evento.datos,
        }
    )


def _clave_bloqueo(contrato: str) -> dict[str, Any]:
    return {"pk": {"S": f"CLIENTE#{contrato}"}, "sk": {"S": "BLOQUEO"}}


def _clave_agente(usuario: str) -> dict[str, Any]:
    # Presupuesto de verificaciones fallidas del agente (vale para todos los contratos).
    return {"pk": {"S": particion_agente(usuario)}, "sk": {"S": "BLOQUEO_VERIFICACION"}}


def _bloqueo_de(item: dict[str, Any]) -> Bloqueo:
    d = de_dynamo(item)
    return Bloqueo(list(d.get("fallos") or []), d.get("bloqueado_hasta"), int(d.get("version", 0)))


class VerificacionesDynamo:
    def __init__(self, tabla: str, cliente: DynamoDBClient) -> None:
        self.tabla = tabla
        self.cliente = cliente

    def leer(self, contrato: str, agente: str) -> tuple[Cliente | None, Bloqueo, Bloqueo]:
        """Perfil y bloqueo del contrato, y presupuesto del agente, en una sola llamada (BatchGetItem)."""
        claves = [clave_cliente(contrato), _clave_bloqueo(contrato), _clave_agente(agente)]
        try:
            r = self.cliente.batch_get_item(RequestItems={self.tabla: {"Keys": claves, "ConsistentRead": True}})
        except ClientError as e:
            raise _traducir(e) from e
        if r.get("UnprocessedKeys"):
            raise ServicioNoDisponible()
        cliente, bloqueo, del_agente = None, Bloqueo(), Bloqueo()
        for item in r["Responses"].get(self.tabla, []):
            if item["sk"]["S"] == "PERFIL":
                cliente = cliente_de_item(item)
            elif item["pk"]["S"].startswith("AGENTE#"):
                del_agente = _bloqueo_de(item)
            else:
                bloqueo = _bloqueo_de(item)
        return cliente, bloqueo, del_agente

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

    def _put_bloqueo(
        self, contrato: str, bloqueo: Bloqueo, version_leida: int, clave: dict[str, Any] | None = None
    ) -> TransactWriteItemTypeDef:
        """El bloqueo (del contrato, o del agente con `clave`), sólo si nadie lo cambió desde la lectura."""
        clave = clave or _clave_bloqueo(contrato)
        item = a_dynamo(
            {
                "pk": clave["pk"]["S"],
                "sk": clave["sk"]["S"],
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

    def registrar_fallo(
        self,
        contrato: str,
        bloqueo: Bloqueo,
        version_leida: int,
        evento: EventoCliente,
        agente: str,
        del_agente: Bloqueo,
        version_agente: int,
        alerta: Evento | None = None,
    ) -> None:
        """Una transacción: el fallo cuenta para el contrato y para el agente (ambos con versión), y la alerta a
        supervisores, si el agente agotó su presupuesto, sale por la bandeja de salida."""
        items: list[TransactWriteItemTypeDef] = [
            self._put_bloqueo(contrato, bloqueo, version_leida),
            self._put_bloqueo(contrato, del_agente, version_agente, _clave_agente(agente)),
            {"Put": {"TableName": self.tabla, "Item": item_evento_cliente(evento)}},
        ]
        if alerta is not None:
            items.append(anexar_evento(self.tabla, alerta))
        self._escribir(items)

    def _agente_sin_bloqueo(self, agente: str, ahora: datetime) -> TransactWriteItemTypeDef:
        # El éxito no cambia el presupuesto, pero no pasa si el agente quedó bloqueado después de la lectura.
        return {
            "ConditionCheck": {
                "TableName": self.tabla,
                "Key": _clave_agente(agente),
                "ConditionExpression": "attribute_not_exists(bloqueado_hasta) OR bloqueado_hasta <= :ahora",
                "ExpressionAttributeValues": {":ahora": {"S": ahora.isoformat()}},
            }
        }

    def registrar_exito(
        self, verificacion: Verificacion, version_leida: int, evento: EventoCliente, ahora: datetime
    ) -> None:
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
                {"Put": {"TableName": self.tabla, "Item": item_evento_cliente(evento)}},
                self._agente_sin_bloqueo(verificacion.agente, ahora),
            ]
        )

    def levantar_bloqueo(self, contrato: str, version_leida: int, evento: EventoCliente) -> None:
        self._escribir(
            [
                self._put_bloqueo(contrato, Bloqueo(), version_leida),
                {"Put": {"TableName": self.tabla, "Item": item_evento_cliente(evento)}},
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
