"""El correo como lo entrega SES (adaptador → moto → emulación): cabeceras, Message-ID de SES y su registro."""

from __future__ import annotations

import email
from datetime import UTC, datetime, timedelta
from email import policy

import boto3

from infraestructura.local import recursos
from infraestructura.local.buzones import entregado
from infraestructura.local.lambda_local import olvidar_configuracion
from tests.integracion.test_handlers import QUEJA


def _leer(crudo: bytes) -> email.message.EmailMessage:
    return email.message_from_bytes(crudo, policy=policy.default)


def test_el_correo_del_folio_sale_como_lo_arma_ses(aws):
    _, caso, _ = aws.api("POST", "/api/casos", QUEJA)
    antes = datetime.now(UTC) - timedelta(seconds=1)
    aws.drenar()
    (correo,) = aws.correos()
    # La respuesta vuelve al caso: Reply-To firmado con el folio (tests/integracion/test_correo_hilo.py).
    assert correo["responder_a"].startswith(f"respuestas+{caso['folio']}.")
    assert correo["responder_a"].endswith(f"@{recursos.DOMINIO}")
    assert {"destinatario", "asunto", "texto", "html", "fecha", "responder_a", "id_mensaje"} <= set(correo)

    crudo = entregado(correo["id_mensaje"])
    assert b"\r\n\r\n" in crudo and b"\n" not in crudo.replace(b"\r\n", b"")  # RFC 5322: sólo CRLF
    m = _leer(crudo)
    assert m["From"].addresses[0].display_name == "Blue Point Atención al Cliente"
    assert m["From"].addresses[0].addr_spec == f"atencion@{recursos.DOMINIO}"
    assert m["To"].addresses[0].addr_spec == "ana@example.com" and m["To"].addresses[0].display_name == "Ana López"
    assert [a.addr_spec for a in m["Reply-To"].addresses] == [correo["responder_a"]]
    assert str(m["Subject"]) == correo["asunto"] and caso["folio_legible"] in correo["asunto"]
    # SES fecha el mensaje al aceptarlo y le pone su Message-ID con el id que devuelve el envío.
    assert antes <= m["Date"].datetime <= datetime.now(UTC)
    assert m["Message-ID"] == f"<{correo['id_mensaje']}@email.amazonses.com>"
    assert m["MIME-Version"] == "1.0" and m["Auto-Submitted"] == "auto-generated"
    assert m.get_content_type() == "multipart/alternative"
    partes = [(p.get_content_type(), p.get_content_charset()) for p in m.iter_parts()]
    assert partes == [("text/plain", "utf-8"), ("text/html", "utf-8")]
    assert correo["texto"] == m.get_body(("plain",)).get_content().replace("\r\n", "\n")
    # La descripción del cliente no viaja en el correo (texto libre de un remitente sin verificar).
    assert "Mbps" not in correo["html"] and "Mbps" not in correo["texto"]


def test_el_id_de_ses_queda_con_la_entrega_para_enhebrar_respuestas(aws):
    _, caso, _ = aws.api("POST", "/api/casos", QUEJA)
    aws.drenar()
    (correo,) = aws.correos()
    (marca,) = [i for i in aws.items() if i["pk"]["S"] == f"CASO#{caso['folio']}" and i["sk"]["S"].startswith("ENVIO#")]
    assert marca["entrega"]["M"]["datos"]["M"]["id_mensaje"]["S"] == correo["id_mensaje"]
    _, detalle, _ = aws.api("GET", f"/api/casos/{caso['folio']}", agente=("supervisor.demo", "supervisores"))
    (entrega,) = [h for h in detalle["historial"] if h["tipo"] == "notificacion_enviada"]
    assert entrega["datos"]["id_mensaje"] == correo["id_mensaje"]


def test_reply_to_de_atencion_configurable(aws, monkeypatch):
    # Sin dominio de respuestas (recepción de SES aún sin activar), el Reply-To es la dirección de atención.
    monkeypatch.delenv("DOMINIO_RESPUESTAS")
    monkeypatch.setenv("RESPONDER_A", f"clientes@{recursos.DOMINIO}")
    olvidar_configuracion()
    aws.api("POST", "/api/casos", QUEJA)
    aws.drenar()
    (correo,) = aws.correos()
    assert correo["responder_a"] == f"clientes@{recursos.DOMINIO}"
    assert _leer(entregado(correo["id_mensaje"]))["Reply-To"] == f"clientes@{recursos.DOMINIO}"


def test_ses_reemplaza_date_y_message_id_del_cliente(aws):
    """Como SES: un Message-ID o un Date que mande el cliente no llegan; llegan los de SES."""
    sesv2 = boto3.client("sesv2")
    remitente = f"atencion@{recursos.DOMINIO}"
    propio = "Message-ID: <mio@bluepoint.mx>\r\nDate: Mon, 01 Jan 2024 00:00:00 +0000\r\n"
    raw = f"From: {remitente}\r\nTo: a@example.com\r\nSubject: Hola\r\n{propio}\r\nHola\r\n".encode()
    id_raw = sesv2.send_email(
        FromEmailAddress=remitente,
        Destination={"ToAddresses": ["a@example.com"]},
        Content={"Raw": {"Data": raw}},
    )["MessageId"]
    id_simple = sesv2.send_email(
        FromEmailAddress=remitente,
        Destination={"ToAddresses": ["a@example.com"]},
        Content={
            "Simple": {
                "Subject": {"Data": "Hola"},
                "Body": {"Text": {"Data": "Hola"}},
                "Headers": [{"Name": "Message-ID", "Value": "<mio@bluepoint.mx>"}, {"Name": "X-Caso", "Value": "1"}],
            }
        },
    )["MessageId"]
    for id_mensaje in (id_raw, id_simple):
        m = _leer(entregado(id_mensaje))
        assert m.get_all("Message-ID") == [f"<{id_mensaje}@email.amazonses.com>"]
        assert len(m.get_all("Date")) == 1 and m["Date"].datetime > datetime(2024, 1, 2, tzinfo=UTC)
    assert _leer(entregado(id_simple))["X-Caso"] == "1"
    # Sólo texto: un mensaje text/plain, no un multipart vacío.
    assert _leer(entregado(id_simple)).get_content_type() == "text/plain"
