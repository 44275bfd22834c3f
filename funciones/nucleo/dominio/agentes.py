"""Quién llama a una ruta de agentes: lo dice el autorizador JWT (Cognito) en requestContext.authorizer.jwt.claims."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from funciones.nucleo.dominio.errores import ErrorDominio

if TYPE_CHECKING:
    from funciones.nucleo.dominio.caso import Caso

type Rol = Literal["supervisores", "departamentos", "asesores"]

PRIORIDAD: tuple[Rol, ...] = ("supervisores", "departamentos", "asesores")
GRUPOS_AGENTES = frozenset(PRIORIDAD)


class NoAutenticado(ErrorDominio):
    def __init__(self, mensaje: str = "Inicia sesión para continuar.") -> None:
        super().__init__(mensaje, [], "no_autenticado")


class SinPermiso(ErrorDominio):
    def __init__(self, mensaje: str = "Tu perfil no tiene permiso para esta acción.") -> None:
        super().__init__(mensaje, [], "sin_permiso")


@dataclass(frozen=True)
class Agente:
    usuario: str
    grupos: frozenset[str]
    departamento: str | None = None

    @property
    def rol(self) -> Rol:
        return next((g for g in PRIORIDAD if g in self.grupos), "asesores")


def puede_operar(agente: Agente, caso: Caso | None) -> bool:
    """Un usuario de departamento sólo trabaja casos de su departamento; asesores y supervisores, cualquiera.

    `caso` None (el folio no existe) también es «no es de tu departamento»: así no se revela si existe.
    """
    if agente.grupos & {"asesores", "supervisores"}:
        return True
    return caso is not None and caso.departamento is not None and caso.departamento == agente.departamento


def _grupos(valor: Any) -> frozenset[str]:
    # HTTP API entrega los claims como texto ("[a b]"); el servidor local, "a,b"; el token trae una lista.
    if isinstance(valor, list):
        return frozenset(str(v) for v in valor)
    return frozenset(g for g in re.split(r"[\s,\[\]]+", str(valor or "")) if g)


def agente_de_evento(evento: dict[str, Any], permitidos: tuple[str, ...]) -> Agente:
    autorizador = (evento.get("requestContext") or {}).get("authorizer") or {}
    claims = (autorizador.get("jwt") or {}).get("claims") or {}
    usuario = claims.get("cognito:username")
    if not usuario:
        raise NoAutenticado()
    agente = Agente(str(usuario), _grupos(claims.get("cognito:groups")), claims.get("custom:departamento"))
    if not agente.grupos & set(permitidos):
        raise SinPermiso()
    return agente
