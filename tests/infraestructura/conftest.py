"""Una sola síntesis de la app real por sesión: es lo lento de estas pruebas."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION", "1")

from aws_cdk import App, Stack, cx_api  # noqa: E402
from aws_cdk.assertions import Template  # noqa: E402

from infraestructura.app import NOMBRE_PILA, NOMBRE_PILA_BORDE, crear_app  # noqa: E402
from infraestructura.constructos.notificaciones import destinos_alertas  # noqa: E402

# Un correo por destino de alertas, para que la plantilla lleve todas las suscripciones.
CORREOS_ALERTAS = {destino: f"alertas-{destino}@example.com" for destino in destinos_alertas()}


@dataclass
class Sintesis:
    app: App
    pila: Stack
    ensamblado: cx_api.CloudAssembly
    plantilla: Template
    salida: Path
    correos_alertas: dict[str, str]

    @cached_property
    def recursos(self) -> dict[str, Any]:
        return json.loads(self.archivo_plantilla.read_text())["Resources"]

    @property
    def archivo_plantilla(self) -> Path:
        return self.salida / f"{NOMBRE_PILA}.template.json"

    @property
    def archivo_plantilla_borde(self) -> Path:
        return self.salida / f"{NOMBRE_PILA_BORDE}.template.json"

    @cached_property
    def borde(self) -> dict[str, Any]:
        """La plantilla de la pila BluePointBorde (us-east-1): el WebACL de CloudFront."""
        return json.loads(self.archivo_plantilla_borde.read_text())

    def reporte_validacion(self) -> dict[str, Any]:
        return json.loads((self.salida / "validation-report.json").read_text())


@pytest.fixture(scope="session")
def sintesis(tmp_path_factory: pytest.TempPathFactory) -> Sintesis:
    salida = tmp_path_factory.mktemp("cdk.out")
    # Sin fallar en la síntesis: las pruebas leen el reporte de validación y muestran cada hallazgo.
    contexto = {"@aws-cdk/core:failSynthOnValidationErrors": False, "correos_alertas": CORREOS_ALERTAS}
    app = crear_app(contexto, outdir=str(salida))
    ensamblado = app.synth()
    pila = app.node.find_child(NOMBRE_PILA)
    return Sintesis(app, pila, ensamblado, Template.from_stack(pila), salida, dict(CORREOS_ALERTAS))
