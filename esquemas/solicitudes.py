"""Cuerpos de las solicitudes de la API."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, field_validator, model_validator
from pydantic_core import PydanticCustomError

from esquemas.comunes import Contrato, Correo, Telefono, Texto

TipoCaso = Literal["duda", "aclaracion", "queja", "reclamacion"]
MedioNotificacion = Literal["correo", "sms", "impreso"]


class Solicitud(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class SolicitudCaso(Solicitud):
    """Alta de un caso desde el sitio web."""

    tipo: TipoCaso
    categoria: Texto = Field(min_length=1, max_length=40)
    nombre: Texto = Field(min_length=3, max_length=120)
    contrato: Contrato | None = None
    correo: Correo | None = None
    telefono: Telefono | None = None
    descripcion: Texto = Field(min_length=10, max_length=2000)
    medio_notificacion: MedioNotificacion
    # Versión del aviso de privacidad que la persona aceptó (la del catálogo).
    aviso_privacidad: str = Field(min_length=1, max_length=20)
    # Trampa para robots: el formulario la oculta; una persona la deja vacía.
    sitio_web: str | None = Field(default=None, max_length=200)

    @field_validator("contrato", "correo", "telefono", mode="before")
    @classmethod
    def _vacio_es_nulo(cls, valor: object) -> object:
        return None if isinstance(valor, str) and not valor.strip() else valor

    @field_validator("aviso_privacidad")
    @classmethod
    def _aviso_vigente(cls, valor: str) -> str:
        from funciones.nucleo import catalogo

        if valor != catalogo.catalogo()["aviso_privacidad"]["version"]:
            raise PydanticCustomError("aviso_privacidad", "Lee y acepta el aviso de privacidad vigente para continuar.")
        return valor

    @model_validator(mode="after")
    def _reglas(self) -> SolicitudCaso:
        # Importación diferida: el catálogo solo hace falta al validar un alta.
        from funciones.nucleo import catalogo

        errores: list[tuple[str, str]] = []
        tipo = catalogo.tipo(self.tipo)
        if tipo is not None and catalogo.categoria(self.tipo, self.categoria) is None:
            errores.append(("categoria", "Elige una categoría de la lista para este tipo de solicitud."))
        if tipo is not None and tipo["requiere_contrato"] and not self.contrato:
            errores.append(("contrato", f"Para una {tipo['nombre'].lower()} necesitamos tu número de contrato."))
        if not self.correo and not self.telefono:
            errores.append(("correo", "Danos un correo o un teléfono para contactarte."))
        if self.medio_notificacion == "correo" and not self.correo:
            errores.append(("correo", "Escribe tu correo para enviarte el folio."))
        if self.medio_notificacion == "sms" and not self.telefono:
            errores.append(("telefono", "Escribe tu teléfono celular para enviarte el folio por SMS."))
        if errores:
            # Un error por campo; se reporta cada uno en su lugar.
            vistos = dict(reversed(errores))
            raise PydanticCustomError("reglas_caso", "Revisa los datos marcados.", {"campos": list(vistos.items())})
        return self


class SolicitudConsulta(Solicitud):
    """Consulta pública: folio más un segundo factor (contrato o correo)."""

    folio: str = Field(min_length=1, max_length=20)
    contrato: Contrato | None = None
    correo: Correo | None = None

    @field_validator("folio")
    @classmethod
    def _folio(cls, valor: str) -> str:
        from funciones.nucleo.folio import folio_valido, normalizar_folio

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


def _categoria_del_tipo(tipo: str, categoria: str) -> None:
    from funciones.nucleo import catalogo

    if catalogo.categoria(tipo, categoria) is None:
        raise PydanticCustomError(
            "reglas_categoria",
            "Elige una categoría de la lista para este tipo de solicitud.",
            {"campos": [("categoria", "Elige una categoría de la lista para este tipo de solicitud.")]},
        )


class SolicitudSesion(Solicitud):
    usuario: str = Field(min_length=1, max_length=128)
    contrasena: str = Field(min_length=1, max_length=256)


class SolicitudVerificacion(Solicitud):
    contrato: Contrato
    nombre: Texto = Field(min_length=3, max_length=120)
    pregunta: Literal["domicilio", "ultimos4"]
    respuesta: Texto = Field(min_length=1, max_length=200)


class SolicitudCasoAsistido(Solicitud):
    """Alta por un asesor para un cliente verificado; nombre y contrato salen del registro."""

    tipo: TipoCaso
    categoria: Texto = Field(min_length=1, max_length=40)
    descripcion: Texto = Field(min_length=10, max_length=2000)
    medio_notificacion: MedioNotificacion
    canal: Literal["telefono", "tienda"]
    verificacion_id: str = Field(pattern=r"^[A-Za-z0-9_-]{16,64}$")
    correo: Correo | None = None
    telefono: Telefono | None = None

    @field_validator("correo", "telefono", mode="before")
    @classmethod
    def _vacio_es_nulo(cls, valor: object) -> object:
        return None if isinstance(valor, str) and not valor.strip() else valor

    @model_validator(mode="after")
    def _reglas(self) -> SolicitudCasoAsistido:
        _categoria_del_tipo(self.tipo, self.categoria)
        return self


class SolicitudInteraccion(Solicitud):
    tipo: Literal["nota", "llamada", "accion"]
    texto: Texto = Field(min_length=2, max_length=2000)
    publica: StrictBool = False


class Bonificacion(Solicitud):
    dias_afectados: StrictInt = Field(ge=1, le=31)


class SolicitudResolucion(Solicitud):
    resumen: Texto = Field(min_length=10, max_length=2000)
    primer_contacto: StrictBool
    bonificacion: Bonificacion | None = None


class SolicitudConfirmacion(Solicitud):
    resuelto: StrictBool
    comentario: Texto | None = Field(default=None, max_length=1000)


class SolicitudEscalamiento(Solicitud):
    destino: Texto = Field(min_length=1, max_length=40)
    motivo: Texto = Field(min_length=5, max_length=1000)


class SolicitudAsignacion(Solicitud):
    asesor: Texto | None = Field(default=None, min_length=3, max_length=128)
    departamento: Texto | None = Field(default=None, min_length=1, max_length=40)
    instrucciones: Texto | None = Field(default=None, min_length=2, max_length=2000)

    @model_validator(mode="after")
    def _algo(self) -> SolicitudAsignacion:
        if not (self.asesor or self.departamento or self.instrucciones):
            raise PydanticCustomError(
                "reglas_asignacion",
                "Indica un asesor, un departamento o instrucciones.",
                {"campos": [("asesor", "Indica un asesor, un departamento o instrucciones.")]},
            )
        return self


class SolicitudDesescalamiento(Solicitud):
    motivo: Texto = Field(min_length=5, max_length=1000)


class SolicitudEncuesta(Solicitud):
    calificacion: StrictInt = Field(ge=1, le=5)
    resuelto_primer_contacto: StrictBool | None = None
    comentario: Texto | None = Field(default=None, max_length=1000)
