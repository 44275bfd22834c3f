"""Genera el documento OpenAPI 3 desde la tabla de rutas y los modelos de `esquemas`.

Uso: python -m infraestructura.openapi  (escribe funciones/documentacion/openapi.json)
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from esquemas import respuestas, solicitudes
from infraestructura.rutas import RUTAS, Ruta

DESTINO = Path(__file__).resolve().parent.parent / "funciones" / "documentacion" / "openapi.json"
_DESCRIPCIONES = {
    200: "Correcto",
    201: "Creado",
    400: "Datos inválidos",
    401: "Sin sesión válida",
    403: "Sin permiso",
    404: "No encontrado",
    409: "Conflicto de estado",
    413: "Solicitud demasiado grande",
    415: "Tipo de contenido no admitido",
    429: "Demasiadas solicitudes",
    503: "Reintenta más tarde",
}


def _modelo(nombre: str) -> type[BaseModel]:
    for modulo in (solicitudes, respuestas):
        if hasattr(modulo, nombre):
            return getattr(modulo, nombre)
    raise KeyError(nombre)


_SIN_DATOS = {"catalogo", "documentacion"}


def respuestas_de(r: Ruta) -> dict[int, str | None]:
    """Las respuestas de la ruta más las que toda ruta de su clase puede dar (límites, sesión, validación)."""
    error = "RespuestaError" if r.contenido == "application/json" else None
    comunes: dict[int, str | None] = {429: "RespuestaError"}
    if r.funcion not in _SIN_DATOS:
        comunes[503] = "RespuestaError"
    if r.cuerpo:
        comunes.update({400: "RespuestaError", 413: "RespuestaError", 415: "RespuestaError"})
    if "{" in r.ruta:
        comunes.update({400: error, 404: error})
    if r.parametros_consulta and r.contenido == "application/json":
        comunes[400] = "RespuestaError"
    if not r.publica:
        comunes.update({401: "RespuestaError", 403: "RespuestaError"})
    return {**comunes, **r.respuestas}


def generar() -> dict[str, Any]:
    cuerpos = {r.cuerpo for r in RUTAS if r.cuerpo}
    nombres = sorted(cuerpos | {n for r in RUTAS for n in r.respuestas.values() if n})
    _, esquemas = models_json_schema(
        [(_modelo(n), "validation" if n in cuerpos else "serialization") for n in nombres],
        ref_template="#/components/schemas/{model}",
    )
    rutas: dict[str, dict[str, Any]] = {}
    for r in RUTAS:
        operacion: dict[str, Any] = {
            "operationId": f"{r.funcion}_{r.metodo.lower()}",
            "summary": r.resumen,
            "tags": ["pública" if r.publica else "agentes"],
            "responses": {},
        }
        parametros = [
            {"name": p, "in": "path", "required": True, "schema": {"type": "string"}}
            for p in re.findall(r"{(\w+)}", r.ruta)
        ] + [{"name": q, "in": "query", "required": False, "schema": {"type": "string"}} for q in r.parametros_consulta]
        if parametros:
            operacion["parameters"] = parametros
        if r.cuerpo:
            operacion["requestBody"] = {
                "required": True,
                "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{r.cuerpo}"}}},
            }
        if not r.publica:
            operacion["security"] = [{"cognito": []}]
        for estado, nombre in sorted(respuestas_de(r).items()):
            respuesta: dict[str, Any] = {"description": _DESCRIPCIONES.get(estado, "Respuesta")}
            if nombre:
                respuesta["content"] = {"application/json": {"schema": {"$ref": f"#/components/schemas/{nombre}"}}}
            else:
                respuesta["content"] = {r.contenido: {"schema": {"type": "string"}}}
            operacion["responses"][str(estado)] = respuesta
        rutas.setdefault(r.ruta, {})[r.metodo.lower()] = operacion
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Blue Point · Atención al Usuario Final",
            "version": "1.0.0",
            "description": "API de dudas, aclaraciones, quejas y reclamaciones. Errores: "
            '{"error": {"codigo", "mensaje", "campos": [{"campo", "mensaje"}]}}.',
        },
        "paths": rutas,
        "components": {
            "schemas": esquemas.get("$defs", {}),
            "securitySchemes": {"cognito": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}},
        },
    }


def texto() -> str:
    return json.dumps(generar(), ensure_ascii=False, indent=1, sort_keys=True) + "\n"


if __name__ == "__main__":
    DESTINO.write_text(texto(), encoding="utf-8")
    print(f"OpenAPI escrito en {DESTINO.relative_to(Path.cwd()) if DESTINO.is_relative_to(Path.cwd()) else DESTINO}")
