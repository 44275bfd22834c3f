"""Quién publica en cada tema SNS de la plantilla, y que la política del tema (y la de su llave) lo deje.

Recorre toda referencia a cada `AWS::SNS::Topic`: un publicador nuevo (alarma, destino de SES, regla, bucket) queda
cubierto sin tocar la prueba, y una referencia que la prueba no sabe clasificar la hace fallar.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import Any

import pytest

from infraestructura.app import NOMBRE_PILA

pytestmark = pytest.mark.xdist_group(name="infraestructura")

# Valores de ejemplo para las pseudo-referencias: basta que sean los mismos en la política y en el publicador.
PSEUDO = {
    "AWS::Partition": "aws",
    "AWS::Region": "mx-central-1",
    "AWS::AccountId": "111122223333",
    "AWS::StackName": NOMBRE_PILA,
    "AWS::URLSuffix": "amazonaws.com",
}
CUENTA = PSEUDO["AWS::AccountId"]
ACCIONES_ALARMA = {"AlarmActions", "OKActions", "InsufficientDataActions"}
# Referencias a un tema que no publican en él.
NO_PUBLICAN = {
    ("AWS::SNS::TopicPolicy", "Topics"),
    ("AWS::SNS::TopicPolicy", "PolicyDocument"),
    ("AWS::SNS::Subscription", "TopicArn"),
    # SNS invoca a la función suscrita.
    ("AWS::Lambda::Permission", "SourceArn"),
    # La función publica con su rol: lo cubre su AWS::IAM::Policy.
    ("AWS::Lambda::Function", "Environment"),
}


@dataclass(frozen=True)
class Publicador:
    recurso: str
    servicio: str | None  # principal de servicio; None: un rol de la cuenta con su política IAM
    origen: str  # ARN del publicador (aws:SourceArn), o el id lógico del rol


# Publicadores fuera de la plantilla, por el prefijo del id lógico del tema: el destino de eventos de la WABA se liga
# después del despliegue (docs/operacion.md), así que ningún recurso lo nombra.
EXTERNOS = {
    "WhatsAppEntranteEventos": Publicador(
        "WABA de WhatsApp (destino de eventos)",
        "social-messaging.amazonaws.com",
        f"arn:aws:social-messaging:{PSEUDO['AWS::Region']}:{CUENTA}:waba/0123456789abcdef0123456789abcdef",
    )
}


def _arn(recursos: dict[str, Any], id_logico: str) -> str:
    """El ARN de un recurso de la plantilla, armado igual que lo arma AWS (con su nombre si lo tiene)."""
    recurso = recursos[id_logico]
    propiedades = recurso.get("Properties", {})
    region, cuenta, particion = PSEUDO["AWS::Region"], CUENTA, PSEUDO["AWS::Partition"]

    def nombre(clave: str) -> str:
        return leer(recursos, propiedades[clave]) if clave in propiedades else f"<nombre de {id_logico}>"

    match recurso["Type"]:
        case "AWS::CloudWatch::Alarm" | "AWS::CloudWatch::CompositeAlarm":
            return f"arn:{particion}:cloudwatch:{region}:{cuenta}:alarm:{nombre('AlarmName')}"
        case "AWS::SES::ConfigurationSet":
            return f"arn:{particion}:ses:{region}:{cuenta}:configuration-set/{nombre('Name')}"
        case "AWS::Events::Rule":
            return f"arn:{particion}:events:{region}:{cuenta}:rule/{nombre('Name')}"
        case "AWS::S3::Bucket":
            return f"arn:{particion}:s3:::{nombre('BucketName')}"
    return f"<{id_logico}.Arn>"


def leer(recursos: dict[str, Any], valor: Any) -> str:
    """Un valor de la plantilla como texto: pseudo-referencias con valores de ejemplo y ARNs como los arma AWS."""
    if isinstance(valor, str):
        return valor
    if isinstance(valor, dict) and len(valor) == 1:
        ((funcion, argumento),) = valor.items()
        if funcion == "Ref":
            if argumento in PSEUDO:
                return PSEUDO[argumento]
            tipo = recursos[argumento]["Type"]
            # Ref de un conjunto de configuración de SES es su nombre.
            if tipo == "AWS::SES::ConfigurationSet" and "Name" in recursos[argumento].get("Properties", {}):
                return leer(recursos, recursos[argumento]["Properties"]["Name"])
            return f"<{argumento}>"
        if funcion == "Fn::Join":
            separador, partes = argumento
            return separador.join(leer(recursos, p) for p in partes)
        if funcion == "Fn::GetAtt":
            id_logico, atributo = argumento
            return _arn(recursos, id_logico) if atributo == "Arn" else f"<{id_logico}.{atributo}>"
    raise AssertionError(f"la prueba no sabe leer {valor!r}: enséñale esa función intrínseca")


def referencias(valor: Any, tema: str, ruta: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Cada ruta, dentro de `valor`, donde aparece una referencia al tema."""
    if valor in ({"Ref": tema}, {"Fn::GetAtt": [tema, "TopicArn"]}):
        yield ruta
    elif isinstance(valor, dict):
        for clave, hijo in valor.items():
            yield from referencias(hijo, tema, (*ruta, clave))
    elif isinstance(valor, list):
        for i, hijo in enumerate(valor):
            yield from referencias(hijo, tema, (*ruta, i))


