# Blue Point · Atención al Usuario Final
# `make run` y `make test` instalan lo que necesitan (uv + uv.lock) en una clonación nueva.

SHELL := /bin/bash
UV_VERSION := 0.13.9
UV := .herramientas/bin/uv
PY := .venv/bin/python
PUERTO ?= 8000
# La versión del runtime de Lambda (infraestructura/constructos/funciones.py): las pruebas corren con ella.
PYTHON_LAMBDA_VERSION := 3.12
export JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION := 1

.PHONY: run test instalar navegador openapi lint synth checkov limpiar fuzz importar bench agente mutacion

run: instalar ## Sirve sitio, consola y API en http://127.0.0.1:$(PUERTO) con AWS emulado
	PUERTO=$(PUERTO) $(PY) -m infraestructura.local

# Primero los tipos (segundos con la caché de mypy): un error de tipos se ve antes de los minutos de pruebas.
# Las pruebas corren bajo coverage (también sus subprocesos: trabajadores de xdist y el servidor local) y
# la corrida falla si funciones/ y esquemas/ quedan debajo del piso (`fail_under` en pyproject.toml).
test: instalar navegador ## Corre mypy, todas las pruebas y la cobertura
	@bash scripts/instalar-spamassassin.sh
	@bash scripts/instalar-validador.sh
	$(PY) -m mypy
	@rm -f .coverage .coverage.*
	$(PY) -m coverage run -m pytest -n 2 --dist loadgroup
	@$(PY) -m coverage combine --quiet
	@$(PY) -m coverage report > .cobertura.txt || { cat .cobertura.txt; exit 1; }
	@echo "Cobertura de funciones/ y esquemas/: $$($(PY) -m coverage report --format=total) % (piso en pyproject.toml; detalle en .cobertura.txt)"

instalar: .venv/.instalado

$(UV):
	python3 -m venv .herramientas
	.herramientas/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

# Un .venv de otra versión de Python (p. ej. el 3.11 de una clonación vieja) se rehace.
ifneq ($(shell $(PY) -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null),$(PYTHON_LAMBDA_VERSION))
.PHONY: .venv/.instalado
endif

.venv/.instalado: pyproject.toml uv.lock scripts/python-lambda.sh | $(UV)
	@python=$$(UV=$(UV) bash scripts/python-lambda.sh $(PYTHON_LAMBDA_VERSION)) || exit 1; \
	if [ -e .venv ] && ! $(PY) -c 'import sys; sys.exit("%d.%d" % sys.version_info[:2] != "$(PYTHON_LAMBDA_VERSION)")' 2>/dev/null; then \
		echo "· .venv no es de Python $(PYTHON_LAMBDA_VERSION): se rehace con $$python"; rm -rf .venv; \
	fi; \
	$(UV) sync --locked --quiet --python "$$python"
	@touch $@

navegador: ## Chromium de Debian para las pruebas de navegador
	@bash scripts/instalar-chromium.sh

fuzz: instalar ## schemathesis largo contra el servidor local (FUZZ_EJEMPLOS=200 por operación)
	FUZZ_EJEMPLOS=$${FUZZ_EJEMPLOS:-200} $(PY) -m pytest tests/integracion/test_fuzz.py -p no:cacheprovider

openapi: instalar ## Regenera funciones/documentacion/openapi.json desde la tabla de rutas
	$(PY) -m infraestructura.openapi

lint: instalar ## ruff (reglas y formato) y mypy
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	$(PY) -m mypy

synth: instalar ## Sintetiza la pila con el CLI de CDK (sin conexión a AWS)
	npm ci --no-audit --no-fund --silent
	npx cdk synth --quiet

checkov: synth ## checkov sobre la plantilla (omisiones justificadas en infraestructura/checkov.py)
	$(PY) -m infraestructura.checkov cdk.out/BluePointAtencion.template.json cdk.out/BluePointBorde.template.json

limpiar:
	rm -rf .venv .herramientas cdk.out .capas node_modules .pytest_cache .hypothesis .mypy_cache .ruff_cache .coverage .coverage.* .cobertura.txt

importar: instalar ## Carga clientes desde un CSV: make importar ARCHIVO=clientes.csv (usa TABLA y PIMIENTA o PIMIENTA_SECRETO del entorno)
	$(PY) -m infraestructura.local.importar "$(ARCHIVO)"

bench: instalar ## Mide arranque en frío, llamadas a AWS, sobrecarga en caliente, carga local y paquetes (bench/resultados.json)
	$(PY) -m bench

# Despliegue en AWS (docs/operacion.md).
.PHONY: app-cdk deploy revisar-aws humo agente rotar-origen plantillas-whatsapp

app-cdk: instalar ## Lo que corre CDK (cdk.json "app"): instala si hace falta y sintetiza la app
	@$(PY) -m infraestructura.app

deploy: instalar ## Despliega en AWS: revisa la cuenta, arranca CDK si hace falta, despliega e imprime las salidas (CONTEXTO='-c clave=valor …')
	npm ci --no-audit --no-fund --silent
	$(PY) -m infraestructura.desplegar

revisar-aws: instalar ## Sólo las revisiones de make deploy (región, credenciales, cuota, SES, bootstrap), sin desplegar
	npm ci --no-audit --no-fund --silent
	$(PY) -m infraestructura.desplegar --solo-revisar

humo: instalar ## Prueba de humo contra una pila desplegada o make run: make humo URL=https://…
	$(PY) -m infraestructura.humo "$(URL)"

plantillas-whatsapp: instalar ## Crea en la cuenta de WhatsApp ligada las plantillas de esquemas/whatsapp/: make plantillas-whatsapp WABA=waba-…
	$(PY) -m infraestructura.plantillas_whatsapp --waba "$(WABA)"

rotar-origen: instalar ## Rota sin caída el candado de origen (cabecera secreta de CloudFront a la API); PILA=… (≈15 min)
	$(PY) -m infraestructura.rotar_origen

agente: instalar ## Da de alta un agente: make agente USUARIO=… GRUPO=… CORREO=… [DEPARTAMENTO=…] [NOMBRE=…]
	$(PY) -m infraestructura.agente --usuario "$(USUARIO)" --grupo "$(GRUPO)" --correo "$(CORREO)" \
		--departamento "$(DEPARTAMENTO)" --nombre "$(NOMBRE)"

mutacion: instalar ## mutmut sobre las reglas de dominio; falla si mueren menos del 90 % de los mutantes (minutos)
	$(PY) scripts/mutacion.py --procesos $${PROCESOS:-2}
