"""La pila del borde, en us-east-1: el WebACL de CloudFront (alcance CLOUDFRONT sólo existe en esa región).

La pila principal (cualquier región) recibe su ARN como parámetro `ArnWaf`: `make deploy` despliega esta
primero, lee su salida y se la pasa (infraestructura/desplegar.py). Sin referencias entre regiones de CDK:
no hacen falta funciones propias en ninguna de las dos pilas y el WebACL se puede reemplazar sin bloqueos.
"""

from __future__ import annotations

from typing import Any

from aws_cdk import CfnOutput, Environment, Stack
from constructs import Construct

from infraestructura.constructos.waf import WafBorde

REGION_BORDE = "us-east-1"
SALIDA_ARN = "ArnWaf"


class PilaBorde(Stack):
    def __init__(self, scope: Construct, id: str, **kwargs: Any) -> None:
        super().__init__(
            scope,
            id,
            description="Blue Point: WAF de CloudFront (límites por IP del visitante y reglas del cuerpo)",
            env=Environment(region=REGION_BORDE),
            **kwargs,
        )
        self.waf = WafBorde(self, "Waf")
        CfnOutput(
            self, SALIDA_ARN, value=self.waf.arn, description="ARN del WebACL: parámetro ArnWaf de la pila principal"
        )
