"""Candado de origen: sin la cabecera de CloudFront la API responde 403 y no corre nada; dos valores en rotación."""

from __future__ import annotations

import json

import boto3
import pytest

from funciones.nucleo.adaptadores import secretos
from funciones.nucleo.frontera.candado import CABECERA_CANDADO, candado_abierto
from infraestructura.local.lambda_local import olvidar_configuracion
from infraestructura.rutas import RUTAS
from tests.eventos import evento
from tests.integracion.test_handlers import QUEJA


def _camino(ruta: str) -> str:
    return ruta.replace("{folio}", "1234-5678-9012").replace("{token}", "x")


def test_cada_ruta_sin_la_cabecera_da_403_en_espanol(aws):
    # Llamada directa a execute-api: sin cabecera (o con una inventada) ninguna función atiende. Una sola prueba
    # para todas las rutas (una emulación): el mensaje de la falla dice cuál.
    for ruta in RUTAS:
        agente = None if ruta.publica else ("supervisor.demo", "supervisores")
        for cabeceras in ({}, {CABECERA_CANDADO: "adivinanza"}):
            ev = evento(ruta.metodo, _camino(ruta.ruta), QUEJA if ruta.metodo == "POST" else None, agente=agente)
            ev["headers"].pop(CABECERA_CANDADO)
            ev["headers"].update(cabeceras)
            r = aws.invocar(ruta.funcion, ev)
            assert r["statusCode"] == 403, (ruta.metodo, ruta.ruta, cabeceras)
            error = json.loads(r["body"])["error"]
            assert error["codigo"] == "origen_no_permitido"
            assert "solicitudes directas" in error["mensaje"]
    assert aws.items() == []


def test_sin_la_cabecera_no_se_guarda_nada(aws):
    r = aws.invocar("alta", evento("POST", "/api/casos", QUEJA, sin_candado=True))
    assert r["statusCode"] == 403
    assert aws.items() == []
    # Con la cabecera (como la agrega CloudFront) la misma solicitud abre el caso.
    assert aws.invocar("alta", evento("POST", "/api/casos", QUEJA))["statusCode"] == 201


def test_el_secreto_acepta_actual_y_anterior_y_se_relee(aws, monkeypatch):
    sm = boto3.client("secretsmanager")
    arn = sm.create_secret(Name="candado", SecretString=json.dumps({"actual": "nuevo-1", "anterior": "viejo-0"}))["ARN"]
    monkeypatch.delenv("CANDADO_ORIGEN")
    monkeypatch.setenv("CANDADO_ORIGEN_SECRETO", arn)
    olvidar_configuracion()
    secretos.olvidar_candado()
    try:
        assert secretos.valores_candado(ahora=0) == ("nuevo-1", "viejo-0")
        for valor, estado in (("nuevo-1", 200), ("viejo-0", 200), ("otro", 403)):
            ev = evento("GET", "/api/catalogo", sin_candado=True)
            ev["headers"][CABECERA_CANDADO] = valor
            assert aws.invocar("catalogo", ev)["statusCode"] == estado, valor
        # Se rota: el valor de antes deja de servir cuando vence la copia en memoria, no antes.
        secretos.olvidar_candado()
        secretos.valores_candado(ahora=0)
        sm.put_secret_value(SecretId=arn, SecretString=json.dumps({"actual": "nuevo-2", "anterior": "nuevo-1"}))
        assert secretos.valores_candado(ahora=1) == ("nuevo-1", "viejo-0")
        assert secretos.valores_candado(ahora=secretos.VIGENCIA_CANDADO_S + 1) == ("nuevo-2", "nuevo-1")
    finally:
        secretos.olvidar_candado()


def test_sin_configuracion_el_candado_no_se_abre(aws, monkeypatch):
    monkeypatch.delenv("CANDADO_ORIGEN")
    olvidar_configuracion()
    r = aws.invocar("catalogo", evento("GET", "/api/catalogo", cabeceras={CABECERA_CANDADO: ""}))
    assert r["statusCode"] == 403


@pytest.mark.parametrize(
    ("recibido", "aceptados", "abierto"),
    [
        ("a" * 43, ("a" * 43,), True),
        ("b", ("a", "b"), True),
        ("", ("",), False),
        (None, ("a",), False),
        ("a", (), False),
        ("a" * 42, ("a" * 43,), False),
    ],
)
def test_comparacion_del_candado(recibido, aceptados, abierto):
    assert candado_abierto(recibido, aceptados) is abierto
