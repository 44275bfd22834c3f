"""Arranque en frío por función: importar el handler y atender la primera solicitud en un proceso nuevo, contra el
piso (boto3 + sus clientes + las mismas llamadas a AWS hechas a mano).

El piso de cada función es un proceso que sólo importa boto3, crea los clientes que esa función usa de verdad (los
`cliente("…")` alcanzables desde su handler, hallados recorriendo sus importaciones de `funciones.*`) y hace las
llamadas que hizo el handler en su primera invocación del banco. En los dos brazos las respuestas de AWS son las que
dio moto en esa invocación, repetidas por un gancho `before-send` de botocore (sin red): firmar, serializar y
leer cada respuesta cuesta lo mismo de los dos lados, y la diferencia es el código propio. Una función sin primera
invocación grabada se mide como antes, sólo con la importación (y lo dice la fila).
Las corridas se intercalan (función, piso, piso, función…) para que el ruido de la máquina caiga en ambos.
"""

from __future__ import annotations

import ast
import base64
import json
import re
import resource
import shutil
import subprocess
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from bench.comun import PY, RAIZ, entorno_funciones, mediana, razon

OBJETIVO = 1.15
# Igual que funciones/nucleo/adaptadores/aws.py: el piso crea los clientes con la misma configuración.
_CONFIG = (
    "from botocore.config import Config; "
    "c = Config(retries={'mode': 'standard', 'max_attempts': 3}, connect_timeout=2, read_timeout=5)"
)


def _archivo_de(modulo: str) -> Path | None:
    base = RAIZ / Path(*modulo.split("."))
    if base.with_suffix(".py").is_file():
        return base.with_suffix(".py")
    if (base / "__init__.py").is_file():
        return base / "__init__.py"
    return None


def _importados(arbol: ast.AST) -> set[str]:
    """Módulos `funciones.*` importados en cualquier lugar del archivo (también los diferidos)."""
    nombres: set[str] = set()
    for nodo in ast.walk(arbol):
        if isinstance(nodo, ast.Import):
            nombres.update(a.name for a in nodo.names if a.name.startswith("funciones"))
        elif isinstance(nodo, ast.ImportFrom) and nodo.level == 0 and (nodo.module or "").startswith("funciones"):
            nombres.add(nodo.module or "")
            # `from funciones.nucleo import repositorios`: el nombre puede ser un submódulo.
            nombres.update(f"{nodo.module}.{a.name}" for a in nodo.names if _archivo_de(f"{nodo.module}.{a.name}"))
    return nombres


def _clientes_en(arbol: ast.AST) -> set[str]:
    servicios: set[str] = set()
    for nodo in ast.walk(arbol):
        if not isinstance(nodo, ast.Call) or not nodo.args:
            continue
        f = nodo.func
        nombre = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""
        arg = nodo.args[0]
        if nombre == "cliente" and isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            servicios.add(arg.value)
    return servicios


def clientes_por_funcion(funciones: list[str]) -> dict[str, list[str]]:
    """Servicios de los `cliente("…")` alcanzables desde cada handler (cierre de sus importaciones)."""
    resultado: dict[str, list[str]] = {}
    for nombre in funciones:
        pendientes, vistos, servicios = [f"funciones.{nombre}.handler"], set(), set()
        while pendientes:
            modulo = pendientes.pop()
            if modulo in vistos:
                continue
            vistos.add(modulo)
            archivo = _archivo_de(modulo)
            if archivo is None:
                continue
            arbol = ast.parse(archivo.read_text(encoding="utf-8"))
            servicios |= _clientes_en(arbol)
            pendientes.extend(_importados(arbol) - vistos)
        resultado[nombre] = sorted(servicios)
    return resultado


def codigo_piso(servicios: list[str]) -> str:
    if not servicios:
        return "import boto3"
    clientes = "; ".join(f"boto3.client({s!r}, config=c)" for s in servicios)
    return f"import boto3; {_CONFIG}; {clientes}"


# --- la primera solicitud, sin red -------------------------------------------------------------------------------

