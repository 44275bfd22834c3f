"""La forma del flujo de contacto (infraestructura/connect/flujo.json): lo que Connect valida al importarlo y lo que
promete el flujo (cada acción alcanzable, cada rama con destino, cada `resultado` de la función con su camino).

Los recorridos de llamadas contra la función ivr real están en tests/integracion/test_flujo_connect.py.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from funciones.nucleo.dominio import calendario
from infraestructura.connect import flujo as flujo_connect
from tests.connect_flujo import TIPOS, cargar, destinos

FLUJO = cargar()
ACCIONES = {a["Identifier"]: a for a in FLUJO["Actions"]}
PROHIBIDOS = re.compile(r"[%:()\\/=$,;\[\]{}]")
# Los errores que cada tipo de acción debe (y puede) declarar, según la referencia del Flow language.
ERRORES = {
    "UpdateContactTextToSpeechVoice": {"NoMatchingError"},
    "MessageParticipant": {"NoMatchingError"},
    "UpdateContactAttributes": {"NoMatchingError"},
    "InvokeLambdaFunction": {"NoMatchingError"},
    "Compare": {"NoMatchingCondition"},
    "CheckHoursOfOperation": {"NoMatchingError"},
    "UpdateContactTargetQueue": {"NoMatchingError"},
    "TransferContactToQueue": {"QueueAtCapacity", "NoMatchingError"},
}


def test_version_inicio_y_solo_tipos_conocidos():
    assert FLUJO["Version"] == "2019-10-30"
    assert FLUJO["StartAction"] in ACCIONES
    assert len(ACCIONES) == len(FLUJO["Actions"]) <= 250  # identificadores únicos; el límite de Connect
    assert {a["Type"] for a in FLUJO["Actions"]} <= TIPOS


@pytest.mark.parametrize("ident", sorted(ACCIONES))
def test_identificador_valido(ident):
    assert 0 < len(ident) <= 50 and not PROHIBIDOS.search(ident)


def test_cada_rama_tiene_destino_y_cada_accion_es_alcanzable():
    alcanzadas, pendientes = set(), [FLUJO["StartAction"]]
    while pendientes:
        actual = pendientes.pop()
        if actual in alcanzadas:
            continue
        alcanzadas.add(actual)
        for rama, destino in destinos(ACCIONES[actual]):
            assert destino in ACCIONES, f"{actual} → {rama} va a {destino!r}, que no existe"
            pendientes.append(destino)
    assert alcanzadas == set(ACCIONES)


def test_todo_camino_termina_en_colgar_o_en_la_cola():
    finales = {i for i, a in ACCIONES.items() if a["Type"] in ("DisconnectParticipant", "TransferContactToQueue")}
    # Desde cada acción se llega a un final.
    for ident in ACCIONES:
        vistos, pendientes = set(), [ident]
        while pendientes:
            actual = pendientes.pop()
            if actual in vistos:
                continue
            vistos.add(actual)
            pendientes.extend(d for _, d in destinos(ACCIONES[actual]))
        assert vistos & finales, f"desde {ident} no se cuelga ni se transfiere"


def _silencio(ident: str) -> set[str]:
    """A dónde puede ir la llamada desde `ident` si quien llama no marca nada nunca más."""
    accion = ACCIONES[ident]
    t = accion["Transitions"]
    if accion["Type"] == "GetParticipantInput" and accion["Parameters"]["StoreInput"] == "False":
        return {e["NextAction"] for e in t["Errors"] if e["ErrorType"] == "InputTimeLimitExceeded"}
    if accion["Type"] == "Compare" and accion["Parameters"]["ComparisonValue"] == "$.StoredCustomerInput":
        return {c["NextAction"] for c in t["Conditions"] if c["Condition"]["Operands"] == ["Timeout"]}
    # Lo demás (la función, el horario, los errores de Connect): cualquier rama.
    return {d for _, d in destinos(accion)}


def test_quien_no_marca_nada_termina_la_llamada():
    """Sin teclas, ningún ciclo: cada menú sale por su tiempo y cada «Timeout» guardado sale del ciclo. Un ciclo con
    dígitos guardados que siguiera con «Timeout» giraría sin fin (la función no tiene por qué contar el silencio)."""
    visitando, hechos = set(), set()

    def visitar(nodo: str) -> None:
        visitando.add(nodo)
        for siguiente in _silencio(nodo):
            assert siguiente not in visitando, f"en silencio, la llamada gira entre {nodo} y {siguiente}"
            if siguiente not in hechos:
                visitar(siguiente)
        visitando.discard(nodo)
        hechos.add(nodo)

    # Desde cualquier punto: quien llama puede callar en cualquier momento.
    for nodo in ACCIONES:
        if nodo not in hechos:
            visitar(nodo)


def test_tras_pedir_digitos_se_revisa_el_silencio():
    for ident, accion in ACCIONES.items():
        if accion["Type"] == "GetParticipantInput" and accion["Parameters"]["StoreInput"] == "True":
            siguiente = ACCIONES[accion["Transitions"]["NextAction"]]
            assert siguiente["Type"] == "Compare", ident
            assert siguiente["Parameters"]["ComparisonValue"] == "$.StoredCustomerInput", ident


@pytest.mark.parametrize("ident", sorted(ACCIONES))
def test_errores_y_condiciones_segun_el_tipo(ident):
    accion = ACCIONES[ident]
    tipo, t = accion["Type"], accion["Transitions"]
    errores = [e["ErrorType"] for e in t.get("Errors", [])]
    assert len(errores) == len(set(errores))
    if tipo == "DisconnectParticipant":
        assert t == {} and accion["Parameters"] == {}
        return
    if tipo == "GetParticipantInput":
        if accion["Parameters"]["StoreInput"] == "True":
            # Con StoreInput no hay condiciones; la validación es obligatoria.
            assert "Conditions" not in t and set(errores) == {"NoMatchingError"}
            assert int(accion["Parameters"]["InputValidation"]["CustomValidation"]["MaximumLength"]) > 1
        else:
            assert set(errores) == {"NoMatchingError", "NoMatchingCondition", "InputTimeLimitExceeded"}
            operandos = [c["Condition"]["Operands"] for c in t["Conditions"]]
            assert all(len(o) == 1 and re.fullmatch(r"[0-9*#]", o[0]) for o in operandos)
        assert 0 < int(accion["Parameters"]["InputTimeLimitSeconds"]) <= 180
        return
    assert set(errores) == ERRORES[tipo], ident
    if tipo == "CheckHoursOfOperation":
        assert sorted(c["Condition"]["Operands"][0] for c in t["Conditions"]) == ["False", "True"]
    if tipo == "TransferContactToQueue":
        assert "NextAction" not in t
    if tipo == "InvokeLambdaFunction":
        p = accion["Parameters"]
        assert p["InvocationType"] == "SYNCHRONOUS" and p["ResponseValidation"] == {"ResponseType": "STRING_MAP"}
        assert 0 < int(p["InvocationTimeLimitSeconds"]) <= 8


def test_cada_resultado_de_la_funcion_tiene_su_camino_y_no_hay_otros():
    (comparar,) = [
        a for a in FLUJO["Actions"] if a["Type"] == "Compare" and "External" in a["Parameters"]["ComparisonValue"]
    ]
    assert comparar["Parameters"]["ComparisonValue"] == "$.External.resultado"
    valores = [c["Condition"]["Operands"][0] for c in comparar["Transitions"]["Conditions"]]
    assert sorted(valores) == sorted(flujo_connect.RESULTADOS)
    # Todas las consultas a la función van a esa única comparación.
    consultas = [a for a in FLUJO["Actions"] if a["Type"] == "InvokeLambdaFunction"]
    assert len(consultas) == 2
    assert {a["Transitions"]["NextAction"] for a in consultas} == {comparar["Identifier"]}


def test_los_parametros_de_la_funcion_son_los_del_contrato():
    parametros = [
        a["Parameters"]["LambdaInvocationAttributes"] for a in FLUJO["Actions"] if a["Type"] == "InvokeLambdaFunction"
    ]
    assert sorted(sorted(p) for p in parametros) == [["contrato", "folio"], ["folio"]]


@pytest.mark.parametrize("ident", sorted(i for i, a in ACCIONES.items() if "SSML" in a["Parameters"]))
def test_cada_mensaje_es_ssml_valido_o_el_de_la_funcion(ident):
    parametros = ACCIONES[ident]["Parameters"]
    assert not {"Text", "PromptId", "Media"} & set(parametros)  # un solo tipo de mensaje
    ssml = parametros["SSML"]
    if ssml == "$.External.mensaje":
        return
    raiz = ET.fromstring(ssml)  # noqa: S314 -- texto del propio repositorio
    assert raiz.tag == "speak" and "  " not in ssml


def test_voz_neural_de_mexico_antes_de_hablar():
    inicio = ACCIONES[FLUJO["StartAction"]]
    assert inicio["Type"] == "UpdateContactTextToSpeechVoice"
    assert inicio["Parameters"] == {"TextToSpeechVoice": "Mia", "TextToSpeechEngine": "Neural"}


def test_el_saludo_dice_el_horario_del_calendario():
    saludo = ACCIONES["Saludo"]["Parameters"]["SSML"]
    assert "de lunes a sábado, de ocho y media de la mañana a seis y media de la tarde" in saludo
    assert flujo_connect.horario_hablado() in ACCIONES["Fuera de horario"]["Parameters"]["SSML"]


def test_hora_hablada():
    from datetime import time

    assert flujo_connect.hora_hablada(calendario.APERTURA) == "ocho y media de la mañana"
    assert flujo_connect.hora_hablada(calendario.CIERRE) == "seis y media de la tarde"
    assert flujo_connect.hora_hablada(time(12, 0)) == "doce de la tarde"
    assert flujo_connect.hora_hablada(time(1, 15)) == "una y cuarto de la mañana"
    assert flujo_connect.hora_hablada(time(21, 45)) == "nueve y 45 de la noche"


def test_dias_hablados_sigue_al_calendario(monkeypatch):
    assert flujo_connect.dias_hablados() == "de lunes a sábado"
    monkeypatch.setattr(calendario, "DIAS_ATENCION", frozenset({0, 2, 4}))
    assert flujo_connect.dias_hablados() == "los lunes, miércoles y viernes"
