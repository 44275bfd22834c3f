"""Lectura independiente de lo que lleva un activo de Lambda: distribuciones instaladas y extensiones nativas.

No usa lo que arma la capa (uv): lee `uv.lock` con tomllib y los `*.dist-info` y los ELF del activo tal cual.
"""

from __future__ import annotations

import re
import tomllib
from email.parser import HeaderParser
from pathlib import Path
from typing import Literal

from packaging.markers import Marker

EM_AARCH64 = 183
# Los marcadores de entorno de Lambda python3.12 en arm64.
ENTORNO_LAMBDA = {
    "implementation_name": "cpython",
    "implementation_version": "3.12.0",
    "os_name": "posix",
    "platform_machine": "aarch64",
    "platform_python_implementation": "CPython",
    "platform_system": "Linux",
    "python_full_version": "3.12.0",
    "python_version": "3.12",
    "sys_platform": "linux",
}
_CPYTHON_SO = re.compile(r"\.cpython-(\d+)-([a-z0-9_]+-linux-gnu)\.so$")
# glibc de Amazon Linux 2023, el de los runtimes python3.12 de Lambda.
GLIBC_LAMBDA = (2, 34)


def normalizar(nombre: str) -> str:
    return re.sub(r"[-_.]+", "-", nombre).lower()


def versiones_de_ejecucion(candado: Path) -> dict[str, str]:
    """Paquete → versión de lo que el proyecto necesita para correr (sin el grupo dev), según `uv.lock`."""
    datos = tomllib.loads(candado.read_text(encoding="utf-8"))
    por_clave = {(p["name"], p.get("version")): p for p in datos["package"]}
    por_nombre: dict[str, list[dict]] = {}
    for p in datos["package"]:
        por_nombre.setdefault(p["name"], []).append(p)
    (raiz,) = [p for p in datos["package"] if p["source"].get("virtual") == "." or p["source"].get("editable") == "."]
    versiones: dict[str, str] = {}
    pendientes = list(raiz.get("dependencies", []))
    while pendientes:
        dep = pendientes.pop()
        if "marker" in dep and not Marker(dep["marker"]).evaluate(ENTORNO_LAMBDA):
            continue
        if "version" in dep:
            paquete = por_clave[(dep["name"], dep["version"])]
        else:
            (paquete,) = por_nombre[dep["name"]]
        for extra in dep.get("extra", []):
            pendientes.extend(paquete["optional-dependencies"][extra])
        if normalizar(dep["name"]) in versiones:
            continue
        versiones[normalizar(dep["name"])] = paquete["version"]
        pendientes.extend(paquete.get("dependencies", []))
    return versiones


def distribuciones(carpeta: Path) -> list[tuple[str, str, Path]]:
    """(nombre normalizado, versión, carpeta dist-info) de cada distribución instalada bajo `carpeta`."""
    halladas = []
    for metadata in sorted(carpeta.rglob("*.dist-info/METADATA")):
        cabeceras = HeaderParser().parsestr(metadata.read_text(encoding="utf-8", errors="replace"))
        halladas.append((normalizar(cabeceras["Name"]), cabeceras["Version"], metadata.parent))
    return halladas


def _etiqueta_valida(etiqueta: str, version_python: str) -> bool:
    """Una etiqueta de rueda (`cp312-cp312-manylinux_2_17_aarch64`) que corre en Lambda arm64 con esa versión."""
    interprete, abi, plataforma = etiqueta.split("-")
    cp = "cp" + version_python.replace(".", "")
    if plataforma == "any":
        return abi == "none"
    if abi not in {"none", "abi3", cp} or not (interprete == cp or interprete.startswith("py") or abi == "abi3"):
        return False
    for parte in plataforma.split("."):
        m = re.fullmatch(r"manylinux_(\d+)_(\d+)_aarch64", parte)
        if m and (int(m[1]), int(m[2])) <= GLIBC_LAMBDA:
            return True
        if parte == "manylinux2014_aarch64":
            return True
    return False


def maquina_elf(archivo: Path) -> int | None:
    """e_machine de un ELF de 64 bits, o None si no es ELF."""
    with archivo.open("rb") as f:
        cabecera = f.read(20)
    if cabecera[:4] != b"\x7fELF" or len(cabecera) < 20:
        return None
    orden: Literal["little", "big"] = "little" if cabecera[5] == 1 else "big"
    return int.from_bytes(cabecera[18:20], orden) if cabecera[4] == 2 else -1


def revisar(carpetas: list[Path], esperadas: dict[str, str], version_python: str) -> list[str]:
    """Lo que no cuadra entre lo instalado en `carpetas` (función y capas) y el candado. Vacío: todo bien."""
    problemas: list[str] = []
    instaladas: dict[str, str] = {}
    for carpeta in carpetas:
        for nombre, version, info in distribuciones(carpeta):
            if nombre in instaladas:
                problemas.append(f"{nombre} instalado más de una vez")
            instaladas[nombre] = version
            wheel = HeaderParser().parsestr((info / "WHEEL").read_text(encoding="utf-8"))
            for etiqueta in wheel.get_all("Tag") or ["(sin etiqueta)"]:
                if not _etiqueta_valida(etiqueta, version_python):
                    problemas.append(f"{nombre}: rueda {etiqueta}, no para cp{version_python.replace('.', '')} aarch64")
    for nombre, version in sorted(esperadas.items()):
        if nombre not in instaladas:
            problemas.append(f"falta {nombre}=={version}")
        elif instaladas[nombre] != version:
            problemas.append(f"{nombre}=={instaladas[nombre]} en el activo, {version} en uv.lock")
    for nombre in sorted(set(instaladas) - set(esperadas)):
        problemas.append(f"{nombre}=={instaladas[nombre]} no está en las dependencias de ejecución de uv.lock")
    for extension in extensiones(carpetas):
        maquina = maquina_elf(extension)
        if maquina != EM_AARCH64:
            problemas.append(f"{extension.name}: ELF con e_machine {maquina}, no aarch64 ({EM_AARCH64})")
        m = _CPYTHON_SO.search(extension.name)
        if m and (m[1] != version_python.replace(".", "") or m[2] != "aarch64-linux-gnu"):
            problemas.append(f"{extension.name}: compilada para otro Python o plataforma")
        if extension.suffix in {".pyd", ".dylib"}:
            problemas.append(f"{extension.name}: no es una biblioteca de Linux")
    return problemas


def extensiones(carpetas: list[Path]) -> list[Path]:
    """Código nativo: todo ELF, y todo .so/.pyd/.dylib aunque no lo sea."""
    halladas = []
    for carpeta in carpetas:
        for archivo in sorted(carpeta.rglob("*")):
            if not archivo.is_file():
                continue
            por_nombre = archivo.suffix in {".so", ".pyd", ".dylib"} or ".so." in archivo.name
            if por_nombre or maquina_elf(archivo) is not None:
                halladas.append(archivo)
    return halladas
