"""Capa con las dependencias de ejecución de `uv.lock`, armada sin Docker para Lambda (CPython 3.12, arm64).

`uv export` da las versiones fijas y los hashes del candado (sin el grupo dev) y `uv pip install --target` instala
sus ruedas para otra plataforma: las mismas versiones con que corren las pruebas. La capa armada se guarda en
`.capas/` (ignorada por git) con la huella de esos requisitos: la síntesis sólo vuelve a PyPI cuando cambian.
"""

from __future__ import annotations

import compileall
import hashlib
import os
import py_compile
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import jsii
from aws_cdk import AssetHashType, BundlingOptions, DockerImage, ILocalBundling
from aws_cdk import aws_lambda as lambda_

RAIZ = Path(__file__).resolve().parents[2]
CACHE = ".capas"
# Amazon Linux 2023 (glibc 2.34), el sistema de los runtimes python3.12 en adelante: ruedas manylinux hasta 2_34.
PLATAFORMA = "aarch64-manylinux_2_34"
# Bytecode de las dependencias en la capa (ver `_compilar`).
BYTECODE = True
# Sube si cambia la forma de armar la capa: invalida lo guardado en `.capas/`.
RECETA = "3"


def _uv() -> str:
    propio = RAIZ / ".herramientas" / "bin" / "uv"
    if propio.exists():
        return str(propio)
    en_path = shutil.which("uv")
    if en_path is None:
        raise FileNotFoundError("Falta uv para armar la capa de dependencias: corre `make instalar`.")
    return en_path


def requisitos(raiz: Path = RAIZ) -> str:
    """Dependencias de ejecución del candado, con versión exacta y hashes (formato requirements.txt)."""
    r = subprocess.run(  # noqa: S603 -- argumentos fijos
        [
            _uv(),
            "export",
            "--frozen",
            "--no-dev",
            "--no-emit-project",
            "--no-header",
            "--no-annotate",
            "--format",
            "requirements.txt",
        ],
        cwd=raiz,
        capture_output=True,
        text=True,
    )
    if r.returncode:
        raise RuntimeError(f"uv export no pudo leer uv.lock:\n{r.stderr}")
    return r.stdout


def huella(texto_requisitos: str, plataforma: str, version_python: str) -> str:
    """Cambia con cualquier versión o hash de ejecución del candado, con la plataforma y con la receta."""
    datos = "\n".join((RECETA, plataforma, version_python, texto_requisitos))
    return hashlib.sha256(datos.encode()).hexdigest()[:24]


def _legible(carpeta: Path, version_python: str) -> None:
    """Sin scripts (llevan la ruta del intérprete local), con bytecode propio; carpetas 755 y archivos 644."""
    for sobrante in [*carpeta.rglob("__pycache__"), carpeta / "python" / "bin"]:
        shutil.rmtree(sobrante, ignore_errors=True)
    # RECORD nombra los scripts con el hash de su primera línea (la ruta local): sin ellos la capa es la misma
    # en cualquier clonación, y RECORD sólo lista lo que la capa lleva.
    for record in carpeta.glob("python/*.dist-info/RECORD"):
        lineas = record.read_text(encoding="utf-8").splitlines(keepends=True)
        record.write_text("".join(x for x in lineas if not x.startswith(("bin/", "../bin/"))), encoding="utf-8")
    if BYTECODE:
        _compilar(carpeta / "python", version_python)
    # Lambda corre como otro usuario: todo legible por todos, nada escribible más que por el dueño.
    for ruta in [carpeta, *carpeta.rglob("*")]:
        os.chmod(ruta, 0o755 if ruta.is_dir() else 0o644)  # noqa: S103


