"""Crea en la emulación (moto) los mismos recursos que la pila CDK: tabla con flujo e índice, SES, SNS, SQS."""

from __future__ import annotations

from typing import Any

import boto3

TABLA = "bluepoint-local"
DOMINIO = "bluepoint.mx"
CONFIG_SES = "bluepoint-local"
COLA_FALLIDOS = "bluepoint-notificaciones-fallidas"
TEMA_OPERACION = "bluepoint-operacion"
BUCKET_ADJUNTOS = "bluepoint-adjuntos-local"
# Como la alarma Errores5xxApi de la pila (la salida AlarmaPrueba): la que `make humo` pasa a ALARM y de vuelta.
ALARMA_PRUEBA = "BluePointAtencion-Errores5xxApi"


def crear_tabla(dynamodb: Any, nombre: str = TABLA) -> str:
    """Devuelve el ARN del flujo de la tabla."""
    r = dynamodb.create_table(
        TableName=nombre,
        BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=[
            {"AttributeName": n, "AttributeType": "S"} for n in ("pk", "sk", "vence_pk", "vence_sk", "umbral_sk")
        ],
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        GlobalSecondaryIndexes=[
            {
                "IndexName": "vencimientos",
                "KeySchema": [
                    {"AttributeName": "vence_pk", "KeyType": "HASH"},
                    {"AttributeName": "vence_sk", "KeyType": "RANGE"},
                ],
                "Projection": {"ProjectionType": "ALL"},
            },
            {
                "IndexName": "umbrales",
                "KeySchema": [
                    {"AttributeName": "vence_pk", "KeyType": "HASH"},
                    {"AttributeName": "umbral_sk", "KeyType": "RANGE"},
                ],
                "Projection": {"ProjectionType": "ALL"},
            },
        ],
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"},
    )
    return r["TableDescription"]["LatestStreamArn"]


# Dos demos más para los flujos de Cognito que los demás no muestran.
AGENTE_PRIMER_INICIO = "nuevo.demo"  # FORCE_CHANGE_PASSWORD: la contraseña de demostración es su temporal
AGENTE_TOTP = "totp.demo"  # verificación en dos pasos ya configurada con el secreto (fijo) de moto


def crear_pool(cognito: Any) -> tuple[str, str]:
    """Grupo de usuarios y cliente de la consola como los de la pila: política, MFA opcional con TOTP, secreto."""
    from funciones.nucleo.dominio import contrasenas

    pool = cognito.create_user_pool(
        PoolName="bluepoint-agentes",
        Policies={"PasswordPolicy": contrasenas.para_cognito()},
        Schema=[{"Name": "departamento", "AttributeDataType": "String", "Mutable": True}],
    )["UserPool"]["Id"]
    cognito.set_user_pool_mfa_config(
        UserPoolId=pool, SoftwareTokenMfaConfiguration={"Enabled": True}, MfaConfiguration="OPTIONAL"
    )
    cliente = cognito.create_user_pool_client(
        UserPoolId=pool,
        ClientName="consola",
        GenerateSecret=True,
        ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        # Lo que el token de ID lleva, como en la pila (el nombre del agente incluido).
        ReadAttributes=["name", "email", "email_verified", "custom:departamento"],
    )["UserPoolClient"]["ClientId"]
    for grupo in ("asesores", "supervisores", "departamentos"):
        cognito.create_group(GroupName=grupo, UserPoolId=pool)
    return pool, cliente


def _activar_totp(cognito: Any, pool: str, cliente: str, usuario: str, clave: str) -> str:
    """Asocia y verifica la app de autenticación de `usuario`, como lo haría él en la consola."""
    import base64
    import hashlib
    import hmac

    from infraestructura.local.totp import codigo

    secreto = cognito.describe_user_pool_client(UserPoolId=pool, ClientId=cliente)["UserPoolClient"]["ClientSecret"]
    firma = base64.b64encode(hmac.new(secreto.encode(), (usuario + cliente).encode(), hashlib.sha256).digest())
    tokens = cognito.initiate_auth(
        ClientId=cliente,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": usuario, "PASSWORD": clave, "SECRET_HASH": firma.decode()},
    )["AuthenticationResult"]
    secreto_totp = cognito.associate_software_token(AccessToken=tokens["AccessToken"])["SecretCode"]
    cognito.verify_software_token(AccessToken=tokens["AccessToken"], UserCode=codigo(secreto_totp))
    cognito.set_user_mfa_preference(
        AccessToken=tokens["AccessToken"], SoftwareTokenMfaSettings={"Enabled": True, "PreferredMfa": True}
    )
    return secreto_totp.upper()


