"""POST /api/sesiones y POST /api/sesiones/retos: inicio de sesión de agentes con Cognito y sus retos."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from esquemas.sesiones import ResultadoSesion, Sesion, SolicitudReto, SolicitudSesion
from funciones.nucleo.adaptadores.aws import cliente
from funciones.nucleo.adaptadores.cognito import ProveedorCognito
from funciones.nucleo.adaptadores.config import ajustes
from funciones.nucleo.dominio import reloj
from funciones.nucleo.dominio.identidad import ContextoUsuario
from funciones.nucleo.frontera.enrutador import Response
from funciones.nucleo.frontera.http import crear_app, ip_cliente, leer_cuerpo, respuesta_json
from funciones.nucleo.frontera.registro import crear_registro
from funciones.sesiones import logica

if TYPE_CHECKING:
    from aws_lambda_powertools.utilities.typing import LambdaContext

logger = crear_registro()
app = crear_app(logger)


@cache
def proveedor() -> ProveedorCognito:
    a = ajustes()
    return ProveedorCognito(cliente("cognito-idp"), a.cognito_pool, a.cognito_cliente or "")


def _contexto(datos_dispositivo: str | None) -> ContextoUsuario:
    return ContextoUsuario(ip=ip_cliente(app), datos_dispositivo=datos_dispositivo)


def _responder(resultado: logica.Resultado, usuario: str) -> Response[str]:
    if isinstance(resultado, Sesion):
        logger.info("sesión iniciada", extra={"usuario": resultado.usuario, "rol": resultado.rol})
    else:
        logger.info("reto de inicio de sesión", extra={"usuario": usuario, "reto": resultado.reto})
    return respuesta_json(200, ResultadoSesion(resultado))


@app.post("/api/sesiones")
def iniciar_sesion() -> Response[str]:
    solicitud = leer_cuerpo(app, SolicitudSesion)
    resultado = logica.iniciar(
        solicitud,
        proveedor(),
        _contexto(solicitud.datos_dispositivo),
        reloj.ahora(),
        ajustes().grupos_mfa_obligatorio,
    )
    return _responder(resultado, solicitud.usuario)


@app.post("/api/sesiones/retos")
def responder_reto() -> Response[str]:
    solicitud = leer_cuerpo(app, SolicitudReto)
    resultado = logica.responder(
        solicitud,
        proveedor(),
        _contexto(solicitud.datos_dispositivo),
        reloj.ahora(),
        ajustes().grupos_mfa_obligatorio,
    )
    return _responder(resultado, solicitud.usuario)


@logger.inject_lambda_context
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)
