"""Reply-To firmado, hilo de los correos de un caso y qué hace una respuesta (sin red)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from funciones.notificaciones.logica import Hilo, entregar
from funciones.nucleo.dominio import respuestas
from funciones.nucleo.dominio.folio import digito_damm
from tests.unidad.fakes import CorreoFalso, EnviosFalsos, SmsFalso
from tests.unidad.test_logica import CTX, _evento_folio

PIMIENTA = b"pimienta-de-prueba-de-16-bytes!!"
FOLIO = "123456789" + digito_damm("123456789")
DOMINIO = "bluepoint.mx"


def test_la_direccion_de_respuesta_lleva_el_folio_firmado_y_cabe_en_la_parte_local():
    d = respuestas.direccion_respuesta(FOLIO, PIMIENTA, DOMINIO)
    local, _, dominio = d.partition("@")
    assert dominio == DOMINIO and local.startswith(f"respuestas+{FOLIO}.") and len(local) <= 64
    assert respuestas.folio_de_direccion(d, PIMIENTA, DOMINIO) == FOLIO
    # Un servidor que pasa la dirección a mayúsculas no la invalida.
    assert respuestas.folio_de_direccion(d.upper(), PIMIENTA, DOMINIO) == FOLIO


def test_una_direccion_falsificada_o_de_otro_dominio_no_da_folio():
    buena = respuestas.direccion_respuesta(FOLIO, PIMIENTA, DOMINIO)
    otro = "100000000" + digito_damm("100000000")
    firma = buena.split(".")[1].split("@")[0]
    falsas = [
        f"respuestas+{otro}.{firma}@{DOMINIO}",  # la firma de otro folio
        buena.replace(firma, "a" * 16),  # firma inventada
        respuestas.direccion_respuesta(FOLIO, b"otra-pimienta-de-16-bytes-000000", DOMINIO),
        buena.replace(DOMINIO, "otro.mx"),
        f"respuestas@{DOMINIO}",
        "respuestas+1234567890.abc@bluepoint.mx",
        "",
    ]
    for falsa in falsas:
        assert respuestas.folio_de_direccion(falsa, PIMIENTA, DOMINIO) is None, falsa


def test_el_hilo_responde_al_ultimo_y_referencia_los_recientes():
    assert respuestas.cabeceras_hilo([]) == {}
    ids = [f"<{i}@email.amazonses.com>" for i in range(12)]
    c = respuestas.cabeceras_hilo(ids)
    assert c["In-Reply-To"] == ids[-1]
    assert c["References"].split() == ids[-respuestas.MAX_REFERENCIAS :]
    # SES acepta a lo más 870 caracteres por cabecera.
    largos = [f"<0100019a{'f' * 60}-{i:06d}@email.amazonses.com>" for i in range(20)]
    assert len(respuestas.cabeceras_hilo(largos)["References"]) <= 870


@pytest.mark.parametrize(
    ("cabeceras", "remitente", "tipo"),
    [
        ({"Auto-Submitted": "auto-replied"}, "ana@example.com", "text/plain"),
        ({"Precedence": "bulk"}, "ana@example.com", "text/plain"),
        ({"Precedence": "auto_reply"}, "ana@example.com", "text/plain"),
        ({"X-Autoreply": "yes"}, "ana@example.com", "text/plain"),
        ({"Subject": "Respuesta automática: Tu folio"}, "ana@example.com", "text/plain"),
        ({"Subject": "Fuera de la oficina: Tu folio"}, "ana@example.com", "text/plain"),
        ({"Subject": "Automatic reply: Tu folio"}, "ana@example.com", "text/plain"),
        ({"Subject": "Undeliverable: Tu folio"}, "ana@example.com", "text/plain"),
        ({}, "MAILER-DAEMON@mx.example.com", "text/plain"),
        ({}, "postmaster@example.com", "text/plain"),
        ({}, "ana@example.com", "multipart/report"),
        ({"Return-Path": "<>"}, "ana@example.com", "text/plain"),
    ],
)
def test_autorespuestas_y_rebotes_se_reconocen(cabeceras, remitente, tipo):
    assert respuestas.es_automatico(cabeceras, remitente, tipo)


def test_una_persona_no_es_automatica():
    humano = {"Subject": "Re: Tu folio 123 456 789 0", "Auto-Submitted": "no", "Precedence": ""}
    assert not respuestas.es_automatico(humano, "ana@example.com", "multipart/alternative")
    assert not respuestas.es_automatico({}, "postmaestra.ana@example.com", "text/plain")


def test_a_donde_va_una_respuesta_segun_el_estado_del_caso():
    ahora = datetime(2026, 12, 1, 16, tzinfo=UTC)
    for estado in ("registrado", "en_proceso", "escalado", "reabierto"):
        assert respuestas.destino_respuesta(estado, None, ahora) == "anexar"
    assert respuestas.destino_respuesta("resuelto", None, ahora) == "reabrir"
    assert respuestas.destino_respuesta("cerrado", ahora - timedelta(days=30), ahora) == "reabrir"
    assert respuestas.destino_respuesta("cerrado", ahora - timedelta(days=30, seconds=1), ahora) == "nuevo"
    assert respuestas.destino_respuesta("cerrado", None, ahora) == "nuevo"


def test_cada_correo_del_caso_lleva_reply_to_firmado_y_se_enhebra_con_los_ids_de_ses():
    # Un correo posterior al que abre el caso (aquí, el respaldo del folio tras un WhatsApp fallido).
    evento, correo = replace(_evento_folio(), tipo="whatsapp_fallido"), CorreoFalso()
    previos = ["<0100-a@email.amazonses.com>", "<CAF-respuesta@mail.gmail.com>"]
    pedidos: list[str] = []

    def anteriores(folio: str) -> list[str]:
        pedidos.append(folio)
        return previos

    hilo = Hilo(DOMINIO, lambda: PIMIENTA, anteriores)
    entrega = entregar(evento, EnviosFalsos(), correo, SmsFalso(), CTX, 120, hilo=hilo)
    (enviado,) = correo.enviados
    assert pedidos == [evento.folio]
    assert respuestas.folio_de_direccion(enviado["responder_a"], PIMIENTA, DOMINIO) == evento.folio
    assert enviado["cabeceras"] == {
        "Auto-Submitted": "auto-generated",
        "In-Reply-To": "<CAF-respuesta@mail.gmail.com>",
        "References": "<0100-a@email.amazonses.com> <CAF-respuesta@mail.gmail.com>",
    }
    # El id de SES queda con la entrega: con él se enhebra el siguiente correo.
    assert entrega is not None and entrega.datos["id_mensaje"] == "correo-1"


def test_el_correo_del_evento_que_abre_el_caso_no_lee_el_hilo():
    evento, correo = _evento_folio(), CorreoFalso()
    pedidos: list[str] = []

    def anteriores(folio: str) -> list[str]:
        pedidos.append(folio)
        return ["<0100-a@email.amazonses.com>"]

    assert evento.tipo == "caso_registrado"
    entregar(evento, EnviosFalsos(), correo, SmsFalso(), CTX, 120, hilo=Hilo(DOMINIO, lambda: PIMIENTA, anteriores))
    (enviado,) = correo.enviados
    # Sin Query del historial: nada anterior que enhebrar; el Reply-To firmado sí va.
    assert pedidos == []
    assert enviado["cabeceras"] == {"Auto-Submitted": "auto-generated"}
    assert respuestas.folio_de_direccion(enviado["responder_a"], PIMIENTA, DOMINIO) == evento.folio


def test_sin_dominio_de_respuestas_el_reply_to_es_el_de_atencion():
    evento, correo = _evento_folio(), CorreoFalso()
    entregar(evento, EnviosFalsos(), correo, SmsFalso(), CTX, 120, hilo=Hilo(None, lambda: PIMIENTA, lambda f: []))
    (enviado,) = correo.enviados
    assert enviado["responder_a"] is None and enviado["cabeceras"] == {"Auto-Submitted": "auto-generated"}
