"""Cerrar un caso como duplicado de otro: ambos quedan enlazados y el cliente sabe qué folio sigue (issue 16)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from funciones.nucleo.dominio.caso import Evento
from funciones.nucleo.dominio.ciclo import leer_caso, siguiente_version
from funciones.nucleo.dominio.errores import Conflicto, DatosInvalidos, ErrorCampo
from funciones.nucleo.dominio.folio import formatear_folio

if TYPE_CHECKING:
    from esquemas.duplicados import SolicitudDuplicado
    from funciones.nucleo.dominio.agentes import Agente
    from funciones.nucleo.dominio.caso import Caso
    from funciones.nucleo.dominio.puertos import RepositorioCasosEnlazados


def aviso_duplicado(cerrado: Caso, sobrevive: str) -> dict[str, object] | None:
    from funciones.nucleo.dominio.whatsapp import contacto

    destino, medio = contacto(cerrado)
    if not destino:
        return None
    return {
        "plantilla": "duplicado",
        "medio": medio,
        "destino": destino,
        "datos": {"folio": cerrado.folio, "nombre": cerrado.nombre, "sobrevive": sobrevive},
    }


def marcar_duplicado(
    repo: RepositorioCasosEnlazados, folio: str, solicitud: SolicitudDuplicado, agente: Agente, ahora: datetime
) -> None:
    """`folio` se cierra como duplicado de `solicitud.de`, que sigue su curso; una transacción para los dos."""
    if solicitud.de == folio:
        raise DatosInvalidos(
            "Revisa los datos marcados.", [ErrorCampo("de", "Un caso no puede ser duplicado de sí mismo.")]
        )
    caso = leer_caso(repo, folio, agente)
    sobrevive = leer_caso(repo, solicitud.de, agente)
    if caso.estado == "cerrado":
        raise Conflicto("El caso ya está cerrado: no se puede marcar como duplicado.", "caso_cerrado")
    if sobrevive.estado == "cerrado":
        raise Conflicto(
            f"El caso {formatear_folio(sobrevive.folio)} está cerrado: el cliente no podría seguir su solicitud con "
            "ese folio. Elige un caso abierto o resuelto.",
            "sobreviviente_cerrado",
        )
    if sobrevive.duplicado_de:
        raise Conflicto(
            "Ese caso ya es duplicado de otro: elige el folio que sigue abierto.", "sobreviviente_duplicado"
        )
    legible, legible_sobrevive = formatear_folio(folio), formatear_folio(sobrevive.folio)
    datos: dict[str, object] = {"de": sobrevive.folio, "estado_anterior": caso.estado, "agente": agente.usuario}
    if solicitud.motivo:
        datos["motivo"] = solicitud.motivo
    cerrado = siguiente_version(caso, estado="cerrado", duplicado_de=sobrevive.folio)
    evento_cerrado = Evento(
        folio=folio,
        fecha=ahora,
        tipo="caso_duplicado",
        autor=agente.usuario,
        descripcion=f"Tu solicitud es la misma que la del folio {legible_sobrevive}: la seguimos atendiendo con ese "
        f"folio y cerramos el {legible}.",
        datos=datos,
        notificar=aviso_duplicado(caso, sobrevive.folio),
    )
    enlazado = siguiente_version(sobrevive, duplicados=[*sobrevive.duplicados, folio])
    evento_sobrevive = Evento(
        folio=sobrevive.folio,
        fecha=ahora,
        tipo="duplicado_enlazado",
        autor=agente.usuario,
        publico=False,
        descripcion=f"Se cerró el folio {legible} como duplicado de este caso.",
        datos={"duplicado": folio, **({"motivo": solicitud.motivo} if solicitud.motivo else {})},
    )
    repo.actualizar_varios(
        [(cerrado, caso.version, [evento_cerrado]), (enlazado, sobrevive.version, [evento_sobrevive])]
    )
