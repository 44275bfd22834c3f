"""Entrega de lo que pide cada evento de la bandeja de salida, una sola vez."""

from __future__ import annotations

from funciones.notificaciones.plantillas import CORREOS, SMS, ContextoEnvio, alerta
from funciones.nucleo.caso import Evento
from funciones.nucleo.puertos import Alertas, Correo, RegistroEnvios, Sms
from funciones.nucleo.textos import enmascarar_correo, enmascarar_telefono

_DESCRIPCION = {
    "folio": "Te enviamos el folio",
    "resolucion": "Te enviamos la resolución y cómo confirmarla",
    "escalamiento": "Te avisamos que tu caso pasó a atención especializada",
    "alerta": "Alerta enviada",
    "encuesta": "Te enviamos la encuesta de satisfacción",
}


def entregar(
    evento: Evento,
    envios: RegistroEnvios,
    correo: Correo,
    sms: Sms,
    ctx: ContextoEnvio,
    reserva_s: int,
    alertas: Alertas | None = None,
) -> Evento | None:
    """Envía el mensaje del evento y registra la entrega; None si ya se había entregado."""
    pedido = evento.notificar or {}
    medio, plantilla, destino = pedido["medio"], pedido["plantilla"], pedido["destino"]
    ahora = ctx.ahora
    reserva = envios.reservar(evento.folio, evento.id, ahora, reserva_s)
    if reserva is None:
        return None
    try:
        if medio == "alerta":
            if alertas is None:
                raise RuntimeError("no hay tema de alertas configurado")
            asunto, mensaje, atributos = alerta(pedido["datos"], ctx)
            id_mensaje = alertas.publicar(asunto, mensaje, atributos)
            a_quien = f"a {', '.join(pedido['datos']['departamentos'])} por SNS"
        elif medio == "correo":
            asunto, texto, html = CORREOS[plantilla](pedido["datos"], ctx)
            id_mensaje = correo.enviar(destino, asunto, texto, html)
            a_quien = f"por correo a {enmascarar_correo(destino)}"
        else:
            id_mensaje = sms.enviar(destino, SMS[plantilla](pedido["datos"], ctx))
            a_quien = f"por SMS al {enmascarar_telefono(destino)}"
    except Exception:
        # Sin enviar: se libera la reserva para que el reintento sí envíe.
        envios.liberar(evento.folio, evento.id, reserva)
        raise
    entrega = Evento(
        folio=evento.folio,
        fecha=ahora,
        tipo="notificacion_enviada",
        # Las alertas internas quedan en el historial, pero no en el público.
        publico=medio != "alerta",
        descripcion=f"{_DESCRIPCION.get(plantilla, 'Te enviamos un aviso')} {a_quien}.",
        datos={"medio": medio, "plantilla": plantilla, "id_mensaje": id_mensaje, "evento_origen": evento.id},
    )
    envios.confirmar(evento.folio, evento.id, reserva, entrega)
    return entrega
