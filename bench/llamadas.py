"""Llamadas a AWS por operación (conteos), con los handlers reales sobre moto y ganchos de botocore."""

from __future__ import annotations

import ast
import math
import os
from typing import Any
from urllib.parse import urlsplit

from bench.comun import RAIZ
from bench.emulacion import Emulacion, Operacion, sin_copia_de_tabla

# Una sola regla para el banco y las plantillas.
from funciones.nucleo.dominio.sms import partes_sms

ASESOR = ("asesor.demo", "asesores")
SUPERVISOR = ("supervisor.demo", "supervisores")
# Casos abiertos para el barrido (unas 4 páginas de 100); BENCH_CASOS_BARRIDO lo cambia.
CASOS_BARRIDO = int(os.environ.get("BENCH_CASOS_BARRIDO") or 400)
TAMANO_PAGINA_BARRIDO = 100
FRAGMENTOS = 10


def cuerpo_alta(i: int = 0, medio: str = "correo") -> dict[str, Any]:
    """Una queja del sitio web (con la versión vigente del aviso de privacidad, si el catálogo la declara)."""
    from funciones.nucleo.dominio.catalogo import catalogo

    cuerpo: dict[str, Any] = {
        "tipo": "queja",
        "categoria": "interrupcion",
        "nombre": "Ana López Hernández",
        "contrato": f"{12345678 + i}",
        "descripcion": "Sin internet desde ayer en la tarde; la velocidad es < 1 Mbps y hay cortes.",
        "medio_notificacion": medio,
    }
    if medio == "sms":
        cuerpo["telefono"] = "+52 55 1234 5678"
    else:
        cuerpo["correo"] = f"ana.lopez{i}@example.com"
    aviso = catalogo().get("aviso_privacidad")
    if isinstance(aviso, dict) and aviso.get("version"):
        cuerpo["aviso_privacidad"] = aviso["version"]
    return cuerpo


def folio_inexistente() -> str:
    from funciones.nucleo.dominio.folio import generar_folio

    return generar_folio()


def scans_en_codigo() -> list[str]:
    """Búsqueda estática: llamadas `.scan(` o `"Scan"` en el código de las funciones."""
    hallazgos = []
    for archivo in sorted((RAIZ / "funciones").rglob("*.py")):
        arbol = ast.parse(archivo.read_text(encoding="utf-8"))
        for nodo in ast.walk(arbol):
            es_llamada = (
                isinstance(nodo, ast.Call) and isinstance(nodo.func, ast.Attribute) and nodo.func.attr == "scan"
            )
            es_texto = isinstance(nodo, ast.Constant) and nodo.value == "Scan"
            if (es_llamada or es_texto) and isinstance(nodo, ast.expr):
                hallazgos.append(f"{archivo.relative_to(RAIZ)}:{nodo.lineno}")
    return hallazgos


def _fila(op: Operacion, **extra: Any) -> dict[str, Any]:
    return {"operacion": op.nombre, **op.resumen(), **extra}


