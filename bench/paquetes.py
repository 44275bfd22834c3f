"""Tamaño del paquete de cada función y de la capa de dependencias, armados como en la pila, y si cada función importa.

Cada función se importa con sólo su paquete y la capa (las mismas versiones del candado, en ruedas para esta máquina:
las de la capa real son aarch64), sin site-packages: así se ve si alguna necesita algo que la capa no lleva.

Se corre en un subproceso (`python -m bench.paquetes`): importar aws_cdk arranca el runtime de jsii (node),
y así no queda en el proceso del banco. Imprime JSON.
"""

from __future__ import annotations

import io
import json
import os
import platform
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any

OBJETIVO_BYTES = 1024 * 1024


def _zip(carpeta: Path) -> int:
    memoria = io.BytesIO()
    with zipfile.ZipFile(memoria, "w", zipfile.ZIP_DEFLATED) as z:
        for archivo in sorted(carpeta.rglob("*")):
            if archivo.is_file():
                z.write(archivo, archivo.relative_to(carpeta))
    return len(memoria.getvalue())


# Lambda: función y capas, descomprimidas, hasta 250 MB.
LIMITE_DESCOMPRIMIDO_BYTES = 250 * 1024 * 1024

# Importa el handler y cada módulo del paquete: también lo que una ruta importa dentro de sí.
_IMPORTAR_TODO = """
import importlib, pkgutil, sys
importlib.import_module(sys.argv[1])
for paquete in ("funciones", "esquemas"):
    for info in pkgutil.walk_packages(importlib.import_module(paquete).__path__, paquete + "."):
        importlib.import_module(info.name)
"""


def _medir_carpeta(carpeta: Path) -> dict[str, int]:
    archivos = [p for p in carpeta.rglob("*") if p.is_file()]
    return {"archivos": len(archivos), "bytes": sum(p.stat().st_size for p in archivos), "zip_bytes": _zip(carpeta)}


def importa(nombre: str, paquete: Path, capa: Path) -> str | None:
    """Importa la función con sólo su paquete, la capa y la biblioteca estándar (`-S`: sin site-packages).

    `capa` es la carpeta `python/` de una capa para esta máquina. Devuelve None si todo importa, o el error.
    """
    from bench.comun import entorno_funciones

    # Como en Lambda: el código propio sin .pyc (y sin escribirlos), la capa con los suyos.
    entorno = entorno_funciones({"PYTHONPATH": f"{paquete}{os.pathsep}{capa}", "PYTHONDONTWRITEBYTECODE": "1"})
    r = subprocess.run(  # noqa: S603 -- argumentos fijos
        [sys.executable, "-S", "-c", _IMPORTAR_TODO, f"funciones.{nombre}.handler"],
        env=entorno,
        cwd=paquete,
        capture_output=True,
        text=True,
    )
    return None if r.returncode == 0 else r.stderr.strip().splitlines()[-1]


def capa_de_esta_maquina() -> Path:
    """La misma capa (mismas versiones y hashes del candado) armada para esta máquina, para poder importarla."""
    from infraestructura.constructos.dependencias import armar
    from infraestructura.constructos.funciones import VERSION_PYTHON

    return armar(VERSION_PYTHON, f"{platform.machine()}-manylinux_2_34") / "python"


def medir() -> dict[str, Any]:
    from infraestructura.constructos.dependencias import PLATAFORMA, armar, requisitos
    from infraestructura.constructos.funciones import RUNTIME, VERSION_PYTHON, EmpaquetadoLocal
    from infraestructura.rutas import FUNCIONES

    capa = armar(VERSION_PYTHON)
    medida_capa = _medir_carpeta(capa)
    local = capa_de_esta_maquina()
    filas = []
    for nombre in FUNCIONES:
        with tempfile.TemporaryDirectory(prefix=f"bench-{nombre}-") as tmp:
            salida = Path(tmp)
            EmpaquetadoLocal(nombre).try_bundle(str(salida))
            medida = _medir_carpeta(salida)
            error = importa(nombre, salida, local)
        filas.append(
            {
                "funcion": nombre,
                **medida,
                "objetivo_bytes": OBJETIVO_BYTES,
                "cumple": medida["zip_bytes"] <= OBJETIVO_BYTES and medida["bytes"] <= OBJETIVO_BYTES,
                "importa": error is None,
                "error_al_importar": error,
                "con_capa_bytes": medida["bytes"] + medida_capa["bytes"],
                "cumple_limite_lambda": medida["bytes"] + medida_capa["bytes"] <= LIMITE_DESCOMPRIMIDO_BYTES,
            }
        )
    paquetes = sorted(linea.split(" ")[0] for linea in requisitos().splitlines() if "==" in linea)
    return {
        "objetivo_bytes": OBJETIVO_BYTES,
        "funciones": filas,
        "capa": {
            "tipo": f"capa propia de uv.lock ({RUNTIME.name}, {PLATAFORMA})",
            "paquetes": paquetes,
            **medida_capa,
            "limite_bytes": LIMITE_DESCOMPRIMIDO_BYTES,
        },
    }


if __name__ == "__main__":
    print(json.dumps(medir()))