def publicadores(recursos: dict[str, Any], tema: str) -> set[Publicador]:
    """Quién publica en `tema` según la plantilla; una referencia sin clasificar detiene la prueba."""
    encontrados: set[Publicador] = {p for prefijo, p in EXTERNOS.items() if tema.startswith(prefijo)}
    for id_logico, recurso in recursos.items():
        tipo, propiedades = recurso["Type"], recurso.get("Properties", {})
        for ruta in referencias(propiedades, tema):
            if (tipo, ruta[0]) in NO_PUBLICAN:
                continue
            if tipo in {"AWS::CloudWatch::Alarm", "AWS::CloudWatch::CompositeAlarm"} and ruta[0] in ACCIONES_ALARMA:
                encontrados.add(Publicador(id_logico, "cloudwatch.amazonaws.com", _arn(recursos, id_logico)))
            elif tipo == "AWS::SES::ConfigurationSetEventDestination" and ruta[:2] == (
                "EventDestination",
                "SnsDestination",
            ):
                configuracion = leer(recursos, propiedades["ConfigurationSetName"])
                region, particion = PSEUDO["AWS::Region"], PSEUDO["AWS::Partition"]
                origen = f"arn:{particion}:ses:{region}:{CUENTA}:configuration-set/{configuracion}"
                encontrados.add(Publicador(id_logico, "ses.amazonaws.com", origen))
            elif tipo == "AWS::Events::Rule" and ruta[0] == "Targets":
                encontrados.add(Publicador(id_logico, "events.amazonaws.com", _arn(recursos, id_logico)))
            elif tipo == "AWS::S3::Bucket" and ruta[0] == "NotificationConfiguration":
                encontrados.add(Publicador(id_logico, "s3.amazonaws.com", _arn(recursos, id_logico)))
            elif tipo == "AWS::IAM::Policy" and ruta[0] == "PolicyDocument":
                # Un rol de la misma cuenta: basta su política IAM si el tema no lo niega.
                declaracion = propiedades["PolicyDocument"]["Statement"][ruta[2]]
                if declaracion["Effect"] == "Allow" and _permite(declaracion, "sns:Publish"):
                    for rol in propiedades.get("Roles", []):
                        encontrados.add(Publicador(id_logico, None, rol["Ref"]))
            else:
                pytest.fail(
                    f"{id_logico} ({tipo}) se refiere al tema {tema} en {'.'.join(map(str, ruta))}: "
                    "la prueba no sabe si publica; clasifícalo aquí"
                )
    return encontrados


def _permite(declaracion: dict[str, Any], accion: str) -> bool:
    acciones = declaracion["Action"] if isinstance(declaracion["Action"], list) else [declaracion["Action"]]
    return any(fnmatchcase(accion.lower(), a.lower()) for a in acciones)


