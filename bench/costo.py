"""La cuenta completa de la pila: cada cargo mensual, fijo y variable, a 500, 5,000 y 50,000 casos al día.

`python -m bench.costo` la calcula sobre el último bench/resultados.json (`--sintetizar` vuelve a leer la plantilla);
`make bench` la imprime como sección 6. Tres fuentes, cada una con su nombre:

- lo medido por el banco (`llamadas`): WRU, RRU y bytes de registro por operación;
- lo que dice la plantilla sintetizada (`inventario`): alarmas, llaves KMS, secretos, tableros, reglas del WAF,
  tipo de API y sus métricas detalladas, modo de trazas de cada función y regla de muestreo, plan de Cognito,
  clase y retención de cada grupo de registros. Así la cuenta sigue siendo verdad cuando la pila cambia;
- los supuestos de tráfico (`SUPUESTOS`), explicados en docs/capacidad.md.

Precio de lista público, us-east-1, sin capa gratuita (fuentes y fecha en docs/capacidad.md, sección 3).
"""

from __future__ import annotations

import ast
import copy
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench.comun import PY, RAIZ

FECHA_PRECIOS = "2026-12-04"
# Metas de la issue 13.
OBJETIVO_MENSUAL_USD = 40.0  # todo incluido a 5,000 casos al día, mensajes aparte
OBJETIVO_VARIABLE_USD = 60.0  # por millón de casos, el mismo alcance que los 92.1 de antes
CASOS_META = 5000
ESCENARIOS = (500, 5000, 50000)
DIAS_MES = 30

PRECIOS: dict[str, float] = {
    # API Gateway, por millón de solicitudes.
    "api_rest": 3.50,
    "api_http": 1.00,
    # Lambda arm64.
    "lambda_invocacion": 0.20,  # por millón
    "lambda_gb_s": 0.0000133334,
    # DynamoDB bajo demanda.
    "wru": 0.625,  # por millón
    "rru": 0.125,
    "dynamodb_gb_mes": 0.25,
    "pitr_gb_mes": 0.20,
    # CloudWatch.
    "registros_gb": 0.50,  # ingesta, clase estándar
    "registros_gb_ia": 0.25,  # ingesta, clase de acceso poco frecuente
    "registros_gb_mes": 0.03,
    "metrica_mes": 0.30,  # métrica personalizada (también las detalladas de API Gateway)
    "alarma_mes": 0.10,  # alarma de resolución estándar, por métrica
    "tablero_mes": 3.00,
    # X-Ray: por millón de trazas registradas.
    "xray_traza": 5.00,
    # WAF.
    "waf_acl_mes": 5.00,
    "waf_regla_mes": 1.00,
    "waf_solicitud": 0.60,  # por millón
    # CloudFront (Norteamérica).
    "cloudfront_solicitud": 1.00,  # por millón de solicitudes HTTPS (0.0100 por 10,000)
    "cloudfront_gb": 0.085,
    "cloudfront_funcion": 0.10,  # por millón de invocaciones de CloudFront Functions
    # KMS y Secrets Manager.
    "kms_llave_mes": 1.00,
    "kms_solicitud": 3.00,  # por millón (0.03 por 10,000)
    "secreto_mes": 0.40,
    "secreto_llamada": 5.00,  # por millón (0.05 por 10,000)
    # Cognito, por usuario activo al mes según el plan del grupo de usuarios.
    "cognito_lite": 0.0055,
    "cognito_essentials": 0.015,
    "cognito_plus": 0.02,
    # Mensajería e invocaciones programadas.
    "sns_publish": 0.50,  # por millón
    "sns_correo": 20.00,  # por millón de entregas a correo (2.00 por 100,000)
    "scheduler": 1.00,  # por millón de invocaciones programadas
    "ses_correo": 100.00,  # por millón (0.10 por 1,000)
    "sqs_solicitud": 0.40,  # por millón
}

