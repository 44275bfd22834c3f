"""El modelo de costo del banco: cada unidad medida y cada recurso de la plantilla llegan al rubro que les toca."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from bench.costo import (
    ESCENARIOS,
    PRECIOS,
    SUPUESTOS,
    _muestreadas,
    _wru_agregados,
    costo,
    diseno_borde,
    fijos,
    inventario,
    mes,
    trazas_por_caso,
    variable,
)


def _op(nombre: str, wru: float = 0, indice: float = 0, rru: float = 0, registro: int = 0) -> dict:
    return {"operacion": nombre, "wru": wru, "wru_indice": indice, "rru": rru, "bytes_registro": registro}


@pytest.fixture
def medidas() -> dict:
    return {
        "operaciones": [
            _op("alta_con_clave", 10, 2, 0, 400),
            _op("seguimiento", 2, rru=0.5),
            _op("comprobante", rru=0.5),
            _op("detalle", rru=0.5),
            _op("interaccion", 6, 2, 0.5),
            _op("resolucion", 4, 2, 1, 400),
            _op("confirmacion", 4, 0, 1),
            _op("escalamiento", 8, 2, 1, 420),
        ],
        "notificaciones": [_op("notificacion folio/correo", 2, 0, 0, 460)],
        "agregados_lotes": {"10": {"wru_por_evento": 2.2}, "100": {"wru_por_evento": 2.04}},
        "barrido": {
            "queries": 10,
            "rru": 5.0,
            "cola": {"rru": 10.0},
            "con_umbrales": {"wru": 1600.0, "wru_indice": 1200.0, "rru": 34.5, "actualizados": 400},
        },
        "sms": [{"plantilla": "folio", "partes": 1}],
    }


def _recurso(tipo: str, **propiedades: Any) -> dict[str, Any]:
    return {"Type": tipo, "Properties": propiedades}


def _plantilla_rest() -> dict[str, dict[str, Any]]:
    """Una pila chica con la forma de la de hoy: API REST con métricas detalladas, WAF regional, trazas activas."""
    recursos: dict[str, Any] = {
        "Api": _recurso("AWS::ApiGateway::RestApi"),
        "Etapa": _recurso(
            "AWS::ApiGateway::Stage",
            TracingEnabled=True,
            MethodSettings=[{"HttpMethod": "*", "ResourcePath": "/*", "MetricsEnabled": True}],
        ),
        "Waf": _recurso("AWS::WAFv2::WebACL", Scope="REGIONAL", Rules=[{}, {}, {}, {}]),
        "Llave1": _recurso("AWS::KMS::Key"),
        "Llave2": _recurso("AWS::KMS::Key"),
        "Secreto": _recurso("AWS::SecretsManager::Secret"),
        "Pool": _recurso("AWS::Cognito::UserPool", UserPoolTier="PLUS"),
        "Tabla": _recurso(
            "AWS::DynamoDB::Table",
            PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True},
            GlobalSecondaryIndexes=[{}, {}],
        ),
        "Registros": _recurso("AWS::Logs::LogGroup", RetentionInDays=30),
        "Distribucion": _recurso(
            "AWS::CloudFront::Distribution",
            DistributionConfig={"DefaultCacheBehavior": {"FunctionAssociations": [{"EventType": "viewer-request"}]}},
        ),
    }
    recursos.update({f"Metodo{i}": _recurso("AWS::ApiGateway::Method") for i in range(20)})
    recursos.update({f"Alarma{i}": _recurso("AWS::CloudWatch::Alarm") for i in range(30)})
    recursos.update(
        {f"Funcion{i}": _recurso("AWS::Lambda::Function", TracingConfig={"Mode": "Active"}) for i in range(10)}
    )
    return {"Pila": {"Resources": recursos}}


@pytest.fixture
def inv() -> dict[str, Any]:
    return inventario(_plantilla_rest())


def _rubro(filas: list[dict], nombre: str) -> float:
    return next(r["usd"] for r in filas if r["rubro"] == nombre)


# --- la plantilla ----------------------------------------------------------------------------------------------


def test_el_inventario_cuenta_lo_que_cobra_por_existir(inv):
    assert (inv["alarmas"], inv["llaves_kms"], inv["secretos"], inv["tableros"]) == (30, 2, 1, 0)
    assert inv["api"] == "rest" and inv["trazas_api"] is True
    # 20 métodos con métricas detalladas: 5 métricas cada uno.
    assert inv["metricas_detalladas"] == 100
    assert inv["waf"] == [{"alcance": "REGIONAL", "reglas": 4, "nombre": ""}]
    assert inv["cognito"] == ["PLUS"] and inv["pitr"] is True and inv["indices"] == 2
    assert (inv["funciones"], inv["funciones_trazas_activas"]) == (10, 10)


def test_una_alarma_de_expresion_cobra_cada_metrica_que_lee():
    plantilla = _plantilla_rest()
    plantilla["Pila"]["Resources"]["Expresion"] = _recurso(
        "AWS::CloudWatch::Alarm", Metrics=[{"MetricStat": {}}, {"MetricStat": {}}, {"Expression": "m1+m2"}]
    )
    assert inventario(plantilla)["metricas_en_alarmas"] == 30 + 2


def test_cada_pila_de_la_app_cuenta_y_la_http_api_sin_metricas_detalladas_no_las_cobra():
    http = {
        "Api": _recurso("AWS::ApiGatewayV2::Api", ProtocolType="HTTP"),
        "Etapa": _recurso("AWS::ApiGatewayV2::Stage", DefaultRouteSettings={"ThrottlingRateLimit": 50}),
        "Ruta1": _recurso("AWS::ApiGatewayV2::Route"),
        "Ruta2": _recurso("AWS::ApiGatewayV2::Route"),
        "Secreto": _recurso("AWS::SecretsManager::Secret"),
    }
    borde = {"WafBorde": _recurso("AWS::WAFv2::WebACL", Scope="CLOUDFRONT", Rules=[{}] * 5)}
    inv = inventario({"Pila": {"Resources": http}, "PilaBorde": {"Resources": borde}})
    assert inv["api"] == "http" and inv["metricas_detalladas"] == 0 and inv["trazas_api"] is False
    assert inv["waf"][0]["alcance"] == "CLOUDFRONT" and inv["pilas"] == ["Pila", "PilaBorde"]
    http["Etapa"]["Properties"]["DefaultRouteSettings"]["DetailedMetricsEnabled"] = True
    assert inventario({"Pila": {"Resources": http}})["metricas_detalladas"] == 2 * 6
    # Ya es el diseño de `borde`: la proyección no cambia nada.
    assert diseno_borde(inv) == inv


def test_la_proyeccion_de_borde_quita_rest_y_metricas_y_pone_el_waf_en_cloudfront(inv):
    b = diseno_borde(inv)
    assert b["proyectado"] and b["api"] == "http" and b["metricas_detalladas"] == 0
    assert [a["alcance"] for a in b["waf"]] == ["CLOUDFRONT"] and b["secretos"] == inv["secretos"] + 1
    assert inv["api"] == "rest", "la proyección no toca el inventario original"


def test_cada_recurso_fijo_cuesta_su_precio_de_lista(inv):
    f = fijos(inv)
    assert _rubro(f, "CloudWatch, alarmas") == pytest.approx(30 * PRECIOS["alarma_mes"])
    assert _rubro(f, "KMS, llaves") == 2 * PRECIOS["kms_llave_mes"]
    assert _rubro(f, "Secrets Manager, secretos") == PRECIOS["secreto_mes"]
    assert _rubro(f, "WAF, reglas") == 4 * PRECIOS["waf_regla_mes"]
    assert _rubro(f, "CloudWatch, métricas detalladas y propias") == pytest.approx(100 * PRECIOS["metrica_mes"])
    assert _rubro(f, "Cognito (Plus)") == pytest.approx(SUPUESTOS["agentes_activos"] * PRECIOS["cognito_plus"])
    otra = copy.deepcopy(inv)
    otra["alarmas"] = otra["metricas_en_alarmas"] = 31
    assert _rubro(fijos(otra), "CloudWatch, alarmas") == pytest.approx(_rubro(f, "CloudWatch, alarmas") + 0.10)


# --- lo variable -----------------------------------------------------------------------------------------------


def test_cada_wru_del_alta_cuesta_su_precio_por_millon(medidas, inv):
    base = variable(medidas, inv)
    mas = copy.deepcopy(medidas)
    mas["operaciones"][0]["wru"] += 4
    otra = variable(mas, inv)
    assert otra["wru_por_caso"]["alta"] == base["wru_por_caso"]["alta"] + 4
    escrituras = _rubro(otra["nucleo"], "DynamoDB, escrituras") - _rubro(base["nucleo"], "DynamoDB, escrituras")
    assert escrituras == pytest.approx(4 * PRECIOS["wru"], abs=0.01)


def test_la_api_cobra_cada_solicitud_al_precio_de_su_tipo(medidas, inv):
    solicitudes = sum(SUPUESTOS["solicitudes"].values())
    rest = variable(medidas, inv)
    http = variable(medidas, diseno_borde(inv))
    assert _rubro(rest["nucleo"], "API Gateway REST") == pytest.approx(solicitudes * 3.50, abs=0.01)
    assert _rubro(http["nucleo"], "API Gateway HTTP API") == pytest.approx(solicitudes * 1.00, abs=0.01)


def test_el_waf_de_cloudfront_inspecciona_tambien_las_paginas(medidas, inv):
    solicitudes = sum(SUPUESTOS["solicitudes"].values())
    regional = _rubro(variable(medidas, inv)["borde"], "WAF, solicitudes")
    cloudfront = _rubro(variable(medidas, diseno_borde(inv))["borde"], "WAF, solicitudes")
    assert regional == pytest.approx(solicitudes * 0.60, abs=0.01)
    assert cloudfront == pytest.approx((solicitudes + SUPUESTOS["solicitudes_paginas"]) * 0.60, abs=0.01)


def test_las_lineas_de_la_plataforma_se_pagan_en_registros(medidas, inv):
    sin = variable(medidas, inv)
    con = variable(medidas, inv, {**SUPUESTOS, "bytes_plataforma_por_invocacion": 350})
    assert _rubro(con["nucleo"], "CloudWatch Logs") > _rubro(sin["nucleo"], "CloudWatch Logs") + 3


def test_la_clase_poco_frecuente_baja_la_ingesta_de_las_funciones(medidas, inv):
    poco = copy.deepcopy(inv)
    poco["grupos_registros"] = [{"retencion_dias": 30, "clase": "INFREQUENT_ACCESS"}]
    estandar = _rubro(variable(medidas, inv)["nucleo"], "CloudWatch Logs")
    assert _rubro(variable(medidas, poco)["nucleo"], "CloudWatch Logs") < estandar - 0.5


def test_la_ventana_de_agregados_baja_invocaciones_y_escrituras(medidas, inv):
    sin_ventana = variable(medidas, inv, {**SUPUESTOS, "ventana_lote_agregados_s": 0})
    con_ventana = variable(medidas, inv)
    assert sin_ventana["lote_agregados"] == 1 and con_ventana["lote_agregados"] > 30
    assert con_ventana["wru_por_caso"]["agregados"] < sin_ventana["wru_por_caso"]["agregados"]
    assert _rubro(con_ventana["nucleo"], "Lambda, invocaciones") < _rubro(sin_ventana["nucleo"], "Lambda, invocaciones")


def test_el_ajuste_de_agregados_pasa_por_los_lotes_medidos(medidas):
    lotes = medidas["agregados_lotes"]
    assert _wru_agregados(lotes, 10) == pytest.approx(2.2)
    assert _wru_agregados(lotes, 100) == pytest.approx(2.04)
    assert 2.04 < _wru_agregados(lotes, 36) < 2.2


# --- X-Ray -----------------------------------------------------------------------------------------------------


def test_el_muestreo_con_reservorio_y_tasa():
    regla = {"reservorio_s": 1.0, "tasa": 0.05}
    assert _muestreadas(0.5, regla) == 1.0  # todo cabe en el reservorio
    assert _muestreadas(11.0, regla) == pytest.approx((1 + 0.05 * 10) / 11)
    assert _muestreadas(0, regla) == 0.0


def test_las_trazas_siguen_a_la_regla_de_la_api_rest_y_a_lo_fijo_de_lambda(inv):
    fuera = 7.0
    predeterminada = trazas_por_caso(inv, SUPUESTOS, fuera)
    con_regla = copy.deepcopy(inv)
    con_regla["muestreo"] = [{"reservorio_s": 0.0, "tasa": 0.02, "prioridad": 100, "nombre": "x"}]
    explicita = trazas_por_caso(con_regla, SUPUESTOS, fuera)
    solicitudes = sum(SUPUESTOS["solicitudes"].values())
    assert predeterminada - explicita > 0.4 * solicitudes
    # En PassThrough lo que no viene de la API REST no se traza; con HTTP API, nada.
    paso = copy.deepcopy(con_regla)
    paso["funciones_trazas_activas"] = 0
    assert trazas_por_caso(paso, SUPUESTOS, fuera) == pytest.approx(solicitudes * 0.02)
    assert trazas_por_caso(diseno_borde(paso), SUPUESTOS, fuera) == 0
    # HTTP API con funciones en Active: a 5,000 casos al día cada función va bajo 1 por segundo: casi todo se traza.
    activo = trazas_por_caso(diseno_borde(inv), SUPUESTOS, fuera)
    assert activo > 0.95 * (solicitudes + fuera)


# --- el mes ----------------------------------------------------------------------------------------------------


def test_el_mes_es_fijo_mas_variable_y_lo_variable_escala_con_los_casos(medidas, inv):
    chico, grande = (mes(medidas, inv, n) for n in (500, 50000))
    assert chico["fijo_usd"] < grande["fijo_usd"]  # lo guardado crece con los casos
    for m in (chico, grande):
        suma = sum(r["usd"] for r in m["variable"] + m["fijo"] + m["guardado"])
        assert m["total_usd"] == pytest.approx(suma, abs=0.2)
    por_millon = grande["por_millon_usd"]["total_usd"]
    assert grande["variable_usd"] == pytest.approx(por_millon * 50000 * 30 / 1e6, rel=0.05)


def test_las_metas_se_miden_sobre_el_diseno_de_borde(medidas, inv):
    c = costo(medidas, inv)
    assert c["diseno"]["api"] == "http" and c["hoy"]["por_millon_usd"]["nucleo"][0]["rubro"] == "API Gateway REST"
    assert set(c["meses"]) == {str(n) for n in ESCENARIOS}
    assert c["mensual_meta_usd"] == c["meses"]["5000"]["total_usd"]
    assert c["cumple_mensual"] is (c["mensual_meta_usd"] <= c["objetivo_mensual_usd"])
    assert c["cumple_variable"] is (c["variable_por_millon_usd"] <= c["objetivo_variable_usd"])
    # La plantilla de hoy (REST, métricas detalladas, trazas activas) cuesta más que el diseño de borde.
    assert c["hoy"]["total_usd"] > c["meses"]["5000"]["total_usd"] + 20


def test_los_mensajes_van_aparte(medidas, inv):
    m = mes(medidas, inv, 5000)
    assert m["mensajes"]["correos_mes"] == int(SUPUESTOS["avisos"] * 5000 * 30)
    assert m["mensajes"]["partes_sms"] == {"folio": 1}
    assert all("SES" not in r["rubro"] and "SMS" not in r["rubro"] for r in m["variable"] + m["fijo"])


def test_sin_uso_no_hay_costo_variable(medidas, inv):
    nada = {k: 0 for k in SUPUESTOS if not isinstance(SUPUESTOS[k], dict)}
    supuestos = {**nada, "solicitudes": {k: 0 for k in SUPUESTOS["solicitudes"]}, "casos_por_dia": 5000}
    supuestos["segundos_de_servicio_al_dia"] = 36000
    vacio = copy.deepcopy(medidas)
    vacio["operaciones"] = [_op(o["operacion"]) for o in medidas["operaciones"]]
    v = variable(vacio, inv, supuestos)
    assert v["total_usd"] == 0
