"""`make agente` contra moto: alta con grupo y departamento, validación antes de llamar a AWS, sin altas a medias,
y de dónde sale el grupo de usuarios (COGNITO_POOL, la pila, el `make run` que corre)."""

from __future__ import annotations

import json

import boto3
import pytest
from moto import mock_aws
from moto.server import ThreadedMotoServer

from infraestructura import agente
from infraestructura.local import recursos

CORREO = "ana.lopez@bluepoint.mx"


@pytest.fixture
def pool(monkeypatch, tmp_path):
    for variable in ("AWS_ENDPOINT_URL", "AWS_PROFILE", "COGNITO_POOL", "PILA"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "prueba")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "prueba")
    with mock_aws():
        cognito = boto3.client("cognito-idp")
        pool_id, _ = recursos.crear_pool(cognito)
        yield cognito, pool_id


def correr(capsys, entorno, *argumentos):
    codigo = agente.main(list(argumentos), entorno=entorno)
    salida = capsys.readouterr()
    return codigo, salida.out, salida.err


def atributos(cognito, pool_id, usuario):
    u = cognito.admin_get_user(UserPoolId=pool_id, Username=usuario)
    return u["UserStatus"], {a["Name"]: a["Value"] for a in u["UserAttributes"]}


def grupos(cognito, pool_id, usuario):
    r = cognito.admin_list_groups_for_user(UserPoolId=pool_id, Username=usuario)
    return [g["GroupName"] for g in r["Groups"]]


def test_alta_de_un_agente_de_departamento_en_aws(pool, capsys, monkeypatch):
    cognito, pool_id = pool
    enviados = []
    real = agente._cliente

    def cliente_que_anota(servicio, endpoint):
        c = real(servicio, endpoint)
        c.meta.events.register(
            "provide-client-params.cognito-idp.AdminCreateUser", lambda params, **_: enviados.append(params)
        )
        return c

    monkeypatch.setattr(agente, "_cliente", cliente_que_anota)
    codigo, salida, _ = correr(
        capsys,
        {"COGNITO_POOL": pool_id},
        "--usuario", "Ana.Lopez", "--grupo", "departamentos", "--departamento", "facturacion",
        "--correo", CORREO, "--nombre", "Ana López",
    )  # fmt: skip
    assert codigo == 0, salida
    assert "ana.lopez quedó en departamentos del departamento facturacion" in salida
    assert f"Cognito le envió a {CORREO} la invitación" in salida
    estado, attrs = atributos(cognito, pool_id, "ana.lopez")
    assert estado == "FORCE_CHANGE_PASSWORD"
    assert attrs["custom:departamento"] == "facturacion" and attrs["email"] == CORREO
    assert attrs["email_verified"] == "true" and attrs["name"] == "Ana López"
    assert grupos(cognito, pool_id, "ana.lopez") == ["departamentos"]
    # En AWS Cognito genera la contraseña temporal y manda la invitación: ni contraseña ni SUPPRESS.
    (params,) = enviados
    assert "TemporaryPassword" not in params and "MessageAction" not in params
    assert params["DesiredDeliveryMediums"] == ["EMAIL"]


@pytest.mark.parametrize(
    ("argumentos", "mensajes"),
    [
        (["--grupo", "asesores", "--correo", CORREO], ["USUARIO: Este dato es obligatorio."]),
        (["--usuario", "ana lopez", "--grupo", "asesores", "--correo", CORREO], ["USUARIO: Usa solo minúsculas"]),
        (["--usuario", "ana@bluepoint.mx", "--grupo", "asesores", "--correo", CORREO], ["USUARIO:"]),
        (["--usuario", "ana", "--grupo", "jefes", "--correo", CORREO], ["GRUPO: Elige una de las opciones"]),
        (["--usuario", "ana", "--grupo", "asesores", "--correo", "no-es-correo"], ["CORREO: Escribe un correo válido"]),
        (
            ["--usuario", "ana", "--grupo", "departamentos", "--correo", CORREO],
            ["DEPARTAMENTO: Los agentes de departamentos"],
        ),
        (
            ["--usuario", "ana", "--grupo", "departamentos", "--departamento", "ventas", "--correo", CORREO],
            ["DEPARTAMENTO: No existe ese departamento; elige uno de: facturacion, soporte_tecnico"],
        ),
        (
            ["--usuario", "ana", "--grupo", "asesores", "--departamento", "cobranza", "--correo", "x"],
            ["CORREO:", "DEPARTAMENTO: Solo los agentes del grupo departamentos"],
        ),
        (["--usuario", "ana", "--grupo", "asesores", "--correo", CORREO, "--nombre", "<b>Ana</b>"], ["NOMBRE:"]),
    ],
)
def test_datos_malos_no_llaman_a_aws(pool, capsys, monkeypatch, argumentos, mensajes):
    cognito, pool_id = pool

    def prohibido(*_a, **_k):
        raise AssertionError("no debía llamar a AWS")

    monkeypatch.setattr(agente, "_cliente", prohibido)
    codigo, _, errores = correr(capsys, {"COGNITO_POOL": pool_id}, *argumentos)
    assert codigo == 2
    for mensaje in mensajes:
        assert mensaje in errores
    assert "Uso: make agente" in errores
    assert cognito.list_users(UserPoolId=pool_id)["Users"] == []


