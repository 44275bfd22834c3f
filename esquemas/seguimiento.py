"""POST /api/consultas: seguimiento público con folio y un segundo factor."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from esquemas.base import EstadoCaso, Respuesta, Solicitud
from esquemas.comunes import Contrato, Correo


class SolicitudConsulta(Solicitud):
    """Consulta pública: folio más un segundo factor (contrato o correo)."""

    folio: str = Field(min_length=1, max_length=20)
    contrato: Contrato | None = None
    correo: Correo | None = None

    @field_validator("folio")
    @classmethod
    def _folio(cls, valor: str) -> str:
        from funciones.nucleo.dominio.folio import folio_valido, normalizar_folio

        if not folio_valido(valor):
            raise PydanticCustomError(
                "folio_invalido",
                "El folio no es válido: revisa que tenga 10 dígitos y que no haya un error al escribirlo.",
            )
        return normalizar_folio(valor) or valor

    @model_validator(mode="after")
    def _segundo_factor(self) -> SolicitudConsulta:
        if bool(self.contrato) == bool(self.correo):
            raise PydanticCustomError(
                "reglas_consulta",
                "Escribe tu número de contrato o tu correo (uno de los dos).",
                {"campos": [("contrato", "Escribe tu número de contrato o tu correo (uno de los dos).")]},
            )
        return self


class EntradaHistorial(Respuesta):
    fecha: datetime
    fecha_texto: str
    descripcion: str


class ConsultaCaso(Respuesta):
    folio: str
    folio_legible: str
    estado: EstadoCaso
    estado_nombre: str
    tipo: str
    tipo_nombre: str
    categoria: str
    categoria_nombre: str
    fecha_registro: datetime
    fecha_registro_texto: str
    fecha_compromiso: datetime
    fecha_compromiso_texto: str
    fecha_limite_legal: datetime
    fecha_limite_legal_texto: str
    vencido: bool
    historial: list[EntradaHistorial]
