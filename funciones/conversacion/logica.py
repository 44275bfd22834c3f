"""El cliente escribe en su caso y adjunta; los agentes adjuntan y descargan lo que el antivirus dejó limpio."""

from __future__ import annotations

import contextlib
import re
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Protocol

from esquemas.conversacion import (
    AdjuntoCreado,
    DescargaAdjunto,
    SolicitudAdjunto,
    SolicitudAdjuntoAgente,
    SolicitudComentario,
    Subida,
)
from esquemas.seguimiento import ConsultaCaso
from funciones.nucleo.dominio import acceso_cliente, adjuntos
from funciones.nucleo.dominio.adjuntos import Adjunto, AlmacenAdjuntos, RepositorioAdjuntos
from funciones.nucleo.dominio.agentes import Agente
from funciones.nucleo.dominio.caso import Caso, Evento
from funciones.nucleo.dominio.ciclo import leer_caso
from funciones.nucleo.dominio.conversacion import CasoCerrado, alerta_mensaje_cliente, limite_diario, mensaje_cliente
from funciones.nucleo.dominio.errores import ErrorDominio, NoEncontrado
from funciones.nucleo.dominio.puertos import RepositorioCasos
from funciones.nucleo.frontera.vistas_cliente import vista_consulta


class RepositorioConHistorial(RepositorioCasos, Protocol):
    def obtener_para_consulta(self, folio: str) -> tuple[Caso, list[Evento]] | None: ...


def _creado(adjunto: Adjunto, url: str, campos: dict[str, str], ahora: datetime) -> AdjuntoCreado:
    return AdjuntoCreado(
        id=adjunto.id,
        nombre=adjunto.nombre,
        tipo_contenido=adjunto.tipo_contenido,
        tamano=adjunto.tamano,
        subida=Subida(url=url, campos=campos, vence=ahora + adjuntos.VIGENCIA_SUBIDA),
    )


def subir_cliente(
    casos: RepositorioCasos,
    repo: RepositorioAdjuntos,
    almacen: AlmacenAdjuntos,
    folio: str,
    solicitud: SolicitudAdjunto,
    pimienta: bytes,
    ahora: datetime,
) -> AdjuntoCreado:
    acceso_cliente.comprobar(solicitud.acceso, folio, pimienta, ahora)
    caso = leer_caso(casos, folio)
    adjunto, url, campos = adjuntos.nuevo_adjunto(
        almacen, repo, caso, solicitud.nombre, solicitud.tipo_contenido, solicitud.tamano, "cliente", ahora
    )
    return _creado(adjunto, url, campos, ahora)


def subir_agente(
    casos: RepositorioCasos,
    repo: RepositorioAdjuntos,
    almacen: AlmacenAdjuntos,
    folio: str,
    solicitud: SolicitudAdjuntoAgente,
    agente: Agente,
    ahora: datetime,
) -> AdjuntoCreado:
    caso = leer_caso(casos, folio, agente)
    adjunto, url, campos = adjuntos.nuevo_adjunto(
        almacen, repo, caso, solicitud.nombre, solicitud.tipo_contenido, solicitud.tamano, agente.usuario, ahora
    )
    return _creado(adjunto, url, campos, ahora)


def comentar(
    casos: RepositorioConHistorial,
    repo: RepositorioAdjuntos,
    almacen: AlmacenAdjuntos,
    folio: str,
    solicitud: SolicitudComentario,
    pimienta: bytes,
    ahora: datetime,
) -> ConsultaCaso:
    """El mensaje público del cliente desde la página de seguimiento, con sus adjuntos ya subidos.

    Todo se revisa antes de escribir. Si la escritura falla (el caso cambió en ese instante), los archivos ya movidos
    se borran y sus registros quedan rechazados: el cliente los vuelve a adjuntar, y un resultado del antivirus que
    llegue tarde se descarta.
    """
    vence = acceso_cliente.comprobar(solicitud.acceso, folio, pimienta, ahora)
    # Caso e historial de una Query, antes de escribir: la respuesta se arma con ellos y lo escrito (una lectura
    # después podría no ver todavía el mensaje nuevo).
    encontrado = casos.obtener_para_consulta(folio)
    if encontrado is None:
        raise NoEncontrado("No existe un caso con ese folio.")
    caso, previos = encontrado
    if caso.estado == "cerrado":
        raise CasoCerrado()
    listos = adjuntos.preparar_subidos(almacen, repo, folio, solicitud.adjuntos, "cliente")
    try:
        nuevo, eventos = mensaje_cliente(caso, solicitud.texto, "web", ahora, [a.para_mensaje() for a in listos])
        eventos.append(alerta_mensaje_cliente(nuevo, ahora, "web", reabierto=nuevo.estado != caso.estado))
        repo.anexar_mensaje(
            nuevo,
            caso.version,
            eventos,
            [replace(a, mensaje=eventos[0].id) for a in listos],
            limite_diario(caso, "mensajes", ahora),
        )
    except ErrorDominio:
        for a in listos:
            with contextlib.suppress(Exception):
                almacen.borrar(a.llave)
                repo.rechazar(a)
        raise
    return vista_consulta(nuevo, [*previos, *eventos], ahora, (solicitud.acceso, vence))


def descargar(
    casos: RepositorioCasos,
    repo: RepositorioAdjuntos,
    almacen: AlmacenAdjuntos,
    folio: str,
    adjunto_id: str,
    agente: Agente,
    ahora: datetime,
) -> DescargaAdjunto:
    leer_caso(casos, folio, agente)  # la regla de acceso de toda ruta de caso, antes que nada
    if not re.fullmatch(r"[0-9a-f]{16}", adjunto_id):
        raise NoEncontrado("Este caso no tiene ese archivo.")
    url, adjunto = adjuntos.para_descargar(repo, almacen, folio, adjunto_id)
    return DescargaAdjunto(
        id=adjunto.id,
        nombre=adjunto.nombre,
        tipo_contenido=adjunto.tipo_contenido,
        url=url,
        vence=ahora + timedelta(seconds=adjuntos.VIGENCIA_DESCARGA_S),
    )
