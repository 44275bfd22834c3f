"""Encuesta de satisfacción: sólo un POST registra; GET (lo que abren los analizadores de correo) sólo lee."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from funciones.nucleo.dominio.caso import Caso, Evento
from funciones.nucleo.dominio.ciclo import leer_caso
from funciones.nucleo.dominio.enlaces import Enlace
from funciones.nucleo.dominio.errores import EnlaceVencido
from funciones.nucleo.dominio.escalamiento import evento_alerta
from funciones.nucleo.dominio.puertos import RepositorioCasos

ALERTA_HASTA = 2  # una calificación de 1 o 2 avisa a supervisores


class Encuestas(Protocol):
    def obtener(self, folio: str, ronda: int) -> dict[str, Any] | None: ...

    def crear(self, folio: str, ronda: int, respuesta: dict[str, Any], eventos: list[Evento]) -> bool: ...

    def completar(self, folio: str, ronda: int, campos: dict[str, Any], evento: Evento) -> bool: ...


@dataclass
class Estado:
    caso: Caso
    registro: dict[str, Any] | None


def caso_de_la_ronda(repo: RepositorioCasos, enlace: Enlace) -> Caso:
    caso = leer_caso(repo, enlace.folio)
    if caso.ronda != enlace.ronda or caso.estado != "cerrado":
        # Reabierto (o de una ronda anterior): esa encuesta ya no aplica.
        raise EnlaceVencido("Esta encuesta es de una resolución anterior de tu solicitud.", "encuesta_anterior")
    return caso


def estado_de_la_ronda(repo: RepositorioCasos, encuestas: Encuestas, enlace: Enlace) -> Estado:
    """Lo que muestra la página (GET): el caso de la ronda y lo ya registrado, sin escribir nada."""
    caso = caso_de_la_ronda(repo, enlace)
    return Estado(caso, encuestas.obtener(caso.folio, caso.ronda))


def calificar(
    repo: RepositorioCasos, encuestas: Encuestas, enlace: Enlace, calificacion: int, ahora: datetime
) -> Estado:
    """Registra la calificación una sola vez por ronda: repetir el envío no duplica y la primera se queda."""
    caso = caso_de_la_ronda(repo, enlace)
    previo = encuestas.obtener(caso.folio, caso.ronda)
    if previo is not None:
        return Estado(caso, previo)
    eventos = [
        Evento(
            folio=caso.folio,
            fecha=ahora,
            tipo="encuesta_respondida",
            publico=False,
            autor="cliente",
            descripcion=f"El cliente calificó la atención con {calificacion} de 5.",
            datos={
                "calificacion": calificacion,
                "ronda": caso.ronda,
                "baja": calificacion <= ALERTA_HASTA,
                # Reporte por agente y departamento: quién resolvió esta ronda y dónde estaba el caso.
                "agente": caso.resuelto_por,
                "departamento": caso.departamento,
            },
        )
    ]
    if calificacion <= ALERTA_HASTA:
        eventos.append(
            evento_alerta(
                caso, "encuesta_baja", ahora, f"El cliente calificó la atención con {calificacion} de 5.", "sistema"
            )
        )
    respuesta = {"calificacion": calificacion, "fecha": ahora.isoformat(), "completada": False}
    if not encuestas.crear(caso.folio, caso.ronda, respuesta, eventos):
        return Estado(caso, encuestas.obtener(caso.folio, caso.ronda))
    return Estado(caso, respuesta)


def completar(
    repo: RepositorioCasos,
    encuestas: Encuestas,
    enlace: Enlace,
    calificacion: int,
    primer_contacto: bool | None,
    comentario: str | None,
    ahora: datetime,
) -> Estado:
    """La respuesta del cliente (POST): la calificación y, si los trae, los detalles, que completan la encuesta.

    Sin detalles (lo que envía la página sola desde el enlace del correo) la encuesta queda abierta para
    agregarlos después; completada, ya no acepta nada.
    """
    estado = calificar(repo, encuestas, enlace, calificacion, ahora)
    if estado.registro and estado.registro.get("completada"):
        raise EnlaceVencido("Ya registramos tu respuesta a esta encuesta. ¡Gracias!", "encuesta_respondida")
    campos: dict[str, Any] = {}
    if primer_contacto is not None:
        campos["resuelto_primer_contacto"] = primer_contacto
    if comentario:
        campos["comentario"] = comentario
    if not campos:
        # Nada que completar (antes se escribía «SET , completada» y DynamoDB respondía con un error: 500).
        return estado
    evento = Evento(
        folio=estado.caso.folio,
        fecha=ahora,
        tipo="encuesta_completada",
        publico=False,
        autor="cliente",
        descripcion="El cliente completó la encuesta." + (f" Comentario: {comentario}" if comentario else ""),
        datos={"ronda": estado.caso.ronda, "resuelto_primer_contacto": primer_contacto},
    )
    if not encuestas.completar(estado.caso.folio, estado.caso.ronda, campos, evento):
        raise EnlaceVencido("Ya registramos tu respuesta a esta encuesta. ¡Gracias!", "encuesta_respondida")
    return Estado(estado.caso, {**(estado.registro or {}), **campos, "completada": True})
