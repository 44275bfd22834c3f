"""El lote del flujo en notificaciones (issue 13): respuesta parcial como el BatchProcessor de Powertools, sin él."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from funciones.notificaciones import handler as h

CONTEXTO = SimpleNamespace(invoked_function_arn="arn:aws:lambda:us-east-1:123456789012:function:bluepoint-notif")


def _registro(secuencia: str) -> dict[str, object]:
    return {"eventName": "INSERT", "dynamodb": {"SequenceNumber": secuencia, "NewImage": {}}}


def _procesar_que_falla(*secuencias: str):
    vistos: list[str] = []

    def procesar(registro, contexto):
        vistos.append(registro["dynamodb"]["SequenceNumber"])
        if registro["dynamodb"]["SequenceNumber"] in secuencias:
            raise RuntimeError("MessageRejected: ana@example.com")

    return procesar, vistos


def test_cada_registro_se_procesa_y_cada_falla_se_informa_por_su_secuencia(monkeypatch):
    procesar, vistos = _procesar_que_falla("2")
    monkeypatch.setattr(h, "procesar_registro", procesar)
    respuesta = h._lote([_registro("1"), _registro("2"), _registro("3")], CONTEXTO)
    assert respuesta == {"batchItemFailures": [{"itemIdentifier": "2"}]}
    # El que sigue a la falla también se procesó.
    assert vistos == ["1", "2", "3"]


def test_sin_fallas_la_lista_va_vacia_y_un_lote_vacio_no_falla(monkeypatch):
    procesar, _ = _procesar_que_falla()
    monkeypatch.setattr(h, "procesar_registro", procesar)
    assert h._lote([_registro("1")], CONTEXTO) == {"batchItemFailures": []}
    assert h._lote([], CONTEXTO) == {"batchItemFailures": []}


def test_si_fallan_todos_se_reintenta_el_lote_y_el_registro_no_lleva_el_mensaje(monkeypatch, caplog):
    procesar, _ = _procesar_que_falla("1", "2")
    monkeypatch.setattr(h, "procesar_registro", procesar)
    with caplog.at_level("WARNING"), pytest.raises(h.LoteFallido) as error:
        h._lote([_registro("1"), _registro("2")], CONTEXTO)
    fallidos = [r for r in caplog.records if r.getMessage() == "registro del flujo fallido"]
    assert [getattr(r, "error", None) for r in fallidos] == ["RuntimeError", "RuntimeError"]
    assert all(r.exc_info is None for r in fallidos)
    assert "ana@example.com" not in str(error.value) + caplog.text
