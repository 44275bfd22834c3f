"""Propiedades de la pila sintetizada: funciones, datos, flujo, reloj, alertas, API, sitio, alarmas y cdk-nag."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from aws_cdk import App, FileSystem, Stack
from aws_cdk import aws_cognito as cognito
from aws_cdk import aws_kms as kms
from aws_cdk import aws_lambda as lambda_
from aws_cdk.assertions import Annotations, Match, Template
from cfnlint.api import lint_file

from funciones.nucleo.dominio.agregados import TIPOS_CONTADOS
from infraestructura.app import RAIZ, contexto_cdk_json
from infraestructura.constructos.api import Api
from infraestructura.constructos.funciones import LEEN_PIMIENTA, OTRAS_CAPACIDADES, EmpaquetadoLocal, rutas_paquete
from infraestructura.constructos.notificaciones import Notificaciones, destinos_alertas
from infraestructura.pila import CONTEXTO_PREDETERMINADO, PilaBluePoint, concurrencia_barrido, correos_alertas
from infraestructura.rutas import BARRIDO, FUNCIONES, RUTAS, Ruta, funciones_api

pytestmark = pytest.mark.xdist_group(name="infraestructura")

RUNTIME = "python3.12"
# Lo único que queda sin autorizador: si una ruta de agentes se volviera pública, esta lista lo delata.
RUTAS_PUBLICAS = {
    ("GET", "/api/catalogo"),
    ("POST", "/api/casos"),
    ("POST", "/api/consultas"),
    ("GET", "/api/comprobantes/{folio}"),
    ("GET", "/api/openapi.json"),
    ("GET", "/api/confirmaciones/{token}"),
    ("POST", "/api/confirmaciones/{token}"),
    ("POST", "/api/sesiones"),
    ("POST", "/api/sesiones/retos"),
    ("GET", "/api/encuestas/{token}"),
    ("POST", "/api/encuestas/{token}"),
    # La conversación del cliente: con el `acceso` firmado de su consulta, no con sesión de agente.
    ("POST", "/api/casos/{folio}/comentarios"),
    ("POST", "/api/casos/{folio}/adjuntos"),
}


# --- ayudas de lectura de la plantilla ---------------------------------------------------------------


def de_tipo(recursos: dict[str, Any], tipo: str) -> dict[str, Any]:
    return {k: v for k, v in recursos.items() if v["Type"] == tipo}


def funcion(recursos: dict[str, Any], nombre: str) -> tuple[str, dict[str, Any]]:
    manejador = f"funciones.{nombre}.handler.handler"
    halladas = [
        (k, v["Properties"])
        for k, v in de_tipo(recursos, "AWS::Lambda::Function").items()
        if v["Properties"].get("Handler") == manejador
    ]
    assert len(halladas) == 1, f"se esperaba una función con handler {manejador}"
    return halladas[0]


def declaraciones(recursos: dict[str, Any], nombre: str) -> list[dict[str, Any]]:
    """Todas las declaraciones IAM de las políticas unidas al rol de la función."""
    rol = funcion(recursos, nombre)[1]["Role"]["Fn::GetAtt"][0]
    salida = []
    for politica in de_tipo(recursos, "AWS::IAM::Policy").values():
        if {"Ref": rol} in politica["Properties"]["Roles"]:
            salida += politica["Properties"]["PolicyDocument"]["Statement"]
    return salida


def acciones(recursos: dict[str, Any], nombre: str, servicio: str | None = None) -> set[str]:
    todas = set()
    for d in declaraciones(recursos, nombre):
        lista = d["Action"] if isinstance(d["Action"], list) else [d["Action"]]
        todas |= {a for a in lista if servicio is None or a.startswith(f"{servicio}:")}
    return todas


def ruta_de_recurso(recursos: dict[str, Any], referencia: dict[str, Any]) -> str:
    if "Fn::GetAtt" in referencia:  # RootResourceId de la API
        return ""
    propiedades = recursos[referencia["Ref"]]["Properties"]
    return f"{ruta_de_recurso(recursos, propiedades['ParentId'])}/{propiedades['PathPart']}"


def pimienta(recursos: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    (encontrado,) = [(k, v) for k, v in de_tipo(recursos, "AWS::SecretsManager::Secret").items() if "Pimienta" in k]
    return encontrado


def candado(recursos: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    (encontrado,) = [(k, v) for k, v in de_tipo(recursos, "AWS::SecretsManager::Secret").items() if "Candado" in k]
    return encontrado


def unico(recursos: dict[str, Any], tipo: str) -> tuple[str, dict[str, Any]]:
    encontrados = de_tipo(recursos, tipo)
    assert len(encontrados) == 1, f"se esperaba un solo {tipo}"
    return next(iter(encontrados.items()))


def lista(valor: Any) -> list[Any]:
    return valor if isinstance(valor, list) else [valor]


def rol_de(recursos: dict[str, Any], nombre: str) -> str:
    return funcion(recursos, nombre)[1]["Role"]["Fn::GetAtt"][0]


def cola_de(recursos: dict[str, Any], prefijo: str) -> tuple[str, dict[str, Any]]:
    (encontrada,) = [(k, v) for k, v in de_tipo(recursos, "AWS::SQS::Queue").items() if k.startswith(prefijo)]
    return encontrada


def mapeo_de(recursos: dict[str, Any], nombre: str) -> dict[str, Any]:
    """El mapeo de origen de eventos cuya función es `nombre`."""
    consumidora, _ = funcion(recursos, nombre)
    (mapeo,) = [
        m["Properties"]
        for m in de_tipo(recursos, "AWS::Lambda::EventSourceMapping").values()
        if m["Properties"]["FunctionName"] == {"Ref": consumidora}
    ]
    return mapeo


def tema_alertas(recursos: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    (encontrado,) = [
        (k, v)
        for k, v in de_tipo(recursos, "AWS::SNS::Topic").items()
        if v["Properties"].get("DisplayName") == "Blue Point: alertas a supervisores"
    ]
    return encontrado


# --- funciones -------------------------------------------------------------------------------------


@pytest.mark.parametrize("nombre", sorted(FUNCIONES))
def test_funcion_arm64_con_runtime_trazas_y_tamano_de_la_tabla(sintesis, nombre):
    _, propiedades = funcion(sintesis.recursos, nombre)
    definicion = FUNCIONES[nombre]
    assert propiedades["Architectures"] == ["arm64"]
    assert propiedades["Runtime"] == RUNTIME
    # PassThrough salvo que el contexto `trazas_funciones` pida Active (constructos/trazas.py).
    assert propiedades["TracingConfig"] == {"Mode": "PassThrough"}
    assert propiedades["MemorySize"] == definicion.memoria_mb
    assert propiedades["Timeout"] == definicion.tiempo_s
    # Sólo la capa que arma la pila (ninguna capa ajena por ARN), para el mismo runtime y arquitectura.
    (capa,) = propiedades["Layers"]
    recurso = sintesis.recursos[capa["Ref"]]
    assert recurso["Type"] == "AWS::Lambda::LayerVersion"
    assert recurso["Properties"]["CompatibleRuntimes"] == [RUNTIME]
    assert recurso["Properties"]["CompatibleArchitectures"] == ["arm64"]
    # Grupo de registros propio, con retención.
    grupo = propiedades["LoggingConfig"]["LogGroup"]["Ref"]
    assert sintesis.recursos[grupo]["Properties"]["RetentionInDays"] == 30
    # Registros en JSON sin las líneas de la plataforma (START/END/REPORT); los de la aplicación desde INFO.
    assert {k: v for k, v in propiedades["LoggingConfig"].items() if k != "LogGroup"} == {
        "LogFormat": "JSON",
        "SystemLogLevel": "WARN",
        "ApplicationLogLevel": "INFO",
    }


@pytest.mark.parametrize("nombre", sorted(FUNCIONES))
def test_entorno_de_cada_funcion(sintesis, nombre):
    entorno = funcion(sintesis.recursos, nombre)[1]["Environment"]["Variables"]
    tabla, _ = unico(sintesis.recursos, "AWS::DynamoDB::Table")
    distribucion, _ = unico(sintesis.recursos, "AWS::CloudFront::Distribution")

    assert entorno["TABLA"] == {"Ref": tabla}
    assert entorno["REMITENTE"] == "atencion@bluepoint.mx"
    assert entorno["URL_SITIO"] == {"Fn::Join": ["", ["https://", {"Fn::GetAtt": [distribucion, "DomainName"]}]]}
    assert entorno["POWERTOOLS_SERVICE_NAME"] == nombre
    assert entorno["POWERTOOLS_METRICS_NAMESPACE"] == "BluePoint"
    assert entorno["LOG_LEVEL"] == "INFO"
    assert entorno["PYDANTIC_DISABLE_PLUGINS"] == "__all__"
    if nombre == "notificaciones":
        configuracion, _ = unico(sintesis.recursos, "AWS::SES::ConfigurationSet")
        assert entorno["CONFIG_SES"] == {"Ref": configuracion}
        assert entorno["TEMA_ALERTAS"]["Ref"].startswith("NotificacionesAlertas")
    else:
        assert "CONFIG_SES" not in entorno and "TEMA_ALERTAS" not in entorno
    if nombre in LEEN_PIMIENTA:
        secreto, _ = pimienta(sintesis.recursos)
        assert entorno["PIMIENTA_SECRETO"] == {"Ref": secreto}
    else:
        assert "PIMIENTA_SECRETO" not in entorno
    # La pimienta en claro es solo para la emulación local.
    assert "PIMIENTA" not in entorno
    if nombre == "sesiones":
        grupo, _ = unico(sintesis.recursos, "AWS::Cognito::UserPool")
        cliente, _ = unico(sintesis.recursos, "AWS::Cognito::UserPoolClient")
        assert entorno["COGNITO_POOL"] == {"Ref": grupo}
        assert entorno["COGNITO_CLIENTE"] == {"Ref": cliente}
        # Contexto mfa_supervisores (predeterminado: sí): los supervisores no reciben token sin TOTP.
        assert entorno["MFA_OBLIGATORIO"] == "supervisores"
    elif nombre == "escalamiento":
        # La reasignación busca al asesor en el grupo de usuarios; no inicia sesiones.
        grupo, _ = unico(sintesis.recursos, "AWS::Cognito::UserPool")
        assert entorno["COGNITO_POOL"] == {"Ref": grupo} and "COGNITO_CLIENTE" not in entorno
    else:
        assert not {"COGNITO_POOL", "COGNITO_CLIENTE", "MFA_OBLIGATORIO"} & set(entorno)


def test_quien_lee_la_pimienta_segun_el_codigo():
    """LEEN_PIMIENTA es exactamente el conjunto de funciones cuyo código importa `secretos.pimienta`."""
    usan = {
        carpeta.name
        for carpeta in (RAIZ / "funciones").iterdir()
        if carpeta.name in FUNCIONES
        and any(
            "from funciones.nucleo.adaptadores.secretos import pimienta" in p.read_text() for p in carpeta.rglob("*.py")
        )
    }
    assert (
        usan
        == LEEN_PIMIENTA
        == {
            "alta",
            "verificacion",
            "confirmaciones",
            "notificaciones",
            "encuestas",
            # El `acceso` del cliente (firmado en la consulta, comprobado al comentar y adjuntar).
            "seguimiento",
            "conversacion",
            # Las llaves HMAC del índice de búsqueda.
            "busqueda",
            # ARCO: los términos del índice y las claves de los límites de la persona.
            "arco",
            # El Reply-To firmado de cada respuesta por correo.
            "correo_entrante",
            # El término del teléfono en el índice de búsqueda (el caso de quien escribe por WhatsApp).
            "whatsapp_entrante",
        }
    )


DYNAMODB_ESPERADO = {
    "catalogo": set(),
    "documentacion": set(),
    # Cognito InitiateAuth no pasa por IAM: nada de la tabla (sólo lee el secreto del cliente de la consola).
    "sesiones": set(),
    # Transacción con Puts y el Update de la verificación (alta asistida); GetItem de idempotencia y verificación.
    "alta": {"dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:GetItem"},
    "seguimiento": {"dynamodb:Query", "dynamodb:UpdateItem"},
    # El IVR consulta con la lógica del seguimiento: Query del caso; UpdateItem: reservar y devolver el intento.
    "ivr": {"dynamodb:Query", "dynamodb:UpdateItem"},
    "comprobantes": {"dynamodb:GetItem"},
    "verificacion": {"dynamodb:BatchGetItem", "dynamodb:PutItem", "dynamodb:ConditionCheckItem"},
    # Más UpdateItem: el adjunto de un agente rechazado por su tipo.
    "gestion": {"dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem", "dynamodb:UpdateItem"},
    "confirmaciones": {"dynamodb:GetItem", "dynamodb:PutItem"},
    # obtener (GetItem), obtener_con_historial (Query) y actualizar (transacción de Puts).
    "escalamiento": {"dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem"},
    # ColaDynamo.pagina (Query, solo sobre el índice) y actualizar (transacción de Puts).
    "barrido": {"dynamodb:Query", "dynamodb:PutItem"},
    # Una Query por término del índice de búsqueda y un BatchGetItem de lo encontrado; nada de escritura.
    "busqueda": {"dynamodb:Query", "dynamodb:BatchGetItem"},
    # ARCO: Query de términos y particiones; BatchWriteItem de lo anonimizado y borrado; transacción por caso
    # (Put y Delete); GetItem del caso para la marca PROFECO. Sin Scan.
    "arco": {
        "dynamodb:Query",
        "dynamodb:GetItem",
        "dynamodb:PutItem",
        "dynamodb:DeleteItem",
        "dynamodb:BatchWriteItem",
    },
    # Las de lectura del flujo las concede el DynamoEventSource; GetItem: encuesta diferida y caso de un rebote;
    # Query: los Message-ID anteriores del caso (EventosDynamo.hilo).
    "notificaciones": {
        "dynamodb:GetItem",
        "dynamodb:Query",
        "dynamodb:PutItem",
        "dynamodb:UpdateItem",
        "dynamodb:DeleteItem",
        "dynamodb:DescribeStream",
        "dynamodb:GetRecords",
        "dynamodb:GetShardIterator",
        "dynamodb:ListStreams",
    },
    # EncuestasDynamo: obtener (GetItem), crear (Puts de la respuesta y sus eventos) y completar (Update + Put);
    # el caso de la ronda con RepositorioDynamo.obtener (GetItem).
    "encuestas": {"dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"},
    # ContadoresDynamo.sumar_lote: Put de la marca por evento y ADD (Update) por día y lote; más la lectura del flujo.
    "agregados": {
        "dynamodb:PutItem",
        "dynamodb:UpdateItem",
        "dynamodb:DescribeStream",
        "dynamodb:GetRecords",
        "dynamodb:GetShardIterator",
        "dynamodb:ListStreams",
    },
    # ContadoresDynamo.dias y obtener_expediente: una Query cada uno, solo lectura.
    "reportes": {"dynamodb:Query"},
    # obtener_con_historial (Query); actualizar, registrar y anexar_mensaje (transacciones de Puts, con el Update de
    # la cuenta del día), el correo apartado (Put) y el registro de idempotencia del alta ligada (GetItem).
    "correo_entrante": {"dynamodb:Query", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"},
    # Caso y adjunto (GetItem), conversación (Query), adjunto nuevo y transacción del mensaje (Put), rechazo (Update).
    "conversacion": {"dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem", "dynamodb:UpdateItem"},
    # El resultado del antivirus: lee el adjunto, lo actualiza y anota su evento.
    "adjuntos": {"dynamodb:GetItem", "dynamodb:UpdateItem", "dynamodb:PutItem"},
    # Índice del teléfono (Query) y sus casos (BatchGetItem); historial (Query); el caso del botón (GetItem); la
    # transacción del mensaje y la marca por mensaje de Meta (Put, Update), que se libera si falla (Delete).
    "whatsapp_entrante": {
        "dynamodb:Query",
        "dynamodb:BatchGetItem",
        "dynamodb:GetItem",
        "dynamodb:PutItem",
        "dynamodb:UpdateItem",
        "dynamodb:DeleteItem",
    },
}


@pytest.mark.parametrize("nombre", sorted(FUNCIONES))
def test_permisos_minimos_de_cada_funcion(sintesis, nombre):
    assert acciones(sintesis.recursos, nombre, "dynamodb") == DYNAMODB_ESPERADO[nombre]
    servicios = {a.split(":")[0] for a in acciones(sintesis.recursos, nombre)}
    permitidos = {"logs", "xray"} | ({"dynamodb", "kms"} if DYNAMODB_ESPERADO[nombre] else set())
    if nombre == "notificaciones":
        # scheduler e iam:PassRole: la encuesta diferida (ver test_encuesta_diferida_con_scheduler).
        permitidos |= {"ses", "sns", "sqs", "scheduler", "iam"}
    if nombre in ("barrido", "agregados", "adjuntos"):
        permitidos |= {"sqs"}  # su destino on-failure (invocaciones asíncronas o lotes del flujo)
    from infraestructura.rutas import funciones_api

    if nombre in LEEN_PIMIENTA or nombre in funciones_api():
        permitidos |= {"secretsmanager"}  # la pimienta, o el candado de origen (las de la API)
    if nombre == "correo_entrante":
        permitidos |= {"s3"}  # GetObject del crudo y adjuntos a casos/ (ver test_recepcion)
    if nombre in ("conversacion", "gestion"):
        permitidos |= {"s3"}  # ver tests/infraestructura/test_adjuntos.py
    if nombre == "arco":
        permitidos |= {"s3"}  # borrar adjuntos y correos crudos en la cancelación (ver test_arco_solo_borra_en_s3)
    if nombre == "whatsapp_entrante":
        permitidos |= {"s3", "sqs", "social-messaging"}  # ver tests/infraestructura/test_whatsapp_entrante.py
    if nombre == "sesiones":
        permitidos |= {"cognito-idp"}  # DescribeUserPoolClient (ver test_sesiones_no_toca_datos)
    elif nombre == "escalamiento":
        permitidos |= {"cognito-idp"}  # ver test_escalamiento_solo_consulta_usuarios_del_grupo_de_agentes
    assert servicios == permitidos
    assert not any(a.endswith("*") for a in acciones(sintesis.recursos, nombre))
    # Rol propio sin políticas administradas.
    rol = funcion(sintesis.recursos, nombre)[1]["Role"]["Fn::GetAtt"][0]
    assert "ManagedPolicyArns" not in sintesis.recursos[rol]["Properties"]


def test_las_acciones_de_datos_van_sobre_la_tabla_y_solo_gestion_y_barrido_consultan_el_indice(sintesis):
    tabla, _ = unico(sintesis.recursos, "AWS::DynamoDB::Table")
    arn_tabla = {"Fn::GetAtt": [tabla, "Arn"]}
    arn_indice = {"Fn::Join": ["", [arn_tabla, "/index/vencimientos"]]}
    arn_umbrales = {"Fn::Join": ["", [arn_tabla, "/index/umbrales"]]}
    sobre_indices = {}
    for nombre in FUNCIONES:
        for d in declaraciones(sintesis.recursos, nombre):
            de_datos = {a for a in lista(d["Action"]) if a.startswith("dynamodb:")} - {"dynamodb:ListStreams"}
            if not de_datos or d["Resource"] == {"Fn::GetAtt": [tabla, "StreamArn"]}:
                continue
            if d["Resource"] == arn_tabla:
                continue
            sobre_indices[nombre] = (de_datos, d["Resource"])
    # La cola (`vencimientos`) y el barrido (`umbrales`, y `vencimientos` para el relleno): solo Query, explícito.
    assert sobre_indices == {
        "gestion": ({"dynamodb:Query"}, arn_indice),
        "barrido": ({"dynamodb:Query"}, [arn_umbrales, arn_indice]),
    }


def test_solo_quien_escribe_puede_cifrar_con_la_llave(sintesis):
    for nombre in ("comprobantes", "reportes", "busqueda"):
        assert acciones(sintesis.recursos, nombre, "kms") == {"kms:Decrypt", "kms:DescribeKey"}
    escriben = (
        "alta",
        "seguimiento",
        "notificaciones",
        "verificacion",
        "gestion",
        "confirmaciones",
        "escalamiento",
        "barrido",
    )
    for nombre in (*escriben, "encuestas", "agregados"):
        assert {"kms:Encrypt", "kms:GenerateDataKey"} <= acciones(sintesis.recursos, nombre, "kms")
    for nombre in ("catalogo", "documentacion", "sesiones"):
        assert acciones(sintesis.recursos, nombre, "kms") == set()


def test_secreto_de_la_pimienta(sintesis):
    secreto, recurso = pimienta(sintesis.recursos)
    assert recurso["DeletionPolicy"] == "Retain" and recurso["UpdateReplacePolicy"] == "Retain"
    propiedades = recurso["Properties"]
    llave, atributo = propiedades["KmsKeyId"]["Fn::GetAtt"]
    assert llave.startswith("DatosClave") and atributo == "Arn"
    generada = propiedades["GenerateSecretString"]
    assert generada["PasswordLength"] == 64 and generada["ExcludePunctuation"] is True
    assert "SecretString" not in propiedades
    # Sin rotación: rotarla invalidaría todos los hashes guardados.
    assert de_tipo(sintesis.recursos, "AWS::SecretsManager::RotationSchedule") == {}
    salida = sintesis.plantilla.to_json()["Outputs"]["SecretoPimienta"]
    assert salida["Value"] == {"Ref": secreto}
    assert "make importar" in salida["Description"]


def test_solo_quien_usa_la_pimienta_puede_leerla(sintesis):
    recursos = sintesis.recursos
    secreto, _ = pimienta(recursos)
    otro, _ = candado(recursos)
    lectores = set()
    for nombre in FUNCIONES:
        for d in declaraciones(recursos, nombre):
            if any(a.startswith("secretsmanager:") for a in lista(d["Action"])):
                assert set(lista(d["Action"])) == {"secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"}
                # La pimienta, o el candado de origen (las funciones de la API; ver la prueba del candado).
                assert all(r in ({"Ref": secreto}, {"Ref": otro}) for r in lista(d["Resource"]))
                if {"Ref": secreto} in lista(d["Resource"]):
                    lectores.add(nombre)
    assert lectores == LEEN_PIMIENTA
    # Nadie más recibe permisos sobre secretos en una política de identidad (salvo las de la API, el candado).
    from infraestructura.rutas import funciones_api

    roles_lectores = {rol_de(recursos, n) for n in LEEN_PIMIENTA}
    roles_api = {rol_de(recursos, n) for n in funciones_api()}
    for politica in de_tipo(recursos, "AWS::IAM::Policy").values():
        if "secretsmanager" in json.dumps(politica["Properties"]["PolicyDocument"]):
            assert {r["Ref"] for r in politica["Properties"]["Roles"]} <= roles_lectores | roles_api

    # La llave de datos solo descifra para los lectores cuando la llamada pasa por Secrets Manager.
    _, llave = next((k, v) for k, v in de_tipo(recursos, "AWS::KMS::Key").items() if k.startswith("DatosClave"))
    por_rol = [
        d
        for d in llave["Properties"]["KeyPolicy"]["Statement"]
        if any("Fn::GetAtt" in p for p in lista(d["Principal"].get("AWS", [])))
    ]
    assert len(por_rol) == 1
    (decifrar,) = por_rol
    assert decifrar["Action"] == "kms:Decrypt"
    assert "secretsmanager." in json.dumps(decifrar["Condition"]["StringEquals"]["kms:ViaService"])
    assert {p["Fn::GetAtt"][0] for p in lista(decifrar["Principal"]["AWS"])} == roles_lectores | roles_api


def test_escalamiento_solo_consulta_usuarios_del_grupo_de_agentes(sintesis):
    grupo, _ = unico(sintesis.recursos, "AWS::Cognito::UserPool")
    de_cognito = [
        d for d in declaraciones(sintesis.recursos, "escalamiento") if any("cognito" in a for a in lista(d["Action"]))
    ]
    assert len(de_cognito) == 1
    (d,) = de_cognito
    assert set(lista(d["Action"])) == {
        "cognito-idp:AdminGetUser",
        "cognito-idp:AdminListGroupsForUser",
        "cognito-idp:ListUsersInGroup",
    }
    assert d["Resource"] == {"Fn::GetAtt": [grupo, "Arn"]}


def test_solo_sesiones_y_escalamiento_hablan_con_cognito(sintesis):
    esperado = {
        "sesiones": {"cognito-idp:DescribeUserPoolClient"},
        "escalamiento": {
            "cognito-idp:AdminGetUser",
            "cognito-idp:AdminListGroupsForUser",
            "cognito-idp:ListUsersInGroup",
        },
    }
    for nombre in FUNCIONES:
        de_cognito = {a for a in acciones(sintesis.recursos, nombre) if a.startswith("cognito-idp:")}
        assert de_cognito == esperado.get(nombre, set()), nombre


def test_sesiones_no_toca_datos(sintesis):
    # secretsmanager: sólo el candado de origen, como toda función de la API.
    servicios = {a.split(":")[0] for a in acciones(sintesis.recursos, "sesiones")}
    assert servicios == {"logs", "xray", "cognito-idp", "secretsmanager"}
    secreto, _ = candado(sintesis.recursos)
    assert [
        d["Resource"]
        for d in declaraciones(sintesis.recursos, "sesiones")
        if "secretsmanager" in json.dumps(d["Action"])
    ] == [{"Ref": secreto}]
    # De Cognito, sólo leer el secreto del cliente de la consola (para SECRET_HASH), y sólo en su pool.
    grupo, _ = unico(sintesis.recursos, "AWS::Cognito::UserPool")
    cognito = [d for d in declaraciones(sintesis.recursos, "sesiones") if "cognito-idp" in json.dumps(d["Action"])]
    assert [(d["Action"], d["Resource"]) for d in cognito] == [
        ("cognito-idp:DescribeUserPoolClient", {"Fn::GetAtt": [grupo, "Arn"]})
    ]


def test_notificaciones_envia_por_ses_y_sns_acotado(sintesis):
    ses = [d for d in declaraciones(sintesis.recursos, "notificaciones") if "ses:SendEmail" in d["Action"]]
    assert len(ses) == 1 and lista(ses[0]["Action"]) == ["ses:SendEmail"]
    recursos_ses = json.dumps(ses[0]["Resource"])
    identidad, _ = unico(sintesis.recursos, "AWS::SES::EmailIdentity")
    assert identidad in recursos_ses and ":configuration-set/" in recursos_ses

    publicar = [
        d["Resource"] for d in declaraciones(sintesis.recursos, "notificaciones") if d["Action"] == "sns:Publish"
    ]
    # El tema de alertas por ARN y los SMS (sin ARN posible) en su propia política.
    assert "*" in publicar
    assert any(isinstance(r, dict) and r.get("Ref", "").startswith("NotificacionesAlertas") for r in publicar)


def test_ninguna_funcion_hace_scan(sintesis):
    for nombre in FUNCIONES:
        assert not {"dynamodb:Scan", "dynamodb:*"} & acciones(sintesis.recursos, nombre), nombre
    assert "dynamodb:Scan" not in json.dumps(de_tipo(sintesis.recursos, "AWS::IAM::Policy"))


# --- paquetes --------------------------------------------------------------------------------------


@pytest.mark.parametrize("nombre", sorted(FUNCIONES))
def test_paquete_de_cada_funcion_pequeno_y_solo_con_lo_suyo(sintesis, nombre):
    clave = funcion(sintesis.recursos, nombre)[1]["Code"]["S3Key"]
    carpeta = sintesis.salida / f"asset.{clave.removesuffix('.zip')}"
    assert carpeta.is_dir()
    archivos = [p for p in carpeta.rglob("*") if p.is_file()]
    assert sum(p.stat().st_size for p in archivos) < 1_000_000
    assert {p.name for p in carpeta.iterdir()} == {"funciones", "esquemas"}
    # Sólo lo suyo y, si usa la lógica de otra capacidad (OTRAS_CAPACIDADES), esa.
    otras = set(OTRAS_CAPACIDADES.get(nombre, ()))
    assert {p.name for p in (carpeta / "funciones").iterdir()} == {"__init__.py", "nucleo", nombre, *otras}
    assert not any("__pycache__" in p.parts or p.suffix == ".pyc" for p in archivos)
    assert (carpeta / "funciones" / nombre / "handler.py").is_file()


def test_huella_del_paquete_cambia_solo_con_lo_que_lleva(tmp_path):
    raiz = tmp_path / "repo"
    for relativa in rutas_paquete("alta") + ("funciones/seguimiento",):
        destino = raiz / relativa
        if relativa.endswith(".py"):
            destino.parent.mkdir(parents=True, exist_ok=True)
            destino.write_text("")
        else:
            destino.mkdir(parents=True)
            (destino / "modulo.py").write_text("X = 1\n")
    (raiz / "funciones" / "nucleo" / "__pycache__").mkdir()
    (raiz / "funciones" / "nucleo" / "__pycache__" / "modulo.pyc").write_bytes(b"\0")

    def huella() -> str:
        salida = tmp_path / f"salida{len(list(tmp_path.iterdir()))}"
        salida.mkdir()
        assert EmpaquetadoLocal("alta", raiz).try_bundle(str(salida))
        return FileSystem.fingerprint(str(salida))

    inicial = huella()
    (raiz / "funciones" / "seguimiento" / "modulo.py").write_text("X = 2\n")
    (raiz / "funciones" / "nucleo" / "__pycache__" / "modulo.pyc").write_bytes(b"\1")
    assert huella() == inicial
    (raiz / "funciones" / "nucleo" / "modulo.py").write_text("X = 2\n")
    assert huella() != inicial


# --- datos y flujo ---------------------------------------------------------------------------------


def test_tabla(sintesis):
    sintesis.plantilla.has_resource(
        "AWS::DynamoDB::Table",
        {
            "DeletionPolicy": "Retain",
            "UpdateReplacePolicy": "Retain",
            "Properties": Match.object_like(
                {
                    "BillingMode": "PAY_PER_REQUEST",
                    "KeySchema": [
                        {"AttributeName": "pk", "KeyType": "HASH"},
                        {"AttributeName": "sk", "KeyType": "RANGE"},
                    ],
                    "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": True},
                    "SSESpecification": {
                        "SSEEnabled": True,
                        "SSEType": "KMS",
                        "KMSMasterKeyId": {"Fn::GetAtt": [Match.string_like_regexp("^DatosClave"), "Arn"]},
                    },
                    "StreamSpecification": {"StreamViewType": "NEW_IMAGE"},
                    "DeletionProtectionEnabled": True,
                    "TimeToLiveSpecification": {"AttributeName": "expira", "Enabled": True},
                    "GlobalSecondaryIndexes": [
                        {
                            "IndexName": "vencimientos",
                            "KeySchema": [
                                {"AttributeName": "vence_pk", "KeyType": "HASH"},
                                {"AttributeName": "vence_sk", "KeyType": "RANGE"},
                            ],
                            "Projection": {"ProjectionType": "ALL"},
                        },
                        {
                            "IndexName": "umbrales",
                            "KeySchema": [
                                {"AttributeName": "vence_pk", "KeyType": "HASH"},
                                {"AttributeName": "umbral_sk", "KeyType": "RANGE"},
                            ],
                            "Projection": {"ProjectionType": "ALL"},
                        },
                    ],
                }
            ),
        },
    )
    for llave in de_tipo(sintesis.recursos, "AWS::KMS::Key").values():
        assert llave["Properties"]["EnableKeyRotation"] is True
        assert llave["DeletionPolicy"] == "Retain"


def test_dos_consumidores_del_flujo(sintesis):
    """DynamoDB admite dos lectores por flujo: notificaciones y agregados los ocupan."""
    tabla, _ = unico(sintesis.recursos, "AWS::DynamoDB::Table")
    flujo = {"Fn::GetAtt": [tabla, "StreamArn"]}
    mapeos = [m["Properties"] for m in de_tipo(sintesis.recursos, "AWS::Lambda::EventSourceMapping").values()]
    assert [m["EventSourceArn"] for m in mapeos] == [flujo, flujo]
    assert sorted(m["FunctionName"]["Ref"] for m in mapeos) == sorted(
        funcion(sintesis.recursos, n)[0] for n in ("notificaciones", "agregados")
    )


def test_mapeo_del_flujo(sintesis):
    propiedades = mapeo_de(sintesis.recursos, "notificaciones")
    consumidora, _ = funcion(sintesis.recursos, "notificaciones")
    tabla, _ = unico(sintesis.recursos, "AWS::DynamoDB::Table")
    cola, atributos_cola = cola_de(sintesis.recursos, "NotificacionesColaFallos")

    assert propiedades["FunctionName"] == {"Ref": consumidora}
    assert propiedades["EventSourceArn"] == {"Fn::GetAtt": [tabla, "StreamArn"]}
    assert propiedades["StartingPosition"] == "TRIM_HORIZON"
    assert propiedades["BatchSize"] == 10
    assert propiedades["BisectBatchOnFunctionError"] is True
    assert propiedades["MaximumRetryAttempts"] == 8
    assert 0 < propiedades["MaximumRecordAgeInSeconds"] <= 86400
    assert propiedades["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
    assert propiedades["DestinationConfig"] == {"OnFailure": {"Destination": {"Fn::GetAtt": [cola, "Arn"]}}}
    assert [json.loads(f["Pattern"]) for f in propiedades["FilterCriteria"]["Filters"]] == [
        {
            "eventName": ["INSERT"],
            "dynamodb": {
                "NewImage": {
                    "sk": {"S": [{"prefix": "EVENTO#"}]},
                    "notificar": {"M": {"medio": {"S": [{"exists": True}]}}},
                }
            },
        }
    ]
    assert atributos_cola["Properties"]["SqsManagedSseEnabled"] is True


def test_mapeo_del_flujo_a_los_contadores(sintesis):
    recursos = sintesis.recursos
    propiedades = mapeo_de(recursos, "agregados")
    tabla, _ = unico(recursos, "AWS::DynamoDB::Table")
    cola, atributos_cola = cola_de(recursos, "AgregadosColaFallos")

    assert propiedades["EventSourceArn"] == {"Fn::GetAtt": [tabla, "StreamArn"]}
    assert propiedades["StartingPosition"] == "TRIM_HORIZON"
    assert propiedades["BatchSize"] == 100
    assert propiedades["BisectBatchOnFunctionError"] is True
    assert propiedades["MaximumRetryAttempts"] == 8
    assert 0 < propiedades["MaximumRecordAgeInSeconds"] < 86400
    assert propiedades["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
    # Cola de fallos propia, distinta de la de notificaciones.
    assert propiedades["DestinationConfig"] == {"OnFailure": {"Destination": {"Fn::GetAtt": [cola, "Arn"]}}}
    assert propiedades["DestinationConfig"] != mapeo_de(recursos, "notificaciones")["DestinationConfig"]
    # Lotes de hasta un minuto: menos invocaciones y un solo ADD por día para muchos eventos.
    assert propiedades["MaximumBatchingWindowInSeconds"] == 60
    # Solo eventos de caso nuevos que suman algo: ni casos, ni marcas, ni entregas o eventos de SES, ni los
    # eventos de verificación del registro de clientes.
    assert [json.loads(f["Pattern"]) for f in propiedades["FilterCriteria"]["Filters"]] == [
        {
            "eventName": ["INSERT"],
            "dynamodb": {
                "NewImage": {
                    "sk": {"S": [{"prefix": "EVENTO#"}]},
                    "entidad": {"S": ["evento"]},
                    "tipo": {"S": sorted(TIPOS_CONTADOS)},
                }
            },
        }
    ]
    assert {"caso_registrado", "caso_resuelto", "encuesta_respondida"} <= TIPOS_CONTADOS
    assert not {"notificacion_enviada", "nota", "correo_entregado"} & TIPOS_CONTADOS
    assert atributos_cola["Properties"]["SqsManagedSseEnabled"] is True
    # La función escribe en su destino y en ninguna otra cola.
    sqs = [d for d in declaraciones(recursos, "agregados") if any(a.startswith("sqs:") for a in lista(d["Action"]))]
    assert len(sqs) == 1 and "sqs:SendMessage" in sqs[0]["Action"]
    assert sqs[0]["Resource"] == {"Fn::GetAtt": [cola, "Arn"]}


def test_ses_y_temas(sintesis):
    sintesis.plantilla.has_resource_properties("AWS::SES::EmailIdentity", {"EmailIdentity": "bluepoint.mx"})
    sintesis.plantilla.has_resource_properties(
        "AWS::SES::ConfigurationSet",
        {"ReputationOptions": {"ReputationMetricsEnabled": True}, "DeliveryOptions": {"TlsPolicy": "REQUIRE"}},
    )
    for tema in de_tipo(sintesis.recursos, "AWS::SNS::Topic").values():
        assert "KmsMasterKeyId" in tema["Properties"]
    # enforceSSL: cada tema niega la publicación sin TLS.
    politicas = json.dumps(de_tipo(sintesis.recursos, "AWS::SNS::TopicPolicy"))
    assert politicas.count('"aws:SecureTransport": "false"') == len(de_tipo(sintesis.recursos, "AWS::SNS::Topic")) == 4


def test_eventos_de_ses_llegan_a_notificaciones_por_sns(sintesis):
    recursos = sintesis.recursos
    (destino,) = de_tipo(recursos, "AWS::SES::ConfigurationSetEventDestination").values()
    evento = destino["Properties"]["EventDestination"]
    assert set(evento["MatchingEventTypes"]) == {"delivery", "bounce", "complaint"}
    tema = evento["SnsDestination"]["TopicARN"]["Ref"]
    # SES sólo puede publicar desde este conjunto de configuración y esta cuenta; el tema va cifrado.
    politica = json.dumps(
        [p for p in de_tipo(recursos, "AWS::SNS::TopicPolicy").values() if p["Properties"]["Topics"] == [{"Ref": tema}]]
    )
    assert '"ses.amazonaws.com"' in politica and "configuration-set/" in politica
    clave = recursos[tema]["Properties"]["KmsMasterKeyId"]["Fn::GetAtt"][0]
    # (La otra declaración para SES es la de la regla de recepción: tests/infraestructura/test_recepcion.py.)
    (para_ses,) = [
        d
        for d in recursos[clave]["Properties"]["KeyPolicy"]["Statement"]
        if d["Principal"] == {"Service": "ses.amazonaws.com"} and "receipt-rule-set" not in json.dumps(d)
    ]
    # SES sólo usa la llave desde este conjunto de configuración.
    assert "configuration-set/" in json.dumps(para_ses["Condition"]["ArnLike"]["aws:SourceArn"])
    consumidora, _ = funcion(recursos, "notificaciones")
    (suscripcion,) = [
        s for s in de_tipo(recursos, "AWS::SNS::Subscription").values() if s["Properties"]["TopicArn"] == {"Ref": tema}
    ]
    assert suscripcion["Properties"]["Protocol"] == "lambda"
    assert suscripcion["Properties"]["Endpoint"] == {"Fn::GetAtt": [consumidora, "Arn"]}
    # Una invocación asíncrona que agota reintentos (SNS o Scheduler) termina en la cola de fallos con alarma.
    (config,) = [
        c
        for c in de_tipo(recursos, "AWS::Lambda::EventInvokeConfig").values()
        if c["Properties"]["FunctionName"] == {"Ref": consumidora}
    ]
    assert "NotificacionesColaFallos" in json.dumps(config["Properties"]["DestinationConfig"])


def test_encuesta_diferida_con_scheduler(sintesis):
    recursos = sintesis.recursos
    consumidora, propiedades = funcion(recursos, "notificaciones")
    entorno = propiedades["Environment"]["Variables"]
    assert entorno["RETRASO_ENCUESTA_MIN"] == "60"
    ((grupo_id, grupo),) = de_tipo(recursos, "AWS::Scheduler::ScheduleGroup").items()
    assert entorno["GRUPO_PROGRAMAS"] == grupo["Properties"]["Name"]
    rol_programas = entorno["ROL_PROGRAMAS"]["Fn::GetAtt"][0]
    confianza = json.dumps(recursos[rol_programas]["Properties"]["AssumeRolePolicyDocument"])
    assert "scheduler.amazonaws.com" in confianza and "aws:SourceAccount" in confianza
    # La función sólo crea programas en su grupo y sólo pasa ese rol, y sólo a Scheduler.
    declaraciones_ = declaraciones(recursos, "notificaciones")
    (crear,) = [d for d in declaraciones_ if d["Action"] == "scheduler:CreateSchedule"]
    assert f"schedule/{grupo['Properties']['Name']}/*" in json.dumps(crear["Resource"])
    (pasar,) = [d for d in declaraciones_ if d["Action"] == "iam:PassRole"]
    assert pasar["Resource"] == {"Fn::GetAtt": [rol_programas, "Arn"]}
    assert pasar["Condition"] == {"StringEquals": {"iam:PassedToService": "scheduler.amazonaws.com"}}


def test_alarmas_de_reputacion_de_ses(sintesis):
    alarmas = {
        a["Properties"]["MetricName"]: a["Properties"]
        for a in de_tipo(sintesis.recursos, "AWS::CloudWatch::Alarm").values()
        if a["Properties"].get("Namespace") == "AWS/SES"
    }
    assert alarmas["Reputation.BounceRate"]["Threshold"] < 0.05  # antes de la revisión de AWS (5 %)
    assert alarmas["Reputation.ComplaintRate"]["Threshold"] < 0.001
    assert all(a["AlarmActions"] for a in alarmas.values())


# --- reloj -----------------------------------------------------------------------------------------


def test_el_reloj_invoca_el_barrido_cada_cinco_minutos(sintesis):
    recursos = sintesis.recursos
    barrido, _ = funcion(recursos, "barrido")
    cola, _ = cola_de(recursos, "RelojColaFallos")
    # La otra regla es la del antivirus de los adjuntos (tests/infraestructura/test_adjuntos.py).
    [(regla, recurso)] = [(k, r) for k, r in de_tipo(recursos, "AWS::Events::Rule").items() if k.startswith("Reloj")]
    propiedades = recurso["Properties"]
    assert propiedades["ScheduleExpression"] == f"rate({BARRIDO['cada_minutos']} minutes)" == "rate(5 minutes)"
    assert propiedades["State"] == "ENABLED"
    (objetivo,) = propiedades["Targets"]
    assert objetivo["Arn"] == {"Fn::GetAtt": [barrido, "Arn"]}
    # Si EventBridge no logra invocar, el aviso cae en la misma cola de fallos del barrido.
    assert objetivo["DeadLetterConfig"] == {"Arn": {"Fn::GetAtt": [cola, "Arn"]}}
    permisos = [
        p["Properties"]
        for p in de_tipo(recursos, "AWS::Lambda::Permission").values()
        if p["Properties"]["Principal"] == "events.amazonaws.com"
        and p["Properties"]["FunctionName"] == {"Fn::GetAtt": [barrido, "Arn"]}
    ]
    assert permisos == [
        {
            "Action": "lambda:InvokeFunction",
            "FunctionName": {"Fn::GetAtt": [barrido, "Arn"]},
            "Principal": "events.amazonaws.com",
            "SourceArn": {"Fn::GetAtt": [regla, "Arn"]},
        }
    ]


def test_los_fallos_del_barrido_van_a_su_cola_con_alarma(sintesis):
    recursos = sintesis.recursos
    barrido, _ = funcion(recursos, "barrido")
    cola, atributos_cola = cola_de(recursos, "RelojColaFallos")
    (configuracion,) = [
        c
        for c in de_tipo(recursos, "AWS::Lambda::EventInvokeConfig").values()
        if c["Properties"]["FunctionName"] == {"Ref": barrido}
    ]
    assert configuracion["Properties"] == {
        "FunctionName": {"Ref": barrido},
        "Qualifier": "$LATEST",
        "DestinationConfig": {"OnFailure": {"Destination": {"Fn::GetAtt": [cola, "Arn"]}}},
        "MaximumRetryAttempts": 2,
        "MaximumEventAgeInSeconds": 3600,
    }
    # Cifrada y solo con TLS.
    assert atributos_cola["Properties"]["SqsManagedSseEnabled"] is True
    (politica,) = [
        p["Properties"]
        for p in de_tipo(recursos, "AWS::SQS::QueuePolicy").values()
        if p["Properties"]["Queues"] == [{"Ref": cola}]
    ]
    negar = [d for d in politica["PolicyDocument"]["Statement"] if d["Effect"] == "Deny"]
    assert negar[0]["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
    # La función puede escribir en su destino, y en nada más de SQS.
    sqs = [d for d in declaraciones(recursos, "barrido") if any(a.startswith("sqs:") for a in lista(d["Action"]))]
    assert len(sqs) == 1 and "sqs:SendMessage" in sqs[0]["Action"]
    assert sqs[0]["Resource"] == {"Fn::GetAtt": [cola, "Arn"]}
    # Alarma al primer mensaje, al tema de operación.
    (alarma,) = [
        a["Properties"]
        for a in de_tipo(recursos, "AWS::CloudWatch::Alarm").values()
        if {"Name": "QueueName", "Value": {"Fn::GetAtt": [cola, "QueueName"]}} in a["Properties"].get("Dimensions", [])
    ]
    assert alarma["MetricName"] == "ApproximateNumberOfMessagesVisible"
    assert (alarma["ComparisonOperator"], alarma["Threshold"]) == ("GreaterThanThreshold", 0)
    assert alarma["AlarmActions"][0]["Ref"].startswith("MonitoreoOperacion")


def _reservadas(recursos: dict[str, Any]) -> dict[str, int]:
    reservadas = {nombre: funcion(recursos, nombre)[1].get("ReservedConcurrentExecutions") for nombre in FUNCIONES}
    return {n: r for n, r in reservadas.items() if r is not None}


def test_sin_concurrencia_reservada_por_omision(sintesis):
    """Una cuenta con cuota baja despliega: nadie reserva ejecuciones (dos barridos no se pisan igual)."""
    assert CONTEXTO_PREDETERMINADO["concurrencia_barrido"] == 0
    assert _reservadas(sintesis.recursos) == {}


def test_concurrencia_del_barrido_desde_el_contexto():
    # `-c concurrencia_barrido=1` llega como texto; sin empaquetar las funciones (no cambia nada aquí).
    contexto = {**contexto_cdk_json(), "concurrencia_barrido": "1", "aws:cdk:bundling-stacks": []}
    pila = PilaBluePoint(App(context=contexto), "Prueba")
    assert _reservadas(Template.from_stack(pila).to_json()["Resources"]) == {"barrido": 1}


def test_concurrencia_del_barrido_valida():
    assert concurrencia_barrido(0) == concurrencia_barrido("0") == {}
    assert concurrencia_barrido(1) == concurrencia_barrido(" 1 ") == {"barrido": 1}
    assert concurrencia_barrido(3) == {"barrido": 3}
    for malo in (-1, "-1", "uno", "", 1.5, "1.5", True, None, [1]):
        with pytest.raises(ValueError, match="concurrencia_barrido debe ser un entero mayor o igual a 0"):
            concurrencia_barrido(malo)


# --- alertas ---------------------------------------------------------------------------------------


def test_tema_de_alertas_cifrado_y_solo_con_tls(sintesis):
    tema, propiedades = tema_alertas(sintesis.recursos)
    llave, _ = propiedades["Properties"]["KmsMasterKeyId"]["Fn::GetAtt"]
    assert llave.startswith("DatosClave")
    (politica,) = [
        p["Properties"]
        for p in de_tipo(sintesis.recursos, "AWS::SNS::TopicPolicy").values()
        if p["Properties"]["Topics"] == [{"Ref": tema}]
    ]
    assert {"Bool": {"aws:SecureTransport": "false"}} in [
        d.get("Condition") for d in politica["PolicyDocument"]["Statement"] if d["Effect"] == "Deny"
    ]


def test_notificaciones_publica_las_alertas(sintesis):
    recursos = sintesis.recursos
    tema, propiedades = tema_alertas(recursos)
    entorno = funcion(recursos, "notificaciones")[1]["Environment"]["Variables"]
    assert entorno["TEMA_ALERTAS"] == {"Ref": tema}
    publicar = [d for d in declaraciones(recursos, "notificaciones") if d["Action"] == "sns:Publish"]
    assert {"Ref": tema} in [d["Resource"] for d in publicar]
    # Publicar en un tema cifrado pide GenerateDataKey y Decrypt sobre su llave.
    llave = {"Fn::GetAtt": [propiedades["Properties"]["KmsMasterKeyId"]["Fn::GetAtt"][0], "Arn"]}
    sobre_llave = set()
    for d in declaraciones(recursos, "notificaciones"):
        if d["Resource"] == llave:
            sobre_llave |= set(lista(d["Action"]))
    assert {"kms:GenerateDataKey", "kms:Decrypt"} <= sobre_llave


def test_una_suscripcion_por_destino_con_su_filtro(sintesis):
    catalogo = json.loads((RAIZ / "funciones" / "nucleo" / "dominio" / "catalogo.json").read_text())
    destinos = ["supervisores", *(d["clave"] for d in catalogo["departamentos"])]
    assert list(destinos_alertas()) == destinos
    assert set(sintesis.correos_alertas) == set(destinos)
    tema, _ = tema_alertas(sintesis.recursos)
    suscripciones = [
        s["Properties"]
        for s in de_tipo(sintesis.recursos, "AWS::SNS::Subscription").values()
        if s["Properties"]["TopicArn"] == {"Ref": tema}
    ]
    assert len(suscripciones) == len(destinos)
    por_destino = {s["FilterPolicy"]["departamento"][0]: s for s in suscripciones}
    for destino in destinos:
        assert por_destino[destino] == {
            "Protocol": "email",
            "TopicArn": {"Ref": tema},
            "Endpoint": sintesis.correos_alertas[destino],
            # String.Array: basta que uno de los valores del atributo coincida con el filtro.
            "FilterPolicy": {"departamento": [destino]},
            "FilterPolicyScope": "MessageAttributes",
        }


def _notificaciones_sueltas(correos: dict[str, str]) -> Template:
    pila = Stack(App(), "Prueba")
    clave = kms.Key(pila, "Clave")
    Notificaciones(pila, "Notificaciones", dominio="bluepoint.mx", clave=clave, correos_alertas=correos)
    return Template.from_stack(pila)


def test_destino_sin_correo_queda_sin_suscripcion():
    plantilla = _notificaciones_sueltas({"supervisores": "sup@example.com", "cobranza": " "})
    suscripciones = plantilla.find_resources("AWS::SNS::Subscription")
    assert [s["Properties"]["Endpoint"] for s in suscripciones.values()] == ["sup@example.com"]
    assert _notificaciones_sueltas({}).find_resources("AWS::SNS::Subscription") == {}


def test_correo_para_un_destino_que_no_existe_detiene_la_sintesis():
    with pytest.raises(ValueError, match="facturación"):
        _notificaciones_sueltas({"facturación": "fact@example.com"})


def test_correos_de_alertas_desde_cdk_json_o_la_linea_de_comandos():
    assert correos_alertas({"supervisores": "a@example.com"}) == {"supervisores": "a@example.com"}
    # `-c correos_alertas=...` llega como texto.
    assert correos_alertas('{"cobranza": "c@example.com"}') == {"cobranza": "c@example.com"}
    assert correos_alertas("") == {} and correos_alertas({}) == {}
    for malo in (["a@example.com"], {"supervisores": ["a@example.com"]}, "[1]"):
        with pytest.raises(ValueError):
            correos_alertas(malo)


# --- API -------------------------------------------------------------------------------------------


def test_una_ruta_de_http_api_por_ruta_con_su_funcion_y_autorizacion(sintesis):
    recursos = sintesis.recursos
    api_id, api = unico(recursos, "AWS::ApiGatewayV2::Api")
    assert api["Properties"]["ProtocolType"] == "HTTP"
    rutas = {
        r["Properties"]["RouteKey"]: r["Properties"] for r in de_tipo(recursos, "AWS::ApiGatewayV2::Route").values()
    }
    assert set(rutas) == {f"{r.metodo} {r.ruta}" for r in RUTAS}
    assert {(r.metodo, r.ruta) for r in RUTAS if r.publica} == RUTAS_PUBLICAS
    autorizador, _ = unico(recursos, "AWS::ApiGatewayV2::Authorizer")
    integraciones = de_tipo(recursos, "AWS::ApiGatewayV2::Integration")
    for ruta in RUTAS:
        propiedades = rutas[f"{ruta.metodo} {ruta.ruta}"]
        assert propiedades["ApiId"] == {"Ref": api_id}
        integracion = integraciones[propiedades["Target"]["Fn::Join"][1][1]["Ref"]]["Properties"]
        assert integracion["IntegrationType"] == "AWS_PROXY"
        # Payload 2.0: el evento que arman el servidor local y tests/eventos.py.
        assert integracion["PayloadFormatVersion"] == "2.0"
        assert funcion(recursos, ruta.funcion)[0] in json.dumps(integracion["IntegrationUri"])
        if (ruta.metodo, ruta.ruta) in RUTAS_PUBLICAS:
            assert propiedades.get("AuthorizationType", "NONE") == "NONE", ruta.ruta
            assert "AuthorizerId" not in propiedades
        else:
            assert propiedades["AuthorizationType"] == "JWT", ruta.ruta
            assert propiedades["AuthorizerId"] == {"Ref": autorizador}
    # Una integración por función, no por ruta.
    assert len(integraciones) == len({r.funcion for r in RUTAS})


def test_etapa_con_registros_y_limites_por_ruta(sintesis):
    _, etapa = unico(sintesis.recursos, "AWS::ApiGatewayV2::Stage")
    propiedades = etapa["Properties"]
    assert propiedades["StageName"] == "$default" and propiedades["AutoDeploy"] is True
    formato = json.loads(propiedades["AccessLogSettings"]["Format"])
    assert formato["solicitud"] == "$context.requestId" and formato["ruta"] == "$context.routeKey"
    (acceso,) = [propiedades["AccessLogSettings"]["DestinationArn"]["Fn::GetAtt"][0]]
    assert sintesis.recursos[acceso]["Properties"]["RetentionInDays"] == 30
    general = propiedades["DefaultRouteSettings"]
    # Sin métricas detalladas por ruta (cuestan por métrica; la alarma usa las de la API).
    assert general["DetailedMetricsEnabled"] is False
    assert (general["ThrottlingRateLimit"], general["ThrottlingBurstLimit"]) == (50, 100)
    por_ruta = propiedades["RouteSettings"]
    # Todos los POST públicos, el inicio de sesión de agentes incluido; ninguna ruta de agentes.
    assert set(por_ruta) == {f"{m} {r}" for m, r in RUTAS_PUBLICAS if m == "POST"}
    for clave, limite in por_ruta.items():
        assert limite["ThrottlingRateLimit"] < general["ThrottlingRateLimit"], clave
        assert limite["ThrottlingBurstLimit"] < general["ThrottlingBurstLimit"], clave
    # El inicio de sesión, con su presupuesto propio y más corto que el de los demás POST públicos.
    sesion, alta = por_ruta["POST /api/sesiones"], por_ruta["POST /api/casos"]
    assert por_ruta["POST /api/sesiones/retos"] == sesion
    assert sesion["ThrottlingRateLimit"] < alta["ThrottlingRateLimit"]
    assert sesion["ThrottlingBurstLimit"] < alta["ThrottlingBurstLimit"]


def test_sin_restos_de_la_api_rest(sintesis):
    # Ni etapa REST con métricas detalladas, ni registros de ejecución, ni WAF regional: el WAF está en CloudFront.
    tipos = {v["Type"] for v in sintesis.recursos.values()}
    assert not {t for t in tipos if t.startswith("AWS::ApiGateway::")}
    assert "AWS::WAFv2::WebACL" not in tipos and "AWS::WAFv2::WebACLAssociation" not in tipos
    assert not [
        g
        for g in de_tipo(sintesis.recursos, "AWS::Logs::LogGroup").values()
        if "API-Gateway-Execution-Logs" in json.dumps(g)
    ]


def test_sin_cors_si_no_hay_origenes_web(sintesis):
    _, api = unico(sintesis.recursos, "AWS::ApiGatewayV2::Api")
    assert "CorsConfiguration" not in api["Properties"]


def test_cors_restringido_a_los_origenes_del_contexto():
    from infraestructura.pila import origenes_web

    assert origenes_web("https://www.bluepoint.mx, https://bluepoint.mx") == [
        "https://www.bluepoint.mx",
        "https://bluepoint.mx",
    ]
    assert origenes_web([]) == [] and origenes_web("") == []
    for malo in ("*", "https://www.bluepoint.mx/", "http://www.bluepoint.mx", "https://*.bluepoint.mx", [1]):
        with pytest.raises(ValueError, match="origenes_web"):
            origenes_web(malo if isinstance(malo, list) else [malo])
    pila = _pila_con_api(("https://www.bluepoint.mx",))
    cors = unico(Template.from_stack(pila).to_json()["Resources"], "AWS::ApiGatewayV2::Api")[1]["Properties"][
        "CorsConfiguration"
    ]
    assert cors["AllowOrigins"] == ["https://www.bluepoint.mx"]
    assert set(cors["AllowMethods"]) == {"GET", "POST"}
    assert set(cors["AllowHeaders"]) == {"content-type", "idempotency-key"}
    assert "AllowCredentials" not in cors or cors["AllowCredentials"] is False


def test_candado_de_origen_en_secrets_manager_y_lo_leen_las_funciones_de_la_api(sintesis):
    from infraestructura.rutas import funciones_api

    recursos = sintesis.recursos
    secreto, recurso = candado(recursos)
    generada = recurso["Properties"]["GenerateSecretString"]
    # {actual, anterior}: CloudFront manda `actual`; durante una rotación se aceptan los dos.
    assert generada["GenerateStringKey"] == "actual"
    assert json.loads(generada["SecretStringTemplate"]) == {"anterior": ""}
    assert generada["PasswordLength"] >= 32 and generada["ExcludePunctuation"] is True
    for nombre in FUNCIONES:
        entorno = funcion(recursos, nombre)[1]["Environment"]["Variables"]
        lee = any(
            {"Ref": secreto} in lista(d["Resource"])
            for d in declaraciones(recursos, nombre)
            if any(a.startswith("secretsmanager:") for a in lista(d["Action"]))
        )
        if nombre in funciones_api():
            assert entorno["CANDADO_ORIGEN_SECRETO"] == {"Ref": secreto} and lee, nombre
        else:
            assert "CANDADO_ORIGEN_SECRETO" not in entorno and not lee, nombre
        # El valor en claro sólo existe en la emulación local.
        assert "CANDADO_ORIGEN" not in entorno
    salida = sintesis.plantilla.to_json()["Outputs"]["SecretoCandado"]
    assert salida["Value"] == {"Ref": secreto} and "rotar-origen" in salida["Description"]


def test_grupo_de_usuarios_de_agentes(sintesis):
    _, grupo = unico(sintesis.recursos, "AWS::Cognito::UserPool")
    propiedades = grupo["Properties"]
    politica = propiedades["Policies"]["PasswordPolicy"]
    assert politica["MinimumLength"] >= 12
    assert all(politica[k] for k in ("RequireLowercase", "RequireUppercase", "RequireNumbers", "RequireSymbols"))
    assert propiedades["AdminCreateUserConfig"]["AllowAdminCreateUserOnly"] is True
    nombres = {g["Properties"]["GroupName"] for g in de_tipo(sintesis.recursos, "AWS::Cognito::UserPoolGroup").values()}
    assert nombres == {"asesores", "supervisores", "departamentos"}
    assert {"Name": "departamento", "AttributeDataType": "String", "Mutable": True} in propiedades["Schema"]


def test_cliente_de_la_consola_confidencial_con_usuario_y_contrasena(sintesis):
    _, cliente = unico(sintesis.recursos, "AWS::Cognito::UserPoolClient")
    propiedades = cliente["Properties"]
    # Con secreto: sólo la función de sesiones obtiene tokens (nadie se salta el TOTP obligatorio llamando a
    # Cognito directo), y Cognito acepta el UserContextData con la IP del agente.
    assert propiedades["GenerateSecret"] is True
    assert propiedades["EnablePropagateAdditionalUserContextData"] is True
    assert set(propiedades["ExplicitAuthFlows"]) == {"ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"}
    assert propiedades["AllowedOAuthFlowsUserPoolClient"] is False and "AllowedOAuthFlows" not in propiedades
    # El departamento llega en el token de ID, y el agente no puede cambiárselo con su token de acceso.
    assert "custom:departamento" in propiedades["ReadAttributes"]
    assert "custom:departamento" not in propiedades["WriteAttributes"]


def test_mfa_opcional_con_totp_y_la_politica_de_un_solo_lugar(sintesis):
    from funciones.nucleo.dominio import contrasenas

    _, grupo = unico(sintesis.recursos, "AWS::Cognito::UserPool")
    propiedades = grupo["Properties"]
    assert propiedades["MfaConfiguration"] == "OPTIONAL"
    assert propiedades["EnabledMfas"] == ["SOFTWARE_TOKEN_MFA"]
    politica = propiedades["Policies"]["PasswordPolicy"]
    assert politica["MinimumLength"] == contrasenas.MINIMO
    assert politica["TemporaryPasswordValidityDays"] == contrasenas.DIAS_CONTRASENA_TEMPORAL
    assert {k: v for k, v in contrasenas.para_cognito().items()} == {k: politica[k] for k in contrasenas.para_cognito()}


def test_mensajes_de_cognito_en_espanol(sintesis):
    grupo, recurso = unico(sintesis.recursos, "AWS::Cognito::UserPool")
    propiedades = recurso["Properties"]
    invitacion = propiedades["AdminCreateUserConfig"]["InviteMessageTemplate"]
    assert invitacion["EmailSubject"] == "Tu cuenta de agente de Blue Point"
    cuerpo = json.dumps(invitacion["EmailMessage"], ensure_ascii=False)
    assert "{username}" in cuerpo and "{####}" in cuerpo
    assert "Contraseña temporal" in cuerpo and "contraseña nueva" in cuerpo and "12 caracteres" in cuerpo
    # Con la dirección de la consola: el dominio de CloudFront (sin dominio propio) y /consola/.
    distribucion, _ = unico(sintesis.recursos, "AWS::CloudFront::Distribution")
    partes = invitacion["EmailMessage"]["Fn::Join"][1]
    assert {"Fn::GetAtt": [distribucion, "DomainName"]} in partes and "/consola/" in cuerpo
    assert "{username}" in invitacion["SMSMessage"] and "{####}" in invitacion["SMSMessage"]
    verificacion = propiedades["VerificationMessageTemplate"]
    assert verificacion["DefaultEmailOption"] == "CONFIRM_WITH_CODE"
    assert verificacion["EmailSubject"] == "Blue Point: tu código de verificación"
    assert "{####}" in verificacion["EmailMessage"] and "código de verificación" in verificacion["EmailMessage"]
    assert "{####}" in verificacion["SmsMessage"]
    for texto in (invitacion["EmailSubject"], verificacion["EmailMessage"], verificacion["SmsMessage"]):
        assert not any(p in texto.lower() for p in ("your ", "password", "verification code"))


def test_contexto_mfa_supervisores():
    from infraestructura.pila import booleano

    assert CONTEXTO_PREDETERMINADO["mfa_supervisores"] is True
    assert booleano("x", True) is True and booleano("x", "false") is False and booleano("x", " TRUE ") is True
    for malo in ("sí", "", 1, None):
        with pytest.raises(ValueError, match="true o false"):
            booleano("mfa_supervisores", malo)


def test_autorizador_jwt_nativo_de_cognito(sintesis):
    grupo, _ = unico(sintesis.recursos, "AWS::Cognito::UserPool")
    cliente, _ = unico(sintesis.recursos, "AWS::Cognito::UserPoolClient")
    _, autorizador = unico(sintesis.recursos, "AWS::ApiGatewayV2::Authorizer")
    propiedades = autorizador["Properties"]
    assert propiedades["AuthorizerType"] == "JWT"
    assert propiedades["IdentitySource"] == ["$request.header.Authorization"]
    # El token de identidad del cliente de la consola, emitido por el grupo de usuarios de agentes.
    assert propiedades["JwtConfiguration"]["Audience"] == [{"Ref": cliente}]
    assert {"Ref": grupo} in propiedades["JwtConfiguration"]["Issuer"]["Fn::Join"][1]


def _pila_con_api(origenes: tuple[str, ...] = (), rutas: tuple[Ruta, ...] | None = None) -> Stack:
    pila = Stack(App(), "Prueba")
    funciones = {
        nombre: lambda_.Function(
            pila,
            nombre,
            runtime=lambda_.Runtime.PYTHON_3_12,
            handler="x.handler",
            code=lambda_.Code.from_inline("def handler(e, c): pass"),
        )
        for nombre in ("alta", "gestion")
    }
    rutas = rutas or (
        Ruta("POST", "/api/casos", "alta", "Alta pública", cuerpo="SolicitudCaso"),
        Ruta("GET", "/api/casos/{folio}", "gestion", "Caso completo", publica=False, grupos=("asesores",)),
    )
    usuarios = cognito.UserPool(pila, "Usuarios")
    cliente = usuarios.add_client("Cliente")
    clave = kms.Key(pila, "Clave")
    Api(
        pila,
        "Api",
        funciones=funciones,
        usuarios=usuarios,
        cliente=cliente,
        clave=clave,
        origenes_web=origenes,
        rutas=rutas,
    )
    return pila


def test_ruta_de_agentes_lleva_autorizador_jwt():
    """Agregar una ruta con publica=False basta: la API le pone el autorizador JWT."""
    plantilla = Template.from_stack(_pila_con_api())
    plantilla.has_resource_properties(
        "AWS::ApiGatewayV2::Route",
        {"RouteKey": "GET /api/casos/{folio}", "AuthorizationType": "JWT", "AuthorizerId": Match.any_value()},
    )
    plantilla.has_resource_properties(
        "AWS::ApiGatewayV2::Route", {"RouteKey": "POST /api/casos", "AuthorizationType": "NONE"}
    )


# --- sitio -----------------------------------------------------------------------------------------


def test_distribucion_con_sitio_y_api_por_el_mismo_origen(sintesis):
    _, distribucion = unico(sintesis.recursos, "AWS::CloudFront::Distribution")
    configuracion = distribucion["Properties"]["DistributionConfig"]
    api_id, _ = unico(sintesis.recursos, "AWS::ApiGatewayV2::Api")
    assert configuracion["DefaultRootObject"] == "index.html"
    assert configuracion["DefaultCacheBehavior"]["ViewerProtocolPolicy"] == "redirect-to-https"
    assert "Logging" in configuracion

    (api,) = [c for c in configuracion["CacheBehaviors"] if c["PathPattern"] == "/api/*"]
    assert api["CachePolicyId"] == "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"  # CachingDisabled
    assert api["OriginRequestPolicyId"] == "b689b0a8-53d0-40ab-baf2-68738e2966ac"  # AllViewerExceptHostHeader
    assert set(api["AllowedMethods"]) == {"GET", "HEAD", "OPTIONS", "PUT", "PATCH", "POST", "DELETE"}

    origenes = {o["Id"]: o for o in configuracion["Origins"]}
    origen_api = origenes[api["TargetOriginId"]]
    # La etapa $default no lleva prefijo; el dominio es el de execute-api de la HTTP API.
    assert "OriginPath" not in origen_api or origen_api["OriginPath"] == ""
    assert origen_api["CustomOriginConfig"]["OriginProtocolPolicy"] == "https-only"
    assert api_id in json.dumps(origen_api["DomainName"])
    assert "execute-api" in json.dumps(origen_api["DomainName"])
    # El candado de origen: el valor `actual` del secreto, resuelto por CloudFormation (no queda en la plantilla).
    secreto, _ = candado(sintesis.recursos)
    (cabecera,) = origen_api["OriginCustomHeaders"]
    assert cabecera["HeaderName"] == "x-origen-bluepoint"
    assert cabecera["HeaderValue"] == {
        "Fn::Join": ["", ["{{resolve:secretsmanager:", {"Ref": secreto}, ":SecretString:actual::}}"]]
    }
    # El WebACL de alcance CLOUDFRONT (pila BluePointBorde), pasado como parámetro.
    assert configuracion["WebACLId"] == {"Ref": "ArnWaf"}
    parametro = sintesis.plantilla.to_json()["Parameters"]["ArnWaf"]
    assert parametro["Type"] == "String" and ":wafv2:us-east-1:" in parametro["AllowedPattern"]
    assert "global/webacl" in parametro["AllowedPattern"]
    origen_s3 = origenes[configuracion["DefaultCacheBehavior"]["TargetOriginId"]]
    assert "OriginAccessControlId" in origen_s3

    # Catálogo y OpenAPI (públicos, iguales para todos, max-age=300): los responde el borde; sólo GET y HEAD.
    en_cache = {c["PathPattern"]: c for c in configuracion["CacheBehaviors"] if c["PathPattern"] != "/api/*"}
    assert set(en_cache) == {"/api/catalogo", "/api/openapi.json"}
    (politica,) = {json.dumps(c["CachePolicyId"]) for c in en_cache.values()}
    politica = sintesis.recursos[json.loads(politica)["Ref"]]["Properties"]["CachePolicyConfig"]
    # El Origin va en la llave de la caché: la respuesta de CORS es por origen.
    llave = politica["ParametersInCacheKeyAndForwardedToOrigin"]
    assert llave["HeadersConfig"] == {"HeaderBehavior": "whitelist", "Headers": ["Origin"]}
    assert llave["QueryStringsConfig"]["QueryStringBehavior"] == "none"
    assert llave["CookiesConfig"]["CookieBehavior"] == "none"
    for c in en_cache.values():
        assert set(c["AllowedMethods"]) == {"GET", "HEAD"} and c["TargetOriginId"] == api["TargetOriginId"]
    # CloudFront evalúa en orden: las rutas en caché antes que el comodín de la API.
    patrones = [c["PathPattern"] for c in configuracion["CacheBehaviors"]]
    assert patrones.index("/api/*") == len(patrones) - 1


def test_buckets_privados_cifrados_y_con_tls(sintesis):
    for nombre, bucket in de_tipo(sintesis.recursos, "AWS::S3::Bucket").items():
        propiedades = bucket["Properties"]
        assert propiedades["PublicAccessBlockConfiguration"] == {
            "BlockPublicAcls": True,
            "BlockPublicPolicy": True,
            "IgnorePublicAcls": True,
            "RestrictPublicBuckets": True,
        }
        # Los adjuntos llevan datos de clientes (test_adjuntos.py) y los correos recibidos (datos personales, parte del
        # expediente: test_recepcion.py): los dos con la llave KMS de la tabla.
        assert propiedades["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]["ServerSideEncryptionByDefault"][
            "SSEAlgorithm"
        ] == ("aws:kms" if nombre.startswith(("Adjuntos", "RecepcionCorreo")) else "AES256")
    sintesis.plantilla.has_resource_properties(
        "AWS::S3::Bucket",
        {"VersioningConfiguration": {"Status": "Enabled"}, "LoggingConfiguration": Match.object_like({})},
    )
    politicas = json.dumps(de_tipo(sintesis.recursos, "AWS::S3::BucketPolicy"))
    assert politicas.count('"aws:SecureTransport": "false"') == 4


# --- alarmas ---------------------------------------------------------------------------------------


def test_alarmas_por_funcion_y_de_la_cola_de_fallos(sintesis):
    alarmas = list(de_tipo(sintesis.recursos, "AWS::CloudWatch::Alarm").values())
    tema = json.dumps(alarmas[0]["Properties"]["AlarmActions"])
    assert "MonitoreoOperacion" in tema

    def hay(metrica: str, dimension: dict[str, Any]) -> bool:
        return any(
            a["Properties"].get("MetricName") == metrica
            and dimension in a["Properties"].get("Dimensions", [])
            and a["Properties"]["ComparisonOperator"] == "GreaterThanThreshold"
            and a["Properties"]["Threshold"] == 0
            and a["Properties"]["AlarmActions"]
            for a in alarmas
        )

    # Errores por función sólo en las que no atienden rutas; las demás los muestran en la alarma de 5xx de la API.
    con_rutas = set(funciones_api())
    assert con_rutas and {"notificaciones", "agregados", "barrido"} <= set(FUNCIONES) - con_rutas
    for nombre in FUNCIONES:
        dimension = {"Name": "FunctionName", "Value": {"Ref": funcion(sintesis.recursos, nombre)[0]}}
        assert hay("Errors", dimension) is (nombre not in con_rutas), nombre
    assert any(a["Properties"]["MetricName"] == "5xx" and a["Properties"]["AlarmActions"] for a in alarmas)
    # La limitación, una sola vez para la región (sin dimensiones), no una por función.
    limitacion = [a["Properties"] for a in alarmas if a["Properties"].get("MetricName") == "Throttles"]
    assert len(limitacion) == 1 and "Dimensions" not in limitacion[0]
    assert (limitacion[0]["Namespace"], limitacion[0]["Statistic"], limitacion[0]["Threshold"]) == (
        "AWS/Lambda",
        "Sum",
        0,
    )
    assert limitacion[0]["AlarmActions"] and limitacion[0]["OKActions"]
    colas = de_tipo(sintesis.recursos, "AWS::SQS::Queue")
    assert {k.split("ColaFallos")[0].split("FallosEscaneo")[0] for k in colas} == {
        "Notificaciones",
        "Reloj",
        "Agregados",
        "Adjuntos",
        "WhatsAppEntrante",
    }
    for cola in colas:
        assert hay(
            "ApproximateNumberOfMessagesVisible", {"Name": "QueueName", "Value": {"Fn::GetAtt": [cola, "QueueName"]}}
        ), cola


def test_salidas_para_el_humo_y_el_despliegue(sintesis):
    salidas = sintesis.plantilla.to_json()["Outputs"]
    # make humo pasa esta alarma a ALARM: debe avisar al tema de operación al entrar y al salir.
    alarma = salidas["AlarmaPrueba"]["Value"]["Ref"]
    propiedades = sintesis.recursos[alarma]["Properties"]
    assert sintesis.recursos[alarma]["Type"] == "AWS::CloudWatch::Alarm"
    # Métricas de HTTP API: `5xx` por ApiId.
    assert (propiedades["Namespace"], propiedades["MetricName"]) == ("AWS/ApiGateway", "5xx")
    api_id, _ = unico(sintesis.recursos, "AWS::ApiGatewayV2::Api")
    assert propiedades["Dimensions"] == [{"Name": "ApiId", "Value": {"Ref": api_id}}]
    assert "MonitoreoOperacion" in json.dumps(propiedades["AlarmActions"])
    assert propiedades["OKActions"] == propiedades["AlarmActions"]
    # make rotar-origen lee el secreto del candado y la distribución donde cambia la cabecera.
    distribucion, _ = unico(sintesis.recursos, "AWS::CloudFront::Distribution")
    assert salidas["Distribucion"]["Value"] == {"Ref": distribucion}
    assert salidas["SecretoCandado"]["Value"] == {"Ref": candado(sintesis.recursos)[0]}
    # make deploy lee la concurrencia ya reservada de esta función.
    assert salidas["FuncionBarrido"]["Value"] == {"Ref": funcion(sintesis.recursos, "barrido")[0]}


def test_alarma_de_4xx_de_la_api_por_proporcion(sintesis):
    (alarma,) = [
        a["Properties"]
        for a in de_tipo(sintesis.recursos, "AWS::CloudWatch::Alarm").values()
        if "Rechazos4xxApi" in json.dumps(a["Properties"]["AlarmName"])
    ]
    api_id, _ = unico(sintesis.recursos, "AWS::ApiGatewayV2::Api")
    metricas = {m["Id"]: m for m in alarma["Metrics"]}
    # Proporción de 4xx sobre el total (métricas de HTTP API por ApiId), sólo con al menos 20 solicitudes.
    expresion = next(m["Expression"] for m in metricas.values() if "Expression" in m)
    assert expresion == "IF(solicitudes >= 20, 100 * rechazos / solicitudes, 0)"
    for clave, nombre in (("rechazos", "4xx"), ("solicitudes", "Count")):
        metrica = metricas[clave]["MetricStat"]["Metric"]
        assert (metrica["Namespace"], metrica["MetricName"]) == ("AWS/ApiGateway", nombre)
        assert metrica["Dimensions"] == [{"Name": "ApiId", "Value": {"Ref": api_id}}]
        assert metricas[clave]["ReturnData"] is False
    assert (alarma["Threshold"], alarma["ComparisonOperator"]) == (50, "GreaterThanThreshold")
    assert alarma["AlarmActions"] and alarma["OKActions"] and "candado" in alarma["AlarmDescription"]


def test_alarma_de_atraso_por_cada_consumidor_del_flujo(sintesis):
    atraso = {
        json.dumps(a["Properties"]["Dimensions"]): a["Properties"]
        for a in de_tipo(sintesis.recursos, "AWS::CloudWatch::Alarm").values()
        if a["Properties"].get("MetricName") == "IteratorAge"
    }
    assert len(atraso) == 2
    for nombre in ("notificaciones", "agregados"):
        dimension = [{"Name": "FunctionName", "Value": {"Ref": funcion(sintesis.recursos, nombre)[0]}}]
        alarma = atraso[json.dumps(dimension)]
        assert (alarma["ComparisonOperator"], alarma["Threshold"], alarma["Statistic"]) == (
            "GreaterThanThreshold",
            15 * 60 * 1000,
            "Maximum",
        )
        assert alarma["AlarmActions"] and alarma["OKActions"]


# --- cumplimiento ----------------------------------------------------------------------------------


def test_cdk_nag_sin_hallazgos(sintesis):
    hallazgos = [
        (v["ruleName"], v["severity"], [c["constructPath"] for c in v["violatingConstructs"]])
        for reporte in sintesis.reporte_validacion()["pluginReports"]
        for v in reporte["violations"]
    ]
    assert hallazgos == []
    anotaciones = Annotations.from_stack(sintesis.pila)
    assert anotaciones.find_error("*", Match.any_value()) == []
    assert anotaciones.find_warning("*", Match.any_value()) == []


def test_cfn_lint_sin_errores(sintesis):
    hallazgos = lint_file(sintesis.archivo_plantilla)
    assert [str(h) for h in hallazgos if h.rule.id.startswith("E")] == []
    # Solo se acepta W3005: DependsOn redundantes que CDK escribe entre función y rol.
    assert {h.rule.id for h in hallazgos} <= {"W3005"}


def test_cdk_json_documenta_el_contexto_y_la_app():
    cdk = json.loads((RAIZ / "cdk.json").read_text())
    # No `.venv/bin/python` directo: en una clonación nueva aún no existe (el runbook fallaba en su paso 1).
    assert cdk["app"] == "make -s app-cdk"
    for clave, valor in CONTEXTO_PREDETERMINADO.items():
        assert cdk["context"][clave] == valor
    # Y nada propio que la pila ya no lea (p. ej. la versión de la capa administrada de Powertools).
    propios = {clave for clave in cdk["context"] if not clave.startswith("@aws-cdk")}
    assert propios == set(CONTEXTO_PREDETERMINADO)


def test_la_app_de_cdk_instala_antes_en_una_clonacion_nueva(tmp_path):
    # Sólo lo que make necesita, sin .venv ni .herramientas: como una clonación recién hecha.
    for archivo in ("Makefile", "pyproject.toml", "uv.lock"):
        shutil.copy(RAIZ / archivo, tmp_path / archivo)
    shutil.copytree(RAIZ / "scripts", tmp_path / "scripts")
    entorno = {k: v for k, v in os.environ.items() if not k.startswith("MAKE")}
    plan = subprocess.run(
        ["make", "-n", "-s", "app-cdk"], cwd=tmp_path, env=entorno, capture_output=True, text=True, check=True
    ).stdout
    lineas = plan.splitlines()
    sintesis = next(i for i, linea in enumerate(lineas) if linea.endswith("-m infraestructura.app"))
    instalacion = next(i for i, linea in enumerate(lineas) if "uv sync --locked" in linea)
    assert instalacion < sintesis, plan


def test_gitignore_excluye_lo_generado():
    lineas = set(Path(RAIZ / ".gitignore").read_text().split())
    assert {"node_modules/", "cdk.out/", "despliegue.json"} <= lineas


def test_indice_de_carpetas_en_cloudfront(sintesis):
    plantilla = sintesis.plantilla
    # /consola/ debe servir consola/index.html desde S3, como en el servidor local.
    # Y lo que no existe, /404.html con estado 404 (tests/infraestructura/test_rutas_sitio.py corre su código).
    from infraestructura.constructos.rutas_sitio import codigo_respuesta, codigo_solicitud

    funciones = plantilla.find_resources("AWS::CloudFront::Function")
    codigos = sorted(f["Properties"]["FunctionCode"] for f in funciones.values())
    assert codigos == sorted([codigo_solicitud(), codigo_respuesta()])
    distribucion = next(iter(plantilla.find_resources("AWS::CloudFront::Distribution").values()))
    asociaciones = distribucion["Properties"]["DistributionConfig"]["DefaultCacheBehavior"]["FunctionAssociations"]
    assert [a["EventType"] for a in asociaciones] == ["viewer-request", "viewer-response"]
    # Sólo en el comportamiento del sitio: los 404 en JSON de la API no pasan por ellas.
    for otro in distribucion["Properties"]["DistributionConfig"]["CacheBehaviors"]:
        assert "FunctionAssociations" not in otro, otro["PathPattern"]


def test_arco_solo_borra_en_s3(sintesis):
    """La cancelación ARCO borra (con versiones) adjuntos y correos crudos; nunca los lee ni los escribe."""
    assert acciones(sintesis.recursos, "arco", "s3") == {
        "s3:ListBucketVersions",
        "s3:DeleteObject",
        "s3:DeleteObjectVersion",
    }
    variables = funcion(sintesis.recursos, "arco")[1]["Environment"]["Variables"]
    assert "BUCKET_ADJUNTOS" in variables and "BUCKET_CORREOS" in variables
