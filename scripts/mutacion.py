"""`make mutacion`: mutmut sobre las reglas de dominio y la cuenta de mutantes muertos (meta: 90 %).

Corre `mutmut run` sólo sobre las funciones del ALCANCE, lee el resultado de cada mutante y descuenta los
equivalentes marcados uno por uno en `scripts/mutacion-equivalentes.toml` (cada uno con su motivo; se reconocen
por la función y la línea que cambia, no por su número, que cambia al editar el archivo). Falla si los muertos
bajan de META o si un equivalente marcado ya no existe (cambió el código); si uno muere, lo avisa.

Uso: python scripts/mutacion.py [--procesos N] [--sin-correr]
"""

from __future__ import annotations

import argparse
import fnmatch
import subprocess
import sys
import time
import tomllib
from collections import Counter
from pathlib import Path

RAIZ = Path(__file__).resolve().parents[1]
META = 0.90
EQUIVALENTES = RAIZ / "scripts" / "mutacion-equivalentes.toml"
# Las reglas (ver docs/decisiones.md, «Pruebas»). Los nombres son los de mutmut: módulo.x_función o
# módulo.xǁClaseǁmétodo. Fuera quedan, p. ej., la prueba de entrega de SES de notificaciones/logica.py.
ALCANCE = [
    "funciones.nucleo.dominio.folio.*",
    "funciones.nucleo.dominio.calendario.*",
    "funciones.nucleo.dominio.caso.*",
    "funciones.nucleo.dominio.ciclo.*",
    "funciones.nucleo.dominio.enlaces.*",
    "funciones.nucleo.dominio.clientes.*",
    "funciones.verificacion.logica.*",
    "funciones.notificaciones.logica.x_entregar__*",
    "funciones.notificaciones.logica.x_momento_encuesta__*",
    "funciones.notificaciones.logica.x_nombre_programa__*",
    "funciones.notificaciones.logica.x_carga_programa__*",
    "funciones.nucleo.adaptadores.dynamodb.xǁEnviosDynamoǁ*",
    "funciones.seguimiento.logica.*",
]
MUERTOS = {"killed", "timeout"}  # un mutante que cuelga las pruebas también queda detectado


def _en_alcance(nombre: str) -> bool:
    return any(fnmatch.fnmatchcase(nombre, patron) for patron in ALCANCE)


def _funcion(nombre: str) -> str:
    return nombre.rsplit("__mutmut_", 1)[0]


def _cambio(diff: str) -> tuple[str, str]:
    """Las líneas quitadas y puestas por el mutante, sin sangría (así se reconoce aunque cambie su número)."""
    lineas = diff.splitlines()
    quitadas = [linea[1:].strip() for linea in lineas if linea.startswith("-") and not linea.startswith("---")]
    puestas = [linea[1:].strip() for linea in lineas if linea.startswith("+") and not linea.startswith("+++")]
    return "\n".join(quitadas), "\n".join(puestas)


def _resultados() -> dict[str, str]:
    from mutmut.mutation.data import SourceFileMutationData
    from mutmut.stats import status_by_exit_code
    from mutmut.utils.file_utils import walk_mutatable_files

    estados: dict[str, str] = {}
    for ruta in walk_mutatable_files():
        datos = SourceFileMutationData(path=ruta)
        datos.load()
        for nombre, codigo in datos.exit_code_by_key.items():
            if _en_alcance(nombre):
                estados[nombre] = status_by_exit_code[codigo]
    return estados


def _equivalentes() -> list[dict[str, str]]:
    marcados = tomllib.loads(EQUIVALENTES.read_text(encoding="utf-8")).get("equivalente", [])
    for marca in marcados:
        faltan = {"funcion", "original", "mutado", "motivo"} - set(marca)
        if faltan or not marca["motivo"].strip():
            sys.exit(f"Equivalente sin {', '.join(sorted(faltan)) or 'motivo'}: {marca}")
    return marcados


