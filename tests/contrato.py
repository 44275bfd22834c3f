"""Lo que responde un handler debe estar en el documento OpenAPI: estado, tipo de contenido y, si es JSON, esquema.

Las pruebas de integración pasan por aquí cada respuesta (`Entorno.api`): un código o un formato que la función
da y el documento no declara hace fallar la prueba que lo provoca.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from openapi_schema_validator import OAS31Validator

from infraestructura import openapi
from infraestructura.rutas import Ruta


@cache
def documento() -> dict[str, Any]:
    return openapi.generar()


def _validador(esquema: dict[str, Any]) -> OAS31Validator:
    raiz = {**esquema, "components": documento()["components"]}
    return OAS31Validator(raiz, format_checker=OAS31Validator.FORMAT_CHECKER)


def comprobar_respuesta(ruta: Ruta, estado: int, tipo_contenido: str, cuerpo: str) -> None:
    operacion = f"{ruta.metodo} {ruta.ruta}"
    declaradas = documento()["paths"][ruta.ruta][ruta.metodo.lower()]["responses"]
    assert str(estado) in declaradas, f"{operacion} respondió {estado}; el OpenAPI sólo declara {sorted(declaradas)}"
    medio = tipo_contenido.split(";")[0].strip().lower()
    contenidos = declaradas[str(estado)]["content"]
    assert medio in contenidos, f"{operacion} respondió {estado} en {medio}; el OpenAPI declara {sorted(contenidos)}"
    if medio == "application/json":
        esquema = contenidos[medio]["schema"]
        errores = [
            f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
            for e in _validador(esquema).iter_errors(json.loads(cuerpo))
        ]
        assert not errores, f"{operacion} respondió {estado} fuera de {esquema}: {errores[:5]}"
