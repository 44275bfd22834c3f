"""Carga acotada contra el servidor local (sólo 127.0.0.1): 300 altas y 300 consultas a la vez."""

from __future__ import annotations

import json
import secrets
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.integracion.test_servidor import QUEJA, pedir
from tests.util import esperar, obtener_json

pytestmark = pytest.mark.xdist_group("carga")
N = 300


def test_300_altas_y_300_consultas_a_la_vez(servidor_aislado):
    lote = secrets.token_hex(4)

    def alta(i: int):
        cuerpo = {
            **QUEJA,
            "correo": f"carga{i}.{lote}@example.com",
            "contrato": f"{70000000 + i}",
            "medio_notificacion": "correo",
        }
        return pedir(f"{servidor_aislado}/api/casos", "POST", cuerpo, {"Idempotency-Key": f"carga-{lote}-{i:04d}"}, 120)

    with ThreadPoolExecutor(max_workers=N) as hilos:
        respuestas = list(hilos.map(alta, range(N)))
    estados = [r[0] for r in respuestas]
    assert estados.count(201) == N, [(r[0], r[2][:300]) for r in respuestas if r[0] != 201][:5]
    casos = [json.loads(r[2]) for r in respuestas]
    assert len({c["folio"] for c in casos}) == N

    # Los 300 correos del folio llegan, uno por caso.
    def recibidos():
        return [c for c in obtener_json(f"{servidor_aislado}/_local/correos.json") if lote in c["destinatario"]]

    esperar(lambda: len(recibidos()) >= N, segundos=120, intervalo=1)
    assert sorted(c["destinatario"] for c in recibidos()) == sorted(f"carga{i}.{lote}@example.com" for i in range(N))

    def consulta(c):
        return pedir(
            f"{servidor_aislado}/api/consultas",
            "POST",
            {"folio": c["folio_legible"], "contrato": str(70000000 + casos.index(c))},
            # El servidor local atiende de a una y cada consulta hace 3 llamadas a moto (reservar el intento, leer,
            # devolverlo; antes 1): la última de las 300 espera a todas las demás.
            espera=240,
        )

    with ThreadPoolExecutor(max_workers=N) as hilos:
        consultas = list(hilos.map(consulta, casos))
    assert [r[0] for r in consultas].count(200) == N
