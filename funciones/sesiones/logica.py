"""Inicio de sesión de agentes: la contraseña, los retos de Cognito y el TOTP obligatorio por grupo.

Cognito queda en MFA opcional: no sabe pedir TOTP sólo a un grupo. Por eso, si un agente de un grupo obligado
entra sin TOTP, esta función no entrega su token: asocia una app de autenticación y responde `configurar_totp`.
"""

from __future__ import annotations

import base64
import json
from datetime import datetime, timedelta
from typing import Any, cast

from aws_lambda_powertools import Logger

from esquemas.sesiones import (
    CodigoQr,
    PoliticaContrasena,
    ReglaContrasena,
    RetoCodigoTotp,
    RetoConfigurarTotp,
    RetoNuevaContrasena,
    Sesion,
    SolicitudReto,
    SolicitudSesion,
)
from funciones.nucleo.dominio import contrasenas, totp
from funciones.nucleo.dominio.agentes import PRIORIDAD, Agente, NoAutenticado
from funciones.nucleo.dominio.identidad import (
    Autenticacion,
    ContextoUsuario,
    ContrasenaRechazada,
    ProveedorIdentidad,
    RetoCognito,
    Tokens,
)

Resultado = Sesion | RetoNuevaContrasena | RetoCodigoTotp | RetoConfigurarTotp
logger = Logger(child=True)


def politica() -> PoliticaContrasena:
    return PoliticaContrasena(
        minimo=contrasenas.MINIMO,
        texto=contrasenas.texto(),
        reglas=[ReglaContrasena(clave=clave, texto=texto) for clave, texto in contrasenas.reglas()],
    )


def _claims(token: str) -> dict[str, Any]:
    # El token viene de Cognito por TLS en esta misma llamada: basta leer su contenido.
    carga = token.split(".")[1]
    return cast("dict[str, Any]", json.loads(base64.urlsafe_b64decode(carga + "=" * (-len(carga) % 4))))


def _qr(uri: str) -> CodigoQr:
    filas = totp.matriz_qr(uri)
    return CodigoQr(tamano=len(filas), filas=filas)


def _configurar(usuario: str, secreto: str, sesion: str | None, obligatorio: bool) -> RetoConfigurarTotp:
    uri = totp.uri_otpauth(secreto, usuario)
    return RetoConfigurarTotp(
        reto="configurar_totp",
        usuario=usuario,
        sesion=sesion,
        obligatorio=obligatorio,
        secreto=secreto.upper().rstrip("="),
        secreto_agrupado=totp.secreto_agrupado(secreto),
        uri=uri,
        qr=_qr(uri),
    )


class Inicio:
    """Un paso del inicio de sesión: lo que sigue después de lo que respondió Cognito."""

    def __init__(
        self, proveedor: ProveedorIdentidad, contexto: ContextoUsuario, ahora: datetime, obligatorio: frozenset[str]
    ) -> None:
        self.proveedor = proveedor
        self.contexto = contexto
        self.ahora = ahora
        self.obligatorio = obligatorio

    def siguiente(self, auth: Autenticacion, *, dos_pasos: bool, configurar: bool = False) -> Resultado:
        if isinstance(auth, RetoCognito):
            return self._reto(auth)
        return self._sesion(auth, dos_pasos=dos_pasos, configurar=configurar)

    def _reto(self, reto: RetoCognito) -> Resultado:
        if reto.nombre == "NEW_PASSWORD_REQUIRED":
            return RetoNuevaContrasena(
                reto="nueva_contrasena", usuario=reto.usuario, sesion=reto.sesion, politica=politica()
            )
        if reto.nombre == "SOFTWARE_TOKEN_MFA":
            return RetoCodigoTotp(reto="codigo_totp", usuario=reto.usuario, sesion=reto.sesion)
        if reto.nombre == "MFA_SETUP":
            # El pool exige MFA a todos: Cognito da una sesión para asociar y verificar la app.
            secreto, sesion = self.proveedor.asociar_totp(sesion=reto.sesion)
            return _configurar(reto.usuario, secreto, sesion or reto.sesion, obligatorio=True)
        raise NoAutenticado("Tu cuenta pide un paso que la consola no atiende; pide ayuda a tu supervisor.")

    def _sesion(self, tokens: Tokens, *, dos_pasos: bool, configurar: bool) -> Resultado:
        claims = _claims(tokens.id_token)
        grupos = claims.get("cognito:groups") or []
        agente = Agente(str(claims.get("cognito:username") or ""), frozenset(grupos))
        if not agente.usuario or not agente.grupos & set(PRIORIDAD):
            raise NoAutenticado("Tu usuario no tiene un perfil de agente asignado.")
        obligado = bool(agente.grupos & self.obligatorio)
        if not dos_pasos and (obligado or configurar):
            # El token nunca sale de aquí: el navegador confirma el primer código con su contraseña.
            secreto, _ = self.proveedor.asociar_totp(access_token=tokens.access_token)
            return _configurar(agente.usuario, secreto, None, obligatorio=obligado)
        return Sesion(
            token=tokens.id_token,
            expira=self.ahora + timedelta(seconds=tokens.expira_s),
            rol=agente.rol,
            usuario=agente.usuario,
            nombre=claims.get("name") or agente.usuario,
            verificacion_dos_pasos=dos_pasos,
        )


