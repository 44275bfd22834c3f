"""Derechos ARCO (supervisores): POST /api/arco/accesos (exportación) y POST /api/arco/cancelaciones
(anonimización); PUT y DELETE /api/casos/{folio}/profeco (la marca de un proceso ante PROFECO abierto)."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from esquemas.arco import SolicitudArco, SolicitudCerrarProfeco, SolicitudProfeco
from funciones.arco import logica
from funciones.arco.pagina import pagina_exportacion
from funciones.nucleo.adaptadores.adjuntos_s3 import ObjetosS3
from funciones.nucleo.adaptadores.arco_dynamo import ArcoDynamo
from funciones.nucleo.adaptadores.aws import cliente
from funciones.nucleo.adaptadores.config import ajustes
from funciones.nucleo.adaptadores.dynamodb import RepositorioDynamo
from funciones.nucleo.adaptadores.secretos import pimienta
from funciones.nucleo.dominio import reloj
from funciones.nucleo.dominio.busqueda import llave_busqueda
from funciones.nucleo.dominio.limites import llave_limites
from funciones.nucleo.frontera.enrutador import Response
from funciones.nucleo.frontera.http import (
    agente,
    crear_app,
    folio_de_ruta,
    leer_cuerpo,
    respuesta_html,
    respuesta_json,
    solo_parametros,
)
from funciones.nucleo.frontera.registro import crear_registro

if TYPE_CHECKING:
    from aws_lambda_powertools.utilities.typing import LambdaContext

logger = crear_registro()
app = crear_app(logger)
SUPERVISORES = ("supervisores",)


@cache
def repositorio() -> ArcoDynamo:
    return ArcoDynamo(ajustes().tabla, cliente("dynamodb"))


@cache
def casos() -> RepositorioDynamo:
    return RepositorioDynamo(ajustes().tabla, cliente("dynamodb"))


@cache
def adjuntos() -> ObjetosS3:
    a = ajustes()
    if not a.bucket_adjuntos:
        raise RuntimeError("Falta BUCKET_ADJUNTOS en el entorno de la función.")
    return ObjetosS3(a.bucket_adjuntos, cliente("s3"))


@cache
def correos() -> ObjetosS3 | None:
    # Sin recepción de correo en la pila no hay crudos que borrar.
    bucket = ajustes().bucket_correos
    return ObjetosS3(bucket, cliente("s3")) if bucket else None


@cache
def llaves() -> tuple[bytes, bytes]:
    # Las del índice de búsqueda y de los contadores de límites, derivadas de la pimienta (una vez por contenedor).
    return llave_busqueda(pimienta()), llave_limites(pimienta())


@app.post("/api/arco/accesos")
def acceso() -> Response[str]:
    quien = agente(app, SUPERVISORES)
    solo_parametros(app, ("formato",))
    formato = app.current_event.get_query_string_value("formato") or "json"
    logica.formato_valido(formato)
    solicitud = leer_cuerpo(app, SolicitudArco)
    exportacion = logica.exportar(repositorio(), llaves()[0], solicitud, quien, reloj.ahora())
    # Sin el dato de la persona en el registro de la función.
    logger.info("arco acceso", extra={"agente": quien.usuario, "casos": len(exportacion.casos)})
    if formato == "html":
        return respuesta_html(200, pagina_exportacion(exportacion))
    return respuesta_json(200, exportacion)


@app.post("/api/arco/cancelaciones")
def cancelacion() -> Response[str]:
    quien = agente(app, SUPERVISORES)
    solo_parametros(app, ())
    solicitud = leer_cuerpo(app, SolicitudArco)
    busqueda, limites = llaves()
    resultado = logica.cancelar(
        repositorio(), busqueda, limites, solicitud, quien, reloj.ahora(), adjuntos(), correos()
    )
    logger.info(
        "arco cancelación",
        extra={"agente": quien.usuario, "casos": len(resultado.casos), "archivos": resultado.archivos},
    )
    return respuesta_json(200, resultado)


@app.put("/api/casos/<folio>/profeco")
def abrir_profeco(folio: str) -> Response[str]:
    quien = agente(app, SUPERVISORES)
    numero = folio_de_ruta(folio)
    solicitud = leer_cuerpo(app, SolicitudProfeco)
    resultado = logica.marcar_profeco(casos(), numero, solicitud.expediente, solicitud.motivo, quien, reloj.ahora())
    return respuesta_json(200, resultado)


@app.delete("/api/casos/<folio>/profeco")
def cerrar_profeco(folio: str) -> Response[str]:
    quien = agente(app, SUPERVISORES)
    numero = folio_de_ruta(folio)
    solicitud = leer_cuerpo(app, SolicitudCerrarProfeco)
    resultado = logica.marcar_profeco(casos(), numero, None, solicitud.motivo, quien, reloj.ahora())
    return respuesta_json(200, resultado)


@logger.inject_lambda_context
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)
