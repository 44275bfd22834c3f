"""Cognito como proveedor de identidad: InitiateAuth, RespondToAuthChallenge y el alta de TOTP.

Traduce cada `ClientError` a un error de dominio por su código, nunca por su texto. El cliente de la consola es
confidencial: su secreto lo lee esta función (DescribeUserPoolClient, una vez por contenedor) y firma cada
llamada con SECRET_HASH, así nadie obtiene tokens del pool sin pasar por POST /api/sesiones.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from botocore.exceptions import ClientError, ParamValidationError

from funciones.nucleo.dominio import contrasenas
from funciones.nucleo.dominio.errores import ErrorDominio, LimiteExcedido, ServicioNoDisponible
from funciones.nucleo.dominio.identidad import (
    Autenticacion,
    CodigoIncorrecto,
    ContextoUsuario,
    ContrasenaRechazada,
    CredencialesInvalidas,
    RetoCognito,
    RetoRespondible,
    RetoVencido,
    Tokens,
)

if TYPE_CHECKING:
    from mypy_boto3_cognito_idp import CognitoIdentityProviderClient
    from mypy_boto3_cognito_idp.type_defs import (
        InitiateAuthResponseTypeDef,
        RespondToAuthChallengeResponseTypeDef,
    )

_REINTENTABLES = {"TooManyRequestsException", "LimitExceededException", "InternalErrorException"}
_DEMASIADOS_INTENTOS = "Demasiados intentos fallidos. Espera unos minutos e inténtalo de nuevo."
_SESION_MALA = {
    "NotAuthorizedException",
    "ResourceNotFoundException",
    "InvalidParameterException",
    "UserNotFoundException",
}
# Al iniciar sesión todo rechazo se ve igual: no se distingue usuario inexistente de contraseña mala.
_AL_INICIAR: dict[str, type[ErrorDominio]] = {
    codigo: CredencialesInvalidas
    for codigo in (
        "NotAuthorizedException",
        "UserNotFoundException",
        "UserNotConfirmedException",
        "PasswordResetRequiredException",
        "InvalidParameterException",
    )
}


def _rechazo_contrasena() -> ErrorDominio:
    return ContrasenaRechazada(
        f"Cognito no aceptó esta contraseña. {contrasenas.texto()} Si ya cumple, puede que aparezca en "
        "filtraciones conocidas: elige otra."
    )


_AL_RESPONDER: dict[str, Callable[[], ErrorDominio]] = {
    **dict.fromkeys(_SESION_MALA, RetoVencido),
    "CodeMismatchException": CodigoIncorrecto,
    "ExpiredCodeException": lambda: CodigoIncorrecto(usado=True),
    "InvalidPasswordException": _rechazo_contrasena,
    "PasswordHistoryPolicyViolationException": lambda: ContrasenaRechazada(
        "Ya usaste esa contraseña antes; elige una nueva."
    ),
}
_AL_VERIFICAR: dict[str, Callable[[], ErrorDominio]] = {
    **dict.fromkeys(_SESION_MALA, RetoVencido),
    "CodeMismatchException": CodigoIncorrecto,
    # Así responde Cognito a un primer código equivocado de VerifySoftwareToken.
    "EnableSoftwareTokenMFAException": CodigoIncorrecto,
    "ExpiredCodeException": lambda: CodigoIncorrecto(usado=True),
}
_AL_ASOCIAR: dict[str, Callable[[], ErrorDominio]] = {
    **dict.fromkeys(_SESION_MALA, RetoVencido),
    "ExpiredCodeException": RetoVencido,
}


def _traducir(e: ClientError, tabla: Mapping[str, Callable[[], ErrorDominio]]) -> ErrorDominio:
    codigo = e.response.get("Error", {}).get("Code", "")
    if codigo in tabla:
        return tabla[codigo]()
    if codigo == "TooManyFailedAttemptsException":
        return LimiteExcedido(_DEMASIADOS_INTENTOS)
    # Limitación, falla interna o algo que no esperábamos: reintentable para quien llama, visible en la alarma.
    return ServicioNoDisponible("No pudimos hablar con el servicio de sesiones. Intenta de nuevo en unos segundos.")


class ProveedorCognito:
    def __init__(self, cliente: CognitoIdentityProviderClient, pool: str | None, cliente_id: str) -> None:
        self.cliente = cliente
        self.pool = pool
        self.cliente_id = cliente_id
        self._secreto: str | None = None
        self._secreto_leido = False

    # --- firma y contexto ---

    def _secreto_cliente(self) -> str | None:
        if not self._secreto_leido:
            secreto = None
            if self.pool:
                try:
                    r = self.cliente.describe_user_pool_client(UserPoolId=self.pool, ClientId=self.cliente_id)
                except ClientError as e:
                    raise _traducir(e, {}) from e
                secreto = r["UserPoolClient"].get("ClientSecret")
            self._secreto = secreto
            self._secreto_leido = True
        return self._secreto

    def _firma(self, usuario: str) -> dict[str, str]:
        secreto = self._secreto_cliente()
        if not secreto:
            return {}
        digest = hmac.new(secreto.encode(), (usuario + self.cliente_id).encode(), hashlib.sha256).digest()
        return {"SECRET_HASH": base64.b64encode(digest).decode()}

    @staticmethod
    def _contexto(contexto: ContextoUsuario) -> dict[str, Any]:
        datos = {}
        if contexto.ip:
            datos["IpAddress"] = contexto.ip
        if contexto.datos_dispositivo:
            datos["EncodedData"] = contexto.datos_dispositivo
        return {"UserContextData": datos} if datos else {}

    @staticmethod
    def _resultado(
        r: InitiateAuthResponseTypeDef | RespondToAuthChallengeResponseTypeDef, usuario: str
    ) -> Autenticacion:
        tokens = r.get("AuthenticationResult")
        if tokens:
            return Tokens(tokens["IdToken"], tokens["AccessToken"], int(tokens.get("ExpiresIn", 3600)))
        parametros = r.get("ChallengeParameters") or {}
        return RetoCognito(
            r.get("ChallengeName", ""),
            r.get("Session", ""),
            parametros.get("USER_ID_FOR_SRP") or parametros.get("USERNAME") or usuario,
        )

    # --- el puerto ---

    def iniciar(self, usuario: str, contrasena: str, contexto: ContextoUsuario) -> Autenticacion:
        try:
            r = self.cliente.initiate_auth(
                ClientId=self.cliente_id,
                AuthFlow="USER_PASSWORD_AUTH",
                AuthParameters={"USERNAME": usuario, "PASSWORD": contrasena, **self._firma(usuario)},
                **self._contexto(contexto),
            )
        except ClientError as e:
            raise _traducir(e, _AL_INICIAR) from None
        except ParamValidationError:
            raise CredencialesInvalidas() from None
        return self._resultado(r, usuario)

    def responder(
        self, reto: RetoRespondible, sesion: str, usuario: str, respuestas: dict[str, str], contexto: ContextoUsuario
    ) -> Autenticacion:
        try:
            r = self.cliente.respond_to_auth_challenge(
                ClientId=self.cliente_id,
                ChallengeName=reto,
                Session=sesion,
                ChallengeResponses={"USERNAME": usuario, **respuestas, **self._firma(usuario)},
                **self._contexto(contexto),
            )
        except ClientError as e:
            raise _traducir(e, _AL_RESPONDER) from None
        except ParamValidationError:
            raise RetoVencido() from None
        return self._resultado(r, usuario)

    def asociar_totp(self, *, sesion: str | None = None, access_token: str | None = None) -> tuple[str, str | None]:
        argumentos = {"Session": sesion} if sesion else {"AccessToken": access_token}
        try:
            r = self.cliente.associate_software_token(**argumentos)
        except ClientError as e:
            raise _traducir(e, _AL_ASOCIAR) from None
        except ParamValidationError:
            raise RetoVencido() from None
        return r["SecretCode"], (r.get("Session") if sesion else None)

    def verificar_totp(self, codigo: str, *, sesion: str | None = None, access_token: str | None = None) -> str | None:
        argumentos = {"Session": sesion} if sesion else {"AccessToken": access_token}
        try:
            r = self.cliente.verify_software_token(
                UserCode=codigo, FriendlyDeviceName="Consola Blue Point", **argumentos
            )
        except ClientError as e:
            raise _traducir(e, _AL_VERIFICAR) from None
        except ParamValidationError:
            raise RetoVencido() from None
        if r.get("Status") != "SUCCESS":
            raise CodigoIncorrecto()
        return r.get("Session") if sesion else None

    def preferir_totp(self, access_token: str) -> None:
        try:
            self.cliente.set_user_mfa_preference(
                AccessToken=access_token, SoftwareTokenMfaSettings={"Enabled": True, "PreferredMfa": True}
            )
        except ClientError as e:
            raise _traducir(e, _AL_ASOCIAR) from None
