"""Correos recibidos por SES: el crudo en S3 (lo dejó ahí la regla de recepción) y los apartados en la tabla."""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import TYPE_CHECKING, Any

from botocore.exceptions import ClientError

from funciones.nucleo.adaptadores.dynamodb import _normalizar, _traducir, a_dynamo, de_dynamo

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient

    from funciones.correo_entrante.logica import Entrega

# Un correo recibido no pasa de 40 MB en SES (con adjuntos); leer más sería otra cosa.
MAX_BYTES = 40 * 1024 * 1024
PARTICION_APARTADOS = "APARTADOS#CORREO"


@cache
def _s3() -> Any:
    # Sin los tipos de mypy-boto3-s3 en el grupo dev: el cliente queda como Any en este único adaptador.
    import boto3
    from botocore.config import Config

    return boto3.client("s3", config=Config(retries={"mode": "standard", "max_attempts": 3}, read_timeout=10))


class CorreosS3:
    def __init__(self, bucket: str, cliente: Any = None) -> None:
        self.bucket = bucket
        self.cliente = cliente

    def leer(self, clave: str) -> bytes:
        cliente = self.cliente or _s3()
        r = cliente.get_object(Bucket=self.bucket, Key=clave)
        if int(r.get("ContentLength") or 0) > MAX_BYTES:
            raise ValueError("correo demasiado grande")
        datos: bytes = r["Body"].read()
        return datos


class ApartadosDynamo:
    """Un item por correo apartado (por su id de SES: un reintento no lo duplica), sin el texto del correo."""

    def __init__(self, tabla: str, cliente: DynamoDBClient) -> None:
        self.tabla = tabla
        self.cliente = cliente

    def apartar(self, entrega: Entrega, motivo: str, folio: str | None, remitente: str, ahora: datetime) -> None:
        item = a_dynamo(
            {
                "pk": PARTICION_APARTADOS,
                "sk": f"CORREO#{entrega.id_ses}",
                "entidad": "correo_apartado",
                "fecha": ahora.isoformat(),
                "motivo": motivo,
                "folio": folio,
                "remitente": remitente,
                "objeto": entrega.objeto,
                "id_ses": entrega.id_ses,
            }
        )
        try:
            self.cliente.put_item(TableName=self.tabla, Item=item)
        except ClientError as e:
            raise _traducir(e) from e

    def recientes(self, maximo: int) -> list[dict[str, Any]]:
        """Los `maximo` más recientes (una Query de la partición; son pocos: lo normal es anexar)."""
        kwargs: dict[str, Any] = {
            "TableName": self.tabla,
            "KeyConditionExpression": "pk = :pk",
            "ExpressionAttributeValues": {":pk": {"S": PARTICION_APARTADOS}},
        }
        items: list[dict[str, Any]] = []
        try:
            while True:
                r = self.cliente.query(**kwargs)
                items.extend(_normalizar(de_dynamo(i)) for i in r["Items"])
                if "LastEvaluatedKey" not in r:
                    break
                kwargs["ExclusiveStartKey"] = r["LastEvaluatedKey"]
        except ClientError as e:
            raise _traducir(e) from e
        return sorted(items, key=lambda i: str(i.get("fecha", "")), reverse=True)[:maximo]
