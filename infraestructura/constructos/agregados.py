"""Segundo consumidor del flujo de la tabla: `agregados` suma cada evento de caso a los contadores de los reportes."""

from __future__ import annotations

from aws_cdk import Duration
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_lambda_event_sources as fuentes
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from funciones.nucleo.dominio.agregados import TIPOS_CONTADOS
from infraestructura.constructos.nag import reconocer

# Solo los eventos nuevos de un caso (sk EVENTO#… y entidad "evento") de un tipo que suma algo: las entregas,
# las notas y los eventos de SES no invocan. Los eventos del registro de clientes (verificaciones) también usan
# EVENTO#, pero no cuentan para los reportes.
FILTRO_EVENTOS_CASO = {
    "eventName": lambda_.FilterRule.is_equal("INSERT"),
    "dynamodb": {
        "NewImage": {
            "sk": {"S": lambda_.FilterRule.begins_with("EVENTO#")},
            "entidad": {"S": lambda_.FilterRule.is_equal("evento")},
            "tipo": {"S": lambda_.FilterRule.or_(*sorted(TIPOS_CONTADOS))},
        }
    },
}
# Un lote es una transacción (marca por evento + un ADD por día), sin envíos: lotes grandes, menos invocaciones.
TAMANO_LOTE = 100
# Los reportes pueden esperar un minuto; juntar registros ese tiempo baja invocaciones y el costo del ADD por evento.
VENTANA_LOTE = Duration.seconds(60)
REINTENTOS = 8
# Menos que las 24 h del flujo: el aviso de la cola llega cuando los registros aún se pueden leer.
EDAD_MAXIMA = Duration.hours(6)


class Agregados(Construct):
    def __init__(self, scope: Construct, id: str, *, funcion: lambda_.Function, tabla: dynamodb.ITable) -> None:
        super().__init__(scope, id)

        # Cola propia: su alarma dice qué consumidor falló y cómo se repara (recontar, no reenviar).
        self.cola_fallos = sqs.Queue(
            self,
            "ColaFallos",
            encryption=sqs.QueueEncryption.SQS_MANAGED,
            enforce_ssl=True,
            retention_period=Duration.days(14),
        )
        reconocer(
            self.cola_fallos,
            "Es el destino de fallos de los contadores: nadie la consume en automático, se revisa a mano "
            "con su alarma.",
            "AwsSolutions-SQS3",
        )

        funcion.add_event_source(
            fuentes.DynamoEventSource(
                tabla,
                # LATEST perdería los eventos escritos antes de que exista el mapeo (primer despliegue).
                starting_position=lambda_.StartingPosition.TRIM_HORIZON,
                batch_size=TAMANO_LOTE,
                max_batching_window=VENTANA_LOTE,
                bisect_batch_on_error=True,
                retry_attempts=REINTENTOS,
                max_record_age=EDAD_MAXIMA,
                report_batch_item_failures=True,
                on_failure=fuentes.SqsDlq(self.cola_fallos),
                filters=[lambda_.FilterCriteria.filter(FILTRO_EVENTOS_CASO)],
            )
        )
