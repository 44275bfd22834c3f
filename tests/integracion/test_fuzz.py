"""schemathesis contra /api/openapi.json del servidor local: ningún 5xx y ninguna respuesta fuera del esquema.

Corrida corta en `make test`; `make fuzz` la alarga con FUZZ_EJEMPLOS.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.integracion.test_servidor_agentes import sesion

pytestmark = pytest.mark.xdist_group("fuzz")
# positive_data_acceptance espera que todo lo que el esquema JSON admite sea aceptado; las reglas de negocio
# (dígito verificador del folio, categoría según el tipo, casos que existen) no caben en un esquema JSON.
EXCLUIDOS = "positive_data_acceptance"


def test_schemathesis_sin_errores_de_servidor_ni_respuestas_fuera_del_esquema(servidor_aislado, tmp_path):
    token = sesion(servidor_aislado, "supervisor.demo")["token"]
    ejemplos = os.environ.get("FUZZ_EJEMPLOS", "5")
    st = Path(sys.executable).with_name("schemathesis")
    r = subprocess.run(
        [
            str(st),
            "run",
            f"{servidor_aislado}/api/openapi.json",
            "--url",
            servidor_aislado,
            "-H",
            f"Authorization: Bearer {token}",
            "--checks",
            "all",
            "--exclude-checks",
            EXCLUIDOS,
            "--max-examples",
            ejemplos,
            "--seed",
            os.environ.get("FUZZ_SEMILLA", "20261124"),
            "--no-color",
        ],
        capture_output=True,
        text=True,
        timeout=1800,
        cwd=tmp_path,
    )
    resumen = r.stdout[-4000:]
    assert r.returncode == 0, resumen
    assert "generated" in resumen  # de verdad generó casos
