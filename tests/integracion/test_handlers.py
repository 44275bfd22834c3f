"""Flujo completo por los handlers reales sobre moto: alta → flujo → correo/SMS → seguimiento → comprobante."""

from __future__ import annotations

from pathlib import Path

import pytest
from botocore.exceptions import ClientError

from funciones.nucleo.dominio import busqueda
from funciones.nucleo.dominio.folio import digito_damm

QUEJA = {
    "tipo": "queja",
    "categoria": "interrupcion",
    "nombre": "Ana López",
    "contrato": "12345678",
    "correo": "ana@example.com",
    "descripcion": "Sin internet desde ayer; velocidad < 1 Mbps & cortes.",
    "medio_notificacion": "correo",
    "aviso_privacidad": "2026-11",
}


def test_alta_escribe_caso_y_evento_en_una_transaccion(aws):
    estado, cuerpo, _ = aws.api("POST", "/api/casos", QUEJA)
    assert estado == 201
    items = aws.items()
    claves = sorted((i["pk"]["S"].split("#")[0], i["sk"]["S"].split("#")[0]) for i in items)
    # Caso y primer evento, los contadores diarios por correo y por contrato y el índice de búsqueda (contrato,
    # correo y palabras del nombre): todo en una transacción.
    palabras = len(busqueda.palabras_nombre(QUEJA["nombre"]))
    indice = [("BUSCA", "CASO")] * (2 + palabras)
    assert claves == [*indice, ("CASO", "CASO"), ("CASO", "EVENTO"), ("LIMITE", "DIA"), ("LIMITE", "DIA")]
    assert not any("ana@example.com" in i["pk"]["S"] or "12345678" in i["pk"]["S"] for i in items)
    # El índice no guarda datos personales: sólo la clave HMAC del término y el folio.
    for i in items:
        if i["pk"]["S"].startswith("BUSCA#"):
            assert set(i) == {"pk", "sk", "entidad", "folio"} and i["sk"]["S"].endswith(cuerpo["folio"])
    caso = next(i for i in items if i["sk"]["S"] == "CASO")
    assert caso["folio"]["S"] == cuerpo["folio"]
    assert caso["vence_pk"]["S"].startswith("ABIERTOS#")  # aparece en el índice de vencimientos
    assert "comprobante_hash" in caso and cuerpo["comprobante_url"].split("t=")[1] not in str(caso)


def test_el_correo_del_folio_llega_una_vez_con_texto_y_html(aws):
    _, cuerpo, _ = aws.api("POST", "/api/casos", QUEJA)
    aws.drenar()
    aws.drenar()  # volver a drenar no reenvía
    (correo,) = aws.correos()
    assert correo["destinatario"] == "ana@example.com"
    assert cuerpo["folio_legible"] in correo["asunto"]
    assert cuerpo["fecha_compromiso_texto"] in correo["texto"]
    # La descripción es texto libre del remitente: el correo no la repite (ni escapada).
    assert "Mbps" not in correo["html"] and "Mbps" not in correo["texto"]
    assert "https://atencion.bluepoint.mx/seguimiento.html?folio=" + cuerpo["folio"] in correo["html"]
    # La entrega queda en el historial público con el id del mensaje de SES.
    _, consulta, _ = aws.api("POST", "/api/consultas", {"folio": cuerpo["folio"], "contrato": "12345678"})
    assert consulta["historial"][0]["descripcion"].startswith("Te enviamos el folio por correo a a***@")


