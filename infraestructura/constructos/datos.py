"""La única tabla del sistema, la llave KMS que la cifra y el secreto con la pimienta de los hashes."""

from __future__ import annotations

from aws_cdk import RemovalPolicy
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_kms as kms
from aws_cdk import aws_secretsmanager as secretsmanager
from constructs import Construct

from infraestructura.constructos.nag import reconocer

INDICE_VENCIMIENTOS = "vencimientos"
INDICE_UMBRALES = "umbrales"
LARGO_PIMIENTA = 64


class Datos(Construct):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)

        self.clave = kms.Key(
            self,
            "Clave",
            description="Blue Point: cifra la tabla de casos, su flujo, los temas, los adjuntos y la pimienta",
            enable_key_rotation=True,
            removal_policy=RemovalPolicy.RETAIN,
        )

        self.tabla = dynamodb.Table(
            self,
            "Tabla",
            partition_key=dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING),
            sort_key=dynamodb.Attribute(name="sk", type=dynamodb.AttributeType.STRING),
            billing_mode=dynamodb.BillingMode.PAY_PER_REQUEST,
            encryption=dynamodb.TableEncryption.CUSTOMER_MANAGED,
            encryption_key=self.clave,
            point_in_time_recovery_specification=dynamodb.PointInTimeRecoverySpecification(
                point_in_time_recovery_enabled=True
            ),
            deletion_protection=True,
            removal_policy=RemovalPolicy.RETAIN,
            # Los eventos son la bandeja de salida: `notificaciones` lee la imagen nueva.
            stream=dynamodb.StreamViewType.NEW_IMAGE,
            time_to_live_attribute="expira",
        )
        # Dispersa: solo los casos abiertos llevan vence_pk / vence_sk.
        self.tabla.add_global_secondary_index(
            index_name=INDICE_VENCIMIENTOS,
            partition_key=dynamodb.Attribute(name="vence_pk", type=dynamodb.AttributeType.STRING),
            sort_key=dynamodb.Attribute(name="vence_sk", type=dynamodb.AttributeType.STRING),
            projection_type=dynamodb.ProjectionType.ALL,
        )
        # Dispersa también: casos abiertos con un umbral pendiente; `umbral_sk` es el instante del próximo umbral.
        # El barrido lee sólo lo que cruzó un umbral desde la corrida anterior.
        self.tabla.add_global_secondary_index(
            index_name=INDICE_UMBRALES,
            partition_key=dynamodb.Attribute(name="vence_pk", type=dynamodb.AttributeType.STRING),
            sort_key=dynamodb.Attribute(name="umbral_sk", type=dynamodb.AttributeType.STRING),
            projection_type=dynamodb.ProjectionType.ALL,
        )

        # Pimienta de los hashes de domicilio y últimos 4 del padrón, y llave de los enlaces firmados.
        # La genera Secrets Manager (nadie la ve al desplegar) y la lee `make importar` con PIMIENTA_SECRETO.
        self.pimienta = secretsmanager.Secret(
            self,
            "Pimienta",
            description="Blue Point: pimienta de los hashes del padrón de clientes y de los enlaces firmados",
            encryption_key=self.clave,
            generate_secret_string=secretsmanager.SecretStringGenerator(
                password_length=LARGO_PIMIENTA, exclude_punctuation=True, include_space=False
            ),
            removal_policy=RemovalPolicy.RETAIN,
        )
        reconocer(
            self.pimienta,
            "La pimienta no se rota porque rotarla invalida todos los hashes guardados hasta volver a importar "
            "el padrón de clientes.",
            "AwsSolutions-SMG4",
        )
