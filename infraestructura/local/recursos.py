"""Crea en la emulación (moto) los mismos recursos que la pila CDK: tabla con flujo e índice, SES, SNS, SQS."""

from __future__ import annotations

from typing import Any

import boto3

TABLA = "bluepoint-local"
DOMINIO = "bluepoint.mx"
CONFIG_SES = "bluepoint-local"
COLA_FALLIDOS = "bluepoint-notificaciones-fallidas"


def crear_tabla(dynamodb: Any, nombre: str = TABLA) -> str:
    """Devuelve el ARN del flujo de la tabla."""
    r = dynamodb.create_table(
        TableName=nombre,
        BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=[
            {"AttributeName": n, "AttributeType": "S"} for n in ("pk", "sk", "vence_pk", "vence_sk")
        ],
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        GlobalSecondaryIndexes=[{
            "IndexName": "vencimientos",
            "KeySchema": [{"AttributeName": "vence_pk", "KeyType": "HASH"},
                          {"AttributeName": "vence_sk", "KeyType": "RANGE"}],
            "Projection": {"ProjectionType": "ALL"},
        }],
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"},
    )
    return r["TableDescription"]["LatestStreamArn"]


def crear_todo(region: str = "us-east-1") -> dict[str, str]:
    """Crea los recursos con los clientes del entorno (AWS_ENDPOINT_URL apunta a moto)."""
    sesion = boto3.session.Session(region_name=region)
    flujo = crear_tabla(sesion.client("dynamodb"))
    sesv2 = sesion.client("sesv2")
    sesv2.create_email_identity(EmailIdentity=DOMINIO)
    sesion.client("ses").verify_domain_identity(Domain=DOMINIO)
    sesv2.create_configuration_set(ConfigurationSetName=CONFIG_SES)
    tema = sesion.client("sns").create_topic(Name="bluepoint-alertas")["TopicArn"]
    cola = sesion.client("sqs").create_queue(QueueName=COLA_FALLIDOS)["QueueUrl"]
    return {"flujo": flujo, "tema_alertas": tema, "cola_fallidos": cola}