# Ruta común: alta web con correo y clave de idempotencia, resuelta por un asesor, confirmada desde el correo.
SUPUESTOS: dict[str, Any] = {
    "solicitudes": {
        "alta": 1,
        "seguimiento": 1,
        "comprobante": 0.2,
        "confirmacion_pagina": 1,
        "confirmacion": 1,
        "encuesta": 0.4,
        "cola": 2,
        "detalle": 2,
        "interaccion": 1,
        "resolucion": 1,
        "escalamiento": 0.1,
    },
    # folio 1, conclusión 1, encuesta 0.9 (la que cierra), escalamiento 0.1.
    "avisos": 3.0,
    "alertas_del_reloj": 0.5,  # = umbrales cruzados por caso
    "eventos_ses": 3,  # entrega de folio, conclusión y encuesta
    "encuestas_programadas": 0.9,
    "encuestas_respondidas": 0.3,
    "wru_encuesta_respondida": 5.3,  # no medida: encuesta + evento en una transacción
    "wru_evento_ses": 1,  # PutItem condicional de ~0.4 KB
    "rru_pagina_confirmacion": 0.5,  # GetItem
    "eventos_que_cuentan": 4.3,  # registro, en proceso, resuelto, cerrado y parte de reabiertos y encuestas
    "casos_por_dia": 5000,
    "segundos_de_servicio_al_dia": 10 * 3600,
    "ventana_lote_agregados_s": 60,
    "barridos_al_dia": 288,
    "ms_facturados": 60,
    "memoria_gb": 0.25,
    "fraccion_en_frio": 0.05,
    "init_s": 1.0,
    "ms_query_barrido": 15,
    "ms_umbral_barrido": 25,
    "memoria_barrido_gb": 0.5,
    "bytes_acceso_api": 330,
    "bytes_plataforma_por_invocacion": 0,  # START/END/REPORT apagadas (nivel de sistema WARN)
    # Lo que no es de la API y pasa por CloudFront, por caso: el formulario (HTML, hoja de estilos, 2 scripts,
    # ícono), la página de seguimiento y su script, y la hoja de estilos de las páginas de confirmación y encuesta.
    # La consola la carga cada agente al entrar, no por caso. Y los KB que salen de CloudFront por caso, comprimidos:
    # ~24 del formulario, ~6 del seguimiento, ~8 de páginas de confirmación y encuesta, ~20 de respuestas JSON,
    # ~40 de la cola y el detalle de los agentes; redondeado hacia arriba.
    "solicitudes_paginas": 8,
    "kb_cloudfront_por_caso": 120,
    # Secretos leídos por arranque en frío (cada contenedor lee una vez): la pimienta en 5 funciones y, con el
    # candado de origen, la cabecera en las de la API; en promedio ~1 por arranque.
    "secretos_por_arranque": 1.0,
    # Fijos que no dice la plantilla.
    "agentes_activos": 100,
    "solicitudes_kms_mes": 30000,  # llaves de datos de DynamoDB, SNS y Secrets Manager, renovadas cada ~5 min
    "meses_guardados": 12,  # casos guardados: un año de operación
    "kb_guardados_por_caso": 6.4,  # caso, ~9 eventos, marcas, encuesta y 100 B de sobrecarga por item
    "dias_abierto": 1.5,
    "kb_caso_abierto_indices": 0.65,  # el caso en cada índice disperso (proyección completa)
    # Por ejecución de alarma o de la cola de fallos no hay cobro: colas vacías salvo incidentes.
}

# Teléfono (Amazon Connect, sólo con -c connect_instancia): aparte de las metas, como los mensajes. Servicio de voz
# por minuto (docs/capacidad.md, «Teléfono»); la telefonía de México (número por día y minuto entrante) no tiene
# precio verificado: None la deja fuera de la cuenta y la salida lo dice.
PRECIOS_TELEFONO: dict[str, float | None] = {
    "connect_voz_minuto": 0.038,
    "mx_did_dia": None,
    "mx_did_minuto": None,
    "mx_gratuito_dia": None,
    "mx_gratuito_minuto": None,
}
SUPUESTOS_TELEFONO: dict[str, float] = {
    "llamadas_por_caso": 0.2,  # uno de cada cinco casos se sigue por teléfono una vez
    "minutos_ivr": 1.5,  # saludo, menú, folio y respuesta
    "fraccion_a_asesor": 0.3,  # de esas llamadas, las que piden asesor
    "minutos_con_asesor": 6.0,  # espera en la cola y plática (Connect cobra cada minuto del contacto)
    "numeros": 2,  # los dos teléfonos del catálogo
    "invocaciones_por_llamada": 1.3,  # la consulta del folio y, desde un número ajeno, la del contrato
}

# Qué función atiende cada solicitud (para el muestreo fijo de Lambda, que es por función).
FUNCION_DE: dict[str, str] = {
    "alta": "alta",
    "seguimiento": "seguimiento",
    "comprobante": "comprobantes",
    "confirmacion_pagina": "confirmaciones",
    "confirmacion": "confirmaciones",
    "encuesta": "encuestas",
    "cola": "gestion",
    "detalle": "gestion",
    "interaccion": "gestion",
    "resolucion": "gestion",
    "escalamiento": "escalamiento",
}
# Lambda sin rastro de arriba: 1 por segundo y 5 % del resto, por función, sin configuración posible.
MUESTREO_LAMBDA = {"reservorio_s": 1.0, "tasa": 0.05}
# La regla predeterminada de X-Ray (la que usan las entradas que leen reglas si nadie declara otra).
MUESTREO_PREDETERMINADO = {"reservorio_s": 1.0, "tasa": 0.05}
# Métricas detalladas por método (REST) o por ruta (HTTP API), que se cobran como personalizadas.
METRICAS_POR_METODO_REST = 5  # Count, 4XXError, 5XXError, Latency, IntegrationLatency
METRICAS_POR_RUTA_HTTP = 6  # Count, 4xx, 5xx, Latency, IntegrationLatency, DataProcessed
# Reglas del WAF de CloudFront en el diseño de la rama `borde` cuando la plantilla aún no lo trae: las 7 de su
# WebACL (pila BluePointBorde, commit 47f7442): límites por IP del visitante (sesiones, POST públicos, general),
# tope de cuerpo propio y los grupos administrados con sus excepciones.
REGLAS_WAF_BORDE = 7

# Solicitudes cuyas lecturas medidas se cobran una vez por solicitud (la cola y el barrido van aparte).
_LEEN = ("seguimiento", "comprobante", "detalle", "interaccion", "resolucion", "confirmacion", "escalamiento")


# --- la plantilla --------------------------------------------------------------------------------------------


def _por_tipo(recursos: dict[str, Any], tipo: str) -> list[dict[str, Any]]:
    return [r.get("Properties", {}) for r in recursos.values() if r.get("Type") == tipo]


