"""Amazon Connect en la pila: horario del calendario, cola, flujo del repositorio, asociación y permiso de la función.

El constructo se sintetiza en una pila propia con la función ivr importada por ARN (sin Lambda nueva): así cdk-nag,
cfn-lint y checkov revisan sólo lo de Connect. La pila completa sin `connect_instancia` no lleva nada de Connect.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from aws_cdk import App, Stack, Validations
from aws_cdk import aws_lambda as lambda_
from aws_cdk.assertions import Annotations, Match
from cdk_nag import AwsSolutionsChecks
from cfnlint.api import lint_file

from funciones.nucleo.dominio import calendario, catalogo
from funciones.nucleo.frontera.cabeceras import CABECERAS_PAGINA, politica_contenido, politica_permisos
from infraestructura.app import NOMBRE_PILA, RAIZ, crear_app
from infraestructura.checkov import OMISIONES, revisar
from infraestructura.connect import flujo
from infraestructura.constructos.connect import (
    DESTINO_STREAMS,
    STREAMS,
    Connect,
    Telefonia,
    carpeta_streams,
    cola_connect,
    feriados_cerrados,
    instancia_connect,
    telefonia_consola,
)

pytestmark = pytest.mark.xdist_group(name="infraestructura")

CUENTA = "123456789012"
INSTANCIA = f"arn:aws:connect:us-east-1:{CUENTA}:instance/11111111-2222-3333-4444-555555555555"
FUNCION = f"arn:aws:lambda:us-east-1:{CUENTA}:function:BluePoint-ivr"
HOY = date(2026, 12, 4)


def _sintetizar(salida: Path, **kwargs: Any) -> tuple[Stack, Path]:
    app = App(outdir=str(salida), context={"@aws-cdk/core:failSynthOnValidationErrors": False})
    pila = Stack(app, "PruebaConnect", env={"account": CUENTA, "region": "us-east-1"})
    ivr = lambda_.Function.from_function_arn(pila, "Ivr", FUNCION)
    Connect(pila, "Connect", instancia=INSTANCIA, funcion=ivr, hoy=HOY, **kwargs)
    Validations.of(app).add_plugins(AwsSolutionsChecks(app, verbose=True))
    app.synth()
    return pila, salida / "PruebaConnect.template.json"


@pytest.fixture(scope="module")
def connect(tmp_path_factory: pytest.TempPathFactory) -> tuple[Stack, Path, dict[str, Any]]:
    pila, archivo = _sintetizar(tmp_path_factory.mktemp("connect"))
    return pila, archivo, json.loads(archivo.read_text())["Resources"]


def _de_tipo(recursos: dict[str, Any], tipo: str) -> list[dict[str, Any]]:
    return [r["Properties"] for r in recursos.values() if r["Type"] == tipo]


def test_sin_connect_instancia_la_pila_no_lleva_nada_de_connect(sintesis):
    # La consola se despliega con el connect.json del repositorio: sin CCP, no pide Streams.
    (sitio,) = [d for d in sintesis.salida.glob("asset.*") if (d / "consola" / "index.html").is_file()]
    assert json.loads((sitio / "consola" / "connect.json").read_text()) == {"ccp": None, "region": None}
    assert not (sitio / DESTINO_STREAMS).exists()
    tipos = {r["Type"] for r in sintesis.recursos.values()}
    assert not {t for t in tipos if t.startswith("AWS::Connect::")}
    permisos = [r for r in sintesis.recursos.values() if r["Type"] == "AWS::Lambda::Permission"]
    assert all(p["Properties"]["Principal"] != "connect.amazonaws.com" for p in permisos)


def test_el_horario_sale_del_calendario_de_negocio(connect):
    _, _, recursos = connect
    (horario,) = _de_tipo(recursos, "AWS::Connect::HoursOfOperation")
    assert horario["TimeZone"] == "America/Mexico_City" == calendario.ZONA.key
    assert horario["InstanceArn"] == INSTANCIA
    dias = {tramo["Day"]: (tramo["StartTime"], tramo["EndTime"]) for tramo in horario["Config"]}
    assert sorted(dias) == sorted(["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY"])
    assert all(v == ({"Hours": 8, "Minutes": 30}, {"Hours": 18, "Minutes": 30}) for v in dias.values())


def test_los_feriados_del_calendario_cierran_ese_dia(connect):
    _, _, recursos = connect
    (horario,) = _de_tipo(recursos, "AWS::Connect::HoursOfOperation")
    cerrados = {e["EffectiveFrom"]: e for e in horario["HoursOfOperationOverrides"]}
    # Desde el 4 de diciembre de 2026: Navidad (viernes) y los de 2027 que caen de lunes a sábado.
    esperados = {
        d.isoformat()
        for anio in (2026, 2027)
        for d in calendario.feriados(anio)
        if d >= HOY and d.weekday() in calendario.DIAS_ATENCION
    }
    assert set(cerrados) == esperados and "2026-12-25" in esperados and "2027-02-01" in esperados
    navidad = cerrados["2026-12-25"]
    assert navidad["OverrideType"] == "CLOSED" and navidad["EffectiveTill"] == "2026-12-25"
    assert navidad["OverrideConfig"] == [
        {"Day": "FRIDAY", "StartTime": {"Hours": 8, "Minutes": 30}, "EndTime": {"Hours": 18, "Minutes": 30}}
    ]
    # Un feriado en domingo (ya cerrado por el horario) no se repite como excepción.
    assert all(date.fromisoformat(d).weekday() != 6 for d in cerrados)
    despues = feriados_cerrados(date(2027, 12, 26))
    assert despues and all(e.effective_from >= "2027-12-26" for e in despues)


def test_la_cola_de_asesores_usa_ese_horario(connect):
    _, _, recursos = connect
    (cola,) = _de_tipo(recursos, "AWS::Connect::Queue")
    (logico,) = [k for k, v in recursos.items() if v["Type"] == "AWS::Connect::HoursOfOperation"]
    assert cola["HoursOfOperationArn"] == {"Fn::GetAtt": [logico, "HoursOfOperationArn"]}
    assert cola["InstanceArn"] == INSTANCIA


def test_la_funcion_queda_asociada_y_solo_esa_instancia_puede_invocarla(connect):
    _, _, recursos = connect
    (asociacion,) = _de_tipo(recursos, "AWS::Connect::IntegrationAssociation")
    assert asociacion == {"InstanceId": INSTANCIA, "IntegrationType": "LAMBDA_FUNCTION", "IntegrationArn": FUNCION}
    (permiso,) = _de_tipo(recursos, "AWS::Lambda::Permission")
    assert permiso == {
        "Action": "lambda:InvokeFunction",
        "FunctionName": FUNCION,
        "Principal": "connect.amazonaws.com",
        "SourceArn": INSTANCIA,
        "SourceAccount": CUENTA,
    }


def test_el_flujo_desplegado_es_el_archivo_del_repositorio_con_los_arn_de_la_pila(connect):
    _, _, recursos = connect
    (logico_flujo,) = [k for k, v in recursos.items() if v["Type"] == "AWS::Connect::ContactFlow"]
    propiedades = recursos[logico_flujo]["Properties"]
    assert propiedades["Type"] == "CONTACT_FLOW" and propiedades["State"] == "ACTIVE"
    plantilla, valores = propiedades["Content"]["Fn::Sub"]
    assert json.loads(plantilla) == json.loads(flujo.ARCHIVO.read_text(encoding="utf-8"))
    # Cada ${…} del archivo tiene su valor, y ninguno sobra.
    assert set(re.findall(r"\$\{([A-Za-z]+)\}", plantilla)) == set(valores) == set(flujo.SUSTITUCIONES)
    assert valores["FuncionIvr"] == FUNCION
    (logico_cola,) = [k for k, v in recursos.items() if v["Type"] == "AWS::Connect::Queue"]
    assert valores["Cola"] == {"Fn::GetAtt": [logico_cola, "QueueArn"]}
    # El flujo se crea después de la asociación y del permiso (si no, Connect no podría invocar la función).
    dependencias = set(recursos[logico_flujo]["DependsOn"])
    tipos = {recursos[d]["Type"] for d in dependencias}
    assert tipos == {"AWS::Connect::IntegrationAssociation", "AWS::Lambda::Permission"}


def test_con_cola_dada_no_crea_otra(tmp_path):
    cola = f"{INSTANCIA}/queue/99999999-8888-7777-6666-555555555555"
    _, archivo = _sintetizar(tmp_path, cola=cola)
    recursos = json.loads(archivo.read_text())["Resources"]
    assert _de_tipo(recursos, "AWS::Connect::Queue") == []
    (contenido,) = [p["Content"]["Fn::Sub"][1] for p in _de_tipo(recursos, "AWS::Connect::ContactFlow")]
    assert contenido["Cola"] == cola


def test_contexto_de_connect_validado():
    assert instancia_connect("") == "" and instancia_connect(None) == ""
    assert instancia_connect(f" {INSTANCIA} ") == INSTANCIA
    for malo in ("sí", "arn:aws:connect:us-east-1:123:instance/x", f"{INSTANCIA}/queue/abc", 5):
        with pytest.raises(ValueError, match="connect_instancia"):
            instancia_connect(malo)
    otra = INSTANCIA.replace("11111111", "aaaaaaaa")
    with pytest.raises(ValueError, match="de la instancia"):
        cola_connect(f"{otra}/queue/99999999-8888-7777-6666-555555555555", INSTANCIA)
    with pytest.raises(ValueError, match="connect_cola"):
        cola_connect("cola-de-asesores", INSTANCIA)
    assert cola_connect("", INSTANCIA) == ""


def test_cdk_nag_sin_hallazgos_en_connect(connect):
    pila, archivo, _ = connect
    reporte = json.loads((archivo.parent / "validation-report.json").read_text())
    hallazgos = [
        (v["ruleName"], [c["constructPath"] for c in v["violatingConstructs"]])
        for informe in reporte["pluginReports"]
        for v in informe["violations"]
    ]
    assert hallazgos == []
    anotaciones = Annotations.from_stack(pila)
    assert anotaciones.find_error("*", Match.any_value()) == []
    assert anotaciones.find_warning("*", Match.any_value()) == []


def test_cfn_lint_sin_hallazgos_en_connect(connect):
    _, archivo, _ = connect
    assert [str(h) for h in lint_file(archivo)] == []


@pytest.mark.xdist_group("checkov")
def test_checkov_sin_fallas_en_connect(connect):
    _, archivo, _ = connect
    resultado = revisar(archivo, omitir=False)
    assert resultado["resumen"]["passed"] >= 1 and resultado["resumen"]["parsing_errors"] == 0
    assert resultado["fallas"] == []


def test_flujo_json_al_dia_con_su_generador():
    assert flujo.ARCHIVO.read_text(encoding="utf-8") == flujo.texto(), (
        "infraestructura/connect/flujo.json no está al día: python -m infraestructura.connect.flujo"
    )


def test_el_catalogo_anuncia_el_mismo_horario_que_el_calendario():
    horario = catalogo.catalogo()["horario"]
    nombres = ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo")
    assert horario["dias"] == [nombres[d] for d in sorted(calendario.DIAS_ATENCION)]
    assert (horario["apertura"], horario["cierre"]) == (
        calendario.APERTURA.strftime("%H:%M"),
        calendario.CIERRE.strftime("%H:%M"),
    )
    assert horario["zona"] == calendario.ZONA.key


def test_url_de_la_instancia_para_el_telefono_de_la_consola():
    assert telefonia_consola("", INSTANCIA) is None and telefonia_consola(None, "") is None
    t = telefonia_consola("https://bluepoint.my.connect.aws/", INSTANCIA)
    assert t == Telefonia("https://bluepoint.my.connect.aws", "https://bluepoint.my.connect.aws/ccp-v2/", "us-east-1")
    # Las instancias anteriores a 2023 viven en awsapps.com/connect.
    viejo = telefonia_consola("https://bluepoint.awsapps.com/connect", INSTANCIA)
    assert viejo is not None and viejo.ccp == "https://bluepoint.awsapps.com/connect/ccp-v2/"
    assert viejo.origen == "https://bluepoint.awsapps.com"
    for malo in ("http://bluepoint.my.connect.aws", "https://evil.example/ccp", "https://a.my.connect.aws/x", 3):
        with pytest.raises(ValueError, match="connect_url"):
            telefonia_consola(malo, INSTANCIA)
    with pytest.raises(ValueError, match="connect_instancia"):
        telefonia_consola("https://bluepoint.my.connect.aws", "")


def test_streams_sale_del_paquete_npm_con_su_licencia():
    carpeta = carpeta_streams()
    archivo = carpeta / DESTINO_STREAMS
    origen = STREAMS / "release" / "connect-streams-min.js"
    assert archivo.read_bytes() == origen.read_bytes() and b"initCCP" in archivo.read_bytes()
    assert "Apache License" in archivo.with_name("amazon-connect-streams.LICENSE.txt").read_text()
    version = json.loads((STREAMS / "package.json").read_text())["version"]
    fijada = json.loads((RAIZ / "package.json").read_text())["devDependencies"]["amazon-connect-streams"]
    assert version == fijada  # versión exacta, sin rango


def test_la_csp_deja_enmarcar_el_telefono_solo_si_se_configura():
    base = dict(d.split(" ", 1) for d in politica_contenido(("https://adjuntos",)).split("; "))
    assert "frame-src" not in base  # default-src 'self': sin marcos ajenos
    con = dict(
        d.split(" ", 1) for d in politica_contenido(("https://adjuntos",), ("https://b.my.connect.aws",)).split("; ")
    )
    assert con["frame-src"] == "https://b.my.connect.aws"
    assert con["connect-src"] == "'self' https://adjuntos https://b.my.connect.aws"
    assert {k: v for k, v in con.items() if k not in ("frame-src", "connect-src")} == {
        k: v for k, v in base.items() if k != "connect-src"
    }


def test_el_microfono_solo_para_el_telefono_y_solo_si_se_configura():
    assert politica_permisos() == CABECERAS_PAGINA["Permissions-Policy"] and "microphone=()" in politica_permisos()
    con = politica_permisos(("https://b.my.connect.aws",))
    assert 'microphone=("https://b.my.connect.aws")' in con and "camera=()" in con
    assert con.replace('microphone=("https://b.my.connect.aws")', "microphone=()") == politica_permisos()


def test_origen_aprobado_de_la_consola(tmp_path):
    _, archivo = _sintetizar(tmp_path, origen_consola="https://atencion.bluepoint.mx")
    recursos = json.loads(archivo.read_text())["Resources"]
    assert _de_tipo(recursos, "AWS::Connect::ApprovedOrigin") == [
        {"InstanceId": INSTANCIA, "Origin": "https://atencion.bluepoint.mx"}
    ]
    assert [str(h) for h in lint_file(archivo)] == []


# --- la pila completa con Connect --------------------------------------------------------------------


URL_CONNECT = "https://bluepoint.my.connect.aws"


@pytest.fixture(scope="module")
def pila_con_connect(tmp_path_factory: pytest.TempPathFactory) -> tuple[Stack, Path, dict[str, Any]]:
    salida = tmp_path_factory.mktemp("cdk.out.connect")
    contexto = {
        "@aws-cdk/core:failSynthOnValidationErrors": False,
        "connect_instancia": INSTANCIA,
        "connect_url": URL_CONNECT,
    }
    app = crear_app(contexto, outdir=str(salida))
    app.synth()
    archivo = salida / f"{NOMBRE_PILA}.template.json"
    return app.node.find_child(NOMBRE_PILA), archivo, json.loads(archivo.read_text())["Resources"]


def test_con_connect_la_pila_asocia_la_funcion_ivr_de_la_pila(pila_con_connect):
    pila, _, recursos = pila_con_connect
    logico_ivr = pila.resolve(pila.funcion_ivr.node.default_child.logical_id)
    assert recursos[logico_ivr]["Properties"]["Handler"] == "funciones.ivr.handler.handler"
    (asociacion,) = _de_tipo(recursos, "AWS::Connect::IntegrationAssociation")
    assert asociacion["IntegrationArn"] == {"Fn::GetAtt": [logico_ivr, "Arn"]}
    (permiso,) = [p for p in _de_tipo(recursos, "AWS::Lambda::Permission") if p["Principal"] == "connect.amazonaws.com"]
    assert permiso["FunctionName"] == {"Fn::GetAtt": [logico_ivr, "Arn"]} and permiso["SourceArn"] == INSTANCIA
    (flujo_cfn,) = _de_tipo(recursos, "AWS::Connect::ContactFlow")
    assert flujo_cfn["Content"]["Fn::Sub"][1]["FuncionIvr"] == {"Fn::GetAtt": [logico_ivr, "Arn"]}
    assert (
        len(_de_tipo(recursos, "AWS::Connect::HoursOfOperation")) == len(_de_tipo(recursos, "AWS::Connect::Queue")) == 1
    )


def archivo_de(sintetizada: tuple[Stack, Path, dict[str, Any]]) -> Path:
    return sintetizada[1]


def test_con_connect_url_la_consola_enmarca_el_ccp_y_es_origen_aprobado(pila_con_connect):
    _, _, recursos = pila_con_connect
    (origen,) = _de_tipo(recursos, "AWS::Connect::ApprovedOrigin")
    assert origen["InstanceId"] == INSTANCIA
    (distribucion,) = [k for k, v in recursos.items() if v["Type"] == "AWS::CloudFront::Distribution"]
    assert origen["Origin"] == {"Fn::Join": ["", ["https://", {"Fn::GetAtt": [distribucion, "DomainName"]}]]}
    (politica,) = _de_tipo(recursos, "AWS::CloudFront::ResponseHeadersPolicy")
    csp = politica["ResponseHeadersPolicyConfig"]["SecurityHeadersConfig"]["ContentSecurityPolicy"]
    texto = "".join(p if isinstance(p, str) else "<bucket>" for p in csp["ContentSecurityPolicy"]["Fn::Join"][1])
    directivas = dict(d.split(" ", 1) for d in texto.split("; "))
    assert directivas["frame-src"] == URL_CONNECT
    assert directivas["connect-src"] == f"'self' https://<bucket> {URL_CONNECT}"
    assert directivas["script-src"] == "'self'" and directivas["frame-ancestors"] == "'none'"
    # El softphone del CCP usa el micrófono desde su iframe: sólo ese origen lo puede pedir.
    propias = {c["Header"]: c["Value"] for c in politica["ResponseHeadersPolicyConfig"]["CustomHeadersConfig"]["Items"]}
    permisos = dict(p.split("=", 1) for p in propias["Permissions-Policy"].split(", "))
    assert permisos["microphone"] == f'("{URL_CONNECT}")' and permisos["camera"] == "()"
    # El despliegue del sitio lleva tres fuentes: sitio/ (sin su connect.json), Streams (del paquete npm) y el
    # connect.json de la pila; ninguna llave viene de dos fuentes.
    (despliegue,) = [r["Properties"] for r in recursos.values() if r["Type"] == "Custom::CDKBucketDeployment"]
    assert len(despliegue["SourceObjectKeys"]) == 3
    (sitio,) = [
        d for d in archivo_de(pila_con_connect).parent.glob("asset.*") if (d / "consola" / "index.html").is_file()
    ]
    assert not (sitio / "consola" / "connect.json").exists()
    assert [d for d in archivo_de(pila_con_connect).parent.glob("asset.*") if (d / DESTINO_STREAMS).is_file()]


@pytest.mark.xdist_group("checkov")
def test_con_connect_cdk_nag_cfn_lint_y_checkov_limpios(pila_con_connect):
    pila, archivo, _ = pila_con_connect
    reporte = json.loads((archivo.parent / "validation-report.json").read_text())
    assert [v["ruleName"] for informe in reporte["pluginReports"] for v in informe["violations"]] == []
    hallazgos = lint_file(archivo)
    assert [str(h) for h in hallazgos if h.rule.id.startswith("E")] == []
    assert {h.rule.id for h in hallazgos} <= {"W3005"}
    resultado = revisar(archivo, omitir=False)
    assert resultado["resumen"]["parsing_errors"] == 0
    fallidas = {regla for regla, recurso in resultado["fallas"]}
    assert fallidas <= set(OMISIONES)
    # Ninguna falla en los recursos de Connect.
    logicos = {
        k for k, v in json.loads(archivo.read_text())["Resources"].items() if v["Type"].startswith("AWS::Connect")
    }
    assert not [f for f in resultado["fallas"] if f[1].split(".")[-1] in logicos]
