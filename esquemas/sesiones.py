"""POST /api/sesiones y POST /api/sesiones/retos: inicio de sesión de un agente, con los retos de Cognito."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Literal

from pydantic import BeforeValidator, ConfigDict, Field, RootModel, StringConstraints, model_validator
from pydantic_core import PydanticCustomError

from esquemas.base import Respuesta, Solicitud

TipoReto = Literal["nueva_contrasena", "codigo_totp", "configurar_totp"]
# Las contraseñas se envían tal cual: recortarlas cambiaría la que el agente eligió.
Contrasena = Annotated[str, StringConstraints(strip_whitespace=False, min_length=1, max_length=256)]
# La Session de Cognito es opaca (de 20 a 4096 caracteres) y dura 3 minutos.
SesionCognito = Annotated[str, Field(min_length=20, max_length=4096)]


def _codigo(valor: object) -> object:
    if isinstance(valor, str):
        valor = re.sub(r"[\s-]", "", valor)
        if not re.fullmatch(r"\d{6}", valor):
            raise PydanticCustomError("codigo_totp", "Escribe los 6 dígitos que muestra tu app de autenticación.")
    return valor


CodigoTotp = Annotated[str, BeforeValidator(_codigo), Field(description="Los 6 dígitos de la app de autenticación.")]


class SolicitudSesion(Solicitud):
    usuario: str = Field(min_length=1, max_length=128)
    contrasena: Contrasena
    configurar_totp: bool = Field(
        default=False,
        description="Verdadero para activar la verificación en dos pasos: si la cuenta aún no la tiene, la respuesta "
        "es el reto `configurar_totp` en vez de la sesión.",
    )
    datos_dispositivo: str | None = Field(
        default=None,
        max_length=8192,
        description="EncodedData de la biblioteca de contexto de Cognito, si la consola la usa (opcional).",
    )


class SolicitudReto(Solicitud):
    """La respuesta a un reto. Con `nueva_contrasena`: `sesion` y `nueva_contrasena`. Con `codigo_totp`: `sesion`
    y `codigo`. Con `configurar_totp`: `codigo` y, si el reto trajo `sesion`, esa `sesion`; si la trajo nula,
    `contrasena` (la vigente de la cuenta)."""

    model_config = ConfigDict(
        json_schema_extra={"description": "Respuesta a un reto de POST /api/sesiones (ver cada campo)."}
    )

    usuario: str = Field(min_length=1, max_length=128)
    reto: TipoReto
    sesion: SesionCognito | None = None
    nueva_contrasena: Contrasena | None = None
    codigo: CodigoTotp | None = None
    contrasena: Contrasena | None = None
    datos_dispositivo: str | None = Field(default=None, max_length=8192)

    @model_validator(mode="after")
    def _campos_del_reto(self) -> SolicitudReto:
        faltan: list[tuple[str, str]] = []
        if self.reto == "nueva_contrasena":
            if self.sesion is None:
                faltan.append(("sesion", "Falta la sesión del reto; vuelve a iniciar sesión."))
            if self.nueva_contrasena is None:
                faltan.append(("nueva_contrasena", "Escribe tu nueva contraseña."))
        else:
            if self.codigo is None:
                faltan.append(("codigo", "Escribe los 6 dígitos que muestra tu app de autenticación."))
            if self.reto == "codigo_totp" and self.sesion is None:
                faltan.append(("sesion", "Falta la sesión del reto; vuelve a iniciar sesión."))
            if self.reto == "configurar_totp" and (self.sesion is None) == (self.contrasena is None):
                faltan.append(("contrasena", "Envía la sesión del reto o tu contraseña (una de las dos)."))
        if faltan:
            raise PydanticCustomError("reglas_reto", "Revisa los datos marcados.", {"campos": faltan})
        return self


class Sesion(Respuesta):
    token: str
    expira: datetime
    rol: Literal["asesores", "supervisores", "departamentos"]
    usuario: str
    nombre: str
    verificacion_dos_pasos: bool = Field(
        description="Si esta sesión se abrió con un código de la app de autenticación (TOTP)."
    )


class ReglaContrasena(Respuesta):
    clave: Literal["longitud", "mayuscula", "minuscula", "numero", "simbolo"]
    texto: str


class PoliticaContrasena(Respuesta):
    minimo: int
    texto: str
    reglas: list[ReglaContrasena]


class CodigoQr(Respuesta):
    """Módulos del QR: una cadena de '0' y '1' por fila ('1' = oscuro), sin la zona de silencio."""

    tamano: int
    filas: list[Annotated[str, Field(pattern=r"^[01]+$")]]


class RetoNuevaContrasena(Respuesta):
    """Primer inicio (o contraseña restablecida): hay que elegir una contraseña nueva."""

    reto: Literal["nueva_contrasena"]
    usuario: str
    sesion: str
    politica: PoliticaContrasena


class RetoCodigoTotp(Respuesta):
    """La cuenta tiene verificación en dos pasos: falta el código de la app de autenticación."""

    reto: Literal["codigo_totp"]
    usuario: str
    sesion: str


class RetoConfigurarTotp(Respuesta):
    """Hay que dar de alta la app de autenticación (obligatorio para el grupo, o pedido por el agente).

    `sesion` nula: se responde con la contraseña vigente, porque Cognito no dio una sesión de reto y la función
    no entrega al navegador el token de acceso con que hizo la asociación."""

    reto: Literal["configurar_totp"]
    usuario: str
    sesion: str | None
    obligatorio: bool
    secreto: str
    secreto_agrupado: str
    uri: str
    qr: CodigoQr = Field(description="Matriz de módulos del código QR del enlace otpauth (filas de 0 y 1).")


Reto = Annotated[RetoNuevaContrasena | RetoCodigoTotp | RetoConfigurarTotp, Field(discriminator="reto")]


class ResultadoSesion(RootModel[Sesion | Reto]):
    """La sesión (si no hace falta nada más) o el reto que sigue, distinguido por `reto`."""

    model_config = ConfigDict(defer_build=True)