def metricas_propias_en_codigo() -> list[str]:
    """Métricas personalizadas que publican las funciones (`add_metric(name=...)` de Powertools)."""
    nombres: set[str] = set()
    for archivo in sorted((RAIZ / "funciones").rglob("*.py")):
        for nodo in ast.walk(ast.parse(archivo.read_text(encoding="utf-8"))):
            if isinstance(nodo, ast.Call) and isinstance(nodo.func, ast.Attribute) and nodo.func.attr == "add_metric":
                nombre = next((k.value for k in nodo.keywords if k.arg == "name"), None)
                texto = nombre.value if isinstance(nombre, ast.Constant) else f"{archivo.name}:{nodo.lineno}"
                nombres.add(str(texto))
    return sorted(nombres)


def inventario(plantillas: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Lo que cobra por existir (y cómo se cobra lo variable), contado en las plantillas de todas las pilas."""
    recursos: dict[str, Any] = {}
    for nombre, plantilla in plantillas.items():
        recursos.update({f"{nombre}/{k}": v for k, v in plantilla.get("Resources", {}).items()})

    alarmas = _por_tipo(recursos, "AWS::CloudWatch::Alarm")
    # Una alarma de expresión cobra por cada métrica que lee.
    metricas_en_alarmas = sum(
        max(1, sum(1 for m in a.get("Metrics", []) if "MetricStat" in m)) if a.get("Metrics") else 1 for a in alarmas
    )
    rest = _por_tipo(recursos, "AWS::ApiGateway::RestApi")
    http = [a for a in _por_tipo(recursos, "AWS::ApiGatewayV2::Api") if a.get("ProtocolType") == "HTTP"]
    metricas_detalladas = 0
    trazas_api = False
    if rest:
        metodos = len(_por_tipo(recursos, "AWS::ApiGateway::Method"))
        for etapa in _por_tipo(recursos, "AWS::ApiGateway::Stage"):
            ajustes = etapa.get("MethodSettings", [])
            if any(s.get("MetricsEnabled") and s.get("ResourcePath") == "/*" for s in ajustes):
                metricas_detalladas += metodos * METRICAS_POR_METODO_REST
            trazas_api = trazas_api or bool(etapa.get("TracingEnabled"))
    if http:
        rutas = len(_por_tipo(recursos, "AWS::ApiGatewayV2::Route"))
        for etapa in _por_tipo(recursos, "AWS::ApiGatewayV2::Stage"):
            if etapa.get("DefaultRouteSettings", {}).get("DetailedMetricsEnabled"):
                metricas_detalladas += rutas * METRICAS_POR_RUTA_HTTP
            else:
                rutas_con = [r for r in etapa.get("RouteSettings", {}).values() if r.get("DetailedMetricsEnabled")]
                metricas_detalladas += len(rutas_con) * METRICAS_POR_RUTA_HTTP
    acls = [
        {"alcance": a.get("Scope"), "reglas": len(a.get("Rules", [])), "nombre": a.get("Name", "")}
        for a in _por_tipo(recursos, "AWS::WAFv2::WebACL")
    ]
    muestreo = [
        {
            "reservorio_s": float(r["SamplingRule"].get("ReservoirSize", 0)),
            "tasa": float(r["SamplingRule"].get("FixedRate", 0)),
            "prioridad": r["SamplingRule"].get("Priority"),
            "nombre": r["SamplingRule"].get("RuleName"),
        }
        for r in _por_tipo(recursos, "AWS::XRay::SamplingRule")
        if "SamplingRule" in r
    ]
    funciones = _por_tipo(recursos, "AWS::Lambda::Function")
    modos = [f.get("TracingConfig", {}).get("Mode", "PassThrough") for f in funciones if "TracingConfig" in f]
    grupos = _por_tipo(recursos, "AWS::Logs::LogGroup")
    pools = _por_tipo(recursos, "AWS::Cognito::UserPool")
    distribuciones = [d.get("DistributionConfig", {}) for d in _por_tipo(recursos, "AWS::CloudFront::Distribution")]
    funcion_en_paginas = any(d.get("DefaultCacheBehavior", {}).get("FunctionAssociations") for d in distribuciones)
    tablas = _por_tipo(recursos, "AWS::DynamoDB::Table")
    propias = metricas_propias_en_codigo()
    return {
        "pilas": sorted(plantillas),
        "alarmas": len(alarmas),
        "metricas_en_alarmas": metricas_en_alarmas,
        "tableros": len(_por_tipo(recursos, "AWS::CloudWatch::Dashboard")),
        "llaves_kms": len(_por_tipo(recursos, "AWS::KMS::Key")),
        "secretos": len(_por_tipo(recursos, "AWS::SecretsManager::Secret")),
        "api": "http" if http else "rest" if rest else "ninguna",
        "trazas_api": trazas_api,
        "metricas_detalladas": metricas_detalladas,
        "metricas_propias": len(propias) + len(_por_tipo(recursos, "AWS::Logs::MetricFilter")),
        "waf": acls,
        "muestreo": muestreo,
        "funciones": len(funciones),
        "funciones_trazas_activas": sum(1 for m in modos if m == "Active"),
        "grupos_registros": [
            {"retencion_dias": g.get("RetentionInDays"), "clase": g.get("LogGroupClass", "STANDARD")} for g in grupos
        ],
        "cognito": [p.get("UserPoolTier", "ESSENTIALS") for p in pools],
        "cloudfront": len(distribuciones),
        "funcion_cloudfront_en_paginas": funcion_en_paginas,
        "pitr": any(t.get("PointInTimeRecoverySpecification", {}).get("PointInTimeRecoveryEnabled") for t in tablas),
        "indices": sum(len(t.get("GlobalSecondaryIndexes", [])) for t in tablas),
        "colas": len(_por_tipo(recursos, "AWS::SQS::Queue")),
        # Escaneo de adjuntos (issue 15): se cobra por GB y por objeto escaneado; no entra en la cuenta (precio sin
        # verificar, volumen de adjuntos sin medir) y la salida lo dice.
        "planes_malware_s3": len(_por_tipo(recursos, "AWS::GuardDuty::MalwareProtectionPlan")),
        "proyectado": False,
    }


def diseno_borde(inv: dict[str, Any]) -> dict[str, Any]:
    """El diseño de la rama `borde` (issue 13, puntos 1–3) sobre una plantilla que aún tiene la API REST.

    HTTP API sin métricas detalladas ni trazas en la etapa, el WAF de alcance CLOUDFRONT (pila de us-east-1) con
    sus reglas y un secreto más (el candado de origen). Si la plantilla ya es HTTP API, no cambia nada.
    """
    if inv["api"] != "rest":
        return inv
    otro = copy.deepcopy(inv)
    otro.update(api="http", trazas_api=False, metricas_detalladas=0, proyectado=True)
    otro["waf"] = [{"alcance": "CLOUDFRONT", "reglas": REGLAS_WAF_BORDE, "nombre": "borde (supuesto)"}]
    otro["secretos"] = inv["secretos"] + 1
    return otro


def sintetizar() -> dict[str, dict[str, Any]]:
    """Sintetiza la app (sin AWS, en un subproceso: jsii arranca node) y devuelve la plantilla de cada pila."""
    with tempfile.TemporaryDirectory(prefix="bench-costo-") as salida:
        codigo = (
            "from infraestructura.app import crear_app; "
            "crear_app({'@aws-cdk/core:failSynthOnValidationErrors': False}, outdir=__import__('sys').argv[1]).synth()"
        )
        entorno = {**os.environ, "JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION": "1"}
        subprocess.run(  # noqa: S603 -- argumentos fijos
            [PY, "-c", codigo, salida], cwd=RAIZ, env=entorno, check=True, capture_output=True, timeout=600
        )
        return {
            p.name.removesuffix(".template.json"): json.loads(p.read_text(encoding="utf-8"))
            for p in Path(salida).glob("*.template.json")
        }


# --- lo variable, por millón de casos ------------------------------------------------------------------------


def _wru_agregados(lotes: dict[str, Any], tamano: float) -> float:
    """WRU por evento en un lote de `tamano`: a + b/n ajustado a los lotes medidos de 10 y 100."""
    p10, p100 = lotes["10"]["wru_por_evento"], lotes["100"]["wru_por_evento"]
    b = (p10 - p100) / (1 / 10 - 1 / 100)
    return p100 - b / 100 + b / max(tamano, 1)


def _muestreadas(por_segundo: float, regla: dict[str, float]) -> float:
    """Fracción muestreada con un reservorio por segundo y una tasa fija para el resto."""
    if por_segundo <= 0:
        return 0.0
    dentro = min(por_segundo, regla["reservorio_s"])
    return (dentro + regla["tasa"] * (por_segundo - dentro)) / por_segundo


def trazas_por_caso(inv: dict[str, Any], s: dict[str, Any], invocaciones_fuera_api: float) -> float:
    """Trazas registradas por caso: una por solicitud o invocación muestreada (raíz de la traza).

    La API REST con trazas decide con la regla de muestreo de la plantilla (o la predeterminada) y la función la
    sigue. Sin esa decisión de arriba (HTTP API, flujo, SNS, Scheduler), una función en modo Active muestrea fijo
    (1 por segundo y 5 %, por función) y una en PassThrough no traza.
    """
    if not inv["funciones"]:
        return 0.0
    activas = inv["funciones_trazas_activas"] / inv["funciones"]
    segundos = s["segundos_de_servicio_al_dia"]
    por_funcion: dict[str, float] = {}
    for nombre, n in s["solicitudes"].items():
        por_funcion[FUNCION_DE.get(nombre, nombre)] = por_funcion.get(FUNCION_DE.get(nombre, nombre), 0) + n
    solicitudes = sum(s["solicitudes"].values())
    if inv["api"] == "rest" and inv["trazas_api"]:
        regla = min(inv["muestreo"], key=lambda r: r["prioridad"] or 0) if inv["muestreo"] else MUESTREO_PREDETERMINADO
        api = solicitudes * _muestreadas(solicitudes * s["casos_por_dia"] / segundos, regla)
    else:
        api = activas * sum(
            n * _muestreadas(n * s["casos_por_dia"] / segundos, MUESTREO_LAMBDA) for n in por_funcion.values()
        )
    # Flujo, eventos de SES, encuestas programadas y barrido: casi todo `notificaciones`, una función.
    fuera = (
        activas
        * invocaciones_fuera_api
        * _muestreadas(invocaciones_fuera_api * s["casos_por_dia"] / (24 * 3600), MUESTREO_LAMBDA)
    )
    return api + fuera


def variable(
    llamadas: dict[str, Any], inv: dict[str, Any], s: dict[str, Any] = SUPUESTOS, p: dict[str, float] = PRECIOS
) -> dict[str, Any]:
    """USD por millón de casos. `nucleo` es el alcance de la meta (API, Lambda, DynamoDB, registros, SNS,
    Scheduler: el de los 92.1 de antes); `borde` suma WAF, CloudFront, X-Ray, KMS y Secrets Manager."""
    ops = {o["operacion"]: o for o in llamadas["operaciones"]}
    avisos = llamadas["notificaciones"]
    ope = s["solicitudes"]
    wru_op = {n: ops[n]["wru"] + ops[n]["wru_indice"] for n in ops}
    aviso_wru = sum(a["wru"] + a["wru_indice"] for a in avisos) / len(avisos)
    aviso_bytes = sum(a["bytes_registro"] for a in avisos) / len(avisos)
    cruce = llamadas["barrido"]["con_umbrales"]
    umbral_wru = (cruce["wru"] + cruce["wru_indice"]) / cruce["actualizados"]
    umbral_rru = (cruce["rru"] - llamadas["barrido"]["rru"]) / cruce["actualizados"]
    barridos_por_caso = s["barridos_al_dia"] / s["casos_por_dia"]
    por_segundo = s["eventos_que_cuentan"] * s["casos_por_dia"] / s["segundos_de_servicio_al_dia"]
    lote = max(1.0, por_segundo * s["ventana_lote_agregados_s"])

    solicitudes = sum(ope.values())
    avisos_total = s["avisos"] + s["alertas_del_reloj"]
    fuera_api = avisos_total + s["eventos_ses"] + s["encuestas_programadas"] + s["eventos_que_cuentan"] / lote
    invocaciones = solicitudes + fuera_api + barridos_por_caso
    gb_s = invocaciones * (
        s["ms_facturados"] / 1000 * s["memoria_gb"] + s["fraccion_en_frio"] * s["init_s"] * s["memoria_gb"]
    )
    gb_s += s["memoria_barrido_gb"] * (
        barridos_por_caso * llamadas["barrido"]["queries"] * s["ms_query_barrido"] / 1000
        + s["alertas_del_reloj"] * s["ms_umbral_barrido"] / 1000
    )
    escrituras = {
        "alta": wru_op["alta_con_clave"],
        "interacción": wru_op["interaccion"] * ope["interaccion"],
        "resolución": wru_op["resolucion"] * ope["resolucion"],
        "confirmación": wru_op["confirmacion"] * ope["confirmacion"],
        "escalamiento": wru_op["escalamiento"] * ope["escalamiento"],
        # Reserva y devolución del intento de consulta (conteo antes de comparar).
        "seguimiento": wru_op["seguimiento"] * ope["seguimiento"],
        "avisos y alertas": aviso_wru * avisos_total,
        "umbrales cruzados": umbral_wru * s["alertas_del_reloj"],
        "agregados": _wru_agregados(llamadas["agregados_lotes"], lote) * s["eventos_que_cuentan"],
        "encuesta respondida": s["wru_encuesta_respondida"] * s["encuestas_respondidas"],
        "eventos de SES": s["wru_evento_ses"] * s["eventos_ses"],
    }
    lecturas = {
        "cola": llamadas["barrido"]["cola"]["rru"] * ope["cola"],
        "barrido": llamadas["barrido"]["rru"] * barridos_por_caso + umbral_rru * s["alertas_del_reloj"],
        "resto": sum(ops[n]["rru"] * ope[n] for n in _LEEN)
        + s["rru_pagina_confirmacion"] * ope["confirmacion_pagina"]
        + 0.5 * s["encuestas_programadas"],  # GetItem del evento al dispararse
    }
    bytes_api = s["bytes_acceso_api"] * solicitudes
    bytes_funciones = (
        s["bytes_plataforma_por_invocacion"] * invocaciones
        + ops["alta_con_clave"]["bytes_registro"]
        + ops["resolucion"]["bytes_registro"] * ope["resolucion"]
        + ops["escalamiento"]["bytes_registro"] * ope["escalamiento"]
        + aviso_bytes * (avisos_total + s["eventos_ses"])
    )
    # Las funciones escriben en sus grupos (la clase la dice la plantilla); el acceso de la API, en el suyo.
    clases = [g["clase"] for g in inv["grupos_registros"]]
    ia = clases.count("INFREQUENT_ACCESS") / len(clases) if clases else 0.0
    precio_funciones = ia * p["registros_gb_ia"] + (1 - ia) * p["registros_gb"]
    retencion = [g["retencion_dias"] or 3650 for g in inv["grupos_registros"]] or [30]
    meses_retenidos = sum(retencion) / len(retencion) / 30
    gb_registro = (bytes_api + bytes_funciones) * 1e6 / 1e9
    usd_registros = (
        bytes_api * 1e6 / 1e9 * p["registros_gb"]
        + bytes_funciones * 1e6 / 1e9 * precio_funciones
        + gb_registro * p["registros_gb_mes"] * meses_retenidos
    )
    publicaciones = s["alertas_del_reloj"] + ope["escalamiento"] + s["eventos_ses"]
    precio_api = p["api_http"] if inv["api"] == "http" else p["api_rest"]
    nombre_api = "API Gateway HTTP API" if inv["api"] == "http" else "API Gateway REST"

    wru, rru = sum(escrituras.values()), sum(lecturas.values())
    nucleo = [
        (nombre_api, f"{solicitudes:.1f} solicitudes × {precio_api:.2f}", solicitudes * precio_api),
        (
            "Lambda, invocaciones",
            f"{invocaciones:.1f} × {p['lambda_invocacion']:.2f}",
            invocaciones * p["lambda_invocacion"],
        ),
        ("Lambda, duración", f"{gb_s:.3f} GB-s × {p['lambda_gb_s'] * 1e6:.2f}", gb_s * p["lambda_gb_s"] * 1e6),
        ("DynamoDB, escrituras", f"{wru:.1f} WRU × {p['wru']}", wru * p["wru"]),
        ("DynamoDB, lecturas", f"{rru:.1f} RRU × {p['rru']}", rru * p["rru"]),
        ("DynamoDB, flujo", "lo leen Lambda: sin cobro", 0.0),
        (
            "CloudWatch Logs",
            f"{(bytes_api + bytes_funciones) / 1000:.1f} KB por caso → {gb_registro:.1f} GB",
            usd_registros,
        ),
        ("SNS (Publish)", f"{publicaciones:.2f} × {p['sns_publish']:.2f}", publicaciones * p["sns_publish"]),
        (
            "EventBridge Scheduler",
            f"{s['encuestas_programadas']} × {p['scheduler']:.2f}",
            s["encuestas_programadas"] * p["scheduler"],
        ),
    ]
    cloudfront = solicitudes + s["solicitudes_paginas"]
    # Un WAF de CloudFront inspecciona todo lo que entra al borde; uno regional, sólo lo que llega a la API.
    alcances = {a["alcance"] for a in inv["waf"]}
    waf_solicitudes = (cloudfront if "CLOUDFRONT" in alcances else 0) + (solicitudes if "REGIONAL" in alcances else 0)
    trazas = trazas_por_caso(inv, s, fuera_api + barridos_por_caso)
    # Cada arranque en frío lee sus secretos una vez (el contenedor los guarda).
    llamadas_secretos = invocaciones * s["fraccion_en_frio"] * s["secretos_por_arranque"] if inv["secretos"] else 0
    borde = [
        (
            "WAF, solicitudes",
            f"{waf_solicitudes:.1f} × {p['waf_solicitud']:.2f}",
            waf_solicitudes * p["waf_solicitud"],
        ),
        (
            "CloudFront, solicitudes",
            f"{cloudfront:.1f} × {p['cloudfront_solicitud']:.2f}",
            cloudfront * p["cloudfront_solicitud"],
        ),
        (
            "CloudFront, transferencia",
            f"{s['kb_cloudfront_por_caso']} KB × {p['cloudfront_gb']}",
            # KB por caso × un millón de casos = GB.
            s["kb_cloudfront_por_caso"] * p["cloudfront_gb"],
        ),
        (
            "CloudFront Functions",
            f"{s['solicitudes_paginas'] if inv['funcion_cloudfront_en_paginas'] else 0} × {p['cloudfront_funcion']}",
            (s["solicitudes_paginas"] if inv["funcion_cloudfront_en_paginas"] else 0) * p["cloudfront_funcion"],
        ),
        ("X-Ray, trazas", f"{trazas:.2f} × {p['xray_traza']:.2f}", trazas * p["xray_traza"]),
        (
            "Secrets Manager, llamadas",
            f"{llamadas_secretos:.2f} × {p['secreto_llamada']:.2f}",
            llamadas_secretos * p["secreto_llamada"],
        ),
    ]
    total_nucleo = sum(r[2] for r in nucleo)
    return {
        "nucleo": [{"rubro": n, "calculo": c, "usd": round(u, 2)} for n, c, u in nucleo],
        "borde": [{"rubro": n, "calculo": c, "usd": round(u, 2)} for n, c, u in borde],
        "total_nucleo_usd": round(total_nucleo, 1),
        "total_usd": round(total_nucleo + sum(r[2] for r in borde), 1),
        "solicitudes_api": solicitudes,
        "invocaciones": round(invocaciones, 2),
        "trazas_por_caso": round(trazas, 2),
        "wru_por_caso": {k: round(v, 2) for k, v in escrituras.items()},
        "rru_por_caso": {k: round(v, 2) for k, v in lecturas.items()},
        "lote_agregados": round(lote, 1),
    }


# --- el mes completo -----------------------------------------------------------------------------------------


def _con_volumen(s: dict[str, Any], casos_por_dia: int) -> dict[str, Any]:
    return {**s, "casos_por_dia": casos_por_dia}


def fijos(inv: dict[str, Any], s: dict[str, Any] = SUPUESTOS, p: dict[str, float] = PRECIOS) -> list[dict[str, Any]]:
    """Lo que cobra por existir, al mes, contado en la plantilla (más los agentes activos, que no están ahí)."""
    reglas = sum(a["reglas"] for a in inv["waf"])
    plan = (inv["cognito"] or ["ESSENTIALS"])[0].lower()
    filas = [
        ("WAF, ACL", f"{len(inv['waf'])} × {p['waf_acl_mes']:.2f}", len(inv["waf"]) * p["waf_acl_mes"]),
        ("WAF, reglas", f"{reglas} × {p['waf_regla_mes']:.2f}", reglas * p["waf_regla_mes"]),
        (
            "CloudWatch, métricas detalladas y propias",
            f"{inv['metricas_detalladas'] + inv['metricas_propias']} × {p['metrica_mes']:.2f}",
            (inv["metricas_detalladas"] + inv["metricas_propias"]) * p["metrica_mes"],
        ),
        (
            "CloudWatch, alarmas",
            f"{inv['metricas_en_alarmas']} × {p['alarma_mes']:.2f}",
            inv["metricas_en_alarmas"] * p["alarma_mes"],
        ),
        ("CloudWatch, tableros", f"{inv['tableros']} × {p['tablero_mes']:.2f}", inv["tableros"] * p["tablero_mes"]),
        ("KMS, llaves", f"{inv['llaves_kms']} × {p['kms_llave_mes']:.2f}", inv["llaves_kms"] * p["kms_llave_mes"]),
        (
            "KMS, solicitudes",
            f"~{s['solicitudes_kms_mes']:,} × {p['kms_solicitud']:.2f} por millón",
            s["solicitudes_kms_mes"] / 1e6 * p["kms_solicitud"],
        ),
        (
            "Secrets Manager, secretos",
            f"{inv['secretos']} × {p['secreto_mes']:.2f}",
            inv["secretos"] * p["secreto_mes"],
        ),
        (
            f"Cognito ({plan.capitalize()})",
            f"{s['agentes_activos']} agentes × {p['cognito_' + plan]}",
            s["agentes_activos"] * p["cognito_" + plan],
        ),
    ]
    return [{"rubro": n, "calculo": c, "usd": round(u, 2)} for n, c, u in filas]


def almacenamiento(inv: dict[str, Any], s: dict[str, Any], p: dict[str, float] = PRECIOS) -> list[dict[str, Any]]:
    """Lo guardado crece con los casos: la tabla tras `meses_guardados` meses, con PITR si la plantilla lo activa."""
    casos = s["casos_por_dia"] * DIAS_MES * s["meses_guardados"]
    gb = casos * s["kb_guardados_por_caso"] / 1e6
    gb += s["casos_por_dia"] * s["dias_abierto"] * s["kb_caso_abierto_indices"] * inv["indices"] / 1e6
    filas = [("DynamoDB, almacenamiento", f"{gb:.1f} GB × {p['dynamodb_gb_mes']}", gb * p["dynamodb_gb_mes"])]
    if inv["pitr"]:
        filas.append(("DynamoDB, PITR", f"{gb:.1f} GB × {p['pitr_gb_mes']}", gb * p["pitr_gb_mes"]))
    return [{"rubro": n, "calculo": c, "usd": round(u, 2)} for n, c, u in filas]


def mensajes(llamadas: dict[str, Any], s: dict[str, Any], p: dict[str, float] = PRECIOS) -> dict[str, Any]:
    """Correos, SMS y alertas por correo: aparte de la meta (dependen del medio que elige el cliente)."""
    casos = s["casos_por_dia"] * DIAS_MES
    correos = (s["avisos"]) * casos
    alertas = (s["alertas_del_reloj"] + s["solicitudes"]["escalamiento"]) * casos
    partes = {x["plantilla"]: x["partes"] for x in llamadas.get("sms", [])}
    return {
        "correos_mes": int(correos),
        "correos_usd": round(correos / 1e6 * p["ses_correo"], 2),
        "alertas_por_correo_usd": round(alertas / 1e6 * p["sns_correo"], 2),
        "partes_sms": partes,
    }


def telefono(
    casos_por_dia: int,
    s: dict[str, float] = SUPUESTOS_TELEFONO,
    p: dict[str, float | None] = PRECIOS_TELEFONO,
    p_lambda: dict[str, float] = PRECIOS,
) -> dict[str, Any]:
    """Amazon Connect al mes: minutos de servicio (con precio) y la telefonía de México (con precio si se verificó)."""
    llamadas = casos_por_dia * DIAS_MES * s["llamadas_por_caso"]
    minutos = llamadas * (s["minutos_ivr"] + s["fraccion_a_asesor"] * s["minutos_con_asesor"])
    voz = p["connect_voz_minuto"] or 0.0
    invocaciones = llamadas * s["invocaciones_por_llamada"]
    # La función ivr: 256 MB, ~60 ms facturados por consulta (como las de la API).
    lambda_usd = (
        invocaciones / 1e6 * p_lambda["lambda_invocacion"] + invocaciones * 0.06 * 0.25 * p_lambda["lambda_gb_s"]
    )
    sin_precio = [k for k, v in p.items() if v is None]

    def telefonia(dia: str, minuto: str) -> float | None:
        if p[dia] is None or p[minuto] is None:
            return None
        return round(s["numeros"] * DIAS_MES * (p[dia] or 0.0) + minutos * (p[minuto] or 0.0), 2)

    return {
        "llamadas_mes": int(llamadas),
        "minutos_mes": int(minutos),
        "servicio_voz_usd": round(minutos * voz, 2),
        "funcion_ivr_usd": round(lambda_usd, 2),
        # Con números de la ciudad (DID) o números 800 (gratuitos para quien llama).
        "telefonia_did_usd": telefonia("mx_did_dia", "mx_did_minuto"),
        "telefonia_gratuito_usd": telefonia("mx_gratuito_dia", "mx_gratuito_minuto"),
        "sin_precio": sin_precio,
    }


def mes(
    llamadas: dict[str, Any],
    inv: dict[str, Any],
    casos_por_dia: int,
    s: dict[str, Any] = SUPUESTOS,
    p: dict[str, float] = PRECIOS,
) -> dict[str, Any]:
    s = _con_volumen(s, casos_por_dia)
    v = variable(llamadas, inv, s, p)
    casos = casos_por_dia * DIAS_MES
    filas_variables = [{**r, "usd": round(r["usd"] * casos / 1e6, 2)} for r in v["nucleo"] + v["borde"]]
    filas_fijas = fijos(inv, s, p)
    filas_guardado = almacenamiento(inv, s, p)
    variable_usd = sum(r["usd"] for r in filas_variables)
    fijo_usd = sum(r["usd"] for r in filas_fijas) + sum(r["usd"] for r in filas_guardado)
    return {
        "casos_por_dia": casos_por_dia,
        "variable": filas_variables,
        "fijo": filas_fijas,
        "guardado": filas_guardado,
        "variable_usd": round(variable_usd, 1),
        "fijo_usd": round(fijo_usd, 1),
        "total_usd": round(variable_usd + fijo_usd, 1),
        "por_millon_usd": v,
        "mensajes": mensajes(llamadas, s, p),
        "telefono": telefono(casos_por_dia),
    }


def costo(
    llamadas: dict[str, Any], inv: dict[str, Any], s: dict[str, Any] = SUPUESTOS, p: dict[str, float] = PRECIOS
) -> dict[str, Any]:
    """La cuenta de la plantilla tal cual (`hoy`) y la del diseño de `borde` (la que cuentan las metas)."""
    borde = diseno_borde(inv)
    meses = {n: mes(llamadas, borde, n, s, p) for n in ESCENARIOS}
    hoy = mes(llamadas, inv, CASOS_META, s, p)
    meta = meses[CASOS_META]
    por_millon = meta["por_millon_usd"]
    return {
        "fecha_precios": FECHA_PRECIOS,
        "inventario": inv,
        "diseno": borde,
        "hoy": hoy,
        "meses": {str(n): m for n, m in meses.items()},
        "mensual_meta_usd": meta["total_usd"],
        "objetivo_mensual_usd": OBJETIVO_MENSUAL_USD,
        "cumple_mensual": meta["total_usd"] <= OBJETIVO_MENSUAL_USD,
        "variable_por_millon_usd": por_millon["total_nucleo_usd"],
        "variable_todo_por_millon_usd": por_millon["total_usd"],
        "objetivo_variable_usd": OBJETIVO_VARIABLE_USD,
        "cumple_variable": por_millon["total_nucleo_usd"] <= OBJETIVO_VARIABLE_USD,
    }


# --- salida --------------------------------------------------------------------------------------------------


def _filas(titulo: str, filas: list[dict[str, Any]], ancho: int) -> None:
    print(f"  {titulo}")
    for r in filas:
        print(f"    {r['rubro'].ljust(ancho)}  {r['calculo']:>44}  {r['usd']:8.2f}")


def imprimir(c: dict[str, Any]) -> None:
    d, hoy = c["diseno"], c["hoy"]
    origen = "proyección de la rama borde sobre la plantilla REST" if d["proyectado"] else "la plantilla sintetizada"
    print(f"\n6. Costo mensual completo (precios de lista del {c['fecha_precios']}; diseño: {origen})")
    meta = c["meses"][str(CASOS_META)]
    ancho = max(len(r["rubro"]) for r in meta["variable"] + meta["fijo"] + meta["guardado"])
    print(f"  a {CASOS_META:,} casos al día (USD al mes):")
    _filas("variable", meta["variable"], ancho)
    _filas("fijo (contado en la plantilla)", meta["fijo"], ancho)
    _filas("guardado (un año de casos)", meta["guardado"], ancho)
    objetivo = f"(objetivo ≤ {c['objetivo_mensual_usd']:.0f})"
    print(f"    {'Total'.ljust(ancho)}  {'':>44}  {meta['total_usd']:8.1f}  {objetivo}")
    print("  escenarios (fijo + variable = total, USD al mes, mensajes aparte):")
    for n, m in c["meses"].items():
        print(f"    {int(n):>6,} casos/día: {m['fijo_usd']:6.1f} + {m['variable_usd']:7.1f} = {m['total_usd']:7.1f}")
    print(
        f"  plantilla de hoy ({hoy['por_millon_usd']['nucleo'][0]['rubro']}): {hoy['total_usd']} USD al mes a "
        f"{CASOS_META:,} casos/día ({hoy['fijo_usd']} fijos)"
    )
    pm = meta["por_millon_usd"]
    print(
        f"  variable por millón de casos: {pm['total_nucleo_usd']} (API, Lambda, DynamoDB, registros, SNS, "
        f"Scheduler; objetivo ≤ {c['objetivo_variable_usd']:.0f}) · con WAF, CloudFront, X-Ray y secretos: "
        f"{pm['total_usd']} · trazas por caso {pm['trazas_por_caso']}"
    )
    if c["inventario"].get("planes_malware_s3"):
        print(
            f"  no contado: {c['inventario']['planes_malware_s3']} plan de GuardDuty Malware Protection for S3 "
            "(adjuntos, por GB y por objeto escaneado; precio sin verificar) y el almacenamiento de los adjuntos"
        )
    msj = meta["mensajes"]
    print(
        f"  mensajes aparte: {msj['correos_mes']:,} correos → {msj['correos_usd']} USD; alertas por correo "
        f"{msj['alertas_por_correo_usd']} USD; SMS en partes por plantilla: {msj['partes_sms']}"
    )
    print("  WRU por caso: " + ", ".join(f"{k} {v}" for k, v in pm["wru_por_caso"].items()))
    tel = meta["telefono"]
    did, gratuito = tel["telefonia_did_usd"], tel["telefonia_gratuito_usd"]
    telefonia = (
        "sin precio verificado" if did is None and gratuito is None else f"con DID {did} USD, con 800 {gratuito} USD"
    )
    print(
        f"  teléfono aparte (Amazon Connect, con -c connect_instancia): {tel['llamadas_mes']:,} llamadas, "
        f"{tel['minutos_mes']:,} min → servicio de voz {tel['servicio_voz_usd']} USD, función ivr "
        f"{tel['funcion_ivr_usd']} USD; telefonía de México {telefonia}"
    )


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    r = json.loads((RAIZ / "bench" / "resultados.json").read_text(encoding="utf-8"))
    inv = r.get("costo", {}).get("inventario")
    if inv is None or "--sintetizar" in argv:
        inv = inventario(sintetizar())
    imprimir(costo(r["llamadas"], inv))
    return 0


if __name__ == "__main__":
    sys.exit(main())
