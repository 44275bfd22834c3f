"""El reloj: una regla de EventBridge que invoca el barrido y una cola para los barridos que fallan."""

from __future__ import annotations

from aws_cdk import Duration
from aws_cdk import aws_events as events
from aws_cdk import aws_events_targets as objetivos
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_lambda_destinations as destinos
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from infraestructura.constructos.nag import reconocer

# Un barrido fallido lo reemplaza el siguiente (cada pocos minutos): dos reintentos y una hora bastan.
REINTENTOS = 2
EDAD_MAXIMA = Duration.hours(1)


class Reloj(Construct):
    def __init__(self, scope: Construct, id: str, *, funcion: lambda_.Function, cada_minutos: int) -> None:
        super().__init__(scope, id)

        # Registros de invocación de los barridos que agotaron reintentos (o que EventBridge no pudo entregar).
        self.cola_fallos = sqs.Queue(
            self,
            "ColaFallos",
            encryption=sqs.QueueEncryption.SQS_MANAGED,
            enforce_ssl=True,
            retention_period=Duration.days(14),
        )
        reconocer(
            self.cola_fallos,
            "Es el destino de fallos del barrido: nadie la consume en automático, se revisa a mano con su alarma.",
            "AwsSolutions-SQS3",
        )

        # Invocación asíncrona: lo que falla tras los reintentos va a la cola como destino on-failure.
        funcion.configure_async_invoke(
            on_failure=destinos.SqsDestination(self.cola_fallos),
            retry_attempts=REINTENTOS,
            max_event_age=EDAD_MAXIMA,
        )

        self.regla = events.Rule(
            self,
            "Programa",
            description=f"Blue Point: barrido del reloj cada {cada_minutos} minutos",
            schedule=events.Schedule.rate(Duration.minutes(cada_minutos)),
            targets=[
                objetivos.LambdaFunction(
                    funcion,
                    # Si EventBridge no logra entregar la invocación, el aviso cae en la misma cola.
                    dead_letter_queue=self.cola_fallos,
                    retry_attempts=REINTENTOS,
                    max_event_age=EDAD_MAXIMA,
                )
            ],
        )
