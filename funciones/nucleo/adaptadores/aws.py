"""Clientes de AWS, creados una vez por contenedor y solo cuando se usan."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any, Literal, overload

if TYPE_CHECKING:
    # Sólo tipos (paquetes mypy-boto3-* del grupo dev): en Lambda no se importan.
    from mypy_boto3_cognito_idp import CognitoIdentityProviderClient
    from mypy_boto3_dynamodb import DynamoDBClient
    from mypy_boto3_s3 import S3Client
    from mypy_boto3_scheduler import EventBridgeSchedulerClient
    from mypy_boto3_secretsmanager import SecretsManagerClient
    from mypy_boto3_sesv2 import SESV2Client
    from mypy_boto3_sns import SNSClient

# Los servicios que usa el producto: con un literal, mypy da el tipo exacto de cada cliente.
type Servicio = Literal["cognito-idp", "dynamodb", "s3", "scheduler", "secretsmanager", "sesv2", "sns"]


@overload
def cliente(servicio: Literal["cognito-idp"]) -> CognitoIdentityProviderClient: ...
@overload
def cliente(servicio: Literal["dynamodb"]) -> DynamoDBClient: ...
@overload
def cliente(servicio: Literal["s3"]) -> S3Client: ...
@overload
def cliente(servicio: Literal["scheduler"]) -> EventBridgeSchedulerClient: ...
@overload
def cliente(servicio: Literal["secretsmanager"]) -> SecretsManagerClient: ...
@overload
def cliente(servicio: Literal["sesv2"]) -> SESV2Client: ...
@overload
def cliente(servicio: Literal["sns"]) -> SNSClient: ...
@cache
def cliente(
    servicio: Servicio,
) -> (
    CognitoIdentityProviderClient
    | DynamoDBClient
    | S3Client
    | EventBridgeSchedulerClient
    | SecretsManagerClient
    | SESV2Client
    | SNSClient
):
    import boto3
    from botocore.config import Config

    return boto3.client(
        servicio, config=Config(retries={"mode": "standard", "max_attempts": 3}, connect_timeout=2, read_timeout=5)
    )


@cache
def cliente_social() -> Any:
    """`socialmessaging` (WhatsApp): sin paquete de tipos en el grupo dev, se usa sin anotar."""
    import boto3
    from botocore.config import Config

    return boto3.client(
        "socialmessaging",
        config=Config(retries={"mode": "standard", "max_attempts": 3}, connect_timeout=2, read_timeout=5),
    )
