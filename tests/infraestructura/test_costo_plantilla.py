"""Lo que la cuenta de costo lee de la plantilla real: regla de muestreo, modo de trazas y recursos fijos."""

from __future__ import annotations

import json
from typing import Any

import pytest
from aws_cdk import aws_lambda as lambda_

from bench.costo import diseno_borde, inventario
from funciones.nucleo.dominio.sms import partes_sms
from infraestructura.app import NOMBRE_PILA, NOMBRE_PILA_BORDE
from infraestructura.constructos.trazas import PRIORIDAD, RESERVORIO_POR_SEGUNDO, TASA_FIJA, modo_trazas
from infraestructura.pila import CONTEXTO_PREDETERMINADO


def _de_tipo(recursos: dict[str, Any], tipo: str) -> list[dict[str, Any]]:
    return [v.get("Properties", {}) for v in recursos.values() if v["Type"] == tipo]


def test_regla_de_muestreo_explicita_antes_de_la_predeterminada(sintesis):
    (regla,) = (p["SamplingRule"] for p in _de_tipo(sintesis.recursos, "AWS::XRay::SamplingRule"))
    assert (regla["ReservoirSize"], regla["FixedRate"], regla["Priority"]) == (
        RESERVORIO_POR_SEGUNDO,
        TASA_FIJA,
        PRIORIDAD,
    )
    # Gana a la predeterminada (prioridad 10000, 1 por segundo y 5 %) y traza menos que ella.
    assert regla["Priority"] < 10000 and regla["FixedRate"] < 0.05 and regla["ReservoirSize"] < 1
    assert all(regla[c] == "*" for c in ("ServiceName", "ServiceType", "Host", "HTTPMethod", "URLPath"))
    assert len(regla["RuleName"]) <= 32


def test_modo_de_trazas_del_contexto():
    assert CONTEXTO_PREDETERMINADO["trazas_funciones"] == "PassThrough"
    assert modo_trazas("PassThrough") == lambda_.Tracing.PASS_THROUGH
    assert modo_trazas(" Active ") == lambda_.Tracing.ACTIVE
    for malo in ("activo", "", None, True):
        with pytest.raises(ValueError, match="trazas_funciones"):
            modo_trazas(malo)


def test_el_costo_cuenta_los_recursos_fijos_de_las_dos_pilas(sintesis):
    recursos = {**sintesis.recursos, **sintesis.borde["Resources"]}
    inv = inventario(
        {NOMBRE_PILA: json.loads(sintesis.archivo_plantilla.read_text()), NOMBRE_PILA_BORDE: sintesis.borde}
    )
    alarmas = _de_tipo(recursos, "AWS::CloudWatch::Alarm")
    assert inv["alarmas"] == len(alarmas)
    # Una alarma de expresión (p. ej. la proporción de 4xx) cobra cada métrica que lee.
    assert inv["metricas_en_alarmas"] == sum(
        max(1, sum(1 for m in a["Metrics"] if "MetricStat" in m)) if a.get("Metrics") else 1 for a in alarmas
    )
    assert inv["llaves_kms"] == len(_de_tipo(recursos, "AWS::KMS::Key")) >= 1
    assert inv["secretos"] == len(_de_tipo(recursos, "AWS::SecretsManager::Secret")) >= 1
    assert inv["funciones"] == len(_de_tipo(recursos, "AWS::Lambda::Function"))
    assert inv["funciones_trazas_activas"] == 0
    assert [r["tasa"] for r in inv["muestreo"]] == [TASA_FIJA]
    acls = _de_tipo(recursos, "AWS::WAFv2::WebACL")
    assert sum(a["reglas"] for a in inv["waf"]) == sum(len(a["Rules"]) for a in acls) > 0
    # El diseño de la issue 13: HTTP API sin métricas detalladas, WAF en CloudFront; la proyección no cambia nada.
    assert inv["api"] == "http" and inv["metricas_detalladas"] == 0 and inv["trazas_api"] is False
    assert [a["alcance"] for a in inv["waf"]] == ["CLOUDFRONT"]
    assert diseno_borde(inv) == inv
    (plan,) = (p.get("UserPoolTier", "ESSENTIALS") for p in _de_tipo(recursos, "AWS::Cognito::UserPool"))
    assert inv["cognito"] == [plan]
    assert inv["pitr"] is True and inv["indices"] == 2
    assert inv["planes_malware_s3"] == len(_de_tipo(recursos, "AWS::GuardDuty::MalwareProtectionPlan"))
    # Ninguna función publica métricas propias (cada una se cobraría 0.30 USD al mes); la única es la del filtro de
    # fallas atrapadas del IVR, que no lanza (docs/decisiones.md, issue 17), y la cuenta la cobra entera.
    assert inv["metricas_propias"] == 1


def test_los_sms_de_cognito_van_en_gsm7():
    """Invitación y verificación de agentes por SMS (si un agente tiene teléfono): sin acentos fuera de GSM."""
    from infraestructura.constructos import agentes

    for texto in (agentes.SMS_INVITACION, agentes.SMS_VERIFICACION):
        medida = partes_sms(texto.replace("{username}", "supervisor.facturacion").replace("{####}", "Ab3$kLm9Qz2!"))
        assert medida["codificacion"] == "GSM-7" and medida["partes"] == 1, texto
