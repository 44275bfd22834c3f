"""La vista local de WhatsApp y el POST /_local/whatsapp-entrante, sin servidor: qué conversación arma, qué botones
ofrece y qué entrada mala rechaza (400 en español por campo, sin invocar la función)."""

from __future__ import annotations

import json

import pytest

from infraestructura.local import whatsapp_entrante as local
from infraestructura.local.vista_whatsapp import conversacion, pagina


def test_la_conversacion_junta_salientes_y_entrantes_del_mismo_numero_en_orden():
    enviados = [
        {
            "destino": "+525512345678",
            "plantilla": "folio",
            "texto": "Tu folio",
            "botones": [],
            "fecha": "2026-12-01T10:00:00+00:00",
        },
        {
            "destino": "+525599999999",
            "plantilla": None,
            "texto": "Otro cliente",
            "botones": [],
            "fecha": "2026-12-01T10:01:00+00:00",
        },
    ]
    recibidos = [{"de": "5215512345678", "texto": "Gracias", "fecha": "2026-12-01T10:05:00+00:00"}]
    mensajes = conversacion("5215512345678", enviados, recibidos)
    assert [(m["sentido"], m["texto"]) for m in mensajes] == [("saliente", "Tu folio"), ("entrante", "Gracias")]


def test_los_botones_son_los_del_ultimo_saliente_o_los_de_la_resolucion():
    saliente = {
        "destino": "+525512345678",
        "plantilla": "resolucion",
        "texto": "¿Quedó resuelto?",
        "botones": ["resuelto:1234567890:1", "sigue:1234567890:1"],
        "fecha": "2026-12-01T10:00:00+00:00",
    }
    html = pagina("5215512345678", None, lambda: [saliente], lambda: [])
    assert 'name="boton" value="resuelto:1234567890:1"' in html and ">Sí, quedó resuelto</button>" in html
    assert ">No, sigue el problema</button>" in html
    # Como los lista la emulación de wa-salida: {texto, carga}, o los textos con las cargas aparte.
    for botones in (
        [{"texto": "Sí, quedó resuelto", "carga": "resuelto:1234567890:2"}],
        {"botones": ["Sí, quedó resuelto"], "cargas": ["resuelto:1234567890:2"]},
    ):
        extra = botones if isinstance(botones, dict) else {"botones": botones}
        html = pagina("5215512345678", None, lambda extra=extra: [{**saliente, **extra}], lambda: [])
        assert 'name="boton" value="resuelto:1234567890:2"' in html and ">Sí, quedó resuelto</button>" in html
    sin_botones = pagina("5215512345678", None, lambda: [], lambda: [])
    assert 'name="boton" value="resuelto"' in sin_botones and 'name="boton" value="sigue"' in sin_botones


def test_la_pagina_escapa_lo_que_escribe_el_cliente_y_no_lleva_scripts_ni_estilos():
    recibidos = [
        {"de": "5215512345678", "texto": '<script>alert(1)</script>" onload="x', "fecha": "2026-12-01T10:05:00+00:00"}
    ]
    html = pagina('5215512345678"><b>', "anexado", lambda: [], lambda: recibidos)
    assert "<script" not in html and "style=" not in html and "<style" not in html
    assert "&lt;script&gt;" in html and 'value="5215512345678"' in html
    assert 'role="status" aria-live="polite" tabindex="-1">El mensaje se agregó' in html
    # La hora en el centro de México, y el atributo datetime con milisegundos (HTML no admite microsegundos).
    assert '<time datetime="2026-12-01T10:05:00.000+00:00">04:05</time>' in html


def _invocar_que_no_debe_llamarse(evento):
    raise AssertionError("con entrada mala no se invoca la función")