# Lo mismo en los dos brazos: lee la grabación (argv[1]) y contesta cada llamada con su respuesta grabada. Una
# función que no llama a AWS no importa boto3 (en Lambda tampoco): sólo lee la grabación.
_LEER = """
import io, json, sys, base64
def _decodificar(o):
    if "__b64__" in o:
        return base64.b64decode(o["__b64__"])
    return o
_g = json.load(open(sys.argv[1], encoding="utf-8"), object_hook=_decodificar)
_colas = {}
"""
_REPETIR = """
import boto3
from botocore.awsrequest import AWSResponse
class _Crudo(io.BytesIO):
    def stream(self, **_):
        yield self.read()
for _l in _g["llamadas"]:
    _colas.setdefault((_l["id"], _l["operacion"]), []).append(_l["respuesta"])
def _responder(request, event_name, **_):
    _, servicio, operacion = event_name.split(".", 2)
    r = _colas[(servicio, operacion)].pop(0)
    return AWSResponse(request.url, r["estado"], r["cabeceras"], _Crudo(r["cuerpo"]))
boto3.setup_default_session()
boto3.DEFAULT_SESSION.events.register("before-send", _responder)
"""
_CONTEXTO = """
class _Contexto:
    function_name = sys.argv[2]
    memory_limit_in_mb = 256
    aws_request_id = "banco"
    log_group_name = log_stream_name = "banco"
    function_version = "$LATEST"
    invoked_function_arn = "arn:aws:lambda:us-east-1:123456789012:function:" + sys.argv[2]
    def get_remaining_time_in_millis(self):
        return 30000
"""


def _a_json(valor: Any) -> Any:
    if isinstance(valor, bytes | bytearray):
        return {"__b64__": base64.b64encode(valor).decode()}
    if isinstance(valor, dict):
        return {k: _a_json(v) for k, v in valor.items()}
    if isinstance(valor, list | tuple):
        return [_a_json(v) for v in valor]
    if hasattr(valor, "isoformat"):
        return valor.isoformat()
    return valor


def codigos_primera(funcion: str, servicios: list[str], llama_a_aws: bool = True) -> tuple[str, str]:
    """(función, piso) con la primera solicitud: el handler con su evento grabado; el piso, las mismas llamadas."""
    handler = (
        _LEER
        + (_REPETIR if llama_a_aws else "")
        + _CONTEXTO
        + f"import funciones.{funcion}.handler as _h\n"
        + "_r = _h.handler(_g['evento'], _Contexto())\n"
        + "assert not any(_colas.values()), 'sobraron respuestas grabadas'\n"
        + "assert not isinstance(_r, dict) or _r.get('statusCode', 200) < 500, _r\n"
    )
    clientes = ", ".join(f"{s!r}: boto3.client({s!r}, config=c)" for s in servicios)
    piso = (
        _LEER
        + _REPETIR
        + _CONTEXTO
        + _CONFIG
        + "\n"
        + f"_c = {{{clientes}}}\n"
        + "from botocore import xform_name\n"
        + "for _l in _g['llamadas']:\n"
        + "    _cl = _c.get(_l['servicio']) or boto3.client(_l['servicio'], config=c)\n"
        + "    try:\n"
        + "        getattr(_cl, xform_name(_l['operacion']))(**_l['parametros'])\n"
        + "    except _cl.exceptions.ClientError:\n"
        + "        pass\n"
    )
    return handler, piso


def grabar(destino: Path, primera: dict[str, Any]) -> Path:
    ruta = destino / "grabacion.json"
    ruta.write_text(json.dumps(_a_json(primera), ensure_ascii=False), encoding="utf-8")
    return ruta


# CPU (usuario + sistema) de cada proceso medido, en el mismo orden que los tiempos de pared: con la máquina
# compartida la pared cambia con la carga, la CPU mucho menos (informativo; la meta es sobre la pared).
_CPU: list[float] = []


def _correr(codigo: str, entorno: dict[str, str], cwd: Path, argumentos: tuple[str, ...] = ()) -> float:
    antes = resource.getrusage(resource.RUSAGE_CHILDREN)
    inicio = time.perf_counter()
    # La salida del registro de la función va a /dev/null en los dos brazos.
    subprocess.run(  # noqa: S603
        [PY, "-c", codigo, *argumentos], env=entorno, cwd=cwd, check=True, stdout=subprocess.DEVNULL
    )
    pared = time.perf_counter() - inicio
    despues = resource.getrusage(resource.RUSAGE_CHILDREN)
    _CPU.append(despues.ru_utime - antes.ru_utime + despues.ru_stime - antes.ru_stime)
    return pared


