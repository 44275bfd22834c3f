"""Eventos de API Gateway para invocar handlers directamente, construidos con la tabla de rutas real."""

from __future__ import annotations

import json
from typing import Any

from infraestructura.local.lambda_local import Contexto, evento_api
from infraestructura.local.servidor import buscar_ruta


def evento(
    metodo: str,
    camino: str,
    cuerpo: Any = None,
    cabeceras: dict[str, str] | None = None,
    consulta: str = "",
    agente: tuple[str, str] | tuple[str, str, str] | None = None,
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
    ev = evento_api(ruta, metodo, camino, consulta, {**base, **(cabeceras or {})}, datos, parametros, "198.51.100.7")
    if agente is not None:
        # Como lo deja el autorizador de Cognito de API Gateway: claims en texto.
        claims = {"cognito:username": agente[0], "cognito:groups": agente[1]}
        if len(agente) > 2:
            claims["custom:departamento"] = agente[2]  # usuario de departamento: (usuario, grupos, departamento)
        ev["requestContext"]["authorizer"] = {"claims": claims}
    return ev


def contexto(nombre: str = "prueba") -> Contexto:
    return Contexto(function_name=nombre)