def test_la_entrega_queda_en_la_marca_de_envio_sin_otro_evento(aws):
    _, cuerpo, _ = aws.api("POST", "/api/casos", QUEJA)
    aws.drenar()
    items = [i for i in aws.items() if i["pk"]["S"] == f"CASO#{cuerpo['folio']}"]
    eventos = [i for i in items if i["sk"]["S"].startswith("EVENTO#")]
    (marca,) = [i for i in items if i["sk"]["S"].startswith("ENVIO#")]
    # Un solo evento (el alta): la entrega se anota en la marca, no como item nuevo en una transacción.
    assert [e["tipo"]["S"] for e in eventos] == ["caso_registrado"]
    assert marca["sk"]["S"] == f"ENVIO#{eventos[0]['id']['S']}"
    assert marca["estado"]["S"] == "enviado" and "vence_reserva" not in marca
    entrega = marca["entrega"]["M"]
    assert entrega["tipo"]["S"] == "notificacion_enviada"
    assert entrega["datos"]["M"]["evento_origen"]["S"] == eventos[0]["id"]["S"]
    assert marca["evento_entrega"]["S"] == entrega["id"]["S"]
    # El detalle la muestra como un evento más del historial (el más reciente primero), después del alta.
    _, detalle, _ = aws.api("GET", f"/api/casos/{cuerpo['folio']}", agente=("asesor.demo", "asesores"))
    assert [h["tipo"] for h in detalle["historial"]] == ["notificacion_enviada", "caso_registrado"]


def test_un_lote_entregado_dos_veces_no_duplica(aws):
    aws.api("POST", "/api/casos", QUEJA)
    registros = aws.flujo._streams.get_records(ShardIterator=aws.flujo._iterador)["Records"]
    lote = {"Records": [dict(r, eventSourceARN=aws.arns["flujo"]) for r in registros]}
    assert aws.invocar("notificaciones", lote) == {"batchItemFailures": []}
    assert aws.invocar("notificaciones", lote) == {"batchItemFailures": []}
    assert len(aws.correos()) == 1


def test_sms_por_sns(aws):
    estado, cuerpo, _ = aws.api(
        "POST",
        "/api/casos",
        {**QUEJA, "correo": None, "telefono": "767 672 0827", "medio_notificacion": "sms"} | {"correo": "a@b.mx"},
    )
    assert estado == 201
    aws.drenar()
    from infraestructura.local.buzones import mensajes

    (sms,) = mensajes()
    assert sms["destino"] == "+527676720827" and cuerpo["folio_legible"] in sms["mensaje"]
    assert aws.correos() == []


def test_falla_de_ses_se_reintenta_y_entrega_una_vez(aws, monkeypatch):
    from funciones.nucleo.adaptadores.mensajeria import CorreoSes

    original = CorreoSes.enviar
    fallas = {"n": 2}

    def enviar_con_fallas(self, *args, **kwargs):
        if fallas["n"]:
            fallas["n"] -= 1
            raise ClientError(
                {"Error": {"Code": "Throttling", "Message": "Maximum sending rate exceeded"}}, "SendEmail"
            )
        return original(self, *args, **kwargs)

    monkeypatch.setattr(CorreoSes, "enviar", enviar_con_fallas)
    aws.api("POST", "/api/casos", QUEJA)
    aws.drenar()
    assert fallas["n"] == 0
    assert len(aws.correos()) == 1


def test_registro_venenoso_va_a_fallidos_y_el_resto_se_entrega(aws):
    aws.api("POST", "/api/casos", QUEJA)
    # Un evento de bandeja de salida con un pedido que no se puede cumplir.
    aws.dynamodb.put_item(
        TableName="bluepoint-local",
        Item={
            "pk": {"S": "CASO#1000000009"},
            "sk": {"S": "EVENTO#2026-11-24T10:00:00+00:00#veneno"},
            "notificar": {"M": {"medio": {"S": "correo"}}},
        },
    )
    aws.api("POST", "/api/casos", {**QUEJA, "correo": "beto@example.com"})
    aws.drenar()
    assert sorted(c["destinatario"] for c in aws.correos()) == ["ana@example.com", "beto@example.com"]
    import boto3

    sqs = boto3.client("sqs")
    mensajes = sqs.receive_message(QueueUrl=aws.arns["cola_fallidos"], MaxNumberOfMessages=10).get("Messages", [])
    assert len(mensajes) == 1


