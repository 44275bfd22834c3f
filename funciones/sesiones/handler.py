"""POST /api/sesiones: inicio de sesión de agentes (Cognito USER_PASSWORD_AUTH)."""

from __future__ import annotations

import base64
import json
from datetime import timedelta
from typing import TYPE_CHECKING

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import Response
from botocore.exceptions import ClientError

from esquemas.sesiones import Sesion, SolicitudSesion
from funciones.nucleo import reloj
from funciones.nucleo.agentes import Agente, NoAutenticado
from funciones.nucleo.aws import cliente
from funciones.nucleo.config import ajustes
from funciones.nucleo.errores import ServicioNoDisponible
from funciones.nucleo.http import crear_app, leer_cuerpo, respuesta_json

if TYPE_CHECKING:
    from aws_lambda_powertools.utilities.typing import LambdaContext

logger = Logger()
app = crear_app(logger)
CREDENCIALES_MALAS = "Usuario o contraseña incorrectos."
_RECHAZOS = {
    "NotAuthorizedException",
    "UserNotFoundException",
    "UserNotConfirmedException",
    "PasswordResetRequiredException",
}


def _claims(token: str) -> dict:
    # El token viene de Cognito por TLS en esta misma llamada: basta leer su contenido.
    carga = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(carga + "=" * (-len(carga) % 4)))


@app.post("/api/sesiones")
def iniciar_sesion() -> Response:
    solicitud = leer_cuerpo(app, SolicitudSesion)
    try:
        r = cliente("cognito-idp").initiate_auth(
            ClientId=ajustes().cognito_cliente,
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": solicitud.usuario, "PASSWORD": solicitud.contrasena},
        )
    except ClientError as e:
        if e.response.get("Error", {}).get("Code") in _RECHAZOS:
            raise NoAutenticado(CREDENCIALES_MALAS) from None
        raise ServicioNoDisponible() from e
    resultado = r.get("AuthenticationResult")
    if not resultado:
        # Un reto (cambio de contraseña, MFA) no se atiende aquí.
        raise NoAutenticado("Tu cuenta necesita un paso adicional; pide ayuda a tu supervisor.")
    token = resultado["IdToken"]
    claims = _claims(token)
    grupos = claims.get("cognito:groups") or []
    agente = Agente(claims.get("cognito:username", solicitud.usuario), frozenset(grupos))
    if not agente.grupos:
        raise NoAutenticado("Tu usuario no tiene un perfil de agente asignado.")
    logger.info("sesión iniciada", extra={"usuario": agente.usuario, "rol": agente.rol})
    return respuesta_json(
        200,
        Sesion(
            token=token,
            expira=reloj.ahora() + timedelta(seconds=resultado.get("ExpiresIn", 3600)),
            rol=agente.rol,
            usuario=agente.usuario,
            nombre=claims.get("name") or agente.usuario,
        ),
    )


@logger.inject_lambda_context
def handler(event: dict, context: LambdaContext) -> dict:
    return app.resolve(event, context)
