"""Cambios de estado compartidos por varias funciones (agentes y enlaces del cliente)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from funciones.nucleo.caso import ESTADOS, Caso, Evento, transicion_valida
from funciones.nucleo.errores import Conflicto, EnlaceVencido, NoEncontrado
from funciones.nucleo.puertos import RepositorioCasos

NO_EXISTE = "No existe un caso con ese folio."


def leer_caso(repo: RepositorioCasos, folio: str) -> Caso:
    caso = repo.obtener(folio)
    if caso is None:
        raise NoEncontrado(NO_EXISTE)
    return caso


def siguiente_version(caso: Caso, **cambios: Any) -> Caso:
    return replace(caso, version=caso.version + 1, **cambios)


def confirmar(
    repo: RepositorioCasos,
    folio: str,
    resuelto: bool,
    comentario: str | None,
    autor: str,
    ahora: datetime,
    ronda: int | None = None,
) -> Caso:
    """El cliente confirma (cierra) o dice que sigue el problema (reabre); `ronda` viene del enlace del correo."""
    caso = leer_caso(repo, folio)
    if ronda is not None and (ronda != caso.ronda or caso.estado != "resuelto"):
        raise EnlaceVencido("Este enlace ya se usó o es de una resolución anterior.", "enlace_usado")
    if not transicion_valida(caso.estado, "cerrado" if resuelto else "reabierto"):
        raise Conflicto(
            f"Sólo se confirma un caso resuelto; este está «{ESTADOS[caso.estado].lower()}».", "transicion_invalida"
        )
    por_correo = autor == "cliente"
    datos: dict[str, Any] = {"resuelto": resuelto, "ronda": caso.ronda, "via": "enlace" if por_correo else "llamada"}
    if comentario:
        datos["comentario"] = comentario
    if resuelto:
        nuevo = siguiente_version(caso, estado="cerrado")
        descripcion = (
            "Confirmaste que tu caso quedó resuelto. ¡Gracias!"
            if por_correo
            else "Confirmaste por teléfono que tu caso quedó resuelto. ¡Gracias!"
        )
        evento = Evento(
            folio=folio,
            fecha=ahora,
            tipo="caso_cerrado",
            autor=autor,
            descripcion=descripcion,
            datos=datos,
            notificar=pedido_encuesta(nuevo),
        )
    else:
        nuevo = siguiente_version(caso, estado="reabierto")
        evento = Evento(
            folio=folio,
            fecha=ahora,
            tipo="caso_reabierto",
            autor=autor,
            datos=datos,
            descripcion="Nos dijiste que el problema sigue: reabrimos tu caso y lo atenderemos de nuevo.",
        )
    repo.actualizar(nuevo, caso.version, [evento])
    return nuevo


def pedido_encuesta(caso: Caso) -> dict[str, Any] | None:
    """Al cerrar, una encuesta de satisfacción por ronda de resolución (la bandeja de salida la envía una vez)."""
    destino, medio = (caso.correo, "correo") if caso.correo else (caso.telefono, "sms")
    if not destino:
        return None
    return {
        "plantilla": "encuesta",
        "medio": medio,
        "destino": destino,
        "datos": {"folio": caso.folio, "nombre": caso.nombre, "ronda": caso.ronda},
    }
