"""Cambios de estado compartidos por varias funciones (agentes y enlaces del cliente)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from funciones.nucleo.dominio.agentes import Agente, SinPermiso, puede_operar
from funciones.nucleo.dominio.caso import ESTADOS, Caso, Evento, transicion_valida
from funciones.nucleo.dominio.errores import Conflicto, EnlaceVencido, NoEncontrado
from funciones.nucleo.dominio.puertos import RepositorioCasos

NO_EXISTE = "No existe un caso con ese folio."
CASO_AJENO = "Sólo puedes ver y atender los casos escalados a tu departamento."


def caso_operable(agente: Agente | None, caso: Caso | None) -> Caso:
    """La regla de acceso de toda ruta de caso, en un solo lugar, sobre el caso que la ruta ya leyó.

    Un agente que no puede operar el caso recibe 403, también si el folio no existe (mismo texto): a un usuario
    de departamento no se le dice qué folios existen. `agente` None: el cliente con su enlace firmado o el sistema.
    """
    if agente is not None and not puede_operar(agente, caso):
        raise SinPermiso(CASO_AJENO)
    if caso is None:
        raise NoEncontrado(NO_EXISTE)
    return caso


def leer_caso(repo: RepositorioCasos, folio: str, agente: Agente | None = None) -> Caso:
    """El caso, si `agente` puede operarlo (ver `caso_operable`); toda ruta de agentes pasa su agente."""
    return caso_operable(agente, repo.obtener(folio))


def siguiente_version(caso: Caso, **cambios: Any) -> Caso:
    """La versión siguiente del caso; un cambio de estado anota cuándo (`fecha_estado`) si quien llama no lo dice."""
    if "estado" in cambios and cambios["estado"] != caso.estado and "fecha_estado" not in cambios:
        from funciones.nucleo.dominio import reloj

        cambios["fecha_estado"] = reloj.ahora()
    return replace(caso, version=caso.version + 1, **cambios)


def confirmar(
    repo: RepositorioCasos,
    folio: str,
    resuelto: bool,
    comentario: str | None,
    autor: str,
    ahora: datetime,
    ronda: int | None = None,
    agente: Agente | None = None,
    via: str | None = None,
) -> Caso:
    """El cliente confirma (cierra) o dice que sigue el problema (reabre); `ronda` viene del enlace del correo.

    Por teléfono lo registra `agente` (con la regla de acceso); desde el correo, el enlace firmado basta; `via`
    nombra otro camino del cliente (p. ej. «whatsapp», el botón de la plantilla).
    """
    caso = leer_caso(repo, folio, agente)
    if ronda is not None and (ronda != caso.ronda or caso.estado != "resuelto"):
        raise EnlaceVencido("Este enlace ya se usó o es de una resolución anterior.", "enlace_usado")
    if not transicion_valida(caso.estado, "cerrado" if resuelto else "reabierto"):
        raise Conflicto(
            f"Sólo se confirma un caso resuelto; este está «{ESTADOS[caso.estado].lower()}».", "transicion_invalida"
        )
    por_correo = autor == "cliente"
    datos: dict[str, Any] = {
        "resuelto": resuelto,
        "ronda": caso.ronda,
        "via": via or ("enlace" if por_correo else "llamada"),
    }
    if comentario:
        datos["comentario"] = comentario
    if resuelto:
        nuevo = siguiente_version(caso, estado="cerrado", fecha_estado=ahora)
        descripcion = (
            "Confirmaste que tu solicitud quedó resuelta. ¡Gracias!"
            if por_correo
            else "Confirmaste por teléfono que tu solicitud quedó resuelta. ¡Gracias!"
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
        nuevo = siguiente_version(caso, estado="reabierto", fecha_estado=ahora)
        evento = Evento(
            folio=folio,
            fecha=ahora,
            tipo="caso_reabierto",
            autor=autor,
            datos=datos,
            descripcion="Nos dijiste que el problema sigue: reabrimos tu solicitud y la atenderemos de nuevo.",
        )
    repo.actualizar(nuevo, caso.version, [evento])
    return nuevo


def pedido_encuesta(caso: Caso) -> dict[str, Any] | None:
    """Al cerrar, una encuesta de satisfacción por ronda de resolución (la bandeja de salida la envía una vez)."""
    from funciones.nucleo.dominio.whatsapp import contacto

    destino, medio = contacto(caso)
    if not destino:
        return None
    return {
        "plantilla": "encuesta",
        "medio": medio,
        "destino": destino,
        "datos": {"folio": caso.folio, "nombre": caso.nombre, "ronda": caso.ronda},
    }
