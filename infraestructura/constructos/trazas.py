"""X-Ray: una regla de muestreo explícita y el modo de trazas de las funciones, decididos en un solo lugar.

Quién decide si una solicitud se traza es la primera entrada que la ve. La API REST (y cualquier entrada que lea
reglas: SDK o ADOT fuera de Lambda, Step Functions) aplica la regla de aquí en vez de la predeterminada (1 por
segundo y 5 % del resto). Una función Lambda sin decisión de arriba (HTTP API, el flujo, SNS, Scheduler) no lee
reglas: en modo Active muestrea fijo, 1 por segundo y 5 %, por función, que a este volumen es casi todo; en
PassThrough sólo sigue lo que arriba ya decidió trazar. Por eso el modo de las funciones es un contexto
(`trazas_funciones`): PassThrough de día a día, Active para investigar (docs/operacion.md, docs/capacidad.md).
"""

from __future__ import annotations

from aws_cdk import Stack
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_xray as xray
from constructs import Construct

# Sin reservorio por segundo: una de cada 50 solicitudes (~1,000 trazas al día a 5,000 casos) basta para ver
# latencias por ruta; a 0 % no se vería nada.
RESERVORIO_POR_SEGUNDO = 0
TASA_FIJA = 0.02
# Gana a la predeterminada (10000); las reglas de otros equipos en la cuenta pueden ir antes.
PRIORIDAD = 100
MODOS = {"PassThrough": lambda_.Tracing.PASS_THROUGH, "Active": lambda_.Tracing.ACTIVE}


def modo_trazas(valor: object) -> lambda_.Tracing:
    """El contexto `trazas_funciones`: "PassThrough" (omisión) o "Active"."""
    if not isinstance(valor, str) or valor.strip() not in MODOS:
        raise ValueError(f"trazas_funciones debe ser PassThrough o Active, no {valor!r}")
    return MODOS[valor.strip()]


class Trazas(Construct):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        # Nombre de hasta 32 caracteres, único en la cuenta y la región.
        nombre = f"{Stack.of(self).stack_name}-muestreo"[:32]
        self.regla = xray.CfnSamplingRule(
            self,
            "Muestreo",
            sampling_rule=xray.CfnSamplingRule.SamplingRuleProperty(
                rule_name=nombre,
                priority=PRIORIDAD,
                reservoir_size=RESERVORIO_POR_SEGUNDO,
                fixed_rate=TASA_FIJA,
                service_name="*",
                service_type="*",
                host="*",
                http_method="*",
                url_path="*",
                resource_arn="*",
                version=1,
            ),
        )
