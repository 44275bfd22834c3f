"""Lambda corre lo que se probó: python3.12 y, en cada función, exactamente las versiones de ejecución de uv.lock."""

from __future__ import annotations

import importlib.util
import re
import shutil
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.specifiers import SpecifierSet

from bench.paquetes import capa_de_esta_maquina, importa
from infraestructura.app import RAIZ
from infraestructura.constructos.dependencias import (
    CACHE,
    PLATAFORMA,
    EmpaquetadoDependencias,
    armar,
    huella,
    requisitos,
)
from infraestructura.constructos.funciones import RUNTIME, VERSION_PYTHON
from infraestructura.rutas import FUNCIONES
from tests.infraestructura.paquetes_lambda import (
    distribuciones,
    extensiones,
    revisar,
    versiones_de_ejecucion,
)
from tests.infraestructura.test_pila import de_tipo, funcion

pytestmark = pytest.mark.xdist_group(name="infraestructura")

CANDADO = RAIZ / "uv.lock"
LIMITE_LAMBDA = 250 * 1024 * 1024  # función y capas descomprimidas


def _activo(sintesis, s3_key: str) -> Path:
    carpeta = sintesis.salida / f"asset.{s3_key.removesuffix('.zip')}"
    assert carpeta.is_dir(), f"no está el activo {carpeta.name}"
    return carpeta


def _capas(sintesis, propiedades: dict) -> list[Path]:
    carpetas = []
    for capa in propiedades.get("Layers", []):
        # Sólo capas que arma la pila: una por ARN (administrada o ajena) no se puede revisar sin conexión.
        assert isinstance(capa, dict) and set(capa) == {"Ref"}, f"capa ajena a la pila: {capa}"
        recurso = sintesis.recursos[capa["Ref"]]
        assert recurso["Type"] == "AWS::Lambda::LayerVersion"
        carpetas.append(_activo(sintesis, recurso["Properties"]["Content"]["S3Key"]))
    return carpetas


def _capa_dependencias(sintesis) -> Path:
    (capa,) = _capas(sintesis, funcion(sintesis.recursos, "alta")[1])
    return capa


# --- el intérprete --------------------------------------------------------------------------------


