"""Eventos de HTTP API (payload 2.0) para invocar handlers directamente, construidos con la tabla de rutas real.

Como CloudFront, `evento` agrega la cabecera del candado de origen (CANDADO_PRUEBAS, o el CANDADO_ORIGEN del
entorno); `sin_candado=True` arma una llamada directa a execute-api.
"""

from __future__ import annotations

import json
import os
from typing import Any

from infraestructura.local.lambda_local import Contexto, evento_api
from infraestructura.local.servidor import buscar_ruta

CANDADO_PRUEBAS = "candado-de-pruebas-" + "0" * 24


def candado() -> str:
    """El valor del candado que aceptan los handlers en este proceso (el del entorno, o el de pruebas)."""
    return os.environ.get("CANDADO_ORIGEN") or CANDADO_PRUEBAS


def evento(
    metodo: str,
    camino: str,
    cuerpo: Any = None,
    cabeceras: dict[str, str] | None = None,
    consulta: str = "",
    agente: tuple[str, str] | tuple[str, str, str] | None = None,
    sin_candado: bool = False,
) -> dict[str, Any]:
    ruta, parametros, _ = buscar_ruta(metodo, camino)
    assert ruta is not None, f"sin ruta para {metodo} {camino}"
    if cuerpo is None:
        datos = b""
    elif isinstance(cuerpo, bytes | str):
        datos = cuerpo.encode() if isinstance(cuerpo, str) else cuerpo
    else:
        datos = json.dumps(cuerpo).encode()
    base = {"content-type": "application/json"} if cuerpo is not None else {}
    todas = {**base, **(cabeceras or {})}
    valor = None if sin_candado else candado()
    ev = evento_api(ruta, metodo, camino, consulta, todas, datos, parametros, "198.51.100.7", valor)
    if agente is not None:
        # Como lo deja el autorizador JWT de HTTP API: claims en texto, los grupos como "[a b]".
        claims = {"cognito:username": agente[0], "cognito:groups": "[" + agente[1].replace(",", " ") + "]"}
        if len(agente) > 2:
            claims["custom:departamento"] = agente[2]  # usuario de departamento: (usuario, grupos, departamento)
        ev["requestContext"]["authorizer"] = {"jwt": {"claims": claims, "scopes": None}}
    return ev


def contexto(nombre: str = "prueba") -> Contexto:
    return Contexto(function_name=nombre)
