"""WhatsApp (issue 17), reglas puras: plantillas de esquemas/whatsapp/ con las reglas de Meta, los parámetros de cada
aviso de la bandeja, la ventana de 24 h, la referencia de los estados y las cargas de los botones."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from funciones.notificaciones.plantillas import ContextoEnvio
from funciones.notificaciones.plantillas_whatsapp import WHATSAPP
from funciones.nucleo.dominio import whatsapp
from tests.unidad.test_plantillas_sms import URLS, datos_maximos

AHORA = datetime(2026, 12, 4, 18, 0, tzinfo=UTC)
PIMIENTA = b"p" * 64


@pytest.mark.parametrize("clave", sorted(whatsapp.plantillas()))
def test_cada_plantilla_cumple_lo_que_meta_revisa(clave):
    d = whatsapp.plantilla(clave)
    assert re.fullmatch(r"[a-z0-9_]{1,512}", d["name"]) and d["name"].startswith("bluepoint_")
    assert (d["language"], d["category"], d["parameter_format"]) == ("es_MX", "UTILITY", "NAMED")
    (cuerpo,) = [c for c in d["components"] if c["type"] == "BODY"]
    texto = cuerpo["text"]
    # Meta rechaza un cuerpo que empieza o termina con un parámetro, o con parámetros pegados.
    assert not texto.startswith("{{") and not texto.rstrip(".").endswith("}}")
    assert "}}{{" not in texto and "\n" not in texto
    nombres = whatsapp.parametros(d)
    assert len(nombres) == len(set(nombres)) and nombres
    ejemplos = {e["param_name"]: e["example"] for e in cuerpo["example"]["body_text_named_params"]}
    assert sorted(ejemplos) == sorted(nombres)
    assert len(whatsapp.llenar(d, ejemplos)) <= whatsapp.LARGO_CUERPO
    for pie in (c for c in d["components"] if c["type"] == "FOOTER"):
        assert len(pie["text"]) <= 60
    for boton in whatsapp.botones(d):
        assert len(boton) <= 25


def test_la_resolucion_tiene_los_dos_botones_del_issue():
    assert whatsapp.botones(whatsapp.plantilla("resolucion")) == ["Sí, quedó resuelto", "No, sigue el problema"]


def test_estan_todas_las_plantillas_que_usan_las_dos_sesiones():
    assert set(whatsapp.plantillas()) == {
        "folio",
        "cambio_estado",
        "resolucion",
        "encuesta",
        "invitacion_responder",
        "sin_caso_abierto",
    }


@pytest.mark.parametrize("url", URLS)
@pytest.mark.parametrize("aviso", sorted(WHATSAPP))
def test_cada_aviso_de_la_bandeja_llena_su_plantilla_con_los_valores_mas_largos(aviso, url):
    datos = {**datos_maximos(), "texto": "Mensaje largo del asesor. " * 200, "resumen": "Resumen. " * 300}
    clave, parametros, cargas = WHATSAPP[aviso](datos, ContextoEnvio(url, AHORA, lambda: PIMIENTA))
    # Lo mismo que revisa el adaptador antes de enviar (y Meta al recibir): nombres, una línea, largo y botones.
    whatsapp.revisar_parametros(clave, parametros, cargas)
    texto = whatsapp.llenar(whatsapp.plantilla(clave), parametros)
    assert "999 999 9999" in texto or aviso == "duplicado" and "999 999 9998" in texto


def test_sin_caso_abierto_lleva_enlace_telefonos_y_horario():
    valores = whatsapp.parametros_sin_caso_abierto("https://atencion.bluepoint.mx/")
    whatsapp.revisar_parametros("sin_caso_abierto", valores)
    texto = whatsapp.llenar(whatsapp.plantilla("sin_caso_abierto"), valores)
    assert "https://atencion.bluepoint.mx/seguimiento.html" in texto
    assert "767 672 0827" in texto and "777 500 0232" in texto and "lunes a sábado" in texto
    # Sin paréntesis dentro del paréntesis de la plantilla: «(lunes a sábado … (hora del centro de México))».
    assert "))" not in texto and "(lunes a sábado de 8:30 a 18:30, hora del centro de México)" in texto


def test_revisar_parametros_rechaza_lo_que_meta_rechazaria():
    bien = {"enlace": "https://x.mx", "telefonos": "767 672 0827", "horario": "lunes"}
    with pytest.raises(ValueError, match="lleva"):
        whatsapp.revisar_parametros("sin_caso_abierto", {**bien, "otro": "x"})
    with pytest.raises(ValueError, match="saltos"):
        whatsapp.revisar_parametros("sin_caso_abierto", {**bien, "horario": "lunes\nmartes"})
    with pytest.raises(ValueError, match="vacío"):
        whatsapp.revisar_parametros("sin_caso_abierto", {**bien, "horario": ""})
    with pytest.raises(ValueError, match="botones"):
        whatsapp.revisar_parametros("sin_caso_abierto", bien, ["resuelto:1:1"])
    with pytest.raises(whatsapp.PlantillaDesconocida):
        whatsapp.plantilla("no_existe")


@given(st.text(max_size=2000))
def test_un_parametro_limpio_es_una_linea_sin_blancos_repetidos_y_corta(texto):
    limpio = whatsapp.limpiar_parametro(texto, 400)
    assert len(limpio) <= 400 and "\n" not in limpio and "  " not in limpio and limpio == limpio.strip()


@dataclass
class _Ev:
    fecha: datetime
    tipo: str = "mensaje_cliente"
    autor: str = "cliente"
    datos: dict[str, Any] = field(default_factory=lambda: {"canal": "whatsapp"})


def test_la_ventana_se_cuenta_desde_el_ultimo_mensaje_del_cliente_por_whatsapp():
    eventos = [
        _Ev(AHORA - timedelta(hours=30)),
        _Ev(AHORA - timedelta(hours=5)),
        _Ev(AHORA - timedelta(hours=1), datos={"canal": "web"}),  # por la página: no abre la ventana de Meta
        _Ev(AHORA - timedelta(hours=1), tipo="mensaje_agente", autor="asesor.demo", datos={"medio": "whatsapp"}),
    ]
    ultimo = whatsapp.ultimo_mensaje_cliente(eventos)
    assert ultimo == AHORA - timedelta(hours=5)
    assert whatsapp.ventana_abierta(ultimo, AHORA)
    assert whatsapp.ventana_abierta(ultimo, ultimo + timedelta(hours=24) - timedelta(seconds=1))
    assert not whatsapp.ventana_abierta(ultimo, ultimo + timedelta(hours=24))
    assert not whatsapp.ventana_abierta(None, AHORA)
    assert whatsapp.ultimo_mensaje_cliente([]) is None
    # La ventana corre desde que el cliente lo escribió (Meta), aunque llegara horas después; nunca más tarde.
    tarde = _Ev(
        AHORA - timedelta(hours=2), datos={"canal": "whatsapp", "escrito": (AHORA - timedelta(hours=23)).isoformat()}
    )
    assert whatsapp.ultimo_mensaje_cliente([tarde]) == AHORA - timedelta(hours=23)
    adelantado = _Ev(AHORA - timedelta(hours=2), datos={"canal": "whatsapp", "escrito": AHORA.isoformat()})
    assert whatsapp.ultimo_mensaje_cliente([adelantado]) == AHORA - timedelta(hours=2)
    for malo in ("ayer", None, "2026-12-04T10:00:00"):
        assert whatsapp.ultimo_mensaje_cliente([_Ev(AHORA, datos={"canal": "whatsapp", "escrito": malo})]) == AHORA
    # Contrato con wa-entrante: en la vista del caso el tipo es «mensaje».
    assert whatsapp.es_mensaje_whatsapp_del_cliente(_Ev(AHORA, tipo="mensaje"))


def test_la_referencia_vuelve_igual_y_rechaza_lo_ajeno():
    ref = whatsapp.referencia("1234567890", "abc123def456", "folio")
    assert len(ref) <= 512 and whatsapp.leer_referencia(ref) == ("1234567890", "abc123def456", "folio")
    for ajena in (None, 5, "", "bp1:12:ab", "bp2:1234567890:abc:folio", "bp1:12a:abc:folio", "bp1:1:a b:folio"):
        assert whatsapp.leer_referencia(ajena) is None


def test_las_cargas_de_los_botones_identifican_caso_y_ronda():
    for accion in whatsapp.ACCIONES_BOTON:
        carga = whatsapp.carga_boton(accion, "1234567890", 3)
        assert whatsapp.leer_carga_boton(carga) == (accion, "1234567890", 3)
    with pytest.raises(ValueError):
        whatsapp.carga_boton("borrar", "1234567890", 1)
    for ajena in (None, "", "resuelto:1234567890", "otra:1234567890:1", "sigue:12a:1", "sigue:1:x"):
        assert whatsapp.leer_carga_boton(ajena) is None


@dataclass
class _Caso:
    medio_notificacion: str
    telefono: str | None = "+527676720827"
    correo: str | None = "ana@example.com"
    consentimiento_whatsapp: dict[str, Any] | None = field(default_factory=lambda: {"version": "2026-12"})


def test_por_donde_avisar():
    assert whatsapp.contacto(_Caso("whatsapp")) == ("+527676720827", "whatsapp")
    # La conclusión de una queja va por correo si lo hay.
    assert whatsapp.contacto(_Caso("whatsapp"), prefiere_correo=True) == ("ana@example.com", "correo")
    assert whatsapp.contacto(_Caso("whatsapp", correo=None), prefiere_correo=True)[1] == "whatsapp"
    # Sin consentimiento no se le escribe por WhatsApp.
    assert whatsapp.contacto(_Caso("whatsapp", consentimiento_whatsapp=None)) == ("ana@example.com", "correo")
    assert whatsapp.contacto(_Caso("sms", correo=None)) == ("+527676720827", "sms")


class _ClienteSocial:
    """Doble de `socialmessaging`: guarda lo que se le pide y responde como AWS."""

    def __init__(self, error: str | None = None) -> None:
        self.pedidos: list[dict[str, Any]] = []
        self.error = error

    def send_whatsapp_message(self, **kwargs: Any) -> dict[str, Any]:
        self.pedidos.append(kwargs)
        if self.error:
            from botocore.exceptions import ClientError

            raise ClientError({"Error": {"Code": self.error, "Message": "x"}}, "SendWhatsAppMessage")
        return {"messageId": "id-de-aws"}


def test_el_adaptador_manda_el_objeto_de_la_cloud_api_en_bytes():
    import json

    from funciones.nucleo.adaptadores.whatsapp import WhatsAppSocial

    cliente = _ClienteSocial()
    w = WhatsAppSocial(cliente, "phone-number-id-abc", "v20.0")
    valores = {"nombre": "Ana", "tipo": "queja", "folio": "123 456 7890", "resumen": "Cambiamos el módem."}
    cargas = ["resuelto:1234567890:1", "sigue:1234567890:1"]
    assert w.enviar_plantilla("+527676720827", "resolucion", valores, cargas, referencia="bp1:1:a:resolucion") == (
        "id-de-aws"
    )
    (pedido,) = cliente.pedidos
    assert (pedido["originationPhoneNumberId"], pedido["metaApiVersion"]) == ("phone-number-id-abc", "v20.0")
    assert isinstance(pedido["message"], bytes)
    mensaje = json.loads(pedido["message"])
    assert mensaje["messaging_product"] == "whatsapp" and mensaje["to"] == "+527676720827"
    assert mensaje["biz_opaque_callback_data"] == "bp1:1:a:resolucion"
    plantilla = mensaje["template"]
    assert plantilla["name"] == "bluepoint_resolucion" and plantilla["language"] == {"code": "es_MX"}
    cuerpo, *botones = plantilla["components"]
    assert {p["parameter_name"]: p["text"] for p in cuerpo["parameters"]} == valores
    assert [(b["sub_type"], b["index"], b["parameters"][0]["payload"]) for b in botones] == [
        ("quick_reply", "0", cargas[0]),
        ("quick_reply", "1", cargas[1]),
    ]
    w.enviar_texto("+527676720827", "Hola")
    texto = json.loads(cliente.pedidos[1]["message"])
    assert (texto["type"], texto["text"]["body"], "biz_opaque_callback_data" in texto) == ("text", "Hola", False)


def test_el_adaptador_distingue_el_rechazo_permanente_del_reintento():
    from botocore.exceptions import ClientError

    from funciones.nucleo.adaptadores.whatsapp import WhatsAppSocial

    with pytest.raises(whatsapp.EnvioRechazado):
        WhatsAppSocial(_ClienteSocial("InvalidParametersException"), "phone-number-id-abc").enviar_texto(
            "+527676720827", "x"
        )
    with pytest.raises(ClientError):
        WhatsAppSocial(_ClienteSocial("ThrottledRequestException"), "phone-number-id-abc").enviar_texto(
            "+527676720827", "x"
        )
    with pytest.raises(ValueError):
        WhatsAppSocial(_ClienteSocial(), "phone-number-id-abc").enviar_texto("no es un número", "x")
    with pytest.raises(ValueError):
        WhatsAppSocial(_ClienteSocial(), "phone-number-id-abc").enviar_texto("+527676720827", "x" * 4097)


@pytest.mark.parametrize("estado", ["sent", "delivered", "read", "failed"])
@pytest.mark.parametrize("plantilla", ["mensaje", "folio"])
@pytest.mark.parametrize("destinatario", ["5217676720827", None])
def test_los_estados_de_entrega_se_leen_bien_en_el_historial(estado, plantilla, destinatario):
    from funciones.notificaciones.logica import eventos_de_estado_whatsapp

    aviso = {
        "id": "wamid.X1",
        "status": estado,
        "timestamp": "1796400000",
        "biz_opaque_callback_data": whatsapp.referencia("6144228401", "evento1", plantilla),
        **({"recipient_id": destinatario} if destinatario else {}),
    }
    (evento, *_) = eventos_de_estado_whatsapp(aviso, lambda _f: None, lambda _f, _e: None, AHORA)
    # Ni «el mensaje de mensaje del asesor» ni «para el tu número».
    assert "de mensaje" not in evento.descripcion and "el tu " not in evento.descripcion
    assert ("mensaje del asesor" if plantilla == "mensaje" else "mensaje de folio") in evento.descripcion
    if destinatario and estado != "read":
        assert "*** *** 0827" in evento.descripcion
