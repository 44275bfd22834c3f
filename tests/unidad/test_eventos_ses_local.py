"""El destino de eventos de SES emulado: con el To a nombre del cliente, el simulador de buzones sigue respondiendo."""

from __future__ import annotations

from infraestructura.local.eventos_ses import QUEJA, REBOTE, avisos_de


def _envio(para: str) -> dict:
    return {
        "FromEmailAddress": "=?utf-8?q?Blue_Point?= <atencion@bluepoint.mx>",
        "Destination": {"ToAddresses": [para]},
        "EmailTags": [{"Name": "folio", "Value": "1234567890"}],
        "ConfigurationSetName": "bluepoint-local",
    }


def test_rebote_y_queja_del_simulador_aunque_el_to_lleve_nombre():
    (rebote,) = avisos_de(_envio(f"=?utf-8?q?Ana_L=C3=B3pez?= <{REBOTE}>"), "0100-a")
    assert rebote["eventType"] == "Bounce" and rebote["mail"]["destination"] == [REBOTE]
    entrega, queja = avisos_de(_envio(f'"Ana, la de ventas" <{QUEJA}>'), "0100-b")
    assert (entrega["eventType"], queja["eventType"]) == ("Delivery", "Complaint")
    assert queja["mail"]["destination"] == [QUEJA] and queja["mail"]["tags"]["folio"] == ["1234567890"]


def test_entrega_normal_con_la_direccion_sola():
    (entrega,) = avisos_de(_envio("Ana <ana@example.com>"), "0100-c")
    assert entrega["eventType"] == "Delivery" and entrega["mail"]["destination"] == ["ana@example.com"]
    assert entrega["delivery"]["recipients"] == ["ana@example.com"] and entrega["mail"]["messageId"] == "0100-c"
