"""Consulta pública de un caso: folio más segundo factor, misma respuesta para cualquier fallo."""

from __future__ import annotations

import contextlib
import hmac
from datetime import datetime
from typing import Protocol

from esquemas.seguimiento import ConsultaCaso, SolicitudConsulta
from funciones.nucleo.dominio import acceso_cliente, catalogo
from funciones.nucleo.dominio.caso import Caso, Evento
from funciones.nucleo.dominio.errores import (
    ConsultasAgotadas,
    ConsultaSinCoincidencia,
    IntentosAgotados,
    ServicioNoDisponible,
)
from funciones.nucleo.dominio.textos import telefonos_texto
from funciones.nucleo.frontera.vistas_cliente import vista_consulta

__all__ = ["consultar", "mensaje_agotadas", "mensaje_sin_coincidencia", "vista_consulta"]

# Ventana deslizante de los fallos por folio (el máximo, `consultas_fallidas_por_folio_por_hora`, en el catálogo).
VENTANA_S = 3600


def _coincide(esperado: str | None, dado: str | None) -> bool:
    # Comparación en tiempo constante; un dato ausente nunca coincide.
    return bool(esperado and dado and hmac.compare_digest(esperado.encode(), dado.encode()))


def _minutos(segundos: int) -> str:
    minutos = max(1, -(-segundos // 60))
    return "1 minuto" if minutos == 1 else f"{minutos} minutos"


def _espera_s(fallos: list[int], maximo: int, ahora_ms: int) -> int:
    """Hasta que el más viejo de los `maximo` fallos salga de la ventana (redondeado hacia arriba, al menos 1 s)."""
    mas_viejo = sorted(fallos, reverse=True)[maximo - 1]
    return max(1, -(-(mas_viejo + VENTANA_S * 1000 - ahora_ms) // 1000))


def mensaje_sin_coincidencia(restantes: int, espera_s: int) -> str:
    inicio = "No encontramos una solicitud con ese folio y ese dato."
    llamanos = f"llámanos al {telefonos_texto()}"
    if restantes == 0:
        return (
            f"{inicio} Ya no te quedan intentos con este folio: podrás intentar de nuevo en {_minutos(espera_s)}, "
            f"o {llamanos}."
        )
    intentos = "te queda 1 intento" if restantes == 1 else f"te quedan {restantes} intentos"
    return f"{inicio} Revisa ambos e intenta de nuevo: {intentos} con este folio. También puedes {llamanos}."


def mensaje_agotadas(espera_s: int) -> str:
    return (
        f"Demasiados intentos fallidos con este folio. Intenta de nuevo en {_minutos(espera_s)} "
        f"o llámanos al {telefonos_texto()}."
    )


def consultar(
    solicitud: SolicitudConsulta, repo: RepositorioConsultas, ahora: datetime, pimienta: bytes | None = None
) -> ConsultaCaso:
    """Un folio inexistente recorre exactamente el mismo camino que uno con el dato equivocado: mismas llamadas,
    misma respuesta y el mismo bloqueo, así que la respuesta no dice si el folio existe.

    1. Reserva el intento (UpdateItem condicional) ANTES de comparar: con `maximo` fallos en la ventana no pasa
       nada más (429), y 30 intentos a la vez no pueden evaluarse todos.
    2. Lee el caso (Query) y compara el segundo factor.
    3. Acierto: devuelve la reserva (no cuenta como fallo; los fallos anteriores siguen contando) y, con la
       pimienta, el `acceso` firmado para escribir en el caso.
    """
    maximo = catalogo.catalogo()["limites"]["consultas_fallidas_por_folio_por_hora"]
    instante = int(ahora.timestamp() * 1000)
    desde = instante - VENTANA_S * 1000
    try:
        fallos = repo.reservar_consulta(solicitud.folio, instante, desde, maximo, int(ahora.timestamp()) + VENTANA_S)
    except IntentosAgotados as e:
        espera = _espera_s(e.fallos, maximo, instante)
        raise ConsultasAgotadas(mensaje_agotadas(espera), espera) from None
    try:
        encontrado = repo.obtener_para_consulta(solicitud.folio)
    except ServicioNoDisponible:
        _devolver(repo, solicitud.folio, instante, maximo)  # no se comparó nada: no es un fallo
        raise
    caso = encontrado[0] if encontrado else None
    campo, dado = solicitud.segundo_factor
    esperado = getattr(caso, campo) if caso else None
    if encontrado is not None and _coincide(esperado, dado):
        _devolver(repo, solicitud.folio, instante, maximo)
        acceso = acceso_cliente.emitir(solicitud.folio, ahora, pimienta) if pimienta else None
        return vista_consulta(encontrado[0], encontrado[1], ahora, acceso)
    restantes = maximo - sum(1 for f in fallos if f > desde)
    espera = _espera_s(fallos, maximo, instante)
    raise ConsultaSinCoincidencia(mensaje_sin_coincidencia(restantes, espera), restantes, espera)


def _devolver(repo: RepositorioConsultas, folio: str, instante: int, maximo: int) -> None:
    # Si falla, la reserva queda contada como un fallo hasta que salga de la ventana; la respuesta no cambia.
    with contextlib.suppress(ServicioNoDisponible):
        repo.devolver_consulta(folio, instante, maximo)


class RepositorioConsultas(Protocol):
    def reservar_consulta(self, folio: str, instante: int, desde: int, maximo: int, expira: int) -> list[int]: ...

    def obtener_para_consulta(self, folio: str) -> tuple[Caso, list[Evento]] | None: ...

    def devolver_consulta(self, folio: str, instante: int, maximo: int) -> None: ...
