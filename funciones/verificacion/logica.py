"""Verificación de identidad por teléfono: contrato + nombre + una pregunta de seguridad, con bloqueo."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from esquemas.verificacion import BloqueoLevantado, ClienteVerificado, ResultadoVerificacion, SolicitudVerificacion
from funciones.nucleo.dominio import catalogo
from funciones.nucleo.dominio.agentes import Agente
from funciones.nucleo.dominio.calendario import ZONA, texto_fecha
from funciones.nucleo.dominio.caso import Evento
from funciones.nucleo.dominio.clientes import nombre_coincide, respuesta_correcta
from funciones.nucleo.dominio.errores import Bloqueado, Conflicto, ServicioNoDisponible
from funciones.nucleo.dominio.textos import enmascarar_correo, enmascarar_telefono
from funciones.nucleo.dominio.verificaciones import (
    Bloqueo,
    CambioConcurrente,
    EventoCliente,
    RepositorioVerificaciones,
    Verificacion,
    particion_agente,
)

MAX_FALLOS = 3
VENTANA = timedelta(minutes=30)
DURACION_BLOQUEO = timedelta(minutes=30)
VIGENCIA = timedelta(minutes=30)
SUPERVISORES = "supervisores"


def presupuesto_agente() -> tuple[int, timedelta, timedelta]:
    """Fallos por agente en la ventana y cuánto dura su bloqueo (del catálogo)."""
    lim = catalogo.catalogo()["limites"]
    return (
        int(lim["fallos_verificacion_por_agente"]),
        timedelta(minutes=lim["ventana_fallos_agente_min"]),
        timedelta(minutes=lim["bloqueo_agente_min"]),
    )


def _hora(iso: str) -> str:
    return datetime.fromisoformat(iso).astimezone(ZONA).strftime("%H:%M")


def alerta_agente(usuario: str, fallos: int, ventana: timedelta, hasta: datetime, ahora: datetime) -> Evento:
    """Aviso a supervisores por la bandeja de salida (medio `alerta`, como en escalamiento), sin datos de clientes."""
    minutos = int(ventana.total_seconds() // 60)
    return Evento(
        folio="",
        particion=particion_agente(usuario),
        fecha=ahora,
        tipo="alerta_verificaciones_fallidas",
        publico=False,
        autor="sistema",
        descripcion=f"{usuario} acumuló {fallos} verificaciones fallidas en {minutos} minutos; bloqueado hasta "
        f"las {_hora(hasta.isoformat())}.",
        datos={"agente": usuario, "fallos": fallos},
        notificar={
            "plantilla": "alerta_agente",
            "medio": "alerta",
            "destino": "alertas",
            "datos": {
                "tipo": "verificaciones_fallidas",
                "departamentos": [SUPERVISORES],
                "agente": usuario,
                "fallos": fallos,
                "ventana_min": minutos,
                "hasta": hasta.isoformat(),
            },
        },
    )


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
    cliente, bloqueo, del_agente = repo.leer(contrato, agente.usuario)
    maximo_agente, ventana_agente, bloqueo_agente = presupuesto_agente()
    if del_agente.bloqueado_hasta and datetime.fromisoformat(del_agente.bloqueado_hasta) > ahora:
        raise Bloqueado(
            f"Tu usuario no puede verificar identidades hasta las {_hora(del_agente.bloqueado_hasta)}: acumuló "
            f"{maximo_agente} verificaciones fallidas en poco tiempo y ya avisamos a los supervisores. "
            "Pide a otro asesor que atienda la llamada.",
            "agente_bloqueado",
        )
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
        evento = EventoCliente(contrato, ahora, "verificacion_exitosa", datos)
        repo.registrar_exito(verificacion, bloqueo.version, evento, ahora)
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
    # El mismo fallo cuenta para el presupuesto del agente, en cualquier contrato (o en uno que no existe).
    del_agente_recientes = [f for f in del_agente.fallos if datetime.fromisoformat(f) > ahora - ventana_agente] + [
        ahora.isoformat()
    ]
    nuevo_agente, alerta = Bloqueo(fallos=del_agente_recientes), None
    if len(del_agente_recientes) >= maximo_agente:
        fin_bloqueo = ahora + bloqueo_agente
        nuevo_agente = Bloqueo(fallos=[], bloqueado_hasta=fin_bloqueo.isoformat())
        alerta = alerta_agente(agente.usuario, len(del_agente_recientes), ventana_agente, fin_bloqueo, ahora)
    repo.registrar_fallo(
        contrato,
        nuevo,
        bloqueo.version,
        EventoCliente(contrato, ahora, "verificacion_fallida", datos),
        agente.usuario,
        nuevo_agente,
        del_agente.version,
        alerta,
    )
    return ResultadoVerificacion(verificado=False, intentos_restantes=max(0, MAX_FALLOS - len(recientes)))


def levantar_bloqueo(
    contrato: str, motivo: str, repo: RepositorioVerificaciones, agente: Agente, ahora: datetime
) -> BloqueoLevantado:
    """Un supervisor levanta el bloqueo de un contrato (o borra sus fallos recientes); queda en su registro."""
    for _ in range(3):
        _, bloqueo, _ = repo.leer(contrato, agente.usuario)
        vigente = bloqueo.bloqueado_hasta and datetime.fromisoformat(bloqueo.bloqueado_hasta) > ahora
        recientes = [f for f in bloqueo.fallos if datetime.fromisoformat(f) > ahora - VENTANA]
        if not vigente and not recientes:
            raise Conflicto(
                "Este contrato no tiene un bloqueo ni intentos fallidos recientes: no hay nada que levantar.",
                "sin_bloqueo",
            )
        datos = {
            "agente": agente.usuario,
            "motivo": motivo,
            "bloqueado_hasta": bloqueo.bloqueado_hasta if vigente else None,
            "fallos_borrados": len(recientes),
        }
        try:
            repo.levantar_bloqueo(contrato, bloqueo.version, EventoCliente(contrato, ahora, "bloqueo_levantado", datos))
        except CambioConcurrente:
            continue
        return BloqueoLevantado(
            contrato=contrato,
            levantado=bool(vigente),
            levantado_por=agente.usuario,
            motivo=motivo,
            fecha=ahora,
            fecha_texto=texto_fecha(ahora, ahora),
            intentos_restantes=MAX_FALLOS,
        )
    raise ServicioNoDisponible()
