"""El servidor local (`python -m infraestructura.local`) bajo una carga acotada, sólo en 127.0.0.1.

Se arranca como lo hace `make run`, en un subproceso con PUERTO libre; la carga sale de hilos de este proceso,
cada uno con su conexión HTTP/1.1 persistente. Cada fase tiene un número fijo de solicitudes y un tope de tiempo.
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

from bench.comun import PY, RAIZ, mediana, percentil


def _puerto_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Servidor:
    def __enter__(self) -> Servidor:
        self.puerto = _puerto_libre()
        entorno = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        entorno.update({"PUERTO": str(self.puerto), "PYTHONUNBUFFERED": "1", "CLAVE_DEMO": "Banco-Clave-2026!"})
        # La página corporativa de muestra también en un puerto libre: no choca con un make run abierto.
        entorno["PUERTO_CORPORATIVO"] = str(_puerto_libre())
        self._bitacora = Path(tempfile.mkstemp(prefix="bench-servidor-", suffix=".log")[1])
        with self._bitacora.open("w") as salida:
            self.proceso = subprocess.Popen(  # noqa: S603
                [PY, "-m", "infraestructura.local"], cwd=RAIZ, env=entorno, stdout=salida, stderr=subprocess.STDOUT
            )
        inicio, limite = time.monotonic(), time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.puerto}/api/catalogo", timeout=2) as r:  # noqa: S310
                    if r.status == 200:
                        break
            except OSError:
                pass
            if self.proceso.poll() is not None or time.monotonic() > limite:
                self.proceso.kill()
                raise RuntimeError(f"el servidor local no arrancó:\n{self._bitacora.read_text()[-3000:]}")
            time.sleep(0.2)
        self.arranque_s = time.monotonic() - inicio
        return self

    def bitacora(self, caracteres: int = 3000) -> str:
        return self._bitacora.read_text(errors="replace")[-caracteres:]

    def __exit__(self, *_: Any) -> None:
        self.proceso.terminate()
        try:
            self.proceso.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proceso.kill()
        self._bitacora.unlink(missing_ok=True)


def _fase(puerto: int, cuerpos: list[bytes], camino: str, hilos: int, tope_s: float) -> dict[str, Any]:
    """Manda cada cuerpo una vez, repartidos entre `hilos`; se detiene al agotar la lista o el tope de tiempo."""
    siguiente = iter(range(len(cuerpos)))
    candado = threading.Lock()
    latencias: list[float] = []
    errores: list[str] = []
    respuestas: list[Any] = []
    limite = time.monotonic() + tope_s

    def trabajar() -> None:
        conexion = http.client.HTTPConnection("127.0.0.1", puerto, timeout=30)
        while time.monotonic() < limite:
            with candado:
                i = next(siguiente, None)
            if i is None:
                break
            inicio = time.perf_counter()
            try:
                conexion.request("POST", camino, cuerpos[i], {"Content-Type": "application/json"})
                r = conexion.getresponse()
                datos = r.read()
                transcurrido = time.perf_counter() - inicio
                with candado:
                    latencias.append(transcurrido)
                    if r.status >= 300:
                        errores.append(f"{r.status} {datos[:200]!r}")
                    else:
                        respuestas.append((i, json.loads(datos)))
            except (OSError, http.client.HTTPException) as e:
                with candado:
                    errores.append(repr(e))
                conexion.close()
                conexion = http.client.HTTPConnection("127.0.0.1", puerto, timeout=30)
        conexion.close()

    inicio = time.perf_counter()
    trabajadores = [threading.Thread(target=trabajar, daemon=True) for _ in range(hilos)]
    for t in trabajadores:
        t.start()
    for t in trabajadores:
        t.join()
    duracion = time.perf_counter() - inicio
    hechas = len(latencias) + sum(1 for e in errores if not e[:3].isdigit())
    return {
        "ruta": f"POST {camino}",
        "solicitudes": len(cuerpos),
        "completadas": hechas,
        "cortada_por_tiempo": hechas < len(cuerpos),
        "hilos": hilos,
        "duracion_s": round(duracion, 2),
        "por_segundo": round(hechas / duracion, 1) if duracion else 0.0,
        "p50_ms": round(mediana(latencias) * 1000, 1),
        "p99_ms": round(percentil(latencias, 99) * 1000, 1),
        "errores": len(errores),
        "muestra_errores": errores[:3],
        "_respuestas": respuestas,
    }


def medir(solicitudes: int, hilos: int, tope_s: float) -> dict[str, Any]:
    from bench.llamadas import cuerpo_alta

    altas = []
    for i in range(solicitudes):
        # Contrato y correo distintos: los límites diarios (5 por correo y por contrato) no entran en juego.
        cuerpo = cuerpo_alta(i)
        cuerpo.update({"contrato": str(20_000_000 + i), "correo": f"carga{i}@example.com"})
        altas.append(cuerpo)
    with Servidor() as s:
        fase_altas = _fase(s.puerto, [json.dumps(c).encode() for c in altas], "/api/casos", hilos, tope_s)
        # Cada consulta usa un folio creado en la fase anterior, con el contrato con que se creó.
        consultas = [
            json.dumps({"folio": r["folio"], "contrato": altas[i]["contrato"]}).encode()
            for i, r in fase_altas.pop("_respuestas")
        ]
        consultas = [consultas[i % len(consultas)] for i in range(solicitudes)] if consultas else []
        fase_consultas = _fase(s.puerto, consultas, "/api/consultas", hilos, tope_s)
        fase_consultas.pop("_respuestas")
        resultado = {"arranque_servidor_s": round(s.arranque_s, 1), "fases": [fase_altas, fase_consultas]}
        if fase_altas["errores"] or fase_consultas["errores"] or s.proceso.poll() is not None:
            # Con errores, el final de la bitácora del servidor va al informe.
            resultado["bitacora_servidor"] = s.bitacora()
        return resultado
