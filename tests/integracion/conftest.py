"""Handlers reales contra AWS emulado por moto (en proceso), con los mismos recursos que la pila."""

from __future__ import annotations

import importlib
import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws

from infraestructura.local import parches_moto, recursos
from infraestructura.local.flujo import SondeoFlujo
from infraestructura.local.lambda_local import olvidar_configuracion
from tests.contrato import comprobar_respuesta
from tests.eventos import CANDADO_PRUEBAS, contexto, evento


class Entorno:
    def __init__(self, arns: dict[str, str]) -> None:
        self.arns = arns
        self.dynamodb = boto3.client("dynamodb")
        self.flujo = SondeoFlujo(
            arns["flujo"], lambda ev: self.invocar("notificaciones", ev), arns["cola_fallidos"], espera_base_s=0
        )
        self.flujo.iniciar_sin_hilo()
        self.flujo_agregados = SondeoFlujo(
            arns["flujo"], lambda ev: self.invocar("agregados", ev), arns["cola_fallidos"], espera_base_s=0
        )
        self.flujo_agregados.iniciar_sin_hilo()

    def invocar(self, funcion: str, ev: dict[str, Any]) -> dict[str, Any]:
        return importlib.import_module(f"funciones.{funcion}.handler").handler(ev, contexto(funcion))

    def api(self, metodo: str, camino: str, cuerpo: Any = None, **kw: Any) -> tuple[int, Any, dict[str, str]]:
        from infraestructura.local.servidor import buscar_ruta

        ruta, _, _ = buscar_ruta(metodo, camino)
        assert ruta is not None, f"{metodo} {camino} no está en la tabla de rutas"
        r = self.invocar(ruta.funcion, evento(metodo, camino, cuerpo, **kw))
        cuerpo_r = r.get("body") or ""
        cabeceras = {
            **(r.get("headers") or {}),
            **{k: ", ".join(v) for k, v in (r.get("multiValueHeaders") or {}).items()},
        }
        tipo = cabeceras.get("Content-Type", "")
        comprobar_respuesta(ruta, r["statusCode"], tipo, cuerpo_r)
        return r["statusCode"], json.loads(cuerpo_r) if "json" in tipo else cuerpo_r, cabeceras

    def drenar(self) -> None:
        """Entrega al handler de notificaciones todo lo pendiente en el flujo."""
        while self.flujo.paso() | self.flujo_agregados.paso():
            pass

    def items(self) -> list[dict[str, Any]]:
        # Solo en pruebas: contar todo lo guardado exige recorrer la tabla.
        return self.dynamodb.scan(TableName=recursos.TABLA)["Items"]

    def correos(self) -> list[dict[str, Any]]:
        from infraestructura.local.buzones import correos

        return correos()


@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch) -> Iterator[Entorno]:
    for variable in ("AWS_ENDPOINT_URL", "AWS_PROFILE"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    # moto 5.2 no reconoce los endpoints por cuenta (123….streams-ddb…) que botocore usa para los flujos.
    monkeypatch.setenv("AWS_ACCOUNT_ID_ENDPOINT_MODE", "disabled")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "prueba")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "prueba")
    monkeypatch.setenv("TABLA", recursos.TABLA)
    monkeypatch.setenv("REMITENTE", f"atencion@{recursos.DOMINIO}")
    # Como el servidor local y la pila: cada correo de caso lleva su Reply-To firmado (respuestas+<token>@…).
    monkeypatch.setenv("DOMINIO_RESPUESTAS", recursos.DOMINIO)
    monkeypatch.setenv("BUCKET_CORREOS", "bluepoint-correos-local")
    monkeypatch.setenv("CONFIG_SES", recursos.CONFIG_SES)
    monkeypatch.setenv("URL_SITIO", "https://atencion.bluepoint.mx")
    monkeypatch.setenv("POWERTOOLS_TRACE_DISABLED", "true")
    monkeypatch.setenv("PIMIENTA", "5e" * 32)
    monkeypatch.setenv("BUCKET_ADJUNTOS", recursos.BUCKET_ADJUNTOS)
    monkeypatch.delenv("PIMIENTA_SECRETO", raising=False)
    # El candado de origen que agrega `evento` (tests/eventos.py), como CloudFront.
    monkeypatch.setenv("CANDADO_ORIGEN", CANDADO_PRUEBAS)
    monkeypatch.delenv("CANDADO_ORIGEN_SECRETO", raising=False)
    parches_moto.aplicar()
    with mock_aws():
        arns = recursos.crear_todo()
        monkeypatch.setenv("TEMA_ALERTAS", arns["tema_alertas"])
        # Los agentes de demostración en Cognito: la reasignación comprueba que el asesor exista.
        agentes = recursos.crear_agentes(boto3.client("cognito-idp"), "Demo-Clave-2026!")
        monkeypatch.setenv("COGNITO_POOL", agentes["cognito_pool"])
        arns["cognito_pool"] = agentes["cognito_pool"]
        olvidar_configuracion()
        yield Entorno(arns)
    olvidar_configuracion()


@pytest.fixture
def llamada(aws: Entorno) -> Entorno:
    """El entorno con el padrón de clientes de demostración cargado."""
    from pathlib import Path

    from funciones.nucleo.adaptadores.clientes_dynamo import RepositorioClientes
    from funciones.nucleo.adaptadores.secretos import pimienta
    from infraestructura.local.importar import importar

    importar(
        Path(__file__).resolve().parents[2] / "datos" / "clientes_demo.csv",
        RepositorioClientes(recursos.TABLA, aws.dynamodb),
        pimienta(),
    )
    return aws
