"""HTTP API (API Gateway v2, payload 2.0) construida desde la tabla de rutas, con el autorizador JWT de Cognito.

El WAF no va aquí: vive en CloudFront (pila BluePointBorde, us-east-1). La API sólo atiende lo que llega por
CloudFront: el candado de origen (una cabecera secreta) lo revisa la frontera común de las funciones.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence

from aws_cdk import Duration, RemovalPolicy, Stack
from aws_cdk import aws_apigatewayv2 as apigw
from aws_cdk import aws_apigatewayv2_authorizers as autorizadores
from aws_cdk import aws_apigatewayv2_integrations as integraciones
from aws_cdk import aws_cognito as cognito
from aws_cdk import aws_kms as kms
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from aws_cdk import aws_secretsmanager as secretsmanager
from constructs import Construct

from infraestructura.constructos.nag import reconocer
from infraestructura.rutas import RUTAS, Ruta

# Límites de la etapa ($default) de HTTP API: el general y, más cortos, los de cada POST público.
LIMITE_GENERAL = {"ThrottlingRateLimit": 50, "ThrottlingBurstLimit": 100}
LIMITE_POST_PUBLICO = {"ThrottlingRateLimit": 10, "ThrottlingBurstLimit": 20}
# El inicio de sesión (y sus retos) aún más: adivinar contraseñas no debe gastar el presupuesto de nadie más.
LIMITE_SESIONES = {"ThrottlingRateLimit": 5, "ThrottlingBurstLimit": 10}
RUTAS_SESIONES = ("/api/sesiones", "/api/sesiones/retos")
# Cabeceras que el navegador de otro origen (el sitio corporativo) puede mandar a la API.
CABECERAS_CORS = ("content-type", "idempotency-key")

FORMATO_ACCESO = {
    "solicitud": "$context.requestId",
    "ip": "$context.identity.sourceIp",
    "metodo": "$context.httpMethod",
    "ruta": "$context.routeKey",
    "estado": "$context.status",
    "latencia_ms": "$context.responseLatency",
    "latencia_integracion_ms": "$context.integrationLatency",
    "bytes": "$context.responseLength",
    "error_autorizador": "$context.authorizer.error",
    "error_integracion": "$context.integrationErrorMessage",
    "fecha": "$context.requestTime",
}


def clave_ruta(ruta: Ruta) -> str:
    """La clave de la ruta en HTTP API (`RouteKey`, y de `RouteSettings` en la etapa): método + ruta."""
    return f"{ruta.metodo} {ruta.ruta}"


def limites_por_ruta(rutas: Iterable[Ruta]) -> dict[str, dict[str, int]]:
    """`RouteSettings` de la etapa: el inicio de sesión con el suyo y cada POST público con el suyo."""
    limites: dict[str, dict[str, int]] = {}
    for r in rutas:
        if r.ruta in RUTAS_SESIONES:
            limites[clave_ruta(r)] = dict(LIMITE_SESIONES)
        elif r.publica and r.metodo == "POST":
            limites[clave_ruta(r)] = dict(LIMITE_POST_PUBLICO)
    return limites


class Api(Construct):
    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        funciones: Mapping[str, lambda_.IFunction],
        usuarios: cognito.IUserPool,
        cliente: cognito.IUserPoolClient,
        clave: kms.IKey,
        origenes_web: Sequence[str] = (),
        rutas: Iterable[Ruta] = RUTAS,
    ) -> None:
        super().__init__(scope, id)
        rutas = tuple(rutas)

        # El candado de origen: {actual, anterior}. CloudFront manda `actual`; las funciones aceptan los dos
        # mientras dura una rotación (`make rotar-origen`, docs/operacion.md).
        self.candado = secretsmanager.Secret(
            self,
            "CandadoOrigen",
            description="Blue Point: cabecera secreta que CloudFront agrega al origen de la API ({actual, anterior})",
            encryption_key=clave,
            generate_secret_string=secretsmanager.SecretStringGenerator(
                secret_string_template=json.dumps({"anterior": ""}),
                generate_string_key="actual",
                password_length=48,
                exclude_punctuation=True,
                include_space=False,
            ),
            removal_policy=RemovalPolicy.DESTROY,
        )
        reconocer(
            self.candado,
            "Se rota con `make rotar-origen`: la rotación tiene que cambiar también la cabecera de la distribución "
            "de CloudFront, en orden y esperando la caché de las funciones; una función de rotación de Secrets "
            "Manager no puede esperar a CloudFront.",
            "AwsSolutions-SMG4",
        )

        self.http_api = apigw.HttpApi(
            self,
            "HttpApi",
            api_name=f"{Stack.of(self).stack_name}-api",
            description="Blue Point: atención al usuario final",
            create_default_stage=False,
            # Sin orígenes: sin CORS (el sitio y la consola son del mismo origen que la API, vía CloudFront).
            cors_preflight=apigw.CorsPreflightOptions(
                allow_origins=list(origenes_web),
                allow_methods=[apigw.CorsHttpMethod.GET, apigw.CorsHttpMethod.POST],
                allow_headers=list(CABECERAS_CORS),
                max_age=Duration.hours(1),
            )
            if origenes_web
            else None,
        )
        registros_acceso = logs.LogGroup(self, "RegistrosAcceso", retention=logs.RetentionDays.ONE_MONTH)
        self.etapa = apigw.HttpStage(self, "Etapa", http_api=self.http_api, stage_name="$default", auto_deploy=True)
        etapa = self.etapa.node.default_child
        assert isinstance(etapa, apigw.CfnStage)
        etapa.default_route_settings = apigw.CfnStage.RouteSettingsProperty(
            throttling_rate_limit=LIMITE_GENERAL["ThrottlingRateLimit"],
            throttling_burst_limit=LIMITE_GENERAL["ThrottlingBurstLimit"],
            detailed_metrics_enabled=False,
        )
        etapa.route_settings = limites_por_ruta(rutas)
        etapa.access_log_settings = apigw.CfnStage.AccessLogSettingsProperty(
            destination_arn=registros_acceso.log_group_arn, format=json.dumps(FORMATO_ACCESO)
        )

        # El autorizador JWT nativo: valida firma, emisor (el grupo de usuarios), audiencia (el cliente de la
        # consola) y vencimiento del token de identidad, sin invocar ninguna función.
        self.autorizador = autorizadores.HttpUserPoolAuthorizer(
            "AutorizadorAgentes", usuarios, user_pool_clients=[cliente], authorizer_name="agentes"
        )
        por_funcion: dict[str, integraciones.HttpLambdaIntegration] = {}
        for ruta in rutas:
            integracion = por_funcion.setdefault(
                ruta.funcion,
                integraciones.HttpLambdaIntegration(
                    f"Integracion{ruta.funcion.capitalize()}",
                    funciones[ruta.funcion],
                    payload_format_version=apigw.PayloadFormatVersion.VERSION_2_0,
                ),
            )
            (creada,) = self.http_api.add_routes(
                path=ruta.ruta,
                methods=[apigw.HttpMethod(ruta.metodo)],
                integration=integracion,
                authorizer=None if ruta.publica else self.autorizador,
            )
            if ruta.publica:
                reconocer(creada, "Ruta pública del contrato.", "AwsSolutions-APIG4")

    @property
    def dominio(self) -> str:
        """El dominio de execute-api (el origen de CloudFront); sin la cabecera del candado responde 403."""
        return f"{self.http_api.api_id}.execute-api.{Stack.of(self).region}.{Stack.of(self).url_suffix}"
