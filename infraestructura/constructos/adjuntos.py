"""El bucket de adjuntos de los casos, escaneado por GuardDuty Malware Protection for S3.

- `subidas/<folio>/<id>`: lo que sube el navegador con el POST prefirmado; caduca al día (ciclo de vida).
- `casos/<folio>/<id>`: lo que entró a un mensaje; GuardDuty lo escanea y lo etiqueta
  (`GuardDutyMalwareScanStatus`), y el resultado llega por EventBridge a la función `adjuntos`.

Cifrado con la llave KMS de la tabla (una llave cuesta 1 USD al mes; cada servicio la usa sólo por S3 y sobre este
bucket), sin acceso público, sólo TLS, con versiones y registros de acceso. La política del
bucket niega leer un objeto de `casos/` que no esté etiquetado como limpio (salvo a GuardDuty, que lo escanea): así,
aunque la aplicación fallara, un archivo sin revisar o con malware no se descarga.
"""

from __future__ import annotations

from aws_cdk import Aws, Duration, RemovalPolicy
from aws_cdk import aws_events as events
from aws_cdk import aws_events_targets as destinos
from aws_cdk import aws_guardduty as guardduty
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_lambda_destinations as destinos_lambda
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from funciones.nucleo.dominio.adjuntos import ETIQUETA_GUARDDUTY, LIMPIO_GUARDDUTY, PREFIJO_CASOS, PREFIJO_SUBIDAS
from infraestructura.constructos.nag import reconocer

# Lo que dure el expediente del caso (sin regla de borrado); a los 90 días pasa a Glacier Instant Retrieval, que
# se descarga igual con el GET prefirmado.
DIAS_A_GLACIER = 90
TIPO_EVENTO_ESCANEO = "GuardDuty Malware Protection Object Scan Result"


