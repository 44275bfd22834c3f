"""El bucket de adjuntos en la plantilla: la llave KMS de la tabla (sólo vía S3 y sobre el bucket), sin acceso
público, TLS, ciclo de vida, CORS del POST, el plan de GuardDuty con su rol, la política que niega leer lo no
escaneado y la regla del resultado hacia `adjuntos`."""

from __future__ import annotations

import json
from typing import Any

from tests.infraestructura.test_pila import de_tipo, declaraciones, funcion, lista, unico


def _bucket(recursos: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    [encontrado] = [(k, v) for k, v in de_tipo(recursos, "AWS::S3::Bucket").items() if k.startswith("Adjuntos")]
    return encontrado


def test_bucket_cifrado_con_la_llave_de_la_tabla_privado_con_versiones_y_ciclo_de_vida(sintesis):
    recursos = sintesis.recursos
    nombre, bucket = _bucket(recursos)
    p = bucket["Properties"]
    [regla] = p["BucketEncryption"]["ServerSideEncryptionConfiguration"]
    [llave] = [k for k in de_tipo(recursos, "AWS::KMS::Key") if k.startswith("DatosClave")]
    assert regla["ServerSideEncryptionByDefault"] == {
        "SSEAlgorithm": "aws:kms",
        "KMSMasterKeyID": {"Fn::GetAtt": [llave, "Arn"]},
    }
    assert regla["BucketKeyEnabled"] is True
    assert recursos[llave]["Properties"]["EnableKeyRotation"] is True
    assert p["VersioningConfiguration"] == {"Status": "Enabled"}
    assert p["OwnershipControls"] == {"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]}
    assert p["LoggingConfiguration"]["LogFilePrefix"] == "s3-adjuntos/"
    reglas = {r["Id"]: r for r in p["LifecycleConfiguration"]["Rules"]}
    assert reglas["SubidasSinUsar"]["Prefix"] == "subidas/" and reglas["SubidasSinUsar"]["ExpirationInDays"] == 1
    assert reglas["CasosAGlacier"]["Prefix"] == "casos/"
    assert reglas["CasosAGlacier"]["Transitions"] == [{"StorageClass": "GLACIER_IR", "TransitionInDays": 90}]
    # Lo de casos/ no caduca: se guarda lo que dure el expediente.
    assert "ExpirationInDays" not in reglas["CasosAGlacier"]
    assert reglas["Limpieza"]["AbortIncompleteMultipartUpload"] == {"DaysAfterInitiation": 1}
    [cors] = p["CorsConfiguration"]["CorsRules"]
    assert cors["AllowedMethods"] == ["POST"] and cors["AllowedOrigins"] == ["https://*.cloudfront.net"]
    assert nombre


def test_la_politica_del_bucket_exige_tls_y_niega_leer_lo_no_escaneado(sintesis):
    recursos = sintesis.recursos
    nombre, _ = _bucket(recursos)
    [politica] = [
        v["Properties"]["PolicyDocument"]["Statement"]
        for v in de_tipo(recursos, "AWS::S3::BucketPolicy").values()
        if v["Properties"]["Bucket"] == {"Ref": nombre}
    ]
    texto = json.dumps(politica)
    assert '"aws:SecureTransport": "false"' in texto and '"s3:TlsVersion": 1.2' in texto
    [niega] = [d for d in politica if d["Effect"] == "Deny" and "s3:GetObject" in lista(d["Action"])]
    [rol] = [k for k in de_tipo(recursos, "AWS::IAM::Role") if k.startswith("AdjuntosRolGuardDuty")]
    assert niega["Resource"] == {"Fn::Join": ["", [{"Fn::GetAtt": [nombre, "Arn"]}, "/casos/*"]]}
    assert niega["Condition"] == {
        "StringNotEquals": {
            "s3:ExistingObjectTag/GuardDutyMalwareScanStatus": "NO_THREATS_FOUND",
            "aws:PrincipalArn": {"Fn::GetAtt": [rol, "Arn"]},
        }
    }


def test_plan_de_guardduty_sobre_casos_con_etiquetas_y_su_rol(sintesis):
    recursos = sintesis.recursos
    nombre, _ = _bucket(recursos)
    _, plan = unico(recursos, "AWS::GuardDuty::MalwareProtectionPlan")
    p = plan["Properties"]
    [rol] = [k for k in de_tipo(recursos, "AWS::IAM::Role") if k.startswith("AdjuntosRolGuardDuty")]
    assert p["Role"] == {"Fn::GetAtt": [rol, "Arn"]}
    assert p["ProtectedResource"] == {"S3Bucket": {"BucketName": {"Ref": nombre}, "ObjectPrefixes": ["casos/"]}}
    assert p["Actions"] == {"Tagging": {"Status": "ENABLED"}}
    confianza = recursos[rol]["Properties"]["AssumeRolePolicyDocument"]["Statement"]
    assert confianza[0]["Principal"] == {"Service": "malware-protection-plan.guardduty.amazonaws.com"}
    permisos = json.dumps(
        [
            v["Properties"]["PolicyDocument"]
            for v in de_tipo(recursos, "AWS::IAM::Policy").values()
            if {"Ref": rol} in v["Properties"]["Roles"]
        ]
    )
    for accion in ("s3:PutObjectTagging", "s3:GetObject", "events:PutRule", "kms:GenerateDataKey", "kms:Decrypt"):
        assert accion in permisos


def _sobre_llave(recursos: dict[str, Any], rol: str) -> list[dict[str, Any]]:
    llave = {"Fn::GetAtt": [next(k for k in de_tipo(recursos, "AWS::KMS::Key") if k.startswith("DatosClave")), "Arn"]}
    return [
        d
        for v in de_tipo(recursos, "AWS::IAM::Policy").values()
        if {"Ref": rol} in v["Properties"]["Roles"]
        for d in v["Properties"]["PolicyDocument"]["Statement"]
        if llave in lista(d["Resource"])
    ]


def test_la_llave_de_la_tabla_solo_por_s3_y_sobre_el_bucket_para_guardduty_y_quien_firma(sintesis):
    """GuardDuty (leer y etiquetar), quien firma el POST y mueve adjuntos y quien guarda los de un correo usan la
    llave de la tabla sólo vía S3 y sobre el bucket de adjuntos: no descifran la tabla ni el flujo con ese permiso."""
    recursos = sintesis.recursos
    nombre, _ = _bucket(recursos)
    [guardduty] = [k for k in de_tipo(recursos, "AWS::IAM::Role") if k.startswith("AdjuntosRolGuardDuty")]
    condicion = {
        "StringEquals": {
            "kms:ViaService": {"Fn::Join": ["", ["s3.", {"Ref": "AWS::Region"}, ".amazonaws.com"]]},
            "kms:EncryptionContext:aws:s3:arn": {"Fn::GetAtt": [nombre, "Arn"]},
        }
    }
    # GuardDuty no toca la llave de ninguna otra forma.
    [declaracion] = _sobre_llave(recursos, guardduty)
    assert sorted(lista(declaracion["Action"])) == ["kms:Decrypt", "kms:GenerateDataKey"]
    assert declaracion["Condition"] == condicion
    for firma in ("conversacion", "gestion", "correo_entrante"):
        rol = funcion(recursos, firma)[1]["Role"]["Fn::GetAtt"][0]
        por_s3 = [d for d in _sobre_llave(recursos, rol) if d.get("Condition") == condicion]
        assert {a for d in por_s3 for a in lista(d["Action"])} == {"kms:GenerateDataKey", "kms:Decrypt"}, firma


def test_el_resultado_del_antivirus_llega_a_adjuntos_con_cola_de_fallos(sintesis):
    recursos = sintesis.recursos
    nombre, _ = _bucket(recursos)
    adjuntos, _ = funcion(recursos, "adjuntos")
    plan, _ = unico(recursos, "AWS::GuardDuty::MalwareProtectionPlan")
    [regla] = [v["Properties"] for k, v in de_tipo(recursos, "AWS::Events::Rule").items() if k.startswith("Adjuntos")]
    assert regla["EventPattern"] == {
        "source": ["aws.guardduty"],
        "detail-type": ["GuardDuty Malware Protection Object Scan Result"],
        "resources": [{"Fn::GetAtt": [plan, "Arn"]}],
        "detail": {"s3ObjectDetails": {"bucketName": [{"Ref": nombre}]}},
    }
    [objetivo] = regla["Targets"]
    assert objetivo["Arn"] == {"Fn::GetAtt": [adjuntos, "Arn"]}
    assert objetivo["RetryPolicy"] == {"MaximumEventAgeInSeconds": 6 * 3600, "MaximumRetryAttempts": 8}
    assert "DeadLetterConfig" in objetivo


def test_conversacion_solo_toca_sus_dos_prefijos_y_tiene_el_bucket_en_su_entorno(sintesis):
    recursos = sintesis.recursos
    nombre, _ = _bucket(recursos)
    de_s3 = [d for d in declaraciones(recursos, "conversacion") if any(a.startswith("s3:") for a in lista(d["Action"]))]
    recursos_s3 = sorted(json.dumps(r) for d in de_s3 for r in lista(d["Resource"]))
    assert recursos_s3 == sorted(
        json.dumps({"Fn::Join": ["", [{"Fn::GetAtt": [nombre, "Arn"]}, f"/{prefijo}/*"]]})
        for prefijo in ("subidas", "casos")
    )
    assert all(set(lista(d["Action"])) == {"s3:PutObject", "s3:GetObject", "s3:DeleteObject"} for d in de_s3)
    entorno = funcion(recursos, "conversacion")[1]["Environment"]["Variables"]
    assert entorno["BUCKET_ADJUNTOS"] == {"Ref": nombre}
    assert entorno["URL_SUBIDAS"] == {
        "Fn::Join": ["", ["https://", {"Fn::GetAtt": [nombre, "RegionalDomainName"]}, "/"]]
    }
    assert funcion(recursos, "adjuntos")[1]["Environment"]["Variables"]["BUCKET_ADJUNTOS"] == {"Ref": nombre}
    # gestion (adjuntos de una nota del agente): revisar y mover lo subido, sin firmar subidas ni descargas.
    de_gestion = {
        json.dumps(r): set(lista(d["Action"]))
        for d in declaraciones(recursos, "gestion")
        if any(a.startswith("s3:") for a in lista(d["Action"]))
        for r in lista(d["Resource"])
    }
    arn = {"Fn::GetAtt": [nombre, "Arn"]}
    assert de_gestion == {
        json.dumps({"Fn::Join": ["", [arn, "/subidas/*"]]}): {"s3:GetObject", "s3:DeleteObject"},
        json.dumps({"Fn::Join": ["", [arn, "/casos/*"]]}): {"s3:PutObject", "s3:DeleteObject"},
    }
    # Nadie más toca el bucket.
    for otra in ("seguimiento", "notificaciones", "alta", "escalamiento"):
        assert not any(a.startswith("s3:") for d in declaraciones(recursos, otra) for a in lista(d["Action"]))
