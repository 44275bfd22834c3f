"""Expediente de un caso para PROFECO: datos, historial, notificaciones, confirmaciones y encuestas."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from esquemas.expediente import CorreoRecibidoExpediente, Expediente, NotificacionExpediente
from funciones.nucleo.dominio.caso import Caso, Evento
from funciones.nucleo.frontera.vistas import datos_caso, entrada


def expediente(caso: Caso, eventos: list[Evento], encuestas: list[dict[str, Any]], ahora: datetime) -> Expediente:
    ordenados = sorted(eventos, key=lambda e: e.fecha)
    resoluciones = [e for e in ordenados if e.tipo == "caso_resuelto"]
    fecha_resolucion = resoluciones[-1].fecha if resoluciones else None
    return Expediente(
        generado=ahora,
        caso=datos_caso(caso, ahora),
        plazo_interno_cumplido=fecha_resolucion <= caso.fecha_compromiso if fecha_resolucion else None,
        plazo_legal_cumplido=fecha_resolucion <= caso.fecha_limite_legal if fecha_resolucion else None,
        fecha_resolucion=fecha_resolucion,
        historial=[entrada(e, ahora) for e in ordenados],
        notificaciones=[
            NotificacionExpediente(
                fecha=e.fecha,
                medio=e.datos.get("medio", ""),
                plantilla=e.datos.get("plantilla", ""),
                id_mensaje=str(e.datos.get("id_mensaje", "")),
                descripcion=e.descripcion,
            )
            for e in ordenados
            if e.tipo == "notificacion_enviada"
        ],
        confirmaciones=[entrada(e, ahora) for e in ordenados if e.tipo in ("caso_cerrado", "caso_reabierto")],
        encuestas=[{k: v for k, v in r.items() if k not in ("pk", "sk", "entidad")} for r in encuestas],
        correos_recibidos=[
            CorreoRecibidoExpediente(
                fecha=e.fecha,
                id_correo=str(e.datos.get("id_correo", "")),
                id_ses=str(e.datos["id_ses"]),
                objeto=str(e.datos.get("objeto", "")),
                adjuntos=[str(a.get("nombre", "")) for a in e.datos.get("adjuntos") or []],
            )
            for e in ordenados
            if e.datos.get("canal") == "correo" and e.datos.get("id_ses") and e.tipo == "mensaje_cliente"
        ],
    )
