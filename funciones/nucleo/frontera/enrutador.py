"""Enrutador mínimo de HTTP API (payload 2.0) sobre la tabla de rutas: lo que usamos del resolver de Powertools.

Importar `aws_lambda_powertools.event_handler` costaba ~30 ms de cada arranque en frío (trae asyncio, el OpenAPI
y las fuentes de eventos de AppSync, Bedrock, VPC Lattice…), y de él sólo se usaba esto: rutas por método con
parámetros `<nombre>`, middlewares globales, un manejador por tipo de excepción, la ruta no encontrada y la respuesta
del payload 2.0. El comportamiento es el de Powertools 3.x en esos puntos (docs/decisiones.md, issue 13): primero
las rutas fijas y después las que llevan parámetros, cada grupo en el orden en que se registró; los middlewares
corren también alrededor de la ruta no encontrada; una excepción sin manejador se vuelve a lanzar.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Callable, Mapping
from functools import cached_property
from typing import Any

# Lo que acepta un parámetro de ruta (igual que Powertools: RFC 3986 sin `/`, `?` ni `#`).
_PARAMETRO = r"[-._~()'!*:@,;=+&$%<> \[\]{}|^\w]+"
_NOMBRE = re.compile(r"<(\w+)>")


class Response[T]:
    """Una respuesta HTTP. Misma firma que la de Powertools: (estado, tipo de contenido, cuerpo, cabeceras)."""

    def __init__(
        self,
        status_code: int,
        content_type: str | None = None,
        body: T | None = None,
        headers: Mapping[str, str | list[str]] | None = None,
    ) -> None:
        self.status_code = status_code
        self.body = body
        self.headers: dict[str, str | list[str]] = dict(headers) if headers else {}
        self.content_type = content_type
        if content_type:
            self.headers.setdefault("Content-Type", content_type)


class Cabeceras(dict[str, str]):
    """Cabeceras que no distinguen mayúsculas (las llaves se guardan en minúsculas)."""

    def __init__(self, datos: Mapping[str, str] | None = None) -> None:
        super().__init__((k.lower(), v) for k, v in (datos or {}).items())

    def get(self, llave: str, omision: str | None = None) -> str | None:  # type: ignore[override]  # sin genéricos
        return super().get(llave.lower(), omision)

    def __getitem__(self, llave: str) -> str:
        return super().__getitem__(llave.lower())

    def __contains__(self, llave: object) -> bool:
        return isinstance(llave, str) and super().__contains__(llave.lower())


class _Http:
    def __init__(self, datos: Mapping[str, Any]) -> None:
        self.method: str = datos.get("method", "")
        self.path: str = datos.get("path", "")
        self.source_ip: str = datos.get("sourceIp", "")


class _ContextoSolicitud:
    def __init__(self, datos: Mapping[str, Any]) -> None:
        self.stage: str = datos.get("stage", "$default")
        self.http = _Http(datos.get("http") or {})


class EventoHttp:
    """El evento de HTTP API (payload 2.0), con los nombres de la clase de datos de Powertools que usamos."""

    def __init__(self, evento: dict[str, Any]) -> None:
        self.raw_event = evento
        self.headers = Cabeceras(evento.get("headers"))
        self.request_context = _ContextoSolicitud(evento.get("requestContext") or {})

    @property
    def query_string_parameters(self) -> dict[str, str]:
        return self.raw_event.get("queryStringParameters") or {}

    @property
    def path_parameters(self) -> dict[str, str]:
        return self.raw_event.get("pathParameters") or {}

    @property
    def body(self) -> str | None:
        cuerpo: str | None = self.raw_event.get("body")
        return cuerpo

    @property
    def is_base64_encoded(self) -> bool:
        return bool(self.raw_event.get("isBase64Encoded"))

    @cached_property
    def decoded_body(self) -> str | None:
        """El cuerpo como texto; si llegó en base64, decodificado (errores de base64 o UTF-8 se propagan)."""
        cuerpo = self.body
        if self.is_base64_encoded and cuerpo:
            return base64.b64decode(cuerpo.encode()).decode()
        return cuerpo

    @property
    def http_method(self) -> str:
        return self.request_context.http.method

    @property
    def path(self) -> str:
        etapa = self.request_context.stage
        crudo: str = self.raw_event.get("rawPath", "")
        return crudo[len("/" + etapa) :] if etapa != "$default" else crudo

    def get_query_string_value(self, name: str, default_value: str | None = None) -> str | None:
        return self.query_string_parameters.get(name, default_value)


type Middleware = Callable[[Any, Callable[[Any], Any]], Any]


class _Ruta:
    def __init__(self, metodo: str, regla: str, funcion: Callable[..., Any]) -> None:
        self.metodo = metodo
        self.regla = re.compile("^" + _NOMBRE.sub(lambda m: f"(?P<{m[1]}>{_PARAMETRO})", regla) + "$")
        self.funcion = funcion


class NoEncontrada(Exception):
    """Ninguna ruta coincide con el método y el camino (lo atiende `not_found`)."""


class Enrutador:
    """Resolver de HTTP API: `@app.get("/api/casos/<folio>")`, `app.use`, `app.exception_handler`, `app.resolve`."""

    def __init__(self) -> None:
        self._fijas: list[_Ruta] = []
        self._con_parametros: list[_Ruta] = []
        self._middlewares: list[Middleware] = []
        self._manejadores: dict[type[Exception], Callable[[Any], Any]] = {}
        # Por nombre calificado (`módulo.Clase`), para no importar la biblioteca de la excepción al arrancar.
        self._por_nombre: dict[str, Callable[[Any], Any]] = {}
        self._evento: EventoHttp | None = None
        self.lambda_context: Any = None

    @property
    def current_event(self) -> EventoHttp:
        if self._evento is None:
            raise RuntimeError("no hay una solicitud en curso")
        return self._evento

    def route(self, regla: str, metodo: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        def registrar(funcion: Callable[..., Any]) -> Callable[..., Any]:
            ruta = _Ruta(metodo.upper(), regla, funcion)
            (self._con_parametros if ruta.regla.groups else self._fijas).append(ruta)
            return funcion

        return registrar

    def get(self, regla: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        return self.route(regla, "GET")

    def post(self, regla: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        return self.route(regla, "POST")

    def put(self, regla: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        return self.route(regla, "PUT")

    def delete(self, regla: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        return self.route(regla, "DELETE")

    def use(self, middlewares: list[Middleware]) -> None:
        self._middlewares.extend(middlewares)

    def exception_handler(self, tipo: type[Exception]) -> Callable[[Callable[[Any], Any]], Callable[[Any], Any]]:
        def registrar(funcion: Callable[[Any], Any]) -> Callable[[Any], Any]:
            self._manejadores[tipo] = funcion
            return funcion

        return registrar

    def exception_handler_por_nombre(self, nombre: str) -> Callable[[Callable[[Any], Any]], Callable[[Any], Any]]:
        """Como `exception_handler`, con la clase dada por nombre: `"pydantic_core._pydantic_core.ValidationError"`."""

        def registrar(funcion: Callable[[Any], Any]) -> Callable[[Any], Any]:
            self._por_nombre[nombre] = funcion
            return funcion

        return registrar

    def not_found(self, funcion: Callable[[Any], Any]) -> Callable[[Any], Any]:
        return self.exception_handler(NoEncontrada)(funcion)

    def _manejador(self, error: Exception) -> Callable[[Any], Any] | None:
        # El del tipo más específico, siguiendo la jerarquía de la excepción (por clase o por nombre).
        for t in type(error).__mro__:
            if t in self._manejadores:
                return self._manejadores[t]
            if (por_nombre := self._por_nombre.get(f"{t.__module__}.{t.__qualname__}")) is not None:
                return por_nombre
        return None

    def _buscar(self) -> Callable[[], Any]:
        evento = self.current_event
        metodo, camino = evento.http_method.upper(), evento.path
        for ruta in self._fijas + self._con_parametros:
            if ruta.metodo == metodo and (coincide := ruta.regla.match(camino)):
                argumentos = coincide.groupdict()
                return lambda: ruta.funcion(**argumentos)

        def no_encontrada() -> Any:
            raise NoEncontrada()

        return no_encontrada

    def _con_middlewares(self, ruta: Callable[[], Any]) -> Any:
        def paso(i: int) -> Callable[[Any], Any]:
            if i == len(self._middlewares):
                return lambda _app: ruta()
            return lambda app: self._middlewares[i](app, paso(i + 1))

        return paso(0)(self)

    def resolve(self, event: dict[str, Any], context: Any) -> dict[str, Any]:
        self._evento, self.lambda_context = EventoHttp(event), context
        try:
            try:
                respuesta = self._con_middlewares(self._buscar())
            except Exception as error:
                manejador = self._manejador(error)
                if manejador is not None:
                    respuesta = manejador(error)
                elif isinstance(error, NoEncontrada):
                    respuesta = Response(404, "application/json", {"statusCode": 404, "message": "Not found"})
                else:
                    raise
            return _payload(respuesta)
        finally:
            self._evento = None

    def __call__(self, event: dict[str, Any], context: Any) -> dict[str, Any]:
        return self.resolve(event, context)


def _payload(respuesta: Any) -> dict[str, Any]:
    """La respuesta de payload 2.0 (un dict se serializa como JSON; bytes van en base64)."""
    if isinstance(respuesta, tuple) and len(respuesta) == 2:
        respuesta = Response(respuesta[1], "application/json", respuesta[0])
    elif not hasattr(respuesta, "status_code"):
        respuesta = Response(200, "application/json", respuesta)
    cuerpo = respuesta.body
    if cuerpo is not None and not isinstance(cuerpo, str | bytes):
        cuerpo = json.dumps(cuerpo, separators=(",", ":"))
    en_base64 = isinstance(cuerpo, bytes)
    if isinstance(cuerpo, bytes):
        cuerpo = base64.b64encode(cuerpo).decode()
    cabeceras = {k: v if isinstance(v, str) else ", ".join(v) for k, v in respuesta.headers.items() if v is not None}
    galletas = [str(g) for g in getattr(respuesta, "cookies", None) or []]
    return {
        "statusCode": respuesta.status_code,
        "body": cuerpo,
        "isBase64Encoded": en_base64,
        "headers": cabeceras,
        "cookies": galletas,
    }
