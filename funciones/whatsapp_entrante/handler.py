"""WhatsApp entrante: el destino de eventos de la WABA (tema SNS cifrado) invoca esta función con cada entrada del
webhook de Meta dentro del sobre de AWS End User Messaging Social.

Separa los `messages` (del cliente: `logica.procesar`, uno por uno) de los `statuses` (entregas de lo que enviamos,
que atiende `funciones.notificaciones.whatsapp_estados.procesar_estados`). Una entrada mala se registra y se
descarta: reintentarla no la arregla. Un error de AWS sí se propaga, para que Lambda reintente (las marcas por id
de mensaje hacen que el reintento no duplique).
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from aws_lambda_powertools import Logger

from funciones.nucleo.adaptadores import repositorios
from funciones.nucleo.adaptadores.config import ajustes
from funciones.nucleo.adaptadores.secretos import pimienta
from funciones.nucleo.dominio import busqueda, reloj
from funciones.nucleo.dominio.whatsapp_entrante import EntradaInvalida, leer_evento
from funciones.whatsapp_entrante.logica import Puertos, procesar

if TYPE_CHECKING:
    from collections.abc import Callable

    from aws_lambda_powertools.utilities.typing import LambdaContext

logger = Logger()


@cache
def _puertos() -> Puertos:
    from funciones.nucleo.adaptadores.aws import cliente
    from funciones.nucleo.adaptadores.busqueda_dynamo import IndiceDynamo
    from funciones.nucleo.adaptadores.whatsapp_entrante import MediosSocial, SalidaPerezosa

    a = ajustes()
    if not a.bucket_adjuntos:
        raise RuntimeError("Falta BUCKET_ADJUNTOS en el entorno de la función.")
    return Puertos(
        casos=repositorios.casos(),
        indice=IndiceDynamo(a.tabla, cliente("dynamodb")),
        llave_busqueda=busqueda.llave_busqueda(pimienta()),
        marcas=repositorios.envios(),
        almacen=repositorios.almacen(),
        adjuntos=repositorios.adjuntos(),
        salida=SalidaPerezosa(a.whatsapp_numero, a.whatsapp_version_meta),
        medios=MediosSocial(a.bucket_adjuntos),
        url_sitio=a.url_sitio,
        reserva_s=a.reserva_envio_s,
    )


def _estados() -> Callable[[list[dict[str, Any]], list[str]], None]:
    """`procesar_estados` de wa-salida (contrato en notas comunes), importado sólo si el evento trae estados."""
    from funciones.notificaciones.whatsapp_estados import procesar_estados

    return procesar_estados


def atender(
    event: dict[str, Any],
    puertos: Callable[[], Puertos],
    estados: Callable[[], Callable[[list[dict[str, Any]], list[str]], None]],
) -> dict[str, Any]:
    """Cada registro de SNS: estados a wa-salida, mensajes a la lógica; lo que no se entiende, al registro."""
    resultados: list[dict[str, Any]] = []
    registros = event.get("Records") if isinstance(event, dict) else None
    for registro in registros if isinstance(registros, list) else []:
        if not isinstance(registro, dict) or registro.get("EventSource") != "aws:sns":
            logger.warning("registro ajeno ignorado")
            continue
        try:
            sns = registro.get("Sns")
            entrada = leer_evento(sns.get("Message") if isinstance(sns, dict) else None)
        except EntradaInvalida as e:
            # Sin el contenido en el registro: puede traer números y textos de clientes.
            logger.warning("evento de WhatsApp descartado", extra={"motivo": e.motivo})
            resultados.append({"accion": "descartado", "motivo": e.motivo})
            continue
        for _, motivo in entrada.descartados:
            logger.info("parte del evento descartada", extra={"motivo": motivo, "evento": entrada.id_evento})
        if entrada.estados:
            estados()(entrada.estados, entrada.ids_telefono)
        for mensaje in entrada.mensajes:
            r = procesar(mensaje, puertos(), reloj.ahora())
            # Sin teléfono ni texto en los registros: el id de Meta, qué se hizo y con qué caso.
            logger.info(
                "mensaje de WhatsApp",
                extra={
                    "id_whatsapp": mensaje.id,
                    "tipo": mensaje.tipo,
                    "accion": r.accion,
                    "motivo": r.motivo,
                    "folio": r.folio,
                },
            )
            resultados.append({"id": mensaje.id, "accion": r.accion, "motivo": r.motivo, "folio": r.folio})
    return {"resultados": resultados}


@logger.inject_lambda_context
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return atender(event, _puertos, _estados)
