"""Consulta pública de un caso: folio más segundo factor, misma respuesta para cualquier fallo."""

from __future__ import annotations

import hmac
from datetime import datetime
from typing import Protocol

from esquemas.seguimiento import ConsultaCaso, EntradaHistorial, SolicitudConsulta
from funciones.nucleo import calendario, catalogo
from funciones.nucleo.caso import ESTADOS, Caso, Evento
from funciones.nucleo.errores import LimiteExcedido, NoEncontrado
from funciones.nucleo.folio import formatear_folio

NO_ENCONTRADO = (
    "No encontramos un caso con ese folio y ese dato. Revisa ambos e intenta de nuevo, "
    "o llámanos al 767 672 0827 o al 777 500 0232."
)


def _coincide(esperado: str | None, dado: str | None) -> bool:
    # Comparación en tiempo constante; un dato ausente nunca coincide.
    return bool(esperado and dado and hmac.compare_digest(esperado.encode(), dado.encode()))


def consultar(solicitud: SolicitudConsulta, repo: RepositorioConsultas, ahora: datetime) -> ConsultaCaso:
    ventana = ahora.strftime("%Y-%m-%dT%H")  # una hora
    encontrado = repo.obtener_para_consulta(solicitud.folio, ventana)
    if encontrado is None:
        raise NoEncontrado(NO_ENCONTRADO)
    caso, eventos, fallos = encontrado
    maximo = catalogo.catalogo()["limites"]["consultas_fallidas_por_folio_por_hora"]
    if fallos >= maximo:
        # Así un folio no se puede probar contra miles de contratos o correos.
        raise LimiteExcedido(
            "Demasiados intentos fallidos con este folio. Espera una hora o llámanos al 767 672 0827 o al 777 500 0232."
        )
    segundo = caso.contrato if solicitud.contrato else caso.correo
    if not _coincide(segundo, solicitud.contrato or solicitud.correo):
        repo.registrar_consulta_fallida(solicitud.folio, ventana, int(ahora.timestamp()) + 7200)
        raise NoEncontrado(NO_ENCONTRADO)
    return vista_consulta(caso, eventos, ahora)


class RepositorioConsultas(Protocol):
    def obtener_para_consulta(self, folio: str, ventana: str) -> tuple[Caso, list[Evento], int] | None: ...

    def registrar_consulta_fallida(self, folio: str, ventana: str, expira: int) -> None: ...


def vista_consulta(caso: Caso, eventos: list[Evento], ahora: datetime) -> ConsultaCaso:
    tipo = catalogo.tipo(caso.tipo) or {}
    cat = catalogo.categoria(caso.tipo, caso.categoria) or {}
    publicos = sorted((e for e in eventos if e.publico), key=lambda e: e.fecha, reverse=True)
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
    )
