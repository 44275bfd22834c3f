"""Accesorios comunes: el servidor local real (`make run`) en un subproceso, en un puerto libre."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

RAIZ = Path(__file__).resolve().parents[1]
CLAVE_DEMO = "Demo-Clave-2026!"


def _puerto_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def _servidor(directorio: Path) -> Iterator[str]:
    """Arranca `python -m infraestructura.local` como lo hace `make run` y espera a que responda."""
    puerto = _puerto_libre()
    bitacora = directorio / "servidor.log"
    entorno = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    entorno.update({"PUERTO": str(puerto), "PYTHONUNBUFFERED": "1", "CLAVE_DEMO": CLAVE_DEMO})
    # La página corporativa de muestra (formulario incrustado) en su propio puerto libre: no choca con make run.
    entorno["PUERTO_CORPORATIVO"] = str(_puerto_libre())
    # Su archivo de estado (para `make agente`) queda aquí y no pisa el de un `make run` del desarrollador.
    entorno["ESTADO_LOCAL"] = str(directorio / "estado-local.json")
    entorno.pop("MFA_OBLIGATORIO", None)
    with bitacora.open("w") as salida:
        proceso = subprocess.Popen(
            [sys.executable, "-m", "infraestructura.local"],
            cwd=RAIZ,
            env=entorno,
            stdout=salida,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{puerto}"
    limite = time.monotonic() + 60
    try:
        while True:
            try:
                with urllib.request.urlopen(f"{url}/api/catalogo", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proceso.poll() is not None or time.monotonic() > limite:
                pytest.fail(f"el servidor local no arrancó:\n{bitacora.read_text()[-3000:]}")
            time.sleep(0.2)
        yield url
    finally:
        proceso.terminate()
        try:
            proceso.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proceso.kill()


@pytest.fixture(scope="session")
def servidor_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """El servidor compartido por las pruebas de un mismo proceso de pytest."""
    with _servidor(tmp_path_factory.mktemp("servidor")) as url:
        yield url


@pytest.fixture(scope="module")
def servidor_aislado(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Un servidor propio para pruebas que llenan la tabla (carga, fuzzing) y no deben estorbar a las demás."""
    with _servidor(tmp_path_factory.mktemp("aislado")) as url:
        yield url