def medir(e: Emulacion) -> tuple[dict[str, Any], dict[str, Any]]:
    """Devuelve (resultado para el informe, capturas para la sobrecarga en caliente)."""
    from infraestructura.local.buzones import entregados

    c = e.contador
    ops: dict[str, Operacion] = {}
    capturas: dict[str, Any] = {}

    def contar(nombre: str, funcion: Any) -> Any:
        with c.operacion(nombre, e.salida) as op:
            resultado = funcion()
        ops[nombre] = op
        return resultado

    # Alta pública: una transacción y nada más.
    estado, caso, _ = contar("alta", lambda: e.api("POST", "/api/casos", cuerpo_alta()))
    assert estado == 201, caso
    capturas["alta"] = {"folio": caso["folio"], "cuerpo": cuerpo_alta()}
    clave = {"Idempotency-Key": "banco-clave-0001"}
    estado, _, _ = contar("alta_con_clave", lambda: e.api("POST", "/api/casos", cuerpo_alta(1), cabeceras=clave))
    assert estado == 201
    estado, _, _ = contar("alta_repetida", lambda: e.api("POST", "/api/casos", cuerpo_alta(1), cabeceras=clave))
    assert estado == 201
    estado, caso_sms, _ = contar("alta_sms", lambda: e.api("POST", "/api/casos", cuerpo_alta(2, "sms")))
    assert estado == 201

    # Seguimiento: reservar el intento (UpdateItem condicional), una Query por la partición del caso y, si acierta,
    # devolver la reserva; un fallo no devuelve nada y un bloqueo no lee; un folio mal escrito no llama a nadie.
    consulta = {"folio": caso["folio"], "contrato": cuerpo_alta()["contrato"]}
    estado, _, _ = contar("seguimiento", lambda: e.api("POST", "/api/consultas", consulta))
    assert estado == 200
    capturas["seguimiento"] = {"cuerpo": consulta}
    otro = {**consulta, "folio": folio_inexistente()}
    estado, _, _ = contar("seguimiento_folio_inexistente", lambda: e.api("POST", "/api/consultas", otro))
    assert estado == 404
    equivocado = {**consulta, "contrato": "99999999"}
    estado, _, _ = contar("seguimiento_segundo_factor_equivocado", lambda: e.api("POST", "/api/consultas", equivocado))
    assert estado == 404
    # Bloqueado: otro folio (el del caso sigue sirviendo a la medición en caliente) tras agotar sus intentos.
    bloqueado = {**equivocado, "folio": folio_inexistente()}
    for _ in range(5):
        assert e.api("POST", "/api/consultas", bloqueado)[0] == 404
    estado, _, _ = contar("seguimiento_bloqueado", lambda: e.api("POST", "/api/consultas", bloqueado))
    assert estado == 429
    mal = {**consulta, "folio": caso["folio"][:-1] + str((int(caso["folio"][-1]) + 1) % 10)}
    estado, _, _ = contar("seguimiento_digito_equivocado", lambda: e.api("POST", "/api/consultas", mal))
    assert estado == 400

    url = urlsplit(caso["comprobante_url"])
    estado, _, _ = contar("comprobante", lambda: e.api("GET", url.path, consulta=url.query))
    assert estado == 200
    capturas["comprobante"] = {"camino": url.path, "consulta": url.query}

    # Agentes: detalle, nota, resolución, confirmación, escalamiento.
    folio = caso["folio"]
    estado, _, _ = contar("detalle", lambda: e.api("GET", f"/api/casos/{folio}", agente=ASESOR))
    assert estado == 200
    capturas["detalle"] = {"camino": f"/api/casos/{folio}"}
    nota = {"tipo": "nota", "texto": "Se revisó el nodo de la zona.", "publica": False}
    estado, _, _ = contar(
        "interaccion", lambda: e.api("POST", f"/api/casos/{folio}/interacciones", nota, agente=ASESOR)
    )
    assert estado == 201
    cierre = {"resumen": "Se restableció el servicio y se verificó la velocidad.", "primer_contacto": True}
    estado, _, _ = contar("resolucion", lambda: e.api("POST", f"/api/casos/{folio}/resolucion", cierre, agente=ASESOR))
    assert estado == 200
    estado, _, _ = contar(
        "confirmacion",
        lambda: e.api("POST", f"/api/casos/{folio}/confirmacion", {"resuelto": True}, agente=ASESOR),
    )
    assert estado == 200
    escalar = {"destino": "supervisor", "motivo": "El cliente reporta cortes repetidos."}
    folio_sms = caso_sms["folio"]
    estado, _, _ = contar(
        "escalamiento", lambda: e.api("POST", f"/api/casos/{folio_sms}/escalamientos", escalar, agente=ASESOR)
    )
    assert estado == 200

    # Búsqueda y el cliente completo (issue 16): una Query por término y un BatchGetItem, nunca un Scan.
    from urllib.parse import quote

    from funciones.nucleo.dominio.folio import formatear_folio

    busquedas = (
        ("busqueda_telefono", "55 1234 5678"),
        ("busqueda_nombre", "Ana López Hernández"),
        ("busqueda_folio", formatear_folio(folio_sms)),
        ("busqueda_correo", cuerpo_alta()["correo"]),
    )
    for nombre, q in busquedas:
        estado, r, _ = contar(
            nombre, lambda q=q: e.api("GET", "/api/busqueda", consulta=f"q={quote(q)}", agente=ASESOR)
        )
        assert estado == 200 and r["casos"], (nombre, r)
    contrato = cuerpo_alta()["contrato"]
    estado, _, _ = contar("cliente", lambda: e.api("GET", f"/api/clientes/{contrato}", agente=ASESOR))
    assert estado == 200

    # Notificaciones: cada registro del flujo que pide aviso, uno por invocación.
    registros = e.registros_nuevos()
    notificaciones: list[dict[str, Any]] = []
    sms: list[dict[str, Any]] = []
    correos: list[int] = []
    for registro in list(registros):
        imagen = registro["dynamodb"].get("NewImage") or {}
        if registro["eventName"] != "INSERT" or "notificar" not in imagen:
            continue
        pedido = imagen["notificar"]["M"]
        medio, plantilla = pedido["medio"]["S"], pedido["plantilla"]["S"]
        nombre = f"notificacion {plantilla}/{medio}"
        enviados = len(entregados())
        r = contar(nombre, lambda registro=registro: e.invocar("notificaciones", {"Records": [registro]}))
        assert not r.get("batchItemFailures"), r
        op = ops[nombre]
        notificaciones.append(_fila(op, medio=medio, plantilla=plantilla))
        for ll in op.llamadas:
            if ll.operacion == "Publish" and "PhoneNumber" in ll.parametros:
                sms.append({"plantilla": plantilla, **partes_sms(ll.parametros["Message"])})
        # Bytes del mensaje como lo entrega SES (lo arma la emulación con lo que pidió la función).
        correos += [len(crudo) for _, crudo in entregados()[enviados:]]
        if plantilla == "folio" and medio == "correo" and "notificacion" not in capturas:
            capturas["notificacion"] = {"registro": registro, "llamadas": op.llamadas}
    # Un registro entregado otra vez (reintento del flujo): la marca condicional evita el segundo envío.
    repetido = capturas["notificacion"]["registro"]
    contar("notificacion_reentregada", lambda: e.invocar("notificaciones", {"Records": [repetido]}))

    # Contadores de reportes: cada evento del flujo, uno por invocación (como si el lote fuera de 1).
    registros += e.registros_nuevos()
    por_registro: list[int] = []
    with c.operacion("agregados", e.salida) as op_agregados:
        for registro in registros:
            antes = len(op_agregados.llamadas)
            e.invocar("agregados", {"Records": [registro]})
            por_registro.append(len(op_agregados.llamadas) - antes)
    ops["agregados"] = op_agregados
    lotes = _agregados_en_lote(e, registros)

    # Reportes: una Query de los contadores del periodo, sin importar cuántos casos hay.
    nombres_reporte = _reportes(e, contar)
    capturas["reporte"] = {"consulta": "desde=2025-03-01&hasta=2025-03-30"}
    reportes = {str(casos): ops[nombre].resumen() for casos, nombre in nombres_reporte.items()}

    filas = [_fila(op) for nombre, op in ops.items() if not nombre.startswith("notificacion ")]
    capturas["llamadas_por_op"] = {nombre: op.llamadas for nombre, op in ops.items()}
    resultado = {
        "operaciones": filas,
        "notificaciones": notificaciones,
        "sms": sms,
        "correo_bytes": correos,
        "agregados_por_registro": {
            "registros": len(por_registro),
            "maximo": max(por_registro, default=0),
            "llamadas": sum(por_registro),
        },
        "reportes": reportes,
        # Lotes de eventos nuevos del mismo día en una invocación: la marca de cada uno y un solo ADD por día.
        "agregados_lotes": lotes,
    }
    return resultado, capturas


