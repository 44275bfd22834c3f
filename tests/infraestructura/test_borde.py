"""La pila del borde (us-east-1): el WebACL de CloudFront, con límites por la IP real del visitante y las reglas del
cuerpo ajustadas a las quejas del corpus (tests/datos/quejas.json) sin dejar de aplicar las de SQLi y XSS."""

from __future__ import annotations

import json
from typing import Any

import pytest
from cfnlint.api import lint_file

from infraestructura.app import NOMBRE_PILA_BORDE
from infraestructura.constructos.waf import LIMITE_GENERAL, LIMITE_POST_PUBLICOS, LIMITE_SESIONES, MAX_CUERPO
from infraestructura.rutas import RUTAS

pytestmark = pytest.mark.xdist_group(name="infraestructura")


def _acl(sintesis) -> dict[str, Any]:
    (acl,) = [r for r in sintesis.borde["Resources"].values() if r["Type"] == "AWS::WAFv2::WebACL"]
    return acl["Properties"]


def _reglas(sintesis) -> dict[str, dict[str, Any]]:
    return {r["Name"]: r for r in _acl(sintesis)["Rules"]}


def _caminos(alcance: dict[str, Any]) -> dict[str, str]:
    """{camino: EXACTLY | STARTS_WITH} de un alcance `POST y (camino o camino …)`; un camino con algo tras su último
    parámetro es `prefijo*final`, STARTS_WITH y ENDS_WITH a la vez."""
    metodo, destino = alcance["AndStatement"]["Statements"]
    assert metodo["ByteMatchStatement"]["FieldToMatch"] == {"Method": {}}
    assert metodo["ByteMatchStatement"]["SearchString"] == "POST"
    destinos = destino["OrStatement"]["Statements"] if "OrStatement" in destino else [destino]
    salida = {}
    for d in destinos:
        if "AndStatement" in d:
            inicio, fin = (x["ByteMatchStatement"] for x in d["AndStatement"]["Statements"])
            assert (inicio["PositionalConstraint"], fin["PositionalConstraint"]) == ("STARTS_WITH", "ENDS_WITH")
            salida[f"{inicio['SearchString']}*{fin['SearchString']}"] = "STARTS_WITH"
        else:
            salida[d["ByteMatchStatement"]["SearchString"]] = d["ByteMatchStatement"]["PositionalConstraint"]
    return salida


def test_la_pila_del_borde_vive_en_us_east_1_con_alcance_cloudfront(sintesis):
    pila = sintesis.app.node.find_child(NOMBRE_PILA_BORDE)
    assert pila.region == "us-east-1"
    acl = _acl(sintesis)
    assert acl["Scope"] == "CLOUDFRONT" and acl["DefaultAction"] == {"Allow": {}}
    # La pila principal recibe el ARN como parámetro: sin referencias entre regiones (ni sus funciones propias).
    assert sintesis.borde["Outputs"]["ArnWaf"]["Value"] == {"Fn::GetAtt": [_id_acl(sintesis), "Arn"]}
    tipos = {r["Type"] for r in sintesis.borde["Resources"].values()}
    assert tipos <= {"AWS::WAFv2::WebACL", "AWS::CDK::Metadata"}
    assert not (sintesis.salida / "manifest.json").read_text().count("crossRegionReferences")


def _id_acl(sintesis) -> str:
    (clave,) = [k for k, r in sintesis.borde["Resources"].items() if r["Type"] == "AWS::WAFv2::WebACL"]
    return clave


def test_limites_por_la_ip_real_del_visitante(sintesis):
    reglas = _reglas(sintesis)
    limites = {n: r for n, r in reglas.items() if "RateBasedStatement" in r["Statement"]}
    assert set(limites) == {"LimiteSesiones", "LimitePostPublicos", "LimitePorIp"}
    for nombre, regla in limites.items():
        tasa = regla["Statement"]["RateBasedStatement"]
        # En CloudFront la IP de la conexión es la del visitante; X-Forwarded-For la escribe el cliente.
        assert tasa["AggregateKeyType"] == "IP", nombre
        assert "ForwardedIPConfig" not in tasa and tasa["EvaluationWindowSec"] == 300
        bloqueo = regla["Action"]["Block"]["CustomResponse"]
        assert bloqueo["ResponseCode"] == 429 and bloqueo["CustomResponseBodyKey"] == "limite"
    assert "FORWARDED_IP" not in json.dumps(_acl(sintesis))
    sesiones = limites["LimiteSesiones"]["Statement"]["RateBasedStatement"]
    publicos = limites["LimitePostPublicos"]["Statement"]["RateBasedStatement"]
    general = limites["LimitePorIp"]["Statement"]["RateBasedStatement"]
    assert (sesiones["Limit"], publicos["Limit"], general["Limit"]) == (
        LIMITE_SESIONES,
        LIMITE_POST_PUBLICOS,
        LIMITE_GENERAL,
    )
    assert sesiones["Limit"] < publicos["Limit"] < general["Limit"] and "ScopeDownStatement" not in general
    # El inicio de sesión, con su propio presupuesto (antes que el de los POST públicos).
    assert _caminos(sesiones["ScopeDownStatement"]) == {"/api/sesiones": "EXACTLY", "/api/sesiones/retos": "EXACTLY"}
    esperados = {
        r.ruta.partition("{")[0]
        + (f"*{r.ruta.rsplit('}', 1)[1]}" if r.ruta.rsplit("}", 1)[-1] and "{" in r.ruta else ""): (
            "STARTS_WITH" if "{" in r.ruta else "EXACTLY"
        )
        for r in RUTAS
        if r.publica and r.metodo == "POST" and not r.ruta.startswith("/api/sesiones")
    }
    assert _caminos(publicos["ScopeDownStatement"]) == esperados
    assert {"/api/casos", "/api/consultas", "/api/confirmaciones/", "/api/encuestas/"} <= set(esperados)
    # Los de la conversación del cliente no alcanzan las rutas de agentes bajo /api/casos/.
    assert {"/api/casos/*/comentarios", "/api/casos/*/adjuntos"} <= set(esperados)
    assert "/api/casos/" not in esperados
    assert limites["LimiteSesiones"]["Priority"] < limites["LimitePostPublicos"]["Priority"]


