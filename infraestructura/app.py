"""Punto de entrada de CDK: `python -m infraestructura.app` o `npx cdk synth` (sin llamar a AWS)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from aws_cdk import App, Validations
from cdk_nag import AwsSolutionsChecks

from infraestructura.pila import PilaBluePoint
from infraestructura.pila_borde import PilaBorde

RAIZ = Path(__file__).resolve().parents[1]
NOMBRE_PILA = "BluePointAtencion"
# El WebACL de CloudFront, en us-east-1 (infraestructura/pila_borde.py).
NOMBRE_PILA_BORDE = "BluePointBorde"


def contexto_cdk_json() -> dict[str, Any]:
    """El contexto de cdk.json: con `python -m` nadie más lo lee, y las dos vías deben sintetizar igual."""
    return json.loads((RAIZ / "cdk.json").read_text(encoding="utf-8")).get("context", {})


def crear_app(contexto: dict[str, Any] | None = None, outdir: str | None = None) -> App:
    if outdir is None and "CDK_OUTDIR" not in os.environ:
        outdir = str(RAIZ / "cdk.out")
    # El contexto de la CLI (cdk.context.json, -c) se aplica encima de este, dentro de App.
    app = App(context={**contexto_cdk_json(), **(contexto or {})}, outdir=outdir)
    PilaBorde(app, NOMBRE_PILA_BORDE)
    PilaBluePoint(app, NOMBRE_PILA)
    Validations.of(app).add_plugins(AwsSolutionsChecks(app, verbose=True))
    return app


if __name__ == "__main__":
    crear_app().synth()
