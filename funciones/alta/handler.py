"""POST /api/casos: alta pública desde el sitio web."""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING, Any

from esquemas.alta import PATRON_CLAVE_IDEMPOTENCIA, SolicitudCaso, SolicitudCasoAsistido
from funciones.alta.logica import (
    limites_diarios,
    llave_idempotencia,
    registrar_caso,
    registrar_caso_asistido,
)
from funciones.nucleo.adaptadores import repositorios
from funciones.nucleo.adaptadores.aws import cliente
from funciones.nucleo.adaptadores.config import ajustes
from funciones.nucleo.adaptadores.secretos import pimienta
from funciones.nucleo.dominio import reloj
from funciones.nucleo.dominio.errores import DatosInvalidos, ErrorCampo
from funciones.nucleo.dominio.limites import llave_limites
from funciones.nucleo.frontera.enrutador import Response
from funciones.nucleo.frontera.http import agente, crear_app, leer_cuerpo, respuesta_json
from funciones.nucleo.frontera.registro import crear_registro

if TYPE_CHECKING:
    from aws_lambda_powertools.utilities.typing import LambdaContext

    from funciones.nucleo.adaptadores.verificaciones_dynamo import VerificacionesDynamo

logger = crear_registro()
app = crear_app(logger)


CLAVE = re.compile(PATRON_CLAVE_IDEMPOTENCIA)


def clave_idempotencia() -> str | None:
    clave = app.current_event.headers.get("Idempotency-Key")
    if clave is None:
        return None
    if not CLAVE.match(clave):
        raise DatosInvalidos(
            "La clave de idempotencia no es válida.",
            [ErrorCampo("Idempotency-Key", "Usa de 8 a 128 letras, dígitos, guiones o guiones bajos.")],
        )
    return clave


@cache
def llaves() -> tuple[bytes, bytes, bytes]:
    # La pimienta se lee una vez por contenedor (en AWS, un GetSecretValue en la primera alta).
    from funciones.nucleo.dominio.busqueda import llave_busqueda

    return llave_limites(pimienta()), llave_idempotencia(pimienta()), llave_busqueda(pimienta())


@app.post("/api/casos")
def alta() -> Response[str]:
    solicitud = leer_cuerpo(app, SolicitudCaso)
    if solicitud.sitio_web:
        # Trampa para robots: no se guarda nada y no se explica por qué.
        logger.warning("alta rechazada por la trampa para robots")
        raise DatosInvalidos("No pudimos registrar la solicitud. Intenta de nuevo o llámanos.", [], "rechazada")
    ahora = reloj.ahora()
    de_limites, de_idempotencia, de_busqueda = llaves()
    resultado = registrar_caso(
        solicitud,
        repositorios.casos(),
        ahora,
        clave=clave_idempotencia(),
        limites=limites_diarios(solicitud, ahora, de_limites),
        llave=de_idempotencia,
        busqueda=de_busqueda,
    )
    r = resultado.respuesta
    logger.info("caso registrado", extra={"folio": r.folio, "tipo": r.tipo, "repetida": resultado.repetida})
    respuesta = respuesta_json(201, r)
    if resultado.repetida:
        respuesta.headers["Idempotent-Replayed"] = "true"
    return respuesta


@cache
def verificaciones() -> VerificacionesDynamo:
    # Sólo el alta asistida lo usa: el del sitio web no carga el padrón de clientes.
    from funciones.nucleo.adaptadores.verificaciones_dynamo import VerificacionesDynamo

    return VerificacionesDynamo(ajustes().tabla, cliente("dynamodb"))


@app.post("/api/casos/asistidos")
def alta_asistida() -> Response[str]:
    quien = agente(app, ("asesores", "supervisores"))
    solicitud = leer_cuerpo(app, SolicitudCasoAsistido)
    resultado = registrar_caso_asistido(
        solicitud, repositorios.casos(), verificaciones(), quien.usuario, reloj.ahora(), busqueda=llaves()[2]
    )
    r = resultado.respuesta
    logger.info("caso asistido registrado", extra={"folio": r.folio, "tipo": r.tipo, "agente": quien.usuario})
    return respuesta_json(201, r)


@logger.inject_lambda_context
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)