def main() -> int:
    argumentos = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    argumentos.add_argument("--procesos", type=int, default=2)
    argumentos.add_argument("--sin-correr", action="store_true", help="sólo cuenta la última corrida")
    opciones = argumentos.parse_args()

    inicio = time.monotonic()
    if not opciones.sin_correr:
        orden = [sys.executable, "-m", "mutmut", "run", "--max-children", str(opciones.procesos), *ALCANCE]
        # mutmut pinta su avance en una sola línea; su salida completa queda en mutants/mutmut.log.
        (RAIZ / "mutants").mkdir(exist_ok=True)
        with (RAIZ / "mutants" / "mutmut.log").open("w") as bitacora:
            # La orden es fija (este intérprete, mutmut y el alcance): nada viene de fuera.
            corrida = subprocess.run(orden, cwd=RAIZ, stdout=bitacora, stderr=subprocess.STDOUT, check=False)  # noqa: S603
        if corrida.returncode != 0:
            print((RAIZ / "mutants" / "mutmut.log").read_text()[-3000:])
            print(f"mutmut terminó con código {corrida.returncode}")
            return 1

    from mutmut.mutation.diff_apply import get_diff_for_mutant

    estados = _resultados()
    if not estados:
        print("No hay resultados de mutmut: corre sin --sin-correr.")
        return 1
    marcados = _equivalentes()
    usados: Counter[int] = Counter()
    equivalentes: list[tuple[str, str]] = []
    vivos: list[tuple[str, str, str, str]] = []
    for nombre, estado in sorted(estados.items()):
        if estado in MUERTOS:
            continue
        original, mutado = _cambio(get_diff_for_mutant(nombre))
        marca = next(
            (
                i
                for i, m in enumerate(marcados)
                if (m["funcion"], m["original"].strip(), m["mutado"].strip()) == (_funcion(nombre), original, mutado)
            ),
            None,
        )
        if marca is not None and estado == "survived":
            usados[marca] += 1
            equivalentes.append((nombre, marcados[marca]["motivo"]))
        else:
            vivos.append((nombre, estado, original, mutado))

    # Una marca sin sobreviviente: si su mutante existe pero murió, se avisa (una prueba lo mató, o lo mató el
    # tiempo en una máquina cargada: el plazo de Hypothesis); si ya no existe (cambió el código), la marca sobra.
    sobrantes, murieron = [], []
    for i, marca in enumerate(marcados):
        if usados[i]:
            continue
        candidatos = [n for n in estados if _funcion(n) == marca["funcion"]]
        cambios = {_cambio(get_diff_for_mutant(n)): n for n in candidatos}
        nombre = cambios.get((marca["original"].strip(), marca["mutado"].strip()))
        (murieron if nombre else sobrantes).append(marca)
    cuenta = Counter(estados.values())
    considerados = len(estados) - len(equivalentes)
    muertos = sum(cuenta[e] for e in MUERTOS)
    tasa = muertos / considerados if considerados else 0.0

    for nombre, estado, original, mutado in vivos:
        print(f"{estado}: {nombre}\n    - {original}\n    + {mutado}")
    for marca in murieron:
        print(f"Aviso: el equivalente marcado murió en esta corrida: {marca['funcion']}: {marca['mutado']}")
    for marca in sobrantes:
        print(f"Equivalente marcado que ya no existe (quita la marca): {marca['funcion']}: {marca['mutado']}")
    por_estado = ", ".join(f"{e} {n}" for e, n in sorted(cuenta.items()))
    print(
        f"\nMutantes: {len(estados)} ({por_estado}); equivalentes marcados: {len(equivalentes)}."
        f"\nMuertos: {muertos} de {considerados} = {tasa:.1%} (meta {META:.0%}) en {time.monotonic() - inicio:.0f} s."
    )
    if tasa < META:
        print(
            "Por debajo de la meta: escribe la prueba que mata cada sobreviviente o márcalo equivalente con su motivo."
        )
        return 1
    return 1 if sobrantes else 0


if __name__ == "__main__":
    sys.exit(main())
