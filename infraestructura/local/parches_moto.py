"""Correcciones a la emulación de moto 5.2 donde se aparta de DynamoDB real en algo que usamos.

1. Concurrencia: moto no protege su estado entre hilos; al cancelar una transacción restaura una copia de la
   tabla tomada al empezar, y con eso borra lo que otra solicitud escribió mientras tanto. DynamoDB real no
   pierde escrituras: aquí las operaciones que escriben se serializan con un candado.
2. Flujo: al cancelar una transacción, con la copia restaurada (a) los registros del flujo de la transacción
   cancelada quedan en el fragmento viejo, que los iteradores abiertos siguen leyendo, y (b) las escrituras
   siguientes van a un fragmento nuevo que esos iteradores ya no ven. DynamoDB real no emite nada por una
   transacción cancelada: aquí se conserva el fragmento original, recortado a lo que tenía antes.
"""

from __future__ import annotations

import functools
import threading
from typing import Any

_aplicado = False


def aplicar() -> None:
    global _aplicado
    if _aplicado:
        return
    from moto.dynamodb.models import DynamoDBBackend

    original = DynamoDBBackend.transact_write_items

    def transact_write_items(self: Any, transact_items: list[dict[str, Any]]) -> None:
        fragmentos = {
            nombre: (tabla.stream_shard, len(tabla.stream_shard.items))
            for nombre, tabla in self.tables.items()
            if getattr(tabla, "stream_shard", None) is not None
        }
        try:
            return original(self, transact_items)
        except Exception:
            for nombre, (fragmento, largo) in fragmentos.items():
                del fragmento.items[largo:]
                tabla = self.tables.get(nombre)
                if tabla is not None:
                    tabla.stream_shard = fragmento
                    fragmento.table = tabla
            raise

    DynamoDBBackend.transact_write_items = transact_write_items
    for nombre in ("put_item", "update_item", "delete_item", "transact_write_items", "batch_write_item"):
        setattr(DynamoDBBackend, nombre, _serializado(getattr(DynamoDBBackend, nombre)))
    _aplicado = True


_candado = threading.RLock()


def _serializado(metodo: Any) -> Any:
    @functools.wraps(metodo)
    def envoltura(*args: Any, **kwargs: Any) -> Any:
        with _candado:
            return metodo(*args, **kwargs)

    return envoltura
