"""Respuestas por correo: la regla de recepción de SES deja el crudo en S3 e invoca esta función (evento `aws:ses`).

Lee el objeto, lo interpreta con la biblioteca estándar y lo anexa a su caso (o lo aparta): `logica.procesar`.
Por la API, `GET /api/correos-apartados` lista a los supervisores lo que quedó aparte para revisarlo.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import TYPE_CHECKING, Any

from esquemas.correos import CorreoApartado, CorreosApartados
from funciones.correo_entrante.logica import MOTIVOS, Archivos, Entrega, procesar
from funciones.correo_entrante.mensaje import leer
from funciones.nucleo.adaptadores import repositorios
from funciones.nucleo.adaptadores.aws import cliente
from funciones.nucleo.adaptadores.config import ajustes
from funciones.nucleo.adaptadores.correos_entrantes import ApartadosDynamo, CorreosS3
from funciones.nucleo.adaptadores.secretos import pimienta
from funciones.nucleo.dominio import calendario, reloj
from funciones.nucleo.frontera.enrutador import Response
from funciones.nucleo.frontera.http import agente, crear_app, respuesta_json
from funciones.nucleo.frontera.registro import crear_registro

if TYPE_CHECKING:
    from aws_lambda_powertools.utilities.typing import LambdaContext

logger = crear_registro()
app = crear_app(logger)
MAX_APARTADOS = 200


@cache
def _correos() -> CorreosS3:
    bucket = ajustes().bucket_correos
    if not bucket:
        raise RuntimeError("Falta BUCKET_CORREOS en el entorno de la función.")
    return CorreosS3(bucket)


@cache
def _archivos() -> Archivos:
    # El camino de adjuntos de la conversación (BUCKET_ADJUNTOS): bytes mágicos, escaneo, descarga si limpio.
    return Archivos(repositorios.almacen(), repositorios.adjuntos())


@cache
def _apartados() -> ApartadosDynamo:
    return ApartadosDynamo(ajustes().tabla, cliente("dynamodb"))


def entrega_de(registro: dict[str, Any], prefijo: str) -> Entrega:
    """Del evento de recepción de SES: su id, la llave del crudo (prefijo de la acción S3 + id) y los veredictos."""
    ses = registro["ses"]
    correo, recibo = ses["mail"], ses.get("receipt") or {}
    veredictos = {
        clave: str((recibo.get(f"{clave}Verdict") or {}).get("status", ""))
        for clave in ("spam", "virus", "spf", "dkim", "dmarc")
    }
    return Entrega(
        id_ses=correo["messageId"],
        objeto=f"{prefijo}{correo['messageId']}",
        remitente_sobre=str(correo.get("source") or ""),
        destinatarios=[str(d) for d in recibo.get("recipients") or correo.get("destination") or []],
        veredictos={k: v for k, v in veredictos.items() if v},
    )


def _fecha(valor: Any) -> datetime:
    return valor if isinstance(valor, datetime) else datetime.fromisoformat(str(valor))


@app.get("/api/correos-apartados")
def apartados() -> Response[str]:
    quien = agente(app, ("supervisores",))
    correos = [
        CorreoApartado(
            fecha=i["fecha"],
            fecha_texto=calendario.texto_fecha_completa(_fecha(i["fecha"])),
            motivo=str(i["motivo"]),
            motivo_texto=MOTIVOS.get(str(i["motivo"]), str(i["motivo"])),
            folio=i.get("folio"),
            remitente=str(i.get("remitente", "")),
            objeto=str(i.get("objeto", "")),
            id_ses=str(i.get("id_ses", "")),
        )
        for i in _apartados().recientes(MAX_APARTADOS)
    ]
    logger.info("correos apartados consultados", extra={"agente": quien.usuario, "cuantos": len(correos)})
    return respuesta_json(200, CorreosApartados(correos=correos, mostrados_max=MAX_APARTADOS))


@logger.inject_lambda_context
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    registros = event.get("Records") or []
    if not (registros and registros[0].get("eventSource") == "aws:ses"):
        return app.resolve(event, context)
    return _recibir(registros)


def _recibir(registros: list[dict[str, Any]]) -> dict[str, Any]:
    a = ajustes()
    if not a.dominio_respuestas:
        raise RuntimeError("Falta DOMINIO_RESPUESTAS en el entorno de la función.")
    resultados = []
    for registro in registros:
        if registro.get("eventSource") != "aws:ses":
            continue
        entrega = entrega_de(registro, a.prefijo_correos)
        recibido = leer(_correos().leer(entrega.objeto))
        r = procesar(
            recibido,
            entrega,
            repositorios.casos(),
            _apartados(),
            _archivos(),
            pimienta(),
            a.dominio_respuestas,
            reloj.ahora(),
        )
        # Sin remitente, asunto ni texto en los registros: sólo qué se hizo y con qué caso.
        logger.info(
            "correo recibido",
            extra={"id_ses": entrega.id_ses, "accion": r.accion, "motivo": r.motivo, "folio": r.folio},
        )
        resultados.append({"id_ses": entrega.id_ses, "accion": r.accion, "motivo": r.motivo, "folio": r.folio})
    return {"resultados": resultados}
