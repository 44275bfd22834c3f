"""Índice de búsqueda en la tabla única: una Query por término y un BatchGetItem de lo encontrado (sin Scan)."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from botocore.exceptions import ClientError

from funciones.nucleo.adaptadores.clientes_dynamo import clave_cliente, cliente_de_item
from funciones.nucleo.adaptadores.dynamodb import _traducir, caso_de_item, clave_caso
from funciones.nucleo.dominio.errores import ServicioNoDisponible

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient

    from funciones.nucleo.dominio.caso import Caso
    from funciones.nucleo.dominio.clientes import Cliente

# Máximo de llaves de un BatchGetItem.
MAXIMO_LOTE = 100
REINTENTOS = 5
ESPERA_BASE_S = 0.05


class IndiceDynamo:
    def __init__(self, tabla: str, cliente: DynamoDBClient, espera_base_s: float = ESPERA_BASE_S) -> None:
        self.tabla = tabla
        self.cliente = cliente
        self.espera_base_s = espera_base_s

    def referencias(self, clave: str, limite: int) -> tuple[list[str], list[str]]:
        """(folios, contratos) de un término: una Query, clientes primero y luego los casos más nuevos.

        `CLIENTE#` ordena después de `CASO#`: de mayor a menor, los clientes salen antes que los casos.
        """
        try:
            r = self.cliente.query(
                TableName=self.tabla,
                KeyConditionExpression="pk = :p",
                ExpressionAttributeValues={":p": {"S": f"BUSCA#{clave}"}},
                ProjectionExpression="sk",
                ScanIndexForward=False,
                Limit=limite,
            )
        except ClientError as e:
            raise _traducir(e) from e
        folios, contratos = [], []
        for item in r["Items"]:
            sk = item["sk"]["S"]
            if sk.startswith("CLIENTE#"):
                contratos.append(sk.removeprefix("CLIENTE#"))
            elif sk.startswith("CASO#"):
                folios.append(sk.rsplit("#", 1)[-1])
        return folios, contratos

    def leer(self, folios: list[str], contratos: list[str]) -> tuple[dict[str, Caso], dict[str, Cliente]]:
        """Los casos y clientes nombrados, en un BatchGetItem (hasta 100 llaves; lo de más no se lee)."""
        llaves = [clave_cliente(c) for c in dict.fromkeys(contratos)] + [clave_caso(f) for f in dict.fromkeys(folios)]
        llaves = llaves[:MAXIMO_LOTE]
        casos: dict[str, Caso] = {}
        clientes: dict[str, Cliente] = {}
        if not llaves:
            return casos, clientes
        pendientes: dict[str, Any] = {self.tabla: {"Keys": llaves}}
        for intento in range(REINTENTOS):
            try:
                r = self.cliente.batch_get_item(RequestItems=pendientes)
            except ClientError as e:
                raise _traducir(e) from e
            for item in r.get("Responses", {}).get(self.tabla, []):
                if item["sk"]["S"] == "PERFIL":
                    cliente = cliente_de_item(item)
                    clientes[cliente.contrato] = cliente
                elif item["sk"]["S"] == "CASO":
                    caso = caso_de_item(item)
                    casos[caso.folio] = caso
            pendientes = dict(r.get("UnprocessedKeys") or {})
            if not pendientes:
                return casos, clientes
            if intento < REINTENTOS - 1:
                time.sleep(self.espera_base_s * 2**intento)
        raise ServicioNoDisponible()
