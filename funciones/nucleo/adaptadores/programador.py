"""Envíos diferidos con EventBridge Scheduler: un programa de una sola vez por envío, que se borra al cumplirse."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from botocore.exceptions import ClientError

if TYPE_CHECKING:
    from mypy_boto3_scheduler import EventBridgeSchedulerClient
    from mypy_boto3_scheduler.type_defs import TargetTypeDef


class ProgramadorScheduler:
    def __init__(self, cliente: EventBridgeSchedulerClient, grupo: str, rol: str, cola_fallos: str | None) -> None:
        self.cliente = cliente
        self.grupo = grupo
        self.rol = rol
        self.cola_fallos = cola_fallos

    def programar(self, nombre: str, cuando: datetime, destino: str, carga: dict[str, Any]) -> bool:
        objetivo: TargetTypeDef = {
            "Arn": destino,
            "RoleArn": self.rol,
            "Input": json.dumps(carga, separators=(",", ":")),
            "RetryPolicy": {"MaximumEventAgeInSeconds": 6 * 3600, "MaximumRetryAttempts": 20},
        }
        if self.cola_fallos:
            objetivo["DeadLetterConfig"] = {"Arn": self.cola_fallos}
        try:
            self.cliente.create_schedule(
                Name=nombre,
                GroupName=self.grupo,
                ScheduleExpression=f"at({cuando.astimezone(UTC).strftime('%Y-%m-%dT%H:%M:%S')})",
                ScheduleExpressionTimezone="UTC",
                FlexibleTimeWindow={"Mode": "OFF"},
                ActionAfterCompletion="DELETE",
                Target=objetivo,
            )
        except ClientError as e:
            # El mismo nombre ya programado: un registro del flujo repetido no programa dos envíos.
            if e.response.get("Error", {}).get("Code") == "ConflictException":
                return False
            raise
        return True
