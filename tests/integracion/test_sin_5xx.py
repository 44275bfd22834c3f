"""Ninguna entrada produce un 5xx: cuerpos arbitrarios contra los handlers públicos (búsqueda acotada)."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.eventos import contexto, evento

CAMPOS = [
    "tipo",
    "categoria",
    "nombre",
    "contrato",
    "correo",
    "telefono",
    "descripcion",
    "medio_notificacion",
    "folio",
    "otro",
]
valores = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=60)
    | st.sampled_from(["queja", "duda", "correo", "sms", "interrupcion", "12345678", "a@b.mx", "<b>x</b>"]),
    lambda hijos: st.lists(hijos, max_size=3) | st.dictionaries(st.text(max_size=5), hijos, max_size=3),
    max_leaves=6,
)
cuerpos = st.one_of(
    st.dictionaries(st.sampled_from(CAMPOS), valores, max_size=9).map(json.dumps),
    st.text(max_size=80),
    valores.map(json.dumps),
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cuerpo=cuerpos, ruta=st.sampled_from(["/api/casos", "/api/consultas"]))
def test_ningun_cuerpo_da_5xx(aws, cuerpo, ruta):
    import importlib

    funcion = "alta" if ruta == "/api/casos" else "seguimiento"
    r = importlib.import_module(f"funciones.{funcion}.handler").handler(evento("POST", ruta, cuerpo), contexto())
    assert r["statusCode"] < 500, r
    if r["statusCode"] >= 400:
        assert json.loads(r["body"])["error"]["mensaje"]
