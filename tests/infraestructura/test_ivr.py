"""La función del IVR en la pila: sin ruta, permisos mínimos por partición, alarmas y expuesta para Connect."""

from __future__ import annotations

import json

import pytest

from infraestructura.pila import PilaBluePoint
from tests.infraestructura.test_pila import de_tipo, declaraciones, funcion, rol_de

pytestmark = pytest.mark.xdist_group(name="infraestructura")


def test_la_funcion_del_ivr_sin_ruta_con_el_plazo_de_connect(sintesis):
    logico, propiedades = funcion(sintesis.recursos, "ivr")
    # Connect espera a lo más 8 s; la función no debe durar más.
    assert propiedades["Timeout"] == 8
    assert (propiedades["Runtime"], propiedades["Architectures"]) == ("python3.12", ["arm64"])
    entorno = propiedades["Environment"]["Variables"]
    # Ni la pimienta (no firma el `acceso` de la página) ni el candado de origen (no pasa por la API).
    assert "PIMIENTA_SECRETO" not in entorno and "CANDADO_ORIGEN_SECRETO" not in entorno
    assert entorno["POWERTOOLS_SERVICE_NAME"] == "ivr" and "TABLA" in entorno
    integraciones = json.dumps(de_tipo(sintesis.recursos, "AWS::ApiGatewayV2::Integration"))
    assert logico not in integraciones
    # Nadie la invoca todavía: el permiso de invocación para Connect lo agrega la asociación con la instancia.
    permisos = de_tipo(sintesis.recursos, "AWS::Lambda::Permission")
    assert not [p for p in permisos.values() if json.dumps(p["Properties"]["FunctionName"]).count(logico)]


def test_la_pila_expone_la_funcion_para_la_asociacion_con_connect(sintesis):
    pila = sintesis.pila
    assert isinstance(pila, PilaBluePoint)
    logico = funcion(sintesis.recursos, "ivr")[0]
    assert pila.resolve(pila.funcion_ivr.function_arn) == {"Fn::GetAtt": [logico, "Arn"]}


def test_el_ivr_solo_lee_casos_y_solo_escribe_contadores_de_intentos(sintesis):
    datos = [d for d in declaraciones(sintesis.recursos, "ivr") if any("dynamodb:" in a for a in _lista(d["Action"]))]
    por_accion = {a: d for d in datos for a in _lista(d["Action"])}
    assert set(por_accion) == {"dynamodb:Query", "dynamodb:UpdateItem"}
    assert por_accion["dynamodb:Query"]["Condition"] == {
        "ForAllValues:StringLike": {"dynamodb:LeadingKeys": ["CASO#*"]}
    }
    assert por_accion["dynamodb:UpdateItem"]["Condition"] == {
        "ForAllValues:StringLike": {"dynamodb:LeadingKeys": ["CONSULTAS#*"]}
    }
    # Sobre la tabla, no sobre sus índices.
    for d in datos:
        assert "/index/" not in json.dumps(d["Resource"])
    # El seguimiento de la página sigue sin condición (el mismo código, otra función).
    seguimiento = [d for d in declaraciones(sintesis.recursos, "seguimiento") if "Condition" in d]
    assert not [d for d in seguimiento if "dynamodb:LeadingKeys" in json.dumps(d)]


def test_alarmas_de_errores_y_de_fallas_atrapadas(sintesis):
    logico = funcion(sintesis.recursos, "ivr")[0]
    alarmas = [a["Properties"] for a in de_tipo(sintesis.recursos, "AWS::CloudWatch::Alarm").values()]
    errores = [
        a
        for a in alarmas
        if a.get("MetricName") == "Errors" and {"Name": "FunctionName", "Value": {"Ref": logico}} in a["Dimensions"]
    ]
    assert len(errores) == 1 and errores[0]["AlarmActions"]
    # Las fallas que la función atrapa (responde `fuera_de_servicio`) no son `Errors` de Lambda: las cuenta un filtro
    # de métrica sobre su grupo de registros (nivel ERROR de Powertools).
    (filtro,) = [
        f["Properties"]
        for f in de_tipo(sintesis.recursos, "AWS::Logs::MetricFilter").values()
        if f["Properties"]["LogGroupName"] == {"Ref": _grupo_de(sintesis.recursos, logico)}
    ]
    assert filtro["FilterPattern"] == '{ $.level = "ERROR" }'
    (transformacion,) = filtro["MetricTransformations"]
    assert (transformacion["MetricNamespace"], transformacion["MetricName"]) == ("BluePoint", "ErroresAtrapadosIvr")
    atrapadas = [a for a in alarmas if a.get("MetricName") == "ErroresAtrapadosIvr"]
    assert len(atrapadas) == 1
    assert (atrapadas[0]["Threshold"], atrapadas[0]["ComparisonOperator"]) == (0, "GreaterThanThreshold")
    assert atrapadas[0]["AlarmActions"] and atrapadas[0]["OKActions"]
    # Y puede avisar: su ARN está entre los que la política del tema de operación deja publicar.
    politicas = json.dumps(de_tipo(sintesis.recursos, "AWS::SNS::TopicPolicy"))
    assert "ErroresAtrapadosIvr" in politicas


def _grupo_de(recursos: dict, logico_funcion: str) -> str:
    configuracion = recursos[logico_funcion]["Properties"]["LoggingConfig"]
    return configuracion["LogGroup"]["Ref"]


def _lista(valor):
    return valor if isinstance(valor, list) else [valor]


def test_el_rol_del_ivr_no_toca_otros_servicios(sintesis):
    servicios = {a.split(":")[0] for d in declaraciones(sintesis.recursos, "ivr") for a in _lista(d["Action"])}
    assert servicios <= {"dynamodb", "kms", "logs", "xray"}
    assert rol_de(sintesis.recursos, "ivr")
