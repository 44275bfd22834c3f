"""La casa por dentro: el dominio no depende de nada externo y sólo los adaptadores hablan con AWS."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

RAIZ = Path(__file__).resolve().parents[2]
FUNCIONES = RAIZ / "funciones"
AWS = ("boto3", "botocore", "mypy_boto3")


def importados(ruta: Path) -> set[str]:
    """Cada módulo que importa el archivo (también dentro de funciones y bajo TYPE_CHECKING)."""
    nombres: set[str] = set()
    for nodo in ast.walk(ast.parse(ruta.read_text(encoding="utf-8"))):
        if isinstance(nodo, ast.Import):
            nombres.update(a.name for a in nodo.names)
        elif isinstance(nodo, ast.ImportFrom) and nodo.module and nodo.level == 0:
            nombres.add(nodo.module)
    return nombres


def _de(modulos: set[str], prefijos: tuple[str, ...]) -> set[str]:
    return {m for m in modulos if m.split(".")[0] in prefijos or m.startswith(prefijos)}


DOMINIO = sorted((FUNCIONES / "nucleo" / "dominio").glob("*.py"))


@pytest.mark.parametrize("ruta", DOMINIO, ids=lambda r: r.stem)
def test_el_dominio_solo_usa_la_biblioteca_estandar_y_el_propio_dominio(ruta):
    # segno (el QR de TOTP) y puremagic (el tipo de un adjunto por sus bytes) son las únicas bibliotecas de
    # terceros: puras, sin red ni AWS.
    ajenos = {
        m
        for m in importados(ruta)
        if m.split(".")[0] not in sys.stdlib_module_names
        and not m.startswith("funciones.nucleo.dominio")
        and m not in ("segno", "puremagic")
    }
    assert not ajenos, f"{ruta.name} importa {sorted(ajenos)}"


def test_solo_los_adaptadores_hablan_con_aws():
    fuera = {
        str(r.relative_to(RAIZ)): sorted(_de(importados(r), AWS))
        for r in FUNCIONES.rglob("*.py")
        if "adaptadores" not in r.parts and _de(importados(r), AWS)
    }
    assert not fuera, fuera


def test_la_logica_de_cada_capacidad_depende_de_puertos_no_de_adaptadores():
    # Puede armar las vistas de respuesta (frontera/vistas.py); los repositorios le llegan como argumentos.
    for ruta in FUNCIONES.glob("*/logica.py"):
        ajenos = _de(importados(ruta), ("funciones.nucleo.adaptadores", *AWS))
        assert not ajenos, f"{ruta.relative_to(RAIZ)} importa {sorted(ajenos)}"


def test_el_nucleo_solo_tiene_sus_tres_partes():
    partes = {p.name for p in (FUNCIONES / "nucleo").iterdir() if p.name != "__pycache__"}
    assert partes == {"__init__.py", "dominio", "adaptadores", "frontera"}
