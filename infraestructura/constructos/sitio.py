"""Sitio estático en S3 detrás de CloudFront, que además lleva /api/* a la API por el mismo origen."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from aws_cdk import Duration, RemovalPolicy
from aws_cdk import aws_cloudfront as cloudfront
from aws_cdk import aws_cloudfront_origins as origenes
from aws_cdk import aws_logs as logs
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_s3_deployment as despliegue
from constructs import Construct

from funciones.nucleo.frontera.cabeceras import HSTS_SEGUNDOS, politica_contenido, politica_permisos
from funciones.nucleo.frontera.candado import CABECERA_CANDADO
from infraestructura.constructos.connect import CONFIG_CONSOLA, Telefonia, carpeta_streams
from infraestructura.constructos.nag import reconocer
from infraestructura.constructos.rutas_sitio import codigo_respuesta, codigo_solicitud

if TYPE_CHECKING:
    from infraestructura.constructos.api import Api

RAIZ = Path(__file__).resolve().parents[2]


RUTAS_EN_CACHE = ("/api/catalogo", "/api/openapi.json")


class Sitio(Construct):
    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        api: Api,
        arn_waf: str,
        conexiones: tuple[str, ...] = (),
        telefonia: Telefonia | None = None,
    ) -> None:
        super().__init__(scope, id)

        # CloudFront solo entrega sus registros estándar con ACL: el bucket debe admitir OBJECT_WRITER.
        self.registros = s3.Bucket(
            self,
            "Registros",
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            encryption=s3.BucketEncryption.S3_MANAGED,
            enforce_ssl=True,
            object_ownership=s3.ObjectOwnership.OBJECT_WRITER,
            # Con versiones, borrar o reescribir un registro de acceso no lo pierde durante su año.
            versioned=True,
            lifecycle_rules=[
                s3.LifecycleRule(expiration=Duration.days(365), noncurrent_version_expiration=Duration.days(365))
            ],
            removal_policy=RemovalPolicy.RETAIN,
        )
        reconocer(
            self.registros,
            "Es el bucket que recibe los registros de acceso; registrarlo en sí mismo sería un bucle.",
            "AwsSolutions-S1",
        )

        self.contenido = s3.Bucket(
            self,
            "Contenido",
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            encryption=s3.BucketEncryption.S3_MANAGED,
            enforce_ssl=True,
            versioned=True,
            server_access_logs_bucket=self.registros,
            server_access_logs_prefix="s3-sitio/",
            lifecycle_rules=[s3.LifecycleRule(noncurrent_version_expiration=Duration.days(30))],
            removal_policy=RemovalPolicy.RETAIN,
        )

        # El origen es el dominio de execute-api de la HTTP API (etapa $default, sin prefijo), sin referirse a la
        # etapa ni a las rutas: así la distribución no depende de ellas y URL_SITIO no cierra un ciclo.
        # CloudFront agrega el candado de origen (el valor `actual` del secreto) y pisa el que mande el visitante.
        origen_api = origenes.HttpOrigin(
            api.dominio,
            protocol_policy=cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
            origin_ssl_protocols=[cloudfront.OriginSslPolicy.TLS_V1_2],
            custom_headers={CABECERA_CANDADO: api.candado.secret_value_from_json("actual").unsafe_unwrap()},
        )
        # Catálogo y OpenAPI en caché con el Origin en la llave: la respuesta de CORS del formulario incrustado
        # (Access-Control-Allow-Origin) es por origen y no se le debe servir a otro.
        cache_api = cloudfront.CachePolicy(
            self,
            "CacheApi",
            comment="Blue Point: catálogo y OpenAPI (max-age de la función), por Origin",
            header_behavior=cloudfront.CacheHeaderBehavior.allow_list("Origin"),
            query_string_behavior=cloudfront.CacheQueryStringBehavior.none(),
            cookie_behavior=cloudfront.CacheCookieBehavior.none(),
            min_ttl=Duration.seconds(0),
            default_ttl=Duration.seconds(300),
            max_ttl=Duration.hours(1),
            enable_accept_encoding_gzip=True,
            enable_accept_encoding_brotli=True,
        )
        # Índice de carpeta como en `make run` (/consola → /consola/ → /consola/index.html) y 404 con navegación
        # para lo que no existe (constructos/rutas_sitio.py).
        indice = cloudfront.Function(
            self,
            "IndiceCarpetas",
            comment="Sirve index.html de las carpetas del sitio y /404.html para lo que no existe",
            runtime=cloudfront.FunctionRuntime.JS_2_0,
            code=cloudfront.FunctionCode.from_inline(codigo_solicitud()),
        )
        estado_404 = cloudfront.Function(
            self,
            "Estado404",
            comment="La página 404 del sitio sale con estado 404",
            runtime=cloudfront.FunctionRuntime.JS_2_0,
            code=cloudfront.FunctionCode.from_inline(codigo_respuesta()),
        )
        # Cabeceras de seguridad propias en cada respuesta (sitio y API), las mismas que ponen las funciones y
        # `make run` (funciones/nucleo/frontera/cabeceras.py). La administrada SECURITY_HEADERS no trae CSP.
        self.cabeceras = cloudfront.ResponseHeadersPolicy(
            self,
            "CabecerasSeguridad",
            comment="Blue Point: CSP estricta, HSTS, nosniff, sin marcos, sin Referer y sin permisos de más",
            security_headers_behavior=cloudfront.ResponseSecurityHeadersBehavior(
                content_security_policy=cloudfront.ResponseHeadersContentSecurityPolicy(
                    # `conexiones`: el bucket de adjuntos, al que el navegador sube con el POST prefirmado.
                    # `telefonia`: el teléfono de Amazon Connect (CCP) que la consola enmarca, sólo si se configura.
                    content_security_policy=politica_contenido(conexiones, (telefonia.origen,) if telefonia else ()),
                    override=True,
                ),
                content_type_options=cloudfront.ResponseHeadersContentTypeOptions(override=True),
                frame_options=cloudfront.ResponseHeadersFrameOptions(
                    frame_option=cloudfront.HeadersFrameOption.DENY, override=True
                ),
                referrer_policy=cloudfront.ResponseHeadersReferrerPolicy(
                    referrer_policy=cloudfront.HeadersReferrerPolicy.NO_REFERRER,
                    override=True,
                ),
                strict_transport_security=cloudfront.ResponseHeadersStrictTransportSecurity(
                    access_control_max_age=Duration.seconds(HSTS_SEGUNDOS), include_subdomains=True, override=True
                ),
            ),
            custom_headers_behavior=cloudfront.ResponseCustomHeadersBehavior(
                custom_headers=[
                    cloudfront.ResponseCustomHeader(
                        header="Permissions-Policy",
                        # Con el teléfono de Connect, su iframe puede usar el micrófono (y nadie más).
                        value=politica_permisos((telefonia.origen,) if telefonia else ()),
                        override=True,
                    )
                ]
            ),
        )
        self.distribucion = cloudfront.Distribution(
            self,
            "Distribucion",
            comment="Blue Point: sitio, consola y API",
            default_root_object="index.html",
            default_behavior=cloudfront.BehaviorOptions(
                origin=origenes.S3BucketOrigin.with_origin_access_control(self.contenido),
                viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
                response_headers_policy=self.cabeceras,
                function_associations=[
                    cloudfront.FunctionAssociation(
                        function=indice, event_type=cloudfront.FunctionEventType.VIEWER_REQUEST
                    ),
                    cloudfront.FunctionAssociation(
                        function=estado_404, event_type=cloudfront.FunctionEventType.VIEWER_RESPONSE
                    ),
                ],
            ),
            additional_behaviors={
                # Catálogo y OpenAPI cambian sólo al desplegar (max-age=300): el borde responde y la API no cobra.
                **{
                    ruta: cloudfront.BehaviorOptions(
                        origin=origen_api,
                        viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
                        allowed_methods=cloudfront.AllowedMethods.ALLOW_GET_HEAD,
                        cache_policy=cache_api,
                        response_headers_policy=self.cabeceras,
                    )
                    for ruta in RUTAS_EN_CACHE
                },
                "/api/*": cloudfront.BehaviorOptions(
                    origin=origen_api,
                    viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
                    allowed_methods=cloudfront.AllowedMethods.ALLOW_ALL,
                    cache_policy=cloudfront.CachePolicy.CACHING_DISABLED,
                    origin_request_policy=cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
                    response_headers_policy=self.cabeceras,
                ),
            },
            enable_logging=True,
            log_bucket=self.registros,
            log_file_prefix="cloudfront/",
            price_class=cloudfront.PriceClass.PRICE_CLASS_100,
            http_version=cloudfront.HttpVersion.HTTP2_AND_3,
            # El WebACL de alcance CLOUDFRONT (pila BluePointBorde): ve la IP real del visitante.
            web_acl_id=arn_waf,
        )
        reconocer(
            self.distribucion,
            "Los clientes son de México pero pueden consultar su caso desde el extranjero; no se restringe por país.",
            "AwsSolutions-CFR1",
        )
        reconocer(
            self.distribucion,
            "Sin dominio propio se usa el certificado de *.cloudfront.net, que no permite fijar la "
            "versión mínima de TLS.",
            "AwsSolutions-CFR4",
        )

        despliegue.BucketDeployment(
            self,
            "Despliegue",
            sources=[
                # Con Connect, connect.json sale de la pila (la del repositorio dice `"ccp": null`): sin dos fuentes
                # para la misma llave, que el despliegue juntaría sin orden documentado.
                despliegue.Source.asset(str(RAIZ / "sitio"), exclude=[CONFIG_CONSOLA] if telefonia else []),
                *self._fuentes_telefonia(telefonia),
            ],
            destination_bucket=self.contenido,
            distribution=self.distribucion,
            distribution_paths=["/*"],
            memory_limit=256,
            log_group=logs.LogGroup(self, "RegistrosDespliegue", retention=logs.RetentionDays.ONE_MONTH),
        )

    @staticmethod
    def _fuentes_telefonia(telefonia: Telefonia | None) -> list[despliegue.ISource]:
        """Con Connect: Streams copiado del paquete npm y la configuración que lee consola-telefono.js."""
        if telefonia is None:
            return []
        return [
            despliegue.Source.asset(str(carpeta_streams())),
            despliegue.Source.json_data(CONFIG_CONSOLA, {"ccp": telefonia.ccp, "region": telefonia.region}),
        ]

    @property
    def dominio(self) -> str:
        return self.distribucion.distribution_domain_name