@pytest.mark.parametrize(
    ("tipo", "cuerpo", "estado", "campo"),
    [
        ("application/json", b"{roto", 400, "cuerpo"),
        ("application/json", "\xff".encode("latin-1"), 400, "cuerpo"),
        ("application/json", b"[]", 400, "cuerpo"),
        (
            "application/json",
            json.dumps({"object": "page", "entry": [{"changes": [{"value": {}}]}]}).encode(),
            400,
            "object",
        ),
        ("application/json", json.dumps({"object": "whatsapp_business_account"}).encode(), 400, "entry"),
        ("application/json", json.dumps({"object": "whatsapp_business_account", "entry": []}).encode(), 400, "entry"),
        (
            "application/json",
            json.dumps({"object": "whatsapp_business_account", "entry": ["x"]}).encode(),
            400,
            "entry.0",
        ),
        (
            "application/json",
            json.dumps({"object": "whatsapp_business_account", "entry": [{"id": "1"}]}).encode(),
            400,
            "entry.0.changes",
        ),
        (
            "application/json",
            json.dumps(
                {"object": "whatsapp_business_account", "entry": [{"changes": [{"field": "messages"}]}]}
            ).encode(),
            400,
            "entry.0.changes.0.value",
        ),
        (
            "application/json",
            json.dumps({"object": "whatsapp_business_account", "entry": [{"changes": [{"value": {}}]}] * 21}).encode(),
            400,
            "entry",
        ),
        ("application/json", b" " * (1024 * 1024 + 1), 413, "cuerpo"),
        ("text/plain", b"hola", 415, "Content-Type"),
        ("application/x-www-form-urlencoded", b"texto=hola", 400, "de"),
        ("application/x-www-form-urlencoded", b"de=5215512345678", 400, "texto"),
        ("application/x-www-form-urlencoded", b"de=5215512345678&texto=" + b"a" * 4001, 400, "texto"),
    ],
)
def test_entrada_mala_da_4xx_en_espanol_por_campo_sin_invocar(tipo, cuerpo, estado, campo):
    codigo, datos, _ = local.atender(tipo, cuerpo, _invocar_que_no_debe_llamarse)
    assert codigo == estado
    assert datos is not None and datos["error"]["mensaje"]
    assert campo in [c["campo"] for c in datos["error"]["campos"]]


def test_cada_entrada_va_en_su_propio_sobre_de_aws_por_sns():
    eventos = []

    def invocar(ev):
        eventos.append(ev)
        return {"resultados": [{"id": "x", "accion": "anexado"}]}

    entradas = [local.entrada_mensaje("5215512345678", {"type": "text", "text": {"body": f"m{i}"}}) for i in range(2)]
    codigo, datos, _ = local.atender(
        "application/json", json.dumps({"object": "whatsapp_business_account", "entry": entradas}).encode(), invocar
    )
    assert codigo == 200 and len(datos["resultados"]) == 2 and len(eventos) == 2
    (registro,) = eventos[0]["Records"]
    assert registro["EventSource"] == "aws:sns" and registro["Sns"]["TopicArn"] == local.TEMA
    sobre = json.loads(registro["Sns"]["Message"])
    assert json.loads(sobre["whatsAppWebhookEntry"]) == entradas[0]
    assert sobre["context"]["MetaPhoneNumberIds"] == [
        {"metaPhoneNumberId": local.ID_META_NUMERO, "arn": local.ARN_NUMERO}
    ]
    assert set(sobre) == {"context", "whatsAppWebhookEntry", "aws_account_id", "message_timestamp", "messageId"}


def test_el_formulario_de_la_vista_arma_el_boton_como_lo_manda_meta_y_vuelve_a_la_conversacion():
    eventos = []

    def invocar(ev):
        eventos.append(ev)
        return {"resultados": [{"accion": "confirmado"}]}

    codigo, datos, cabeceras = local.atender(
        "application/x-www-form-urlencoded",
        "de=5215512345678&boton=resuelto:1234567890:1&titulo=Sí, quedó resuelto".encode(),
        invocar,
    )
    assert codigo == 303 and datos is None
    assert cabeceras["Location"] == "/_local/whatsapp?de=5215512345678&resultado=confirmado#estado"
    entrada = json.loads(json.loads(eventos[0]["Records"][0]["Sns"]["Message"])["whatsAppWebhookEntry"])
    (mensaje,) = entrada["changes"][0]["value"]["messages"]
    assert mensaje["type"] == "button" and mensaje["from"] == "5215512345678"
    assert mensaje["button"] == {"payload": "resuelto:1234567890:1", "text": "Sí, quedó resuelto"}


