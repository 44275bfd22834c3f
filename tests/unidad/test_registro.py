"""El registro de las funciones (issue 13, costo): sin las llaves que el grupo de CloudWatch ya dice."""

from __future__ import annotations

import json
import uuid
from types import SimpleNamespace

import pytest
from aws_lambda_powertools.logging import logger as powertools_logger

from funciones.nucleo.frontera.registro import FUERA, crear_registro


@pytest.fixture
def servicio_nuevo(monkeypatch):
    # Un servicio nuevo por prueba: Powertools reutiliza el logger (y su salida) de un servicio ya armado.
    monkeypatch.setenv("POWERTOOLS_SERVICE_NAME", f"prueba-{uuid.uuid4().hex}")
    # El arranque en frío es global del proceso: otra prueba del mismo trabajador pudo gastarlo ya.
    monkeypatch.setattr(powertools_logger, "is_cold_start", True)


CONTEXTO = SimpleNamespace(
    function_name="bluepoint-alta",
    memory_limit_in_mb=256,
    aws_request_id="8f2b7c1e-3d4a-4b5c-9e6f-0a1b2c3d4e5f",
    invoked_function_arn="arn:aws:lambda:us-east-1:123456789012:function:bluepoint-alta",
)


def _lineas(capsys) -> list[dict[str, object]]:
    return [json.loads(x) for x in capsys.readouterr().out.splitlines()]


def test_cada_linea_lleva_solo_nivel_mensaje_fecha_arranque_solicitud_y_sus_datos(servicio_nuevo, capsys):
    # El Logger toma sys.stdout al crearse: dentro de la prueba, para que sea el capturado.
    logger = crear_registro()

    @logger.inject_lambda_context
    def handler(evento, contexto):
        logger.info("caso registrado", extra={"folio": "1234-5678-9012"})

    # Dos invocaciones: la segunda vuelve a agregar las llaves del contexto (y deben seguir fuera).
    handler({}, CONTEXTO)
    handler({}, CONTEXTO)
    primera, segunda = _lineas(capsys)
    assert set(primera) == {"level", "message", "timestamp", "cold_start", "function_request_id", "folio"}
    assert set(segunda) == set(primera)
    assert primera["function_request_id"] == CONTEXTO.aws_request_id
    assert (primera["cold_start"], segunda["cold_start"]) == (True, False)
    assert not FUERA & set(segunda)


def test_una_excepcion_conserva_su_traza(servicio_nuevo, capsys):
    logger = crear_registro()
    try:
        {}["falta"]
    except KeyError:
        logger.exception("falla")
    (linea,) = _lineas(capsys)
    assert linea["exception_name"] == "KeyError" and "Traceback" in str(linea["exception"])
    assert "location" not in linea
