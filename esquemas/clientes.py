"""Una fila del CSV del padrón de clientes (la carga con `make importar`)."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from esquemas.comunes import Contrato, Correo, Telefono, Texto

COLUMNAS = ("contrato", "nombre", "correo", "telefono", "domicilio", "ultimos4", "precio_mensual")
PRECIO_MAXIMO = Decimal("100000")
_PRECIO = re.compile(r"\d{1,6}(?:\.\d{1,2})?")


def _ultimos4(valor: object) -> object:
    if isinstance(valor, str):
        valor = valor.strip()
        if not re.fullmatch(r"\d{4}", valor):
            raise PydanticCustomError("ultimos4_invalido", "Escribe exactamente los 4 últimos dígitos de la cuenta.")
    return valor


def _precio(valor: object) -> object:
    if isinstance(valor, str):
        texto = valor.strip().removeprefix("$").strip()
        if texto.startswith("-"):
            raise PydanticCustomError("precio_no_positivo", "El precio mensual debe ser mayor que cero.")
        if not _PRECIO.fullmatch(texto):
            raise PydanticCustomError(
                "precio_invalido", "Escribe el precio con punto decimal y a lo más 2 decimales, por ejemplo 499.00."
            )
        try:
            return Decimal(texto)
        except InvalidOperation as e:  # pragma: no cover - la expresión ya lo garantiza
            raise PydanticCustomError("precio_invalido", "El precio mensual no es un número.") from e
    if isinstance(valor, bool) or not isinstance(valor, int | Decimal):
        raise PydanticCustomError("precio_invalido", "El precio mensual no es un número.")
    return Decimal(valor)


def _precio_en_rango(valor: Decimal) -> Decimal:
    if not valor.is_finite():
        raise PydanticCustomError("precio_invalido", "El precio mensual no es un número.")
    if valor <= 0:
        raise PydanticCustomError("precio_no_positivo", "El precio mensual debe ser mayor que cero.")
    if valor > PRECIO_MAXIMO:
        raise PydanticCustomError("precio_excesivo", "El precio mensual no puede pasar de 100,000.00.")
    redondeado = valor.quantize(Decimal("0.01"))
    if redondeado != valor:
        raise PydanticCustomError("precio_decimales", "El precio admite a lo más 2 decimales.")
    return redondeado


Ultimos4 = Annotated[str, BeforeValidator(_ultimos4)]
Precio = Annotated[Decimal, BeforeValidator(_precio)]


class FilaCliente(BaseModel):
    """Los datos en claro de un cliente; el domicilio y los últimos 4 se guardan solo como hash."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    contrato: Contrato
    nombre: Texto = Field(min_length=3, max_length=120)
    correo: Correo | None = None
    telefono: Telefono | None = None
    domicilio: Texto = Field(min_length=5, max_length=200)
    ultimos4: Ultimos4
    precio_mensual: Precio

    @field_validator("contrato", "nombre", "domicilio", "ultimos4", "precio_mensual", mode="before")
    @classmethod
    def _obligatorio(cls, valor: object) -> object:
        if valor is None or (isinstance(valor, str) and not valor.strip()):
            raise PydanticCustomError("obligatorio", "Este dato es obligatorio.")
        return valor

    @field_validator("correo", "telefono", mode="before")
    @classmethod
    def _vacio_es_nulo(cls, valor: object) -> object:
        return None if isinstance(valor, str) and not valor.strip() else valor

    @field_validator("precio_mensual")
    @classmethod
    def _rango(cls, valor: Decimal) -> Decimal:
        return _precio_en_rango(valor)

    @model_validator(mode="after")
    def _contacto(self) -> FilaCliente:
        if not self.correo and not self.telefono:
            raise PydanticCustomError(
                "contacto_obligatorio",
                "Falta un medio de contacto: escribe un correo o un teléfono.",
                {"campos": [("correo", "Falta un medio de contacto: escribe un correo o un teléfono.")]},
            )
        return self
