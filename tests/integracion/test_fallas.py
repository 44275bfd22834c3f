"""Fallas inyectadas (moto no las simula): DynamoDB limitado o en conflicto durante el alta."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from funciones.nucleo.adaptadores import repositorios
from tests.integracion.test_handlers import QUEJA


def _falla(codigo: str, razones: list[dict] | None = None):
    respuesta: dict[str, Any] = {"Error": {"Code": codigo, "Message": "inyectada"}}
    if razones is not None:
        respuesta["CancellationReasons"] = razones

    def transact_write_items(**_kwargs):
        raise ClientError(respuesta, "TransactWriteItems")

    return transact_write_items


@pytest.mark.parametrize(
    ("codigo", "razones"),
    [
        ("ThrottlingException", None),
        ("ProvisionedThroughputExceededException", None),
        ("InternalServerError", None),
        (
            "TransactionCanceledException",
            [{"Code": "None"}, {"Code": "TransactionConflict"}, {"Code": "None"}, {"Code": "None"}],
        ),
    ],
)
def test_dynamodb_limitado_da_503_con_retry_after_y_nada_guardado(aws, monkeypatch, codigo, razones):
    cliente = repositorios.casos().cliente
    monkeypatch.setattr(cliente, "transact_write_items", _falla(codigo, razones))
    estado, cuerpo, cabeceras = aws.api("POST", "/api/casos", QUEJA)
    assert estado == 503 and cabeceras["Retry-After"].isdigit()
    assert cuerpo["error"]["codigo"] == "servicio_no_disponible" and cuerpo["error"]["mensaje"]
    monkeypatch.undo()
    assert aws.items() == []
    aws.drenar()
    assert aws.correos() == []


def test_la_consulta_con_dynamodb_limitado_tambien_es_503(aws, monkeypatch):
    _, caso, _ = aws.api("POST", "/api/casos", QUEJA)

    def query(**_kwargs):
        raise ClientError({"Error": {"Code": "ThrottlingException", "Message": "inyectada"}}, "Query")

    monkeypatch.setattr(repositorios.casos().cliente, "query", query)
    estado, cuerpo, cabeceras = aws.api("POST", "/api/consultas", {"folio": caso["folio"], "contrato": "12345678"})
    assert estado == 503 and "Retry-After" in cabeceras
