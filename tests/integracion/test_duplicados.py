"""POST /api/casos/{folio}/duplicado: cierra un caso como duplicado de otro, los enlaza y avisa (issue 16)."""

from __future__ import annotations

import pytest

ASESOR = ("asesor.demo", "asesores")
DEPARTAMENTO = ("facturacion.demo", "departamentos")
CASO = {
    "tipo": "queja",
    "categoria": "interrupcion",
    "nombre": "Ana López",
    "contrato": "10002000",
    "correo": "ana.lopez@example.com",
    "descripcion": "Sin servicio desde el lunes en la tarde.",
    "medio_notificacion": "correo",
    "aviso_privacidad": "2026-11",
}


def _alta(aws, **cambios) -> str:
    estado, r, _ = aws.api("POST", "/api/casos", {**CASO, **cambios})
    assert estado == 201, r
    return r["folio"]


def _caso(aws, folio):
    return aws.api("GET", f"/api/casos/{folio}", agente=ASESOR)[1]


def _eventos(aws) -> int:
    return sum(1 for i in aws.items() if i["sk"]["S"].startswith("EVENTO#"))


def test_cierra_enlaza_y_avisa_que_folio_sigue(aws):
    sobrevive, repetido = _alta(aws), _alta(aws, descripcion="Otra vez sin servicio, ya lo reporté.")
    aws.drenar()
    estado, r, _ = aws.api("POST", f"/api/casos/{repetido}/duplicado", {"de": sobrevive}, agente=ASESOR)
    assert estado == 200, r
    assert r["caso"]["estado"] == "cerrado" and r["caso"]["duplicado_de"] == sobrevive
    (cierre,) = [h for h in r["historial"] if h["tipo"] == "caso_duplicado"]
    assert cierre["publico"] is True and r["caso"]["folio_legible"].replace(" ", "") == repetido
    otro = _caso(aws, sobrevive)
    assert otro["caso"]["duplicados"] == [repetido] and otro["caso"]["estado"] == "registrado"
    assert any(h["tipo"] == "duplicado_enlazado" and not h["publico"] for h in otro["historial"])
    # El cliente recibe qué folio sigue.
    aws.drenar()
    (aviso,) = [c for c in aws.correos() if "continúa con el folio" in c["asunto"]]
    legible = otro["caso"]["folio_legible"]
    assert legible in aviso["asunto"] and legible in aviso["texto"]
    # El cerrado ya no se marca otra vez, ni se usa de sobreviviente.
    estado, r, _ = aws.api("POST", f"/api/casos/{repetido}/duplicado", {"de": sobrevive}, agente=ASESOR)
    assert estado == 409
    tercero = _alta(aws)
    estado, r, _ = aws.api("POST", f"/api/casos/{tercero}/duplicado", {"de": repetido}, agente=ASESOR)
    assert estado == 409 and r["error"]["codigo"] == "sobreviviente_cerrado"


def test_sin_permiso_o_inexistente(aws):
    a, b = _alta(aws), _alta(aws)
    antes = _eventos(aws)
    estado, _, _ = aws.api("POST", f"/api/casos/{a}/duplicado", {"de": b}, agente=DEPARTAMENTO)
    assert estado == 403
    from funciones.nucleo.dominio.folio import digito_damm

    inexistente = "123456789" + digito_damm("123456789")
    estado, r, _ = aws.api("POST", f"/api/casos/{a}/duplicado", {"de": inexistente}, agente=ASESOR)
    assert estado == 404, r
    assert _eventos(aws) == antes and _caso(aws, a)["caso"]["estado"] == "registrado"


@pytest.mark.parametrize(
    ("cuerpo", "campo"),
    [
        ({}, "de"),
        ({"de": "12345"}, "de"),
        ({"de": "1234567890"}, "de"),
        ({"de": 1234567890}, "de"),
        ({"de": "MISMO"}, "de"),
        ({"de": "OTRO", "extra": True}, "extra"),
        ({"de": "OTRO", "motivo": "x" * 1001}, "motivo"),
    ],
)
def test_entrada_mala_no_guarda_nada(aws, cuerpo, campo):
    a, b = _alta(aws), _alta(aws)
    cuerpo = {k: {"MISMO": a, "OTRO": b}.get(v, v) if isinstance(v, str) else v for k, v in cuerpo.items()}
    antes = _eventos(aws)
    estado, r, _ = aws.api("POST", f"/api/casos/{a}/duplicado", cuerpo, agente=ASESOR)
    assert estado == 400, r
    assert campo in [c["campo"] for c in r["error"]["campos"]]
    assert _eventos(aws) == antes and _caso(aws, a)["caso"]["estado"] == "registrado"


def test_marcar_duplicado_son_cuatro_llamadas_a_dynamodb(aws):
    # Dos lecturas (los dos casos), una transacción (ambos y sus eventos) y la Query del detalle que responde.
    a, b = _alta(aws), _alta(aws)
    from funciones.nucleo.adaptadores.aws import cliente

    llamadas: list[str] = []
    dynamo = cliente("dynamodb")
    dynamo.meta.events.register("before-call", lambda model, **_: llamadas.append(model.name))
    estado, _, _ = aws.api("POST", f"/api/casos/{b}/duplicado", {"de": a}, agente=ASESOR)
    assert estado == 200
    assert llamadas == ["GetItem", "GetItem", "TransactWriteItems", "Query"]