def _servicios(declaracion: dict[str, Any]) -> set[str]:
    principal = declaracion.get("Principal")
    if not isinstance(principal, dict) or "Service" not in principal:
        return set()
    servicio = principal["Service"]
    return set(servicio if isinstance(servicio, list) else [servicio])


def _condicion(recursos: dict[str, Any], declaracion: dict[str, Any], clave: str) -> dict[str, list[str]]:
    """Los valores de la condición `clave` (sin distinguir mayúsculas, como IAM) por operador."""
    salida: dict[str, list[str]] = {}
    for operador, condiciones in declaracion.get("Condition", {}).items():
        for nombre, valores in condiciones.items():
            if nombre.lower() == clave.lower():
                lista = valores if isinstance(valores, list) else [valores]
                salida[operador] = [leer(recursos, v) for v in lista]
    return salida


def _cubre(recursos: dict[str, Any], declaracion: dict[str, Any], publicador: Publicador) -> bool:
    """La declaración deja al servicio actuar sólo desde esta cuenta y cubre el ARN del publicador."""
    cuenta = _condicion(recursos, declaracion, "aws:SourceAccount")
    origen = _condicion(recursos, declaracion, "aws:SourceArn")
    if cuenta.get("StringEquals") != [CUENTA] or set(cuenta) != {"StringEquals"} or not origen:
        return False
    for operador, valores in origen.items():
        if operador in {"ArnLike", "StringLike"}:
            if not any(fnmatchcase(publicador.origen, v) for v in valores):
                return False
        elif operador in {"ArnEquals", "StringEquals"}:
            if publicador.origen not in valores:
                return False
        else:
            return False
    return True


def _temas(recursos: dict[str, Any]) -> list[str]:
    return sorted(k for k, v in recursos.items() if v["Type"] == "AWS::SNS::Topic")


def _politica_de(recursos: dict[str, Any], tema: str) -> list[dict[str, Any]]:
    politicas = [
        v["Properties"]["PolicyDocument"]["Statement"]
        for v in recursos.values()
        if v["Type"] == "AWS::SNS::TopicPolicy" and {"Ref": tema} in v["Properties"]["Topics"]
    ]
    # Una política de tema reemplaza la predeterminada de SNS; dos sobre el mismo tema se pisan.
    assert len(politicas) == 1, f"el tema {tema} debe tener exactamente una AWS::SNS::TopicPolicy"
    return politicas[0]


def _llave_de(recursos: dict[str, Any], tema: str) -> str | None:
    llave = recursos[tema]["Properties"].get("KmsMasterKeyId")
    if llave is None:
        return None
    id_llave = llave["Fn::GetAtt"][0] if isinstance(llave, dict) and "Fn::GetAtt" in llave else llave.get("Ref")
    assert id_llave in recursos, f"el tema {tema} usa una llave fuera de la plantilla: ningún servicio podría usarla"
    return id_llave


def test_la_prueba_ve_a_los_publicadores_de_cada_tema(sintesis):
    """Los publicadores de hoy, para que un error de la prueba no la deje pasar sin revisar nada."""
    recursos = sintesis.recursos
    alarmas = {k for k, v in recursos.items() if v["Type"] == "AWS::CloudWatch::Alarm"}
    por_servicio: dict[str | None, set[str]] = {}
    for tema in _temas(recursos):
        for p in publicadores(recursos, tema):
            por_servicio.setdefault(p.servicio, set()).add(p.recurso)
    assert por_servicio["cloudwatch.amazonaws.com"] == alarmas and len(alarmas) > 10
    assert len(por_servicio["ses.amazonaws.com"]) == 1
    assert por_servicio[None]  # notificaciones publica las alertas con su rol


