"""Cuerpos y respuestas de la conversación: comentarios del cliente y adjuntos."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field, StrictInt, field_validator

from esquemas.base import Respuesta, Solicitud
from esquemas.comunes import Texto

TipoAdjunto = Literal["image/jpeg", "image/png", "image/heic", "application/pdf"]
TAMANO_MAXIMO = 10 * 1024 * 1024


class _Adjunto(Solicitud):
    nombre: Texto = Field(min_length=1, max_length=200)
    tipo_contenido: TipoAdjunto
    tamano: StrictInt

    @field_validator("tipo_contenido", mode="before")
    @classmethod
    def _tipo(cls, valor: object) -> object:
        from pydantic_core import PydanticCustomError

        permitidos = ("image/jpeg", "image/png", "image/heic", "application/pdf")
        if isinstance(valor, str) and valor.strip().lower() in permitidos:
            return valor.strip().lower()
        raise PydanticCustomError(
            "tipo_adjunto",
            "Sólo aceptamos fotos JPEG, PNG o HEIC y documentos PDF (image/jpeg, image/png, "
            "image/heic o application/pdf).",
        )

    @field_validator("tamano", mode="after")
    @classmethod
    def _tamano(cls, valor: int) -> int:
        from pydantic_core import PydanticCustomError

        if valor > TAMANO_MAXIMO:
            raise PydanticCustomError(
                "adjunto_grande", "El archivo pesa más de 10 MB. Reduce la foto o divide el documento."
            )
        if valor < 1:
            raise PydanticCustomError("adjunto_vacio", "El archivo está vacío.")
        return valor


class SolicitudAdjunto(_Adjunto):
    """El cliente, con el `acceso` que le dio la consulta."""

    acceso: str = Field(min_length=1, max_length=400)


class SolicitudAdjuntoAgente(_Adjunto):
    """Un agente (su sesión en Authorization)."""


class Subida(Respuesta):
    # El formulario del navegador: POST multipart a `url` con `campos` y, al final, el archivo en `file`.
    url: str
    campos: dict[str, str]
    vence: datetime


class AdjuntoCreado(Respuesta):
    id: str
    nombre: str
    tipo_contenido: str
    tamano: int
    subida: Subida


class SolicitudComentario(Solicitud):
    acceso: str = Field(min_length=1, max_length=400)
    texto: Texto = Field(min_length=1, max_length=4000)
    adjuntos: list[str] = Field(default_factory=list, max_length=5)

    @field_validator("adjuntos")
    @classmethod
    def _ids(cls, valor: list[str]) -> list[str]:
        import re

        from pydantic_core import PydanticCustomError

        if any(not re.fullmatch(r"[0-9a-f]{16}", i) for i in valor):
            raise PydanticCustomError("adjunto_invalido", "Un archivo adjunto no es válido. Vuelve a adjuntarlo.")
        return valor


class DescargaAdjunto(Respuesta):
    """GET prefirmado de 5 minutos (sólo de un archivo que el antivirus dejó limpio)."""

    id: str
    nombre: str
    tipo_contenido: str
    url: str
    vence: datetime


class AdjuntoCaso(Respuesta):
    """Un adjunto en el detalle de los agentes, con su estado de revisión."""

    id: str
    nombre: str
    tipo_contenido: str
    tamano: int
    origen: str
    estado: str
    estado_nombre: str
    descargable: bool
    mensaje: str | None = None
    canal: str
