"""`make deploy`: cada revisión contra moto o dobles (nada habla con AWS) y el orden de las órdenes de CDK."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError, NoCredentialsError
from moto import mock_aws

from infraestructura import desplegar as d
from infraestructura.app import RAIZ
from infraestructura.desplegar import Servicio

# Lo que escribe CDK 2 en cada plantilla: rechaza las versiones de bootstrap 1 a 5.
REGLA_BOOTSTRAP = {
    "CheckBootstrapVersion": {
        "Assertions": [
            {
                "Assert": {"Fn::Not": [{"Fn::Contains": [["1", "2", "3", "4", "5"], {"Ref": "BootstrapVersion"}]}]},
                "AssertDescription": "CDK bootstrap stack version 6 required.",
            }
        ]
    }
}
PLANTILLA = {
    "Resources": {
        "Tabla": {"Type": "AWS::DynamoDB::Table"},
        "Identidad": {"Type": "AWS::SES::EmailIdentity"},
        "Configuracion": {"Type": "AWS::SES::ConfigurationSet"},
        "Destino": {"Type": "AWS::SES::ConfigurationSetEventDestination"},
        "Copia": {"Type": "Custom::CDKBucketDeployment"},
        "Meta": {"Type": "AWS::CDK::Metadata"},
    },
    "Rules": REGLA_BOOTSTRAP,
}


@pytest.fixture
def aws(monkeypatch):
    for variable in ("AWS_PROFILE", "AWS_ENDPOINT_URL", "AWS_REGION"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "prueba")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "prueba")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    with mock_aws():
        yield


class LambdaDoble:
    """moto no implementa GetAccountSettings."""

    def __init__(self, cuota: int, sin_reservar: int, reservadas: dict[str, int] | None = None) -> None:
        self.cuota, self.sin_reservar, self.reservadas = cuota, sin_reservar, reservadas or {}

    def get_account_settings(self) -> dict[str, Any]:
        return {
            "AccountLimit": {"ConcurrentExecutions": self.cuota, "UnreservedConcurrentExecutions": self.sin_reservar}
        }

    def get_function_concurrency(self, FunctionName: str) -> dict[str, Any]:
        valor = self.reservadas.get(FunctionName)
        return {} if valor is None else {"ReservedConcurrentExecutions": valor}


class SesDoble:
    """moto para las identidades; GetAccount (que moto no tiene) con el acceso que se le diga."""

    def __init__(self, produccion: bool, cliente: Any = None) -> None:
        self.cliente = cliente or boto3.client("sesv2", region_name="us-east-1")
        self.cuenta = {"ProductionAccessEnabled": produccion, "SendingEnabled": True, "EnforcementStatus": "HEALTHY"}
        if produccion:
            self.cuenta["SendQuota"] = {"Max24HourSend": 50000.0, "MaxSendRate": 14.0, "SentLast24Hours": 0.0}

    def get_account(self) -> dict[str, Any]:
        return self.cuenta

    def __getattr__(self, nombre: str) -> Any:
        return getattr(self.cliente, nombre)


def error_aws(codigo: str, mensaje: str = "") -> ClientError:
    return ClientError({"Error": {"Code": codigo, "Message": mensaje}}, "Operacion")


# --- contexto -----------------------------------------------------------------------------------------------


def test_contexto_de_la_linea_conserva_cada_valor_tal_cual():
    texto = '-c dominio_correo=bluepoint.mx -c correos_alertas={"supervisores": "sup@bluepoint.mx"} --context mfa=false'
    assert d.contexto_linea(texto) == {
        "dominio_correo": "bluepoint.mx",
        "correos_alertas": '{"supervisores": "sup@bluepoint.mx"}',
        "mfa": "false",
    }
    assert d.contexto_linea("  ") == {}


@pytest.mark.parametrize("texto", ["dominio_correo=x", "-c sin_igual", "-c =valor"])
def test_contexto_de_la_linea_mal_formado_se_rechaza(texto):
    with pytest.raises(d.ErrorDespliegue, match="CONTEXTO"):
        d.contexto_linea(texto)


def test_argumentos_de_contexto_para_cdk():
    contexto = {"correos_alertas": {"supervisores": "sú@bluepoint.mx"}, "mfa_supervisores": False, "retraso": 60}
    assert d.argumentos_contexto(contexto) == [
        "-c",
        'correos_alertas={"supervisores": "sú@bluepoint.mx"}',
        "-c",
        "mfa_supervisores=false",
        "-c",
        "retraso=60",
    ]


def test_archivo_local_de_contexto(tmp_path):
    assert d.contexto_archivo(tmp_path / "no-existe.json") == {}
    archivo = tmp_path / "despliegue.json"
    archivo.write_text('{"correo_operacion": "ops@bluepoint.mx"}')
    assert d.contexto_archivo(archivo) == {"correo_operacion": "ops@bluepoint.mx"}
    archivo.write_text("[1, 2]")
    with pytest.raises(d.ErrorDespliegue, match="objeto"):
        d.contexto_archivo(archivo)


def test_el_contexto_dado_gana_a_cdk_json_y_al_predeterminado():
    base = d.contexto_cdk_json()
    assert base["dominio_correo"] == "bluepoint.mx" and not any(k.startswith("@") for k in base)
    assert d.efectivo(base, {}, "dominio_correo") == "bluepoint.mx"
    assert d.efectivo(base, {"dominio_correo": "otro.mx"}, "dominio_correo") == "otro.mx"
    assert d.efectivo({}, {}, "concurrencia_barrido") == 0


# --- región y credenciales ----------------------------------------------------------------------------------


def test_region_sale_del_entorno_o_del_perfil_y_dice_de_donde():
    assert d.resolver_region({"AWS_REGION": "us-east-1", "AWS_DEFAULT_REGION": "us-west-2"}, "mx-central-1") == (
        "us-east-1",
        "variable AWS_REGION",
    )
    assert d.resolver_region({"AWS_DEFAULT_REGION": "us-west-2"}, None) == ("us-west-2", "variable AWS_DEFAULT_REGION")
    region, origen = d.resolver_region({"AWS_PROFILE": "bluepoint"}, "us-east-2")
    assert region == "us-east-2" and "perfil bluepoint" in origen
    with pytest.raises(d.ErrorDespliegue, match="AWS_REGION"):
        d.resolver_region({}, None)


def test_un_endpoint_de_emulacion_detiene_el_despliegue():
    with pytest.raises(d.ErrorDespliegue, match="AWS_ENDPOINT_URL"):
        d.revisar_entorno({"AWS_ENDPOINT_URL": "http://127.0.0.1:5000"})
    d.revisar_entorno({})


def test_credenciales_con_sts(aws):
    cuenta, revision = d.revisar_credenciales(boto3.client("sts"))
    assert cuenta == "123456789012" and revision.nivel == "ok" and "123456789012" in revision.mensaje


class StsDoble:
    def __init__(self, error: Exception) -> None:
        self.error = error

    def get_caller_identity(self) -> dict[str, str]:
        raise self.error


def test_sin_credenciales_o_vencidas_se_explica():
    with pytest.raises(d.ErrorDespliegue, match="No hay credenciales"):
        d.revisar_credenciales(StsDoble(NoCredentialsError()))
    with pytest.raises(d.ErrorDespliegue, match="expiraron"):
        d.revisar_credenciales(StsDoble(error_aws("ExpiredToken")))


# --- plantilla y región -------------------------------------------------------------------------------------


def test_mx_central_1_no_tiene_los_tipos_de_ses_de_la_pila():
    revision = d.revisar_tipos_region(PLANTILLA, "mx-central-1", d.tipos_de_la_region("mx-central-1"))
    assert revision.nivel == "error"
    for tipo in ("AWS::SES::EmailIdentity", "AWS::SES::ConfigurationSet", "AWS::SES::ConfigurationSetEventDestination"):
        assert tipo in revision.mensaje
    assert "DynamoDB" not in revision.mensaje and "Custom::" not in revision.mensaje


def test_us_east_1_tiene_todos_los_tipos_y_una_region_desconocida_solo_avisa():
    assert d.revisar_tipos_region(PLANTILLA, "us-east-1", d.tipos_de_la_region("us-east-1")).nivel == "ok"
    revision = d.revisar_tipos_region(PLANTILLA, "xx-falsa-1", d.tipos_de_la_region("xx-falsa-1"))
    assert revision.nivel == "aviso"


def test_version_minima_de_bootstrap_sale_de_la_plantilla():
    assert d.version_bootstrap_minima(PLANTILLA) == 6
    assert d.version_bootstrap_minima({"Resources": {}}) == 0


# --- concurrencia -------------------------------------------------------------------------------------------


def test_concurrencia_reservada_en_una_cuenta_nueva_se_detiene_con_el_motivo():
    with pytest.raises(d.ErrorDespliegue) as error:
        d.revisar_concurrencia(LambdaDoble(cuota=10, sin_reservar=10), reservada=1)
    assert "concurrencia_barrido=1" in str(error.value) and "100" in str(error.value)
    assert d.CUOTA_CONCURRENCIA in str(error.value) and "concurrencia_barrido=0" in str(error.value)


def test_concurrencia_reservada_con_cuota_suficiente():
    revision = d.revisar_concurrencia(LambdaDoble(cuota=1000, sin_reservar=1000), reservada=1)
    assert revision.nivel == "ok" and "999" in revision.mensaje


def test_lo_que_la_pila_ya_reserva_no_cuenta_dos_veces():
    # Redespliegue con cuota 101: el barrido ya reserva 1, así que hay 100 sin reservar y la misma reserva cabe.
    doble = LambdaDoble(cuota=101, sin_reservar=100, reservadas={"bluepoint-barrido": 1})
    actual = d.reservada_actual(doble, {"FuncionBarrido": "bluepoint-barrido"})
    assert actual == 1
    assert d.revisar_concurrencia(doble, reservada=1, ya_reservada=actual).nivel == "ok"
    with pytest.raises(d.ErrorDespliegue):
        d.revisar_concurrencia(doble, reservada=1, ya_reservada=0)
    assert d.reservada_actual(doble, None) == 0


def test_sin_reserva_solo_avisa_si_la_cuota_es_baja():
    assert d.revisar_concurrencia(LambdaDoble(cuota=1000, sin_reservar=1000), reservada=0).nivel == "ok"
    revision = d.revisar_concurrencia(LambdaDoble(cuota=10, sin_reservar=10), reservada=0)
    assert revision.nivel == "aviso" and d.CUOTA_CONCURRENCIA in revision.mensaje


# --- SES ----------------------------------------------------------------------------------------------------


def test_ses_sin_identidad_la_crea_la_pila(aws):
    revisiones = d.revisar_ses(SesDoble(produccion=False), "bluepoint.mx", pila_existe=False)
    assert [r.nivel for r in revisiones] == ["info", "aviso"]
    assert "DkimNombre" in revisiones[0].mensaje and "sandbox" in revisiones[1].mensaje


def test_ses_identidad_creada_fuera_de_la_pila_detiene(aws):
    ses = SesDoble(produccion=True)
    ses.create_email_identity(EmailIdentity="bluepoint.mx")
    with pytest.raises(d.ErrorDespliegue, match="delete-email-identity"):
        d.revisar_ses(ses, "bluepoint.mx", pila_existe=False)


def test_ses_identidad_sin_dkim_avisa_y_no_detiene(aws):
    ses = SesDoble(produccion=True)
    ses.create_email_identity(EmailIdentity="bluepoint.mx")
    revisiones = d.revisar_ses(ses, "bluepoint.mx", pila_existe=True)
    assert revisiones[0].nivel == "aviso" and "NOT_STARTED" in revisiones[0].mensaje
    assert revisiones[1] == d.Revision(
        "ok", "SES", "la cuenta tiene acceso de producción; cuota de 50000 correos en 24 h"
    )


class SesVerificada:
    def get_email_identity(self, EmailIdentity: str) -> dict[str, Any]:
        return {"VerifiedForSendingStatus": True, "DkimAttributes": {"Status": "SUCCESS"}}

    def get_account(self) -> dict[str, Any]:
        return {"ProductionAccessEnabled": True, "SendingEnabled": False, "EnforcementStatus": "PROBATION"}


def test_ses_verificada_y_cuenta_en_revision():
    revisiones = d.revisar_ses(SesVerificada(), "bluepoint.mx", pila_existe=True)
    assert revisiones[0].nivel == "ok"
    assert revisiones[-1].nivel == "aviso" and "PROBATION" in revisiones[-1].mensaje


# --- bootstrap ----------------------------------------------------------------------------------------------


def _crear_cdktoolkit() -> None:
    plantilla = {"Resources": {"Tema": {"Type": "AWS::SNS::Topic"}}}
    boto3.client("cloudformation").create_stack(StackName="CDKToolkit", TemplateBody=json.dumps(plantilla))


def test_bootstrap_hace_falta_sin_cdktoolkit(aws):
    hace_falta, revision = d.revisar_bootstrap(boto3.client("cloudformation"), boto3.client("ssm"), 6)
    assert hace_falta and "CDKToolkit" in revision.mensaje


def test_bootstrap_al_dia_o_viejo(aws):
    _crear_cdktoolkit()
    ssm = boto3.client("ssm")
    cloudformation = boto3.client("cloudformation")
    assert d.revisar_bootstrap(cloudformation, ssm, 6)[0]  # sin parámetro de versión
    ssm.put_parameter(Name=d.PARAMETRO_BOOTSTRAP, Value="5", Type="String")
    hace_falta, revision = d.revisar_bootstrap(cloudformation, ssm, 6)
    assert hace_falta and "versión 5" in revision.mensaje
    ssm.put_parameter(Name=d.PARAMETRO_BOOTSTRAP, Value="28", Type="String", Overwrite=True)
    hace_falta, revision = d.revisar_bootstrap(cloudformation, ssm, 6)
    assert not hace_falta and revision.nivel == "ok"


class CloudFormationFallida:
    def describe_stacks(self, StackName: str) -> dict[str, Any]:
        return {"Stacks": [{"StackName": StackName, "StackStatus": "ROLLBACK_COMPLETE"}]}


def test_bootstrap_fallido_detiene_con_el_remedio():
    with pytest.raises(d.ErrorDespliegue, match="delete-stack"):
        d.revisar_bootstrap(CloudFormationFallida(), None, 6)


# --- salidas ------------------------------------------------------------------------------------------------


def test_salidas_en_claro_con_dkim_y_lo_que_sigue():
    texto = d.texto_salidas(
        {
            "UrlSitio": "https://d1.cloudfront.net",
            "Tabla": "tabla",
            "DkimNombre1": "a._domainkey.bluepoint.mx",
            "DkimValor1": "a.dkim.amazonses.com",
            "Extra": "x",
        }
    )
    assert "a._domainkey.bluepoint.mx  →  a.dkim.amazonses.com" in texto
    assert "make humo URL=https://d1.cloudfront.net" in texto and "Extra" in texto and "make agente" in texto


# --- todo junto ---------------------------------------------------------------------------------------------


class Cdk:
    """Hace de `npx cdk`: la síntesis escribe la plantilla; el despliegue, el archivo de salidas."""

    def __init__(self, raiz: Path, plantilla: dict[str, Any]) -> None:
        self.raiz, self.plantilla = raiz, plantilla
        self.ordenes: list[list[str]] = []
        self.entornos: list[dict[str, str]] = []

    def __call__(self, orden: list[str], entorno: Any) -> int:
        self.ordenes.append(orden)
        self.entornos.append(dict(entorno))
        salida = self.raiz / "cdk.out"
        if orden[2] == "synth":
            salida.mkdir(exist_ok=True)
            (salida / "BluePointAtencion.template.json").write_text(json.dumps(self.plantilla))
            (salida / "BluePointBorde.template.json").write_text(
                json.dumps({"Resources": {}, "Rules": REGLA_BOOTSTRAP})
            )
        if orden[2] == "deploy":
            archivo = Path(orden[orden.index("--outputs-file") + 1])
            salidas = (
                {"BluePointBorde": {"ArnWaf": ARN_WAF}}
                if orden[3] == "BluePointBorde"
                else {"BluePointAtencion": {"UrlSitio": "https://d1.cloudfront.net"}}
            )
            archivo.write_text(json.dumps(salidas))
        return 0


ARN_WAF = "arn:aws:wafv2:us-east-1:123456789012:global/webacl/BluePointBorde/abc"


def _raiz(tmp_path: Path) -> Path:
    shutil.copy(RAIZ / "cdk.json", tmp_path / "cdk.json")
    return tmp_path


def _clientes(lambda_: LambdaDoble):
    def cliente(servicio: Servicio, region: str) -> Any:
        if servicio == "lambda":
            return lambda_
        if servicio == "sesv2":
            return SesDoble(produccion=False, cliente=boto3.client("sesv2", region_name=region))
        return boto3.client(servicio, region_name=region)

    return cliente


SIN_SES = {"Resources": {"Tabla": {"Type": "AWS::DynamoDB::Table"}}, "Rules": REGLA_BOOTSTRAP}


def test_despliegue_completo_en_orden(aws, tmp_path):
    raiz = _raiz(tmp_path)
    (raiz / "despliegue.json").write_text('{"correo_operacion": "ops@bluepoint.mx"}')
    cdk, lineas = Cdk(raiz, SIN_SES), []
    entorno = {"AWS_REGION": "us-east-1", "CONTEXTO": '-c correos_alertas={"supervisores": "s@bluepoint.mx"}'}
    codigo = d.desplegar(
        entorno=entorno, cliente=_clientes(LambdaDoble(1000, 1000)), correr=cdk, salida=lineas.append, raiz=raiz
    )
    assert codigo == 0
    sintesis, arranque, borde, despliegue = cdk.ordenes
    assert sintesis[:4] == ["npx", "cdk", "synth", "--quiet"]
    assert "correo_operacion=ops@bluepoint.mx" in sintesis
    assert 'correos_alertas={"supervisores": "s@bluepoint.mx"}' in sintesis
    assert arranque[:4] == ["npx", "cdk", "bootstrap", "aws://123456789012/us-east-1"]
    # Primero el WebACL de CloudFront; su ARN va como parámetro de la pila principal.
    assert borde[:4] == ["npx", "cdk", "deploy", "BluePointBorde"]
    assert despliegue[:4] == ["npx", "cdk", "deploy", "BluePointAtencion"]
    assert despliegue[despliegue.index("--parameters") + 1] == f"BluePointAtencion:ArnWaf={ARN_WAF}"
    assert despliegue[despliegue.index("--app") + 1] == str(raiz / "cdk.out")
    assert despliegue[despliegue.index("--require-approval") + 1] == "broadening"
    assert all(e["AWS_REGION"] == e["AWS_DEFAULT_REGION"] == "us-east-1" for e in cdk.entornos)
    texto = "\n".join(lineas)
    assert "Región: us-east-1 (variable AWS_REGION)" in texto
    assert "make humo URL=https://d1.cloudfront.net" in texto


def test_cuota_insuficiente_se_detiene_antes_de_tocar_la_cuenta(aws, tmp_path):
    raiz = _raiz(tmp_path)
    cdk = Cdk(raiz, SIN_SES)
    with pytest.raises(d.ErrorDespliegue, match="concurrencia_barrido=1"):
        d.desplegar(
            entorno={"AWS_REGION": "us-east-1", "CONTEXTO": "-c concurrencia_barrido=1"},
            cliente=_clientes(LambdaDoble(10, 10)),
            correr=cdk,
            salida=lambda _: None,
            raiz=raiz,
        )
    assert [o[2] for o in cdk.ordenes] == ["synth"]


def test_region_sin_los_tipos_se_detiene_salvo_que_se_omita(aws, tmp_path):
    raiz = _raiz(tmp_path)
    cdk = Cdk(raiz, PLANTILLA)
    argumentos = {"cliente": _clientes(LambdaDoble(1000, 1000)), "correr": cdk, "salida": lambda _: None, "raiz": raiz}
    with pytest.raises(d.ErrorDespliegue, match="tipos de recurso"):
        d.desplegar(entorno={"AWS_REGION": "mx-central-1"}, **argumentos)
    assert [o[2] for o in cdk.ordenes] == ["synth"]
    d.desplegar(solo_revisar=True, entorno={"AWS_REGION": "mx-central-1", "OMITIR_REVISION_REGION": "1"}, **argumentos)


def test_solo_revisar_no_arranca_ni_despliega(aws, tmp_path):
    raiz = _raiz(tmp_path)
    cdk, lineas = Cdk(raiz, SIN_SES), []
    d.desplegar(
        solo_revisar=True,
        entorno={"AWS_DEFAULT_REGION": "us-east-1"},
        cliente=_clientes(LambdaDoble(1000, 1000)),
        correr=cdk,
        salida=lineas.append,
        raiz=raiz,
    )
    assert [o[2] for o in cdk.ordenes] == ["synth"]
    assert any("Bootstrap" in linea for linea in lineas) and "no se desplegó nada" in lineas[-1]


def test_un_paso_de_cdk_que_falla_detiene(aws, tmp_path):
    raiz = _raiz(tmp_path)

    def falla(orden: list[str], entorno: Any) -> int:
        return 1

    with pytest.raises(d.ErrorDespliegue, match="síntesis"):
        d.desplegar(
            entorno={"AWS_REGION": "us-east-1"},
            cliente=_clientes(LambdaDoble(1000, 1000)),
            correr=falla,
            salida=lambda _: None,
            raiz=raiz,
        )


def test_fuera_de_us_east_1_tambien_arranca_cdk_alli_para_el_borde(aws, tmp_path):
    raiz = _raiz(tmp_path)
    cdk, lineas = Cdk(raiz, SIN_SES), []
    d.desplegar(
        entorno={"AWS_REGION": "us-west-2"},
        cliente=_clientes(LambdaDoble(1000, 1000)),
        correr=cdk,
        salida=lineas.append,
        raiz=raiz,
    )
    arranques = [o[3] for o in cdk.ordenes if o[2] == "bootstrap"]
    assert arranques == ["aws://123456789012/us-west-2", "aws://123456789012/us-east-1"]
    assert [o[3] for o in cdk.ordenes if o[2] == "deploy"] == ["BluePointBorde", "BluePointAtencion"]
    assert any("us-east-1, pila BluePointBorde" in linea for linea in lineas)


def test_sin_el_arn_del_borde_no_se_toca_la_pila_principal(aws, tmp_path):
    raiz = _raiz(tmp_path)

    class SinArn(Cdk):
        def __call__(self, orden: list[str], entorno: Any) -> int:
            codigo = super().__call__(orden, entorno)
            if orden[2] == "deploy" and orden[3] == "BluePointBorde":
                Path(orden[orden.index("--outputs-file") + 1]).write_text("{}")
            return codigo

    cdk = SinArn(raiz, SIN_SES)
    with pytest.raises(d.ErrorDespliegue, match="ArnWaf"):
        d.desplegar(
            entorno={"AWS_REGION": "us-east-1"},
            cliente=_clientes(LambdaDoble(1000, 1000)),
            correr=cdk,
            salida=lambda _: None,
            raiz=raiz,
        )
    assert [o[3] for o in cdk.ordenes if o[2] == "deploy"] == ["BluePointBorde"]