def test_consulta_y_comprobante(aws):
    _, cuerpo, _ = aws.api("POST", "/api/casos", {**QUEJA, "medio_notificacion": "impreso"})
    folio, token = cuerpo["folio"], cuerpo["comprobante_url"].split("t=")[1]
    estado, html, cab = aws.api("GET", f"/api/comprobantes/{folio}", consulta=f"t={token}")
    assert estado == 200 and cab["Content-Type"].startswith("text/html")
    # El estilo (con el de impresión) vive en la hoja del sitio: la CSP no deja estilos en línea.
    assert cuerpo["folio_legible"] in html and '<link rel="stylesheet" href="/css/paginas.css">' in html
    assert "@media print" in (Path(__file__).resolve().parents[2] / "sitio" / "css" / "paginas.css").read_text()
    assert "&lt; 1 Mbps &amp; cortes" in html
    estado, _, _ = aws.api("GET", f"/api/comprobantes/{folio}", consulta="t=otro")
    assert estado == 404
    aws.drenar()
    assert aws.correos() == []  # impreso: no se envía nada


@pytest.mark.parametrize(
    ("cuerpo", "cabeceras", "estado", "codigo"),
    [
        ('{"tipo": "queja",', None, 400, "json_invalido"),
        ("[]", None, 400, "json_invalido"),
        ("tipo=queja", {"content-type": "application/x-www-form-urlencoded"}, 415, "tipo_contenido"),
        ({**QUEJA, "descripcion": "x" * 10_000}, None, 400, "datos_invalidos"),
        ({**QUEJA, "tipo": "elogio"}, None, 400, "datos_invalidos"),
        ({**QUEJA, "correo": "no-es-correo"}, None, 400, "datos_invalidos"),
        ({**QUEJA, "nombre": "<script>alert(1)</script>"}, None, 400, "datos_invalidos"),
        ({**QUEJA, "campo_extra": 1}, None, 400, "datos_invalidos"),
        ("x" * 70_000, None, 413, "cuerpo_grande"),
    ],
)
def test_entradas_malas_no_guardan_ni_envian(aws, cuerpo, cabeceras, estado, codigo):
    recibido, respuesta, _ = aws.api("POST", "/api/casos", cuerpo, cabeceras=cabeceras)
    assert recibido == estado
    assert respuesta["error"]["codigo"] == codigo
    assert respuesta["error"]["mensaje"]
    if codigo == "datos_invalidos":
        assert respuesta["error"]["campos"] and all(c["mensaje"] for c in respuesta["error"]["campos"])
    aws.drenar()
    assert aws.items() == [] and aws.correos() == []


def test_folio_con_digito_equivocado_se_rechaza_antes_de_leer(aws):
    from funciones.nucleo.adaptadores.aws import cliente

    _, cuerpo, _ = aws.api("POST", "/api/casos", QUEJA)
    folio = cuerpo["folio"]
    # Cada llamada real del cliente de DynamoDB de las funciones (el mismo que usan los repositorios).
    llamadas: list[str] = []
    cliente("dynamodb").meta.events.register("before-call.dynamodb", lambda model, **_: llamadas.append(model.name))
    for i in range(len(folio)):
        # Todo error de un dígito lo detecta Damm: cualquier posición, cualquier otro dígito.
        mal = folio[:i] + str((int(folio[i]) + 1 + i % 9) % 10) + folio[i + 1 :]
        estado, respuesta, _ = aws.api("POST", "/api/consultas", {"folio": mal, "contrato": "12345678"})
        assert estado == 400 and respuesta["error"]["campos"][0]["campo"] == "folio", mal
    assert llamadas == []  # ni lee ni cuenta un intento
    # Control: con el folio bien sí se cuenta el intento y se lee la partición, así que el contador funciona.
    estado, _, _ = aws.api("POST", "/api/consultas", {"folio": folio, "contrato": "99999999"})
    assert estado == 404 and llamadas == ["UpdateItem", "Query"]


def test_folio_inexistente_y_segundo_factor_equivocado_responden_igual(aws):
    _, cuerpo, _ = aws.api("POST", "/api/casos", QUEJA)
    otro = "100000000" + digito_damm("100000000")
    a = aws.api("POST", "/api/consultas", {"folio": otro, "contrato": "12345678"})
    b = aws.api("POST", "/api/consultas", {"folio": cuerpo["folio"], "contrato": "99999999"})
    assert a[0] == b[0] == 404 and a[1] == b[1]


