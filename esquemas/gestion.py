"""Cuerpos de las rutas de agentes sobre un caso: interacción y resolución."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import Field, StrictBool, StrictInt, model_validator
from pydantic_core import PydanticCustomError

from esquemas.base import Solicitud
from esquemas.comunes import Texto


class SolicitudInteraccion(Solicitud):
    tipo: Literal["nota", "llamada", "accion"]
    texto: Texto = Field(min_length=2, max_length=2000)
    publica: StrictBool = False


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