def test_cada_servicio_que_publica_esta_en_la_politica_del_tema(sintesis):
    recursos = sintesis.recursos
    faltan: list[str] = []
    for tema in _temas(recursos):
        politica = _politica_de(recursos, tema)
        de_servicio = {p for p in publicadores(recursos, tema) if p.servicio}
        permiten = [d for d in politica if d["Effect"] == "Allow" and _permite(d, "sns:Publish")]
        faltan += [
            f"{p.recurso} ({p.servicio}) no puede publicar en {tema}"
            for p in sorted(de_servicio, key=lambda p: p.recurso)
            if not any(p.servicio in _servicios(d) and _cubre(recursos, d, p) for d in permiten)
        ]
        # Exactamente los servicios que publican; nadie más entra por la política del tema.
        sobran = set().union(*map(_servicios, permiten)) - {p.servicio for p in de_servicio}
        faltan += [f"{tema} deja publicar a {s}, que no publica en él" for s in sorted(sobran)]
        faltan += [f"{tema} deja publicar a cualquiera: {d}" for d in permiten if not _servicios(d)]
    assert faltan == []


def test_cada_servicio_que_publica_puede_usar_la_llave_del_tema(sintesis):
    """Con el tema cifrado, el servicio también necesita GenerateDataKey y Decrypt en la política de la llave."""
    recursos = sintesis.recursos
    faltan: list[str] = []
    for tema in _temas(recursos):
        llave = _llave_de(recursos, tema)
        assert llave, f"el tema {tema} va sin cifrar"
        declaraciones = recursos[llave]["Properties"]["KeyPolicy"]["Statement"]
        for p in sorted(publicadores(recursos, tema), key=lambda p: p.recurso):
            if p.servicio is None:
                continue
            para_servicio = [d for d in declaraciones if d["Effect"] == "Allow" and p.servicio in _servicios(d)]
            faltan += [
                f"{p.recurso} ({p.servicio}) no puede {accion} con la llave {llave} de {tema}"
                for accion in ("kms:GenerateDataKey", "kms:Decrypt")
                if not any(_permite(d, accion) and _cubre(recursos, d, p) for d in para_servicio)
            ]
    # Ningún servicio usa una llave sin condiciones.
    for llave in (k for k, v in recursos.items() if v["Type"] == "AWS::KMS::Key"):
        for d in recursos[llave]["Properties"]["KeyPolicy"]["Statement"]:
            if _servicios(d) and not (
                _condicion(recursos, d, "aws:SourceArn") and _condicion(recursos, d, "aws:SourceAccount")
            ):
                faltan.append(f"la llave {llave} deja a {sorted(_servicios(d))} usarla sin condiciones")
    assert faltan == []


def test_los_roles_que_publican_no_dependen_de_la_politica_del_tema(sintesis):
    """Un rol de la misma cuenta publica con su política IAM (y usa la llave con la suya): el tema no lo niega."""
    recursos = sintesis.recursos
    faltan: list[str] = []
    for tema in _temas(recursos):
        llave = _llave_de(recursos, tema)
        negaciones = [d for d in _politica_de(recursos, tema) if d["Effect"] == "Deny"]
        for p in publicadores(recursos, tema):
            if p.servicio is not None:
                continue
            # Sólo la negación sin TLS, que no toca a un cliente de AWS con HTTPS.
            faltan += [
                f"{tema} niega algo más que publicar sin TLS: {d}"
                for d in negaciones
                if d.get("Condition") != {"Bool": {"aws:SecureTransport": "false"}}
            ]
            sobre_llave: set[str] = set()
            for politica in (v for v in recursos.values() if v["Type"] == "AWS::IAM::Policy"):
                if {"Ref": p.origen} not in politica["Properties"].get("Roles", []):
                    continue
                for d in politica["Properties"]["PolicyDocument"]["Statement"]:
                    sobre = d["Resource"] if isinstance(d["Resource"], list) else [d["Resource"]]
                    if d["Effect"] == "Allow" and {"Fn::GetAtt": [llave, "Arn"]} in sobre:
                        sobre_llave |= {a for a in ("kms:GenerateDataKey", "kms:Decrypt") if _permite(d, a)}
            if sobre_llave != {"kms:GenerateDataKey", "kms:Decrypt"}:
                faltan.append(f"el rol {p.origen} publica en {tema} pero no puede cifrar con {llave}")
    assert faltan == []
