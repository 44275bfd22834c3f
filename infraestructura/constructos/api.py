"""API REST (API Gateway v1) construida desde la tabla de rutas, con su WAF regional."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping

from aws_cdk import Stack
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_cognito as cognito
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from aws_cdk import aws_wafv2 as waf
from constructs import Construct

from infraestructura.constructos.nag import reconocer
from infraestructura.rutas import RUTAS, Ruta

ETAPA = "v1"
LIMITE_GENERAL = {"throttling_rate_limit": 50, "throttling_burst_limit": 100}
# Las rutas públicas que escriben (alta, consulta con segundo factor, inicio de sesión de agentes,
# confirmación y respuesta de la encuesta desde el correo) van más cortas.
LIMITE_POST_PUBLICO = {"throttling_rate_limit": 5, "throttling_burst_limit": 10}
LIMITE_WAF_POR_IP = 300  # solicitudes por IP en 5 minutos
LIMITE_WAF_POR_ORIGEN = 3000  # respaldo por IP de conexión (borde de CloudFront o llamada directa)

FORMATO_ACCESO = {
    "solicitud": "$context.requestId",
    "ip": "$context.identity.sourceIp",
    "metodo": "$context.httpMethod",
    "recurso": "$context.resourcePath",
    "estado": "$context.status",
    "latencia_ms": "$context.responseLatency",
    "latencia_integracion_ms": "$context.integrationLatency",
    "bytes": "$context.responseLength",
    "waf": "$context.waf.status",
    "traza": "$context.xrayTraceId",
    "fecha": "$context.requestTime",
}

# Errores que produce la propia pasarela, con la forma de error del contrato.
RESPUESTAS_PASARELA: dict[apigw.ResponseType, tuple[str, int | None, str]] = {
    apigw.ResponseType.MISSING_AUTHENTICATION_TOKEN: ("no_encontrado", 404, "La ruta no existe."),
    apigw.ResponseType.UNAUTHORIZED: ("no_autenticado", None, "Inicia sesión para continuar."),
    apigw.ResponseType.ACCESS_DENIED: ("sin_permiso", None, "No tienes permiso para esta acción."),
    apigw.ResponseType.WAF_FILTERED: (
        "solicitud_bloqueada",
        None,
        "La solicitud fue bloqueada; intenta de nuevo en unos minutos.",
    ),
    apigw.ResponseType.THROTTLED: (
        "demasiadas_solicitudes",
        None,
        "Demasiadas solicitudes; intenta de nuevo en unos minutos.",
    ),
    apigw.ResponseType.DEFAULT_4_XX: ("solicitud_invalida", None, "La solicitud no es válida."),
    apigw.ResponseType.DEFAULT_5_XX: ("error_interno", None, "Ocurrió un error; intenta más tarde."),
}


def clave_metodo(ruta: Ruta) -> str:
    """Clave de `method_options` de la etapa: ruta del recurso + método."""
    return f"{ruta.ruta}/{ruta.metodo}"


class Api(Construct):
    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        funciones: Mapping[str, lambda_.IFunction],
        usuarios: cognito.IUserPool,
        rutas: Iterable[Ruta] = RUTAS,
    ) -> None:
        super().__init__(scope, id)
        self._usuarios = usuarios
        self._autorizador: apigw.CognitoUserPoolsAuthorizer | None = None
        rutas = tuple(rutas)

        registros_acceso = logs.LogGroup(self, "RegistrosAcceso", retention=logs.RetentionDays.ONE_MONTH)
        self.rest_api = apigw.RestApi(
            self,
            "RestApi",
            # El nombre es la dimensión ApiName de sus métricas (alarma de 5xx).
            rest_api_name=f"{Stack.of(self).stack_name}-api",
            description="Blue Point: atención al usuario final",
            endpoint_types=[apigw.EndpointType.REGIONAL],
            cloud_watch_role=True,
            deploy_options=apigw.StageOptions(
                stage_name=ETAPA,
                access_log_destination=apigw.LogGroupLogDestination(registros_acceso),
                access_log_format=apigw.AccessLogFormat.custom(json.dumps(FORMATO_ACCESO)),
                tracing_enabled=True,
                metrics_enabled=True,
                logging_level=apigw.MethodLoggingLevel.ERROR,
                data_trace_enabled=False,
                **LIMITE_GENERAL,
                method_options={
                    clave_metodo(r): apigw.MethodDeploymentOptions(**LIMITE_POST_PUBLICO)
                    for r in rutas
                    if r.publica and r.metodo == "POST"
                },
            ),
        )
        # API Gateway escribe los registros de ejecución en un grupo que crea al primer error, sin retención. Se crea
        # aquí con ese nombre exacto, y la etapa espera al grupo: así el servicio nunca lo crea antes que la pila.
        self.registros_ejecucion = logs.LogGroup(
            self,
            "RegistrosEjecucion",
            log_group_name=f"API-Gateway-Execution-Logs_{self.rest_api.rest_api_id}/{ETAPA}",
            retention=logs.RetentionDays.ONE_MONTH,
        )
        self.rest_api.deployment_stage.node.add_dependency(self.registros_ejecucion)
        reconocer(
            self.rest_api,
            "El rol de CloudWatch de API Gateway es de la cuenta y usa la política administrada que AWS "
            "documenta para él.",
            "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/"
            "AmazonAPIGatewayPushToCloudWatchLogs]",
        )

        # Sin modelos ni parámetros obligatorios no rechaza nada aún; valida lo que cada ruta declare.
        validador = self.rest_api.add_request_validator(
            "Validador", validate_request_body=True, validate_request_parameters=True
        )
        integraciones: dict[str, apigw.LambdaIntegration] = {}
        for ruta in rutas:
            integracion = integraciones.setdefault(
                ruta.funcion, apigw.LambdaIntegration(funciones[ruta.funcion], allow_test_invoke=False)
            )
            metodo = self.rest_api.root.resource_for_path(ruta.ruta).add_method(
                ruta.metodo,
                integracion,
                request_validator=validador,
                request_parameters={f"method.request.querystring.{p}": False for p in ruta.parametros_consulta} or None,
                **self._autorizacion(ruta),
            )
            if ruta.publica:
                reconocer(metodo, "Ruta pública del contrato.", "AwsSolutions-APIG4", "AwsSolutions-COG4")

        for tipo, (codigo, estado, mensaje) in RESPUESTAS_PASARELA.items():
            cuerpo = {"error": {"codigo": codigo, "mensaje": mensaje, "campos": []}}
            self.rest_api.add_gateway_response(
                f"Respuesta{tipo.response_type}",
                type=tipo,
                status_code=str(estado) if estado else None,
                templates={"application/json": json.dumps(cuerpo, ensure_ascii=False)},
            )

        self.waf = self._crear_waf()
        waf.CfnWebACLAssociation(
            self,
            "AsociacionWaf",
            resource_arn=self.rest_api.deployment_stage.stage_arn,
            web_acl_arn=self.waf.attr_arn,
        )

    def _autorizacion(self, ruta: Ruta) -> dict:
        if ruta.publica:
            return {"authorization_type": apigw.AuthorizationType.NONE}
        if self._autorizador is None:
            # Se crea con la primera ruta de agentes: CDK rechaza un autorizador sin métodos.
            self._autorizador = apigw.CognitoUserPoolsAuthorizer(
                self, "AutorizadorAgentes", cognito_user_pools=[self._usuarios]
            )
        return {"authorization_type": apigw.AuthorizationType.COGNITO, "authorizer": self._autorizador}

    def _crear_waf(self) -> waf.CfnWebACL:
        def visibilidad(nombre: str) -> waf.CfnWebACL.VisibilityConfigProperty:
            return waf.CfnWebACL.VisibilityConfigProperty(
                cloud_watch_metrics_enabled=True, metric_name=nombre, sampled_requests_enabled=True
            )

        def limite(nombre: str, prioridad: int, limite: int, **clave) -> waf.CfnWebACL.RuleProperty:
            return waf.CfnWebACL.RuleProperty(
                name=nombre,
                priority=prioridad,
                action=waf.CfnWebACL.RuleActionProperty(block={}),
                statement=waf.CfnWebACL.StatementProperty(
                    rate_based_statement=waf.CfnWebACL.RateBasedStatementProperty(
                        limit=limite, evaluation_window_sec=300, **clave
                    )
                ),
                visibility_config=visibilidad(nombre),
            )

        return waf.CfnWebACL(
            self,
            "Waf",
            scope="REGIONAL",
            default_action=waf.CfnWebACL.DefaultActionProperty(allow={}),
            visibility_config=visibilidad("BluePointApi"),
            rules=[
                # Detrás de CloudFront la IP de conexión es la del borde: el cliente va en X-Forwarded-For.
                limite(
                    "LimitePorIpCliente",
                    0,
                    LIMITE_WAF_POR_IP,
                    aggregate_key_type="FORWARDED_IP",
                    forwarded_ip_config=waf.CfnWebACL.ForwardedIPConfigurationProperty(
                        header_name="X-Forwarded-For", fallback_behavior="MATCH"
                    ),
                ),
                limite("LimitePorIpConexion", 1, LIMITE_WAF_POR_ORIGEN, aggregate_key_type="IP"),
                waf.CfnWebACL.RuleProperty(
                    name="ReglasComunesAws",
                    priority=2,
                    override_action=waf.CfnWebACL.OverrideActionProperty(none={}),
                    statement=waf.CfnWebACL.StatementProperty(
                        managed_rule_group_statement=waf.CfnWebACL.ManagedRuleGroupStatementProperty(
                            vendor_name="AWS", name="AWSManagedRulesCommonRuleSet"
                        )
                    ),
                    visibility_config=visibilidad("ReglasComunesAws"),
                ),
                # Entradas conocidas como maliciosas (rutas de explotación, Log4j y similares): 1 USD al mes.
                waf.CfnWebACL.RuleProperty(
                    name="EntradasMaliciosasAws",
                    priority=3,
                    override_action=waf.CfnWebACL.OverrideActionProperty(none={}),
                    statement=waf.CfnWebACL.StatementProperty(
                        managed_rule_group_statement=waf.CfnWebACL.ManagedRuleGroupStatementProperty(
                            vendor_name="AWS", name="AWSManagedRulesKnownBadInputsRuleSet"
                        )
                    ),
                    visibility_config=visibilidad("EntradasMaliciosasAws"),
                ),
            ],
        )
