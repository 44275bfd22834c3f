"""Correcciones a la emulación de moto 5.2 donde se aparta de DynamoDB real en algo que usamos.

Una transacción cancelada: moto restaura una copia profunda de la tabla, con lo que (1) los registros
del flujo de la transacción cancelada quedan en el fragmento viejo, que los iteradores abiertos siguen
leyendo, y (2) las escrituras siguientes van a un fragmento nuevo que esos iteradores ya no ven.
DynamoDB real no emite nada por una transacción cancelada. Aquí se conserva el fragmento original,
recortado a lo que tenía antes de la transacción.
"""

from __future__ import annotations

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
    _aplicado = True
