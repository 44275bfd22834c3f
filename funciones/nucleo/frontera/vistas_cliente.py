"""Lo que ve el cliente de su caso (seguimiento y conversación), compartido por varias funciones."""

from __future__ import annotations

from datetime import datetime

from esquemas.seguimiento import AdjuntoPublico, ConsultaCaso, EntradaHistorial, MensajePublico
from funciones.nucleo.dominio import calendario, catalogo
from funciones.nucleo.dominio.caso import ESTADOS, Caso, Evento
from funciones.nucleo.dominio.conversacion import MENSAJE_CLIENTE, TIPOS_MENSAJE
from funciones.nucleo.dominio.folio import formatear_folio


def mensaje_publico(e: Evento, ahora: datetime) -> MensajePublico:
    del_cliente = e.tipo == MENSAJE_CLIENTE
    return MensajePublico(
        id=e.id,
        fecha=e.fecha,
        fecha_texto=calendario.texto_fecha(e.fecha, ahora),
        autor="cliente" if del_cliente else "asesor",
        texto=e.descripcion,
        # Sólo los nombres, y sólo de lo que subió el cliente.
        adjuntos=[AdjuntoPublico(nombre=a["nombre"]) for a in e.datos.get("adjuntos") or []] if del_cliente else [],
    )


def vista_consulta(
    caso: Caso, eventos: list[Evento], ahora: datetime, acceso: tuple[str, datetime] | None = None
) -> ConsultaCaso:
    tipo = catalogo.tipo(caso.tipo) or {}
    cat = catalogo.categoria(caso.tipo, caso.categoria) or {}
    # Los mensajes van en la conversación; el historial cuenta lo demás (estado, avisos).
    publicos = sorted(
        (e for e in eventos if e.publico and e.tipo not in TIPOS_MENSAJE), key=lambda e: e.fecha, reverse=True
    )
    mensajes = sorted((e for e in eventos if e.publico and e.tipo in TIPOS_MENSAJE), key=lambda e: e.sk)
    return ConsultaCaso(
        folio=caso.folio,
        folio_legible=formatear_folio(caso.folio),
        estado=caso.estado,
        estado_nombre=ESTADOS[caso.estado],
        tipo=caso.tipo,
        tipo_nombre=tipo.get("nombre", caso.tipo),
        categoria=caso.categoria,
        categoria_nombre=cat.get("nombre", caso.categoria),
        fecha_registro=caso.fecha_registro,
        fecha_registro_texto=calendario.texto_fecha(caso.fecha_registro, ahora),
        fecha_compromiso=caso.fecha_compromiso,
        fecha_compromiso_texto=calendario.texto_fecha(caso.fecha_compromiso, ahora),
        fecha_limite_legal=caso.fecha_limite_legal,
        fecha_limite_legal_texto=calendario.texto_fecha(caso.fecha_limite_legal, ahora),
        vencido=caso.abierto and ahora > caso.fecha_compromiso,
        historial=[
            EntradaHistorial(
                fecha=e.fecha, fecha_texto=calendario.texto_fecha(e.fecha, ahora), descripcion=e.descripcion
            )
            for e in publicos
        ],
        conversacion=[mensaje_publico(e, ahora) for e in mensajes],
        acceso=acceso[0] if acceso else None,
        acceso_vence=acceso[1] if acceso else None,
        admite_mensajes=caso.estado != "cerrado",
    )
