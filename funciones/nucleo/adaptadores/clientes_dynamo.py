"""Padrón de clientes en la tabla única: `pk=CLIENTE#<contrato>`, `sk=PERFIL`."""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from botocore.exceptions import ClientError

from funciones.nucleo.adaptadores.dynamodb import _traducir, a_dynamo, de_dynamo
from funciones.nucleo.dominio import reloj
from funciones.nucleo.dominio.clientes import Cliente
from funciones.nucleo.dominio.errores import ServicioNoDisponible

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient
    from mypy_boto3_dynamodb.type_defs import WriteRequestOutputTypeDef, WriteRequestTypeDef

LOTE = 25
REINTENTOS = 8
ESPERA_BASE_S = 0.05
_CAMPOS = tuple(Cliente.__dataclass_fields__)


def clave_cliente(contrato: str) -> dict[str, Any]:
    return {"pk": {"S": f"CLIENTE#{contrato}"}, "sk": {"S": "PERFIL"}}


def item_cliente(cliente: Cliente, actualizado: str) -> dict[str, Any]:
    return a_dynamo(
        {
            "pk": f"CLIENTE#{cliente.contrato}",
            "sk": "PERFIL",
            "entidad": "cliente",
            **{k: getattr(cliente, k) for k in _CAMPOS},
            "actualizado": actualizado,
        }
    )


def cliente_de_item(item: dict[str, Any]) -> Cliente:
    # Sin `_normalizar`: el precio se queda en Decimal (dinero).
    d = de_dynamo(item)
    campos: dict[str, Any] = {k: d.get(k) for k in _CAMPOS}
    campos["precio_mensual"] = Decimal(campos["precio_mensual"])
    return Cliente(**campos)


class RepositorioClientes:
    def __init__(self, tabla: str, cliente: DynamoDBClient, espera_base_s: float = ESPERA_BASE_S) -> None:
        self.tabla = tabla
        self.cliente = cliente
        self.espera_base_s = espera_base_s

    def guardar_lote(self, clientes: list[Cliente], llave_busqueda: bytes | None = None) -> int:
        """Escribe (o reemplaza) los clientes con BatchWriteItem de 25 en 25; devuelve cuántos escribió.

        Si un contrato se repite en la lista, queda el último (un mismo lote no admite claves repetidas). Con
        `llave_busqueda`, cada cliente deja además sus items del índice de búsqueda (contrato, correo, teléfono y
        palabras del nombre); uno viejo que ya no coincide lo descarta la búsqueda al releer el perfil.
        """
        from funciones.nucleo.adaptadores.dynamodb import item_indice
        from funciones.nucleo.dominio import busqueda

        actualizado = reloj.ahora().isoformat()
        unicos = {c.contrato: c for c in clientes}
        items: list[WriteRequestTypeDef] = [
            {"PutRequest": {"Item": item_cliente(c, actualizado)}} for c in unicos.values()
        ]
        if llave_busqueda is not None:
            for c in unicos.values():
                lista = busqueda.terminos(contrato=c.contrato, correo=c.correo, telefono=c.telefono, nombre=c.nombre)
                items += [
                    {"PutRequest": {"Item": item_indice(k, f"CLIENTE#{c.contrato}", contrato=c.contrato)}}
                    for k in busqueda.claves(llave_busqueda, lista)
                ]
        for inicio in range(0, len(items), LOTE):
            self._escribir({self.tabla: items[inicio : inicio + LOTE]})
        return len(unicos)

    def _escribir(self, pendientes: Mapping[str, Sequence[WriteRequestTypeDef | WriteRequestOutputTypeDef]]) -> None:
        for intento in range(REINTENTOS):
            try:
                r = self.cliente.batch_write_item(RequestItems=pendientes)
            except ClientError as e:
                raise _traducir(e) from e
            pendientes = r.get("UnprocessedItems") or {}
            if not pendientes:
                return
            if intento < REINTENTOS - 1:
                time.sleep(self.espera_base_s * 2**intento)
        raise ServicioNoDisponible()

    def obtener(self, contrato: str) -> Cliente | None:
        try:
            r = self.cliente.get_item(TableName=self.tabla, Key=clave_cliente(contrato))
        except ClientError as e:
            raise _traducir(e) from e
        return cliente_de_item(r["Item"]) if "Item" in r else None
