"""Envía lo que pide la bandeja de salida y registra la prueba de entrega.

Tres entradas: lotes del flujo de la tabla (correos, SMS y alertas), la encuesta diferida que dispara
EventBridge Scheduler, y los eventos de SES (entrega, rebote, queja) que llegan por SNS.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from funciones.notificaciones.logica import (
    Hilo,
    carga_programa,
    entregar,
    eventos_de_ses,
    momento_encuesta,
    nombre_programa,
)
from funciones.notificaciones.plantillas import ContextoEnvio
from funciones.nucleo.adaptadores import repositorios
from funciones.nucleo.adaptadores.aws import cliente, cliente_social
from funciones.nucleo.adaptadores.config import ajustes
from funciones.nucleo.adaptadores.dynamodb import evento_de_item
from funciones.nucleo.adaptadores.eventos_dynamo import EventosDynamo
from funciones.nucleo.adaptadores.mensajeria import AlertasSns, CorreoSes, SmsSns
from funciones.nucleo.adaptadores.secretos import pimienta
from funciones.nucleo.dominio import reloj
from funciones.nucleo.dominio.caso import Evento
from funciones.nucleo.dominio.folio import folio_valido
from funciones.nucleo.frontera.registro import crear_registro

logger = crear_registro()


@cache
def _correo() -> CorreoSes:
    a = ajustes()
    return CorreoSes(cliente("sesv2"), a.remitente, a.config_ses, a.responder_a)


@cache
def _sms() -> SmsSns:
    return SmsSns(cliente("sns"))


@cache
def _alertas() -> AlertasSns | None:
    tema = ajustes().tema_alertas
    return AlertasSns(cliente("sns"), tema) if tema else None


@cache
def _whatsapp() -> Any:
    """Sin número de origen configurado no hay WhatsApp (un pedido por WhatsApp falla y se reintenta)."""
    a = ajustes()
    if not a.whatsapp_numero:
        return None
    from funciones.nucleo.adaptadores.whatsapp import WhatsAppSocial

    return WhatsAppSocial(cliente_social(), a.whatsapp_numero, a.whatsapp_version_meta)


@cache
def _eventos() -> EventosDynamo:
    return EventosDynamo(ajustes().tabla, cliente("dynamodb"))


@cache
def _programador() -> Any:
    from funciones.nucleo.adaptadores.programador import ProgramadorScheduler

    a = ajustes()
    if not (a.grupo_programas and a.rol_programas):
        raise RuntimeError("RETRASO_ENCUESTA_MIN pide GRUPO_PROGRAMAS y ROL_PROGRAMAS")
    return ProgramadorScheduler(cliente("scheduler"), a.grupo_programas, a.rol_programas, a.cola_fallos_programas)


@cache
def _hilo() -> Hilo:
    a = ajustes()
    return Hilo(a.dominio_respuestas, pimienta, lambda folio: _eventos().hilo(folio, a.dominio_ses))


def _es_pedido(imagen: dict[str, Any]) -> bool:
    return imagen.get("sk", {}).get("S", "").startswith("EVENTO#") and "notificar" in imagen


def _entregar(evento: Evento) -> None:
    a = ajustes()
    ctx = ContextoEnvio(a.url_sitio, reloj.ahora(), pimienta)
    medio = (evento.notificar or {}).get("medio")
    entrega = entregar(
        evento,
        repositorios.envios(),
        _correo(),
        _sms(),
        ctx,
        a.reserva_envio_s,
        _alertas(),
        _hilo(),
        _whatsapp() if medio == "whatsapp" else None,
        _eventos().ultimo_whatsapp,
    )
    if entrega is not None and entrega.tipo == "whatsapp_rechazado":
        # Rechazo inmediato (número inválido): el mismo respaldo y la misma alerta que un estado `failed`.
        from funciones.notificaciones.logica import eventos_falla_whatsapp

        datos = {**entrega.datos, "id_mensaje": None}
        eventos = eventos_falla_whatsapp(
            repositorios.casos().obtener(evento.folio),
            evento,
            evento.folio,
            str(entrega.datos.get("plantilla")),
            entrega.fecha,
            datos,
            entrega.descripcion,
        )
        _eventos().anexar_una_vez(eventos)
    logger.info(
        "notificación procesada",
        extra={
            "folio": evento.folio,
            "evento": evento.id,
            "entregado": entrega is not None,
            "medio": medio,
        },
    )


class LoteFallido(Exception):
    """Todos los registros del lote fallaron: Lambda reintenta el lote entero (como el BatchProcessor de Powertools)."""


def _lote(registros: list[dict[str, Any]], contexto: LambdaContext) -> dict[str, Any]:
    """Respuesta parcial del lote del flujo, como `process_partial_response` de Powertools (que trae asyncio, ~7 ms
    del arranque): cada registro se procesa aunque falle otro, y cada falla se informa por su número de secuencia."""
    fallas: list[dict[str, str]] = []
    for registro in registros:
        try:
            procesar_registro(registro, contexto)
        except Exception as error:  # noqa: BLE001 -- el registro queda para el reintento
            # Sólo el tipo: el mensaje de un error de AWS puede traer la dirección o el teléfono del cliente.
            logger.warning("registro del flujo fallido", extra={"error": type(error).__name__})
            fallas.append({"itemIdentifier": registro["dynamodb"]["SequenceNumber"]})
    if registros and len(fallas) == len(registros):
        raise LoteFallido(f"Fallaron los {len(registros)} registros del lote.")
    return {"batchItemFailures": fallas}


def procesar_registro(crudo: dict[str, Any], lambda_context: LambdaContext) -> None:
    imagen = (crudo.get("dynamodb") or {}).get("NewImage") or {}
    if crudo.get("eventName") != "INSERT" or not _es_pedido(imagen):
        return
    evento = evento_de_item(imagen)
    cuando = momento_encuesta(evento, ajustes().retraso_encuesta_min, reloj.ahora())
    if cuando is None:
        _entregar(evento)
        return
    # Destino: esta misma función (su ARN en el entorno sería una referencia circular en la pila).
    destino = lambda_context.invoked_function_arn
    nuevo = _programador().programar(nombre_programa(evento), cuando, destino, carga_programa(evento))
    logger.info(
        "encuesta programada",
        extra={"folio": evento.folio, "evento": evento.id, "cuando": cuando.isoformat(), "nuevo": nuevo},
    )


def _diferido(pedido: dict[str, Any]) -> dict[str, Any]:
    folio, sk = str(pedido.get("folio", "")), str(pedido.get("sk", ""))
    evento = _eventos().obtener(folio, sk) if folio_valido(folio) and sk.startswith("EVENTO#") else None
    if evento is None or not evento.notificar:
        logger.warning("envío diferido sin evento", extra={"folio": pedido.get("folio")})
        return {"entregado": False}
    _entregar(evento)
    return {"entregado": True}


def _telefono_de_contrato(contrato: str) -> str | None:
    cliente = repositorios.clientes().obtener(contrato)
    return cliente.telefono if cliente else None


def _eventos_ses(registros: list[dict[str, Any]]) -> dict[str, Any]:
    anotados = 0
    for registro in registros:
        try:
            aviso = json.loads(registro["Sns"]["Message"])
        except ValueError:
            aviso = None
        if not isinstance(aviso, dict):
            # SES publica un texto de validación al crear o cambiar el destino de eventos: no es un aviso.
            logger.info("mensaje de SNS que no es un evento de SES")
            continue
        eventos = eventos_de_ses(aviso, repositorios.casos().obtener, _telefono_de_contrato)
        nuevo = bool(eventos) and _eventos().anexar_una_vez(eventos)
        anotados += int(nuevo)
        logger.info(
            "evento de SES",
            extra={
                "tipo": aviso.get("eventType") or aviso.get("notificationType"),
                "folio": eventos[0].folio if eventos else None,
                "anotado": nuevo,
                "alerta": len(eventos) > 1,
            },
        )
    return {"anotados": anotados}


@logger.inject_lambda_context
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    if "envio_diferido" in event:
        return _diferido(event["envio_diferido"])
    registros = event.get("Records") or []
    if registros and registros[0].get("EventSource") == "aws:sns":
        return _eventos_ses(registros)
    return _lote(registros, context)
