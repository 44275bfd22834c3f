"""La emulación local de End User Messaging Social responde como el servicio a lo que Meta o AWS rechazarían."""

from __future__ import annotations

import base64
import json

import pytest

from infraestructura.local import whatsapp as emulacion


def _envio(mensaje: dict, numero: str = emulacion.NUMERO, version: str = "v20.0") -> bytes:
    cuerpo = {
        "originationPhoneNumberId": numero,
        "metaApiVersion": version,
        "message": base64.b64encode(json.dumps(mensaje).encode()).decode(),
    }
    return json.dumps(cuerpo).encode()


def _plantilla(nombre: str = "bluepoint_sin_caso_abierto", parametros: dict | None = None) -> dict:
    valores = parametros or {"enlace": "https://x.mx/seguimiento.html", "telefonos": "767 672 0827", "horario": "hoy"}
    return {
        "messaging_product": "whatsapp",
        "to": "+527676720827",
        "type": "template",
        "template": {
            "name": nombre,
            "language": {"code": "es_MX"},
            "components": [
                {
                    "type": "body",
                    "parameters": [{"type": "text", "parameter_name": k, "text": v} for k, v in valores.items()],
                }
            ],
        },
    }


@pytest.fixture
def servicio() -> emulacion.EmulacionWhatsApp:
    s = emulacion.EmulacionWhatsApp()
    s.crear_plantillas_del_repositorio()
    return s


def test_un_envio_valido_queda_como_lo_ve_el_cliente(servicio):
    estado, respuesta = servicio.atender("POST", "/v1/whatsapp/send", "", _envio(_plantilla()))
    assert estado == 200 and respuesta["messageId"]
    (enviado,) = servicio.enviados()
    assert (enviado["destino"], enviado["plantilla"], enviado["botones"]) == ("+527676720827", "sin_caso_abierto", [])
    assert "767 672 0827" in enviado["texto"] and enviado["fecha"]


@pytest.mark.parametrize(
    ("cuerpo", "estado", "tipo"),
    [
        (_envio(_plantilla(), numero="phone-number-id-ajeno"), 404, "ResourceNotFoundException"),
        (_envio(_plantilla(), version="20"), 400, "ValidationException"),
        (_envio(_plantilla("bluepoint_no_existe")), 400, "InvalidParametersException"),
        (_envio(_plantilla(parametros={"enlace": "x"})), 400, "InvalidParametersException"),
        (_envio({**_plantilla(), "to": "abc"}), 400, "InvalidParametersException"),
        (_envio({**_plantilla(), "messaging_product": "sms"}), 400, "InvalidParametersException"),
        (
            _envio({"messaging_product": "whatsapp", "to": "+527676720827", "type": "text", "text": {}}),
            400,
            "InvalidParametersException",
        ),
        (b"[1, 2]", 400, "ValidationException"),
        (b"{no es json", 400, "ValidationException"),
        (
            json.dumps(
                {"originationPhoneNumberId": emulacion.NUMERO, "metaApiVersion": "v20.0", "message": "no-es-base64!"}
            ).encode(),
            400,
            "ValidationException",
        ),
    ],
)
def test_lo_que_el_servicio_rechaza_no_se_guarda(servicio, cuerpo, estado, tipo):
    codigo, respuesta = servicio.atender("POST", "/v1/whatsapp/send", "", cuerpo)
    assert (codigo, respuesta["__type"]) == (estado, tipo) and respuesta["message"]
    assert servicio.enviados() == []


def test_plantillas_creadas_y_listadas_por_cuenta(servicio):
    estado, lista = servicio.atender("GET", "/v1/whatsapp/template/list", f"id={emulacion.WABA}", b"")
    assert estado == 200 and {p["templateName"] for p in lista["templates"]} >= {"bluepoint_folio"}
    assert servicio.atender("GET", "/v1/whatsapp/template/list", "id=waba-otra", b"")[0] == 404
    mala = {"templateDefinition": base64.b64encode(b'{"name": "Con Mayusculas"}').decode(), "id": emulacion.WABA}
    assert servicio.atender("POST", "/v1/whatsapp/template/put", "", json.dumps(mala).encode())[0] == 400
    assert servicio.atender("POST", "/v1/whatsapp/otra", "", b"{}")[0] == 404


def test_estados_de_un_envio_llevan_el_wamid_y_la_referencia(servicio):
    mensaje = {**_plantilla(), "biz_opaque_callback_data": "bp1:1234567890:abc:folio"}
    servicio.atender("POST", "/v1/whatsapp/send", "", _envio(mensaje))
    (enviado,) = servicio.enviados()
    sent, delivered = emulacion.estados_de_envio(enviado)
    assert (sent["status"], delivered["status"]) == ("sent", "delivered")
    assert sent["id"] == enviado["wamid"] and sent["id"].startswith("wamid.")
    assert sent["biz_opaque_callback_data"] == "bp1:1234567890:abc:folio" and sent["recipient_id"] == "527676720827"
