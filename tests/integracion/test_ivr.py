"""IVR de Amazon Connect contra DynamoDB emulado (moto) y por `POST /_local/ivr` del servidor local.

Las mismas reglas que el seguimiento de la página: el intento se cuenta antes de comparar, así que 30 llamadas a la
vez probando contratos no evalúan más de 5; y un folio inexistente responde lo mismo que uno existente.
"""

from __future__ import annotations

import json
import secrets
import threading
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor

import pytest

from funciones.nucleo.dominio.folio import digito_damm
from infraestructura.local.ivr import evento_contacto
from tests.integracion.test_handlers import QUEJA
from tests.integracion.test_servidor import pedir, unica

INEXISTENTE = "100000000" + digito_damm("100000000")
TELEFONO = "+525598765432"
AJENO = "+528181234567"


@pytest.fixture
def folio(aws) -> str:
    estado, cuerpo, _ = aws.api("POST", "/api/casos", {**QUEJA, "telefono": "55 9876 5432"})
    assert estado == 201
    return cuerpo["folio"]


def llamar(aws, folio: str, telefono: str | None = AJENO, **parametros: str) -> dict[str, str]:
    return aws.invocar("ivr", evento_contacto({"folio": folio, **parametros}, telefono))


def test_recorre_las_ramas_contra_dynamodb(aws, folio):
    # Desde el número del caso: estado, plazo y último paso, sin contar un fallo.
    r = llamar(aws, folio, TELEFONO)
    assert r["resultado"] == "encontrado" and r["folio"] == folio
    texto = "".join(ET.fromstring(r["mensaje"]).itertext())  # noqa: S314 -- lo armó la función
    assert "está registrada y en espera de atención" in texto
    assert "La fecha compromiso para darle respuesta es el " in texto
    # Número ajeno: pide el contrato (y ese número cuenta como un fallo); el contrato correcto encuentra.
    r = llamar(aws, folio)
    assert (r["resultado"], r["intentos_restantes"]) == ("pide_contrato", "4")
    assert llamar(aws, folio, contrato=QUEJA["contrato"])["resultado"] == "encontrado"
    r = llamar(aws, folio, contrato="99999999")
    assert (r["resultado"], r["intentos_restantes"]) == ("contrato_incorrecto", "3")
    # El mismo contador que la página: el fallo del IVR le quita un intento a la consulta web del folio.
    estado, cuerpo, _ = aws.api("POST", "/api/consultas", {"folio": folio, "contrato": "99999999"})
    assert estado == 404 and cuerpo["error"]["intentos_restantes"] == 2
    # Dígito verificador malo: nada se lee ni se cuenta.
    malo = folio[:-1] + str((int(folio[-1]) + 1) % 10)
    assert llamar(aws, malo, TELEFONO)["resultado"] == "folio_invalido"
    assert not [i for i in aws.items() if i["pk"]["S"] == f"CONSULTAS#{malo}"]


def test_folio_inexistente_indistinguible_y_con_las_mismas_llamadas(aws, folio):
    from funciones.nucleo.adaptadores import repositorios

    llamadas: list[str] = []
    repositorios.casos().cliente.meta.events.register(
        "before-call.dynamodb", lambda model, **_: llamadas.append(model.name)
    )

    def paso(f: str, **parametros: str) -> tuple[dict[str, str], list[str]]:
        llamadas.clear()
        r = llamar(aws, f, **parametros)
        return {k: v for k, v in r.items() if k != "folio"}, list(llamadas)

    assert paso(folio) == paso(INEXISTENTE)
    for _ in range(5):
        assert paso(folio, contrato="99999999") == paso(INEXISTENTE, contrato="99999999")
    bloqueado, llamadas_bloqueado = paso(folio, contrato=QUEJA["contrato"])
    assert bloqueado["resultado"] == "bloqueado" and llamadas_bloqueado == ["UpdateItem"]


