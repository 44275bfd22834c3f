"""Verificación de identidad: bloqueos, verificaciones vigentes y eventos del registro del cliente (sin boto3)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from funciones.nucleo.dominio.caso import Evento
    from funciones.nucleo.dominio.clientes import Cliente


class CambioConcurrente(Exception):
    """Otro intento sobre el mismo contrato escribió primero; se vuelve a leer y se reintenta."""


@dataclass
class Bloqueo:
    fallos: list[str] = field(default_factory=list)
    bloqueado_hasta: str | None = None
    version: int = 0


@dataclass
class Verificacion:
    id: str
    contrato: str
    agente: str
    expira: datetime
    usada: bool
    nombre: str
    correo: str | None
    telefono: str | None


@dataclass(frozen=True)
class EventoCliente:
    """Un intento en el registro del cliente: sin datos personales, sólo el resultado y quién atendió."""

    contrato: str
    fecha: datetime
    tipo: str
    datos: dict[str, Any]


def particion_agente(usuario: str) -> str:
    return f"AGENTE#{usuario}"


class RepositorioVerificaciones(Protocol):
    def leer(self, contrato: str, agente: str) -> tuple[Cliente | None, Bloqueo, Bloqueo]: ...

    def registrar_fallo(
        self,
        contrato: str,
        bloqueo: Bloqueo,
        version_leida: int,
        evento: EventoCliente,
        agente: str,
        del_agente: Bloqueo,
        version_agente: int,
        alerta: Evento | None = None,
    ) -> None: ...

    def registrar_exito(
        self, verificacion: Verificacion, version_leida: int, evento: EventoCliente, ahora: datetime
    ) -> None: ...

    def levantar_bloqueo(self, contrato: str, version_leida: int, evento: EventoCliente) -> None:
        """Deja el contrato sin fallos ni bloqueo (si nadie lo cambió desde la lectura) y anota el evento."""
        ...
