"""Expediente de un caso para PROFECO: datos, historial, avisos con su constancia, confirmaciones y encuestas."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from esquemas.expediente import ConstanciaEntrega, CorreoRecibidoExpediente, Expediente, NotificacionExpediente
from funciones.nucleo.dominio.caso import Caso, Evento
from funciones.nucleo.dominio.etiquetas import AVISOS, MEDIOS, fecha_completa, legible
from funciones.nucleo.frontera.vistas import datos_caso, entrada

_ACUSES = {
    "correo_entregado": ("entregado", "El servidor de correo del destinatario lo recibió"),
    "correo_rebotado": ("no_entregado", "El servidor de correo del destinatario lo rechazó"),
    "correo_queja": ("no_deseado", "El destinatario lo marcó como correo no deseado"),
    # WhatsApp: los estados de Meta, ligados al aviso por su evento de origen (el wamid no es el id de AWS).
    "whatsapp_enviado": ("aceptado", "WhatsApp lo aceptó para su entrega"),
    "whatsapp_entregado": ("entregado", "Llegó al WhatsApp del destinatario"),
    "whatsapp_leido": ("leido", "El destinatario lo leyó en WhatsApp"),
    "whatsapp_fallido": ("no_entregado", "WhatsApp no pudo entregarlo"),
}


def _del_aviso(aviso: Evento, acuse: Evento) -> bool:
    if aviso.datos.get("medio") == "whatsapp" and acuse.tipo.startswith("whatsapp_"):
        origen = aviso.datos.get("evento_origen")
        return bool(origen) and acuse.datos.get("evento_origen") == origen
    id_mensaje = str(aviso.datos.get("id_mensaje", ""))
    return bool(id_mensaje) and str(acuse.datos.get("id_mensaje", "")) == id_mensaje


def _constancias(aviso: Evento, acuses: list[Evento]) -> list[ConstanciaEntrega]:
    id_mensaje = str(aviso.datos.get("id_mensaje", ""))
    propias = [
        ConstanciaEntrega(
            fecha=a.fecha,
            fecha_texto=fecha_completa(a.fecha),
            resultado=_ACUSES[a.tipo][0],
            texto=f"{_ACUSES[a.tipo][1]} el {fecha_completa(a.fecha)}.",
        )
        for a in acuses
        if _del_aviso(aviso, a)
    ]
    if aviso.datos.get("medio") in ("sms", "alerta") and id_mensaje:
        # El SMS y la alerta no tienen acuse del destinatario: consta que el servicio de envío lo aceptó.
        propias.append(
            ConstanciaEntrega(
                fecha=aviso.fecha,
                fecha_texto=fecha_completa(aviso.fecha),
                resultado="aceptado",
                texto=f"El servicio de mensajería lo aceptó para su entrega el {fecha_completa(aviso.fecha)}.",
            )
        )
    return propias


def expediente(caso: Caso, eventos: list[Evento], encuestas: list[dict[str, Any]], ahora: datetime) -> Expediente:
    ordenados = sorted(eventos, key=lambda e: e.fecha)
    resoluciones = [e for e in ordenados if e.tipo == "caso_resuelto"]
    fecha_resolucion = resoluciones[-1].fecha if resoluciones else None
    acuses = [e for e in ordenados if e.tipo in _ACUSES]
    return Expediente(
        generado=ahora,
        generado_texto=fecha_completa(ahora),
        caso=datos_caso(caso, ahora),
        plazo_interno_cumplido=fecha_resolucion <= caso.fecha_compromiso if fecha_resolucion else None,
        plazo_legal_cumplido=fecha_resolucion <= caso.fecha_limite_legal if fecha_resolucion else None,
        fecha_resolucion=fecha_resolucion,
        historial=[entrada(e, ahora) for e in ordenados],
        notificaciones=[
            NotificacionExpediente(
                fecha=e.fecha,
                fecha_texto=fecha_completa(e.fecha),
                medio=e.datos.get("medio", ""),
                medio_nombre=legible(e.datos.get("medio"), MEDIOS),
                plantilla=e.datos.get("plantilla", ""),
                aviso_nombre=legible(e.datos.get("plantilla"), AVISOS),
                id_mensaje=str(e.datos.get("id_mensaje", "")),
                descripcion=e.descripcion,
                constancias=_constancias(e, acuses),
            )
            for e in ordenados
            if e.tipo == "notificacion_enviada"
        ],
        confirmaciones=[entrada(e, ahora) for e in ordenados if e.tipo in ("caso_cerrado", "caso_reabierto")],
        encuestas=[{k: v for k, v in r.items() if k not in ("pk", "sk", "entidad")} for r in encuestas],
        correos_recibidos=[
            CorreoRecibidoExpediente(
                fecha=e.fecha,
                fecha_texto=fecha_completa(e.fecha),
                id_correo=str(e.datos.get("id_correo", "")),
                id_ses=str(e.datos["id_ses"]),
                objeto=str(e.datos.get("objeto", "")),
                adjuntos=[str(a.get("nombre", "")) for a in e.datos.get("adjuntos") or []],
            )
            for e in ordenados
            if e.datos.get("canal") == "correo" and e.datos.get("id_ses") and e.tipo == "mensaje_cliente"
        ],
    )