def crear_agentes(cognito: Any, clave: str) -> dict[str, str]:
    """Grupo de usuarios con los grupos del contrato y los agentes de demostración."""
    from funciones.nucleo.dominio.catalogo import catalogo

    pool, cliente = crear_pool(cognito)
    agentes: list[tuple[str, str, str | None, str]] = [
        ("asesor.demo", "asesores", None, "Asesor de demostración"),
        ("supervisor.demo", "supervisores", None, "Supervisora de demostración"),
    ]
    agentes += [
        (f"{d['clave']}.demo", "departamentos", d["clave"], f"{d['nombre']} (demostración)")
        for d in catalogo()["departamentos"]
    ]
    especiales = [
        (AGENTE_PRIMER_INICIO, "asesores", None, "Asesora nueva (demostración)"),
        (AGENTE_TOTP, "supervisores", None, "Supervisor con verificación en dos pasos (demostración)"),
    ]
    for usuario, grupo, departamento, nombre in agentes + especiales:
        atributos = [{"Name": "name", "Value": nombre}]
        if departamento:
            atributos.append({"Name": "custom:departamento", "Value": departamento})
        cognito.admin_create_user(
            UserPoolId=pool,
            Username=usuario,
            UserAttributes=atributos,
            TemporaryPassword=clave,
            MessageAction="SUPPRESS",
        )
        if usuario != AGENTE_PRIMER_INICIO:
            cognito.admin_set_user_password(UserPoolId=pool, Username=usuario, Password=clave, Permanent=True)
        cognito.admin_add_user_to_group(UserPoolId=pool, Username=usuario, GroupName=grupo)
    secreto_totp = _activar_totp(cognito, pool, cliente, AGENTE_TOTP, clave)
    return {
        "cognito_pool": pool,
        "cognito_cliente": cliente,
        "agentes": ",".join(a[0] for a in agentes),
        "primer_inicio": AGENTE_PRIMER_INICIO,
        "totp": AGENTE_TOTP,
        "secreto_totp": secreto_totp,
    }


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
    crear_bucket_adjuntos(sesion.client("s3"))
    # El bucket de los correos recibidos (la acción S3 de la regla de recepción de la pila).
    from infraestructura.local.correos_entrantes import BUCKET

    sesion.client("s3").create_bucket(Bucket=BUCKET)
    return {
        "flujo": flujo,
        "tema_alertas": tema,
        "cola_fallidos": cola,
        "bucket_adjuntos": BUCKET_ADJUNTOS,
        "bucket_correos": BUCKET,
    }


def crear_bucket_adjuntos(s3: Any, nombre: str = BUCKET_ADJUNTOS) -> None:
    """Como el de la pila: sin acceso público, cifrado por omisión y `subidas/` que caducan (ciclo de vida)."""
    s3.create_bucket(Bucket=nombre)
    s3.put_public_access_block(
        Bucket=nombre,
        PublicAccessBlockConfiguration={
            "BlockPublicAcls": True,
            "IgnorePublicAcls": True,
            "BlockPublicPolicy": True,
            "RestrictPublicBuckets": True,
        },
    )
    s3.put_bucket_encryption(
        Bucket=nombre,
        ServerSideEncryptionConfiguration={
            "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms"}}]
        },
    )
    s3.put_bucket_lifecycle_configuration(
        Bucket=nombre,
        LifecycleConfiguration={
            "Rules": [
                {"ID": "subidas", "Status": "Enabled", "Filter": {"Prefix": "subidas/"}, "Expiration": {"Days": 1}}
            ]
        },
    )


def crear_operacion(region: str = "us-east-1") -> dict[str, str]:
    """El tema `operacion` y una alarma con sus acciones hacia él, como las de `monitoreo` en la pila."""
    sesion = boto3.session.Session(region_name=region)
    tema = sesion.client("sns").create_topic(Name=TEMA_OPERACION)["TopicArn"]
    sesion.client("cloudwatch").put_metric_alarm(
        AlarmName=ALARMA_PRUEBA,
        AlarmDescription="La API respondió 5xx: en este contrato un 5xx siempre es un defecto.",
        Namespace="AWS/ApiGateway",
        MetricName="5xx",
        Dimensions=[{"Name": "ApiId", "Value": "local"}],
        Statistic="Sum",
        Period=300,
        EvaluationPeriods=1,
        Threshold=0,
        ComparisonOperator="GreaterThanThreshold",
        TreatMissingData="notBreaching",
        AlarmActions=[tema],
        OKActions=[tema],
    )
    return {"tema_operacion": tema, "alarma_prueba": ALARMA_PRUEBA}


def clave_demo() -> str:
    """CLAVE_DEMO si está definida; si no, una generada que cumple la política de Cognito."""
    import os
    import secrets

    return os.environ.get("CLAVE_DEMO") or f"Bp-{secrets.token_urlsafe(9)}-7a"
