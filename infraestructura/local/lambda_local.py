"""Invoca los handlers como lo haría Lambda: evento de API Gateway (REST, proxy) y contexto."""

from __future__ import annotations

import base64
import importlib
import importlib.util
import queue
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

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
    """Contenedores "calientes" por función, como Lambda: cada uno atiende una invocación a la vez.

    El resolver de Powertools guarda el evento en curso en su objeto `app`, así que dos invocaciones
    simultáneas necesitan dos copias del módulo del handler, igual que dos instancias de Lambda.
    """

    def __init__(self, maximo_por_funcion: int = 8) -> None:
        self.maximo = maximo_por_funcion
        self._libres: dict[str, queue.LifoQueue[Any]] = {}
        self._creados: dict[str, int] = {}
        self._candado = threading.Lock()

    def _contenedor(self, nombre: str) -> Any:
        with self._candado:
            libres = self._libres.setdefault(nombre, queue.LifoQueue())
            try:
                return libres.get_nowait()
            except queue.Empty:
                pass
            n = self._creados.get(nombre, 0)
            if n < self.maximo:
                self._creados[nombre] = n + 1
                return _cargar(nombre, n)
        return libres.get()  # todos ocupados: se espera uno libre, como un límite de concurrencia

    def invocar(self, nombre: str, evento: dict[str, Any]) -> dict[str, Any]:
        modulo = self._contenedor(nombre)
        try:
            return modulo.handler(evento, Contexto(function_name=f"bluepoint-{nombre}"))
        finally:
            self._libres[nombre].put(modulo)


def _cargar(nombre: str, n: int) -> Any:
    """El primer contenedor es el módulo normal; los demás, copias independientes del mismo archivo."""
    canonico = f"funciones.{nombre}.handler"
    if n == 0:
        return importlib.import_module(canonico)
    origen = importlib.import_module(canonico).__file__
    spec = importlib.util.spec_from_file_location(f"{canonico}__contenedor{n}", origen)
    assert spec is not None and spec.loader is not None
    modulo = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(modulo)
    return modulo


def evento_api(
    ruta: Ruta,
    metodo: str,
    camino: str,
    consulta: str,
    cabeceras: dict[str, str],
    cuerpo: bytes,
    parametros: dict[str, str],
    ip: str,
) -> dict[str, Any]:
    multi = parse_qs(consulta, keep_blank_values=True)
    texto: str | None
    es_b64 = False
    try:
        texto = cuerpo.decode("utf-8") if cuerpo else None
    except UnicodeDecodeError:
        texto, es_b64 = base64.b64encode(cuerpo).decode(), True
    return {
        "resource": ruta.ruta,
        "path": camino,
        "httpMethod": metodo,
        "headers": cabeceras,
        "multiValueHeaders": {k: [v] for k, v in cabeceras.items()},
        "queryStringParameters": {k: v[-1] for k, v in multi.items()} or None,
        "multiValueQueryStringParameters": multi or None,
        "pathParameters": parametros or None,
        "stageVariables": None,
        "body": texto,
        "isBase64Encoded": es_b64,
        "requestContext": {
            "resourcePath": ruta.ruta,
            "httpMethod": metodo,
            "path": f"/v1{camino}",
            "stage": "v1",
            "requestId": str(uuid.uuid4()),
            "requestTimeEpoch": int(time.time() * 1000),
            "identity": {"sourceIp": ip, "userAgent": cabeceras.get("user-agent", "")},
            "accountId": "123456789012",
            "apiId": "local",
            "protocol": "HTTP/1.1",
        },
    }


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