def test_catalogo_y_openapi(aws):
    estado, catalogo, _ = aws.api("GET", "/api/catalogo")
    assert estado == 200
    assert [t["clave"] for t in catalogo["tipos"]] == ["duda", "aclaracion", "queja", "reclamacion"]
    assert catalogo["telefonos"] == ["7676720827", "7775000232"]
    estado, documento, _ = aws.api("GET", "/api/openapi.json")
    assert estado == 200 and documento["openapi"].startswith("3.")


def test_idempotency_key_misma_clave_mismo_folio(aws):
    cab = {"Idempotency-Key": "8f14e45f-ceea-4672-9b3a-5b1c0e6d2a11"}
    a = aws.api("POST", "/api/casos", QUEJA, cabeceras=cab)
    b = aws.api("POST", "/api/casos", QUEJA, cabeceras=cab)
    assert a[0] == b[0] == 201 and a[1] == b[1]
    assert b[2].get("Idempotent-Replayed") == "true"
    c = aws.api("POST", "/api/casos", {**QUEJA, "nombre": "Otra Persona"}, cabeceras=cab)
    assert c[0] == 422 and c[1]["error"]["codigo"] == "idempotencia"
    assert sum(1 for i in aws.items() if i["sk"]["S"] == "CASO") == 1
    aws.drenar()
    assert len(aws.correos()) == 1


def test_idempotency_key_invalida(aws):
    estado, cuerpo, _ = aws.api("POST", "/api/casos", QUEJA, cabeceras={"Idempotency-Key": "corta"})
    assert estado == 400 and cuerpo["error"]["campos"][0]["campo"] == "Idempotency-Key"
    assert aws.items() == []


def test_limite_diario_por_correo_y_trampa_para_robots(aws):
    for n in range(5):
        assert aws.api("POST", "/api/casos", {**QUEJA, "contrato": f"1000000{n}"})[0] == 201
    estado, r, _ = aws.api("POST", "/api/casos", {**QUEJA, "contrato": "20000000"})
    assert estado == 429 and "5 solicitudes" in r["error"]["mensaje"]
    casos = [i for i in aws.items() if i["sk"]["S"] == "CASO"]
    assert len(casos) == 5
    estado, r, _ = aws.api("POST", "/api/casos", {**QUEJA, "correo": "otra@example.com", "sitio_web": "http://spam"})
    assert estado == 400 and r["error"]["codigo"] == "rechazada"
    assert len([i for i in aws.items() if i["sk"]["S"] == "CASO"]) == 5


def test_aviso_de_privacidad_obligatorio_y_registrado(aws):
    sin_aviso = {k: v for k, v in QUEJA.items() if k != "aviso_privacidad"}
    estado, r, _ = aws.api("POST", "/api/casos", sin_aviso)
    assert estado == 400 and r["error"]["campos"][0]["campo"] == "aviso_privacidad"
    estado, r, _ = aws.api("POST", "/api/casos", {**QUEJA, "aviso_privacidad": "2020-01"})
    assert estado == 400 and "aviso de privacidad" in r["error"]["campos"][0]["mensaje"]
    assert aws.api("POST", "/api/casos", QUEJA)[0] == 201
    (caso,) = [i for i in aws.items() if i["sk"]["S"] == "CASO"]
    assert caso["aviso_privacidad"]["S"] == "2026-11"


def test_consultas_fallidas_por_folio_dan_429(aws):
    _, cuerpo, _ = aws.api("POST", "/api/casos", QUEJA)
    for n in range(5):
        assert aws.api("POST", "/api/consultas", {"folio": cuerpo["folio"], "contrato": f"5555000{n}"})[0] == 404
    estado, r, _ = aws.api("POST", "/api/consultas", {"folio": cuerpo["folio"], "contrato": "12345678"})
    assert estado == 429 and "Demasiados intentos" in r["error"]["mensaje"]