def test_usuario_repetido_y_sin_altas_a_medias(pool, capsys):
    cognito, pool_id = pool
    args = ["--usuario", "ana", "--grupo", "asesores", "--correo", CORREO]
    assert correr(capsys, {"COGNITO_POOL": pool_id}, *args)[0] == 0
    codigo, _, errores = correr(capsys, {"COGNITO_POOL": pool_id}, *args)
    assert codigo == 1 and "Ya existe un agente con el usuario ana." in errores
    # Un pool sin los grupos de agentes: el usuario creado se borra para no dejarlo sin grupo.
    otro = cognito.create_user_pool(PoolName="sin-grupos")["UserPool"]["Id"]
    codigo, _, errores = correr(
        capsys, {"COGNITO_POOL": otro}, "--usuario", "beto", "--grupo", "asesores", "--correo", "b@bluepoint.mx"
    )
    assert codigo == 1 and "No existe ese grupo" in errores
    assert cognito.list_users(UserPoolId=otro)["Users"] == []


def test_el_pool_sale_de_la_salida_de_la_pila(pool, tmp_path):
    _, pool_id = pool
    plantilla = {
        "Resources": {"Tema": {"Type": "AWS::SNS::Topic"}},
        "Outputs": {"GrupoUsuarios": {"Value": pool_id}},
    }
    cfn = boto3.client("cloudformation")
    cfn.create_stack(StackName="BluePointAtencion", TemplateBody=json.dumps(plantilla))
    cfn.create_stack(StackName="OtraPila", TemplateBody=json.dumps({"Resources": plantilla["Resources"]}))
    sin_local = {"ESTADO_LOCAL": str(tmp_path / "no-existe.json")}
    assert agente.destino(sin_local) == agente.Destino(pool_id, None, "pila BluePointAtencion en AWS")
    with pytest.raises(agente.SinDestino) as e:
        agente.destino({**sin_local, "PILA": "OtraPila"})
    assert "no tiene la salida GrupoUsuarios" in e.value.mensaje
    with pytest.raises(agente.SinDestino) as e:
        agente.destino({**sin_local, "PILA": "NoExiste"})
    assert "No pude leer la pila NoExiste" in e.value.mensaje


def test_sin_credenciales_ni_make_run_lo_dice_en_espanol(monkeypatch, tmp_path, capsys):
    for variable in (
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_PROFILE",
        "AWS_ENDPOINT_URL",
    ):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "nada"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "nada"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    # Un archivo de estado de un `make run` que ya no corre no cuenta.
    estado = tmp_path / "estado.json"
    estado.write_text(json.dumps({"pool": "us-east-1_x", "endpoint": "http://127.0.0.1:9", "url": "x"}))
    codigo, _, errores = correr(
        capsys, {"ESTADO_LOCAL": str(estado)}, "--usuario", "ana", "--grupo", "asesores", "--correo", CORREO
    )
    assert codigo == 1 and "define COGNITO_POOL, arranca `make run`" in errores


def test_usa_el_make_run_que_esta_corriendo(tmp_path, capsys, monkeypatch):
    """Con un moto de verdad por HTTP, como el de `make run`, y su archivo de estado."""
    for variable in ("AWS_ENDPOINT_URL", "COGNITO_POOL", "PILA"):
        monkeypatch.delenv(variable, raising=False)
    servidor = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    servidor.start()
    try:
        _, puerto = servidor.get_host_and_port()
        endpoint = f"http://127.0.0.1:{puerto}"
        cognito = boto3.client(
            "cognito-idp",
            endpoint_url=endpoint,
            region_name="us-east-1",
            aws_access_key_id="l",
            aws_secret_access_key="l",
        )
        pool_id, cliente_id = recursos.crear_pool(cognito)
        estado = tmp_path / "estado.json"
        estado.write_text(json.dumps({"pool": pool_id, "endpoint": endpoint, "url": "http://127.0.0.1:8000"}))
        codigo, salida, _ = correr(
            capsys,
            {"ESTADO_LOCAL": str(estado)},
            "--usuario",
            "caro",
            "--grupo",
            "supervisores",
            "--correo",
            "c@bluepoint.mx",
        )
        assert codigo == 0 and "make run local en http://127.0.0.1:8000" in salida
        temporal = salida.split("Contraseña temporal (local; en AWS llega por correo): ")[1].split()[0]
        assert grupos(cognito, pool_id, "caro") == ["supervisores"]
        # Con la temporal impresa, Cognito (moto) pide la contraseña nueva: el primer inicio de la consola.
        import base64
        import hashlib
        import hmac

        secreto = cognito.describe_user_pool_client(UserPoolId=pool_id, ClientId=cliente_id)["UserPoolClient"][
            "ClientSecret"
        ]
        firma = base64.b64encode(hmac.new(secreto.encode(), b"caro" + cliente_id.encode(), hashlib.sha256).digest())
        r = cognito.initiate_auth(
            ClientId=cliente_id,
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": "caro", "PASSWORD": temporal, "SECRET_HASH": firma.decode()},
        )
        assert r["ChallengeName"] == "NEW_PASSWORD_REQUIRED"
    finally:
        servidor.stop()
