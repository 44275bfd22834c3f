"""La única tabla del sistema y la llave KMS que la cifra."""

from __future__ import annotations

from aws_cdk import RemovalPolicy
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_kms as kms
from constructs import Construct

INDICE_VENCIMIENTOS = "vencimientos"


class Datos(Construct):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)

        self.clave = kms.Key(
            self,
            "Clave",
            description="Blue Point: cifra la tabla de casos, su flujo y el tema de alertas",
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
