"""Recepción de respuestas por correo: regla de SES → bucket cifrado (crudo) → función `correo_entrante`.

El conjunto de reglas queda creado pero SES sólo aplica el conjunto ACTIVO de la cuenta y región (uno solo): se
activa una vez con `aws ses set-active-receipt-rule-set` (docs/operacion.md). El MX del dominio de respuestas apunta
a `inbound-smtp.<región>.amazonaws.com`.
"""

from __future__ import annotations

from aws_cdk import Duration, RemovalPolicy, Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_ses as ses
from aws_cdk import aws_ses_actions as acciones
from constructs import Construct

from infraestructura.constructos.nag import reconocer

PREFIJO = "entrantes/"
NOMBRE_REGLA = "respuestas-clientes"


class RecepcionCorreo(Construct):
    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        dominio: str,
        funcion: lambda_.Function,
        rol: iam.IRole,
        clave: kms.IKey,
        registros: s3.IBucket,
    ) -> None:
        super().__init__(scope, id)
        self._rol = rol
        pila = Stack.of(self)
        # El crudo es parte del expediente (como los eventos de la tabla, que no vencen): sin expiración, con
        # versiones (borrar o reescribir no lo pierde) y retenido si se borra la pila.
        self.bucket = s3.Bucket(
            self,
            "Correos",
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            encryption=s3.BucketEncryption.KMS,
            encryption_key=clave,
            bucket_key_enabled=True,
            enforce_ssl=True,
            versioned=True,
            server_access_logs_bucket=registros,
            server_access_logs_prefix="s3-correos/",
            lifecycle_rules=[
                # Los correos casi no se vuelven a leer después de atenderse; la clase IA cuesta menos guardarlos.
                s3.LifecycleRule(
                    transitions=[
                        s3.Transition(
                            storage_class=s3.StorageClass.INFREQUENT_ACCESS, transition_after=Duration.days(90)
                        )
                    ]
                )
            ],
            removal_policy=RemovalPolicy.RETAIN,
        )
        self.conjunto = ses.ReceiptRuleSet(self, "Reglas")
        self.regla = self.conjunto.add_rule(
            "Respuestas",
            receipt_rule_name=NOMBRE_REGLA,
            recipients=[dominio],
            # SES revisa spam y virus; la función aparta lo que SES marca (veredictos del evento).
            scan_enabled=True,
            tls_policy=ses.TlsPolicy.REQUIRE,
            actions=[
                acciones.S3(bucket=self.bucket, object_key_prefix=PREFIJO),
                acciones.Lambda(function=funcion, invocation_type=acciones.LambdaInvocationType.EVENT),
            ],
        )
        arn_regla = pila.format_arn(
            service="ses",
            resource="receipt-rule-set",
            resource_name=f"{self.conjunto.receipt_rule_set_name}:receipt-rule/{NOMBRE_REGLA}",
        )
        # SES escribe el crudo con el cifrado por omisión del bucket: necesita la llave, sólo desde esta regla.
        clave.add_to_resource_policy(
            iam.PolicyStatement(
                principals=[iam.ServicePrincipal("ses.amazonaws.com")],
                actions=["kms:GenerateDataKey*", "kms:Decrypt"],
                resources=["*"],
                conditions={
                    "StringEquals": {"aws:SourceAccount": pila.account},
                    "ArnLike": {"aws:SourceArn": arn_regla},
                },
            )
        )
        rol.add_to_principal_policy(
            iam.PolicyStatement(actions=["s3:GetObject"], resources=[self.bucket.arn_for_objects(f"{PREFIJO}*")])
        )
        clave.grant_decrypt(rol)
        logico = pila.resolve(pila.get_logical_id(self.bucket.node.default_child))
        reconocer(
            rol,
            "correo_entrante lee cada correo por su id de SES: el comodín se limita al prefijo de la regla.",
            f"AwsSolutions-IAM5[Resource::<{logico}.Arn>/{PREFIJO}*]",
        )
        funcion.add_environment("BUCKET_CORREOS", self.bucket.bucket_name)
        funcion.add_environment("PREFIJO_CORREOS", PREFIJO)
        # Un evento que agota reintentos no se pierde: el crudo sigue en el bucket y se puede volver a procesar.
        funcion.configure_async_invoke(retry_attempts=2, max_event_age=Duration.hours(6))

    def borrar_de_arco(self, funcion: lambda_.Function) -> None:
        """arco: la cancelación borra los correos crudos que respondió la persona, con todas sus versiones (el
        bucket las guarda), sólo bajo el prefijo de la regla. Ni leerlos."""
        rol = funcion.role
        assert rol is not None
        rol.add_to_principal_policy(
            iam.PolicyStatement(
                actions=["s3:ListBucketVersions"],
                resources=[self.bucket.bucket_arn],
                conditions={"StringLike": {"s3:prefix": [f"{PREFIJO}*"]}},
            )
        )
        rol.add_to_principal_policy(
            iam.PolicyStatement(
                actions=["s3:DeleteObject", "s3:DeleteObjectVersion"],
                resources=[self.bucket.arn_for_objects(f"{PREFIJO}*")],
            )
        )
        funcion.add_environment("BUCKET_CORREOS", self.bucket.bucket_name)
        pila = Stack.of(self)
        logico = pila.resolve(pila.get_logical_id(self.bucket.node.default_child))
        reconocer(
            rol,
            "La cancelación ARCO borra los correos crudos de una persona por su id de SES (leído de la tabla): el "
            "comodín se limita al prefijo de la regla.",
            f"AwsSolutions-IAM5[Resource::<{logico}.Arn>/{PREFIJO}*]",
        )

    def guardar_adjuntos_en(self, bucket: s3.IBucket, usar_llave: iam.PolicyStatement) -> None:
        """`correo_entrante` deja cada adjunto en `casos/<folio>/<id>` del bucket de adjuntos (y lo borra si el
        mensaje no se escribe); GuardDuty lo escanea como a los de la página."""
        from funciones.nucleo.dominio.adjuntos import PREFIJO_CASOS

        self._rol.add_to_principal_policy(
            iam.PolicyStatement(
                actions=["s3:PutObject", "s3:DeleteObject"], resources=[bucket.arn_for_objects(f"{PREFIJO_CASOS}*")]
            )
        )
        # La llave del bucket (la de la tabla) sólo vía S3 y sobre ese bucket: Adjuntos.usar_llave.
        self._rol.add_to_principal_policy(usar_llave)
        pila = Stack.of(self)
        logico = pila.resolve(pila.get_logical_id(bucket.node.default_child))
        reconocer(
            self._rol,
            "Cada adjunto de un correo es un objeto nuevo con su id bajo casos/<folio>/ del bucket de adjuntos.",
            f"AwsSolutions-IAM5[Resource::<{logico}.Arn>/{PREFIJO_CASOS}*]",
        )
