"""Llamadas por el flujo de contacto (infraestructura/connect/flujo.json) contra la función ivr real, con DynamoDB
emulado (moto): el intérprete de prueba del Flow language (tests/connect_flujo.py) hace lo que haría Connect.

Cada llamada es una lista de teclas (None = silencio); lo que la función responde queda en `$.External` y el flujo
sólo mira `resultado` y reproduce `mensaje`.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Any

import pytest

from funciones.nucleo.dominio.folio import digito_damm
from infraestructura.connect import flujo as flujo_connect
from tests.connect_flujo import SUSTITUCIONES, Llamada, Recorrido, cargar
from tests.integracion.test_handlers import QUEJA

TELEFONO = "+525598765432"  # el del caso
AJENO = "+528181234567"
OTRO_CONTRATO = "99999999"


def nuevo_folio(aws, telefono: str = "55 9876 5432") -> str:
    estado, cuerpo, _ = aws.api("POST", "/api/casos", {**QUEJA, "telefono": telefono})
    assert estado == 201, cuerpo
    return cuerpo["folio"]


@pytest.fixture
def folio(aws) -> str:
    return nuevo_folio(aws)


def funcion(aws) -> Callable[[dict[str, Any]], dict[str, Any]]:
    return lambda evento: aws.invocar("ivr", evento)


def llamar(aws, numero: str | None, teclas: list[str | None], **kw: Any) -> Recorrido:
    return Llamada(funcion(aws), numero, teclas, **kw).correr()


def texto(ssml: str) -> str:
    return "".join(ET.fromstring(ssml).itertext())  # noqa: S314 -- lo armó la función o el flujo


def con_digito_malo(folio: str) -> str:
    return folio[:-1] + str((int(folio[-1]) + 1) % 10)


def reprodujo_lo_que_dijo_la_funcion(r: Recorrido) -> None:
    """Cada `mensaje` que respondió la función se reprodujo tal cual, en su orden."""
    dichos = [m for _, resp in r.invocaciones for m in [resp["mensaje"]]]
    restantes = iter(r.mensajes)
    assert all(any(m == d for m in restantes) for d in dichos)
    assert all(d.startswith("<speak>") and d.endswith("</speak>") for d in dichos)


# --- las ramas del issue ---------------------------------------------------------------------------


def test_folio_valido_desde_el_numero_del_caso(aws, folio):
    r = llamar(aws, TELEFONO, ["1", folio, None])
    assert r.voz == ("Mia", "Neural")
    assert "de lunes a sábado, de ocho y media de la mañana a seis y media de la tarde" in texto(r.mensajes[0])
    assert r.resultados == ["encontrado"]
    ((evento, respuesta),) = r.invocaciones
    assert evento["Name"] == "ContactFlowEvent" and evento["Details"]["Parameters"] == {"folio": folio}
    assert evento["Details"]["ContactData"]["CustomerEndpoint"]["Address"] == TELEFONO
    assert respuesta["folio"] == folio and r.atributos["folio"] == folio
    assert "está registrada y en espera de atención" in texto(respuesta["mensaje"])
    reprodujo_lo_que_dijo_la_funcion(r)
    assert "Estado del caso" in r.acciones and r.colgada and not r.transferida


def test_folio_con_digito_malo_no_consulta_ni_anota(aws, folio):
    r = llamar(aws, TELEFONO, ["1", con_digito_malo(folio), None])
    assert r.resultados == ["folio_invalido"]
    assert "no es válido" in texto(r.invocaciones[0][1]["mensaje"])
    assert "folio" not in r.atributos and ("Resultado", "Equals folio_invalido") in r.ramas
    reprodujo_lo_que_dijo_la_funcion(r)
    assert r.colgada


def test_numero_ajeno_con_su_contrato(aws, folio):
    r = llamar(aws, AJENO, ["1", folio, QUEJA["contrato"], None])
    assert r.resultados == ["pide_contrato", "encontrado"]
    segunda = r.invocaciones[1][0]["Details"]["Parameters"]
    assert segunda == {"folio": folio, "contrato": QUEJA["contrato"]}
    assert r.atributos["folio"] == folio and r.atributos[flujo_connect.ATRIBUTO_MARCADO] == folio
    reprodujo_lo_que_dijo_la_funcion(r)


def test_numero_ajeno_con_un_folio_que_no_existe_pide_el_contrato_igual(aws, folio):
    inexistente = "100000000" + digito_damm("100000000")
    existente = llamar(aws, AJENO, ["1", folio, OTRO_CONTRATO, None])
    falso = llamar(aws, AJENO, ["1", inexistente, OTRO_CONTRATO, None])
    assert existente.resultados == falso.resultados == ["pide_contrato", "contrato_incorrecto"]
    assert existente.acciones == falso.acciones


def test_contratos_equivocados_hasta_el_bloqueo(aws, folio):
    r = llamar(aws, AJENO, ["1", folio] + [OTRO_CONTRATO] * 10 + [None])
    assert r.resultados[0] == "pide_contrato" and r.resultados[-1] == "bloqueado"
    assert set(r.resultados[1:-1]) == {"contrato_incorrecto"}
    # Cinco intentos como la página: el número ajeno cuenta uno; el flujo no insiste más allá del bloqueo.
    assert len(r.resultados) <= 6
    assert "folio" not in r.atributos and r.colgada and not r.transferida
    # Ni con el contrato correcto: el bloqueo lo decide la función.
    despues = llamar(aws, AJENO, ["1", folio, QUEJA["contrato"], None])
    assert "encontrado" not in despues.resultados and "bloqueado" in despues.resultados


def test_quien_no_marca_el_contrato_termina_la_llamada(aws, folio):
    """Sin teclas, Connect guarda «Timeout»: el flujo no se lo manda a la función (que no lo cuenta como intento, así
    que el ciclo del contrato giraría sin fin) y despide la llamada."""
    r = llamar(aws, AJENO, ["1", folio])
    assert r.resultados == ["pide_contrato"]
    assert r.acciones[-5:] == ["Marco el contrato", "Sin digitos", "Menu final", "Despedida", "Colgar"]
    # Igual con el folio: sin dígitos no se consulta nada.
    r = llamar(aws, TELEFONO, ["1"])
    assert r.invocaciones == [] and "Sin digitos" in r.acciones and r.colgada


def test_opcion_2_en_horario_pasa_a_la_cola_con_el_folio(aws, folio):
    r = llamar(aws, TELEFONO, ["1", folio, "2"])
    assert r.resultados == ["encontrado"]
    assert r.transferida and r.cola == SUSTITUCIONES["Cola"] and r.atributos["folio"] == folio
    assert r.acciones[-4:] == ["Horario de asesores", "Cola de asesores", "Aviso de transferencia", "Transferir"]
    # Directo al asesor, sin consultar: a la cola sin folio.
    directo = llamar(aws, TELEFONO, ["2"])
    assert directo.transferida and directo.invocaciones == [] and "folio" not in directo.atributos


def test_fuera_de_horario_no_transfiere_y_el_folio_se_consulta_igual(aws, folio):
    r = llamar(aws, TELEFONO, ["2", None], en_horario=False)
    assert not r.transferida and r.colgada and r.cola is None
    dicho = " ".join(texto(m) for m in r.mensajes)
    assert "En este momento no hay asesores" in dicho and flujo_connect.horario_hablado() in dicho
    consulta = llamar(aws, TELEFONO, ["2", "1", folio, None], en_horario=False)
    assert consulta.resultados == ["encontrado"] and not consulta.transferida


# --- fallas y teclas equivocadas ------------------------------------------------------------------


def test_la_funcion_fuera_de_servicio_ofrece_un_asesor(aws, folio, monkeypatch):
    import funciones.ivr.handler as manejador

    def falla(*_: Any, **__: Any) -> Any:
        raise RuntimeError("DynamoDB no responde")

    monkeypatch.setattr(manejador, "atender", falla)
    r = llamar(aws, TELEFONO, ["1", folio])
    assert r.resultados == ["fuera_de_servicio"]
    reprodujo_lo_que_dijo_la_funcion(r)
    assert r.transferida  # en horario: a la cola


def test_si_connect_no_obtiene_respuesta_de_la_funcion_ofrece_un_asesor(aws, folio):
    def sin_respuesta(_evento: dict[str, Any]) -> dict[str, Any]:
        raise TimeoutError("la función tardó más de 8 s")

    r = Llamada(sin_respuesta, TELEFONO, ["1", folio, None], en_horario=False).correr()
    assert "Falla de consulta" in r.acciones and r.invocaciones == [] and not r.transferida and r.colgada
    # Una respuesta que no es un mapa plano de cadenas también es la rama de error (STRING_MAP).
    r = Llamada(lambda _e: {"resultado": "encontrado", "intentos_restantes": 3}, TELEFONO, ["1", folio, None]).correr()
    assert "Falla de consulta" in r.acciones


def test_opcion_invalida_y_silencio(aws):
    r = llamar(aws, TELEFONO, ["9", None])
    assert r.acciones[:6] == ["Voz", "Saludo", "Menu principal", "Opcion invalida", "Menu principal", "Sin respuesta"]
    assert r.colgada and r.invocaciones == []


def test_cola_llena(aws):
    r = llamar(aws, TELEFONO, ["2"], fallas={"Transferir": "QueueAtCapacity"})
    assert r.acciones[-3:] == ["Falla de transferencia", "Despedida", "Colgar"] and not r.transferida


# --- cobertura --------------------------------------------------------------------------------------


def test_las_llamadas_de_prueba_pasan_por_cada_accion_del_flujo(aws, monkeypatch):
    folio, otro = nuevo_folio(aws), nuevo_folio(aws)
    recorridos = [
        llamar(aws, TELEFONO, ["9", "1", folio, "1", con_digito_malo(folio), "2"]),
        llamar(aws, TELEFONO, ["5", None]),
        llamar(aws, TELEFONO, ["1"]),
        llamar(aws, AJENO, ["1", otro, QUEJA["contrato"], "3"]),
        llamar(aws, AJENO, ["1", otro] + [OTRO_CONTRATO] * 6),
        llamar(aws, TELEFONO, ["2", None], en_horario=False),
        llamar(aws, TELEFONO, ["2"], fallas={"Transferir": "QueueAtCapacity"}),
        Llamada(lambda _e: {"resultado": "otro"}, TELEFONO, ["1", folio, None], en_horario=False).correr(),
    ]
    import funciones.ivr.handler as manejador

    monkeypatch.setattr(manejador, "atender", lambda *_a, **_k: (_ for _ in ()).throw(RuntimeError("caída")))
    recorridos.append(llamar(aws, TELEFONO, ["1", folio, None], en_horario=False))
    visitadas = {a for r in recorridos for a in r.acciones}
    assert visitadas == {a["Identifier"] for a in cargar()["Actions"]}
    # Y cada `resultado` del contrato se oyó en alguna llamada.
    assert {res for r in recorridos for res in r.resultados} >= set(flujo_connect.RESULTADOS)


def test_el_flujo_contra_post_local_ivr_del_servidor(servidor_url):
    """Lo mismo que haría Connect contra `make run`: cada invocación del flujo es un POST /_local/ivr."""
    import json

    from tests.integracion.test_servidor import pedir, unica

    estado, _, cuerpo = pedir(f"{servidor_url}/api/casos", "POST", unica(telefono="55 4321 8765"))
    assert estado == 201, cuerpo
    folio = json.loads(cuerpo)["folio"]

    def por_http(evento: dict[str, Any]) -> dict[str, Any]:
        estado, _, respuesta = pedir(f"{servidor_url}/_local/ivr", "POST", evento)
        assert estado == 200, respuesta
        return json.loads(respuesta)

    r = Llamada(por_http, "+525543218765", ["1", folio, "2"]).correr()
    assert r.resultados == ["encontrado"] and r.atributos["folio"] == folio and r.transferida
    ajeno = Llamada(por_http, AJENO, ["1", folio, OTRO_CONTRATO, None]).correr()
    assert ajeno.resultados == ["pide_contrato", "contrato_incorrecto"] and ajeno.colgada
