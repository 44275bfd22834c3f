"""Clientes de AWS, creados una vez por contenedor y solo cuando se usan."""

from __future__ import annotations

from functools import cache
from typing import Any


@cache
def cliente(servicio: str) -> Any:
    import boto3
    from botocore.config import Config

    return boto3.client(
        servicio, config=Config(retries={"mode": "standard", "max_attempts": 3}, connect_timeout=2, read_timeout=5)
    )