def test_treinta_llamadas_a_la_vez_probando_contratos_no_pasan_del_limite(aws, folio):
    """Cada hilo se detiene tras su primera llamada a DynamoDB hasta que todos la hicieron: si el conteo fuera leer
    y luego sumar, los 30 verían 0 fallos y los 30 compararían su contrato."""
    from funciones.nucleo.adaptadores import repositorios

    n = 30
    barrera = threading.Barrier(n, timeout=30)
    propio = threading.local()

    def despues_de_la_primera(**_):
        if not getattr(propio, "pasado", False):
            propio.pasado = True
            barrera.wait()

    eventos = repositorios.casos().cliente.meta.events
    eventos.register("after-call.dynamodb", despues_de_la_primera)
    # Sólo tras reservar un lugar se lee el caso (Query) y se compara: se cuentan las lecturas.
    lecturas: list[str] = []
    eventos.register("before-call.dynamodb.Query", lambda **_: lecturas.append("Query"))

    def intento(i: int) -> str:
        # El contrato correcto va entre los equivocados: tampoco se compara si no le tocó uno de los cinco lugares.
        contrato = QUEJA["contrato"] if i == 17 else f"5555{i:04d}"
        return llamar(aws, folio, contrato=contrato)["resultado"]

    with ThreadPoolExecutor(n) as hilos:
        resultados = list(hilos.map(intento, range(n)))
    assert len(lecturas) == 5
    evaluados = [r for r in resultados if r in ("encontrado", "contrato_incorrecto")]
    assert len(evaluados) + resultados.count("bloqueado") == n
    # De los cinco, el que cae en el último lugar ya responde `bloqueado` (no le quedan intentos después).
    assert 4 <= len(evaluados) <= 5


def test_post_local_ivr_en_el_servidor(servidor_url):
    telefono = f"+5255{secrets.randbelow(10**8):08d}"
    queja = unica(telefono=telefono[3:], medio_notificacion="sms")
    queja.pop("correo")
    estado, _, cuerpo = pedir(f"{servidor_url}/api/casos", "POST", queja)
    assert estado == 201, cuerpo
    folio = json.loads(cuerpo)["folio"]

    def ivr(parametros: dict[str, str], numero: str | None) -> dict[str, str]:
        estado, cabeceras, cuerpo = pedir(f"{servidor_url}/_local/ivr", "POST", evento_contacto(parametros, numero))
        assert estado == 200 and cabeceras["Content-Type"] == "application/json"
        return json.loads(cuerpo)

    assert ivr({"folio": folio}, telefono)["resultado"] == "encontrado"
    assert ivr({"folio": folio}, AJENO)["resultado"] == "pide_contrato"
    assert ivr({"folio": folio, "contrato": queja["contrato"]}, AJENO)["resultado"] == "encontrado"
    assert ivr({"folio": folio[:-1] + str((int(folio[-1]) + 1) % 10)}, telefono)["resultado"] == "folio_invalido"
    # Un objeto que no es un ContactFlowEvent llega a la función (como en AWS) y ella responde.
    estado, _, cuerpo = pedir(f"{servidor_url}/_local/ivr", "POST", {"Records": []})
    assert estado == 200 and json.loads(cuerpo)["resultado"] == "fuera_de_servicio"
    # JSON malo o que no es un objeto: 400 en español, con el campo.
    for datos in (b"{no es json", b"[1, 2]", b"", "\xff".encode("latin-1")):
        req_estado, _, cuerpo = _crudo(f"{servidor_url}/_local/ivr", datos)
        error = json.loads(cuerpo)["error"]
        assert req_estado == 400 and error["codigo"] == "datos_invalidos"
        assert "ContactFlowEvent" in error["mensaje"] and error["campos"][0]["campo"] == "cuerpo"


def _crudo(url: str, datos: bytes) -> tuple[int, dict[str, str], bytes]:
    import urllib.error
    import urllib.request

    req = urllib.request.Request(url, data=datos, method="POST", headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=15) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()