def _multipart(campos: dict[str, str], archivo: tuple[str, str, bytes] | None) -> tuple[str, bytes]:
    limite = "----limite-de-prueba"
    partes = [
        f'--{limite}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode() for k, v in campos.items()
    ]
    if archivo is not None:
        nombre, tipo, datos = archivo
        partes.append(
            f'--{limite}\r\nContent-Disposition: form-data; name="archivo"; filename="{nombre}"\r\n'
            f"Content-Type: {tipo}\r\n\r\n".encode()
            + datos
            + b"\r\n"
        )
    return f"multipart/form-data; boundary={limite}", b"".join(partes) + f"--{limite}--\r\n".encode()


def test_un_archivo_de_la_vista_se_registra_como_medio_y_llega_con_su_id_como_en_meta():
    eventos, medios = [], []

    def invocar(ev):
        eventos.append(ev)
        return {"resultados": [{"accion": "anexado"}]}

    def registrar(datos, tipo):
        medios.append((datos, tipo))
        return "1234567890123456"

    tipo, cuerpo = _multipart(
        {"de": "5215512345678", "leyenda": "Mi recibo"}, ("recibo.pdf", "application/pdf", b"%PDF-1.7 x")
    )
    codigo, _, cabeceras = local.atender(tipo, cuerpo, invocar, registrar)
    assert codigo == 303 and cabeceras["Location"].endswith("resultado=anexado#estado")
    assert medios == [(b"%PDF-1.7 x", "application/pdf")]
    entrada = json.loads(json.loads(eventos[0]["Records"][0]["Sns"]["Message"])["whatsAppWebhookEntry"])
    (mensaje,) = entrada["changes"][0]["value"]["messages"]
    assert mensaje["type"] == "document"
    assert mensaje["document"] == {
        "id": "1234567890123456",
        "mime_type": "application/pdf",
        "sha256": "local",
        "filename": "recibo.pdf",
        "caption": "Mi recibo",
    }


@pytest.mark.parametrize(
    ("campos", "archivo", "campo"),
    [
        ({"de": "5215512345678"}, None, "archivo"),
        ({"de": "12"}, ("a.jpg", "image/jpeg", b"x"), "de"),
        ({"de": "5215512345678"}, ("vacio.jpg", "image/jpeg", b""), "archivo"),
    ],
)
def test_un_formulario_de_archivo_malo_da_400_sin_registrar_ni_invocar(campos, archivo, campo):
    tipo, cuerpo = _multipart(campos, archivo)
    codigo, datos, _ = local.atender(tipo, cuerpo, _invocar_que_no_debe_llamarse, lambda d, t: pytest.fail("registró"))
    assert codigo == 400 and campo in [c["campo"] for c in datos["error"]["campos"]]


@pytest.mark.parametrize(
    "mensaje",
    [
        {"type": "text", "text": "hola"},
        {"type": "text", "text": ["hola"]},
        {"type": "button", "button": "Sí"},
    ],
)
def test_un_campo_que_no_es_objeto_no_tira_la_vista(mensaje):
    # Antes: 500 al anotar lo recibido, aunque la función ya lo había atendido.
    entrada = local.entrada_mensaje("5215598765432", {"id": "wamid.X", "timestamp": "1", **mensaje})
    codigo, datos, _ = local.atender(
        "application/json",
        json.dumps({"object": "whatsapp_business_account", "entry": [entrada]}).encode(),
        lambda ev: {"resultados": [{"id": "wamid.X", "accion": "no_soportado"}]},
    )
    assert codigo == 200 and datos["resultados"][0]["accion"] == "no_soportado"
    assert local.recibidos()[-1]["id"] == "wamid.X" and local.recibidos()[-1]["texto"] == ""
