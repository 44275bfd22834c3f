"""POST /api/consultas: seguimiento público con folio y un segundo factor."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from esquemas.base import EstadoCaso, Respuesta, Solicitud
from esquemas.comunes import Contrato, Correo, Telefono

SEGUNDO_FACTOR = "Escribe tu número de contrato, tu correo o tu teléfono (uno de los tres)."


class SolicitudConsulta(Solicitud):
    """Consulta pública: folio más un segundo factor (contrato, correo o el teléfono del caso)."""

    folio: str = Field(min_length=1, max_length=20)
    contrato: Contrato | None = None
    correo: Correo | None = None
    # Para quien abrió su caso sólo con teléfono (p. ej. por SMS): el mismo número con que lo registró.
    telefono: Telefono | None = None

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
        if sum(bool(v) for v in (self.contrato, self.correo, self.telefono)) != 1:
            raise PydanticCustomError("reglas_consulta", SEGUNDO_FACTOR, {"campos": [("contrato", SEGUNDO_FACTOR)]})
        return self

    @property
    def segundo_factor(self) -> tuple[str, str]:
        """(campo del caso, valor dado)."""
        if self.contrato:
            return "contrato", self.contrato
        if self.correo:
            return "correo", self.correo
        return "telefono", self.telefono or ""


class EntradaHistorial(Respuesta):
    fecha: datetime
    fecha_texto: str
    descripcion: str


class AdjuntoPublico(Respuesta):
    """De un adjunto del cliente, el cliente sólo ve el nombre (nunca lo descarga de vuelta)."""

    nombre: str


class MensajePublico(Respuesta):
    id: str
    fecha: datetime
    fecha_texto: str
    # "cliente": lo escribió el cliente (página, correo); "asesor": un agente de Blue Point.
    autor: Literal["cliente", "asesor"]
    texto: str
    adjuntos: list[AdjuntoPublico] = []


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
    # Los mensajes entre el cliente y Blue Point, del más viejo al más nuevo.
    conversacion: list[MensajePublico] = []
    # Token firmado para escribir en este caso y adjuntar (60 minutos), y cuándo vence.
    acceso: str | None = None
    acceso_vence: datetime | None = None
    # Si el caso admite mensajes del cliente (no está cerrado).
    admite_mensajes: bool = True
