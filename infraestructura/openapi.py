"""Genera el documento OpenAPI 3.1 desde la tabla de rutas y los modelos de `esquemas`.

Uso: python -m infraestructura.openapi  (escribe funciones/documentacion/openapi.json)

OpenAPI 3.1 porque sus esquemas son JSON Schema 2020-12, el mismo dialecto que emite pydantic v2
(`anyOf` con `{"type": "null"}` para lo opcional): el documento usa los modelos tal cual.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from esquemas import respuestas, solicitudes
from esquemas.alta import PATRON_CLAVE_IDEMPOTENCIA
from infraestructura.rutas import RUTAS, Ruta

DESTINO = Path(__file__).resolve().parent.parent / "funciones" / "documentacion" / "openapi.json"
VERSION_OPENAPI = "3.1.0"
ESQUEMA_SEGURIDAD = "cognito"
JSON = "application/json"
FORMULARIO = "application/x-www-form-urlencoded"

_DESCRIPCIONES = {
    200: "Correcto",
    201: "Creado",
    400: "Datos inválidos",
    401: "Sin sesión válida",
    403: "Sin permiso",
    404: "No encontrado",
    409: "Conflicto de estado",
    410: "Ya no disponible: el enlace o la verificación vencieron o ya se usaron",
    413: "Solicitud demasiado grande",
    415: "Tipo de contenido no admitido",
    422: "La clave de idempotencia ya se usó con otros datos",
    423: "Verificación bloqueada por intentos fallidos",
    429: "Demasiadas solicitudes",
    503: "Servicio no disponible por ahora; reintenta después de Retry-After",
}

# Descripción de cada parámetro conocido (ruta, consulta o cabecera); uno nuevo sale sin descripción.
_PARAMETROS = {
    "folio": "Folio del caso (10 dígitos; se aceptan espacios y guiones)",
    "token": "Token firmado del enlace que recibió el cliente",
    "t": "Token del comprobante (viene en `comprobante_url` del alta)",
    "estado": "Filtra por estado del caso",
    "nivel": "Filtra por nivel de escalamiento (1 a 9)",
    "vence_antes": "Sólo casos cuyo compromiso vence antes de esta fecha ISO 8601",
    "cursor": "Cursor de la página siguiente (viene en la respuesta anterior)",
    "prioridad": "1 ordena escalados y vencidos primero; 0 sólo por vencimiento",
    "calificacion": "Calificación de 1 a 5 que la página muestra ya elegida (sólo el POST registra)",
    "desde": "Primer día del periodo (AAAA-MM-DD); por omisión, hace 29 días",
    "hasta": "Último día del periodo (AAAA-MM-DD); por omisión, hoy",
    "formato": "Formato de la respuesta (json por omisión)",
    "Idempotency-Key": "Clave de idempotencia: repetir la solicitud con la misma clave devuelve el mismo caso",
}
_ESQUEMAS_PARAMETRO: dict[str, dict[str, Any]] = {
    "Idempotency-Key": {"type": "string", "pattern": PATRON_CLAVE_IDEMPOTENCIA},
}
_CABECERAS_RESPUESTA: dict[tuple[str, int], dict[str, Any]] = {
    ("Idempotency-Key", 201): {
        "Idempotent-Replayed": {
            "description": "«true» si la respuesta repite la de una solicitud anterior con la misma clave",
            "schema": {"type": "string", "enum": ["true"]},
        }
    },
}
_REINTENTAR = {
    "Retry-After": {"description": "Segundos que conviene esperar antes de reintentar", "schema": {"type": "integer"}}
}


def _modelo(nombre: str) -> type[BaseModel]:
    for modulo in (solicitudes, respuestas):
        if hasattr(modulo, nombre):
            return getattr(modulo, nombre)
    raise KeyError(nombre)


_SIN_DATOS = {"catalogo", "documentacion"}


def operacion_id(r: Ruta) -> str:
    """Identificador de la operación derivado del método y la ruta: `post_casos_folio_escalamientos`."""
    camino = r.ruta.removeprefix("/api/")
    partes = [p for p in re.split(r"[^A-Za-z0-9]+", camino) if p]
    return "_".join([r.metodo.lower(), *partes]).lower()


def respuestas_de(r: Ruta) -> dict[int, str | None]:
    """Las respuestas de la ruta más las que toda ruta de su clase puede dar (límites, sesión, validación)."""
    comunes: dict[int, str | None] = {429: "RespuestaError"}
    if r.funcion not in _SIN_DATOS:
        comunes[503] = "RespuestaError"
    if r.cuerpo:
        comunes.update({400: "RespuestaError", 413: "RespuestaError", 415: "RespuestaError"})
    # Una ruta JSON con parámetro de ruta lo valida y lo busca; las de páginas HTML declaran las suyas.
    if "{" in r.ruta and r.contenido == JSON:
        comunes.update({400: "RespuestaError", 404: "RespuestaError"})
    if r.parametros_consulta and r.contenido == JSON:
        comunes[400] = "RespuestaError"
    if not r.publica:
        comunes.update({401: "RespuestaError", 403: "RespuestaError"})
    return {**comunes, **r.respuestas}


def _parametros(r: Ruta) -> list[dict[str, Any]]:
    lugares = (
        [(p, "path", True) for p in re.findall(r"{(\w+)}", r.ruta)]
        + [(q, "query", False) for q in r.parametros_consulta]
        + [(c, "header", False) for c in r.cabeceras]
    )
    parametros = []
    for nombre, lugar, requerido in lugares:
        parametro: dict[str, Any] = {
            "name": nombre,
            "in": lugar,
            "required": requerido,
            "schema": _ESQUEMAS_PARAMETRO.get(nombre, {"type": "string"}),
        }
        if nombre in _PARAMETROS:
            parametro["description"] = _PARAMETROS[nombre]
        parametros.append(parametro)
    return parametros


def _ref(nombre: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{nombre}"}


def _respuesta(r: Ruta, estado: int, nombre: str | None) -> dict[str, Any]:
    contenido: dict[str, Any] = {}
    if nombre:
        contenido[JSON] = {"schema": _ref(nombre)}
    elif r.contenido == JSON:
        # JSON sin modelo: el propio documento OpenAPI.
        contenido[JSON] = {"schema": {"type": "object"}}
    else:
        contenido[r.contenido] = {"schema": {"type": "string"}}
    if estado in r.otros_contenidos:
        contenido[r.otros_contenidos[estado]] = {"schema": {"type": "string"}}
    respuesta: dict[str, Any] = {"description": _DESCRIPCIONES.get(estado, "Respuesta"), "content": contenido}
    cabeceras = {k: v for c in r.cabeceras for k, v in _CABECERAS_RESPUESTA.get((c, estado), {}).items()}
    if estado in (429, 503):
        cabeceras.update(_REINTENTAR)
    if cabeceras:
        respuesta["headers"] = cabeceras
    return respuesta


def _descripcion(r: Ruta) -> str | None:
    partes = []
    if r.grupos:
        partes.append(f"Para agentes de los grupos: {', '.join(r.grupos)}.")
    if r.formulario:
        partes.append("También acepta el formulario de su página; entonces contesta con una página HTML.")
    return " ".join(partes) or None


def _operacion(r: Ruta) -> dict[str, Any]:
    operacion: dict[str, Any] = {
        "operationId": operacion_id(r),
        "summary": r.resumen,
        "tags": ["pública" if r.publica else "agentes"],
        # Las públicas declaran que no piden sesión; las de agentes, el token de Cognito.
        "security": [] if r.publica else [{ESQUEMA_SEGURIDAD: []}],
        "responses": {str(e): _respuesta(r, e, n) for e, n in sorted(respuestas_de(r).items())},
    }
    descripcion = _descripcion(r)
    if descripcion:
        operacion["description"] = descripcion
    parametros = _parametros(r)
    if parametros:
        operacion["parameters"] = parametros
    if r.cuerpo:
        contenido = {JSON: {"schema": _ref(r.cuerpo)}}
        if r.formulario:
            contenido[FORMULARIO] = {"schema": _ref(r.formulario)}
        operacion["requestBody"] = {"required": True, "content": contenido}
    return operacion


def generar() -> dict[str, Any]:
    cuerpos = {n for r in RUTAS for n in (r.cuerpo, r.formulario) if n}
    nombres = sorted(cuerpos | {n for r in RUTAS for n in respuestas_de(r).values() if n})
    _, esquemas = models_json_schema(
        [(_modelo(n), "validation" if n in cuerpos else "serialization") for n in nombres],
        ref_template="#/components/schemas/{model}",
    )
    rutas: dict[str, dict[str, Any]] = {}
    for r in RUTAS:
        rutas.setdefault(r.ruta, {})[r.metodo.lower()] = _operacion(r)
    return {
        "openapi": VERSION_OPENAPI,
        "info": {
            "title": "Blue Point · Atención al Cliente",
            "version": "1.0.0",
            "summary": "Dudas, aclaraciones, quejas y reclamaciones de los clientes de Blue Point.",
            "description": "API del sitio de Atención al Cliente y de la consola de agentes de Blue Point: "
            "registro de casos con folio, seguimiento, confirmación, encuestas, gestión, escalamiento y "
            "reportes. Todo es JSON en UTF-8, salvo las páginas HTML y el CSV que se indican. Cada error "
            'tiene la forma {"error": {"codigo", "mensaje", "campos": [{"campo", "mensaje"}]}}, con '
            "mensajes en español por campo.\n\n"
            "Respuestas por correo (fuera de HTTP): cada correo de un caso lleva "
            "`Reply-To: respuestas+<folio>.<firma>@<dominio>` y las cabeceras de hilo `In-Reply-To` y "
            "`References` con el `Message-ID` que SES puso a los correos anteriores del caso. Lo que el cliente "
            "responde lo recibe SES (regla de recepción → S3 cifrado → función `correo_entrante`) y queda en el "
            "historial como mensaje público (`tipo` `mensaje_cliente`, `datos.canal` `correo`, con `adjuntos` y "
            "`objeto`, la llave del crudo), sin la historia citada ni la firma; reabre un caso resuelto, o cerrado "
            "hace 30 días o menos, y después abre uno nuevo ligado. Las autorespuestas y los rebotes se ignoran; "
            "un token falsificado o un remitente que no es el correo del caso se apartan para que los revise un "
            "agente. En `make run`, `POST /_local/correos-entrantes` (cuerpo `message/rfc822`) lo emula.",
        },
        # El sitio y la API comparten origen (CloudFront lleva /api/* a la API).
        "servers": [{"url": "/", "description": "El mismo origen que el sitio de Atención al Cliente"}],
        "tags": [
            {"name": "pública", "description": "Rutas del sitio y de los enlaces del cliente; no piden sesión."},
            {"name": "agentes", "description": "Rutas de la consola; piden la sesión de un agente."},
        ],
        "paths": rutas,
        "components": {
            "schemas": esquemas.get("$defs", {}),
            "securitySchemes": {
                ESQUEMA_SEGURIDAD: {
                    "type": "http",
                    "scheme": "bearer",
                    "bearerFormat": "JWT",
                    "description": "Token de identidad de Cognito que devuelve POST /api/sesiones, en la "
                    "cabecera Authorization: Bearer <token>.",
                }
            },
        },
    }


def texto() -> str:
    return json.dumps(generar(), ensure_ascii=False, indent=1, sort_keys=True) + "\n"


if __name__ == "__main__":
    DESTINO.write_text(texto(), encoding="utf-8")
    print(f"OpenAPI escrito en {DESTINO.relative_to(Path.cwd()) if DESTINO.is_relative_to(Path.cwd()) else DESTINO}")
