"""El `ContactFlowEvent` con que Amazon Connect invoca la función del IVR (sólo lo que se lee) y su respuesta.

Forma (guía de Lambda, «Using Lambda with Amazon Connect»): `{"Name": "ContactFlowEvent", "Details": {"ContactData":
{"ContactId", "CustomerEndpoint": {"Address": "+52…", "Type": "TELEPHONE_NUMBER"}, …}, "Parameters": {…}}}`.
Los parámetros son los que el bloque «Invocar función de AWS Lambda» del flujo manda: `folio` y, si se pidió,
`contrato`. La respuesta es un mapa plano de cadenas (Connect no admite anidados).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError


class _Parte(BaseModel):
    # Connect agrega campos con el tiempo (MediaStreams, SegmentAttributes…): se ignoran.
    model_config = ConfigDict(extra="ignore", defer_build=True)


class Extremo(_Parte):
    direccion: str | None = Field(default=None, alias="Address")
    tipo: str | None = Field(default=None, alias="Type")


class DatosContacto(_Parte):
    contacto: str | None = Field(default=None, alias="ContactId")
    cliente: Extremo | None = Field(default=None, alias="CustomerEndpoint")


class Detalles(_Parte):
    datos: DatosContacto = Field(alias="ContactData")
    parametros: dict[str, Any] = Field(default_factory=dict, alias="Parameters")


class EventoContacto(_Parte):
    nombre: Literal["ContactFlowEvent"] = Field(alias="Name")
    detalles: Detalles = Field(alias="Details")


@dataclass(frozen=True)
class EntradaIvr:
    """Lo que el IVR usa del evento, tal como llegó (la lógica lo valida)."""

    folio: str | None
    contrato: str | None
    telefono: str | None
    contacto: str | None = None


def _cadena(valor: Any) -> str | None:
    return valor.strip() if isinstance(valor, str) else None


def leer_evento(evento: Any) -> EntradaIvr | None:
    """La entrada del IVR, o None si el evento no es un `ContactFlowEvent` (nunca lanza)."""
    try:
        leido = EventoContacto.model_validate(evento)
    except ValidationError:
        return None
    parametros = leido.detalles.parametros
    cliente = leido.detalles.datos.cliente
    return EntradaIvr(
        folio=_cadena(parametros.get("folio")),
        contrato=_cadena(parametros.get("contrato")),
        telefono=cliente.direccion if cliente else None,
        contacto=leido.detalles.datos.contacto,
    )
