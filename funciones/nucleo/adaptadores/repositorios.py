"""Adaptadores listos para usar en un handler: uno por contenedor, creados al primer uso."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from funciones.nucleo.adaptadores.aws import cliente
from funciones.nucleo.adaptadores.config import ajustes
from funciones.nucleo.adaptadores.dynamodb import EnviosDynamo, RepositorioDynamo

if TYPE_CHECKING:
    from funciones.nucleo.adaptadores.adjuntos_dynamo import AdjuntosDynamo
    from funciones.nucleo.adaptadores.adjuntos_s3 import AlmacenS3
    from funciones.nucleo.adaptadores.clientes_dynamo import RepositorioClientes
    from funciones.nucleo.adaptadores.directorio import DirectorioCognito


@cache
def casos() -> RepositorioDynamo:
    return RepositorioDynamo(ajustes().tabla, cliente("dynamodb"))


@cache
def envios() -> EnviosDynamo:
    return EnviosDynamo(ajustes().tabla, cliente("dynamodb"))


@cache
def clientes() -> RepositorioClientes:
    from funciones.nucleo.adaptadores.clientes_dynamo import RepositorioClientes

    return RepositorioClientes(ajustes().tabla, cliente("dynamodb"))


@cache
def agentes() -> DirectorioCognito:
    from funciones.nucleo.adaptadores.directorio import DirectorioCognito

    pool = ajustes().cognito_pool
    if not pool:
        raise RuntimeError("Falta COGNITO_POOL en el entorno de la función.")
    return DirectorioCognito(pool, cliente("cognito-idp"))


@cache
def adjuntos() -> AdjuntosDynamo:
    from funciones.nucleo.adaptadores.adjuntos_dynamo import AdjuntosDynamo

    return AdjuntosDynamo(ajustes().tabla, cliente("dynamodb"))


@cache
def almacen() -> AlmacenS3:
    from funciones.nucleo.adaptadores.adjuntos_s3 import AlmacenS3

    a = ajustes()
    if not a.bucket_adjuntos:
        raise RuntimeError("Falta BUCKET_ADJUNTOS en el entorno de la función.")
    return AlmacenS3(a.bucket_adjuntos, cliente("s3"), a.url_subidas)
