"""Tamaño del paquete de código de cada función, armado con el mismo `EmpaquetadoLocal` que usa la pila.

Se corre en un subproceso (`python -m bench.paquetes`): importar aws_cdk arranca el runtime de jsii (node),
y así no queda en el proceso del banco. Imprime JSON.
"""

from __future__ import annotations

import io
import json
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


def _instalado(*paquetes: str) -> int:
    """Bytes instalados localmente de los paquetes que trae la capa (sólo como referencia)."""
    import importlib.util

    total = 0
    for nombre in paquetes:
        especificacion = importlib.util.find_spec(nombre)
        if especificacion and especificacion.submodule_search_locations:
            for carpeta in especificacion.submodule_search_locations:
                total += sum(
                    p.stat().st_size for p in Path(carpeta).rglob("*") if p.is_file() and "__pycache__" not in p.parts
                )
    return total


def medir() -> dict[str, Any]:
    from infraestructura.app import contexto_cdk_json
    from infraestructura.constructos.funciones import CUENTA_POWERTOOLS, RUNTIME, EmpaquetadoLocal
    from infraestructura.rutas import FUNCIONES

    filas = []
    for nombre in FUNCIONES:
        with tempfile.TemporaryDirectory(prefix=f"bench-{nombre}-") as tmp:
            salida = Path(tmp)
            EmpaquetadoLocal(nombre).try_bundle(str(salida))
            archivos = [p for p in salida.rglob("*") if p.is_file()]
            bytes_ = sum(p.stat().st_size for p in archivos)
            comprimido = _zip(salida)
        filas.append(
            {
                "funcion": nombre,
                "archivos": len(archivos),
                "bytes": bytes_,
                "zip_bytes": comprimido,
                "objetivo_bytes": OBJETIVO_BYTES,
                "cumple": comprimido <= OBJETIVO_BYTES and bytes_ <= OBJETIVO_BYTES,
            }
        )
    etiqueta = RUNTIME.name.replace(".", "")
    version = contexto_cdk_json().get("powertools_capa_version")
    return {
        "objetivo_bytes": OBJETIVO_BYTES,
        "funciones": filas,
        "capa": {
            "tipo": "capa administrada (no se empaqueta)",
            "arn": f"arn:aws:lambda:<región>:{CUENTA_POWERTOOLS}:layer:"
            f"AWSLambdaPowertoolsPythonV3-{etiqueta}-arm64:{version}",
            "referencia_local_bytes": _instalado("aws_lambda_powertools", "pydantic", "pydantic_core"),
        },
    }


if __name__ == "__main__":
    print(json.dumps(medir()))
