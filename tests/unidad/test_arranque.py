"""Arranque en frío: modelos diferidos y cada función carga sólo lo suyo al importarse."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import BaseModel

from esquemas import respuestas, solicitudes

RAIZ = Path(__file__).resolve().parents[2]
# Lo que cada función no debe cargar al importarse (lo carga, si acaso, la ruta que lo usa).
AJENOS = {
    "alta": {"esquemas.casos", "esquemas.reportes", "funciones.nucleo.dominio.clientes"},
    "seguimiento": {"esquemas.alta", "esquemas.casos", "funciones.nucleo.dominio.clientes"},
    "gestion": {"esquemas.alta", "esquemas.reportes", "funciones.nucleo.dominio.clientes"},
    "escalamiento": {"esquemas.alta", "esquemas.cola", "esquemas.gestion", "esquemas.reportes"},
    "reportes": {
        "esquemas.casos",
        "esquemas.expediente",
        "funciones.nucleo.frontera.vistas",
        "funciones.reportes.pagina",
    },
    "busqueda": {"esquemas.alta", "esquemas.gestion", "esquemas.reportes", "esquemas.expediente"},
    # El QR sólo lo arma quien da de alta su app de autenticación.
    "sesiones": {"segno", "esquemas.casos"},
}


def _modelos() -> list[type[BaseModel]]:
    modulos = (solicitudes, respuestas)
    return [m for mod in modulos for n in mod.__all__ if isinstance(m := getattr(mod, n), type)]


@pytest.mark.parametrize("modelo", _modelos(), ids=lambda m: m.__name__)
def test_los_modelos_se_arman_al_primer_uso(modelo):
    assert modelo.model_config.get("defer_build") is True


def _cargados(funcion: str) -> set[str]:
    codigo = f"import sys, json, funciones.{funcion}.handler; print(json.dumps(sorted(sys.modules)))"
    salida = subprocess.run(  # noqa: S603
        [sys.executable, "-c", codigo], cwd=RAIZ, capture_output=True, text=True, check=True
    ).stdout
    return set(json.loads(salida))


@pytest.mark.parametrize("funcion", sorted(AJENOS))
def test_cada_funcion_carga_solo_sus_esquemas(funcion):
    cargados = _cargados(funcion)
    # Los módulos que juntan todos los modelos son para el OpenAPI y las pruebas, no para las funciones.
    assert not cargados & {"esquemas.solicitudes", "esquemas.respuestas"}
    assert not cargados & AJENOS[funcion]
