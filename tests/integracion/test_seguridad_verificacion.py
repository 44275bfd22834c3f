"""La verificación de identidad es de quien la hizo, y cada agente tiene un presupuesto de fallos."""

from __future__ import annotations

ASESOR = ("asesor.demo", "asesores")
OTRO_ASESOR = ("ana.lopez", "asesores")
SUPERVISOR = ("supervisor.demo", "supervisores")
MARIA = {
    "contrato": "10002000",
    "nombre": "maría fernanda gómez ruiz",
    "pregunta": "domicilio",
    "respuesta": "Avenida Insurgentes Sur #1234, colonia Del Valle, Ciudad de México",
}
CASO = {
    "tipo": "queja",
    "categoria": "interrupcion",
    "descripcion": "Sin servicio desde el lunes en la tarde.",
    "medio_notificacion": "correo",
    "canal": "telefono",
}


def verificar(aws, agente=ASESOR, **cambios):
    return aws.api("POST", "/api/verificaciones", {**MARIA, **cambios}, agente=agente)


def abrir(aws, verificacion_id, agente=ASESOR):
    return aws.api("POST", "/api/casos/asistidos", {**CASO, "verificacion_id": verificacion_id}, agente=agente)


def _casos(aws) -> int:
    return sum(1 for i in aws.items() if i["sk"]["S"] == "CASO")


def test_la_verificacion_queda_ligada_a_quien_verifico(llamada):
    aws = llamada
    _, v, _ = verificar(aws)
    (item,) = [i for i in aws.items() if i["pk"]["S"] == f"VERIF#{v['verificacion_id']}"]
    assert item["agente"]["S"] == "asesor.demo"
    # Un supervisor (u otro asesor) no puede usar la verificación de un asesor.
    for otro in (SUPERVISOR, OTRO_ASESOR):
        estado, r, _ = abrir(aws, v["verificacion_id"], agente=otro)
        assert estado == 403 and r["error"]["codigo"] == "verificacion_de_otro_agente", r
        assert "otro agente" in r["error"]["mensaje"]
    assert _casos(aws) == 0
    # Sigue sin usar: quien verificó abre el caso.
    estado, caso, _ = abrir(aws, v["verificacion_id"])
    assert estado == 201 and _casos(aws) == 1
    (registro,) = [i for i in aws.items() if i["sk"]["S"] == "CASO"]
    assert registro["verificacion_id"]["S"] == v["verificacion_id"]
