"""Los ajustes de las funciones (issue 13): una dataclass que lee el entorno una vez, sin pydantic."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from funciones.nucleo.adaptadores.config import AjusteInvalido, ajustes

RAIZ = Path(__file__).resolve().parents[2]


@pytest.fixture
def entorno(monkeypatch):
    for variable in ("RESERVA_ENVIO_S", "RETRASO_ENCUESTA_MIN", "MFA_OBLIGATORIO", "REMITENTE"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("TABLA", "bluepoint-prueba")
    ajustes.cache_clear()
    yield monkeypatch
    ajustes.cache_clear()


def test_lee_las_variables_con_sus_omisiones_y_convierte_los_enteros(entorno):
    entorno.setenv("RESERVA_ENVIO_S", " 30 ")
    entorno.setenv("MFA_OBLIGATORIO", "supervisores, departamentos")
    a = ajustes()
    assert (a.tabla, a.remitente, a.reserva_envio_s, a.retraso_encuesta_min) == (
        "bluepoint-prueba",
        "atencion@bluepoint.mx",
        30,
        0,
    )
    assert a.grupos_mfa_obligatorio == {"supervisores", "departamentos"}
    # Una sola lectura por contenedor.
    entorno.setenv("TABLA", "otra")
    assert ajustes() is a


@pytest.mark.parametrize(
    ("variable", "valor", "mensaje"),
    [
        ("RESERVA_ENVIO_S", "dos", "RESERVA_ENVIO_S debe ser un número entero."),
        ("RETRASO_ENCUESTA_MIN", "-1", "RETRASO_ENCUESTA_MIN debe ser al menos 0."),
    ],
)
def test_un_entero_malo_nombra_su_variable_sin_su_valor(entorno, variable, valor, mensaje):
    entorno.setenv(variable, valor)
    with pytest.raises(AjusteInvalido) as error:
        ajustes()
    assert str(error.value) == mensaje


def test_sin_tabla_dice_que_falta(entorno):
    entorno.delenv("TABLA")
    with pytest.raises(AjusteInvalido, match="Falta TABLA en el entorno"):
        ajustes()


@pytest.mark.parametrize("funcion", ["agregados", "barrido", "notificaciones", "adjuntos"])
def test_las_funciones_del_flujo_y_del_reloj_no_cargan_pydantic(funcion):
    codigo = f"import sys, funciones.{funcion}.handler; print('pydantic' in sys.modules)"
    salida = subprocess.run(  # noqa: S603
        [sys.executable, "-c", codigo], cwd=RAIZ, capture_output=True, text=True, check=True
    ).stdout
    assert salida.strip() == "False"


@pytest.mark.parametrize("funcion", ["comprobantes", "catalogo"])
def test_la_frontera_http_no_carga_pydantic_si_la_funcion_no_lo_usa(funcion):
    # pydantic llega con los esquemas de cada ruta (frontera/http.py lo importa sólo al validar un cuerpo).
    codigo = f"import sys, funciones.{funcion}.handler; print('pydantic' in sys.modules)"
    salida = subprocess.run(  # noqa: S603
        [sys.executable, "-c", codigo], cwd=RAIZ, capture_output=True, text=True, check=True
    ).stdout
    assert salida.strip() == "False"