def colecciones_completas(codigo: str, entorno: dict[str, str]) -> int:
    """Recolecciones de la generación más vieja del GC durante `codigo` (determinista para un mismo código).

    Cada una recorre todos los objetos vivos (~15 ms aquí). Función y piso terminan cerca del umbral que la
    dispara: si sólo una la paga, la razón se mueve sin que cambie el trabajo propio.
    """
    medir = "; import gc; print(gc.get_stats()[-1]['collections'])"
    r = subprocess.run(  # noqa: S603
        [PY, "-c", codigo + medir], env=entorno, cwd=RAIZ, capture_output=True, text=True, check=True
    )
    return int(r.stdout.split()[-1])


_GRUPOS = (
    ("boto3/botocore", ("boto3", "botocore", "urllib3", "dateutil", "jmespath", "s3transfer", "six")),
    ("pydantic", ("pydantic", "pydantic_core", "annotated_types", "typing_extensions", "typing_inspection")),
    ("powertools", ("aws_lambda_powertools",)),
    ("propio", ("funciones", "esquemas")),
)
_LINEA = re.compile(r"^import time:\s+(\d+)\s+\|\s+(\d+)\s+\|(\s*)(\S+)")


def _grupo(modulo: str) -> str:
    raiz = modulo.split(".")[0]
    return next((g for g, prefijos in _GRUPOS if raiz in prefijos), "stdlib y otros")


def tiempo_de_importacion(codigo: str, entorno: dict[str, str], corridas: int = 2) -> dict[str, Any]:
    """`python -X importtime`: ms propios por grupo y por módulo (el mínimo de `corridas`, contra el ruido)."""
    por_modulo: dict[str, int] = {}
    primer_nivel: dict[str, int] = {}
    for _ in range(corridas):
        r = subprocess.run(  # noqa: S603
            [PY, "-X", "importtime", "-c", codigo], env=entorno, cwd=RAIZ, capture_output=True, text=True, check=True
        )
        for linea in r.stderr.splitlines():
            m = _LINEA.match(linea)
            if not m:
                continue
            propio, acumulado, sangria, modulo = int(m[1]), int(m[2]), len(m[3]), m[4]
            por_modulo[modulo] = min(propio, por_modulo.get(modulo, propio))
            # Sólo los de primer nivel (sangría 1): su acumulado no se solapa con otro de la lista.
            if sangria == 1:
                primer_nivel[modulo] = min(acumulado, primer_nivel.get(modulo, acumulado))
    propios: dict[str, int] = defaultdict(int)
    for modulo, us in por_modulo.items():
        propios[_grupo(modulo)] += us
    caros = sorted(primer_nivel.items(), key=lambda x: -x[1])[:8]
    return {
        "propio_ms_por_grupo": {g: round(us / 1000, 1) for g, us in sorted(propios.items(), key=lambda x: -x[1])},
        "total_ms": round(sum(propios.values()) / 1000, 1),
        "primer_nivel_mas_caros_ms": [{"modulo": m, "ms": round(us / 1000, 1)} for m, us in caros],
        "_por_modulo": por_modulo,
    }


def _exceso(funcion: dict[str, Any], piso: dict[str, Any]) -> dict[str, Any]:
    """Lo que importa la función y el piso no: total y los módulos más caros (tiempo propio)."""
    solo = {m: us for m, us in funcion["_por_modulo"].items() if m not in piso["_por_modulo"]}
    por_paquete: dict[str, int] = defaultdict(int)
    for m, us in solo.items():
        por_paquete[m.split(".")[0]] += us
    return {
        "total_ms": round(sum(solo.values()) / 1000, 1),
        "por_paquete_ms": {k: round(v / 1000, 1) for k, v in sorted(por_paquete.items(), key=lambda x: -x[1])[:8]},
        "modulos_mas_caros_ms": {m: round(us / 1000, 1) for m, us in sorted(solo.items(), key=lambda x: -x[1])[:10]},
    }


def _copia_sin_bytecode(destino: Path) -> Path:
    """Como el paquete de Lambda: el código propio sin `__pycache__` (y /var/task no deja escribirlo)."""
    ignorar = shutil.ignore_patterns("__pycache__", "*.pyc")
    for carpeta in ("funciones", "esquemas"):
        shutil.copytree(RAIZ / carpeta, destino / carpeta, ignore=ignorar)
    return destino


