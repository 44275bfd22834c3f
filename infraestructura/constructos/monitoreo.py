"""Alarmas técnicas y el tema `operacion` al que avisan."""

from __future__ import annotations

from collections.abc import Mapping

from aws_cdk import ArnFormat, Duration, Stack
from aws_cdk import aws_apigatewayv2 as apigw
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_cloudwatch_actions as acciones
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sns_subscriptions as suscripciones
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from infraestructura.rutas import funciones_api

PERIODO = Duration.minutes(5)
EDAD_MAXIMA_FLUJO = Duration.minutes(15)
TASA_REBOTES = 0.04
TASA_QUEJAS = 0.0008
UMBRAL_4XX_PORCENTAJE = 50


class Monitoreo(Construct):
    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        funciones: Mapping[str, lambda_.Function],
        colas_fallos: Mapping[str, tuple[sqs.IQueue, str]],
        api: apigw.HttpApi,
        consumidores_flujo: Mapping[str, tuple[str, str]],
        clave: kms.IKey,
        correo_operacion: str = "",
        errores_atrapados: Mapping[str, logs.ILogGroup] | None = None,
    ) -> None:
        super().__init__(scope, id)
        self._arns_alarmas: list[str] = []

        # La llave de la tabla: CloudWatch publica en el tema cifrado sólo desde estas alarmas (`_permitir_alarmas`).
        self.operacion = sns.Topic(
            self,
            "Operacion",
            display_name="Blue Point: operación",
            master_key=clave,
            enforce_ssl=True,
        )
        if correo_operacion:
            self.operacion.add_subscription(suscripciones.EmailSubscription(correo_operacion))
        self._accion = acciones.SnsAction(self.operacion)

        # Errores por función sólo donde nadie más los ve: las que atienden rutas ya los muestran en la alarma de
        # 5xx de la API (una excepción o un tiempo agotado salen como 500/503, y un error atrapado por el resolver,
        # que Lambda no cuenta como error, también). 12 alarmas menos (1.20 USD al mes); `Errors` por función
        # sigue en las métricas de Lambda para saber cuál fue.
        con_rutas = set(funciones_api())
        for nombre, funcion in funciones.items():
            if nombre in con_rutas:
                continue
            sufijo = nombre.capitalize()
            self._mayor_que_cero(
                f"Errores{sufijo}", funcion.metric_errors(period=PERIODO), f"La función {nombre} lanzó errores."
            )
        # Una sola alarma de limitación, de la región: sin reserva propia, una función sólo se limita cuando la
        # cuenta se queda sin concurrencia (y entonces se limitan todas); la que reserva (barrido) también cuenta
        # aquí. Una por función eran 15 alarmas más (1.50 USD al mes) para el mismo aviso.
        self._mayor_que_cero(
            "LimitadaCuenta",
            cloudwatch.Metric(
                namespace="AWS/Lambda", metric_name="Throttles", period=PERIODO, statistic=cloudwatch.Stats.SUM
            ),
            "Lambda limitó invocaciones en la región (throttling): ¿se agotó la concurrencia de la cuenta? "
            "Revisar la métrica Throttles por función.",
        )

        # Cada cola de fallos (flujo, barrido) avisa con su primer mensaje.
        for id_alarma, (cola, descripcion) in colas_fallos.items():
            self._mayor_que_cero(
                id_alarma,
                cola.metric_approximate_number_of_messages_visible(period=PERIODO, statistic=cloudwatch.Stats.MAXIMUM),
                descripcion,
            )
        self._mayor_que_cero(
            "Errores5xxApi",
            # Métrica `5xx` de HTTP API por ApiId (sin métricas detalladas por ruta: cuestan por métrica).
            api.metric_server_error(period=PERIODO, statistic=cloudwatch.Stats.SUM),
            "La API respondió 5xx: en este contrato un 5xx siempre es un defecto. La métrica Errors de cada función "
            "que atiende rutas dice cuál fue.",
        )
        # Más de la mitad de las solicitudes en 4xx (con al menos 20): casi siempre la pasarela, no los clientes. P. ej.
        # una rotación del candado de origen a medias (todo 403), el autorizador JWT con otro cliente (todo 401) o
        # un límite demasiado corto (429). Métrica `4xx` y `Count` de HTTP API por ApiId.
        self._alarma(
            "Rechazos4xxApi",
            cloudwatch.MathExpression(
                expression="IF(solicitudes >= 20, 100 * rechazos / solicitudes, 0)",
                using_metrics={
                    "rechazos": api.metric_client_error(period=PERIODO, statistic=cloudwatch.Stats.SUM),
                    "solicitudes": api.metric_count(period=PERIODO, statistic=cloudwatch.Stats.SUM),
                },
                period=PERIODO,
                label="Porcentaje de 4xx",
            ),
            umbral=UMBRAL_4XX_PORCENTAJE,
            descripcion="Más de la mitad de las solicitudes a la API dieron 4xx: revisar el candado de origen "
            "(make rotar-origen a medias), el autorizador JWT o los límites (docs/operacion.md, paso 16).",
        )
        # Reputación de la cuenta de SES: AWS revisa la cuenta con 5 % de rebotes y 0.1 % de quejas; se avisa antes.
        for id_alarma, metrica, umbral, descripcion in (
            (
                "TasaRebotesSes",
                "Reputation.BounceRate",
                TASA_REBOTES,
                "La tasa de rebotes de SES pasó de 4 %: revisar qué correos rebotan antes de que AWS pause el envío.",
            ),
            (
                "TasaQuejasSes",
                "Reputation.ComplaintRate",
                TASA_QUEJAS,
                "La tasa de quejas de SES pasó de 0.08 %: revisar qué correo marcan como no deseado.",
            ),
        ):
            self._alarma(
                id_alarma,
                cloudwatch.Metric(
                    namespace="AWS/SES",
                    metric_name=metrica,
                    period=Duration.hours(1),
                    statistic=cloudwatch.Stats.MAXIMUM,
                ),
                umbral=umbral,
                descripcion=descripcion,
            )
        # Cada consumidor del flujo (notificaciones, agregados) avisa si se queda atrás.
        for id_alarma, (nombre, descripcion) in consumidores_flujo.items():
            self._alarma(
                id_alarma,
                funciones[nombre].metric("IteratorAge", period=PERIODO, statistic=cloudwatch.Stats.MAXIMUM),
                umbral=EDAD_MAXIMA_FLUJO.to_milliseconds(),
                descripcion=descripcion,
            )
        # Funciones que nunca lanzan (el IVR: una excepción sería un error genérico en la llamada) y registran la falla
        # con nivel ERROR: un filtro de métrica sobre su grupo de registros la cuenta, y la alarma avisa como `Errors`.
        for nombre, grupo in (errores_atrapados or {}).items():
            sufijo = nombre.capitalize()
            filtro = grupo.add_metric_filter(
                f"FiltroErroresAtrapados{sufijo}",
                filter_pattern=logs.FilterPattern.string_value("$.level", "=", "ERROR"),
                metric_namespace="BluePoint",
                metric_name=f"ErroresAtrapados{sufijo}",
                metric_value="1",
            )
            self._mayor_que_cero(
                f"ErroresAtrapados{sufijo}",
                filtro.metric(period=PERIODO, statistic=cloudwatch.Stats.SUM),
                f"La función {nombre} atrapó una falla inesperada y respondió «fuera de servicio»: revisar sus "
                "registros (nivel ERROR).",
            )
        self._permitir_alarmas(clave)

    def _permitir_alarmas(self, clave: kms.IKey) -> None:
        """Cada alarma de aquí, y ninguna otra, publica en `operacion` y usa su llave.

        `enforce_ssl` reemplaza la política predeterminada del tema: sin este Allow ninguna alarma avisa.
        Los ARN se arman con el nombre de cada alarma (no con GetAtt): la llave no puede depender de las alarmas,
        que dependen del tema, que depende de la llave.
        """
        servicio = iam.ServicePrincipal("cloudwatch.amazonaws.com")
        condiciones = {
            "StringEquals": {"aws:SourceAccount": Stack.of(self).account},
            "ArnLike": {"aws:SourceArn": list(self._arns_alarmas)},
        }
        self.operacion.add_to_resource_policy(
            iam.PolicyStatement(
                sid="PublicanLasAlarmas",
                principals=[servicio],
                actions=["sns:Publish"],
                resources=[self.operacion.topic_arn],
                conditions=condiciones,
            )
        )
        clave.add_to_resource_policy(
            iam.PolicyStatement(
                principals=[servicio],
                actions=["kms:Decrypt", "kms:GenerateDataKey*"],
                resources=["*"],
                conditions=condiciones,
            )
        )

    def _mayor_que_cero(self, id: str, metrica: cloudwatch.IMetric, descripcion: str) -> None:
        self._alarma(id, metrica, umbral=0, descripcion=descripcion)

    def _alarma(self, id: str, metrica: cloudwatch.IMetric, *, umbral: float, descripcion: str) -> None:
        # Nombre fijo (<pila>-<id>): se lee en el aviso y permite acotar la política del tema y de la llave.
        pila = Stack.of(self)
        nombre = f"{pila.stack_name}-{id}"
        alarma = cloudwatch.Alarm(
            self,
            id,
            alarm_name=nombre,
            metric=metrica,
            threshold=umbral,
            comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
            evaluation_periods=1,
            treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING,
            alarm_description=descripcion,
        )
        alarma.add_alarm_action(self._accion)
        alarma.add_ok_action(self._accion)
        self._arns_alarmas.append(
            pila.format_arn(
                service="cloudwatch", resource="alarm", resource_name=nombre, arn_format=ArnFormat.COLON_RESOURCE_NAME
            )
        )
