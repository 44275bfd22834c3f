"""Acciones de alarmas de CloudWatch en la emulación: moto cambia el estado de una alarma, pero no ejecuta sus
acciones ni guarda su historia.

Aquí, como en CloudWatch, cuando `SetAlarmState` (o cualquier cambio de estado) deja la alarma en un estado
distinto del que tenía, cada acción de SNS de ese estado publica el aviso en su tema, y la historia de la alarma
guarda un elemento `StateUpdate` y uno `Action` por acción: "Successfully executed action <arn>" o
"Failed to execute action <arn>. Received error: ...". `DescribeAlarmHistory` responde con esa historia.
Así `make humo` corre igual contra `make run` que contra AWS. No se evalúan políticas de temas ni de llaves: eso
sólo lo dice la historia real de CloudWatch.
"""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime
from typing import Any

_aplicado = False
_candado = threading.Lock()
# La historia vive en cada alarma de moto (el más viejo primero): se va con ella al borrarla o al reiniciar moto.
_ATRIBUTO = "historia_local"


def _ahora() -> datetime:
    return datetime.now(UTC)


def _iso(momento: datetime) -> str:
    return momento.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _anotar(alarma: Any, tipo: str, resumen: str, datos: dict[str, Any]) -> None:
    elemento = {
        "AlarmName": alarma.name,
        "AlarmType": "MetricAlarm",
        "Timestamp": _ahora(),
        "HistoryItemType": tipo,
        "HistorySummary": resumen,
        "HistoryData": json.dumps(datos),
    }
    with _candado:
        historia(alarma).append(elemento)


def _aviso_sns(backend: Any, alarma: Any, anterior: str, nuevo: str, motivo: str) -> dict[str, Any]:
    """El mensaje que CloudWatch publica en el tema (los campos que se leen al atenderlo)."""
    return {
        "AlarmName": alarma.name,
        "AlarmDescription": alarma.description,
        "AWSAccountId": backend.account_id,
        "NewStateValue": nuevo,
        "NewStateReason": motivo,
        "StateChangeTime": _iso(_ahora()),
        "Region": backend.region_name,
        "AlarmArn": alarma.alarm_arn,
        "OldStateValue": anterior,
        "Trigger": {"MetricName": alarma.metric_name, "Namespace": alarma.namespace, "Threshold": alarma.threshold},
    }


def _ejecutar(backend: Any, alarma: Any, arn: str, aviso: dict[str, Any]) -> None:
    from moto.sns.models import sns_backends

    partes = arn.split(":")
    datos: dict[str, Any] = {"stateUpdateTimestamp": aviso["StateChangeTime"], "notificationResource": arn}
    try:
        if len(partes) < 6 or partes[2] != "sns":
            raise ValueError("la emulación sólo ejecuta acciones de SNS")
        asunto = f'{aviso["NewStateValue"]}: "{alarma.name}"'[:99]
        sns_backends[partes[4]][partes[3]].publish(message=json.dumps(aviso), arn=arn, subject=asunto)
    except Exception as error:  # cualquier falla de la acción queda en la historia, como en AWS
        datos.update({"actionState": "Failed", "error": str(error)})
        _anotar(alarma, "Action", f"Failed to execute action {arn}. Received error: {error}", datos)
        return
    datos.update({"actionState": "Succeeded", "publishedMessage": json.dumps(aviso)})
    _anotar(alarma, "Action", f"Successfully executed action {arn}", datos)


def _utc(momento: datetime | None) -> datetime | None:
    # moto entrega las fechas de la solicitud sin zona: son UTC.
    return momento.replace(tzinfo=UTC) if momento is not None and momento.tzinfo is None else momento


def historia(alarma: Any) -> list[dict[str, Any]]:
    if not hasattr(alarma, _ATRIBUTO):
        setattr(alarma, _ATRIBUTO, [])
    return getattr(alarma, _ATRIBUTO)


def aplicar() -> None:
    """Parcha el modelo y las respuestas de CloudWatch de moto (en el mismo proceso que el servidor de moto)."""
    global _aplicado
    if _aplicado:
        return
    from moto.cloudwatch.models import CloudWatchBackend
    from moto.cloudwatch.responses import CloudWatchResponse
    from moto.core.responses import ActionResult

    original = CloudWatchBackend.set_alarm_state

    def set_alarm_state(self: Any, alarm_name: str, reason: str, reason_data: str, state_value: str) -> None:
        alarma = self.alarms.get(alarm_name)
        anterior = alarma.state_value if alarma is not None else None
        original(self, alarm_name, reason, reason_data, state_value)
        alarma = self.alarms[alarm_name]
        if anterior == state_value:
            return  # sin cambio de estado CloudWatch no ejecuta nada
        _anotar(
            alarma,
            "StateUpdate",
            f"Alarm updated from {anterior} to {state_value}",
            {"version": "1.0", "oldState": {"stateValue": anterior}, "newState": {"stateValue": state_value}},
        )
        if not alarma.actions_enabled:
            return
        acciones = {
            "ALARM": alarma.alarm_actions,
            "OK": alarma.ok_actions,
            "INSUFFICIENT_DATA": alarma.insufficient_data_actions,
        }[state_value]
        aviso = _aviso_sns(self, alarma, anterior or "INSUFFICIENT_DATA", state_value, reason)
        for arn in acciones or []:
            _ejecutar(self, alarma, arn, aviso)

    def describe_alarm_history(self: Any) -> Any:
        backend = self.cloudwatch_backend
        nombre = self._get_param("AlarmName")
        tipo = self._get_param("HistoryItemType")
        desde = _utc(self._get_param("StartDate"))
        hasta = _utc(self._get_param("EndDate"))
        maximo = int(self._get_param("MaxRecords") or 100)
        with _candado:
            elementos = [
                e for alarma in list(backend.alarms.values()) if nombre in (None, alarma.name) for e in historia(alarma)
            ]
        elementos = [
            e
            for e in elementos
            if (tipo is None or e["HistoryItemType"] == tipo)
            and (desde is None or e["Timestamp"] >= desde)
            and (hasta is None or e["Timestamp"] <= hasta)
        ]
        ascendente = self._get_param("ScanBy") == "TimestampAscending"
        elementos.sort(key=lambda e: e["Timestamp"], reverse=not ascendente)
        return ActionResult({"AlarmHistoryItems": elementos[:maximo]})

    CloudWatchBackend.set_alarm_state = set_alarm_state  # type: ignore[method-assign]  # parche de moto
    CloudWatchResponse.describe_alarm_history = describe_alarm_history  # type: ignore[attr-defined]  # moto no la implementa: la agrega este parche
    _aplicado = True
