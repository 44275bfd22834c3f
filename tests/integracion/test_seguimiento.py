"""Seguimiento público: el conteo de fallos no es un oráculo de folios ni se salta con intentos a la vez.

Antes: un folio existente daba 404 cinco veces y luego 429, uno inexistente 404 siempre (y con una llamada menos),
así que los folios se podían enumerar; y el contador se leía y luego se sumaba sin condición, así que 30 intentos a
la vez se evaluaban todos.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from funciones.nucleo.dominio import reloj
from funciones.nucleo.dominio.folio import digito_damm
from tests.integracion.test_handlers import QUEJA

INEXISTENTE = "100000000" + digito_damm("100000000")


def consultar(aws, folio: str, contrato: str = "99999999"):
    return aws.api("POST", "/api/consultas", {"folio": folio, "contrato": contrato})


@pytest.fixture
def folio(aws) -> str:
    estado, cuerpo, _ = aws.api("POST", "/api/casos", QUEJA)
    assert estado == 201
    return cuerpo["folio"]


@pytest.fixture
def reloj_fijo(monkeypatch):
    """El reloj de las funciones detenido en un instante (y movible), para comparar Retry-After exactos."""
    from datetime import UTC, datetime

    instante = {"t": datetime(2026, 11, 24, 17, 0, tzinfo=UTC)}
    monkeypatch.setattr(reloj, "ahora", lambda: instante["t"])
    return instante


def test_folio_inexistente_responde_exactamente_igual_que_uno_existente(aws, folio, reloj_fijo):
    for restantes in (4, 3, 2, 1, 0):
        existente = consultar(aws, folio)
        inexistente = consultar(aws, INEXISTENTE)
        assert existente[0] == inexistente[0] == 404
        assert existente[1] == inexistente[1]
        assert existente[1]["error"]["intentos_restantes"] == restantes
    # Los dos quedan bloqueados igual, con el mismo cuerpo y el mismo Retry-After (toda la hora).
    existente, inexistente = consultar(aws, folio), consultar(aws, INEXISTENTE)
    assert existente[0] == inexistente[0] == 429
    assert existente[1] == inexistente[1]
    assert existente[2]["Retry-After"] == inexistente[2]["Retry-After"] == "3600"
    assert existente[1]["error"]["intentos_restantes"] == 0
    # Bloqueado, ni el contrato correcto pasa.
    assert consultar(aws, folio, QUEJA["contrato"])[0] == 429


def test_las_mismas_llamadas_a_dynamodb_exista_o_no_el_folio(aws, folio):
    from funciones.nucleo.adaptadores import repositorios

    llamadas: list[str] = []
    cliente = repositorios.casos().cliente
    cliente.meta.events.register("before-call.dynamodb", lambda model, **_: llamadas.append(model.name))

    def secuencia(f: str) -> list[str]:
        llamadas.clear()
        consultar(aws, f)
        return list(llamadas)

    # Acierto: reservar, leer, devolver la reserva (un acierto no cuenta como fallo).
    llamadas.clear()
    assert consultar(aws, folio, QUEJA["contrato"])[0] == 200
    assert llamadas == ["UpdateItem", "Query", "UpdateItem"]
    for _ in range(5):
        fallo_existente, fallo_inexistente = secuencia(folio), secuencia(INEXISTENTE)
        assert fallo_existente == fallo_inexistente == ["UpdateItem", "Query"]
    bloqueado_existente, bloqueado_inexistente = secuencia(folio), secuencia(INEXISTENTE)
    assert bloqueado_existente == bloqueado_inexistente == ["UpdateItem"]


def test_treinta_intentos_a_la_vez_solo_se_evaluan_cinco(aws, folio):
    """Cada hilo se detiene tras su primera llamada a DynamoDB hasta que todos la hicieron: si el conteo fuera
    leer y luego sumar, los 30 verían 0 fallos y los 30 se evaluarían."""
    from esquemas.seguimiento import SolicitudConsulta
    from funciones.nucleo.adaptadores import repositorios
    from funciones.nucleo.dominio.errores import LimiteExcedido, NoEncontrado
    from funciones.seguimiento.logica import consultar as consultar_logica

    n = 30
    barrera = threading.Barrier(n, timeout=30)
    propio = threading.local()
    repo = repositorios.casos()

    def despues_de_la_primera(**_):
        if not getattr(propio, "pasado", False):
            propio.pasado = True
            barrera.wait()

    repo.cliente.meta.events.register("after-call.dynamodb", despues_de_la_primera)

    def intento(i: int) -> str:
        # El contrato correcto va entre los equivocados: tampoco se evalúa si no le tocó uno de los cinco lugares.
        contrato = QUEJA["contrato"] if i == 17 else f"5555{i:04d}"
        try:
            consultar_logica(SolicitudConsulta(folio=folio, contrato=contrato), repo, reloj.ahora())
            return "200"
        except NoEncontrado:
            return "404"
        except LimiteExcedido:
            return "429"

    with ThreadPoolExecutor(n) as hilos:
        resultados = list(hilos.map(intento, range(n)))
    assert resultados.count("404") + resultados.count("200") == 5
    assert resultados.count("429") == n - 5


def test_ventana_deslizante_no_la_hora_del_reloj(aws, folio, reloj_fijo):
    from datetime import timedelta

    inicio = reloj_fijo["t"]
    for minuto in (0, 10, 20, 30, 40):
        reloj_fijo["t"] = inicio + timedelta(minutes=minuto)
        assert consultar(aws, folio)[0] == 404
    # A los 45 minutos sigue bloqueado hasta que el fallo del minuto 0 salga de la ventana (15 minutos más).
    reloj_fijo["t"] = inicio + timedelta(minutes=45)
    estado, cuerpo, cabeceras = consultar(aws, folio)
    assert estado == 429 and cabeceras["Retry-After"] == str(15 * 60)
    assert "15 minutos" in cuerpo["error"]["mensaje"]
    # Pasada la hora del primer fallo (aunque cambie la hora del reloj) se libera un solo intento.
    reloj_fijo["t"] = inicio + timedelta(minutes=61)
    estado, cuerpo, _ = consultar(aws, folio)
    assert estado == 404 and cuerpo["error"]["intentos_restantes"] == 0
    estado, _, cabeceras = consultar(aws, folio)
    assert estado == 429 and cabeceras["Retry-After"] == str(9 * 60)
    # Una hora después del último fallo, todo libre; el contrato correcto pasa.
    reloj_fijo["t"] = inicio + timedelta(minutes=61 + 60)
    assert consultar(aws, folio, QUEJA["contrato"])[0] == 200


def test_un_acierto_no_cuenta_como_fallo_ni_borra_los_anteriores(aws, folio):
    for restantes in (4, 3):
        assert consultar(aws, folio)[1]["error"]["intentos_restantes"] == restantes
    for _ in range(4):
        assert consultar(aws, folio, QUEJA["contrato"])[0] == 200
    # Los dos fallos siguen contando y los cuatro aciertos no gastaron nada.
    estado, cuerpo, _ = consultar(aws, folio)
    assert estado == 404 and cuerpo["error"]["intentos_restantes"] == 2
    assert "te quedan 2 intentos" in cuerpo["error"]["mensaje"]
    assert "te queda 1 intento" in consultar(aws, folio)[1]["error"]["mensaje"]


def test_el_contador_vive_en_su_propio_item_con_vencimiento(aws, folio, reloj_fijo):
    consultar(aws, folio)
    consultar(aws, INEXISTENTE)
    contadores = [i for i in aws.items() if i["pk"]["S"].startswith("CONSULTAS#")]
    assert sorted(i["pk"]["S"] for i in contadores) == sorted([f"CONSULTAS#{folio}", f"CONSULTAS#{INEXISTENTE}"])
    for item in contadores:
        assert int(item["expira"]["N"]) == int(reloj_fijo["t"].timestamp()) + 3600
    # La partición del caso no cambia por consultas fallidas.
    assert not [i for i in aws.items() if i["pk"]["S"] == f"CASO#{INEXISTENTE}"]


def test_si_la_lectura_falla_la_reserva_se_devuelve(aws, folio, monkeypatch):
    from botocore.exceptions import ClientError

    from funciones.nucleo.adaptadores import repositorios

    cliente = repositorios.casos().cliente
    original = cliente.query

    def limitada(**_kwargs):
        raise ClientError({"Error": {"Code": "ThrottlingException", "Message": "inyectada"}}, "Query")

    monkeypatch.setattr(cliente, "query", limitada)
    for _ in range(6):
        estado, _, cabeceras = consultar(aws, folio, QUEJA["contrato"])
        assert estado == 503 and "Retry-After" in cabeceras
    monkeypatch.setattr(cliente, "query", original)
    # Seis 503 no gastaron ningún intento: no se comparó nada.
    assert consultar(aws, folio)[1]["error"]["intentos_restantes"] == 4
