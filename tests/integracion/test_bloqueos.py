"""Un supervisor levanta el bloqueo de verificación de un contrato, con motivo, y queda en el registro (issue 16)."""

from __future__ import annotations

import pytest

ASESOR = ("asesor.demo", "asesores")
SUPERVISOR = ("supervisor.demo", "supervisores")
MARIA = {
    "contrato": "10002000",
    "nombre": "maría fernanda gómez ruiz",
    "pregunta": "domicilio",
    "respuesta": "Insurgentes Sur 1234, Del Valle",
}
RUTA = "/api/verificaciones/bloqueos/10002000"
MOTIVO = {"motivo": "El cliente acudió a tienda con INE; confirmado por la gerente."}


def _verificar(aws, **cambios):
    return aws.api("POST", "/api/verificaciones", {**MARIA, **cambios}, agente=ASESOR)


def _bloquear(aws) -> None:
    restantes = [_verificar(aws, respuesta="Otra calle 9, Centro")[1]["intentos_restantes"] for _ in range(3)]
    assert restantes == [2, 1, 0]
    estado, r, _ = _verificar(aws)
    assert estado == 423 and r["error"]["codigo"] == "verificacion_bloqueada"


def _eventos(aws, tipo):
    return [i for i in aws.items() if i["pk"]["S"] == "CLIENTE#10002000" and i.get("tipo", {}).get("S") == tipo]


def test_el_supervisor_levanta_el_bloqueo_y_queda_el_evento(llamada):
    aws = llamada
    _bloquear(aws)
    estado, r, _ = aws.api("DELETE", RUTA, MOTIVO, agente=SUPERVISOR)
    assert estado == 200, r
    assert r["levantado"] is True and r["levantado_por"] == "supervisor.demo" and r["intentos_restantes"] == 3
    (evento,) = _eventos(aws, "bloqueo_levantado")
    assert evento["datos"]["M"]["motivo"]["S"] == MOTIVO["motivo"]
    assert evento["datos"]["M"]["agente"]["S"] == "supervisor.demo"
    # Con el bloqueo levantado, la respuesta tolerante verifica.
    estado, v, _ = _verificar(aws)
    assert estado == 200 and v["verificado"] is True, v
    # Ya no hay nada que levantar.
    estado, r, _ = aws.api("DELETE", RUTA, MOTIVO, agente=SUPERVISOR)
    assert estado == 409 and r["error"]["codigo"] == "sin_bloqueo"


def test_un_asesor_no_levanta_bloqueos(llamada):
    aws = llamada
    _bloquear(aws)
    estado, r, _ = aws.api("DELETE", RUTA, MOTIVO, agente=ASESOR)
    assert estado == 403
    assert not _eventos(aws, "bloqueo_levantado")
    assert _verificar(aws)[0] == 423


@pytest.mark.parametrize(
    ("camino", "cuerpo", "campo"),
    [
        (RUTA, {}, "motivo"),
        (RUTA, {"motivo": "corto"}, "motivo"),
        (RUTA, {"motivo": "x" * 501}, "motivo"),
        (RUTA, {"motivo": MOTIVO["motivo"], "otro": 1}, "otro"),
        ("/api/verificaciones/bloqueos/12ab", MOTIVO, "contrato"),
        ("/api/verificaciones/bloqueos/123", MOTIVO, "contrato"),
    ],
)
def test_entrada_mala_no_levanta_nada(llamada, camino, cuerpo, campo):
    aws = llamada
    _bloquear(aws)
    estado, r, _ = aws.api("DELETE", camino, cuerpo, agente=SUPERVISOR)
    assert estado == 400, r
    assert campo in [c["campo"] for c in r["error"]["campos"]]
    assert all(c["mensaje"] and "field" not in c["mensaje"].lower() for c in r["error"]["campos"])
    assert not _eventos(aws, "bloqueo_levantado")
    assert _verificar(aws)[0] == 423