def test_cuerpos_propios_en_espanol_para_los_bloqueos(sintesis):
    cuerpos = _acl(sintesis)["CustomResponseBodies"]
    for clave in ("limite", "tamano"):
        assert cuerpos[clave]["ContentType"] == "APPLICATION_JSON"
        error = json.loads(cuerpos[clave]["Content"])["error"]
        assert set(error) == {"codigo", "mensaje", "campos"} and error["campos"] == []
    assert "intenta de nuevo" in json.loads(cuerpos["limite"]["Content"])["error"]["mensaje"]
    assert "64 KB" in json.loads(cuerpos["tamano"]["Content"])["error"]["mensaje"]


def test_reglas_del_cuerpo_ajustadas_a_las_quejas_con_sqli_y_xss_en_vigor(sintesis):
    reglas = _reglas(sintesis)
    comunes = reglas["ReglasComunesAws"]
    grupo = comunes["Statement"]["ManagedRuleGroupStatement"]
    assert (grupo["VendorName"], grupo["Name"]) == ("AWS", "AWSManagedRulesCommonRuleSet")
    assert comunes["OverrideAction"] == {"None": {}}
    # Sólo estas dos quedan en conteo: 8 KB corta una queja de 2,000 caracteres escapada (~12 KB), y la de RFI
    # bloquea "http://192.168.1.254". Las de XSS del mismo grupo siguen bloqueando (no aparecen aquí).
    en_conteo = {o["Name"]: o["ActionToUse"] for o in grupo["RuleActionOverrides"]}
    assert en_conteo == {"SizeRestrictions_BODY": {"Count": {}}, "GenericRFI_BODY": {"Count": {}}}
    assert not any("CrossSiteScripting" in n for n in en_conteo)
    assert "ScopeDownStatement" not in grupo and "ExcludedRules" not in grupo
    # SQLi: su grupo completo, sin excepciones.
    sqli = reglas["InyeccionSqlAws"]["Statement"]["ManagedRuleGroupStatement"]
    assert (sqli["VendorName"], sqli["Name"]) == ("AWS", "AWSManagedRulesSQLiRuleSet")
    assert "RuleActionOverrides" not in sqli and reglas["InyeccionSqlAws"]["OverrideAction"] == {"None": {}}
    malas = reglas["EntradasMaliciosasAws"]["Statement"]["ManagedRuleGroupStatement"]
    assert malas["Name"] == "AWSManagedRulesKnownBadInputsRuleSet" and "RuleActionOverrides" not in malas
    # El tope propio, el mismo que revisa la frontera de las funciones (413 en español, más allá de 64 KB).
    from funciones.nucleo.frontera.http import MAX_CUERPO as MAX_FUNCIONES

    tamano = reglas["TamanoCuerpo"]
    restriccion = tamano["Statement"]["SizeConstraintStatement"]
    assert restriccion["FieldToMatch"] == {"Body": {"OversizeHandling": "MATCH"}}
    assert (restriccion["ComparisonOperator"], restriccion["Size"]) == ("GT", MAX_CUERPO) == ("GT", MAX_FUNCIONES)
    assert tamano["Action"]["Block"]["CustomResponse"]["ResponseCode"] == 413
    # CloudFront inspecciona 64 KB del cuerpo (no 16): las reglas de SQLi/XSS ven el cuerpo entero que se acepta.
    inspeccion = _acl(sintesis)["AssociationConfig"]["RequestBody"]["CLOUDFRONT"]
    assert inspeccion["DefaultSizeInspectionLimit"] == "KB_64"
    # El orden: límites, tamaño, y al final los grupos administrados.
    prioridades = {n: r["Priority"] for n, r in reglas.items()}
    assert (
        max(prioridades[n] for n in ("LimiteSesiones", "LimitePostPublicos", "LimitePorIp"))
        < prioridades["TamanoCuerpo"]
        < min(prioridades[n] for n in ("ReglasComunesAws", "InyeccionSqlAws", "EntradasMaliciosasAws"))
    )


def test_el_corpus_cabe_en_el_tope_del_cuerpo_y_no_en_el_de_8_kb():
    from tests.corpus import alta, cuerpos_de_alta

    # Cada letra no ASCII escrita como \\uXXXX (lo que mandan algunos clientes): el corpus cabe en 64 KB.
    assert max(len(c.encode()) for c in cuerpos_de_alta(ascii=True)) < MAX_CUERPO
    # Lo peor que acepta la API: 2,000 emojis escapados (12 bytes cada uno, par sustituto). Pasa de los 8 KB de
    # SizeRestrictions_BODY (por eso queda en conteo) y cabe en el tope propio.
    peor = json.dumps(alta(0, {"tipo": "queja", "categoria": "atencion", "descripcion": "😡" * 2000}))
    assert 8 * 1024 < len(peor.encode()) < MAX_CUERPO


def test_cfn_lint_de_la_pila_del_borde(sintesis):
    hallazgos = lint_file(sintesis.archivo_plantilla_borde)
    assert [str(h) for h in hallazgos] == []
