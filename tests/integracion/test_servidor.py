"""El servidor de `make run` por HTTP real: sitio, API desde la tabla de rutas, buzones locales."""

from __future__ import annotations

import json
import secrets
import urllib.error
import urllib.request

from tests.util import esperar, obtener_json

QUEJA = {
    "tipo": "queja",
    "categoria": "cargo_indebido",
    "nombre": "Beto Ruiz",
    "contrato": "87654321",
    "correo": "beto@example.com",
    "descripcion": "Me cobraron el mes dos veces en noviembre.",
    "medio_notificacion": "correo",
    "aviso_privacidad": "2026-11",
}


def unica(base: dict | None = None, **cambios) -> dict:
    """Una solicitud con contrato y correo propios: el servidor limita casos por día por correo y contrato."""
    n = secrets.randbelow(90_000_000) + 10_000_000
    return {**(base or QUEJA), "contrato": str(n), "correo": f"cliente{n}@example.com", **cambios}


def pedir(url: str, metodo: str = "GET", cuerpo: object = None, cabeceras: dict | None = None, espera: float = 15):
    datos = json.dumps(cuerpo).encode() if cuerpo is not None else None
    req = urllib.request.Request(
        url, data=datos, method=metodo, headers={"Content-Type": "application/json", **(cabeceras or {})}
    )
    try:
        with urllib.request.urlopen(req, timeout=espera) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def test_sitio_y_paginas(servidor_url):
    estado, cab, cuerpo = pedir(f"{servidor_url}/")
    html = cuerpo.decode()
    assert estado == 200 and cab["Content-Type"].startswith("text/html")
    for texto in ("7676720827", "7775000232", "8:30", "18:30"):
        assert texto in html
    assert pedir(f"{servidor_url}/seguimiento.html")[0] == 200
    assert pedir(f"{servidor_url}/no-existe.html")[0] == 404
    assert pedir(f"{servidor_url}/../pyproject.toml")[0] == 404


def test_flujo_completo_por_http(servidor_url):
    queja = unica()
    estado, _, cuerpo = pedir(f"{servidor_url}/api/casos", "POST", queja)
    assert estado == 201
    caso = json.loads(cuerpo)
    correo = esperar(
        lambda: next(
            (c for c in obtener_json(f"{servidor_url}/_local/correos.json") if caso["folio_legible"] in c["asunto"]),
            None,
        )
    )
    assert correo["destinatario"] == queja["correo"] and correo["html"] and correo["texto"]
    pagina = pedir(f"{servidor_url}/_local/correos")[2].decode()
    assert caso["folio_legible"] in pagina
    estado, _, cuerpo = pedir(
        f"{servidor_url}/api/consultas", "POST", {"folio": caso["folio_legible"], "correo": queja["correo"]}
    )
    assert estado == 200 and json.loads(cuerpo)["estado"] == "registrado"
    estado, cab, cuerpo = pedir(servidor_url + caso["comprobante_url"])
    assert estado == 200 and caso["folio_legible"] in cuerpo.decode()


def test_sms_en_mensajes_locales(servidor_url):
    sms = unica(telefono="55 1234 5678", medio_notificacion="sms")
    estado, _, cuerpo = pedir(f"{servidor_url}/api/casos", "POST", sms)
    assert estado == 201
    folio = json.loads(cuerpo)["folio_legible"]
    mensaje = esperar(
        lambda: next((m for m in obtener_json(f"{servidor_url}/_local/mensajes.json") if folio in m["mensaje"]), None)
    )
    assert mensaje["destino"] == "+525512345678"


def test_rutas_y_metodos_desconocidos(servidor_url):
    estado, _, cuerpo = pedir(f"{servidor_url}/api/nada")
    assert estado == 404 and json.loads(cuerpo)["error"]["mensaje"]
    assert pedir(f"{servidor_url}/api/casos", "PUT")[0] == 405
    assert pedir(f"{servidor_url}/api/casos", "GET")[0] == 401  # ruta de agentes sin sesión
    assert pedir(f"{servidor_url}/api/casos", "POST", "x" * 70_000)[0] == 413


def test_openapi_cubre_la_tabla_de_rutas(servidor_url):
    from infraestructura.rutas import RUTAS

    documento = obtener_json(f"{servidor_url}/api/openapi.json")
    for r in RUTAS:
        assert r.metodo.lower() in documento["paths"][r.ruta]


def test_reloj_local(servidor_url):
    estado, _, cuerpo = pedir(f"{servidor_url}/_local/reloj", "POST", {"avanzar_horas": "x"})
    assert estado == 400


def test_tras_una_transaccion_cancelada_los_avisos_siguen_llegando(servidor_url):
    # Una repetición con la misma clave cancela la transacción; el flujo no debe perder lo que sigue.
    cab = {"Idempotency-Key": "prueba-servidor-0001"}
    queja = unica()
    a = pedir(f"{servidor_url}/api/casos", "POST", queja, cab)
    b = pedir(f"{servidor_url}/api/casos", "POST", queja, cab)
    assert a[0] == b[0] == 201 and json.loads(a[2])["folio"] == json.loads(b[2])["folio"]
    nuevo = json.loads(pedir(f"{servidor_url}/api/casos", "POST", unica())[2])
    esperar(
        lambda: any(nuevo["folio_legible"] in c["asunto"] for c in obtener_json(f"{servidor_url}/_local/correos.json"))
    )
    repetido = json.loads(a[2])["folio_legible"]
    assert sum(repetido in c["asunto"] for c in obtener_json(f"{servidor_url}/_local/correos.json")) == 1
