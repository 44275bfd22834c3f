"""Correcciones a la emulación de moto 5.2 donde se aparta de AWS real (DynamoDB, SES) en algo que usamos.

1. Concurrencia: moto no protege su estado entre hilos; al cancelar una transacción restaura una copia de la
   tabla tomada al empezar, y con eso borra lo que otra solicitud escribió mientras tanto. DynamoDB real no
   pierde escrituras: aquí las operaciones que escriben se serializan con un candado.
2. Rendimiento: para poder deshacer, moto copia a fondo la tabla entera en cada transacción, y una tabla con
   miles de items vuelve lentísima cada alta. Aquí la copia es superficial salvo para las particiones que la
   transacción toca (las únicas que puede modificar), así que deshacer sigue siendo exacto.
3. Flujo: al cancelar una transacción, con la copia restaurada (a) los registros del flujo de la transacción
   cancelada quedan en el fragmento viejo, que los iteradores abiertos siguen leyendo, y (b) las escrituras
   siguientes van a un fragmento nuevo que esos iteradores ya no ven. DynamoDB real no emite nada por una
   transacción cancelada: aquí se conserva el fragmento original, recortado a lo que tenía antes.
4. SES: un envío `Simple` queda en moto sin texto, sin Reply-To ni cabeceras; `envio_ses` arma y guarda el
   mensaje como lo entrega SES (Date, Message-ID de SES, multipart/alternative).
"""

from __future__ import annotations

import copy
import functools
import threading
from typing import Any

_aplicado = False


def aplicar() -> None:
    global _aplicado
    if _aplicado:
        return
    from infraestructura.local import envio_ses

    envio_ses.aplicar()
    from moto.dynamodb.models import DynamoDBBackend

    original = DynamoDBBackend.transact_write_items

    def transact_write_items(self: Any, transact_items: list[dict[str, Any]]) -> None:
        global _en_curso
        _en_curso = transact_items
        fragmentos = {
            nombre: (tabla.stream_shard, len(tabla.stream_shard.items))
            for nombre, tabla in self.tables.items()
            if getattr(tabla, "stream_shard", None) is not None
        }
        try:
            return original(self, transact_items)
        except Exception:
            for nombre, (fragmento, largo) in fragmentos.items():  # noqa: B007
                del fragmento.items[largo:]
                tabla = self.tables.get(nombre)
                if tabla is not None:
                    tabla.stream_shard = fragmento
                    fragmento.table = tabla
            raise

    DynamoDBBackend.transact_write_items = transact_write_items  # type: ignore[method-assign]  # parche de moto
    import moto.dynamodb.models as modelos

    modelos.copy = _CopiaParcial()  # type: ignore[assignment]  # reemplaza el módulo copy que usa moto
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


_en_curso: list[dict[str, Any]] = []


class _CopiaParcial:
    """Sustituye al módulo `copy` dentro de moto.dynamodb.models: sólo cambia la copia de una tabla."""

    def __getattr__(self, nombre: str) -> Any:
        return getattr(copy, nombre)

    def deepcopy(self, objeto: Any, memo: Any = None) -> Any:
        from moto.dynamodb.models.table import Table

        if isinstance(objeto, Table):
            return _instantanea(objeto)
        return copy.deepcopy(objeto, memo)


def _instantanea(tabla: Any) -> Any:
    from collections import defaultdict

    from moto.dynamodb.models.dynamo_type import DynamoType

    tocadas = set()
    for elemento in _en_curso:
        operacion = next(iter(elemento.values()))
        if operacion.get("TableName") != tabla.name:
            continue
        datos = operacion.get("Key") or operacion.get("Item") or {}
        if tabla.hash_key_attr in datos:
            tocadas.add(DynamoType(datos[tabla.hash_key_attr]))
    copia = copy.copy(tabla)
    # Copiar el diccionario reutiliza los hash guardados; las particiones no tocadas se comparten porque esta
    # transacción no puede modificarlas (y el candado impide que otra lo haga mientras tanto).
    copia.items = defaultdict(dict)
    copia.items.update(tabla.items)
    for clave in tocadas:
        if clave in tabla.items:
            copia.items[clave] = copy.deepcopy(tabla.items[clave])
    return copia
