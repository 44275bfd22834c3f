"""`make humo` contra el servidor de `make run` (el mismo script que corre contra AWS), y cómo falla."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import boto3
import pytest
from moto import mock_aws

from infraestructura import humo
from infraestructura.local import alarmas, recursos
from tests.util import obtener_json

RAIZ = Path(__file__).resolve().parents[2]


def correr_humo(*argumentos: str) -> subprocess.CompletedProcess[str]:
    # Sin nada de AWS en el entorno: contra make run todo sale de /_local/aws.json.
    entorno = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    return subprocess.run(
        [sys.executable, "-m", "infraestructura.humo", *argumentos],
        cwd=RAIZ,
        env=entorno,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_humo_pasa_contra_make_run(servidor_url):
    r = correr_humo(servidor_url)
    assert r.returncode == 0, r.stdout + r.stderr
    for paso in ("catálogo", "alta con el simulador de SES", "seguimiento", "folio enviado", "alarma"):
        assert f"✓ {paso} (" in r.stdout, r.stdout
    assert "La prueba de humo pasó" in r.stdout
    # Sin datos personales en la salida (ni siquiera los de prueba).
    assert humo.CORREO_SIMULADOR not in r.stdout and humo.NOMBRE_PRUEBA not in r.stdout
    # La emulación publicó en el tema de operación el aviso de ALARM y el de OK, como CloudWatch.
    avisos = [
        json.loads(m["mensaje"])
        for m in obtener_json(f"{servidor_url}/_local/mensajes.json")
        if m["destino"].endswith(f":{recursos.TEMA_OPERACION}")
    ]
    estados = [a["NewStateValue"] for a in avisos if a["NewStateReason"] in (humo.MOTIVO_ALARMA, humo.MOTIVO_OK)]
    assert {"ALARM", "OK"} <= set(estados)


def _puerto_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_humo_falla_claro_si_la_url_no_responde():
    url = f"http://127.0.0.1:{_puerto_libre()}"
    r = correr_humo(url)
    assert r.returncode == 1
    assert "✗ catálogo" in r.stdout and f"{url} no responde" in r.stdout and "FALLÓ" in r.stdout
    assert "Traceback" not in r.stderr


def test_humo_sin_url_explica_como_llamarlo():
    r = correr_humo()
    assert r.returncode == 2 and "make humo URL=" in r.stdout


class _ApiRota(BaseHTTPRequestHandler):
    """Sirve el catálogo real y responde 500 al alta, como una pila con un defecto."""

    def log_message(self, *_: object) -> None:
        pass

    def _enviar(self, estado: int, cuerpo: object) -> None:
        datos = json.dumps(cuerpo).encode()
        self.send_response(estado)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(datos)))
        self.end_headers()
        self.wfile.write(datos)

    def do_GET(self) -> None:
        from funciones.nucleo.dominio.catalogo import catalogo_publico

        self._enviar(200, catalogo_publico()) if self.path == "/api/catalogo" else self._enviar(404, {})

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self._enviar(500, {"error": {"codigo": "interno", "mensaje": "Error interno.", "campos": []}})


@pytest.fixture
def api_rota():
    servidor = ThreadingHTTPServer(("127.0.0.1", 0), _ApiRota)
    hilo = threading.Thread(target=servidor.serve_forever, daemon=True)
    hilo.start()
    yield f"http://127.0.0.1:{servidor.server_address[1]}"
    servidor.shutdown()
    servidor.server_close()


def test_humo_se_detiene_en_el_primer_paso_que_falla(api_rota, capsys):
    assert humo.main([api_rota, "--espera", "1"]) == 1
    salida = capsys.readouterr().out
    assert "✓ catálogo" in salida
    assert "✗ alta con el simulador de SES" in salida and "respondió 500, se esperaba 201: interno" in salida
    assert "seguimiento" not in salida and "alarma" not in salida


# --- la emulación de las acciones de alarma ------------------------------------------------------------------


@pytest.fixture
def cloudwatch(monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "prueba")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "prueba")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    alarmas.aplicar()
    with mock_aws():
        yield boto3.client("cloudwatch"), recursos.crear_operacion()


def _acciones(cw) -> list[str]:
    items = cw.describe_alarm_history(AlarmName=recursos.ALARMA_PRUEBA, HistoryItemType="Action")["AlarmHistoryItems"]
    return [i["HistorySummary"] for i in items]


def test_la_emulacion_publica_en_el_tema_y_anota_la_accion(cloudwatch):
    cw, creados = cloudwatch
    cw.set_alarm_state(AlarmName=recursos.ALARMA_PRUEBA, StateValue="ALARM", StateReason="prueba")
    assert _acciones(cw) == [f"Successfully executed action {creados['tema_operacion']}"]
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.sns.models import sns_backends

    tema = sns_backends[DEFAULT_ACCOUNT_ID]["us-east-1"].topics[creados["tema_operacion"]]
    aviso = json.loads(tema.sent_notifications[-1][1])
    assert (aviso["AlarmName"], aviso["OldStateValue"], aviso["NewStateValue"]) == (
        recursos.ALARMA_PRUEBA,
        "OK",
        "ALARM",
    )
    # Sin cambio de estado no se ejecuta nada, como en CloudWatch.
    cw.set_alarm_state(AlarmName=recursos.ALARMA_PRUEBA, StateValue="ALARM", StateReason="otra vez")
    assert len(_acciones(cw)) == 1
    tipos = [
        i["HistoryItemType"] for i in cw.describe_alarm_history(AlarmName=recursos.ALARMA_PRUEBA)["AlarmHistoryItems"]
    ]
    assert tipos.count("StateUpdate") == 1


def test_la_emulacion_anota_el_fallo_si_el_tema_no_existe(cloudwatch):
    cw, creados = cloudwatch
    boto3.client("sns").delete_topic(TopicArn=creados["tema_operacion"])
    cw.set_alarm_state(AlarmName=recursos.ALARMA_PRUEBA, StateValue="ALARM", StateReason="prueba")
    (resumen,) = _acciones(cw)
    assert resumen.startswith(f"Failed to execute action {creados['tema_operacion']}")


def test_la_emulacion_no_ejecuta_acciones_desactivadas(cloudwatch):
    cw, _ = cloudwatch
    cw.disable_alarm_actions(AlarmNames=[recursos.ALARMA_PRUEBA])
    cw.set_alarm_state(AlarmName=recursos.ALARMA_PRUEBA, StateValue="ALARM", StateReason="prueba")
    assert _acciones(cw) == []