def _compilar(carpeta: Path, version_python: str) -> None:
    """Bytecode de CPython `version_python`, validado por hash sin revisar la fuente (PEP 552).

    /opt es de sólo lectura en Lambda: sin .pyc, cada arranque en frío recompila lo que importa de botocore,
    pydantic y Powertools. Con marca de tiempo no serviría (el zip redondea las horas); el hash sin revisar no
    depende de ellas, y la capa no cambia una vez publicada. Las rutas dentro del bytecode son las de Lambda.
    """
    if f"{sys.version_info[0]}.{sys.version_info[1]}" != version_python:
        raise RuntimeError(
            f"La capa lleva bytecode de Python {version_python} y esta síntesis corre en "
            f"{sys.version_info[0]}.{sys.version_info[1]}: sintetiza con .venv/bin/python (make instalar)."
        )
    compileall.compile_dir(
        str(carpeta),
        quiet=2,
        workers=1,
        stripdir=str(carpeta),
        prependdir="/opt/python",
        invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH,
    )


def armar(version_python: str, plataforma: str = PLATAFORMA, raiz: Path = RAIZ) -> Path:
    """Carpeta con `python/<paquetes>` para la plataforma; la arma una vez por huella y la reutiliza."""
    texto = requisitos(raiz)
    cache = raiz / CACHE
    destino = cache / f"{plataforma}-py{version_python}-{huella(texto, plataforma, version_python)}"
    if destino.is_dir():
        return destino
    cache.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(dir=cache, prefix=".armando-") as tmp:
        archivo = Path(tmp) / "requisitos.txt"
        archivo.write_text(texto, encoding="utf-8")
        capa = Path(tmp) / "capa"
        subprocess.run(  # noqa: S603 -- argumentos fijos
            [
                _uv(),
                "pip",
                "install",
                "--quiet",
                "--target",
                str(capa / "python"),
                "--python",
                sys.executable,
                "--python-platform",
                plataforma,
                "--python-version",
                version_python,
                "--only-binary",
                ":all:",
                # Exactamente lo del candado: ni una dependencia más, y cada rueda con su hash.
                "--no-deps",
                "--require-hashes",
                # Copias, no enlaces duros a la caché de uv (los permisos se cambian aquí).
                "--link-mode",
                "copy",
                "-r",
                str(archivo),
            ],
            cwd=raiz,
            check=True,
        )
        _legible(capa, version_python)
        try:
            capa.rename(destino)
        except OSError:
            if not destino.is_dir():  # otra síntesis en paralelo ya la dejó: se usa esa
                raise
    # Lo armado con otra huella para la misma plataforma ya no sirve.
    for vieja in cache.glob(f"{plataforma}-py{version_python}-*"):
        if vieja != destino:
            shutil.rmtree(vieja, ignore_errors=True)
    return destino


@jsii.implements(ILocalBundling)
class EmpaquetadoDependencias:
    """Copia al activo la capa armada (o la arma si aún no está en `.capas/`)."""

    def __init__(self, version_python: str, plataforma: str = PLATAFORMA, raiz: Path = RAIZ) -> None:
        self._version = version_python
        self._plataforma = plataforma
        self._raiz = raiz

    def try_bundle(self, output_dir: str, *_args: Any, **_kwargs: Any) -> bool:
        shutil.copytree(armar(self._version, self._plataforma, self._raiz), output_dir, dirs_exist_ok=True)
        return True


def codigo_capa(version_python: str, plataforma: str = PLATAFORMA, raiz: Path = RAIZ) -> lambda_.Code:
    # Huella de la salida, como el código de las funciones: cambia justo cuando cambia lo que la capa lleva.
    return lambda_.Code.from_asset(
        str(raiz),
        asset_hash_type=AssetHashType.OUTPUT,
        bundling=BundlingOptions(
            image=DockerImage.from_registry("sin-docker"),
            local=EmpaquetadoDependencias(version_python, plataforma, raiz),
            # Distingue esta capa de los paquetes de las funciones en la caché de activos de CDK.
            command=["capa", plataforma, f"python{version_python}"],
        ),
    )
