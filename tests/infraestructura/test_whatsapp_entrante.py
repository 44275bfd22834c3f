"""WhatsApp entrante en la plantilla: tema SNS cifrado que sólo End User Messaging Social puede usar → función."""

from __future__ import annotations

import pytest

from tests.infraestructura.test_pila import cola_de, de_tipo, declaraciones, funcion, lista

pytestmark = pytest.mark.xdist_group(name="infraestructura")


def _tema(recursos):
    (tema,) = [k for k, v in de_tipo(recursos, "AWS::SNS::Topic").items() if k.startswith("WhatsAppEntranteEventos")]
    return tema, recursos[tema]


def _llave(recursos):
    (llave,) = [k for k in de_tipo(recursos, "AWS::KMS::Key") if k.startswith("DatosClave")]
    return llave


def test_el_tema_va_cifrado_con_la_llave_unica_de_la_pila(sintesis):
    r = sintesis.recursos
    _, tema = _tema(r)
    assert tema["Properties"]["KmsMasterKeyId"] == {"Fn::GetAtt": [_llave(r), "Arn"]}
    assert len(de_tipo(r, "AWS::KMS::Key")) == 1


def test_solo_end_user_messaging_social_de_esta_cuenta_publica(sintesis):
    r = sintesis.recursos
    nombre, _ = _tema(r)
    (politica,) = [
        v["Properties"]["PolicyDocument"]["Statement"]
        for v in de_tipo(r, "AWS::SNS::TopicPolicy").values()
        if {"Ref": nombre} in v["Properties"]["Topics"]
    ]
    permiten = [d for d in politica if d["Effect"] == "Allow"]
    (publicar,) = permiten
    assert publicar["Principal"] == {"Service": "social-messaging.amazonaws.com"}
    assert lista(publicar["Action"]) == ["sns:Publish"] and publicar["Resource"] == {"Ref": nombre}
    assert publicar["Condition"]["StringEquals"] == {"aws:SourceAccount": {"Ref": "AWS::AccountId"}}
    origen = publicar["Condition"]["ArnLike"]["aws:SourceArn"]
    assert ":social-messaging:" in str(origen) and ":waba/*" in str(origen)
    # Sin TLS nadie publica (enforce_ssl).
    assert any(d["Effect"] == "Deny" and d["Condition"] == {"Bool": {"aws:SecureTransport": "false"}} for d in politica)
    # La llave: el mismo servicio, con las mismas condiciones, sólo para cifrar y descifrar.
    (de_servicio,) = [
        d
        for d in r[_llave(r)]["Properties"]["KeyPolicy"]["Statement"]
        if d.get("Principal") == {"Service": "social-messaging.amazonaws.com"}
    ]
    assert set(lista(de_servicio["Action"])) == {"kms:GenerateDataKey*", "kms:Decrypt"}
    assert de_servicio["Condition"] == publicar["Condition"]


def test_la_funcion_esta_suscrita_reintenta_y_aparta_lo_que_falla(sintesis):
    r = sintesis.recursos
    nombre, _ = _tema(r)
    logico, propiedades = funcion(r, "whatsapp_entrante")
    (suscripcion,) = [
        v for v in de_tipo(r, "AWS::SNS::Subscription").values() if v["Properties"]["TopicArn"] == {"Ref": nombre}
    ]
    assert suscripcion["Properties"]["Protocol"] == "lambda"
    assert suscripcion["Properties"]["Endpoint"] == {"Fn::GetAtt": [logico, "Arn"]}
    (permiso,) = [
        v["Properties"]
        for v in de_tipo(r, "AWS::Lambda::Permission").values()
        if v["Properties"].get("SourceArn") == {"Ref": nombre}
    ]
    assert permiso["Principal"] == "sns.amazonaws.com" and permiso["FunctionName"] == {"Fn::GetAtt": [logico, "Arn"]}
    (asincrona,) = [
        v["Properties"]
        for v in de_tipo(r, "AWS::Lambda::EventInvokeConfig").values()
        if v["Properties"]["FunctionName"] == {"Ref": logico}
    ]
    cola, _ = cola_de(r, "WhatsAppEntranteColaFallos")
    assert asincrona["MaximumRetryAttempts"] == 2
    assert asincrona["DestinationConfig"]["OnFailure"]["Destination"] == {"Fn::GetAtt": [cola, "Arn"]}
    assert propiedades["Environment"]["Variables"]["BUCKET_ADJUNTOS"]["Ref"].startswith("AdjuntosBucket")
    alarmas = [v["Properties"] for v in de_tipo(r, "AWS::CloudWatch::Alarm").values()]
    assert any(
        a.get("MetricName") == "Errors"
        and {"Name": "FunctionName", "Value": {"Ref": logico}} in a.get("Dimensions", [])
        for a in alarmas
    )
    assert any(
        a.get("MetricName") == "ApproximateNumberOfMessagesVisible"
        and {"Name": "QueueName", "Value": {"Fn::GetAtt": [cola, "QueueName"]}} in a.get("Dimensions", [])
        for a in alarmas
    )


