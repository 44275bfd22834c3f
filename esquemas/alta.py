"""POST /api/casos y /api/casos/asistidos: alta de un caso."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from esquemas.base import EstadoCaso, MedioNotificacion, Respuesta, Solicitud, TipoCaso
from esquemas.comunes import Contrato, Correo, Telefono, Texto

# Cabecera Idempotency-Key del alta web (la valida el handler; el OpenAPI la declara).
PATRON_CLAVE_IDEMPOTENCIA = r"^[A-Za-z0-9_-]{8,128}$"


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
    # Con `medio_notificacion: "whatsapp"`: la versión del texto de consentimiento que la persona marcó (la del
    # catálogo); el caso guarda versión, texto y fecha.
    consentimiento_whatsapp: str | None = Field(default=None, max_length=20)
    # Trampa para robots: el formulario la oculta; una persona la deja vacía.
    sitio_web: str | None = Field(default=None, max_length=200)

    @field_validator("contrato", "correo", "telefono", "consentimiento_whatsapp", mode="before")
    @classmethod
    def _vacio_es_nulo(cls, valor: object) -> object:
        return None if isinstance(valor, str) and not valor.strip() else valor

    @field_validator("aviso_privacidad")
    @classmethod
    def _aviso_vigente(cls, valor: str) -> str:
        from funciones.nucleo.dominio import catalogo

        if valor != catalogo.catalogo()["aviso_privacidad"]["version"]:
            raise PydanticCustomError("aviso_privacidad", "Lee y acepta el aviso de privacidad vigente para continuar.")
        return valor

    @model_validator(mode="after")
    def _reglas(self) -> SolicitudCaso:
        # Importación diferida: el catálogo solo hace falta al validar un alta.
        from funciones.nucleo.dominio import catalogo

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
        errores += errores_whatsapp(self.medio_notificacion, self.telefono, self.consentimiento_whatsapp)
        if errores:
            # Un error por campo; se reporta cada uno en su lugar.
            vistos = dict(reversed(errores))
            raise PydanticCustomError("reglas_caso", "Revisa los datos marcados.", {"campos": list(vistos.items())})
        return self


def errores_whatsapp(medio: str, telefono: str | None, consentimiento: str | None) -> list[tuple[str, str]]:
    """WhatsApp pide un celular y la casilla de consentimiento marcada con el texto vigente (Meta y LFPDPPP)."""
    from funciones.nucleo.dominio import catalogo

    if medio != "whatsapp":
        return []
    errores = []
    if not telefono:
        errores.append(("telefono", "Escribe el celular con WhatsApp donde quieres recibir el folio."))
    if not consentimiento:
        errores.append(
            (
                "consentimiento_whatsapp",
                "Marca la casilla para aceptar que te escribamos por WhatsApp, o elige otro medio.",
            )
        )
    elif consentimiento != catalogo.catalogo()["consentimiento_whatsapp"]["version"]:
        errores.append(
            (
                "consentimiento_whatsapp",
                "El texto para recibir mensajes por WhatsApp cambió: vuelve a cargar la página, léelo y acéptalo.",
            )
        )
    return errores


def _categoria_del_tipo(tipo: str, categoria: str) -> None:
    from funciones.nucleo.dominio import catalogo

    if catalogo.categoria(tipo, categoria) is None:
        raise PydanticCustomError(
            "reglas_categoria",
            "Elige una categoría de la lista para este tipo de solicitud.",
            {"campos": [("categoria", "Elige una categoría de la lista para este tipo de solicitud.")]},
        )


class SolicitudCasoAsistido(Solicitud):
    """Alta por un asesor. Con `verificacion_id`: cliente verificado, nombre y contrato salen del registro.

    Sin `verificacion_id`: un caso sin verificar (una duda de alguien que aún no es cliente o que no pudo
    verificarse) con el `nombre` que da quien llama; no lleva contrato ni usa datos de contrato.
    """

    tipo: TipoCaso
    categoria: Texto = Field(min_length=1, max_length=40)
    descripcion: Texto = Field(min_length=10, max_length=2000)
    medio_notificacion: MedioNotificacion
    canal: Literal["telefono", "tienda"]
    verificacion_id: str | None = Field(default=None, pattern=r"^[A-Za-z0-9_-]{16,64}$")
    nombre: Texto | None = Field(default=None, min_length=3, max_length=120)
    correo: Correo | None = None
    telefono: Telefono | None = None
    # El asesor le lee al cliente el texto de consentimiento de WhatsApp y marca la casilla si lo acepta.
    consentimiento_whatsapp: str | None = Field(default=None, max_length=20)

    @field_validator("correo", "telefono", "nombre", "verificacion_id", "consentimiento_whatsapp", mode="before")
    @classmethod
    def _vacio_es_nulo(cls, valor: object) -> object:
        return None if isinstance(valor, str) and not valor.strip() else valor

    @model_validator(mode="after")
    def _reglas(self) -> SolicitudCasoAsistido:
        from funciones.nucleo.dominio import catalogo

        _categoria_del_tipo(self.tipo, self.categoria)
        errores: list[tuple[str, str]] = []
        if self.verificacion_id is None:
            tipo = catalogo.tipo(self.tipo) or {}
            if tipo.get("requiere_contrato"):
                errores.append(
                    (
                        "verificacion_id",
                        f"Una {str(tipo.get('nombre', self.tipo)).lower()} necesita el contrato: verifica primero "
                        "la identidad del cliente. Sin verificar sólo se registran dudas.",
                    )
                )
            if not self.nombre:
                errores.append(("nombre", "Escribe el nombre de quien llama."))
        elif self.nombre:
            errores.append(("nombre", "Con la identidad verificada el nombre sale del registro del cliente; quítalo."))
        if errores:
            raise PydanticCustomError("reglas_asistido", "Revisa los datos marcados.", {"campos": errores})
        return self


class CasoRegistrado(Respuesta):
    folio: str
    folio_legible: str
    estado: EstadoCaso
    tipo: str
    tipo_nombre: str
    categoria: str
    categoria_nombre: str
    canal: str
    medio_notificacion: str
    fecha_registro: datetime
    fecha_compromiso: datetime
    fecha_compromiso_texto: str
    fecha_limite_legal: datetime
    fecha_limite_legal_texto: str
    plazo_legal_fundamento: str
    comprobante_url: str
    mensaje: str
