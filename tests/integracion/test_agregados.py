"""El consumidor `agregados` sobre moto: un ADD por día y lote, idempotente con registros repetidos y desordenados."""

from __future__ import annotations

from datetime import datetime, timedelta

import boto3
import pytest

from funciones.nucleo.adaptadores.dynamodb import item_evento
from funciones.nucleo.dominio import calendario
from funciones.nucleo.dominio.caso import Evento
from infraestructura.local import recursos

LUNES = datetime(2026, 11, 23, 10, 0, tzinfo=calendario.ZONA)


def _registro(n: int, fecha: datetime, canal: str = "web") -> dict:
    evento = Evento(
        folio=f"{n:010d}",
        fecha=fecha,
        tipo="caso_registrado",
        descripcion="Caso registrado.",
        datos={"tipo": "queja", "categoria": "interrupcion", "canal": canal},
        id=f"ev{n:06d}",
    )
    return {
        "eventID": f"id{n}",
        "eventName": "INSERT",
        "eventSource": "aws:dynamodb",
        "dynamodb": {"NewImage": item_evento(evento), "SequenceNumber": f"{1000 + n}", "StreamViewType": "NEW_IMAGE"},
    }


@pytest.fixture
def agregados(aws):
    """Invoca el handler y cuenta sus llamadas a DynamoDB."""
    from funciones.agregados import handler

    llamadas: list[str] = []
    handler.contadores.cache_clear()
    handler.contadores().cliente.meta.events.register(
        "before-call.dynamodb", lambda model, **_: llamadas.append(model.name)
    )

    def invocar(registros: list[dict]) -> dict:
        llamadas.clear()
        return aws.invocar("agregados", {"Records": registros})

    invocar.llamadas = llamadas
    return invocar


def _dia(fecha: datetime) -> dict:
    item = boto3.client("dynamodb").get_item(
        TableName=recursos.TABLA, Key={"pk": {"S": "REPORTE"}, "sk": {"S": f"DIA#{fecha.date().isoformat()}"}}
    )
    return {k: int(v["N"]) for k, v in item.get("Item", {}).items() if "N" in v}


def test_un_lote_de_dos_dias_es_una_transaccion(agregados):
    registros = [_registro(n, LUNES + timedelta(hours=n % 2 * 24)) for n in range(30)]
    assert agregados(registros) == {"batchItemFailures": []}
    assert agregados.llamadas == ["TransactWriteItems"]
    lunes, martes = _dia(LUNES), _dia(LUNES + timedelta(days=1))
    assert lunes["casos"] == martes["casos"] == 15 and lunes["canal#web"] == 15


def test_repetidos_dentro_y_entre_lotes_cuentan_una_vez(agregados):
    primeros = [_registro(n, LUNES) for n in range(10)]
    assert agregados(primeros + primeros[:3]) == {"batchItemFailures": []}  # el mismo registro dos veces
    assert _dia(LUNES)["casos"] == 10
    # Un lote que mezcla ya contados (al revés) con nuevos: sólo los nuevos suman; un reintento sin los repetidos.
    mezcla = [_registro(n, LUNES) for n in range(15)][::-1]
    assert agregados(mezcla) == {"batchItemFailures": []}
    assert _dia(LUNES)["casos"] == 15
    assert agregados.llamadas == ["TransactWriteItems", "TransactWriteItems"]
    assert agregados(mezcla) == {"batchItemFailures": []}
    assert _dia(LUNES)["casos"] == 15


def test_mas_de_100_eventos_se_parten_en_transacciones_de_hasta_100(agregados):
    registros = [_registro(n, LUNES + timedelta(days=n % 3)) for n in range(150)]
    assert agregados(registros) == {"batchItemFailures": []}
    assert agregados.llamadas == ["TransactWriteItems", "TransactWriteItems"]
    assert sum(_dia(LUNES + timedelta(days=d))["casos"] for d in range(3)) == 150


def test_un_registro_ilegible_suma_lo_anterior_y_el_flujo_sigue_desde_el(agregados):
    registros = [_registro(n, LUNES) for n in range(6)]
    del registros[3]["dynamodb"]["NewImage"]["fecha"]
    assert agregados(registros) == {"batchItemFailures": [{"itemIdentifier": "1003"}]}
    assert _dia(LUNES)["casos"] == 3
    # Lambda lo reintenta desde ese registro (ya corregido, o hasta mandarlo al destino de fallos).
    registros[3] = _registro(3, LUNES)
    assert agregados(registros[3:]) == {"batchItemFailures": []}
    assert _dia(LUNES)["casos"] == 6
