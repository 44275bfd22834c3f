"""Ninguna entrada produce un 5xx: cuerpos válidos, casi válidos y arbitrarios contra los handlers públicos.

Los cuerpos válidos (con el aviso de privacidad vigente y folios con dígito verificador correcto) pasan la
validación y llegan a la lógica y a DynamoDB; los casi válidos cambian o quitan un campo; los arbitrarios
ponen a prueba el analizador. Se mide a dónde llegó cada uno: si todos fueran 400, la prueba no probaría nada
más allá de la validación.
"""

from __future__ import annotations

import importlib
import json
from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from funciones.nucleo.dominio import catalogo
from funciones.nucleo.dominio.folio import digito_damm
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
    "aviso_privacidad",
    "folio",
    "otro",
]
valores = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=60)
    | st.sampled_from(["queja", "duda", "correo", "sms", "interrupcion", "12345678", "a@b.mx", "<b>x</b>", "2026-11"]),
    lambda hijos: st.lists(hijos, max_size=3) | st.dictionaries(st.text(max_size=5), hijos, max_size=3),
    max_leaves=6,
)
arbitrarios = st.one_of(
    st.dictionaries(st.sampled_from(CAMPOS), valores, max_size=9).map(json.dumps),
    st.text(max_size=80),
    valores.map(json.dumps),
)

_PARES = [(t["clave"], c["clave"]) for t in catalogo.catalogo()["tipos"] for c in t["categorias"]]
_LETRAS = st.text(alphabet="abcdefghijklmnopqrstuvwxyzáéíóúñ ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=3, max_size=40)
# Contratos y correos muy distintos entre sí: el límite diario por contrato o correo (5) casi nunca se alcanza.
_CONTRATOS = st.uuids().map(lambda u: str(10**7 + u.int % (10**12 - 10**7)))
_CORREOS = st.uuids().map(lambda u: f"cliente{u.hex[:16]}@example.com")
# Texto libre sin marcado ni caracteres de control (esos casos los cubren los cuerpos casi válidos).
_DESCRIPCIONES = st.text(
    alphabet=st.characters(categories=("L", "N", "Zs", "P"), exclude_characters="<>&"), min_size=10, max_size=200
).filter(lambda s: len(s.strip()) >= 10)
_TELEFONOS = st.integers(min_value=2 * 10**9, max_value=9_999_999_999).map(str)


@st.composite
def altas_validas(draw) -> dict:
    tipo, categoria = draw(st.sampled_from(_PARES))
    medio = draw(st.sampled_from(["correo", "sms", "impreso"]))
    cuerpo = {
        "tipo": tipo,
        "categoria": categoria,
        "nombre": draw(_LETRAS.filter(lambda s: len(s.strip()) >= 3)),
        "contrato": draw(_CONTRATOS),
        "descripcion": draw(_DESCRIPCIONES),
        "medio_notificacion": medio,
        "aviso_privacidad": catalogo.catalogo()["aviso_privacidad"]["version"],
    }
    if medio != "sms" or draw(st.booleans()):
        cuerpo["correo"] = draw(_CORREOS)
    if medio == "sms" or draw(st.booleans()):
        cuerpo["telefono"] = draw(_TELEFONOS)
    return cuerpo


_BASES = st.integers(min_value=10**8, max_value=10**9 - 1).map(str)
folios_validos = _BASES.map(lambda base: base + digito_damm(base))


@st.composite
def consultas_validas(draw) -> dict:
    cuerpo: dict = {"folio": draw(folios_validos)}
    if draw(st.booleans()):
        cuerpo["contrato"] = draw(_CONTRATOS)
    else:
        cuerpo["correo"] = draw(_CORREOS)
    return cuerpo


@st.composite
def casi_validos(draw, validos) -> dict:
    """Un cuerpo válido con un campo cambiado por cualquier valor, o quitado."""
    cuerpo = dict(draw(validos))
    campo = draw(st.sampled_from(sorted(cuerpo)))
    if draw(st.booleans()):
        del cuerpo[campo]
    else:
        cuerpo[campo] = draw(valores)
    return cuerpo


def _cuerpos(validos) -> st.SearchStrategy[str]:
    # La mitad válidos; el resto, casi válidos o arbitrarios.
    return st.integers(min_value=0, max_value=9).flatmap(
        lambda n: validos.map(json.dumps) if n < 5 else casi_validos(validos).map(json.dumps) if n < 8 else arbitrarios
    )


def _probar(ruta: str, funcion: str, cuerpos: st.SearchStrategy[str], ejemplos: int) -> Counter:
    estados: Counter = Counter()
    handler = importlib.import_module(f"funciones.{funcion}.handler").handler

    @settings(max_examples=ejemplos, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None)
    @given(cuerpo=cuerpos)
    def caso(cuerpo):
        r = handler(evento("POST", ruta, cuerpo), contexto())
        assert r["statusCode"] < 500, r
        if r["statusCode"] >= 400:
            error = json.loads(r["body"])["error"]
            assert error["mensaje"] and error["codigo"]
        estados[r["statusCode"]] += 1

    caso()
    return estados


def test_ningun_cuerpo_de_alta_da_5xx(aws):
    estados = _probar("/api/casos", "alta", _cuerpos(altas_validas()), 150)
    total = sum(estados.values())
    # Una parte razonable pasó la validación y escribió el caso (201); el resto son 4xx claros.
    assert estados[201] >= 0.25 * total, estados
    assert estados[400] >= 0.2 * total, estados
    assert set(estados) <= {201, 400, 413, 415, 422, 429}, estados
    casos = [i for i in aws.items() if i["sk"]["S"] == "CASO"]
    assert len(casos) == estados[201]


def test_ninguna_consulta_da_5xx(aws):
    alta = {
        "tipo": "queja",
        "categoria": "interrupcion",
        "nombre": "Ana López",
        "contrato": "12345678",
        "correo": "ana@example.com",
        "descripcion": "Sin internet desde ayer.",
        "medio_notificacion": "correo",
        "aviso_privacidad": catalogo.catalogo()["aviso_privacidad"]["version"],
    }
    folio = aws.api("POST", "/api/casos", alta)[1]["folio"]
    existente = st.sampled_from(
        [{"folio": folio, "contrato": "12345678"}, {"folio": folio, "correo": "ana@example.com"}]
    )
    estados = _probar("/api/consultas", "seguimiento", _cuerpos(consultas_validas() | existente), 150)
    total = sum(estados.values())
    # Folio con dígito verificador correcto: llega a DynamoDB y responde el caso (200) o el 404 de siempre.
    assert estados[200] > 0 and estados[200] + estados[404] >= 0.25 * total, estados
    assert estados[400] >= 0.2 * total, estados
    assert set(estados) <= {200, 400, 404, 413, 415, 429}, estados
