"""El bucket de adjuntos: POST prefirmado de subida, lectura de la cabecera, mover, guardar y GET prefirmado."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
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


class ObjetosS3:
    """Borrado definitivo en un bucket con versiones (cancelación ARCO): cada versión y marca de borrado de la llave,
    no sólo la versión actual (un DeleteObject en un bucket versionado deja la anterior recuperable)."""

    def __init__(self, bucket: str, cliente: S3Client) -> None:
        self.bucket = bucket
        self.cliente = cliente

    def borrar_todo(self, llaves: list[str]) -> int:
        con_algo = 0
        try:
            for llave in llaves:
                versiones: list[Any] = []
                for pagina in self.cliente.get_paginator("list_object_versions").paginate(
                    Bucket=self.bucket, Prefix=llave
                ):
                    for v in [*pagina.get("Versions", []), *pagina.get("DeleteMarkers", [])]:
                        # El prefijo también encuentra «casos/1/ab» para «casos/1/a»: sólo la llave exacta.
                        if v.get("Key") == llave:
                            versiones.append({"Key": llave, "VersionId": str(v.get("VersionId") or "null")})
                if versiones:
                    con_algo += 1
                for i in range(0, len(versiones), 1000):
                    r = self.cliente.delete_objects(
                        Bucket=self.bucket,
                        Delete={"Objects": versiones[i : i + 1000], "Quiet": True},
                    )
                    if r.get("Errors"):
                        raise ServicioNoDisponible()
        except ClientError as e:
            raise _traducir(e) from e
        return con_algo
