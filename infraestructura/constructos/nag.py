"""Reconocimientos de cdk-nag v3: cada uno con su motivo, sobre el constructo más acotado posible."""

from __future__ import annotations

from aws_cdk import Acknowledgment, Validations
from constructs import IConstruct


def reconocer(alcance: IConstruct, motivo: str, *reglas: str) -> None:
    """Acepta `reglas` (p. ej. "AwsSolutions-IAM5[Resource::*]") en `alcance` y sus hijos."""
    Validations.of(alcance).acknowledge(*(Acknowledgment(id=regla, reason=motivo) for regla in reglas))
