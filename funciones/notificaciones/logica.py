"""Entrega de lo que pide cada evento de la bandeja de salida, una sola vez."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from funciones.notificaciones.plantillas import ALERTAS, CORREOS, SMS, ContextoEnvio
from funciones.nucleo.dominio import respuestas
from funciones.nucleo.dominio.caso import Caso, Evento
from funciones.nucleo.dominio.folio import folio_valido
from funciones.nucleo.dominio.puertos import Alertas, Correo, RegistroEnvios, Sms, WhatsApp
from funciones.nucleo.dominio.textos import enmascarar_correo, enmascarar_telefono, nombre_para_saludo
from funciones.nucleo.dominio.whatsapp import EnvioRechazado

_DESCRIPCION = {
    "folio": "Te enviamos el folio",
    "resolucion": "Te enviamos la resolución y cómo confirmarla",
    "escalamiento": "Te avisamos que tu solicitud pasó a atención especializada",
    "alerta": "Alerta enviada",
    "alerta_agente": "Alerta enviada",
    "encuesta": "Te enviamos la encuesta de satisfacción",
    "mensaje": "Te enviamos el mensaje del asesor",
    "duplicado": "Te avisamos con qué folio seguimos tu solicitud",
}
# RFC 3834: aviso automático; los respondedores automáticos (fuera de la oficina) no le contestan.
CABECERAS_AVISO = {"Auto-Submitted": "auto-generated"}


@dataclass(frozen=True)
class Hilo:
    """Lo que enhebra los correos de un caso: Reply-To firmado y el Message-ID de cada envío anterior."""

    # Dominio de las respuestas (`respuestas+<token>@dominio`); None: el Reply-To de atención, sin respuestas.
    dominio_respuestas: str | None
    pimienta: Callable[[], bytes]
    # Message-ID de los correos anteriores del caso (los que puso SES a los nuestros y los de las respuestas del
    # cliente), del más viejo al más nuevo.
    anteriores: Callable[[str], list[str]]

    def cabeceras(self, folio: str) -> tuple[str | None, dict[str, str]]:
        dominio = self.dominio_respuestas
        responder_a = respuestas.direccion_respuesta(folio, self.pimienta(), dominio) if dominio else None
        return responder_a, {**CABECERAS_AVISO, **respuestas.cabeceras_hilo(self.anteriores(folio))}


def entregar(
    evento: Evento,
    envios: RegistroEnvios,
    correo: Correo,
    sms: Sms,
    ctx: ContextoEnvio,
    reserva_s: int,
    alertas: Alertas | None = None,
    hilo: Hilo | None = None,
    whatsapp: WhatsApp | None = None,
    ultimo_whatsapp: Callable[[str], datetime | None] | None = None,
) -> Evento | None:
    """Envía el mensaje del evento y registra la entrega; None si ya se había entregado.

    Un correo de caso (no uno en la partición de un agente) lleva con `hilo` su Reply-To firmado y el hilo.
    Por WhatsApp, `ultimo_whatsapp(folio)` da el último mensaje del cliente por WhatsApp: el mensaje de un asesor
    va como texto libre dentro de la ventana de 24 h y, fuera de ella, en la plantilla que invita a responder.
    Un rechazo de WhatsApp (número inválido) queda como entrega `whatsapp_fallido`: quien llama pide el respaldo.
    """
    pedido = evento.notificar or {}
    medio, plantilla, destino = pedido["medio"], pedido["plantilla"], pedido["destino"]
    ahora = ctx.ahora
    reserva = envios.reservar(evento.pk, evento.id, ahora, reserva_s)
    if reserva is None:
        return None
    try:
        if medio == "alerta":
            if alertas is None:
                raise RuntimeError("no hay tema de alertas configurado")
            asunto, mensaje, atributos = ALERTAS[plantilla](pedido["datos"], ctx)
            id_envio = alertas.publicar(asunto, mensaje, atributos)
            from funciones.nucleo.dominio.etiquetas import destinos

            a_quien = f"a {destinos(pedido['datos']['departamentos'])}"
        elif medio == "correo":
            asunto, texto, html = CORREOS[plantilla](pedido["datos"], ctx)
            etiquetas = {"folio": evento.folio, "evento": evento.id, "plantilla": plantilla}
            responder_a, cabeceras = (
                hilo.cabeceras(evento.folio) if hilo and evento.particion is None else (None, CABECERAS_AVISO)
            )
            id_envio = correo.enviar(
                destino,
                asunto,
                texto,
                html,
                etiquetas,
                # El To lleva el nombre con la misma regla que el saludo.
                nombre=nombre_para_saludo(pedido["datos"].get("nombre")),
                responder_a=responder_a,
                cabeceras=cabeceras,
            )
            a_quien = f"por correo a {enmascarar_correo(destino)}"
        elif medio == "whatsapp":
            a_quien = f"por WhatsApp al {enmascarar_telefono(destino)}"
            try:
                if whatsapp is None:
                    # Pila sin número de WhatsApp (contexto whatsapp_numero): el mismo respaldo que un rechazo.
                    raise EnvioRechazado("SinNumeroWhatsApp")
                id_envio, forma = _enviar_whatsapp(evento, pedido, whatsapp, ctx, ultimo_whatsapp)
            except EnvioRechazado as e:
                # Permanente: no se reintenta; la entrega anotada es la falla y quien llama pide el respaldo.
                rechazo = _rechazo_whatsapp(evento, pedido, ahora, e)
                envios.confirmar(evento.pk, evento.id, reserva, rechazo)
                return rechazo
        else:
            id_envio = sms.enviar(destino, SMS[plantilla](pedido["datos"], ctx))
            a_quien = f"por SMS al {enmascarar_telefono(destino)}"
    except Exception:
        # Sin enviar: se libera la reserva para que el reintento sí envíe.
        envios.liberar(evento.pk, evento.id, reserva)
        raise
    entrega = Evento(
        folio=evento.folio,
        particion=evento.particion,
        fecha=ahora,
        tipo="notificacion_enviada",
        # Las alertas internas quedan en el historial, pero no en el público.
        publico=medio != "alerta",
        descripcion=f"{_DESCRIPCION.get(plantilla, 'Te enviamos un aviso')} {a_quien}.",
        datos={
            "medio": medio,
            "plantilla": plantilla,
            "id_mensaje": id_envio,
            "evento_origen": evento.id,
            **({"forma": forma} if medio == "whatsapp" else {}),
        },
    )
    envios.confirmar(evento.pk, evento.id, reserva, entrega)
    return entrega


def _enviar_whatsapp(
    evento: Evento,
    pedido: dict[str, Any],
    whatsapp: WhatsApp,
    ctx: ContextoEnvio,
    ultimo_whatsapp: Callable[[str], datetime | None] | None,
) -> tuple[str, str]:
    """(messageId de AWS, forma): `texto` libre o el nombre de la plantilla usada."""
    from funciones.notificaciones.plantillas_whatsapp import WHATSAPP
    from funciones.nucleo.dominio.whatsapp import referencia, ventana_abierta

    plantilla, destino = pedido["plantilla"], pedido["destino"]
    ref = referencia(evento.folio, evento.id, plantilla)
    abierta = ultimo_whatsapp is not None and ventana_abierta(ultimo_whatsapp(evento.folio), ctx.ahora)
    if plantilla == "mensaje" and abierta:
        return whatsapp.enviar_texto(destino, pedido["datos"]["texto"], referencia=ref), "texto"
    clave, parametros, cargas = WHATSAPP[plantilla](pedido["datos"], ctx)
    return whatsapp.enviar_plantilla(destino, clave, parametros, cargas, referencia=ref), clave


def _rechazo_whatsapp(evento: Evento, pedido: dict[str, Any], ahora: datetime, error: EnvioRechazado) -> Evento:
    nombre = _mensaje_whatsapp(pedido["plantilla"])
    return Evento(
        folio=evento.folio,
        particion=evento.particion,
        fecha=ahora,
        # Interno: el evento público de la falla (con el respaldo) lo anexa quien llama (eventos_falla_whatsapp).
        tipo="whatsapp_rechazado",
        publico=False,
        descripcion=f"WhatsApp rechazó el {nombre} al {enmascarar_telefono(pedido['destino'])}.",
        datos={
            "medio": "whatsapp",
            "plantilla": pedido["plantilla"],
            "evento_origen": evento.id,
            "errores": [{"codigo": error.codigo}],
        },
    )


# Margen bajo el cual no vale la pena programar: se envía ya.
_MARGEN_PROGRAMA = timedelta(minutes=1)


def momento_encuesta(evento: Evento, retraso_min: int, ahora: datetime) -> datetime | None:
    """Cuándo enviar la encuesta de este evento si hay que esperar; None si se envía ahora."""
    if (evento.notificar or {}).get("plantilla") != "encuesta" or retraso_min <= 0:
        return None
    cuando = evento.fecha + timedelta(minutes=retraso_min)
    return cuando if cuando > ahora + _MARGEN_PROGRAMA else None


def nombre_programa(evento: Evento) -> str:
    """Un nombre por evento: programar dos veces el mismo envío choca con el primero."""
    return f"encuesta-{evento.folio}-{evento.id}"


def carga_programa(evento: Evento) -> dict[str, Any]:
    # Sólo la llave del evento: los datos del cliente no salen de la tabla.
    return {"envio_diferido": {"folio": evento.folio, "sk": evento.sk}}


# Correos cuyo rebote deja al cliente sin algo que necesita (su folio, cómo confirmar, en qué va su caso).
PLANTILLAS_CON_ALERTA = frozenset({"folio", "resolucion", "escalamiento", "mensaje"})
_NOMBRE_PLANTILLA = {
    "folio": "folio",
    "resolucion": "resolución",
    "escalamiento": "escalamiento",
    "encuesta": "encuesta",
    "mensaje": "mensaje del asesor",
    "duplicado": "aviso de folio duplicado",
}


def _id_ses(id_mensaje: str, tipo: str, sufijo: str = "") -> str:
    return hashlib.sha256(f"{id_mensaje}:{tipo}{sufijo}".encode()).hexdigest()[:12]


def _fecha_ses(aviso: dict[str, Any], clave: str) -> datetime:
    marca = (aviso.get(clave) or {}).get("timestamp") or aviso["mail"]["timestamp"]
    return datetime.fromisoformat(marca.replace("Z", "+00:00"))


def eventos_de_ses(
    aviso: dict[str, Any],
    caso_de: Callable[[str], Caso | None],
    telefono_de_contrato: Callable[[str], str | None] | None = None,
) -> list[Evento]:
    """Lo que un evento de SES (entrega, rebote, queja) deja en el historial; ids deterministas por mensaje.

    `telefono_de_contrato`: el teléfono registrado del contrato, para la alerta de un rebote cuando el caso no
    trae teléfono propio.
    """
    tipo = aviso.get("eventType") or aviso.get("notificationType")
    correo = aviso.get("mail") or {}
    etiquetas = {k: v[0] for k, v in (correo.get("tags") or {}).items() if isinstance(v, list) and v}
    folio, plantilla = etiquetas.get("folio", ""), etiquetas.get("plantilla", "")
    id_mensaje = correo.get("messageId", "")
    if tipo not in ("Delivery", "Bounce", "Complaint") or not folio_valido(folio) or not id_mensaje:
        return []
    nombre = _NOMBRE_PLANTILLA.get(plantilla, "aviso")
    destinos = correo.get("destination") or []
    a_quien = enmascarar_correo(destinos[0]) if destinos else "tu correo"
    datos: dict[str, Any] = {"id_mensaje": id_mensaje, "plantilla": plantilla, "evento_origen": etiquetas.get("evento")}
    if tipo == "Delivery":
        fecha = _fecha_ses(aviso, "delivery")
        return [
            Evento(
                folio=folio,
                fecha=fecha,
                tipo="correo_entregado",
                publico=False,
                descripcion=f"El servidor de correo de {a_quien} recibió el correo de {nombre}.",
                datos=datos,
                id=_id_ses(id_mensaje, tipo),
            )
        ]
    if tipo == "Complaint":
        return [
            Evento(
                folio=folio,
                fecha=_fecha_ses(aviso, "complaint"),
                tipo="correo_queja",
                publico=False,
                descripcion=f"{a_quien} marcó como no deseado el correo de {nombre}.",
                datos={**datos, "tipo_queja": (aviso.get("complaint") or {}).get("complaintFeedbackType")},
                id=_id_ses(id_mensaje, tipo),
            )
        ]
    rebote = aviso.get("bounce") or {}
    fecha = _fecha_ses(aviso, "bounce")
    # Un rebote temporal (buzón lleno) se anota; sólo el permanente deja al cliente sin el mensaje.
    permanente = rebote.get("bounceType") == "Permanent"
    caso = caso_de(folio) if permanente and plantilla in PLANTILLAS_CON_ALERTA else None
    llamar = caso is not None and bool(caso.telefono)
    eventos = [
        Evento(
            folio=folio,
            fecha=fecha,
            tipo="correo_rebotado",
            descripcion=(
                f"No pudimos entregar el correo de {nombre} a {a_quien}."
                + (" Un asesor se comunicará contigo por teléfono." if llamar else "")
            ),
            datos={**datos, "tipo_rebote": rebote.get("bounceType"), "subtipo_rebote": rebote.get("bounceSubType")},
            # Por tipo de rebote: uno permanente después de uno temporal del mismo mensaje también se anota.
            id=_id_ses(id_mensaje, tipo, str(rebote.get("bounceType"))),
        )
    ]
    if caso is not None:
        from funciones.nucleo.dominio.escalamiento import evento_alerta  # sólo en un rebote: no pesa en el arranque

        del_contrato = (
            telefono_de_contrato(caso.contrato)
            if not llamar and caso.contrato and telefono_de_contrato is not None
            else None
        )
        if llamar:
            motivo = f"El correo de {nombre} rebotó: llamar al cliente."
        elif del_contrato:
            motivo = (
                f"El correo de {nombre} rebotó y el caso no trae teléfono: llamar al teléfono registrado del "
                f"contrato {caso.contrato} ({enmascarar_telefono(del_contrato)})."
            )
        else:
            motivo = (
                f"El correo de {nombre} rebotó y ni el caso ni su contrato tienen teléfono: revisar otro medio de "
                "contacto."
            )
        aviso_interno = evento_alerta(caso, "correo_rebotado", fecha, motivo, "sistema")
        aviso_interno.id = _id_ses(id_mensaje, tipo, ":alerta")
        eventos.append(aviso_interno)
    return eventos


# --- WhatsApp: estados de entrega (la prueba de entrega, como los eventos de SES para el correo) ---

_ESTADOS_WHATSAPP = {
    "sent": ("whatsapp_enviado", "WhatsApp recibió el {nombre} para el {a_quien}."),
    "delivered": ("whatsapp_entregado", "El {nombre} llegó al WhatsApp del {a_quien}."),
    "read": ("whatsapp_leido", "El cliente leyó en WhatsApp el {nombre}."),
    "failed": ("whatsapp_fallido", "No pudimos entregar por WhatsApp el {nombre} al {a_quien}."),
}


def _mensaje_whatsapp(plantilla: str) -> str:
    """«mensaje de folio», «mensaje de resolución»…; el del asesor, «mensaje del asesor» (no «mensaje de mensaje…»)."""
    nombre = _NOMBRE_PLANTILLA.get(plantilla, "aviso")
    return nombre if nombre.startswith("mensaje") else f"mensaje de {nombre}"


def _fecha_whatsapp(estado: dict[str, Any], ahora: datetime) -> datetime:
    from datetime import UTC

    try:
        return datetime.fromtimestamp(int(estado["timestamp"]), UTC)
    except (KeyError, TypeError, ValueError, OverflowError, OSError):
        return ahora


def _errores_whatsapp(estado: dict[str, Any]) -> list[dict[str, Any]]:
    salida = []
    for e in estado.get("errors") or []:
        if isinstance(e, dict):
            detalle = (e.get("error_data") or {}).get("details") if isinstance(e.get("error_data"), dict) else None
            salida.append({"codigo": e.get("code"), "titulo": e.get("title"), "detalle": detalle or e.get("message")})
    return salida[:5]


def eventos_de_estado_whatsapp(
    estado: dict[str, Any],
    caso_de: Callable[[str], Caso | None],
    evento_de: Callable[[str, str], Evento | None],
    ahora: datetime,
) -> list[Evento]:
    """Lo que un estado de Meta (sent, delivered, read, failed) deja en el historial; ids deterministas por wamid.

    Se liga al caso por `biz_opaque_callback_data` (la referencia que llevó el envío). Un `failed` de un aviso que
    el cliente necesita (PLANTILLAS_CON_ALERTA) pide el mismo aviso por correo o SMS y alerta como un rebote.
    """
    from funciones.nucleo.dominio.whatsapp import leer_referencia

    ref = leer_referencia(estado.get("biz_opaque_callback_data"))
    tipo_meta = estado.get("status")
    wamid = estado.get("id")
    if ref is None or tipo_meta not in _ESTADOS_WHATSAPP or not isinstance(wamid, str) or not wamid:
        return []
    folio, origen_id, plantilla = ref
    if not folio_valido(folio):
        return []
    tipo, texto = _ESTADOS_WHATSAPP[tipo_meta]
    nombre = _mensaje_whatsapp(plantilla)
    destinatario = str(estado.get("recipient_id") or "")
    # Los textos ya llevan el artículo («para el …», «al …», «del …»).
    a_quien = enmascarar_telefono(destinatario) if destinatario else "número que nos diste"
    fecha = _fecha_whatsapp(estado, ahora)
    datos: dict[str, Any] = {
        "medio": "whatsapp",
        "id_mensaje": wamid,
        "plantilla": plantilla,
        "evento_origen": origen_id,
        "estado": tipo_meta,
    }
    if tipo_meta != "failed":
        evento = Evento(
            folio=folio,
            fecha=fecha,
            tipo=tipo,
            publico=False,
            descripcion=texto.format(nombre=nombre, a_quien=a_quien),
            datos=datos,
            id=_id_ses(wamid, tipo_meta),
        )
        return [evento]
    caso = caso_de(folio)
    datos["errores"] = _errores_whatsapp(estado)
    return eventos_falla_whatsapp(
        caso, evento_de(folio, origen_id), folio, plantilla, fecha, datos, texto.format(nombre=nombre, a_quien=a_quien)
    )


def eventos_falla_whatsapp(
    caso: Caso | None,
    origen: Evento | None,
    folio: str,
    plantilla: str,
    fecha: datetime,
    datos: dict[str, Any],
    descripcion: str,
) -> list[Evento]:
    """El mensaje no llegó por WhatsApp: la falla (con el respaldo por correo o SMS en su `notificar`) y la alerta."""
    llave = str(datos.get("id_mensaje") or datos.get("evento_origen"))
    respaldo = None
    pedido = (origen.notificar or {}) if origen is not None else {}
    if caso is not None and plantilla in PLANTILLAS_CON_ALERTA and pedido.get("medio") == "whatsapp":
        medio, destino = ("correo", caso.correo) if caso.correo else ("sms", caso.telefono)
        if destino:
            respaldo = {**pedido, "medio": medio, "destino": destino, "respaldo_de": "whatsapp"}
    if respaldo is not None:
        via = (
            f"por correo a {enmascarar_correo(respaldo['destino'])}"
            if respaldo["medio"] == "correo"
            else f"por SMS al {enmascarar_telefono(respaldo['destino'])}"
        )
        descripcion += f" Te lo enviamos {via}."
    eventos = [
        Evento(
            folio=folio,
            fecha=fecha,
            tipo="whatsapp_fallido",
            descripcion=descripcion,
            datos={**datos, "respaldo": respaldo["medio"] if respaldo else None},
            notificar=respaldo,
            id=_id_ses(llave, "failed"),
        )
    ]
    if caso is not None and plantilla in PLANTILLAS_CON_ALERTA:
        from funciones.nucleo.dominio.escalamiento import evento_alerta

        nombre = _NOMBRE_PLANTILLA.get(plantilla, "aviso")
        if respaldo is not None:
            via = "correo" if respaldo["medio"] == "correo" else "SMS"
            motivo = f"El WhatsApp de {nombre} no llegó; se reenvió por {via}. Confirmar con el cliente su contacto."
        else:
            motivo = f"El WhatsApp de {nombre} no llegó y el caso no tiene otro medio: llamar al cliente."
        alerta = evento_alerta(caso, "whatsapp_fallido", fecha, motivo, "sistema")
        alerta.id = _id_ses(llave, "failed", ":alerta")
        eventos.append(alerta)
    return eventos