def test_permisos_minimos_de_whatsapp_y_del_bucket_de_adjuntos(sintesis):
    r = sintesis.recursos
    propias = declaraciones(r, "whatsapp_entrante")
    (social,) = [d for d in propias if any(a.startswith("social-messaging:") for a in lista(d["Action"]))]
    assert set(lista(social["Action"])) == {
        "social-messaging:GetWhatsAppMessageMedia",
        "social-messaging:SendWhatsAppMessage",
    }
    assert ":phone-number-id/*" in str(social["Resource"])
    s3 = {
        str(d["Resource"]): set(lista(d["Action"]))
        for d in propias
        if any(a.startswith("s3:") for a in lista(d["Action"]))
    }
    subidas = next(v for k, v in s3.items() if "/subidas/*" in k)
    casos = next(v for k, v in s3.items() if "/casos/*" in k)
    assert subidas == {"s3:PutObject", "s3:GetObject", "s3:DeleteObject"}
    # En casos/ sólo el destino del movimiento y el borrado si el mensaje no se escribe: nunca lee (ni descarga).
    assert casos == {"s3:PutObject", "s3:DeleteObject"}
    assert len(s3) == 2


def _aislada(numero: str):
    """El constructo solo, en una pila mínima (sin sintetizar la app entera)."""
    from aws_cdk import App, Stack
    from aws_cdk import aws_kms as kms
    from aws_cdk import aws_lambda as lambda_
    from aws_cdk.assertions import Template

    from infraestructura.constructos.whatsapp_entrante import WhatsAppEntrante

    pila = Stack(App(), "Prueba", env={"account": "111122223333", "region": "us-east-1"})
    funcion = lambda_.Function(
        pila,
        "F",
        runtime=lambda_.Runtime.PYTHON_3_12,
        handler="x.handler",
        code=lambda_.Code.from_inline("def handler(e, c): pass"),
    )
    assert funcion.role is not None
    WhatsAppEntrante(pila, "W", funcion=funcion, rol=funcion.role, clave=kms.Key(pila, "K"), numero=numero)
    return Template.from_stack(pila).to_json()["Resources"]


def test_con_el_numero_de_wa_salida_solo_ese_numero_y_la_funcion_lo_recibe():
    hexadecimal = "0123456789abcdef0123456789abcdef"
    recursos = _aislada(f"phone-number-id-{hexadecimal}")
    (social,) = [
        d
        for p in de_tipo(recursos, "AWS::IAM::Policy").values()
        for d in p["Properties"]["PolicyDocument"]["Statement"]
        if any(a.startswith("social-messaging:") for a in lista(d["Action"]))
    ]
    assert social["Resource"] == {
        "Fn::Join": [
            "",
            [
                "arn:",
                {"Ref": "AWS::Partition"},
                f":social-messaging:us-east-1:111122223333:phone-number-id/{hexadecimal}",
            ],
        ]
    }
    (funcion,) = de_tipo(recursos, "AWS::Lambda::Function").values()
    assert funcion["Properties"]["Environment"]["Variables"]["WHATSAPP_NUMERO"] == f"phone-number-id-{hexadecimal}"


def test_un_numero_que_no_es_de_aws_detiene_la_sintesis():
    with pytest.raises(ValueError, match="whatsapp_numero"):
        _aislada("+52 777 672 0827")
