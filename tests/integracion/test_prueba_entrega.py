"""Encuesta diferida con EventBridge Scheduler y prueba de entrega: eventos de SES (entrega, rebote, queja) por SNS."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

import boto3
import pytest

from funciones.nucleo.dominio import reloj
from infraestructura.local.lambda_local import olvidar_configuracion
from tests.integracion.test_agentes import SUPERVISOR, abrir, verificar
from tests.integracion.test_encuestas_reportes import cerrar, encuestas_de

GRUPO = "bluepoint-encuestas"
ROL = "arn:aws:iam::123456789012:role/bluepoint-programas"


@pytest.fixture
def diferida(llamada, monkeypatch):
    boto3.client("scheduler").create_schedule_group(Name=GRUPO)
    monkeypatch.setenv("RETRASO_ENCUESTA_MIN", "90")
    monkeypatch.setenv("GRUPO_PROGRAMAS", GRUPO)
    monkeypatch.setenv("ROL_PROGRAMAS", ROL)
    monkeypatch.setenv("COLA_FALLOS_PROGRAMAS", "arn:aws:sqs:us-east-1:123456789012:fallos")
    olvidar_configuracion()
    yield llamada
    olvidar_configuracion()


def _programas() -> list[Mapping[str, Any]]:
    s = boto3.client("scheduler")
    return [s.get_schedule(GroupName=GRUPO, Name=p["Name"]) for p in s.list_schedules(GroupName=GRUPO)["Schedules"]]


def test_la_encuesta_espera_el_retraso_y_sale_una_vez(diferida):
    aws = diferida
    _, v, _ = verificar(aws)
    _, caso, _ = abrir(aws, v["verificacion_id"])
    folio = caso["folio"]
    antes = reloj.ahora()
    cerrar(aws, folio)
    assert encuestas_de(aws, folio) == []  # todavía no
    (programa,) = _programas()
    # Una sola vez, a la hora del cierre más el retraso, y sin datos personales en la carga.
    assert programa["ActionAfterCompletion"] == "DELETE"
    assert programa["FlexibleTimeWindow"] == {"Mode": "OFF"}
    cuando = programa["ScheduleExpression"].removeprefix("at(").removesuffix(")")
    esperado = (antes + timedelta(minutes=90)).replace(tzinfo=None)
    assert abs((datetime.fromisoformat(cuando) - esperado).total_seconds()) < 120
    carga = json.loads(programa["Target"]["Input"])
    assert set(carga["envio_diferido"]) == {"folio", "sk"} and "@" not in programa["Target"]["Input"]
    assert programa["Target"]["Arn"].endswith(":function:notificaciones")
    assert programa["Target"]["DeadLetterConfig"]["Arn"].endswith(":fallos")

    # El registro del flujo repetido no programa otra.
    (item,) = [
        i for i in aws.items() if i.get("notificar", {}).get("M", {}).get("plantilla", {}).get("S") == "encuesta"
    ]
    repetido = {
        "eventID": "1",
        "eventName": "INSERT",
        "eventSource": "aws:dynamodb",
        "dynamodb": {"Keys": {"pk": item["pk"], "sk": item["sk"]}, "NewImage": item, "SequenceNumber": "1"},
    }
    assert aws.invocar("notificaciones", {"Records": [repetido]}) == {"batchItemFailures": []}
    assert len(_programas()) == 1

    # Scheduler dispara (dos veces, como puede pasar con sus reintentos): una sola encuesta.
    assert aws.invocar("notificaciones", carga) == {"entregado": True}
    aws.invocar("notificaciones", carga)
    aws.drenar()
    assert len(encuestas_de(aws, folio)) == 1
    _, detalle, _ = aws.api("GET", f"/api/casos/{folio}", agente=SUPERVISOR)
    assert (
        sum(
            h["datos"].get("plantilla") == "encuesta"
            for h in detalle["historial"]
            if h["tipo"] == "notificacion_enviada"
        )
        == 1
    )


def test_envio_diferido_de_un_evento_que_no_existe_no_envia(diferida):
    aws = diferida
    r = aws.invocar("notificaciones", {"envio_diferido": {"folio": "1234567890", "sk": "EVENTO#x#y"}})
    assert r == {"entregado": False}
    # Cargas que no son de un programa nuestro: no llegan a DynamoDB ni fallan.
    from funciones.nucleo.dominio.folio import generar_folio

    for carga in ({}, {"folio": "", "sk": ""}, {"folio": generar_folio(), "sk": "CASO"}, {"folio": ["x"], "sk": 3}):
        assert aws.invocar("notificaciones", {"envio_diferido": carga}) == {"entregado": False}


def _aviso_ses(
    tipo: str,
    folio: str,
    plantilla: str,
    id_mensaje: str,
    destino: str = "cliente@ejemplo.mx",
    tipo_rebote: str = "Permanent",
) -> dict:
    """Como lo publica SES en el tema del destino de eventos del conjunto de configuración."""
    marca = "2026-11-24T17:03:00.123Z"
    aviso = {
        "eventType": tipo,
        "mail": {
            "timestamp": "2026-11-24T17:02:59.000Z",
            "source": "atencion@bluepoint.mx",
            "messageId": id_mensaje,
            "destination": [destino],
            "tags": {
                "folio": [folio],
                "evento": ["abc123abc123"],
                "plantilla": [plantilla],
                "ses:configuration-set": ["bluepoint"],
            },
        },
    }
    if tipo == "Delivery":
        aviso["delivery"] = {"timestamp": marca, "recipients": [destino], "smtpResponse": "250 2.6.0 Message received"}
    elif tipo == "Bounce":
        aviso["bounce"] = {
            "bounceType": tipo_rebote,
            "bounceSubType": "General",
            "bouncedRecipients": [{"emailAddress": destino}],
            "timestamp": marca,
        }
    else:
        aviso["complaint"] = {"complainedRecipients": [{"emailAddress": destino}], "timestamp": marca}
    return aviso


def _por_sns(*avisos: dict) -> dict:
    return {
        "Records": [
            {
                "EventSource": "aws:sns",
                "EventVersion": "1.0",
                "Sns": {"Type": "Notification", "MessageId": f"m{i}", "Message": json.dumps(a)},
            }
            for i, a in enumerate(avisos)
        ]
    }


def _caso(aws) -> str:
    _, v, _ = verificar(aws)
    _, caso, _ = abrir(aws, v["verificacion_id"])
    aws.drenar()
    return caso["folio"]


def test_entrega_y_queja_quedan_en_el_historial_una_vez(llamada):
    aws = llamada
    folio = _caso(aws)
    entrega = _por_sns(_aviso_ses("Delivery", folio, "folio", "0100-entrega"))
    assert aws.invocar("notificaciones", entrega) == {"anotados": 1}
    assert aws.invocar("notificaciones", entrega) == {"anotados": 0}  # SNS lo entrega otra vez
    aws.invocar("notificaciones", _por_sns(_aviso_ses("Complaint", folio, "encuesta", "0100-queja")))
    aws.drenar()
    _, detalle, _ = aws.api("GET", f"/api/casos/{folio}", agente=SUPERVISOR)
    (entregado,) = [h for h in detalle["historial"] if h["tipo"] == "correo_entregado"]
    assert entregado["datos"]["id_mensaje"] == "0100-entrega" and "c***@ejemplo.mx" in entregado["descripcion"]
    assert [h["tipo"] for h in detalle["historial"]].count("correo_queja") == 1
    # Internos: el cliente no los ve en su consulta; el expediente sí los lleva.
    _, expediente, _ = aws.api("GET", f"/api/casos/{folio}/expediente", agente=SUPERVISOR)
    assert "0100-entrega" in json.dumps(expediente)


def test_cada_notificacion_del_expediente_lleva_su_constancia(llamada):
    aws = llamada
    folio = _caso(aws)
    _, x, _ = aws.api("GET", f"/api/casos/{folio}/expediente", agente=SUPERVISOR)
    (aviso,) = [n for n in x["notificaciones"] if n["plantilla"] == "folio"]
    assert aviso["constancias"] == []
    aws.invocar("notificaciones", _por_sns(_aviso_ses("Delivery", folio, "folio", aviso["id_mensaje"])))
    _, x, _ = aws.api("GET", f"/api/casos/{folio}/expediente", agente=SUPERVISOR)
    (aviso,) = [n for n in x["notificaciones"] if n["plantilla"] == "folio"]
    (constancia,) = aviso["constancias"]
    assert constancia["resultado"] == "entregado" and constancia["fecha_texto"][-35:] in constancia["texto"]
    assert aviso["aviso_nombre"] == "Folio de la solicitud" and aviso["medio_nombre"] == "Correo electrónico"
    _, html, _ = aws.api("GET", f"/api/casos/{folio}/expediente", agente=SUPERVISOR, consulta="formato=html")
    assert "El servidor de correo del destinatario lo recibió el " in html


def test_rebote_del_folio_alerta_para_que_un_asesor_llame(llamada):
    aws = llamada
    folio = _caso(aws)
    rebote = _por_sns(_aviso_ses("Bounce", folio, "folio", "0200-rebote"))
    assert aws.invocar("notificaciones", rebote) == {"anotados": 1}
    aws.invocar("notificaciones", rebote)
    aws.drenar()
    _, detalle, _ = aws.api("GET", f"/api/casos/{folio}", agente=SUPERVISOR)
    tipos = [h["tipo"] for h in detalle["historial"]]
    assert tipos.count("correo_rebotado") == 1 and tipos.count("alerta_correo_rebotado") == 1
    rebotado = next(h for h in detalle["historial"] if h["tipo"] == "correo_rebotado")
    assert rebotado["datos"]["tipo_rebote"] == "Permanent" and "se comunicará contigo" in rebotado["descripcion"]
    # La alerta sale por SNS a supervisores, una vez, sin el correo del cliente.
    from infraestructura.local.buzones import mensajes

    alertas = [m for m in mensajes() if m["tipo"] == "alerta" and "Correo no entregado" in (m["asunto"] or "")]
    assert len(alertas) == 1 and "ejemplo.mx" not in alertas[0]["mensaje"]
    assert "llamar al cliente" in alertas[0]["mensaje"]


def test_rebote_sin_telefono_en_el_caso_usa_el_del_contrato(llamada):
    # Un caso web con el contrato y sólo correo: la alerta no dice «sin teléfono» si el contrato tiene uno.
    aws = llamada
    cuerpo = {
        "tipo": "queja",
        "categoria": "interrupcion",
        "nombre": "María Fernanda Gómez Ruiz",
        "contrato": "10002000",
        "correo": "otro.correo@ejemplo.mx",
        "descripcion": "Sin servicio desde el lunes en la tarde.",
        "medio_notificacion": "correo",
        "aviso_privacidad": "2026-11",
    }
    estado, caso, _ = aws.api("POST", "/api/casos", cuerpo)
    assert estado == 201, caso
    aws.drenar()
    aws.invocar("notificaciones", _por_sns(_aviso_ses("Bounce", caso["folio"], "folio", "0250-rebote")))
    aws.drenar()
    _, detalle, _ = aws.api("GET", f"/api/casos/{caso['folio']}", agente=SUPERVISOR)
    (alerta,) = [h for h in detalle["historial"] if h["tipo"] == "alerta_correo_rebotado"]
    assert "no tiene teléfono" not in alerta["descripcion"] and "ni el caso ni su contrato" not in alerta["descripcion"]
    assert "teléfono registrado del contrato 10002000" in alerta["descripcion"] and "5678" in alerta["descripcion"]
    assert "«Correo no entregado» enviada a Supervisores" in alerta["descripcion"]


def test_rebote_de_la_encuesta_se_anota_sin_alerta(llamada):
    aws = llamada
    folio = _caso(aws)
    aws.invocar("notificaciones", _por_sns(_aviso_ses("Bounce", folio, "encuesta", "0300-rebote")))
    aws.drenar()
    _, detalle, _ = aws.api("GET", f"/api/casos/{folio}", agente=SUPERVISOR)
    tipos = [h["tipo"] for h in detalle["historial"]]
    assert tipos.count("correo_rebotado") == 1 and "alerta_correo_rebotado" not in tipos


def test_evento_de_ses_sin_folio_valido_no_anota_nada(llamada):
    aws = llamada
    antes = len(aws.items())
    assert aws.invocar("notificaciones", _por_sns(_aviso_ses("Delivery", "1234567891", "folio", "x"))) == {
        "anotados": 0
    }
    assert len(aws.items()) == antes


def test_rebote_temporal_se_anota_sin_alerta_y_el_permanente_despues_si_alerta(llamada):
    aws = llamada
    folio = _caso(aws)
    aws.invocar("notificaciones", _por_sns(_aviso_ses("Bounce", folio, "folio", "0400", tipo_rebote="Transient")))
    aws.drenar()
    _, detalle, _ = aws.api("GET", f"/api/casos/{folio}", agente=SUPERVISOR)
    tipos = [h["tipo"] for h in detalle["historial"]]
    assert tipos.count("correo_rebotado") == 1 and "alerta_correo_rebotado" not in tipos
    temporal = next(h for h in detalle["historial"] if h["tipo"] == "correo_rebotado")
    assert "se comunicará" not in temporal["descripcion"]
    aws.invocar("notificaciones", _por_sns(_aviso_ses("Bounce", folio, "folio", "0400")))
    aws.drenar()
    _, detalle, _ = aws.api("GET", f"/api/casos/{folio}", agente=SUPERVISOR)
    tipos = [h["tipo"] for h in detalle["historial"]]
    assert tipos.count("correo_rebotado") == 2 and tipos.count("alerta_correo_rebotado") == 1


def test_mensaje_de_validacion_de_ses_no_es_un_evento(llamada):
    """Al crear el destino de eventos SES publica un texto simple en el tema: se ignora sin fallar."""
    aws = llamada
    antes = len(aws.items())
    validacion = {
        "Records": [
            {
                "EventSource": "aws:sns",
                "Sns": {"Message": "Successfully validated SNS topic for Amazon SES event publishing."},
            },
            {"EventSource": "aws:sns", "Sns": {"Message": "[1, 2]"}},
        ]
    }
    assert aws.invocar("notificaciones", validacion) == {"anotados": 0}
    assert len(aws.items()) == antes
