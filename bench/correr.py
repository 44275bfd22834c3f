"""`make bench`: arranque en frío, llamadas a AWS por operación, sobrecarga en caliente, carga local, paquetes y costo.

Cada cifra es una razón medida lado a lado en la misma corrida (intercalada), salvo los conteos. Imprime una
tabla y escribe bench/resultados.json. Un objetivo no cumplido se marca FAIL, pero el comando termina en 0.

Variables (opcionales): BENCH_REPETICIONES (arranque en frío, 9), BENCH_N_CALIENTE (60), BENCH_SOLICITUDES
(por fase de carga, 2000), BENCH_HILOS (16), BENCH_TOPE_S (tope por fase de carga, 30), BENCH_CASOS_BARRIDO
(casos abiertos para el barrido, 400) y BENCH_SIN_PYC=1 (agrega al arranque en frío un brazo informativo con el
código propio sin .pyc, como el paquete de Lambda).
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import time
from datetime import UTC, datetime
from typing import Any

from bench import costo
from bench.comun import PY, RAIZ, veredicto

SALIDA = RAIZ / "bench" / "resultados.json"


def _entero(nombre: str, omision: int) -> int:
    return int(os.environ.get(nombre) or omision)


def _tabla(titulo: str, encabezados: list[str], filas: list[list[Any]]) -> None:
    texto = [[str(c) for c in f] for f in [encabezados, *filas]]
    anchos = [max(len(f[i]) for f in texto) for i in range(len(encabezados))]
    print(f"\n{titulo}")
    for n, fila in enumerate(texto):
        celdas = (c.ljust(a) if i == 0 else c.rjust(a) for i, (c, a) in enumerate(zip(fila, anchos, strict=True)))
        print("  " + "  ".join(celdas))
        if n == 0:
            print("  " + "  ".join("-" * a for a in anchos))


def _lista(d: dict[str, Any]) -> str:
    return ", ".join(f"{k} {v}" for k, v in d.items())


def _detalle(nombres: list[str]) -> str:
    """«TransactWriteItems + 3× Query»: llamadas seguidas iguales, agrupadas."""
    grupos: list[list[Any]] = []
    for n in (x.split(".")[1] for x in nombres):
        if grupos and grupos[-1][0] == n:
            grupos[-1][1] += 1
        else:
            grupos.append([n, 1])
    return " + ".join(n if k == 1 else f"{k}× {n}" for n, k in grupos) or "-"


def _paquetes() -> subprocess.Popen[str]:
    """Arranca el empaquetado en un subproceso; `_recoger` espera y lee su JSON."""
    entorno = {**os.environ, "JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION": "1"}
    return subprocess.Popen(  # noqa: S603
        [PY, "-m", "bench.paquetes"], cwd=RAIZ, env=entorno, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def _recoger(proceso: subprocess.Popen[str]) -> dict[str, Any]:
    salida, errores = proceso.communicate(timeout=300)
    if proceso.returncode:
        raise RuntimeError(f"bench.paquetes falló:\n{errores[-2000:]}")
    return json.loads(salida)


def _primeras_faltantes(e: Any, capturas: dict[str, Any]) -> None:
    """Una primera invocación de cada función que `llamadas` no invoca por `Emulacion.invocar` (para el arranque
    en frío con la primera solicitud). Cada una con su camino común: página, catálogo, verificación fallida."""
    from bench.llamadas import ASESOR
    from funciones.nucleo.dominio.enlaces import Enlace, firmar
    from infraestructura.local.lambda_local import evento_programado

    folio = capturas["alta"]["folio"]
    pimienta = bytes.fromhex(os.environ["PIMIENTA"])
    vence = int(time.time()) + 3600
    intentos: list[tuple[str, Any]] = [
        ("catalogo", lambda: e.api("GET", "/api/catalogo")),
        ("documentacion", lambda: e.api("GET", "/api/openapi.json")),
        (
            "confirmaciones",
            lambda: e.api("GET", f"/api/confirmaciones/{firmar(Enlace('confirmacion', folio, 1, vence), pimienta)}"),
        ),
        ("encuestas", lambda: e.api("GET", f"/api/encuestas/{firmar(Enlace('encuesta', folio, 1, vence), pimienta)}")),
        (
            "verificacion",
            lambda: e.api(
                "POST",
                "/api/verificaciones",
                {"contrato": "87654321", "nombre": "Ana López", "pregunta": "ultimos4", "respuesta": "1234"},
                agente=ASESOR,
            ),
        ),
        ("sesiones", lambda: _primera_sesion(e)),
        ("barrido", lambda: e.invocar("barrido", evento_programado())),
        ("correo_entrante", lambda: _primera_respuesta_por_correo(e, folio, pimienta)),
        ("whatsapp_entrante", lambda: _primer_whatsapp(e)),
        ("ivr", lambda: _primera_llamada_al_ivr(e, folio)),
    ]
    for funcion, intento in intentos:
        if funcion in e.primeras:
            continue
        try:
            intento()
        except Exception:  # noqa: BLE001 -- sin primera grabada, el arranque se mide sólo con la importación
            e.primeras.pop(funcion, None)


def _primera_llamada_al_ivr(e: Any, folio: str) -> None:
    """Quien llama desde otro número teclea su folio y su contrato (Connect invoca con un ContactFlowEvent)."""
    from bench.llamadas import cuerpo_alta
    from infraestructura.local.ivr import evento_contacto

    e.invocar("ivr", evento_contacto({"folio": folio, "contrato": cuerpo_alta()["contrato"]}, "+523312345678"))


def _primera_respuesta_por_correo(e: Any, folio: str, pimienta: bytes) -> None:
    """El cliente responde al correo del folio: el crudo a S3 (la acción de la regla) y el evento de recepción."""
    from bench.llamadas import cuerpo_alta
    from funciones.nucleo.dominio.respuestas import direccion_respuesta
    from infraestructura.local.correos_entrantes import BUCKET, PREFIJO, evento_recepcion, id_ses

    para = direccion_respuesta(folio, pimienta, "bluepoint.mx")
    crudo = (
        f"From: Ana <{cuerpo_alta()['correo']}>\r\nTo: {para}\r\nSubject: Re: Tu folio\r\n"
        "Message-ID: <primera@mail.example.com>\r\n\r\nSigue sin internet.\r\n\r\n"
        f"El mar, 1 dic 2026 a las 10:00, Blue Point <{para}> escribió:\r\n> Registramos tu queja.\r\n"
    ).encode()
    identificador = id_ses()
    e.sesion_banco.client("s3").put_object(Bucket=BUCKET, Key=f"{PREFIJO}{identificador}", Body=crudo)
    e.invocar("correo_entrante", evento_recepcion(crudo, identificador))


def _primer_whatsapp(e: Any) -> None:
    """Un texto por WhatsApp del número del caso por SMS de `llamadas` (+52 55 1234 5678): cae en su caso abierto,
    con el sobre de AWS End User Messaging Social que entrega SNS."""
    from infraestructura.local.whatsapp_entrante import entrada_mensaje, evento

    texto = {"type": "text", "text": {"body": "Sigue sin internet."}}
    e.invocar("whatsapp_entrante", evento(entrada_mensaje("5215512345678", texto)))


def _primera_sesion(e: Any) -> None:
    """Inicio de sesión con contraseña equivocada (401) contra un grupo de usuarios de moto creado aquí."""
    from infraestructura.local import recursos
    from infraestructura.local.lambda_local import olvidar_configuracion

    previo = {k: os.environ[k] for k in ("COGNITO_POOL", "COGNITO_CLIENTE")}
    pool, cliente = recursos.crear_pool(e.sesion_banco.client("cognito-idp"))
    os.environ.update(COGNITO_POOL=pool, COGNITO_CLIENTE=cliente)
    olvidar_configuracion()
    try:
        estado, _, _ = e.api("POST", "/api/sesiones", {"usuario": "asesor.demo", "contrasena": "No-es-esta-1"})
        if estado >= 500:
            e.primeras.pop("sesiones", None)
    finally:
        os.environ.update(previo)
        olvidar_configuracion()


def _moto(n_caliente: int) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    from bench import caliente, llamadas
    from bench.emulacion import Emulacion

    with Emulacion() as e:
        conteos, capturas = llamadas.medir(e)
        _primeras_faltantes(e, capturas)
        primeras = dict(e.primeras)
        # Las llamadas exactas de cada operación contada, para repetirlas a mano en caliente.
        en_caliente = caliente.medir(e, capturas, capturas.pop("llamadas_por_op"), n_caliente)
        # El barrido al final: crea cientos de casos abiertos que no deben pesar en lo demás. Antes se vacía la
        # tabla: las altas "a mano" de la medición en caliente repiten el fragmento del índice de la alta original.
        e.conservar_solo(set())
        e.nueva_sesion_funciones(contar=True)
        conteos["barrido"] = llamadas.medir_barrido(e)
        llamadas.cerrar(e, conteos)
    return conteos, en_caliente, primeras


def _objetivos(r: dict[str, Any]) -> list[dict[str, Any]]:
    obj: list[dict[str, Any]] = []

    def agregar(nombre: str, valor: Any, objetivo: str, cumple: bool) -> None:
        obj.append({"nombre": nombre, "valor": valor, "objetivo": objetivo, "cumple": bool(cumple)})

    frio_obj = r["arranque_frio"]["objetivo"]
    for f in r["arranque_frio"]["funciones"]:
        con = "importación y primera solicitud" if f["primera_solicitud"] else "sólo importación"
        agregar(
            f"arranque en frío: {f['funcion']} ({con})",
            f"{f['razon']:.3f}×",
            f"≤ {frio_obj}×",
            f["cumple"] and f["primera_solicitud"],
        )
    ops = {o["operacion"]: o for o in r["llamadas"]["operaciones"]}
    for nombre in ("alta", "alta_con_clave"):
        detalle = ops[nombre]["detalle"]
        agregar(
            f"llamadas: {nombre}",
            " + ".join(detalle),
            "1 TransactWriteItems",
            detalle == ["dynamodb.TransactWriteItems"],
        )
    # El conteo antes de comparar cuesta dos escrituras en el acierto (docs/decisiones.md, «Seguimiento»): la meta
    # de 1 Query ya no se alcanza y se informa igual; el fallo y el folio inexistente deben ser el mismo camino.
    detalle = ops["seguimiento"]["detalle"]
    agregar("llamadas: seguimiento (acierto)", " + ".join(detalle), "1 Query", detalle == ["dynamodb.Query"])
    fallo = ops["seguimiento_segundo_factor_equivocado"]["detalle"]
    inexistente = ops["seguimiento_folio_inexistente"]["detalle"]
    agregar(
        "llamadas: seguimiento fallido, folio existente vs inexistente",
        f"{' + '.join(fallo)} vs {' + '.join(inexistente)}",
        "las mismas",
        fallo == inexistente,
    )
    bloqueado = ops["seguimiento_bloqueado"]["detalle"]
    agregar(
        "llamadas: seguimiento bloqueado", " + ".join(bloqueado), "1 UpdateItem", bloqueado == ["dynamodb.UpdateItem"]
    )
    # Búsqueda y perfil del cliente (issue 16): acotadas (≤ 4 Queries y 1 BatchGetItem; el perfil, 1 y 1), sin Scan.
    for nombre in ("busqueda_telefono", "busqueda_nombre", "busqueda_folio", "busqueda_correo", "cliente"):
        if nombre not in ops:
            continue
        detalle = ops[nombre]["detalle"]
        tope = 1 if nombre == "cliente" else 4
        agregar(
            f"llamadas: {nombre}",
            " + ".join(detalle),
            f"≤ {tope} Query + 1 BatchGetItem, sin Scan",
            detalle.count("dynamodb.Query") <= tope
            and detalle.count("dynamodb.BatchGetItem") == 1
            and set(detalle) <= {"dynamodb.Query", "dynamodb.BatchGetItem"},
        )
    for n in r["llamadas"]["notificaciones"]:
        agregar(f"llamadas: {n['operacion']}", n["llamadas"], "≤ 3", n["llamadas"] <= 3)
    b = r["llamadas"]["barrido"]
    for clave, nombre in (
        (None, "en régimen"),
        ("con_umbrales", "todos cruzan un umbral"),
        ("siguiente", "5 min después"),
    ):
        m = b[clave] if clave else b
        agregar(
            f"llamadas: barrido {nombre} (Queries por página)",
            f"{m['queries']} en {m['paginas']} páginas",
            "1 por página",
            # Aparte de las Queries, sólo las escrituras de los casos que cruzaron un umbral.
            m["queries"] == m["paginas"]
            and all(n.rsplit(".", 1)[-1] in ("TransactWriteItems", "PutItem") for n in m["otras_llamadas"]),
        )
    rep = r["llamadas"]["reportes"]
    agregar(
        "llamadas: reportes 10 vs 1,000 casos",
        f"{rep['10']['llamadas']} vs {rep['1000']['llamadas']}",
        "iguales (1 Query)",
        rep["10"]["detalle"] == rep["1000"]["detalle"] == ["dynamodb.Query"],
    )
    s = r["llamadas"]["scans"]
    agregar(
        "llamadas: Scan",
        f"{s['en_ejecucion']} en ejecución, {len(s['en_codigo'])} en el código",
        "0",
        not s["en_ejecucion"] and not s["en_codigo"],
    )
    for c in r["caliente"]["rutas"]:
        agregar(f"en caliente: {c['ruta']}", f"{c['razon']:.3f}×", "≤ 1.25×", c["cumple"])
    for fase in r["carga"]["fases"]:
        agregar(f"carga: {fase['ruta']}", f"{fase['errores']} errores", "0 errores", fase["errores"] == 0)
    for p in r["paquetes"]["funciones"]:
        agregar(f"paquete: {p['funcion']}", f"{p['zip_bytes']:,} B", "≤ 1 MB", p["cumple"])
    funciones = r["paquetes"]["funciones"]
    no_importan = [p["funcion"] for p in funciones if not p["importa"]]
    agregar(
        "paquetes: cada función importa con sólo su paquete y la capa",
        f"no importan: {', '.join(no_importan)}" if no_importan else f"las {len(funciones)}",
        "todas",
        not no_importan,
    )
    mayor = max(funciones, key=lambda p: p["con_capa_bytes"])
    agregar(
        "paquetes: función + capa descomprimidas",
        f"{mayor['con_capa_bytes']:,} B ({mayor['funcion']}, la mayor)",
        "≤ 250 MB (límite de Lambda)",
        all(p["cumple_limite_lambda"] for p in funciones),
    )
    c = r["costo"]
    hoy = c["hoy"]
    agregar(
        f"costo: mes completo a {costo.CASOS_META:,} casos/día, mensajes aparte",
        f"{c['mensual_meta_usd']} USD (plantilla de hoy: {hoy['total_usd']})",
        f"≤ {c['objetivo_mensual_usd']:.0f} USD",
        c["cumple_mensual"],
    )
    agregar(
        "costo: variable por millón de casos",
        f"{c['variable_por_millon_usd']} USD (plantilla de hoy: {hoy['por_millon_usd']['total_nucleo_usd']})",
        f"≤ {c['objetivo_variable_usd']:.0f} USD",
        c["cumple_variable"],
    )
    for s in r["llamadas"]["sms"]:
        agregar(
            f"SMS: {s['plantilla']} (medido en el banco)",
            f"{s['codificacion']}, {s['caracteres']} caracteres, {s['partes']} parte(s)",
            "GSM-7, 1 parte",
            s["codificacion"] == "GSM-7" and s["partes"] == 1,
        )
    return obj


def _imprimir(r: dict[str, Any]) -> None:
    f = r["arranque_frio"]
    sin_pyc = r["parametros"]["sin_pyc"]
    _tabla(
        f"1. Arranque en frío: importación y primera solicitud (mediana de {f['repeticiones']} procesos nuevos, "
        "intercalados; piso = boto3 + sus clientes + las mismas llamadas a AWS, respuestas grabadas sin red)",
        ["función", "clientes del piso", "función ms", "piso ms", "razón", "objetivo", "CPU (mín.)"]
        + (["sin .pyc ms", "razón"] if sin_pyc else []),
        [
            [
                x["funcion"] + ("" if x["primera_solicitud"] else " (sólo importación)"),
                ",".join(x["clientes"]) or "(sólo boto3)",
                x["mediana_funcion_ms"],
                x["mediana_piso_ms"],
                f"{x['razon']:.2f}×",
                f"≤ {f['objetivo']}× {veredicto(x['cumple'])}",
                f"{x['razon_cpu']:.2f}×" if "razon_cpu" in x else "—",
            ]
            + ([x["mediana_funcion_sin_pyc_ms"], f"{x['razon_sin_pyc']:.2f}×"] if sin_pyc else [])
            for x in f["funciones"]
        ],
    )
    print(
        "  (CPU: usuario + sistema del proceso, el mínimo de cada brazo; con la máquina compartida se mueve mucho menos"
        " que la pared; informativo, la meta es sobre la pared)"
    )
    if sin_pyc:
        print("  (sin .pyc: como el paquete de Lambda, el código propio se compila en cada arranque; informativo)")
    fallan = [x for x in f["funciones"] if not x["cumple"]]
    for x in fallan:
        exceso = x["importtime"]["solo_en_la_funcion"]
        print(f"  {x['funcion']} (-X importtime): {exceso['total_ms']} ms en módulos que el piso no importa")
        print(f"    por paquete: {_lista(exceso['por_paquete_ms'])}")
        print(f"    más caros: {_lista(exceso['modulos_mas_caros_ms'])}")

    ll = r["llamadas"]
    _tabla(
        "2. Llamadas a AWS por operación (conteo; WRU/RRU estimadas con el tamaño real de los items)",
        ["operación", "llamadas", "detalle", "WRU tabla", "WRU índice", "RRU", "bytes de registro"],
        [
            [
                o["operacion"],
                o["llamadas"],
                _detalle(o["detalle"]),
                o["wru"],
                o["wru_indice"],
                o["rru"],
                o["bytes_registro"],
            ]
            for o in ll["operaciones"] + ll["notificaciones"]
        ],
    )
    b = ll["barrido"]
    print(f"  barrido con {b['casos_abiertos']} casos abiertos en {len(b['por_fragmento'])} fragmentos:")
    for clave, nombre in (
        (None, "en régimen (nada cruzó)"),
        ("con_umbrales", "todos cruzan"),
        ("siguiente", "siguiente"),
    ):
        m = b[clave] if clave else b
        minimo = m.get("queries_minimas", len(b["por_fragmento"]))
        print(
            f"    {nombre}: {m['paginas']} páginas, {m['queries']} Queries (mínimo {minimo}), "
            f"{m['items_leidos']} items leídos, {m['revisados']} casos con umbral aplicado, {m['rru']} RRU"
        )
    cola = b["cola"]
    print(
        f"  cola de agentes (GET /api/casos): {cola['llamadas']} Queries, {cola['items_leidos']} items leídos "
        f"para {cola['casos_en_pagina']} casos mostrados, {cola['rru']} RRU"
    )
    rep = ll["reportes"]
    print(f"  reportes de 30 días: 10 casos → {rep['10']['detalle']}; 1,000 casos → {rep['1000']['detalle']}")
    a = ll["agregados_por_registro"]
    print(
        f"  agregados: {a['registros']} registros del flujo, {a['llamadas']} llamadas, "
        f"máximo {a['maximo']} por registro"
    )
    for s in ll["sms"]:
        print(
            f"  SMS {s['plantilla']}: {s['caracteres']} caracteres {s['codificacion']} → {s['partes']} parte(s)"
            + (f" (fuera de GSM: {s['fuera_de_gsm']!r})" if s.get("fuera_de_gsm") else "")
        )
    print(
        f"  correos (como los entrega SES): {ll['correo_bytes']} bytes · "
        f"Scan: {ll['scans']['en_ejecucion']} en ejecución, "
        f"{len(ll['scans']['en_codigo'])} en el código"
    )
    print(
        "  tamaño de items (bytes, mediana): "
        + ", ".join(f"{k} {v['mediana']}" for k, v in ll["tamanos_items"].items())
    )

    c = r["caliente"]
    _tabla(
        f"3. Sobrecarga en caliente (handler en proceso contra las mismas llamadas a mano, moto, mediana de {c['n']})",
        ["ruta", "handler ms", "a mano ms", "sobrecarga ms", "razón", "objetivo"],
        [
            [
                x["ruta"],
                x["mediana_handler_ms"],
                x["mediana_a_mano_ms"],
                x["sobrecarga_ms"],
                f"{x['razon']:.2f}×",
                f"≤ {c['objetivo']}× {veredicto(x['cumple'])}",
            ]
            for x in c["rutas"]
        ],
    )
    if "armado_correo" in c:
        a = c["armado_correo"]
        print(
            f"  pedir un correo (folio): armado {a['armado_us']} µs + serializar {a['serializar_us']} µs, "
            f"solicitud de {a['solicitud_bytes']} bytes"
        )
    for x in c["rutas"]:
        if not x["cumple"]:
            print(f"  {x['ruta']} (cProfile, ms por invocación del handler): {_lista(x['perfil_handler_ms'])}")
    g = r["carga"]
    _tabla(
        f"4. Servidor local bajo carga (127.0.0.1; arrancó en {g['arranque_servidor_s']} s)",
        ["ruta", "solicitudes", "hilos", "s", "por segundo", "p50 ms", "p99 ms", "errores"],
        [
            [
                x["ruta"],
                f"{x['completadas']}/{x['solicitudes']}" + (" (tope)" if x["cortada_por_tiempo"] else ""),
                x["hilos"],
                x["duracion_s"],
                x["por_segundo"],
                x["p50_ms"],
                x["p99_ms"],
                f"{x['errores']} {veredicto(x['errores'] == 0)}",
            ]
            for x in g["fases"]
        ],
    )
    p = r["paquetes"]
    _tabla(
        "5. Paquete de cada función (EmpaquetadoLocal de la pila) y si importa con sólo la capa",
        ["función", "archivos", "bytes", "zip bytes", "objetivo", "importa"],
        [
            [
                x["funcion"],
                x["archivos"],
                f"{x['bytes']:,}",
                f"{x['zip_bytes']:,}",
                f"≤ 1 MB {veredicto(x['cumple'])}",
                f"{'sí' if x['importa'] else x['error_al_importar']} {veredicto(x['importa'])}",
            ]
            for x in p["funciones"]
        ],
    )
    c = p["capa"]
    print(
        f"  capa de dependencias: {c['tipo']} · {c['archivos']:,} archivos · {c['bytes']:,} B "
        f"({c['zip_bytes']:,} B en zip; función + capa ≤ 250 MB "
        f"{veredicto(all(x['cumple_limite_lambda'] for x in p['funciones']))})"
    )
    print(f"  {', '.join(c['paquetes'])}")
    costo.imprimir(r["costo"])

    fallan = [o for o in r["objetivos"] if not o["cumple"]]
    print(f"\nObjetivos: {len(r['objetivos']) - len(fallan)} de {len(r['objetivos'])} PASS")
    for o in fallan:
        print(f"  FAIL  {o['nombre']}: {o['valor']} (objetivo {o['objetivo']})")
    print(f"\nDuración: {r['duracion_s']} s · resultados en {SALIDA.relative_to(RAIZ)}")


def main() -> int:
    from bench import carga, frio
    from infraestructura.rutas import FUNCIONES

    inicio = time.perf_counter()
    parametros: dict[str, Any] = {
        "repeticiones_frio": _entero("BENCH_REPETICIONES", 9),
        "n_caliente": _entero("BENCH_N_CALIENTE", 60),
        "solicitudes_carga": _entero("BENCH_SOLICITUDES", 2000),
        "hilos_carga": _entero("BENCH_HILOS", 16),
        "tope_fase_s": _entero("BENCH_TOPE_S", 30),
        "sin_pyc": bool(_entero("BENCH_SIN_PYC", 0)),
    }
    r: dict[str, Any] = {
        "fecha": datetime.now(UTC).isoformat(timespec="seconds"),
        "maquina": {"nucleos": os.cpu_count(), "python": platform.python_version(), "sistema": platform.platform()},
        "parametros": parametros,
        "tiempos_s": {},
    }

    def etapa(nombre: str, funcion: Any) -> Any:
        print(f"· {nombre}…", file=sys.stderr, flush=True)
        t = time.perf_counter()
        valor = funcion()
        r["tiempos_s"][nombre] = round(time.perf_counter() - t, 1)
        return valor

    # El empaquetado va solo: a la par de la medición en caliente le mete ruido.
    r["paquetes"] = etapa("paquetes", lambda: _recoger(_paquetes()))
    r["llamadas"], r["caliente"], primeras = etapa(
        "llamadas y caliente (moto)", lambda: _moto(parametros["n_caliente"])
    )
    # Después de moto: repite en cada proceso nuevo la primera invocación que grabó la emulación.
    r["arranque_frio"] = etapa(
        "arranque en frío (importación y primera solicitud)",
        lambda: frio.medir(list(FUNCIONES), parametros["repeticiones_frio"], parametros["sin_pyc"], primeras),
    )
    # La plantilla sintetizada (sin AWS): los recursos fijos del costo se cuentan ahí.
    inventario = etapa("plantilla (recursos fijos)", lambda: costo.inventario(costo.sintetizar()))
    r["carga"] = etapa(
        "carga del servidor local",
        lambda: carga.medir(parametros["solicitudes_carga"], parametros["hilos_carga"], parametros["tope_fase_s"]),
    )
    r["costo"] = costo.costo(r["llamadas"], inventario)
    r["objetivos"] = _objetivos(r)
    r["duracion_s"] = round(time.perf_counter() - inicio, 1)
    SALIDA.write_text(json.dumps(r, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    _imprimir(r)
    return 0


if __name__ == "__main__":
    sys.exit(main())
