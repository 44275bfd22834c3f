"""El proveedor de identidad de los agentes (Cognito detrás), visto por la lógica: tipos, puerto y errores."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol

from funciones.nucleo.dominio.agentes import NoAutenticado
from funciones.nucleo.dominio.errores import DatosInvalidos, ErrorCampo, ErrorDominio

CREDENCIALES_MALAS = "Usuario o contraseña incorrectos."
RETO_VENCIDO = "Pasó demasiado tiempo o la sesión de este paso ya no es válida; vuelve a iniciar sesión."


@dataclass(frozen=True)
class ContextoUsuario:
    """Lo que la protección contra amenazas de Cognito necesita ver del agente, no de la función."""

    ip: str | None = None
    datos_dispositivo: str | None = None


@dataclass(frozen=True)
class Tokens:
    id_token: str
    access_token: str
    expira_s: int


@dataclass(frozen=True)
class RetoCognito:
    nombre: str  # NEW_PASSWORD_REQUIRED, SOFTWARE_TOKEN_MFA, MFA_SETUP…
    sesion: str
    usuario: str  # el nombre de usuario que Cognito espera en la respuesta


Autenticacion = Tokens | RetoCognito
# Los retos de Cognito que la función de sesiones responde.
type RetoRespondible = Literal["NEW_PASSWORD_REQUIRED", "SOFTWARE_TOKEN_MFA", "MFA_SETUP"]


class ProveedorIdentidad(Protocol):
    def iniciar(self, usuario: str, contrasena: str, contexto: ContextoUsuario) -> Autenticacion: ...

    def responder(
        self, reto: RetoRespondible, sesion: str, usuario: str, respuestas: dict[str, str], contexto: ContextoUsuario
    ) -> Autenticacion: ...

    def asociar_totp(self, *, sesion: str | None = None, access_token: str | None = None) -> tuple[str, str | None]:
        """(secreto en base32, sesión para verificar o None si se asoció con el token de acceso)."""

    def verificar_totp(self, codigo: str, *, sesion: str | None = None, access_token: str | None = None) -> str | None:
        """Verifica el primer código de la app; devuelve la sesión para terminar MFA_SETUP (o None)."""

    def preferir_totp(self, access_token: str) -> None:
        """Activa TOTP como segundo paso de la cuenta: desde ahora Cognito lo pide al entrar."""


class CredencialesInvalidas(NoAutenticado):
    def __init__(self) -> None:
        ErrorDominio.__init__(self, CREDENCIALES_MALAS, [], "credenciales_invalidas")


class RetoVencido(NoAutenticado):
    def __init__(self) -> None:
        ErrorDominio.__init__(self, RETO_VENCIDO, [], "reto_vencido")


class CodigoIncorrecto(NoAutenticado):
    def __init__(self, usado: bool = False) -> None:
        mensaje = (
            "Ese código ya se usó. Espera a que tu app muestre el siguiente y escríbelo."
            if usado
            else "El código no es correcto. Escribe el que muestra tu app ahora (revisa que la hora de tu "
            "teléfono sea automática)."
        )
        ErrorDominio.__init__(self, mensaje, [ErrorCampo("codigo", mensaje)], "codigo_incorrecto")


class ContrasenaRechazada(DatosInvalidos):
    def __init__(self, mensaje: str) -> None:
        super().__init__("Elige otra contraseña.", [ErrorCampo("nueva_contrasena", mensaje)], "contrasena_rechazada")
