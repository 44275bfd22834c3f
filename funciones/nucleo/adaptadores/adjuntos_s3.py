"""El bucket de adjuntos: POST prefirmado de subida, lectura de la cabecera, mover, guardar y GET prefirmado."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import quote

from botocore.exceptions import ClientError

from funciones.nucleo.dominio.errores import ServicioNoDisponible

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client

_NO_EXISTE = {"404", "NoSuchKey", "NotFound"}
_PASAJEROS = {"SlowDown", "503", "ServiceUnavailable", "InternalError", "RequestTimeout"}


def _codigo(error: ClientError) -> str:
    return str(error.response.get("Error", {}).get("Code", ""))


def _traducir(error: ClientError) -> Exception:
    return ServicioNoDisponible() if _codigo(error) in _PASAJEROS else error


class AlmacenS3:
    """`url_publica`: otra dirección para el formulario del navegador (en local, el proxy del servidor)."""

    def __init__(self, bucket: str, cliente: S3Client, url_publica: str | None = None) -> None:
        self.bucket = bucket
        self.cliente = cliente
        self.url_publica = url_publica

    def url_subida(self, llave: str, tipo_contenido: str, tamano: int, vence_s: int) -> tuple[str, dict[str, str]]:
        # La política firmada ata la llave (la pone boto3), el tipo y el tamaño exacto declarado.
        r = self.cliente.generate_presigned_post(
            Bucket=self.bucket,
            Key=llave,
            Fields={"Content-Type": tipo_contenido},
            Conditions=[{"Content-Type": tipo_contenido}, ["content-length-range", tamano, tamano]],
            ExpiresIn=vence_s,
        )
        return self.url_publica or r["url"], {k: str(v) for k, v in r["fields"].items()}

    def cabecera(self, llave: str, n: int) -> tuple[bytes, int] | None:
        try:
            tamano = self.cliente.head_object(Bucket=self.bucket, Key=llave)["ContentLength"]
            if tamano == 0:
                return b"", 0
            r = self.cliente.get_object(Bucket=self.bucket, Key=llave, Range=f"bytes=0-{n - 1}")
            return r["Body"].read(), tamano
        except ClientError as e:
            if _codigo(e) in _NO_EXISTE:
                return None
            raise _traducir(e) from e

    def mover(self, origen: str, destino: str, tipo_contenido: str) -> None:
        try:
            self.cliente.copy_object(
                Bucket=self.bucket,
                Key=destino,
                CopySource={"Bucket": self.bucket, "Key": origen},
                ContentType=tipo_contenido,
                MetadataDirective="REPLACE",
            )
            self.cliente.delete_object(Bucket=self.bucket, Key=origen)
        except ClientError as e:
            raise _traducir(e) from e

    def guardar(self, llave: str, contenido: bytes, tipo_contenido: str) -> None:
        try:
            self.cliente.put_object(Bucket=self.bucket, Key=llave, Body=contenido, ContentType=tipo_contenido)
        except ClientError as e:
            raise _traducir(e) from e

    def borrar(self, llave: str) -> None:
        try:
            self.cliente.delete_object(Bucket=self.bucket, Key=llave)
        except ClientError as e:
            raise _traducir(e) from e

    def url_descarga(self, llave: str, nombre: str, tipo_contenido: str, vence_s: int) -> str:
        # En línea (el agente ve la foto en su pestaña) con su nombre; el tipo es el que revisaron los bytes.
        disposicion = f"inline; filename*=UTF-8''{quote(nombre)}"
        return self.cliente.generate_presigned_url(
            "get_object",
            Params={
                "Bucket": self.bucket,
                "Key": llave,
                "ResponseContentDisposition": disposicion,
                "ResponseContentType": tipo_contenido,
            },
            ExpiresIn=vence_s,
        )
