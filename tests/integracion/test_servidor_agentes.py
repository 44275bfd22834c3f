"""Rutas de agentes por HTTP real: tokens de Cognito (moto) verificados contra su JWKS, 401 y 403."""

from __future__ import annotations

import base64
import json

from tests.conftest import CLAVE_DEMO
from tests.integracion.test_servidor import pedir

MARIA = {"contrato": "10002000", "nombre": "María Fernanda Gómez Ruiz", "pregunta": "ultimos4", "respuesta": "4321"}


def sesion(url: str, usuario: str) -> dict:
    estado, _, cuerpo = pedir(f"{url}/api/sesiones", "POST", {"usuario": usuario, "contrasena": CLAVE_DEMO})
    assert estado == 200, cuerpo
    return json.loads(cuerpo)


def con_token(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_inicio_de_sesion(servidor_url):
    s = sesion(servidor_url, "supervisor.demo")
    assert s["rol"] == "supervisores" and s["usuario"] == "supervisor.demo" and s["token"].count(".") == 2
    malo = pedir(f"{servidor_url}/api/sesiones", "POST", {"usuario": "supervisor.demo", "contrasena": "otra"})
    nadie = pedir(f"{servidor_url}/api/sesiones", "POST", {"usuario": "nadie.demo", "contrasena": "otra"})
    assert malo[0] == nadie[0] == 401 and json.loads(malo[2]) == json.loads(nadie[2])


def test_sin_token_token_alterado_y_grupo_equivocado(servidor_url):
    url = f"{servidor_url}/api/verificaciones"
    assert pedir(url, "POST", MARIA)[0] == 401
    assert pedir(url, "POST", MARIA, {"Authorization": "Bearer basura"})[0] == 401
    token = sesion(servidor_url, "asesor.demo")["token"]
    cabecera, carga, firma = token.split(".")
    datos = json.loads(base64.urlsafe_b64decode(carga + "=" * (-len(carga) % 4)))
    datos["cognito:groups"] = ["supervisores"]
    alterada = base64.urlsafe_b64encode(json.dumps(datos).encode()).rstrip(b"=").decode()
    assert pedir(url, "POST", MARIA, con_token(f"{cabecera}.{alterada}.{firma}"))[0] == 401
    departamento = sesion(servidor_url, "facturacion.demo")["token"]
    estado, _, cuerpo = pedir(url, "POST", MARIA, con_token(departamento))
    assert estado == 403 and json.loads(cuerpo)["error"]["mensaje"]


def test_llamada_por_http(servidor_url):
    token = sesion(servidor_url, "asesor.demo")["token"]
    estado, _, cuerpo = pedir(f"{servidor_url}/api/verificaciones", "POST", MARIA, con_token(token))
    v = json.loads(cuerpo)
    assert estado == 200 and v["verificado"] is True
    estado, _, cuerpo = pedir(
        f"{servidor_url}/api/casos/asistidos",
        "POST",
        {
            "tipo": "aclaracion",
            "categoria": "facturacion",
            "descripcion": "No reconoce un cargo de 120 pesos.",
            "medio_notificacion": "correo",
            "canal": "tienda",
            "verificacion_id": v["verificacion_id"],
        },
        con_token(token),
    )
    assert estado == 201
    folio = json.loads(cuerpo)["folio"]
    estado, _, cuerpo = pedir(f"{servidor_url}/api/casos/{folio}", "GET", None, con_token(token))
    assert estado == 200 and json.loads(cuerpo)["caso"]["canal"] == "tienda"
    # Con su token real (el departamento viene en el claim de Cognito), facturación no ve un caso que no es suyo.
    ajeno = con_token(sesion(servidor_url, "facturacion.demo")["token"])
    estado, _, cuerpo = pedir(f"{servidor_url}/api/casos/{folio}", "GET", None, ajeno)
    assert estado == 403 and json.loads(cuerpo)["error"]["codigo"] == "sin_permiso"
    assert "maría" not in cuerpo.decode().lower() and folio not in cuerpo.decode()


def test_consola_se_sirve(servidor_url):
    import http.client
    from urllib.parse import urlsplit

    # Sin seguir la redirección (urllib la seguiría): /consola manda a /consola/ con un 301.
    partes = urlsplit(servidor_url)
    conexion = http.client.HTTPConnection(partes.hostname, partes.port, timeout=15)
    try:
        conexion.request("GET", "/consola")
        r = conexion.getresponse()
        r.read()
    finally:
        conexion.close()
    assert r.status == 301 and r.getheader("Location") == "/consola/"
    estado, cab, cuerpo = pedir(f"{servidor_url}/consola/")
    assert estado == 200 and cab["Content-Type"].startswith("text/html")


def test_token_vencido_con_firma_valida_es_401(servidor_url):
    """Se firma un token con la llave de moto, idéntico al real salvo `exp` en el pasado."""
    import gzip
    import time
    from pathlib import Path

    import moto.cognitoidp
    from joserfc import jwt
    from joserfc.jwk import KeySet

    token = sesion(servidor_url, "asesor.demo")["token"]
    privada = json.loads(
        gzip.decompress((Path(moto.cognitoidp.__file__).parent / "resources" / "jwks-private.json.gz").read_bytes())
    )
    llaves = KeySet.import_key_set({"keys": [privada]})
    claims = jwt.decode(token, llaves).claims
    url = f"{servidor_url}/api/verificaciones"
    vigente = jwt.encode({"kid": "dummy", "alg": "RS256"}, claims, llaves)
    assert pedir(url, "POST", MARIA, con_token(vigente))[0] == 200  # la réplica sí sirve
    vencido = jwt.encode({"kid": "dummy", "alg": "RS256"}, {**claims, "exp": int(time.time()) - 5}, llaves)
    assert pedir(url, "POST", MARIA, con_token(vencido))[0] == 401
    otra_audiencia = jwt.encode({"kid": "dummy", "alg": "RS256"}, {**claims, "aud": "otra-app"}, llaves)
    assert pedir(url, "POST", MARIA, con_token(otra_audiencia))[0] == 401


def test_el_reloj_local_vence_un_caso_y_el_barrido_lo_escala(servidor_url):
    from tests.integracion.test_servidor import unica
    from tests.util import esperar, obtener_json

    duda = unica(tipo="duda", categoria="facturacion")
    estado, _, cuerpo = pedir(f"{servidor_url}/api/casos", "POST", duda)
    folio = json.loads(cuerpo)["folio"]
    assert pedir(f"{servidor_url}/_local/reloj", "POST", {"avanzar_horas": 72})[0] == 200
    try:
        alerta = esperar(
            lambda: next(
                (
                    m
                    for m in obtener_json(f"{servidor_url}/_local/mensajes.json")
                    if m["tipo"] == "alerta"
                    and m["atributos"].get("folio", {}).get("Value") == folio
                    and "vencido" in m["asunto"]
                ),
                None,
            ),
            segundos=20,
        )
    finally:
        pedir(f"{servidor_url}/_local/reloj", "POST", {"avanzar_horas": -72})
    assert json.loads(alerta["atributos"]["departamento"]["Value"]) == ["supervisores"]
    token = sesion(servidor_url, "supervisor.demo")["token"]
    _, _, cuerpo = pedir(f"{servidor_url}/api/casos/{folio}", "GET", None, con_token(token))
    caso = json.loads(cuerpo)["caso"]
    assert caso["estado"] == "escalado" and caso["nivel"] == 2


def _historial(url: str, folio: str, token: str) -> list[dict]:
    estado, _, cuerpo = pedir(f"{url}/api/casos/{folio}", "GET", None, con_token(token))
    assert estado == 200
    return json.loads(cuerpo)["historial"]


def test_prueba_de_entrega_y_rebote_del_simulador_de_ses(servidor_url):
    """Los eventos de SES emulados llegan a notificaciones: entrega, y rebote con alerta para llamar."""
    from tests.integracion.test_servidor import unica
    from tests.util import esperar

    token = sesion(servidor_url, "supervisor.demo")["token"]
    folios = {}
    for nombre, correo in (("entrega", None), ("rebote", "bounce@simulator.amazonses.com")):
        cuerpo = unica(**({"correo": correo} if correo else {}))
        estado, _, r = pedir(f"{servidor_url}/api/casos", "POST", cuerpo)
        assert estado == 201, r
        folios[nombre] = json.loads(r)["folio"]

    entregado = esperar(
        lambda: [h for h in _historial(servidor_url, folios["entrega"], token) if h["tipo"] == "correo_entregado"]
    )
    assert len(entregado) == 1 and entregado[0]["datos"]["plantilla"] == "folio" and entregado[0]["datos"]["id_mensaje"]
    historial = esperar(
        lambda: (
            (h := _historial(servidor_url, folios["rebote"], token))
            and any(e["tipo"] == "notificacion_enviada" and e["datos"].get("plantilla") == "alerta" for e in h)
            and h
        )
    )
    tipos = [e["tipo"] for e in historial]
    assert "correo_entregado" not in tipos
    assert tipos.count("correo_rebotado") == 1 and tipos.count("alerta_correo_rebotado") == 1