def medir(
    funciones: list[str],
    repeticiones: int,
    sin_pyc: bool = False,
    primeras: dict[str, dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Razón función/piso por función. Con `primeras` (bench/emulacion.py), con la primera solicitud en ambos
    brazos. Con `sin_pyc`, un tercer brazo informativo: el código propio sin .pyc."""
    entorno = entorno_funciones()
    clientes = clientes_por_funcion(funciones)
    # Sólo la importación: la evidencia de -X importtime y del GC se toma siempre sobre ésta.
    codigos = {f: (f"import funciones.{f}.handler", codigo_piso(clientes[f])) for f in funciones}
    medidos = dict(codigos)
    argumentos: dict[str, tuple[str, ...]] = {f: () for f in funciones}
    con_primera: dict[str, str | None] = {}
    with tempfile.TemporaryDirectory(prefix="bench-paquete-") as tmp:
        copia = _copia_sin_bytecode(Path(tmp))
        entorno_lambda = {**entorno, "PYTHONPATH": str(copia), "PYTHONDONTWRITEBYTECODE": "1"}
        brazos = {"funcion": (entorno, RAIZ), "piso": (entorno, RAIZ)}
        if sin_pyc:
            brazos["funcion_sin_pyc"] = (entorno_lambda, copia)
        for f in funciones:
            if f not in (primeras or {}):
                con_primera[f] = "sin invocación grabada: sólo la importación"
                continue
            carpeta = Path(tmp) / f"grabacion-{f}"
            carpeta.mkdir()
            try:
                ruta = grabar(carpeta, (primeras or {})[f])
            except TypeError as error:
                # Un parámetro que no es JSON (p. ej. el cuerpo en flujo de un PutObject): sin repetición.
                con_primera[f] = f"la grabación no se pudo guardar: {error}"
                continue
            codigo = codigos_primera(f, clientes[f], bool((primeras or {})[f]["llamadas"]))
            args = (str(ruta), f"bluepoint-{f}")
            try:
                # También comprueba que la primera solicitud salga bien y use cada respuesta grabada.
                for c in codigo:
                    subprocess.run(  # noqa: S603
                        [PY, "-c", c, *args], env=entorno, cwd=RAIZ, check=True, capture_output=True, text=True
                    )
            except subprocess.CalledProcessError as error:
                con_primera[f] = f"la repetición falló: {(error.stderr or '').strip().splitlines()[-1:]}"
                continue
            medidos[f], argumentos[f], con_primera[f] = codigo, args, None
        # Una corrida sin medir de cada uno: deja el bytecode de site-packages y del repositorio en caché.
        for f, (handler, piso) in medidos.items():
            _correr(handler, entorno, RAIZ, argumentos[f])
            _correr(piso, entorno, RAIZ, argumentos[f])
        tiempos: dict[str, dict[str, list[float]]] = {f: {b: [] for b in brazos} for f in funciones}
        cpu: dict[str, dict[str, list[float]]] = {f: {b: [] for b in brazos} for f in funciones}
        for ronda in range(repeticiones):
            # El brazo informativo (sin .pyc) corre una ronda sí y una no, para no alargar el banco.
            claves = [c for c in brazos if c != "funcion_sin_pyc" or ronda % 2 == 0]
            for f in funciones:
                handler, piso = medidos[f]
                # Se rota quién va primero en cada ronda: el ruido de la máquina cae en todos los brazos.
                k = ronda % len(claves)
                for clave in claves[k:] + claves[:k]:
                    ent, cwd = brazos[clave]
                    brazo = piso if clave == "piso" else handler
                    tiempos[f][clave].append(_correr(brazo, ent, cwd, argumentos[f]))
                    cpu[f][clave].append(_CPU[-1])
    filas: list[dict[str, Any]] = []
    gc_pisos: dict[str, int] = {}
    for f in funciones:
        m = {clave: mediana(v) for clave, v in tiempos[f].items()}
        if codigos[f][1] not in gc_pisos:
            gc_pisos[codigos[f][1]] = colecciones_completas(codigos[f][1], entorno)
        r = razon(m["funcion"], m["piso"])
        # El mínimo de CPU de cada brazo: la corrida con menos interferencia de las otras sesiones.
        cpu_min = {clave: min(v) if v else float("nan") for clave, v in cpu[f].items()}
        if sin_pyc:
            # Informativo: como en Lambda, el código propio se compila en cada arranque (sin .pyc).
            m_sin = m["funcion_sin_pyc"]
            extra = {
                "mediana_funcion_sin_pyc_ms": round(m_sin * 1000, 1),
                "razon_sin_pyc": round(razon(m_sin, m["piso"]), 3),
            }
        else:
            extra = {}
        filas.append(
            {
                "funcion": f,
                "clientes": clientes[f],
                # None: importación y primera solicitud; si no, por qué sólo la importación.
                "primera_solicitud": con_primera[f] is None,
                "sin_primera": con_primera[f],
                "mediana_funcion_ms": round(m["funcion"] * 1000, 1),
                "mediana_piso_ms": round(m["piso"] * 1000, 1),
                "razon": round(r, 3),
                "objetivo": OBJETIVO,
                "cumple": r <= OBJETIVO,
                "razon_cpu": round(razon(cpu_min["funcion"], cpu_min["piso"]), 3),
                "cpu_min_ms": {k: round(v * 1000, 1) for k, v in cpu_min.items()},
                "corridas_ms": {k: [round(v * 1000, 1) for v in vs] for k, vs in tiempos[f].items()},
                # Informativo: recolecciones completas del GC en cada brazo (ver `colecciones_completas`).
                "gc_completas": {
                    "funcion": colecciones_completas(codigos[f][0], entorno),
                    "piso": gc_pisos[codigos[f][1]],
                },
                **extra,
            }
        )
    # Evidencia, sólo de las que no cumplen: desglose de importación de la función y de su piso (-X importtime).
    pisos: dict[str, dict[str, Any]] = {}
    for fila in (x for x in filas if not x["cumple"]):
        handler, piso = codigos[fila["funcion"]]
        if piso not in pisos:
            pisos[piso] = tiempo_de_importacion(piso, entorno)
        de_funcion = tiempo_de_importacion(handler, entorno)
        fila["importtime"] = {
            "funcion": {k: v for k, v in de_funcion.items() if k != "_por_modulo"},
            "piso": {k: v for k, v in pisos[piso].items() if k != "_por_modulo"},
            "solo_en_la_funcion": _exceso(de_funcion, pisos[piso]),
        }
    return {"repeticiones": repeticiones, "objetivo": OBJETIVO, "funciones": filas}


def grabar_primeras() -> dict[str, dict[str, Any]]:
    """Las primeras invocaciones de cada función, como en `make bench` (moto, unos segundos; sin lo demás)."""
    from bench.correr import _primeras_faltantes
    from bench.emulacion import Emulacion
    from bench.llamadas import medir as medir_llamadas

    with Emulacion() as e:
        _, capturas = medir_llamadas(e)
        _primeras_faltantes(e, capturas)
        return dict(e.primeras)


if __name__ == "__main__":
    # Sólo esta etapa, sin escribir resultados.json:
    #   python -m bench.frio [repeticiones] [funcion,funcion…]            sólo la importación
    #   python -m bench.frio --primera [repeticiones] [funcion,funcion…]  importación y primera solicitud, como
    #                                                                     make bench (graba antes bajo moto)
    import os
    import sys

    from infraestructura.rutas import FUNCIONES

    argumentos = [a for a in sys.argv[1:] if a != "--primera"]
    repeticiones = int(argumentos[0]) if argumentos else 9
    elegidas = argumentos[1].split(",") if len(argumentos) > 1 else list(FUNCIONES)
    primeras = grabar_primeras() if "--primera" in sys.argv else None
    print(f"carga antes: {os.getloadavg()[0]:.2f}")
    for fila in medir(elegidas, repeticiones, primeras=primeras)["funciones"]:
        marca = "sí" if fila["cumple"] else "NO"
        print(
            f"{fila['funcion']:15} {fila['mediana_funcion_ms']:7.1f} ms  piso {fila['mediana_piso_ms']:7.1f} ms  "
            f"{fila['razon']:.3f}×  {marca}  CPU {fila['razon_cpu']:.3f}×  "
            f"(GC completas: {fila['gc_completas']['funcion']}"
            f" / piso {fila['gc_completas']['piso']}){'' if fila['primera_solicitud'] else '  ' + fila['sin_primera']}"
        )
    print(f"carga después: {os.getloadavg()[0]:.2f}")