def test_las_pruebas_corren_en_la_version_del_runtime_de_lambda():
    assert RUNTIME.name == f"python{VERSION_PYTHON}" == "python3.12"
    assert f"{sys.version_info[0]}.{sys.version_info[1]}" == VERSION_PYTHON
    proyecto = tomllib.loads((RAIZ / "pyproject.toml").read_text(encoding="utf-8"))
    candado = tomllib.loads(CANDADO.read_text(encoding="utf-8"))
    mayor, menor = map(int, VERSION_PYTHON.split("."))
    for requiere in (proyecto["project"]["requires-python"], candado["requires-python"]):
        versiones = SpecifierSet(requiere)
        assert f"{mayor}.{menor}.0" in versiones and f"{mayor}.{menor}.99" in versiones, requiere
        assert f"{mayor}.{menor - 1}.99" not in versiones and f"{mayor}.{menor + 1}.0" not in versiones, requiere
    assert proyecto["tool"]["ruff"]["target-version"] == f"py{mayor}{menor}"
    makefile = (RAIZ / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^PYTHON_LAMBDA_VERSION := (\S+)$", makefile, re.M)[1] == VERSION_PYTHON


# --- lo que lleva cada función --------------------------------------------------------------------


def test_el_candado_tiene_dependencias_de_ejecucion():
    # Si esta lectura se quedara vacía, la prueba de abajo compararía nada contra nada.
    esperadas = versiones_de_ejecucion(CANDADO)
    assert {"aws-lambda-powertools", "pydantic", "pydantic-core", "boto3", "botocore"} <= set(esperadas)
    # Nada del grupo dev.
    assert not {"moto", "pytest", "aws-cdk-lib", "holidays"} & set(esperadas)


@pytest.mark.parametrize("nombre", sorted(FUNCIONES))
def test_cada_funcion_lleva_exactamente_las_versiones_del_candado_para_aarch64(sintesis, nombre):
    _, propiedades = funcion(sintesis.recursos, nombre)
    carpetas = [_activo(sintesis, propiedades["Code"]["S3Key"]), *_capas(sintesis, propiedades)]
    assert revisar(carpetas, versiones_de_ejecucion(CANDADO), VERSION_PYTHON) == []
    # La revisión de código nativo no pasa en vacío: pydantic-core es una extensión.
    assert any(p.name.startswith("_pydantic_core.cpython-312-aarch64") for p in extensiones(carpetas))
    assert sum(p.stat().st_size for c in carpetas for p in c.rglob("*") if p.is_file()) < LIMITE_LAMBDA


def test_la_revision_detecta_otra_version_y_una_rueda_x86_64(tmp_path):
    """La revisión de arriba falla con lo que esta máquina instaló en .venv: mismas versiones, ruedas x86_64."""
    site = Path(next(p for p in sys.path if p.endswith("site-packages")))
    falsa = tmp_path / "python"
    for nombre in ("pydantic_core", "pydantic_core-2.50.4.dist-info", "six.py", "six-1.17.0.dist-info"):
        origen = site / nombre
        (shutil.copytree if origen.is_dir() else shutil.copy)(origen, falsa / nombre if origen.is_dir() else falsa)
        falsa.mkdir(exist_ok=True)
    esperadas = {"pydantic-core": "2.50.4", "six": "1.17.0"}
    problemas = revisar([tmp_path], esperadas, VERSION_PYTHON)
    assert any("x86_64" in p and "pydantic-core" in p for p in problemas)  # etiqueta de la rueda
    assert any("e_machine 62" in p for p in problemas)  # el ELF es x86-64
    assert any("otro Python o plataforma" in p for p in problemas)  # cpython-312-x86_64-linux-gnu
    assert not any("six" in p for p in problemas)  # una rueda py3-none-any está bien

    assert "six==1.17.0 en el activo, 1.16.0 en uv.lock" in revisar([tmp_path], {**esperadas, "six": "1.16.0"}, "3.12")
    assert "falta urllib3==2.8.0" in revisar([tmp_path], {**esperadas, "urllib3": "2.8.0"}, "3.12")
    sobra = revisar([tmp_path], {"pydantic-core": "2.50.4"}, "3.12")
    assert "six==1.17.0 no está en las dependencias de ejecución de uv.lock" in sobra
    # Compilada para otro Python, aunque sea aarch64.
    otra = falsa / "pydantic_core" / "_pydantic_core.cpython-313-aarch64-linux-gnu.so"
    otra.write_bytes(b"\x7fELF\x02\x01\x01" + b"\0" * 11 + (183).to_bytes(2, "little"))
    assert any("cpython-313-aarch64" in p and "otro Python" in p for p in revisar([tmp_path], esperadas, "3.12"))


def test_las_funciones_no_llevan_dependencias_en_su_paquete(sintesis):
    for nombre in FUNCIONES:
        codigo = _activo(sintesis, funcion(sintesis.recursos, nombre)[1]["Code"]["S3Key"])
        assert distribuciones(codigo) == [] and extensiones([codigo]) == []


def test_la_capa_trae_python_con_bytecode_de_312_sin_scripts_ni_rutas_de_la_maquina(sintesis):
    capa = _capa_dependencias(sintesis)
    assert [p.name for p in capa.iterdir()] == ["python"]
    assert not (capa / "python" / "bin").exists()
    raiz = str(RAIZ).encode()
    fuentes = {p for p in capa.rglob("*.py")}
    bytecode = {p for p in capa.rglob("*.pyc")}
    # Cada módulo con su .pyc de CPython 3.12 (/opt es de sólo lectura: sin él se compilaría en cada arranque)…
    assert {p.parent.parent / f"{p.name.split('.')[0]}.py" for p in bytecode} == fuentes
    assert {p.name.split(".")[1] for p in bytecode} == {"cpython-312"}
    for pyc in bytecode:
        cabecera = pyc.read_bytes()[:8]
        # …de este intérprete, validado por hash sin revisar la fuente (PEP 552): no depende de horas del zip.
        assert cabecera[:4] == importlib.util.MAGIC_NUMBER and int.from_bytes(cabecera[4:8], "little") == 0b01, pyc
    # RECORD sólo nombra lo que la capa lleva (sin los scripts quitados, cuyo hash dependía de la ruta local).
    for record in capa.glob("python/*.dist-info/RECORD"):
        for linea in record.read_text(encoding="utf-8").splitlines():
            assert (capa / "python" / linea.rsplit(",", 2)[0]).is_file(), f"{record.parent.name}: {linea}"
    for ruta in capa.rglob("*"):
        assert ruta.stat().st_mode & 0o777 == (0o755 if ruta.is_dir() else 0o644), ruta
        if ruta.is_file():
            assert raiz not in ruta.read_bytes(), f"{ruta} lleva la ruta del repositorio"
    (capa_recurso,) = [
        v for v in de_tipo(sintesis.recursos, "AWS::Lambda::LayerVersion").values() if "dependencias" in str(v)
    ]
    assert capa_recurso["Properties"]["CompatibleArchitectures"] == ["arm64"]


@pytest.mark.parametrize("nombre", sorted(FUNCIONES))
def test_cada_funcion_importa_con_solo_su_paquete_y_la_capa(sintesis, nombre):
    """Con las mismas versiones en ruedas de esta máquina y sin site-packages: nada del grupo dev a la mano."""
    codigo = _activo(sintesis, funcion(sintesis.recursos, nombre)[1]["Code"]["S3Key"])
    assert importa(nombre, codigo, capa_de_esta_maquina()) is None


def test_sin_la_capa_una_funcion_no_importa(sintesis, tmp_path):
    codigo = _activo(sintesis, funcion(sintesis.recursos, "catalogo")[1]["Code"]["S3Key"])
    error = importa("catalogo", codigo, tmp_path)
    assert error is not None and "aws_lambda_powertools" in error


# --- caché de la capa -----------------------------------------------------------------------------


def _repo_con_candado(destino: Path, candado: str) -> Path:
    destino.mkdir()
    shutil.copy(RAIZ / "pyproject.toml", destino)
    (destino / "uv.lock").write_text(candado, encoding="utf-8")
    return destino


def _con_version(candado: str, nombre: str, nueva: str) -> str:
    """El candado con otra versión de `nombre` (también en los nombres de sus ruedas)."""
    patron = rf'\[\[package\]\]\nname = "{nombre}"\nversion = "([^"]+)"\n.*?(?=\n\[\[package\]\])'
    bloque = re.search(patron, candado, re.S)
    assert bloque, nombre
    return candado.replace(bloque[0], bloque[0].replace(bloque[1], nueva))


def test_la_huella_de_la_capa_cambia_con_las_versiones_de_ejecucion_del_candado(tmp_path):
    candado = CANDADO.read_text(encoding="utf-8")

    def huella_de(texto: str, nombre: str) -> str:
        return huella(requisitos(_repo_con_candado(tmp_path / nombre, texto)), PLATAFORMA, VERSION_PYTHON)

    inicial = huella_de(candado, "igual")
    assert inicial == huella(requisitos(), PLATAFORMA, VERSION_PYTHON)
    # Un cambio sólo en el grupo dev no toca la capa.
    assert huella_de(_con_version(candado, "ruff", "0.0.1"), "dev") == inicial
    # Otra versión de una dependencia de ejecución, sí.
    assert huella_de(_con_version(candado, "botocore", "1.0.0"), "ejecucion") != inicial
    # Y otra plataforma u otra versión de Python.
    assert huella(requisitos(), "x86_64-manylinux_2_34", VERSION_PYTHON) != inicial
    assert huella(requisitos(), PLATAFORMA, "3.13") != inicial


def test_la_capa_armada_se_reutiliza_por_su_huella(tmp_path):
    """Si `.capas/` ya tiene la capa de esta huella, la síntesis la copia sin volver a instalar nada."""
    repo = _repo_con_candado(tmp_path / "repo", CANDADO.read_text(encoding="utf-8"))
    guardada = repo / CACHE / f"{PLATAFORMA}-py{VERSION_PYTHON}-{huella(requisitos(repo), PLATAFORMA, VERSION_PYTHON)}"
    (guardada / "python").mkdir(parents=True)
    (guardada / "python" / "marca.py").write_text("ARMADA = True\n")
    vieja = repo / CACHE / f"{PLATAFORMA}-py{VERSION_PYTHON}-otrahuella"
    vieja.mkdir()

    assert armar(VERSION_PYTHON, raiz=repo) == guardada
    salida = tmp_path / "salida"
    assert EmpaquetadoDependencias(VERSION_PYTHON, raiz=repo).try_bundle(str(salida))
    assert [p.relative_to(salida).as_posix() for p in salida.rglob("*")] == ["python", "python/marca.py"]
    # Reutilizar no borra nada; lo de otra huella se limpia sólo al armar una nueva.
    assert vieja.is_dir()
