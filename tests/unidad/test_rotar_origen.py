"""`make rotar-origen` contra moto: en cada paso lo que manda CloudFront está entre lo que aceptan las funciones."""

from __future__ import annotations

import json

import boto3
import pytest
from moto import mock_aws

from funciones.nucleo.frontera.candado import CABECERA_CANDADO, candado_abierto
from infraestructura import rotar_origen as r


@pytest.fixture
def aws(monkeypatch):
    for variable in ("AWS_ENDPOINT_URL", "AWS_PROFILE"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "prueba")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "prueba")
    with mock_aws():
        sm = boto3.client("secretsmanager", region_name="us-east-1")
        cf = boto3.client("cloudfront", region_name="us-east-1")
        arn = sm.create_secret(Name="candado", SecretString=json.dumps({"actual": "viejo", "anterior": ""}))["ARN"]
        origen = {
            "Id": "api",
            "DomainName": "abc.execute-api.us-east-1.amazonaws.com",
            "CustomHeaders": {"Quantity": 1, "Items": [{"HeaderName": CABECERA_CANDADO, "HeaderValue": "viejo"}]},
            "CustomOriginConfig": {"HTTPPort": 80, "HTTPSPort": 443, "OriginProtocolPolicy": "https-only"},
        }
        distribucion = cf.create_distribution(
            DistributionConfig={
                "CallerReference": "prueba",
                "Comment": "",
                "Enabled": True,
                "Origins": {"Quantity": 1, "Items": [origen]},
                "DefaultCacheBehavior": {"TargetOriginId": "api", "ViewerProtocolPolicy": "https-only"},
            }
        )["Distribution"]["Id"]
        yield sm, cf, arn, distribucion


def _enviado(cf, distribucion: str) -> str:
    (cabecera,) = r.cabecera_en_cloudfront(cf, distribucion)[2]
    return cabecera["HeaderValue"]


def test_rotacion_sin_caida(aws):
    sm, cf, arn, distribucion = aws
    pasos: list[tuple[str, str, tuple[str, ...]]] = []

    def dormir(_s: float) -> None:
        # En cada espera: lo que manda CloudFront debe estar entre lo aceptado por el secreto de ahora (y por el de
        # antes, que una función con su copia en memoria aún puede tener).
        valores = r.leer_secreto(sm, arn)
        aceptados = tuple(v for v in (valores["actual"], valores["anterior"]) if v)
        pasos.append(("espera", _enviado(cf, distribucion), aceptados))

    nuevo = r.rotar(sm, cf, arn, distribucion, espera_s=1, dormir=dormir, salida=lambda _: None, generar=lambda: "n1")
    assert nuevo == "n1"
    assert _enviado(cf, distribucion) == "n1"
    assert r.leer_secreto(sm, arn) == {"actual": "n1", "anterior": ""}
    assert len(pasos) == 2
    copia_previa: tuple[str, ...] = ("viejo",)
    for _, enviado, aceptados in pasos:
        assert candado_abierto(enviado, aceptados) and candado_abierto(enviado, copia_previa), pasos
        copia_previa = aceptados


def test_una_rotacion_cortada_sigue_donde_quedo(aws):
    sm, cf, arn, distribucion = aws
    # Se cortó después del paso 1: el secreto ya tiene el nuevo; CloudFront aún manda el viejo.
    r.escribir_secreto(sm, arn, "n1", "viejo")
    lineas: list[str] = []
    assert r.rotar(sm, cf, arn, distribucion, espera_s=0, dormir=lambda _: None, salida=lineas.append) == "n1"
    assert _enviado(cf, distribucion) == "n1" and r.leer_secreto(sm, arn) == {"actual": "n1", "anterior": ""}
    assert "a medias" in lineas[0]
    # Se cortó antes del paso 4: sólo falta retirar el anterior.
    r.escribir_secreto(sm, arn, "n1", "viejo")
    r.rotar(sm, cf, arn, distribucion, espera_s=0, dormir=lambda _: None, salida=lineas.append)
    assert r.leer_secreto(sm, arn) == {"actual": "n1", "anterior": ""} and _enviado(cf, distribucion) == "n1"


def test_un_valor_que_el_secreto_no_conoce_detiene_sin_tocar_nada(aws):
    sm, cf, arn, distribucion = aws
    r.escribir_secreto(sm, arn, "otro", "")
    with pytest.raises(r.ErrorRotacion, match="no tiene"):
        r.rotar(sm, cf, arn, distribucion, espera_s=0, dormir=lambda _: None, salida=lambda _: None)
    assert _enviado(cf, distribucion) == "viejo" and r.leer_secreto(sm, arn)["actual"] == "otro"


def test_el_valor_nuevo_es_largo_y_apto_para_una_cabecera():
    valor = r.nuevo_valor()
    assert len(valor) >= 40 and all(c.isalnum() or c in "-_" for c in valor) and valor != r.nuevo_valor()
