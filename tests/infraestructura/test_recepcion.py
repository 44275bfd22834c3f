"""La recepción de respuestas por correo en la plantilla: regla de SES → bucket cifrado → correo_entrante."""

from __future__ import annotations

import json

from infraestructura.constructos.recepcion import NOMBRE_REGLA, PREFIJO
from infraestructura.rutas import FUNCIONES
from tests.infraestructura.test_pila import declaraciones, funcion, lista, unico


def _bucket_correos(recursos):
    (bucket,) = [k for k, v in recursos.items() if v["Type"] == "AWS::S3::Bucket" and k.startswith("RecepcionCorreo")]
    return bucket, recursos[bucket]


def test_la_regla_guarda_el_crudo_cifrado_y_luego_invoca_la_funcion(sintesis):
    r = sintesis.recursos
    _, conjunto = unico(r, "AWS::SES::ReceiptRuleSet")
    _, regla = unico(r, "AWS::SES::ReceiptRule")
    propiedades = regla["Properties"]
    assert propiedades["RuleSetName"] == {"Ref": next(k for k, v in r.items() if v is conjunto)}
    datos = propiedades["Rule"]
    assert datos["Name"] == NOMBRE_REGLA and datos["Enabled"] is True
    assert datos["Recipients"] == ["bluepoint.mx"] and datos["ScanEnabled"] is True and datos["TlsPolicy"] == "Require"
    s3, invocar = datos["Actions"]
    bucket, _ = _bucket_correos(r)
    # Primero el crudo al bucket, después la función (que lo lee de ahí).
    assert s3["S3Action"]["BucketName"] == {"Ref": bucket} and s3["S3Action"]["ObjectKeyPrefix"] == PREFIJO
    entrante, propiedades_funcion = funcion(r, "correo_entrante")
    assert invocar["LambdaAction"]["FunctionArn"] == {"Fn::GetAtt": [entrante, "Arn"]}
    assert invocar["LambdaAction"]["InvocationType"] == "Event"
    entorno = propiedades_funcion["Environment"]["Variables"]
    assert entorno["BUCKET_CORREOS"] == {"Ref": bucket} and entorno["PREFIJO_CORREOS"] == PREFIJO
    assert entorno["DOMINIO_RESPUESTAS"] == "bluepoint.mx"
    (notificaciones_entorno,) = [funcion(r, "notificaciones")[1]["Environment"]["Variables"]]
    assert notificaciones_entorno["DOMINIO_RESPUESTAS"] == "bluepoint.mx"


def test_el_bucket_de_correos_esta_cifrado_con_la_llave_y_se_retiene(sintesis):
    r = sintesis.recursos
    _, bucket = _bucket_correos(r)
    assert bucket["DeletionPolicy"] == "Retain"
    p = bucket["Properties"]
    (regla_cifrado,) = p["BucketEncryption"]["ServerSideEncryptionConfiguration"]
    (llave,) = [k for k, v in r.items() if v["Type"] == "AWS::KMS::Key" and k.startswith("DatosClave")]
    assert regla_cifrado["ServerSideEncryptionByDefault"] == {
        "SSEAlgorithm": "aws:kms",
        "KMSMasterKeyID": {"Fn::GetAtt": [llave, "Arn"]},
    }
    assert p["VersioningConfiguration"] == {"Status": "Enabled"}
    assert all(v is True for v in p["PublicAccessBlockConfiguration"].values())
    # Sin expiración: el crudo es parte del expediente.
    assert not any("ExpirationInDays" in regla for regla in p["LifecycleConfiguration"]["Rules"])
    # SES puede usar la llave sólo desde la regla de recepción.
    declaraciones_llave = r[llave]["Properties"]["KeyPolicy"]["Statement"]
    de_ses = [d for d in declaraciones_llave if d.get("Principal") == {"Service": "ses.amazonaws.com"}]
    assert any("receipt-rule-set" in str(d["Condition"]["ArnLike"]["aws:SourceArn"]) for d in de_ses)


def test_correo_entrante_solo_lee_los_correos_recibidos(sintesis):
    r = sintesis.recursos
    bucket, _ = _bucket_correos(r)
    de_s3 = [d for d in declaraciones(r, "correo_entrante") if any(a.startswith("s3:") for a in lista(d["Action"]))]
    (adjuntos,) = [k for k, v in r.items() if v["Type"] == "AWS::S3::Bucket" and k.startswith("AdjuntosBucket")]
    assert de_s3 == [
        {
            "Action": "s3:GetObject",
            "Effect": "Allow",
            "Resource": {"Fn::Join": ["", [{"Fn::GetAtt": [bucket, "Arn"]}, f"/{PREFIJO}*"]]},
        },
        # Los adjuntos del correo, al camino de la conversación (escaneo): escribir y, si el mensaje falla, borrar.
        {
            "Action": ["s3:DeleteObject", "s3:PutObject"],
            "Effect": "Allow",
            "Resource": {"Fn::Join": ["", [{"Fn::GetAtt": [adjuntos, "Arn"]}, "/casos/*"]]},
        },
    ]
    assert funcion(r, "correo_entrante")[1]["Environment"]["Variables"]["BUCKET_ADJUNTOS"] == {"Ref": adjuntos}
    # Ninguna otra función toca el bucket de los correos, salvo arco, que sólo borra (cancelación de datos).
    for nombre in FUNCIONES:
        if nombre not in ("correo_entrante", "arco"):
            assert bucket not in json.dumps(declaraciones(r, nombre)), nombre
    de_arco = [d for d in declaraciones(r, "arco") if bucket in json.dumps(d)]
    assert sorted(str(d["Action"]) for d in de_arco) == [
        "['s3:DeleteObject', 's3:DeleteObjectVersion']",
        "s3:ListBucketVersions",
    ]
    (listar,) = [d for d in de_arco if d["Action"] == "s3:ListBucketVersions"]
    assert listar["Condition"] == {"StringLike": {"s3:prefix": [f"{PREFIJO}*"]}}
