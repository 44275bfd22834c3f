"""El WebACL de CloudFront (alcance CLOUDFRONT, en us-east-1): límites por la IP real del visitante y reglas del
cuerpo ajustadas a las quejas que escriben los clientes.

En CloudFront la IP que ve el WAF es la del visitante (la conexión TLS termina en el borde), no una cabecera
que el cliente pueda escribir: por eso los límites usan `aggregate_key_type="IP"` y ninguno `FORWARDED_IP`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from aws_cdk import aws_wafv2 as waf
from constructs import Construct

from infraestructura.rutas import RUTAS, Ruta

# Solicitudes por IP en 5 minutos (el mínimo de WAF es 10). Holgados a propósito: los clientes de un ISP suelen
# salir por CGNAT (muchos detrás de una IP) y un centro de atención entra con todos sus agentes desde una sola.
LIMITE_SESIONES = 100  # POST /api/sesiones y /api/sesiones/retos: adivinar contraseñas
LIMITE_POST_PUBLICOS = 300  # alta, consulta, confirmación y encuesta
LIMITE_GENERAL = 3000  # todo: páginas, estáticos y API
VENTANA_S = 300
# El mismo tope que revisa la frontera de las funciones (MAX_CUERPO): 2,000 caracteres como \uXXXX son ~12 KB.
MAX_CUERPO = 64 * 1024
# Reglas del conjunto común que bloquean quejas reales: quedan en conteo (sus etiquetas siguen en los registros).
#  - SizeRestrictions_BODY: corta a 8 KB; el tope propio es TamanoCuerpo (64 KB).
#  - GenericRFI_BODY: bloquea "http://192.168.1.254" en el cuerpo; la API nunca abre URLs que le mandan.
EN_CONTEO = ("SizeRestrictions_BODY", "GenericRFI_BODY")
RUTAS_SESIONES = ("/api/sesiones", "/api/sesiones/retos")

CUERPO_LIMITE = "limite"
CUERPO_TAMANO = "tamano"
CUERPOS = {
    CUERPO_LIMITE: (
        "demasiadas_solicitudes",
        "Demasiadas solicitudes desde tu conexión; intenta de nuevo en unos minutos.",
    ),
    CUERPO_TAMANO: ("cuerpo_grande", f"La solicitud es demasiado grande (máximo {MAX_CUERPO // 1024} KB)."),
}


def _visibilidad(nombre: str) -> waf.CfnWebACL.VisibilityConfigProperty:
    return waf.CfnWebACL.VisibilityConfigProperty(
        cloud_watch_metrics_enabled=True, metric_name=nombre, sampled_requests_enabled=True
    )


def _bloqueo(estado: int, cuerpo: str) -> waf.CfnWebACL.RuleActionProperty:
    return waf.CfnWebACL.RuleActionProperty(
        block=waf.CfnWebACL.BlockActionProperty(
            custom_response=waf.CfnWebACL.CustomResponseProperty(
                response_code=estado,
                custom_response_body_key=cuerpo,
                response_headers=[waf.CfnWebACL.CustomHTTPHeaderProperty(name="retry-after", value=str(VENTANA_S))]
                if estado == 429
                else None,
            )
        )
    )


def _coincidencia(posicion: str, texto: str) -> waf.CfnWebACL.StatementProperty:
    return waf.CfnWebACL.StatementProperty(
        byte_match_statement=waf.CfnWebACL.ByteMatchStatementProperty(
            field_to_match=waf.CfnWebACL.FieldToMatchProperty(uri_path={}),
            positional_constraint=posicion,
            search_string=texto,
            text_transformations=[waf.CfnWebACL.TextTransformationProperty(priority=0, type="NONE")],
        )
    )


def _camino(ruta: str) -> waf.CfnWebACL.StatementProperty:
    """El camino de una ruta: exacto, o su prefijo hasta el primer parámetro (`/api/encuestas/`) y, si sigue algo
    tras el último (`/api/casos/{folio}/comentarios`), también ese final: el prefijo solo (`/api/casos/`) alcanzaría
    las rutas de agentes que lo comparten (`/api/casos/{folio}/interacciones`)."""
    prefijo, _, resto = ruta.partition("{")
    if not resto:
        return _coincidencia("EXACTLY", prefijo)
    final = ruta.rsplit("}", 1)[1]
    if not final:
        return _coincidencia("STARTS_WITH", prefijo)
    return waf.CfnWebACL.StatementProperty(
        and_statement=waf.CfnWebACL.AndStatementProperty(
            statements=[_coincidencia("STARTS_WITH", prefijo), _coincidencia("ENDS_WITH", final)]
        )
    )


def _post_a(caminos: Iterable[str]) -> waf.CfnWebACL.StatementProperty:
    """POST a alguno de los caminos (el alcance de un límite)."""
    caminos = sorted(set(caminos))
    metodo = waf.CfnWebACL.StatementProperty(
        byte_match_statement=waf.CfnWebACL.ByteMatchStatementProperty(
            field_to_match=waf.CfnWebACL.FieldToMatchProperty(method={}),
            positional_constraint="EXACTLY",
            search_string="POST",
            text_transformations=[waf.CfnWebACL.TextTransformationProperty(priority=0, type="NONE")],
        )
    )
    destinos = [_camino(c) for c in caminos]
    destino = (
        destinos[0]
        if len(destinos) == 1
        else waf.CfnWebACL.StatementProperty(or_statement=waf.CfnWebACL.OrStatementProperty(statements=destinos))
    )
    return waf.CfnWebACL.StatementProperty(
        and_statement=waf.CfnWebACL.AndStatementProperty(statements=[metodo, destino])
    )


def _limite(
    nombre: str, prioridad: int, limite: int, alcance: waf.CfnWebACL.StatementProperty | None = None
) -> waf.CfnWebACL.RuleProperty:
    return waf.CfnWebACL.RuleProperty(
        name=nombre,
        priority=prioridad,
        action=_bloqueo(429, CUERPO_LIMITE),
        statement=waf.CfnWebACL.StatementProperty(
            rate_based_statement=waf.CfnWebACL.RateBasedStatementProperty(
                limit=limite, evaluation_window_sec=VENTANA_S, aggregate_key_type="IP", scope_down_statement=alcance
            )
        ),
        visibility_config=_visibilidad(nombre),
    )


def _administrada(nombre: str, prioridad: int, grupo: str, en_conteo: Iterable[str] = ()) -> waf.CfnWebACL.RuleProperty:
    return waf.CfnWebACL.RuleProperty(
        name=nombre,
        priority=prioridad,
        override_action=waf.CfnWebACL.OverrideActionProperty(none={}),
        statement=waf.CfnWebACL.StatementProperty(
            managed_rule_group_statement=waf.CfnWebACL.ManagedRuleGroupStatementProperty(
                vendor_name="AWS",
                name=grupo,
                rule_action_overrides=[
                    waf.CfnWebACL.RuleActionOverrideProperty(
                        name=regla, action_to_use=waf.CfnWebACL.RuleActionProperty(count={})
                    )
                    for regla in en_conteo
                ]
                or None,
            )
        ),
        visibility_config=_visibilidad(nombre),
    )


class WafBorde(Construct):
    def __init__(self, scope: Construct, id: str, *, rutas: Iterable[Ruta] = RUTAS) -> None:
        super().__init__(scope, id)
        rutas = tuple(rutas)
        sesiones = [r.ruta for r in rutas if r.metodo == "POST" and r.ruta in RUTAS_SESIONES]
        publicos = [r.ruta for r in rutas if r.metodo == "POST" and r.publica and r.ruta not in RUTAS_SESIONES]
        tamano = waf.CfnWebACL.StatementProperty(
            size_constraint_statement=waf.CfnWebACL.SizeConstraintStatementProperty(
                field_to_match=waf.CfnWebACL.FieldToMatchProperty(
                    # Lo que pase del límite de inspección (64 KB, abajo) cuenta como coincidencia: se bloquea.
                    body=waf.CfnWebACL.BodyProperty(oversize_handling="MATCH")
                ),
                comparison_operator="GT",
                size=MAX_CUERPO,
                text_transformations=[waf.CfnWebACL.TextTransformationProperty(priority=0, type="NONE")],
            )
        )
        self.acl = waf.CfnWebACL(
            self,
            "Acl",
            name="BluePointBorde",
            scope="CLOUDFRONT",
            default_action=waf.CfnWebACL.DefaultActionProperty(allow={}),
            visibility_config=_visibilidad("BluePointBorde"),
            # CloudFront inspecciona 16 KB del cuerpo por omisión: 64 KB para que TamanoCuerpo y las reglas de
            # SQLi/XSS vean el cuerpo entero que la API acepta.
            association_config=waf.CfnWebACL.AssociationConfigProperty(
                request_body={
                    "CLOUDFRONT": waf.CfnWebACL.RequestBodyAssociatedResourceTypeConfigProperty(
                        default_size_inspection_limit="KB_64"
                    )
                }
            ),
            custom_response_bodies={
                clave: waf.CfnWebACL.CustomResponseBodyProperty(
                    content_type="APPLICATION_JSON",
                    content=json.dumps(
                        {"error": {"codigo": codigo, "mensaje": mensaje, "campos": []}}, ensure_ascii=False
                    ),
                )
                for clave, (codigo, mensaje) in CUERPOS.items()
            },
            rules=[
                _limite("LimiteSesiones", 0, LIMITE_SESIONES, _post_a(sesiones)),
                _limite("LimitePostPublicos", 1, LIMITE_POST_PUBLICOS, _post_a(publicos)),
                _limite("LimitePorIp", 2, LIMITE_GENERAL),
                waf.CfnWebACL.RuleProperty(
                    name="TamanoCuerpo",
                    priority=3,
                    action=_bloqueo(413, CUERPO_TAMANO),
                    statement=tamano,
                    visibility_config=_visibilidad("TamanoCuerpo"),
                ),
                _administrada("ReglasComunesAws", 4, "AWSManagedRulesCommonRuleSet", EN_CONTEO),
                # Entradas conocidas como maliciosas (rutas de explotación, Log4j y similares).
                _administrada("EntradasMaliciosasAws", 5, "AWSManagedRulesKnownBadInputsRuleSet"),
                # Inyección de SQL en cuerpo, consulta y cabeceras (la tabla es DynamoDB, pero la regla es barata y
                # corta el ruido de los escáneres).
                _administrada("InyeccionSqlAws", 6, "AWSManagedRulesSQLiRuleSet"),
            ],
        )

    @property
    def arn(self) -> str:
        return self.acl.attr_arn
