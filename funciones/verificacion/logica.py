"""Verificación de identidad por teléfono: contrato + nombre + una pregunta de seguridad, con bloqueo."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from esquemas.verificacion import ClienteVerificado, ResultadoVerificacion, SolicitudVerificacion
from funciones.nucleo.adaptadores.verificaciones_dynamo import (
    Bloqueo,
    CambioConcurrente,
    RepositorioVerificaciones,
    Verificacion,
    evento_cliente,
)
from funciones.nucleo.agentes import Agente
from funciones.nucleo.calendario import ZONA
from funciones.nucleo.clientes import nombre_coincide, respuesta_correcta
from funciones.nucleo.errores import Bloqueado, ServicioNoDisponible
from funciones.nucleo.textos import enmascarar_correo, enmascarar_telefono

MAX_FALLOS = 3
VENTANA = timedelta(minutes=30)
DURACION_BLOQUEO = timedelta(minutes=30)
VIGENCIA = timedelta(minutes=30)


def verificar(
    solicitud: SolicitudVerificacion, repo: RepositorioVerificaciones, pimienta: bytes, agente: Agente, ahora: datetime
) -> ResultadoVerificacion:
    for _ in range(3):
        try:
            return _intento(solicitud, repo, pimienta, agente, ahora)
        except CambioConcurrente:
            continue
    raise ServicioNoDisponible()


def _intento(
    solicitud: SolicitudVerificacion, repo: RepositorioVerificaciones, pimienta: bytes, agente: Agente, ahora: datetime
) -> ResultadoVerificacion:
    contrato = solicitud.contrato
    cliente, bloqueo = repo.leer(contrato)
    if bloqueo.bloqueado_hasta and datetime.fromisoformat(bloqueo.bloqueado_hasta) > ahora:
        hasta = datetime.fromisoformat(bloqueo.bloqueado_hasta).astimezone(ZONA).strftime("%H:%M")
        raise Bloqueado(
            f"La verificación de este contrato está bloqueada por intentos fallidos hasta las {hasta}. "
            "El cliente puede acudir a una tienda con identificación oficial."
        )
    # Se evalúa todo siempre, para no dar pistas por tiempos de respuesta.
    nombre_ok = cliente is not None and nombre_coincide(cliente, solicitud.nombre)
    respuesta_ok = cliente is not None and respuesta_correcta(
        cliente, solicitud.pregunta, solicitud.respuesta, pimienta
    )
    datos = {"pregunta": solicitud.pregunta, "agente": agente.usuario}
    if cliente is not None and nombre_ok and respuesta_ok:
        verificacion = Verificacion(
            id=secrets.token_urlsafe(18),
            contrato=contrato,
            agente=agente.usuario,
            expira=ahora + VIGENCIA,
            usada=False,
            nombre=cliente.nombre,
            correo=cliente.correo,
            telefono=cliente.telefono,
        )
        evento = evento_cliente(contrato, ahora, "verificacion_exitosa", datos)
        repo.registrar_exito(verificacion, bloqueo.version, evento)
        return ResultadoVerificacion(
            verificado=True,
            verificacion_id=verificacion.id,
            expira=verificacion.expira,
            cliente=ClienteVerificado(
                contrato=contrato,
                nombre=cliente.nombre,
                correo_enmascarado=enmascarar_correo(cliente.correo) if cliente.correo else None,
                telefono_enmascarado=enmascarar_telefono(cliente.telefono) if cliente.telefono else None,
                tiene_correo=bool(cliente.correo),
                tiene_telefono=bool(cliente.telefono),
            ),
        )
    recientes = [f for f in bloqueo.fallos if datetime.fromisoformat(f) > ahora - VENTANA] + [ahora.isoformat()]
    nuevo = Bloqueo(fallos=recientes)
    if len(recientes) >= MAX_FALLOS:
        nuevo = Bloqueo(fallos=[], bloqueado_hasta=(ahora + DURACION_BLOQUEO).isoformat())
    repo.registrar_fallo(
        contrato, nuevo, bloqueo.version, evento_cliente(contrato, ahora, "verificacion_fallida", datos)
    )
    return ResultadoVerificacion(verificado=False, intentos_restantes=max(0, MAX_FALLOS - len(recientes)))
