"""Quién llama a una ruta de agentes: lo dice el autorizador de Cognito en requestContext.authorizer.claims."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from funciones.nucleo.errores import ErrorDominio

PRIORIDAD = ("supervisores", "departamentos", "asesores")


class NoAutenticado(ErrorDominio):
    def __init__(self, mensaje: str = "Inicia sesión para continuar.") -> None:
        super().__init__(mensaje, [], "no_autenticado")


class SinPermiso(ErrorDominio):
    def __init__(self) -> None:
        super().__init__("Tu perfil no tiene permiso para esta acción.", [], "sin_permiso")


@dataclass(frozen=True)
class Agente:
    usuario: str
    grupos: frozenset[str]
    departamento: str | None = None

    @property
    def rol(self) -> str:
        return next((g for g in PRIORIDAD if g in self.grupos), "asesores")


def _grupos(valor: Any) -> frozenset[str]:
    # API Gateway entrega los claims como texto ("[a, b]" o "a,b"); el token trae una lista.
    if isinstance(valor, list):
        return frozenset(str(v) for v in valor)
    return frozenset(g for g in re.split(r"[\s,\[\]]+", str(valor or "")) if g)


def agente_de_evento(evento: dict[str, Any], permitidos: tuple[str, ...]) -> Agente:
    claims = ((evento.get("requestContext") or {}).get("authorizer") or {}).get("claims") or {}
    usuario = claims.get("cognito:username")
    if not usuario:
        raise NoAutenticado()
    agente = Agente(str(usuario), _grupos(claims.get("cognito:groups")), claims.get("custom:departamento"))
    if not agente.grupos & set(permitidos):
        raise SinPermiso()
    return agente
