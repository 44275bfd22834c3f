"""Utilidades comunes del banco de pruebas: raíz, entorno de las funciones y estadística simple."""

from __future__ import annotations

import math
import os
import statistics
import sys
from pathlib import Path

RAIZ = Path(__file__).resolve().parents[1]
PY = sys.executable
REGION = "us-east-1"


def entorno_funciones(extra: dict[str, str] | None = None) -> dict[str, str]:
    """Entorno limpio (sin AWS_* ajenos) con lo que los ajustes de las funciones necesitan para validar."""
    ajenas = ("AWS_", "PIMIENTA", "CANDADO_", "POWERTOOLS_", "PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX")
    entorno = {k: v for k, v in os.environ.items() if not k.startswith(ajenas)}
    entorno.update(
        {
            "TABLA": "bluepoint-local",
            "REMITENTE": "atencion@bluepoint.mx",
            # Respuestas por correo (correo_entrante y el Reply-To de notificaciones), como el servidor local.
            "DOMINIO_RESPUESTAS": "bluepoint.mx",
            "BUCKET_CORREOS": "bluepoint-correos-local",
            "BUCKET_ADJUNTOS": "bluepoint-adjuntos-local",
            "CONFIG_SES": "bluepoint-local",
            "URL_SITIO": "https://atencion.bluepoint.mx",
            "PIMIENTA": "5e" * 32,
            # El candado de origen en claro, como en local: tests/eventos.py lo agrega (CloudFront en AWS).
            "CANDADO_ORIGEN": "candado-de-pruebas-" + "0" * 24,
            "TEMA_ALERTAS": f"arn:aws:sns:{REGION}:123456789012:bluepoint-alertas",
            "COGNITO_POOL": f"{REGION}_banco",
            "COGNITO_CLIENTE": "banco",
            "POWERTOOLS_TRACE_DISABLED": "true",
            "POWERTOOLS_SERVICE_NAME": "bluepoint",
            "LOG_LEVEL": "INFO",
            "AWS_DEFAULT_REGION": REGION,
            "AWS_REGION": REGION,
            # Credenciales ficticias: crear un cliente no debe salir a buscar credenciales (IMDS).
            "AWS_ACCESS_KEY_ID": "banco",
            "AWS_SECRET_ACCESS_KEY": "banco",
            "AWS_EC2_METADATA_DISABLED": "true",
            "PYTHONPATH": str(RAIZ),
            # Como en la pila (infraestructura/constructos/funciones.py).
            "PYDANTIC_DISABLE_PLUGINS": "__all__",
        }
    )
    entorno.update(extra or {})
    return entorno


def mediana(valores: list[float]) -> float:
    return statistics.median(valores) if valores else float("nan")


def percentil(valores: list[float], p: float) -> float:
    """Percentil por rango más cercano (p en 0..100)."""
    if not valores:
        return float("nan")
    ordenados = sorted(valores)
    k = max(0, math.ceil(p / 100 * len(ordenados)) - 1)
    return ordenados[k]


def razon(a: float, b: float) -> float:
    return a / b if b else float("nan")


def veredicto(cumple: bool) -> str:
    # PASS/FAIL tal cual: es lo que se busca en la salida.
    return "PASS" if cumple else "FAIL"