def iniciar(
    solicitud: SolicitudSesion,
    proveedor: ProveedorIdentidad,
    contexto: ContextoUsuario,
    ahora: datetime,
    obligatorio: frozenset[str],
) -> Resultado:
    inicio = Inicio(proveedor, contexto, ahora, obligatorio)
    auth = proveedor.iniciar(solicitud.usuario, solicitud.contrasena, contexto)
    return inicio.siguiente(auth, dos_pasos=False, configurar=solicitud.configurar_totp)


def responder(
    solicitud: SolicitudReto,
    proveedor: ProveedorIdentidad,
    contexto: ContextoUsuario,
    ahora: datetime,
    obligatorio: frozenset[str],
) -> Resultado:
    inicio = Inicio(proveedor, contexto, ahora, obligatorio)
    usuario = solicitud.usuario
    if solicitud.reto == "nueva_contrasena":
        nueva = solicitud.nueva_contrasena or ""
        problema = contrasenas.problema(nueva)
        if problema:
            # Se revisa antes de gastar la sesión del reto en un intento que Cognito rechazaría.
            raise ContrasenaRechazada(problema)
        auth = proveedor.responder(
            "NEW_PASSWORD_REQUIRED", solicitud.sesion or "", usuario, {"NEW_PASSWORD": nueva}, contexto
        )
        return inicio.siguiente(auth, dos_pasos=False)
    codigo = solicitud.codigo or ""
    if solicitud.reto == "codigo_totp":
        auth = proveedor.responder(
            "SOFTWARE_TOKEN_MFA", solicitud.sesion or "", usuario, {"SOFTWARE_TOKEN_MFA_CODE": codigo}, contexto
        )
        return inicio.siguiente(auth, dos_pasos=True)
    # configurar_totp
    if solicitud.sesion:
        # MFA_SETUP de Cognito: verificar con la sesión y terminar el reto.
        sesion = proveedor.verificar_totp(codigo, sesion=solicitud.sesion) or solicitud.sesion
        auth = proveedor.responder("MFA_SETUP", sesion, usuario, {}, contexto)
        if isinstance(auth, Tokens):
            proveedor.preferir_totp(auth.access_token)
        return inicio.siguiente(auth, dos_pasos=True)
    auth = proveedor.iniciar(usuario, solicitud.contrasena or "", contexto)
    if isinstance(auth, RetoCognito) and auth.nombre == "SOFTWARE_TOKEN_MFA":
        # Ya quedó activa (p. ej. en otra pestaña): el mismo código sirve para entrar.
        auth = proveedor.responder(
            "SOFTWARE_TOKEN_MFA", auth.sesion, auth.usuario, {"SOFTWARE_TOKEN_MFA_CODE": codigo}, contexto
        )
        return inicio.siguiente(auth, dos_pasos=True)
    if isinstance(auth, Tokens):
        proveedor.verificar_totp(codigo, access_token=auth.access_token)
        proveedor.preferir_totp(auth.access_token)
        return inicio.siguiente(auth, dos_pasos=True)
    return inicio.siguiente(auth, dos_pasos=False)
