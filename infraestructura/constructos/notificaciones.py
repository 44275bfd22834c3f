"""Salida de mensajes: SES (correo), SNS (SMS y alertas) y el consumo del flujo de la tabla."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path

from aws_cdk import Duration, Stack
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_lambda_destinations as destinos
from aws_cdk import aws_lambda_event_sources as fuentes
from aws_cdk import aws_scheduler as scheduler
from aws_cdk import aws_ses as ses
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sns_subscriptions as suscripciones
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from infraestructura.constructos.nag import reconocer

CATALOGO = Path(__file__).resolve().parents[2] / "funciones" / "nucleo" / "dominio" / "catalogo.json"
SUPERVISORES = "supervisores"

# Solo los eventos nuevos que piden un envío: sk EVENTO#… y notificar.medio presente. Los eventos
# que registra la propia función (entregas) no llevan `notificar`, así que no vuelven a entrar.
FILTRO_EVENTOS = {
    "eventName": lambda_.FilterRule.is_equal("INSERT"),
    "dynamodb": {
        "NewImage": {
            "sk": {"S": lambda_.FilterRule.begins_with("EVENTO#")},
            "notificar": {"M": {"medio": {"S": lambda_.FilterRule.exists()}}},
        }
    },
}


def destinos_alertas(catalogo: Path = CATALOGO) -> tuple[str, ...]:
    """Quién recibe alertas: supervisores y cada departamento del catálogo (la misma lista que usan las funciones)."""
    departamentos = json.loads(catalogo.read_text(encoding="utf-8"))["departamentos"]
    return (SUPERVISORES, *(d["clave"] for d in departamentos))


def id_numero_whatsapp(numero: str) -> str:
    """El id de AWS del número (`phone-number-id-<hex>` o su ARN) → `<hex>`, el nombre de recurso de su ARN."""
    hexadecimal = numero.strip().rsplit("/", 1)[-1].removeprefix("phone-number-id-")
    if not re.fullmatch(r"[0-9a-f]{32}", hexadecimal):
        raise ValueError(
            f"whatsapp_numero debe ser phone-number-id-<32 hexadecimales> o su ARN, no {numero!r} "
            "(aws socialmessaging get-linked-whatsapp-business-account --id waba-…)"
        )
    return hexadecimal


class Notificaciones(Construct):
    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        dominio: str,
        clave: kms.IKey,
        correos_alertas: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(scope, id)
        self._clave = clave

        self.configuracion = ses.ConfigurationSet(
            self,
            "ConfiguracionSes",
            reputation_metrics=True,
            tls_policy=ses.ConfigurationSetTlsPolicy.REQUIRE,
            suppression_reasons=ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
            sending_enabled=True,
        )
        self.identidad = ses.EmailIdentity(
            self,
            "IdentidadSes",
            identity=ses.Identity.domain(dominio),
            configuration_set=self.configuracion,
        )
        self.remitente = f"atencion@{dominio}"
        self.arn_configuracion = Stack.of(self).format_arn(
            service="ses",
            resource="configuration-set",
            resource_name=self.configuracion.configuration_set_name,
        )

        self.alertas = sns.Topic(
            self,
            "Alertas",
            display_name="Blue Point: alertas a supervisores",
            master_key=clave,
            enforce_ssl=True,
        )
        self.suscripciones = self._suscribir_alertas(dict(correos_alertas or {}))

        # Prueba de entrega: SES publica entrega, rebote y queja en este tema; lo consume `notificaciones`.
        self.eventos_ses = sns.Topic(
            self,
            "EventosSes",
            display_name="Blue Point: eventos de SES",
            master_key=clave,
            enforce_ssl=True,
        )
        ses.ConfigurationSetEventDestination(
            self,
            "DestinoEventosSes",
            configuration_set=self.configuracion,
            destination=ses.EventDestination.sns_topic(self.eventos_ses),
            events=[
                ses.EmailSendingEvent.DELIVERY,
                ses.EmailSendingEvent.BOUNCE,
                ses.EmailSendingEvent.COMPLAINT,
            ],
        )
        clave.add_to_resource_policy(
            iam.PolicyStatement(
                principals=[iam.ServicePrincipal("ses.amazonaws.com")],
                actions=["kms:GenerateDataKey*", "kms:Decrypt"],
                resources=["*"],
                conditions={
                    "StringEquals": {"aws:SourceAccount": Stack.of(self).account},
                    "ArnLike": {"aws:SourceArn": self.arn_configuracion},
                },
            )
        )

        # Destino de lo que agotó reintentos: de los lotes del flujo guarda la referencia (no la imagen); de las
        # invocaciones asíncronas, el evento (un aviso de SES trae la dirección del cliente; 14 días, cifrada).
        self.cola_fallos = sqs.Queue(
            self,
            "ColaFallos",
            encryption=sqs.QueueEncryption.SQS_MANAGED,
            enforce_ssl=True,
            retention_period=Duration.days(14),
        )
        reconocer(
            self.cola_fallos,
            "Es el destino de fallos del flujo: nadie la consume en automático, se revisa a mano con su alarma.",
            "AwsSolutions-SQS3",
        )

    def _suscribir_alertas(self, correos: dict[str, str]) -> dict[str, sns.Subscription]:
        """Un correo por destino; cada suscripción recibe solo los mensajes cuyo `departamento` lo incluye."""
        destinos = destinos_alertas()
        ajenos = sorted(set(correos) - set(destinos))
        if ajenos:
            raise ValueError(
                f"correos_alertas tiene destinos que no existen: {', '.join(ajenos)} (válidos: {', '.join(destinos)})"
            )
        suscritas: dict[str, sns.Subscription] = {}
        for destino in destinos:
            correo = (correos.get(destino) or "").strip()
            if not correo:
                continue
            suscripcion = sns.Subscription(
                self,
                f"Suscripcion{''.join(p.capitalize() for p in destino.split('_'))}",
                topic=self.alertas,
                protocol=sns.SubscriptionProtocol.EMAIL,
                endpoint=correo,
                filter_policy={"departamento": sns.SubscriptionFilter.string_filter(allowlist=[destino])},
            )
            # Es el valor por omisión de SNS; explícito para que nadie lo lea como filtro sobre el cuerpo.
            suscripcion.node.default_child.filter_policy_scope = "MessageAttributes"
            suscritas[destino] = suscripcion
        return suscritas

    def conectar(self, funcion: lambda_.Function, rol: iam.IRole, tabla: dynamodb.ITable) -> None:
        """Hace de `funcion` la consumidora del flujo y le da permiso de enviar correo, SMS y alertas."""
        funcion.add_event_source(
            fuentes.DynamoEventSource(
                tabla,
                # LATEST perdería los eventos escritos antes de que exista el mapeo (primer despliegue).
                starting_position=lambda_.StartingPosition.TRIM_HORIZON,
                batch_size=10,
                bisect_batch_on_error=True,
                retry_attempts=8,
                max_record_age=Duration.hours(6),
                report_batch_item_failures=True,
                on_failure=fuentes.SqsDlq(self.cola_fallos),
                filters=[lambda_.FilterCriteria.filter(FILTRO_EVENTOS)],
            )
        )

        # Eventos de SES por SNS y encuestas diferidas: invocaciones asíncronas, con el mismo destino de fallos.
        self.eventos_ses.add_subscription(suscripciones.LambdaSubscription(funcion))
        funcion.configure_async_invoke(on_failure=destinos.SqsDestination(self.cola_fallos), retry_attempts=2)
        self._programar_encuestas(funcion, rol)

        rol.add_to_principal_policy(
            iam.PolicyStatement(
                actions=["ses:SendEmail"],
                resources=[self.identidad.email_identity_arn, self.arn_configuracion],
            )
        )
        rol.add_to_principal_policy(iam.PolicyStatement(actions=["sns:Publish"], resources=[self.alertas.topic_arn]))
        self._clave.grant(rol, "kms:GenerateDataKey", "kms:Decrypt")

        # Un SMS directo a un número no tiene ARN: IAM solo lo autoriza con Resource "*".
        sms = iam.Policy(
            self,
            "PoliticaSms",
            statements=[iam.PolicyStatement(actions=["sns:Publish"], resources=["*"])],
        )
        rol.attach_inline_policy(sms)
        reconocer(
            sms,
            'sns:Publish a un número de teléfono (SMS) no tiene ARN de recurso; IAM exige Resource "*".',
            "AwsSolutions-IAM5[Resource::*]",
        )

    def conectar_whatsapp(self, funcion: lambda_.Function, rol: iam.IRole, numero: str) -> None:
        """WhatsApp saliente (End User Messaging Social): sólo enviar, y sólo desde el número de origen ligado."""
        hexadecimal = id_numero_whatsapp(numero)
        arn = Stack.of(self).format_arn(
            service="social-messaging", resource="phone-number-id", resource_name=hexadecimal
        )
        rol.add_to_principal_policy(
            iam.PolicyStatement(actions=["social-messaging:SendWhatsAppMessage"], resources=[arn])
        )
        funcion.add_environment("WHATSAPP_NUMERO", f"phone-number-id-{hexadecimal}")

    def _programar_encuestas(self, funcion: lambda_.Function, rol: iam.IRole) -> None:
        """Encuesta diferida: la función crea programas de una vez en su grupo; Scheduler la invoca con su rol."""
        self.grupo_programas = scheduler.ScheduleGroup(self, "GrupoEncuestas")
        self.rol_programas = iam.Role(
            self,
            "RolProgramas",
            assumed_by=iam.ServicePrincipal(
                "scheduler.amazonaws.com",
                conditions={"StringEquals": {"aws:SourceAccount": Stack.of(self).account}},
            ),
            description="EventBridge Scheduler: invoca notificaciones para enviar la encuesta diferida",
        )
        # Sólo la versión sin calificar (la que invoca el programa), no `:*` como haría grant_invoke.
        self.rol_programas.add_to_policy(
            iam.PolicyStatement(actions=["lambda:InvokeFunction"], resources=[funcion.function_arn])
        )
        self.cola_fallos.grant_send_messages(self.rol_programas)
        grupo = self.grupo_programas.schedule_group_name
        politica = iam.Policy(
            self,
            "PoliticaProgramas",
            statements=[
                iam.PolicyStatement(
                    actions=["scheduler:CreateSchedule"],
                    resources=[
                        Stack.of(self).format_arn(service="scheduler", resource="schedule", resource_name=f"{grupo}/*")
                    ],
                ),
                iam.PolicyStatement(
                    actions=["iam:PassRole"],
                    resources=[self.rol_programas.role_arn],
                    conditions={"StringEquals": {"iam:PassedToService": "scheduler.amazonaws.com"}},
                ),
            ],
        )
        rol.attach_inline_policy(politica)
        reconocer(
            politica,
            "Cada encuesta diferida es un programa con nombre propio (folio y evento); el comodín se limita al grupo.",
            f"AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule/{grupo}/*]",
        )
        funcion.add_environment("GRUPO_PROGRAMAS", self.grupo_programas.schedule_group_name)
        funcion.add_environment("ROL_PROGRAMAS", self.rol_programas.role_arn)
        funcion.add_environment("COLA_FALLOS_PROGRAMAS", self.cola_fallos.queue_arn)
