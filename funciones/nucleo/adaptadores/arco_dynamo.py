"""Derechos ARCO sobre la tabla única: encontrar a la persona por el índice `BUSCA#` (sin Scan), leer sus
particiones y reescribirlas anonimizadas."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from botocore.exceptions import ClientError

from funciones.nucleo.adaptadores.clientes_dynamo import cliente_de_item
from funciones.nucleo.adaptadores.dynamodb import (
    _traducir,
    a_dynamo,
    caso_de_item,
    clave_instante,
    de_dynamo,
    eventos_de_particion,
    item_caso,
    item_evento,
)
from funciones.nucleo.adaptadores.verificaciones_dynamo import item_evento_cliente
from funciones.nucleo.dominio.errores import Conflicto, ServicioNoDisponible

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient
    from mypy_boto3_dynamodb.type_defs import TransactWriteItemTypeDef, WriteRequestTypeDef

    from funciones.nucleo.dominio.caso import Caso, Evento
    from funciones.nucleo.dominio.clientes import Cliente
    from funciones.nucleo.dominio.verificaciones import EventoCliente

LOTE = 25
REINTENTOS = 6
ESPERA_BASE_S = 0.05


def sk_indice_caso(caso: Caso) -> str:
    return f"CASO#{clave_instante(caso.fecha_registro)}#{caso.folio}"


class ArcoDynamo:
    def __init__(self, tabla: str, cliente: DynamoDBClient, espera_base_s: float = ESPERA_BASE_S) -> None:
        self.tabla = tabla
        self.cliente = cliente
        self.espera_base_s = espera_base_s

    def _query(self, pk: str, proyeccion: str | None = None) -> list[dict[str, Any]]:
        kwargs: dict[str, Any] = {
            "TableName": self.tabla,
            "KeyConditionExpression": "pk = :p",
            "ExpressionAttributeValues": {":p": {"S": pk}},
        }
        if proyeccion:
            kwargs["ProjectionExpression"] = proyeccion
        items: list[dict[str, Any]] = []
        try:
            while True:
                r = self.cliente.query(**kwargs)
                items.extend(r["Items"])
                if "LastEvaluatedKey" not in r:
                    return items
                kwargs["ExclusiveStartKey"] = r["LastEvaluatedKey"]
        except ClientError as e:
            raise _traducir(e) from e

    def referencias(self, clave: str) -> tuple[list[str], list[str]]:
        """(folios, contratos) de un término del índice: todas sus páginas (una persona, no una búsqueda)."""
        folios, contratos = [], []
        for item in self._query(f"BUSCA#{clave}", "sk"):
            sk = item["sk"]["S"]
            if sk.startswith("CLIENTE#"):
                contratos.append(sk.removeprefix("CLIENTE#"))
            elif sk.startswith("CASO#"):
                folios.append(sk.rsplit("#", 1)[-1])
        return list(dict.fromkeys(folios)), list(dict.fromkeys(contratos))

    def caso(self, folio: str) -> tuple[Caso, list[Evento], list[dict[str, Any]]] | None:
        """El caso, su historial y los demás items de su partición (eventos, marcas de envío, encuestas, adjuntos)
        como diccionarios de Python."""
        items = self._query(f"CASO#{folio}")
        caso = next((caso_de_item(i) for i in items if i["sk"]["S"] == "CASO"), None)
        if caso is None:
            return None
        return caso, eventos_de_particion(items), [de_dynamo(i) for i in items if i["sk"]["S"] != "CASO"]

    def registro_cliente(self, contrato: str) -> tuple[Cliente | None, list[dict[str, Any]]]:
        """El perfil del padrón y el resto del registro `CLIENTE#<contrato>` (eventos, bloqueo)."""
        items = self._query(f"CLIENTE#{contrato}")
        perfil = next((cliente_de_item(i) for i in items if i["sk"]["S"] == "PERFIL"), None)
        return perfil, [de_dynamo(i) for i in items if i["sk"]["S"] != "PERFIL"]

    # Escritura.

    def _lotes(self, peticiones: list[WriteRequestTypeDef]) -> None:
        for inicio in range(0, len(peticiones), LOTE):
            pendientes: Any = {self.tabla: peticiones[inicio : inicio + LOTE]}
            for intento in range(REINTENTOS):
                try:
                    r = self.cliente.batch_write_item(RequestItems=pendientes)
                except ClientError as e:
                    raise _traducir(e) from e
                pendientes = r.get("UnprocessedItems") or {}
                if not pendientes:
                    break
                if intento < REINTENTOS - 1:
                    time.sleep(self.espera_base_s * 2**intento)
            else:
                raise ServicioNoDisponible()

    def anotar(self, eventos: list[Evento], registro: list[EventoCliente]) -> None:
        """Los eventos `arco_acceso` (casos y registro del cliente); nuevos, no tocan el caso."""
        self._lotes(
            [{"PutRequest": {"Item": item_evento(e)}} for e in eventos]
            + [{"PutRequest": {"Item": item_evento_cliente(e)}} for e in registro]
        )

    def reescribir(self, items: list[dict[str, Any]], borrar: list[tuple[str, str]]) -> None:
        """Items ya anonimizados (mismas llaves) y llaves que se borran (contadores de límites, perfil…)."""
        peticiones: list[WriteRequestTypeDef] = [{"PutRequest": {"Item": a_dynamo(i)}} for i in items]
        peticiones += [
            {"DeleteRequest": {"Key": {"pk": {"S": pk}, "sk": {"S": sk}}}} for pk, sk in dict.fromkeys(borrar)
        ]
        self._lotes(peticiones)

    def cancelar_caso(self, anonimo: Caso, version_leida: int, evento: Evento, claves: list[str]) -> None:
        """El caso anonimizado (si nadie lo cambió), su evento `arco_cancelacion` y el borrado de sus items índice,
        en una transacción: el caso deja de encontrarse en el mismo instante en que pierde los datos."""
        acciones: list[TransactWriteItemTypeDef] = [
            {
                "Put": {
                    "TableName": self.tabla,
                    "Item": item_caso(anonimo),
                    "ConditionExpression": "version = :v",
                    "ExpressionAttributeValues": {":v": {"N": str(version_leida)}},
                }
            },
            {"Put": {"TableName": self.tabla, "Item": item_evento(evento)}},
        ]
        acciones += [
            {"Delete": {"TableName": self.tabla, "Key": {"pk": {"S": pk}, "sk": {"S": sk}}}}
            for pk, sk in dict.fromkeys((f"BUSCA#{k}", sk_indice_caso(anonimo)) for k in claves)
        ]
        try:
            self.cliente.transact_write_items(TransactItems=acciones[:100])
        except ClientError as e:
            if e.response.get("Error", {}).get("Code") == "TransactionCanceledException":
                raise Conflicto(
                    "Otro agente cambió el caso mientras se cancelaban los datos. Vuelve a intentarlo.",
                    "caso_modificado",
                ) from e
            raise _traducir(e) from e
