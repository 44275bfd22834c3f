"""WhatsApp entrante: el destino de eventos de la WABA (tema SNS cifrado) → función `whatsapp_entrante`.

AWS End User Messaging Social publica en el tema cada evento de la WABA (mensajes del cliente y estados de lo
enviado). Sólo ese servicio puede publicar, y sólo por una WABA de esta cuenta (aws:SourceAccount, aws:SourceArn);
el tema se cifra con la llave única de la pila, que el servicio puede usar bajo las mismas condiciones. El tema se
liga a la WABA una vez, fuera de CloudFormation (docs/operacion.md): `aws socialmessaging
put-whatsapp-business-account-event-destinations`.
"""

from __future__ import annotations

from aws_cdk import Duration, Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_lambda_destinations as destinos
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sns_subscriptions as suscripciones
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from infraestructura.constructos.nag import reconocer
from infraestructura.constructos.notificaciones import id_numero_whatsapp

SERVICIO = "social-messaging.amazonaws.com"


class WhatsAppEntrante(Construct):
    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        funcion: lambda_.Function,
        rol: iam.IRole,
        clave: kms.IKey,
        numero: str = "",
    ) -> None:
        super().__init__(scope, id)
        pila = Stack.of(self)
        # Cualquier WABA de esta cuenta y región (el id de la WABA no existe hasta ligarla con Meta).
        self.arn_wabas = pila.format_arn(service="social-messaging", resource="waba", resource_name="*")
        # Con `-c whatsapp_numero` (el de wa-salida), sólo ese número: bajar sus medios y contestar desde él.
        hexadecimal = id_numero_whatsapp(numero) if numero else "*"
        self.arn_numeros = pila.format_arn(
            service="social-messaging", resource="phone-number-id", resource_name=hexadecimal
        )
        if numero:
            funcion.add_environment("WHATSAPP_NUMERO", f"phone-number-id-{hexadecimal}")
        condiciones = {
            "StringEquals": {"aws:SourceAccount": pila.account},
            "ArnLike": {"aws:SourceArn": self.arn_wabas},
        }
        self.tema = sns.Topic(
            self,
            "Eventos",
            display_name="Blue Point: eventos de WhatsApp (End User Messaging Social)",
            master_key=clave,
            enforce_ssl=True,
        )
        self.tema.add_to_resource_policy(
            iam.PolicyStatement(
                sid="SoloEndUserMessagingSocial",
                principals=[iam.ServicePrincipal(SERVICIO)],
                actions=["sns:Publish"],
                resources=[self.tema.topic_arn],
                conditions=condiciones,
            )
        )
        # Publicar en un tema cifrado pide la llave: sólo al servicio, sólo por una WABA de esta cuenta.
        clave.add_to_resource_policy(
            iam.PolicyStatement(
                principals=[iam.ServicePrincipal(SERVICIO)],
                actions=["kms:GenerateDataKey*", "kms:Decrypt"],
                resources=["*"],
                conditions=condiciones,
            )
        )
        self.tema.add_subscription(suscripciones.LambdaSubscription(funcion))

        # Lo que agota reintentos (DynamoDB o el servicio caídos) queda aquí 14 días: el evento trae el mensaje del
        # cliente, así que la cola va cifrada y se revisa a mano con su alarma.
        self.cola_fallos = sqs.Queue(
            self,
            "ColaFallos",
            encryption=sqs.QueueEncryption.SQS_MANAGED,
            enforce_ssl=True,
            retention_period=Duration.days(14),
        )
        reconocer(
            self.cola_fallos, "Es la cola de fallos de whatsapp_entrante: se revisa con su alarma.", "AwsSolutions-SQS3"
        )
        funcion.configure_async_invoke(
            retry_attempts=2, max_event_age=Duration.hours(6), on_failure=destinos.SqsDestination(self.cola_fallos)
        )

        # Bajar el medio de un mensaje y contestar (texto de cortesía, plantilla sin caso abierto) por el número que
        # recibió el mensaje; el id del número viene en el evento.
        politica = iam.Policy(
            self,
            "PoliticaWhatsApp",
            statements=[
                iam.PolicyStatement(
                    actions=["social-messaging:GetWhatsAppMessageMedia", "social-messaging:SendWhatsAppMessage"],
                    resources=[self.arn_numeros],
                )
            ],
        )
        rol.attach_inline_policy(politica)
        if numero:
            return
        reconocer(
            politica,
            "Los números de WhatsApp de la cuenta (phone-number-id/*): sus ids salen de ligar la WABA con Meta, "
            "después del despliegue, y una WABA puede tener varios.",
            "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:social-messaging:<AWS::Region>:<AWS::AccountId>:"
            "phone-number-id/*]",
        )
