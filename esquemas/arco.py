"""Derechos ARCO (LFPDPPP): acceso y cancelación de los datos de una persona (supervisores)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from esquemas.base import Respuesta, Solicitud
from esquemas.casos import DatosCaso, EntradaInterna
from esquemas.comunes import Contrato, Correo, Telefono, Texto

_UNO = "Escribe sólo uno: el contrato, el correo o el teléfono de la persona."


class SolicitudArco(Solicitud):
    """POST /api/arco/accesos y /api/arco/cancelaciones: un dato de la persona y el motivo (la solicitud ARCO)."""

    contrato: Contrato | None = None
    correo: Correo | None = None
    telefono: Telefono | None = None
    motivo: Texto = Field(min_length=10, max_length=500)

    @model_validator(mode="after")
    def _uno_solo(self) -> SolicitudArco:
        dados = [c for c in ("contrato", "correo", "telefono") if getattr(self, c)]
        if not dados:
            raise PydanticCustomError(
                "arco_sin_dato",
                "Escribe el contrato, el correo o el teléfono de la persona.",
                {"campos": [("contrato", "Escribe el contrato, el correo o el teléfono de la persona.")]},
            )
        if len(dados) > 1:
            raise PydanticCustomError("arco_varios_datos", _UNO, {"campos": [(c, _UNO) for c in dados[1:]]})
        return self

    @property
    def dato(self) -> tuple[str, str]:
        for clase in ("contrato", "correo", "telefono"):
            valor = getattr(self, clase)
            if valor:
                return clase, valor
        raise AssertionError("el validador exige un dato")


class SolicitudProfeco(Solicitud):
    """PUT /api/casos/{folio}/profeco: el caso entra a un proceso ante PROFECO (número de expediente y motivo)."""

    expediente: Texto = Field(min_length=3, max_length=60)
    motivo: Texto = Field(min_length=10, max_length=500)


class SolicitudCerrarProfeco(Solicitud):
    """DELETE /api/casos/{folio}/profeco: el proceso ante PROFECO terminó."""

    motivo: Texto = Field(min_length=10, max_length=500)


class ProcesoProfeco(Respuesta):
    folio: str
    abierto: bool
    expediente: str | None
    desde: datetime | None
    por: str | None


class PerfilArco(Respuesta):
    contrato: str
    nombre: str
    correo: str | None
    telefono: str | None
    telefono_texto: str
    precio_mensual: str
    # El domicilio y los últimos 4 sólo existen como HMAC: no se pueden devolver en claro.
    domicilio: str
    ultimos4: str


class CasoArco(Respuesta):
    caso: DatosCaso
    historial: list[EntradaInterna]
    encuestas: list[dict[str, Any]]
    proceso_profeco: str | None = None


class ExportacionArco(Respuesta):
    """Todo lo que se tiene de una persona: perfil del padrón, casos con su historial y registro del cliente."""

    generado: datetime
    generado_texto: str
    solicitado_por: str
    motivo: str
    dato: str
    dato_nombre: str
    clientes: list[PerfilArco]
    casos: list[CasoArco]
    registro: list[EntradaInterna]


class CancelacionArco(Respuesta):
    """Lo que se anonimizó; los conteos, fechas y resultados de los casos se conservan para los reportes."""

    fecha: datetime
    fecha_texto: str
    cancelado_por: str
    motivo: str
    dato_nombre: str
    casos: list[str]
    eventos: int
    encuestas: int
    perfiles: int
    registro: int
    indices: int
    limites: int
    # Objetos borrados de S3 (con todas sus versiones): adjuntos de sus casos y correos crudos que respondió.
    archivos: int
    correos_recibidos: int
