"""El documento OpenAPI servido es el que genera la tabla de rutas (make openapi lo mantiene al día) y es válido."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from openapi_spec_validator import validate
from openapi_spec_validator.readers import read_from_filename

from infraestructura import openapi
from infraestructura.rutas import RUTAS

RAIZ = Path(__file__).resolve().parents[2]


def operaciones(documento):
    for camino, metodos in documento["paths"].items():
        for metodo, operacion in metodos.items():
            yield camino, metodo, operacion


def test_openapi_al_dia():
    assert openapi.DESTINO.read_text(encoding="utf-8") == openapi.texto(), "corre `make openapi`"


def test_cada_respuesta_declarada_tiene_su_esquema():
    documento = openapi.generar()
    esquemas = documento["components"]["schemas"]
    for _, _, operacion in operaciones(documento):
        cuerpos = [operacion.get("requestBody", {"content": {}})]
        for respuesta in [*operacion["responses"].values(), *cuerpos]:
            for contenido in respuesta.get("content", {}).values():
                ref = contenido["schema"].get("$ref")
                assert ref is None or ref.rsplit("/", 1)[1] in esquemas


def test_el_archivo_servido_es_openapi_31_valido():
    # Los modelos de pydantic v2 son JSON Schema 2020-12 (`anyOf` con null): sólo caben en OpenAPI 3.1.
    documento, _ = read_from_filename(str(openapi.DESTINO))
    validate(documento)
    assert documento["openapi"] == "3.1.0"


def test_una_ruta_por_metodo_y_camino():
    pares = [(r.metodo, r.ruta) for r in RUTAS]
    assert len(pares) == len(set(pares))


def test_operation_id_unico_y_legible_para_cada_ruta():
    # Se deriva del método y la ruta: toda ruta nueva lo tiene sin escribirlo, y dos iguales chocarían aquí.
    ids = [openapi.operacion_id(r) for r in RUTAS]
    repetidos = sorted({i for i in ids if ids.count(i) > 1})
    assert repetidos == [], f"operationId repetidos: {repetidos}"
    for r, i in zip(RUTAS, ids, strict=True):
        assert re.fullmatch(r"(get|post|put|patch|delete)(_[a-z0-9]+)+", i), i
        assert i.startswith(r.metodo.lower() + "_")
    documento = openapi.generar()
    assert sorted(o["operationId"] for _, _, o in operaciones(documento)) == sorted(ids)


def test_operation_id_de_rutas_conocidas():
    por_ruta = {(r.metodo, r.ruta): openapi.operacion_id(r) for r in RUTAS}
    assert por_ruta["POST", "/api/casos/{folio}/escalamientos"] == "post_casos_folio_escalamientos"
    assert por_ruta["GET", "/api/casos/{folio}"] == "get_casos_folio"
    assert por_ruta["GET", "/api/openapi.json"] == "get_openapi_json"


def test_seguridad_declarada_en_cada_operacion():
    documento = openapi.generar()
    esquema = documento["components"]["securitySchemes"][openapi.ESQUEMA_SEGURIDAD]
    assert esquema["type"] == "http" and esquema["scheme"] == "bearer" and esquema["bearerFormat"] == "JWT"
    for r in RUTAS:
        operacion = documento["paths"][r.ruta][r.metodo.lower()]
        if r.publica:
            assert operacion["security"] == [], f"{r.metodo} {r.ruta} es pública: security: []"
            assert "401" not in operacion["responses"] or r.funcion == "sesiones"
        else:
            assert operacion["security"] == [{openapi.ESQUEMA_SEGURIDAD: []}], f"{r.metodo} {r.ruta}"
            assert {"401", "403"} <= set(operacion["responses"])


def test_mismo_origen_que_el_sitio_y_titulo_del_sitio():
    documento = openapi.generar()
    assert documento["servers"] == [{"url": "/", "description": documento["servers"][0]["description"]}]
    # Cada ruta ya empieza en /api: con el servidor "/" la dirección final es la del sitio.
    assert all(camino.startswith("/api/") for camino in documento["paths"])
    assert documento["info"]["title"] == "Blue Point · Atención al Cliente"
    assert "Atención al Cliente" in (RAIZ / "sitio" / "index.html").read_text(encoding="utf-8")
    assert "Usuario Final" not in openapi.texto()


def test_idempotency_key_y_sus_respuestas_en_el_alta_web():
    operacion = openapi.generar()["paths"]["/api/casos"]["post"]
    (clave,) = [p for p in operacion["parameters"] if p["name"] == "Idempotency-Key"]
    assert clave["in"] == "header" and not clave["required"]
    patron = re.compile(clave["schema"]["pattern"])
    assert patron.fullmatch("8f14e45f-ceea-4672") and not patron.fullmatch("corta")
    assert {"409", "422"} <= set(operacion["responses"])
    assert "Idempotent-Replayed" in operacion["responses"]["201"]["headers"]


@pytest.fixture(scope="session")
def redocly() -> list[str]:
    """El CLI de Redocly de package-lock.json; `npm ci` lo instala si falta o es otra versión (como `make synth`)."""
    if shutil.which("npm") is None:
        pytest.fail("falta Node con npm: `make test` lo necesita (ver README)")
    bloqueo = json.loads((RAIZ / "package-lock.json").read_text())
    esperada = bloqueo["packages"]["node_modules/@redocly/cli"]["version"]
    instalado = RAIZ / "node_modules" / "@redocly" / "cli" / "package.json"
    if not instalado.exists() or json.loads(instalado.read_text())["version"] != esperada:
        r = subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund"], cwd=RAIZ, capture_output=True, text=True, timeout=600
        )
        assert r.returncode == 0, f"npm ci falló:\n{r.stderr[-3000:]}"
    return ["npx", "--no", "redocly", "lint", "--config", "redocly.yaml", "--format", "json"]


def lint(orden: list[str], archivo: Path) -> tuple[dict, subprocess.CompletedProcess]:
    entorno = {**os.environ, "REDOCLY_TELEMETRY": "off", "REDOCLY_SUPPRESS_UPDATE_NOTICE": "true"}
    r = subprocess.run([*orden, str(archivo)], cwd=RAIZ, env=entorno, capture_output=True, text=True, timeout=300)
    assert r.stdout.strip(), r.stderr[-2000:]
    return json.loads(r.stdout), r


def test_redocly_lint_sin_errores_ni_avisos(redocly):
    informe, r = lint(redocly, openapi.DESTINO)
    problemas = [f"{p['ruleId']}: {p['message']}" for p in informe["problems"]]
    assert informe["totals"] == {"errors": 0, "warnings": 0, "ignored": 0}, problemas
    assert r.returncode == 0, r.stderr[-2000:]


def test_redocly_lint_si_encuentra_lo_que_arreglamos(redocly, tmp_path):
    # La misma configuración sobre un documento con los defectos de antes: el lint no es una formalidad.
    documento = openapi.generar()
    del documento["servers"]
    operacion = documento["paths"]["/api/catalogo"]["get"]
    del operacion["security"]
    operacion["operationId"] = documento["paths"]["/api/casos"]["post"]["operationId"]
    archivo = tmp_path / "openapi.json"
    archivo.write_text(json.dumps(documento, ensure_ascii=False), encoding="utf-8")
    informe, r = lint(redocly, archivo)
    reglas = {p["ruleId"] for p in informe["problems"]}
    assert {"no-empty-servers", "security-defined", "operation-operationId-unique"} <= reglas
    assert r.returncode != 0
