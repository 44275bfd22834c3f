"""El corpus de quejas reales (tests/datos/quejas.json) de punta a punta en `make run`: cada texto se acepta por
HTTP (el servidor local arma el evento 2.0 con el candado, como CloudFront) y el agente lo lee sin cambios."""

from __future__ import annotations

import json
import secrets
import urllib.request

import pytest

from tests.corpus import alta, quejas
from tests.integracion.test_servidor import pedir
from tests.integracion.test_servidor_agentes import con_token, sesion

CORPUS = quejas()


def test_el_corpus_es_variado():
    textos = [q["descripcion"] for q in CORPUS]
    assert len(textos) >= 40
    # Lo que el issue pide que haya, cada cosa al menos en un texto.
    for marca in ("http://192.168.1.254", "speedtest.net", "#", "No.", "ñ", "á", "$", "%", "😡", "<menos"):
        assert any(marca in t for t in textos), marca
    assert max(len(t) for t in textos) == 2000


@pytest.fixture(scope="module")
def token(servidor_url) -> str:
    return sesion(servidor_url, "asesor.demo")["token"]


@pytest.mark.parametrize("i", range(len(CORPUS)), ids=lambda i: f"queja{i:02d}")
def test_cada_queja_se_acepta_y_llega_igual(servidor_url, token, i):
    cuerpo = alta(i, CORPUS[i])
    n = secrets.randbelow(90_000_000) + 10_000_000
    cuerpo |= {"contrato": str(n), "correo": f"corpus{n}@example.com"}
    # La mitad como la manda un navegador (UTF-8) y la otra con cada letra no ASCII como \uXXXX.
    datos = json.dumps(cuerpo, ensure_ascii=bool(i % 2)).encode()
    peticion = urllib.request.Request(
        f"{servidor_url}/api/casos", data=datos, method="POST", headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(peticion, timeout=15) as r:
        assert r.status == 201
        caso = json.loads(r.read())
    estado, _, detalle = pedir(f"{servidor_url}/api/casos/{caso['folio']}", cabeceras=con_token(token))
    assert estado == 200, detalle
    assert json.loads(detalle)["caso"]["descripcion"] == cuerpo["descripcion"].strip()
