"""El directorio de agentes sobre Cognito: qué cuenta como «no hay tal agente» y qué es una falla pasajera."""

from __future__ import annotations

import boto3
import pytest
from botocore.stub import Stubber

from funciones.nucleo.adaptadores.directorio import DirectorioCognito
from funciones.nucleo.dominio.errores import ServicioNoDisponible

POOL = "us-east-1_prueba"


@pytest.fixture
def cognito():
    c = boto3.client("cognito-idp", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x")
    with Stubber(c) as stub:
        yield c, stub


def _usuario(nombre: str, activo: bool = True, departamento: str | None = None) -> dict:
    atributos = [{"Name": "sub", "Value": "abc"}]
    if departamento:
        atributos.append({"Name": "custom:departamento", "Value": departamento})
    return {"Username": nombre, "Enabled": activo, "UserAttributes": atributos}


def test_agente_activo_con_grupos_y_departamento(cognito):
    c, stub = cognito
    # Buscado por alias (correo): se guarda el nombre de usuario canónico.
    stub.add_response(
        "admin_get_user", _usuario("cobranza.demo", departamento="cobranza"), {"UserPoolId": POOL, "Username": "c@x.mx"}
    )
    stub.add_response(
        "admin_list_groups_for_user",
        {"Groups": [{"GroupName": "departamentos"}]},
        {"UserPoolId": POOL, "Username": "cobranza.demo", "Limit": 60},
    )
    agente = DirectorioCognito(POOL, c).buscar("c@x.mx")
    assert agente is not None
    assert (agente.usuario, agente.grupos, agente.departamento) == (
        "cobranza.demo",
        frozenset({"departamentos"}),
        "cobranza",
    )


@pytest.mark.parametrize("codigo", ["UserNotFoundException", "InvalidParameterException"])
def test_usuario_que_no_existe_o_nombre_invalido_no_es_agente(cognito, codigo):
    c, stub = cognito
    stub.add_client_error("admin_get_user", codigo)
    assert DirectorioCognito(POOL, c).buscar("fantasma") is None


def test_usuario_dado_de_baja_no_es_agente(cognito):
    c, stub = cognito
    stub.add_response("admin_get_user", _usuario("ex.asesor", activo=False))
    assert DirectorioCognito(POOL, c).buscar("ex.asesor") is None


@pytest.mark.parametrize("codigo", ["TooManyRequestsException", "InternalErrorException"])
def test_falla_de_cognito_es_503_no_un_agente_inexistente(cognito, codigo):
    c, stub = cognito
    stub.add_client_error("admin_get_user", codigo)
    with pytest.raises(ServicioNoDisponible):
        DirectorioCognito(POOL, c).buscar("asesor.demo")
