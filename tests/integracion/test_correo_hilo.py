"""Los correos de un caso se enhebran: Reply-To firmado y In-Reply-To/References con el Message-ID que puso SES."""

from __future__ import annotations

import email
from email import policy

from funciones.nucleo.adaptadores.secretos import pimienta
from funciones.nucleo.dominio.respuestas import folio_de_direccion
from infraestructura.local import recursos
from infraestructura.local.buzones import entregado
from tests.integracion.test_handlers import QUEJA

ASESOR = ("asesor.demo", "asesores")


def test_el_segundo_correo_responde_al_primero_con_el_id_de_ses(aws):
    _, caso, _ = aws.api("POST", "/api/casos", QUEJA)
    folio = caso["folio"]
    aws.drenar()
    estado, _, _ = aws.api(
        "POST",
        f"/api/casos/{folio}/resolucion",
        {"resumen": "Se cambió el módem y se restableció el servicio.", "primer_contacto": False},
        agente=ASESOR,
    )
    assert estado == 200
    aws.drenar()
    resolucion, folio_correo = aws.correos()  # el más nuevo primero
    primero = email.message_from_bytes(entregado(folio_correo["id_mensaje"]), policy=policy.default)
    segundo = email.message_from_bytes(entregado(resolucion["id_mensaje"]), policy=policy.default)
    # SES pone su Message-ID; el hilo se arma con él, no con uno propio.
    assert primero["Message-ID"] == f"<{folio_correo['id_mensaje']}@email.amazonses.com>"
    assert "In-Reply-To" not in primero
    assert segundo["In-Reply-To"] == primero["Message-ID"] == segundo["References"]
    for correo, mensaje in ((folio_correo, primero), (resolucion, segundo)):
        (responder,) = [a.addr_spec for a in mensaje["Reply-To"].addresses]
        assert correo["responder_a"] == responder
        assert folio_de_direccion(responder, pimienta(), recursos.DOMINIO) == folio
