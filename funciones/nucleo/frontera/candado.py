"""Candado de origen: la API sólo atiende lo que llega por CloudFront, que agrega una cabecera secreta.

Se revisa una vez, como middleware del resolver (http.crear_app y el de documentación), en tiempo constante.
Durante una rotación se aceptan dos valores: {actual, anterior} del secreto (`make rotar-origen`).
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Callable
from typing import Any

from funciones.nucleo.frontera.enrutador import Response

# La cabecera que CloudFront agrega a cada solicitud al origen (constructos/sitio.py); `make run` también.
CABECERA_CANDADO = "x-origen-bluepoint"
CUERPO_403 = json.dumps(
    {
        "error": {
            "codigo": "origen_no_permitido",
            "mensaje": "Esta dirección no atiende solicitudes directas; usa el sitio de Blue Point.",
            "campos": [],
        }
    },
    ensure_ascii=False,
)


def _valores_candado() -> tuple[str, ...]:
    # Se importa aquí: el adaptador trae boto3 sólo si el candado vive en Secrets Manager.
    from funciones.nucleo.adaptadores.secretos import valores_candado

    return valores_candado()


def candado_abierto(recibido: str | None, aceptados: tuple[str, ...]) -> bool:
    """¿La cabecera trae uno de los valores aceptados? En tiempo constante y contra todos (sin cortar al primero)."""
    dato = (recibido or "").encode()
    coincide = [hmac.compare_digest(dato, v.encode()) for v in aceptados]
    return bool(recibido) and any(coincide)


def candado(valores: Callable[[], tuple[str, ...]] = _valores_candado) -> Callable[[Any, Any], Response[str]]:
    """Middleware de la frontera: sin la cabecera de CloudFront, 403 antes de que corra la ruta."""

    def revisar(app: Any, siguiente: Any) -> Response[str]:
        if not candado_abierto(app.current_event.headers.get(CABECERA_CANDADO), valores()):
            cabeceras = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}
            return Response(403, "application/json", CUERPO_403, cabeceras)
        respuesta: Response[str] = siguiente(app)
        return respuesta

    return revisar
