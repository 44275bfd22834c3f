"""Cuerpos de las rutas de agentes sobre un caso: interacción y resolución."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Literal

from pydantic import Field, StrictBool, StrictInt, field_validator, model_validator
from pydantic_core import PydanticCustomError

from esquemas.base import Solicitud
from esquemas.comunes import Texto


class SolicitudInteraccion(Solicitud):
    """`mensaje`: al cliente, siempre público y entregado por el medio del caso; las demás, en el historial."""

    tipo: Literal["nota", "llamada", "accion", "mensaje"]
    texto: Texto = Field(min_length=2, max_length=2000)
    publica: StrictBool | None = None
    # Archivos que el agente subió (POST /api/casos/{folio}/adjuntos/agente): quedan en el caso, para agentes.
    adjuntos: list[str] = Field(default_factory=list, max_length=5)

    @field_validator("adjuntos")
    @classmethod
    def _ids(cls, valor: list[str]) -> list[str]:
        if any(not re.fullmatch(r"[0-9a-f]{16}", i) for i in valor):
            raise PydanticCustomError("adjunto_invalido", "Un archivo adjunto no es válido. Vuelve a adjuntarlo.")
        return valor

    @model_validator(mode="after")
    def _mensaje_publico(self) -> SolicitudInteraccion:
        if self.tipo == "mensaje" and self.publica is False:
            raise PydanticCustomError(
                "mensaje_publico",
                "Un mensaje al cliente siempre es público.",
                {"campos": [("publica", "Un mensaje al cliente siempre es público: para algo interno usa una nota.")]},
            )
        if self.tipo == "mensaje" and self.adjuntos:
            # El cliente sólo ve (los nombres de) sus propios archivos: uno del agente no le llegaría.
            raise PydanticCustomError(
                "mensaje_con_adjuntos",
                "Los archivos no llegan al cliente.",
                {
                    "campos": [
                        ("adjuntos", "Los archivos no llegan al cliente: adjúntalos a una nota, llamada o acción.")
                    ]
                },
            )
        return self


class Bonificacion(Solicitud):
    """Por días afectados (interrupción, falla) o por el monto cobrado indebidamente (cargo, error de factura)."""

    dias_afectados: StrictInt | None = Field(default=None, ge=1, le=31)
    # Pesos con hasta dos decimales, como texto o número: «349.00».
    monto_cobrado: Decimal | None = Field(default=None, gt=0, le=100000, decimal_places=2, allow_inf_nan=False)

    @model_validator(mode="after")
    def _uno(self) -> Bonificacion:
        if (self.dias_afectados is None) == (self.monto_cobrado is None):
            raise PydanticCustomError(
                "reglas_bonificacion",
                "Indica los días afectados o el monto cobrado indebidamente (uno de los dos).",
                {"campos": [("bonificacion", "Indica los días afectados o el monto cobrado indebidamente.")]},
            )
        return self


class SolicitudResolucion(Solicitud):
    resumen: Texto = Field(min_length=10, max_length=2000)
    primer_contacto: StrictBool
    bonificacion: Bonificacion | None = None
