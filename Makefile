# Blue Point · Atención al Usuario Final
# `make run` y `make test` instalan lo que necesitan (uv + uv.lock) en una clonación nueva.

SHELL := /bin/bash
UV_VERSION := 0.13.9
UV := .herramientas/bin/uv
PY := .venv/bin/python
PUERTO ?= 8000
export JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION := 1

.PHONY: run test instalar navegador openapi lint synth checkov limpiar fuzz importar bench mutacion

run: instalar ## Sirve sitio, consola y API en http://127.0.0.1:$(PUERTO) con AWS emulado
	PUERTO=$(PUERTO) $(PY) -m infraestructura.local

test: instalar navegador ## Corre todas las pruebas
	$(PY) -m pytest -n 2 --dist loadgroup

instalar: .venv/.instalado

$(UV):
	python3 -m venv .herramientas
	.herramientas/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

.venv/.instalado: pyproject.toml uv.lock | $(UV)
	$(UV) sync --locked --quiet
	touch $@

navegador: ## Chromium de Debian para las pruebas de navegador
	@bash scripts/instalar-chromium.sh

fuzz: instalar ## schemathesis largo contra el servidor local (FUZZ_EJEMPLOS=200 por operación)
	FUZZ_EJEMPLOS=$${FUZZ_EJEMPLOS:-200} $(PY) -m pytest tests/integracion/test_fuzz.py -p no:cacheprovider

openapi: instalar ## Regenera funciones/documentacion/openapi.json desde la tabla de rutas
	$(PY) -m infraestructura.openapi

lint: instalar
	.venv/bin/ruff check .

synth: instalar ## Sintetiza la pila con el CLI de CDK (sin conexión a AWS)
	npm ci --no-audit --no-fund --silent
	npx cdk synth --quiet

checkov: synth ## checkov sobre la plantilla (omisiones justificadas en infraestructura/checkov.py)
	$(PY) -m infraestructura.checkov cdk.out/BluePointAtencion.template.json

limpiar:
	rm -rf .venv .herramientas cdk.out node_modules .pytest_cache .hypothesis

importar: instalar ## Carga clientes desde un CSV: make importar ARCHIVO=clientes.csv (usa TABLA y PIMIENTA o PIMIENTA_SECRETO del entorno)
	$(PY) -m infraestructura.local.importar "$(ARCHIVO)"

bench: instalar ## Mide arranque en frío, llamadas a AWS, sobrecarga en caliente, carga local y paquetes (bench/resultados.json)
	$(PY) -m bench

mutacion: instalar ## mutmut sobre las reglas de dominio; falla si mueren menos del 90 % de los mutantes (minutos)
	$(PY) scripts/mutacion.py --procesos $${PROCESOS:-2}