class Adjuntos(Construct):
    def __init__(self, scope: Construct, id: str, *, origenes_cors: list[str], clave: kms.IKey) -> None:
        super().__init__(scope, id)

        self.clave = clave
        self.bucket = s3.Bucket(
            self,
            "Bucket",
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            encryption=s3.BucketEncryption.KMS,
            encryption_key=self.clave,
            bucket_key_enabled=True,
            enforce_ssl=True,
            minimum_tls_version=1.2,
            versioned=True,
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
            removal_policy=RemovalPolicy.RETAIN,
            lifecycle_rules=[
                s3.LifecycleRule(id="SubidasSinUsar", prefix=PREFIJO_SUBIDAS, expiration=Duration.days(1)),
                s3.LifecycleRule(
                    id="CasosAGlacier",
                    prefix=PREFIJO_CASOS,
                    transitions=[
                        s3.Transition(
                            storage_class=s3.StorageClass.GLACIER_INSTANT_RETRIEVAL,
                            transition_after=Duration.days(DIAS_A_GLACIER),
                        )
                    ],
                ),
                s3.LifecycleRule(
                    id="Limpieza",
                    abort_incomplete_multipart_upload_after=Duration.days(1),
                    noncurrent_version_expiration=Duration.days(30),
                ),
            ],
            # El navegador sube con el POST prefirmado directo al bucket.
            cors=[
                s3.CorsRule(
                    allowed_methods=[s3.HttpMethods.POST],
                    allowed_origins=origenes_cors,
                    allowed_headers=["*"],
                    max_age=3600,
                )
            ],
        )

        # GuardDuty escanea con este rol (el de servicio del plan, no el vinculado de GuardDuty).
        self.rol_guardduty = iam.Role(
            self,
            "RolGuardDuty",
            assumed_by=iam.ServicePrincipal("malware-protection-plan.guardduty.amazonaws.com"),
            description="Blue Point: GuardDuty escanea y etiqueta los adjuntos",
        )
        regla_administrada = f"arn:{Aws.PARTITION}:events:{Aws.REGION}:{Aws.ACCOUNT_ID}:rule/" + (
            "DO-NOT-DELETE-AmazonGuardDutyMalwareProtectionS3*"
        )
        for declaracion in (
            iam.PolicyStatement(
                actions=["events:PutRule", "events:DeleteRule", "events:PutTargets", "events:RemoveTargets"],
                resources=[regla_administrada],
                conditions={"StringLike": {"events:ManagedBy": "malware-protection-plan.guardduty.amazonaws.com"}},
            ),
            iam.PolicyStatement(
                actions=["events:DescribeRule", "events:ListTargetsByRule"], resources=[regla_administrada]
            ),
            iam.PolicyStatement(
                actions=[
                    "s3:PutObjectTagging",
                    "s3:GetObjectTagging",
                    "s3:PutObjectVersionTagging",
                    "s3:GetObjectVersionTagging",
                    "s3:GetObject",
                    "s3:GetObjectVersion",
                ],
                resources=[self.bucket.arn_for_objects(f"{PREFIJO_CASOS}*")],
            ),
            iam.PolicyStatement(
                actions=["s3:PutObject"],
                resources=[self.bucket.arn_for_objects("malware-protection-resource-validation-object")],
            ),
            iam.PolicyStatement(
                actions=["s3:PutBucketNotification", "s3:GetBucketNotification", "s3:ListBucket"],
                resources=[self.bucket.bucket_arn],
            ),
        ):
            self.rol_guardduty.add_to_policy(declaracion)
        self.rol_guardduty.add_to_policy(self.usar_llave())
        reconocer(
            self.rol_guardduty,
            "La regla de EventBridge la crea GuardDuty con un sufijo propio (prefijo DO-NOT-DELETE-…) y escanea "
            "cualquier objeto nuevo de casos/: los comodines son los de la política que documenta GuardDuty.",
            "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:events:<AWS::Region>:<AWS::AccountId>:rule/"
            "DO-NOT-DELETE-AmazonGuardDutyMalwareProtectionS3*]",
            f"AwsSolutions-IAM5[Resource::<{self._id_logico(self.bucket)}.Arn>/{PREFIJO_CASOS}*]",
        )

        self.plan = guardduty.CfnMalwareProtectionPlan(
            self,
            "PlanAntivirus",
            role=self.rol_guardduty.role_arn,
            protected_resource=guardduty.CfnMalwareProtectionPlan.CFNProtectedResourceProperty(
                s3_bucket=guardduty.CfnMalwareProtectionPlan.S3BucketProperty(
                    bucket_name=self.bucket.bucket_name, object_prefixes=[PREFIJO_CASOS]
                )
            ),
            actions=guardduty.CfnMalwareProtectionPlan.CFNActionsProperty(
                tagging=guardduty.CfnMalwareProtectionPlan.CFNTaggingProperty(status="ENABLED")
            ),
        )
        # El rol ya con sus permisos antes del plan (GuardDuty los prueba al crearlo).
        self.plan.node.add_dependency(self.rol_guardduty)

        # Ni la aplicación ni nadie lee un archivo de casos/ que GuardDuty no haya dejado limpio.
        self.bucket.add_to_resource_policy(
            iam.PolicyStatement(
                effect=iam.Effect.DENY,
                principals=[iam.AnyPrincipal()],
                actions=["s3:GetObject", "s3:GetObjectVersion"],
                resources=[self.bucket.arn_for_objects(f"{PREFIJO_CASOS}*")],
                conditions={
                    "StringNotEquals": {
                        f"s3:ExistingObjectTag/{ETIQUETA_GUARDDUTY}": LIMPIO_GUARDDUTY,
                        "aws:PrincipalArn": self.rol_guardduty.role_arn,
                    }
                },
            )
        )

    def usar_llave(self) -> iam.PolicyStatement:
        """Usar la llave de la tabla sólo cuando S3 cifra o descifra un objeto de este bucket.

        Con la llave del bucket (bucket_key_enabled) el contexto de cifrado de S3 es el ARN del bucket, no el del
        objeto. Lo usan GuardDuty (leer y etiquetar), el POST prefirmado (S3 cifra con la credencial de la función
        que firmó: GenerateDataKey), el GET prefirmado y la copia de subidas/ a casos/ (Decrypt) y los adjuntos de
        un correo recibido (`Recepcion.guardar_adjuntos_en`).
        """
        return iam.PolicyStatement(
            actions=["kms:GenerateDataKey", "kms:Decrypt"],
            resources=[self.clave.key_arn],
            conditions={
                "StringEquals": {
                    "kms:ViaService": f"s3.{Aws.REGION}.amazonaws.com",
                    "kms:EncryptionContext:aws:s3:arn": self.bucket.bucket_arn,
                }
            },
        )

    @staticmethod
    def _id_logico(constructo: Construct) -> str:
        from aws_cdk import Stack

        hijo = constructo.node.default_child
        assert hijo is not None
        return Stack.of(constructo).resolve(Stack.of(constructo).get_logical_id(hijo))  # type: ignore[arg-type]  # el hijo por omisión de un Bucket es su CfnBucket

    def registrar_accesos(self, destino: s3.IBucket, prefijo: str) -> None:
        """Registros de acceso al bucket de registros del sitio (que existe después: la CSP necesita este bucket)."""
        cfn = self.bucket.node.default_child
        assert isinstance(cfn, s3.CfnBucket)
        cfn.logging_configuration = s3.CfnBucket.LoggingConfigurationProperty(
            destination_bucket_name=destino.bucket_name, log_file_prefix=prefijo
        )
        destino.add_to_resource_policy(
            iam.PolicyStatement(
                principals=[iam.ServicePrincipal("logging.s3.amazonaws.com")],
                actions=["s3:PutObject"],
                resources=[destino.arn_for_objects(f"{prefijo}*")],
                conditions={
                    "ArnLike": {"aws:SourceArn": self.bucket.bucket_arn},
                    "StringEquals": {"aws:SourceAccount": Aws.ACCOUNT_ID},
                },
            )
        )

    def _conceder(self, funcion: lambda_.Function, en_subidas: list[str], en_casos: list[str]) -> None:
        rol = funcion.role
        assert rol is not None
        rol.add_to_principal_policy(
            iam.PolicyStatement(actions=en_subidas, resources=[self.bucket.arn_for_objects(f"{PREFIJO_SUBIDAS}*")])
        )
        rol.add_to_principal_policy(
            iam.PolicyStatement(actions=en_casos, resources=[self.bucket.arn_for_objects(f"{PREFIJO_CASOS}*")])
        )
        rol.add_to_principal_policy(self.usar_llave())
        reconocer(
            rol,
            "Cada adjunto es un objeto nuevo con su id bajo subidas/<folio>/ o casos/<folio>/: los comodines son "
            "esos dos prefijos del bucket de adjuntos, nada más.",
            f"AwsSolutions-IAM5[Resource::<{self._id_logico(self.bucket)}.Arn>/{PREFIJO_SUBIDAS}*]",
            f"AwsSolutions-IAM5[Resource::<{self._id_logico(self.bucket)}.Arn>/{PREFIJO_CASOS}*]",
        )

    def conectar(self, conversacion: lambda_.Function, escaneo: lambda_.Function, gestion: lambda_.Function) -> None:
        """Permisos de quien sube y mueve adjuntos, y la regla que lleva el resultado del antivirus a `escaneo`."""
        # conversacion: firmar el POST de subida (el navegador escribe con esta firma), revisar la cabecera, mover y
        # borrar; en casos/, el destino del movimiento, el borrado si el mensaje no se escribe y el GET prefirmado de
        # la descarga (que la política del bucket sólo deja pasar con la etiqueta de limpio).
        acciones = ["s3:PutObject", "s3:GetObject", "s3:DeleteObject"]
        self._conceder(conversacion, acciones, acciones)
        # gestion: los adjuntos de un agente en una nota (revisar y mover lo que subió; no firma subidas ni descargas).
        self._conceder(gestion, ["s3:GetObject", "s3:DeleteObject"], ["s3:PutObject", "s3:DeleteObject"])

        self.cola_fallos = sqs.Queue(
            self,
            "FallosEscaneo",
            encryption=sqs.QueueEncryption.SQS_MANAGED,
            enforce_ssl=True,
            retention_period=Duration.days(14),
        )
        reconocer(self.cola_fallos, "Es la cola de fallos de la regla del antivirus.", "AwsSolutions-SQS3")
        # Un resultado que llega antes que el mensaje que lleva el adjunto falla a propósito: Lambda lo reintenta
        # (al minuto y a los dos); tras eso, a la misma cola de fallos.
        escaneo.configure_async_invoke(
            retry_attempts=2,
            max_event_age=Duration.hours(6),
            on_failure=destinos_lambda.SqsDestination(self.cola_fallos),
        )
        self.regla = events.Rule(
            self,
            "ResultadoAntivirus",
            description="Blue Point: resultado de GuardDuty de cada adjunto → función adjuntos",
            event_pattern=events.EventPattern(
                source=["aws.guardduty"],
                detail_type=[TIPO_EVENTO_ESCANEO],
                resources=[self.plan.attr_arn],
                detail={"s3ObjectDetails": {"bucketName": [self.bucket.bucket_name]}},
            ),
            targets=[
                destinos.LambdaFunction(
                    escaneo, retry_attempts=8, max_event_age=Duration.hours(6), dead_letter_queue=self.cola_fallos
                )
            ],
        )

    def recibir_de_whatsapp(self, funcion: lambda_.Function) -> None:
        """whatsapp_entrante: `get_whatsapp_message_media` escribe el medio en subidas/ con la credencial de la
        función (PutObject); la función lee su cabecera, lo mueve a casos/ (o lo borra) y borra el de casos/ si el
        mensaje no se escribe."""
        self._conceder(
            funcion, ["s3:PutObject", "s3:GetObject", "s3:DeleteObject"], ["s3:PutObject", "s3:DeleteObject"]
        )

    def borrar_de_arco(self, funcion: lambda_.Function) -> None:
        """arco: la cancelación borra los adjuntos de la persona con todas sus versiones (el bucket las guarda):
        listar las versiones de cada llave y borrarlas, sólo bajo subidas/ y casos/. Ni leer ni escribir."""
        rol = funcion.role
        assert rol is not None
        rol.add_to_principal_policy(
            iam.PolicyStatement(
                actions=["s3:ListBucketVersions"],
                resources=[self.bucket.bucket_arn],
                conditions={"StringLike": {"s3:prefix": [f"{PREFIJO_SUBIDAS}*", f"{PREFIJO_CASOS}*"]}},
            )
        )
        rol.add_to_principal_policy(
            iam.PolicyStatement(
                actions=["s3:DeleteObject", "s3:DeleteObjectVersion"],
                resources=[
                    self.bucket.arn_for_objects(f"{PREFIJO_SUBIDAS}*"),
                    self.bucket.arn_for_objects(f"{PREFIJO_CASOS}*"),
                ],
            )
        )
        funcion.add_environment("BUCKET_ADJUNTOS", self.bucket.bucket_name)
        reconocer(
            rol,
            "La cancelación ARCO borra los adjuntos de una persona, cuyos ids se leen de la tabla: los comodines son "
            "los dos prefijos de adjuntos del bucket, nada más.",
            f"AwsSolutions-IAM5[Resource::<{self._id_logico(self.bucket)}.Arn>/{PREFIJO_SUBIDAS}*]",
            f"AwsSolutions-IAM5[Resource::<{self._id_logico(self.bucket)}.Arn>/{PREFIJO_CASOS}*]",
        )

    @property
    def origen_subidas(self) -> str:
        """A dónde sube el navegador (va en la CSP del sitio y en URL_SUBIDAS)."""
        return f"https://{self.bucket.bucket_regional_domain_name}"