def _agregados_en_lote(e: Emulacion, registros: list[dict[str, Any]]) -> dict[str, Any]:
    """Lotes de 10 y 100 altas nuevas (copias de un registro real con otro id) en una sola invocación."""
    import copy

    plantilla = next(
        r
        for r in registros
        if r["eventName"] == "INSERT"
        and r["dynamodb"].get("NewImage", {}).get("tipo", {}).get("S") == "caso_registrado"
    )
    lotes = {}
    for tamano in (10, 100):
        lote = []
        for i in range(tamano):
            r = copy.deepcopy(plantilla)
            r["dynamodb"]["NewImage"]["id"] = {"S": f"banco{tamano:03d}{i:04d}"}
            r["dynamodb"]["SequenceNumber"] = f"{tamano}{i:06d}"
            lote.append(r)
        with e.contador.operacion(f"agregados_lote_{tamano}", e.salida) as op:
            assert e.invocar("agregados", {"Records": lote}) == {"batchItemFailures": []}
        resumen = op.resumen()
        lotes[str(tamano)] = {
            "llamadas": resumen["llamadas"],
            "wru": resumen["wru"],
            "wru_por_evento": round(resumen["wru"] / tamano, 2),
        }
    return lotes


def cerrar(e: Emulacion, resultado: dict[str, Any]) -> None:
    """Al final de todo: Scans (en ejecución y en el código) y tamaños de los items vistos."""
    c = e.contador
    resultado["scans"] = {
        "en_ejecucion": sum(n for nombre, n in c.total.items() if nombre.endswith(".Scan")),
        "en_codigo": scans_en_codigo(),
        "llamadas_totales": dict(sorted(c.total.items())),
    }
    resultado["tamanos_items"] = {
        tipo: {"muestras": len(v), "min": min(v), "mediana": sorted(v)[len(v) // 2], "max": max(v)}
        for tipo, v in sorted(c.tamanos.items())
    }


def _contadores_sinteticos(e: Emulacion, desde_mes: str, casos: int, plantilla: dict[str, Any]) -> None:
    """Contadores de 30 días que suman `casos`, con los mismos atributos que dejó el flujo real hoy."""
    base = max(1, int(plantilla.get("casos", {}).get("N", "1")))
    por_dia = [casos // 30 + (1 if d < casos % 30 else 0) for d in range(30)]
    for d, n in enumerate(por_dia, start=1):
        if n == 0:
            continue
        item = {"pk": {"S": "REPORTE"}, "sk": {"S": f"DIA#{desde_mes}-{d:02d}"}}
        for k, v in plantilla.items():
            if k in ("pk", "sk") or "N" not in v:
                continue
            item[k] = {"N": str(max(0, round(int(v["N"]) * n / base)))}
        item["casos"] = {"N": str(n)}
        e.dynamodb.put_item(TableName=e.tabla, Item=item)


def _reportes(e: Emulacion, contar: Any) -> dict[int, str]:
    """Reporte de 30 días con 10 y con 1,000 casos en los contadores; devuelve {casos: nombre de la operación}."""
    hoy = e.dynamodb.query(
        TableName=e.tabla,
        KeyConditionExpression="pk = :p",
        ExpressionAttributeValues={":p": {"S": "REPORTE"}},
    )["Items"]
    plantilla = hoy[-1] if hoy else {"casos": {"N": "1"}}
    nombres = {}
    for casos, mes in ((10, "2025-01"), (1000, "2025-03")):
        _contadores_sinteticos(e, mes, casos, plantilla)
        consulta = f"desde={mes}-01&hasta={mes}-30"
        nombre = f"reporte_{casos}_casos"
        estado, r, _ = contar(
            nombre, lambda consulta=consulta: e.api("GET", "/api/reportes", agente=SUPERVISOR, consulta=consulta)
        )
        assert estado == 200 and r["casos"] == casos, (estado, r.get("casos"))
        nombres[casos] = nombre
    return nombres


def _fragmentos(e: Emulacion, indice: str, antes_de: str | None = None) -> list[int]:
    """Items por fragmento de un índice disperso (con la sesión del banco: no se cuenta)."""
    cuenta = []
    for n in range(FRAGMENTOS):
        condicion, valores = "vence_pk = :p", {":p": {"S": f"ABIERTOS#{n}"}}
        if antes_de:
            condicion += " AND umbral_sk < :a"
            valores[":a"] = {"S": antes_de}
        r = e.dynamodb.query(
            TableName=e.tabla,
            IndexName=indice,
            KeyConditionExpression=condicion,
            ExpressionAttributeValues=valores,
            Select="COUNT",
        )
        cuenta.append(r["Count"])
    return cuenta


def _barrer(e: Emulacion, nombre: str, cola: Any) -> dict[str, Any]:
    """Una invocación del barrido, contada: Queries, páginas, items leídos, escrituras."""
    import time

    from infraestructura.local.lambda_local import Contexto, evento_programado

    paginas = {"n": 0}
    original = cola.pagina_umbral

    def pagina_contada(*a: Any, **k: Any) -> Any:
        paginas["n"] += 1
        return original(*a, **k)

    cola.pagina_umbral = pagina_contada
    # Sin el corte por tiempo del contexto local (30 s): moto es mucho más lento que DynamoDB.
    contexto = Contexto(function_name=f"bluepoint-{nombre}", _limite=time.monotonic() + 3600)
    try:
        with sin_copia_de_tabla(), e.contador.operacion(nombre, e.salida) as op:
            resumen = e.modulo("barrido").handler(evento_programado(), contexto)
    finally:
        cola.pagina_umbral = original
    resumen_op = op.resumen()
    return {
        "llamadas": len(op.llamadas),
        "queries": sum(1 for ll in op.llamadas if ll.operacion == "Query"),
        "items_leidos": sum(ll.items_leidos for ll in op.llamadas if ll.operacion == "Query"),
        "otras_llamadas": sorted({n for n in op.nombres if not n.endswith(".Query")}),
        "rru": resumen_op["rru"],
        "wru": resumen_op["wru"],
        "wru_indice": resumen_op["wru_indice"],
        "revisados": resumen["revisados"],
        "actualizados": resumen["actualizados"],
        "alertas": resumen["alertas"],
        "paginas": paginas["n"],
    }


def medir_barrido(e: Emulacion) -> dict[str, Any]:
    """El barrido con cientos de casos abiertos: sin umbrales que aplicar, con todos cruzando uno, y el siguiente.

    Cada caso abierto lleva en el índice `umbrales` el instante de su próximo umbral; el barrido lee, fragmento
    por fragmento, sólo lo que ya pasó. Se mide en tres momentos: ahora (los casos recién abiertos no cruzaron
    nada), con el reloj adelantado hasta que todos cruzaron su primer umbral, y el barrido siguiente.
    """
    from funciones.nucleo.adaptadores.dynamodb import clave_instante
    from funciones.nucleo.dominio import reloj

    # Casos abiertos (no se cuentan: son preparación).
    with sin_copia_de_tabla():
        for i in range(CASOS_BARRIDO):
            estado, _, _ = e.api("POST", "/api/casos", cuerpo_alta(100 + i))
            assert estado == 201
    por_fragmento = _fragmentos(e, "vencimientos")
    cola = e.modulo("barrido").cola()

    # La cola de los agentes sobre `vencimientos`: una página de 25.
    with e.contador.operacion("cola", e.salida) as cola_op:
        estado, pagina, _ = e.api("GET", "/api/casos", agente=ASESOR)
    assert estado == 200, pagina

    # 1. En régimen: nada cruzó un umbral desde el barrido anterior.
    regimen = _barrer(e, "barrido", cola)

    # 2. El reloj adelantado hasta pasar el primer umbral de todos los casos abiertos.
    from datetime import datetime

    ultimo = max(
        datetime.fromisoformat(item["umbral_sk"]["S"].replace("Z", "+00:00"))
        for n in range(FRAGMENTOS)
        for item in e.dynamodb.query(
            TableName=e.tabla,
            IndexName="umbrales",
            KeyConditionExpression="vence_pk = :p",
            ExpressionAttributeValues={":p": {"S": f"ABIERTOS#{n}"}},
            ScanIndexForward=False,
            Limit=1,
        )["Items"]
    )
    horas = max(0.0, (ultimo - reloj.ahora()).total_seconds() / 3600) + 0.1
    reloj.avanzar(horas)
    try:
        vencidos = _fragmentos(e, "umbrales", clave_instante(reloj.ahora()))
        cruce = _barrer(e, "barrido_con_umbrales", cola)
        cruce["por_fragmento"] = vencidos
        cruce["queries_minimas"] = sum(max(1, math.ceil(n / TAMANO_PAGINA_BARRIDO)) for n in vencidos)
        cruce["adelanto_horas"] = round(horas, 1)
        # 3. El barrido siguiente, 5 minutos después: lo ya aplicado salió del rango.
        reloj.avanzar(5 / 60)
        siguiente = _barrer(e, "barrido_siguiente", cola)
    finally:
        reloj.avanzar(-horas - 5 / 60)

    return {
        "cola": {
            **cola_op.resumen(),
            "casos_en_pagina": len(pagina["casos"]),
            "items_leidos": sum(ll.items_leidos for ll in cola_op.llamadas),
        },
        # En régimen (lo que pasa en casi todos los barridos).
        **regimen,
        "casos_abiertos": sum(por_fragmento),
        "por_fragmento": por_fragmento,
        # Lo mínimo posible con 10 fragmentos paginados por separado: una Query por página de cada fragmento.
        "queries_minimas": FRAGMENTOS,
        "con_umbrales": cruce,
        "siguiente": siguiente,
    }
