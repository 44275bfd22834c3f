"""Invoca los handlers como lo haría Lambda: evento de HTTP API (payload 2.0) y contexto."""

from __future__ import annotations

import base64
import importlib
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

from funciones.nucleo.frontera.candado import CABECERA_CANDADO
from infraestructura.rutas import Ruta


@dataclass
class Contexto:
    function_name: str
    memory_limit_in_mb: int = 256
    aws_request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    log_group_name: str = "/aws/lambda/local"
    log_stream_name: str = "local"
    function_version: str = "$LATEST"
    _limite: float = field(default_factory=lambda: time.monotonic() + 30)

    @property
    def invoked_function_arn(self) -> str:
        return f"arn:aws:lambda:us-east-1:123456789012:function:{self.function_name}"

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self._limite - time.monotonic()) * 1000))


class Funciones:
    """Invoca los handlers como contenedores "calientes" de Lambda, con una salvedad de este proceso único.

    El enrutador de la frontera guarda el evento en curso en la `app` de cada handler (un objeto del módulo), y
    el Logger sus llaves por servicio: en Lambda hay una invocación por proceso, pero aquí todas comparten proceso.
    Por eso las funciones con rutas HTTP se invocan de a una (un candado común) y las demás (flujo, barrido) cada
    una con su propio candado.
    """

    def __init__(self) -> None:
        from infraestructura.rutas import funciones_api

        self._api = set(funciones_api())
        comun = threading.Lock()
        self._candados: dict[str, threading.Lock] = {n: comun for n in self._api}
        self._global = threading.Lock()

    def invocar(self, nombre: str, evento: dict[str, Any]) -> dict[str, Any]:
        with self._global:
            candado = self._candados.setdefault(nombre, threading.Lock())
        with candado:
            modulo = importlib.import_module(f"funciones.{nombre}.handler")
            return modulo.handler(evento, Contexto(function_name=f"bluepoint-{nombre}"))


def evento_api(
    ruta: Ruta,
    metodo: str,
    camino: str,
    consulta: str,
    cabeceras: dict[str, str],
    cuerpo: bytes,
    parametros: dict[str, str],
    ip: str,
    candado: str | None = None,
) -> dict[str, Any]:
    """El evento que HTTP API (payload 2.0) entrega a la función de la ruta.

    `candado`: el valor de la cabecera de origen, que CloudFront agrega (y pisa si el cliente la manda) en cada
    solicitud; el servidor local hace ese papel. Sin él, la solicitud es como una llamada directa a execute-api.
    """
    from datetime import UTC, datetime

    multi = parse_qs(consulta, keep_blank_values=True)
    texto: str | None
    es_b64 = False
    try:
        texto = cuerpo.decode("utf-8") if cuerpo else None
    except UnicodeDecodeError:
        texto, es_b64 = base64.b64encode(cuerpo).decode(), True
    encabezados = {k.lower(): v for k, v in cabeceras.items() if k.lower() != "cookie"}
    encabezados.pop(CABECERA_CANDADO, None)
    if candado:
        encabezados[CABECERA_CANDADO] = candado
    galletas = [g.strip() for g in cabeceras.get("cookie", "").split(";") if g.strip()]
    ahora = time.time()
    evento: dict[str, Any] = {
        "version": "2.0",
        "routeKey": f"{ruta.metodo} {ruta.ruta}",
        "rawPath": camino,
        "rawQueryString": consulta,
        "headers": encabezados,
        # HTTP API junta con comas los valores repetidos de un parámetro.
        "queryStringParameters": {k: ",".join(v) for k, v in multi.items()} or None,
        "pathParameters": parametros or None,
        "stageVariables": None,
        "body": texto,
        "isBase64Encoded": es_b64,
        "requestContext": {
            "accountId": "123456789012",
            "apiId": "local",
            "domainName": encabezados.get("host", "127.0.0.1"),
            "domainPrefix": "local",
            "http": {
                "method": metodo,
                "path": camino,
                "protocol": "HTTP/1.1",
                "sourceIp": ip,
                "userAgent": encabezados.get("user-agent", ""),
            },
            "requestId": str(uuid.uuid4()),
            "routeKey": f"{ruta.metodo} {ruta.ruta}",
            "stage": "$default",
            "time": datetime.fromtimestamp(ahora, UTC).strftime("%d/%b/%Y:%H:%M:%S +0000"),
            "timeEpoch": int(ahora * 1000),
        },
    }
    if galletas:
        evento["cookies"] = galletas
    return evento


def olvidar_configuracion() -> None:
    """Los ajustes y clientes se crean una vez por contenedor; al cambiar de emulación se rehacen."""
    import sys

    for nombre, modulo in list(sys.modules.items()):
        if not nombre.startswith("funciones."):
            continue
        for valor in list(vars(modulo).values()):
            # Lo creado con functools.cache en ese mismo módulo (ajustes, clientes, repositorios…).
            if callable(getattr(valor, "cache_clear", None)) and getattr(valor, "__module__", None) == nombre:
                valor.cache_clear()


def evento_programado() -> dict[str, Any]:
    """Evento de una regla programada de EventBridge."""
    from datetime import UTC, datetime

    return {
        "version": "0",
        "id": str(uuid.uuid4()),
        "detail-type": "Scheduled Event",
        "source": "aws.events",
        "account": "123456789012",
        "time": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "region": "us-east-1",
        "resources": ["arn:aws:events:us-east-1:123456789012:rule/bluepoint-barrido"],
        "detail": {},
    }
