"""El arranque en frío con la primera solicitud repite las respuestas grabadas de AWS, sin red, en los dos brazos."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bench.comun import RAIZ, entorno_funciones
from bench.frio import codigos_primera, grabar
from tests.eventos import evento

_GET_ITEM = {
    "servicio": "dynamodb",
    "id": "dynamodb",
    "operacion": "GetItem",
    "parametros": {"TableName": "bluepoint-local", "Key": {"pk": {"S": "CASO#1"}, "sk": {"S": "CASO"}}},
    "respuesta": {"estado": 200, "cabeceras": {"content-type": "application/x-amz-json-1.0"}, "cuerpo": b"{}"},
}


def _correr(codigo: str, ruta: Path, funcion: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 -- argumentos fijos
        [sys.executable, "-c", codigo, str(ruta), f"bluepoint-{funcion}"],
        env=entorno_funciones(),
        cwd=RAIZ,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_el_piso_hace_las_llamadas_grabadas_sin_red(tmp_path):
    ruta = grabar(tmp_path, {"evento": {}, "llamadas": [_GET_ITEM]})
    _, piso = codigos_primera("comprobantes", ["dynamodb"])
    r = _correr(piso + "\nassert not any(_colas.values())\nprint('listo')", ruta, "comprobantes")
    assert r.returncode == 0 and "listo" in r.stdout, r.stderr


@pytest.mark.parametrize("sobra", [False, True])
def test_la_funcion_atiende_su_primera_solicitud_y_usa_cada_respuesta(tmp_path, sobra):
    ev = evento("GET", "/api/catalogo")
    ruta = grabar(tmp_path, {"evento": ev, "llamadas": [_GET_ITEM] if sobra else []})
    handler, _ = codigos_primera("catalogo", [], llama_a_aws=sobra)
    r = _correr(handler, ruta, "catalogo")
    if sobra:
        # Una respuesta grabada que nadie pidió: la repetición no es la invocación grabada.
        assert r.returncode != 0 and "sobraron respuestas grabadas" in r.stderr
    else:
        assert r.returncode == 0, r.stderr
        assert "boto3" not in handler  # sin llamadas a AWS la función no importa boto3 (como en Lambda)
    assert json.loads(ruta.read_text())["evento"] == json.loads(json.dumps(ev))
