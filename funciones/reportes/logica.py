"""Reportes de supervisión desde los contadores diarios (JSON y CSV)."""

from __future__ import annotations

import csv
import io
from collections import Counter
from typing import Any

from esquemas.reportes import Desempeno, Intervalo, Reporte, Tasa
from funciones.nucleo.dominio import catalogo
from funciones.nucleo.dominio.agregados import INTERVALOS_HORAS, PRIMER_NIVEL
from funciones.nucleo.dominio.caso import ESTADOS


def _tasa(cumplidos: int, total: int) -> Tasa:
    return Tasa(cumplidos=cumplidos, total=total, tasa=round(cumplidos / total, 4) if total else None)


def _percentil(intervalos: list[tuple[int | None, int]], fraccion: float) -> int | None:
    """Límite superior del intervalo donde cae el percentil (aproximación por intervalos)."""
    total = sum(n for _, n in intervalos)
    if not total:
        return None
    acumulado = 0
    for limite, n in intervalos:
        acumulado += n
        if acumulado >= fraccion * total:
            return limite
    return None


def _desempeno(suma: Counter[str], prefijo: str, nombres: dict[str, str]) -> list[Desempeno]:
    """Filas por agente (`agente#<usuario>#<métrica>`) o por departamento, la de más resueltos primero."""
    por_quien: dict[str, Counter[str]] = {}
    for k, v in suma.items():
        if k.startswith(prefijo + "#"):
            quien, metrica = k[len(prefijo) + 1 :].rsplit("#", 1)
            por_quien.setdefault(quien, Counter())[metrica] += v
    filas = []
    for quien, m in por_quien.items():
        resueltos, encuestas, con_tiempo = m["resueltos"], m["encuestas"], m["con_tiempo"]
        filas.append(
            Desempeno(
                clave=quien,
                nombre=nombres.get(quien, quien),
                registrados=m["registrados"],
                resueltos=resueltos,
                primer_contacto=_tasa(m["primer_contacto"], resueltos),
                sla_interno=_tasa(m["sla_interno"], resueltos),
                sla_legal=_tasa(m["sla_legal"], resueltos),
                tiempo_resolucion_promedio_horas=round(m["horas_decimas"] / 10 / con_tiempo, 1) if con_tiempo else None,
                csat_promedio=round(m["csat_suma"] / encuestas, 2) if encuestas else None,
                encuestas_respondidas=encuestas,
                escalamientos=m["escalamientos"],
                recibidos=m["recibidos"],
            )
        )
    return sorted(filas, key=lambda f: (-f.resueltos, -f.registrados, f.nombre))


def construir_reporte(dias: list[dict[str, Any]], desde: str, hasta: str) -> Reporte:
    suma: Counter[str] = Counter()
    for d in dias:
        suma.update({k: int(v) for k, v in d.items() if k not in ("pk", "sk") and isinstance(v, int | float)})

    def grupo(prefijo: str) -> dict[str, int]:
        return {k.split("#", 1)[1]: v for k, v in sorted(suma.items()) if k.startswith(prefijo + "#")}

    nombres_tipo = {t["clave"]: t["nombre"] for t in catalogo.catalogo()["tipos"]}
    intervalos: list[tuple[int | None, int]] = [(h, suma.get(f"horas#{h}", 0)) for h in INTERVALOS_HORAS]
    intervalos.append((None, suma.get("horas#mas", 0)))
    resueltos = suma.get("resueltos", 0)
    respondidas = suma.get("encuestas_respondidas", 0)
    enviadas = suma.get("encuestas_enviadas", 0)
    return Reporte(
        desde=desde,
        hasta=hasta,
        casos=suma.get("casos", 0),
        por_tipo={nombres_tipo.get(k, k): v for k, v in grupo("tipo").items()},
        por_categoria=grupo("categoria"),
        por_canal=grupo("canal"),
        por_estado={ESTADOS.get(k, k): v for k, v in grupo("estado").items()},
        primer_contacto=_tasa(suma.get("primer_contacto", 0), resueltos),
        sla_interno=_tasa(suma.get("sla_interno", 0), resueltos),
        sla_legal=_tasa(suma.get("sla_legal", 0), resueltos),
        tiempo_resolucion_mediana_horas=_percentil(intervalos, 0.5),
        tiempo_resolucion_p90_horas=_percentil(intervalos, 0.9),
        tiempo_resolucion=[Intervalo(hasta_horas=h, casos=n) for h, n in intervalos],
        escalamientos=suma.get("escalamientos", 0),
        escalamientos_por_agente=suma.get("escalamientos#agente", 0),
        escalamientos_por_reloj=suma.get("escalamientos#reloj", 0),
        reaperturas=suma.get("reaperturas", 0),
        csat_promedio=round(suma.get("csat_suma", 0) / respondidas, 2) if respondidas else None,
        csat_distribucion={str(n): suma.get(f"csat#{n}", 0) for n in range(1, 6)},
        encuestas_enviadas=enviadas,
        encuestas_respondidas=respondidas,
        tasa_respuesta=round(respondidas / enviadas, 4) if enviadas else None,
        por_agente=_desempeno(suma, "agente", {}),
        por_departamento=_desempeno(
            suma,
            "departamento",
            {
                **{d["clave"]: d["nombre"] for d in catalogo.catalogo()["departamentos"]},
                PRIMER_NIVEL: "Primer contacto (asesores y supervisores)",
            },
        ),
    )


def csv_reporte(r: Reporte) -> str:
    """CSV en UTF-8 con BOM (Excel lo abre con acentos) y coma como separador."""
    salida = io.StringIO()
    w = csv.writer(salida, lineterminator="\r\n")
    w.writerow(["sección", "concepto", "valor"])
    w.writerow(["periodo", "desde", r.desde])
    w.writerow(["periodo", "hasta", r.hasta])
    w.writerow(["casos", "total", r.casos])
    canales = {c["clave"]: c["nombre"] for c in catalogo.catalogo()["canales"]}
    categorias = {
        f"{t['clave']}/{c['clave']}": f"{t['nombre']} · {c['nombre']}"
        for t in catalogo.catalogo()["tipos"]
        for c in t["categorias"]
    }
    for seccion, valores in (
        ("por tipo", r.por_tipo),
        ("por categoría", {categorias.get(k, k): v for k, v in r.por_categoria.items()}),
        ("por canal", {canales.get(k, k): v for k, v in r.por_canal.items()}),
        ("por estado alcanzado", r.por_estado),
        ("CSAT (respuestas)", r.csat_distribucion),
    ):
        for concepto, valor in valores.items():
            w.writerow([seccion, concepto, valor])
    for seccion, tasa in (
        ("primer contacto", r.primer_contacto),
        ("SLA interno", r.sla_interno),
        ("SLA legal", r.sla_legal),
    ):
        w.writerow([seccion, "cumplidos", tasa.cumplidos])
        w.writerow([seccion, "total", tasa.total])
        w.writerow([seccion, "tasa", "" if tasa.tasa is None else tasa.tasa])
    for concepto, horas in (
        ("mediana (horas hábiles)", r.tiempo_resolucion_mediana_horas),
        ("percentil 90 (horas hábiles)", r.tiempo_resolucion_p90_horas),
    ):
        w.writerow(["tiempo de resolución", concepto, "" if horas is None else horas])
    for i in r.tiempo_resolucion:
        w.writerow(["tiempo de resolución", f"hasta {i.hasta_horas} h" if i.hasta_horas else "más", i.casos])
    for concepto, cifra in (
        ("escalamientos", r.escalamientos),
        ("por agente", r.escalamientos_por_agente),
        ("por reloj", r.escalamientos_por_reloj),
        ("reaperturas", r.reaperturas),
        ("CSAT promedio", r.csat_promedio),
        ("encuestas enviadas", r.encuestas_enviadas),
        ("encuestas respondidas", r.encuestas_respondidas),
        ("tasa de respuesta", r.tasa_respuesta),
    ):
        w.writerow(["seguimiento", concepto, "" if cifra is None else cifra])
    for seccion, filas in (("agente", r.por_agente), ("departamento", r.por_departamento)):
        for f in filas:
            nombre = f"{seccion}: {f.nombre}"
            for concepto, cifra in (
                ("casos registrados", f.registrados),
                ("casos resueltos", f.resueltos),
                ("tasa de primer contacto", f.primer_contacto.tasa),
                ("cumplimiento del SLA interno (horas hábiles)", f.sla_interno.tasa),
                ("cumplimiento del plazo legal", f.sla_legal.tasa),
                ("tiempo promedio de resolución (horas hábiles)", f.tiempo_resolucion_promedio_horas),
                ("CSAT promedio", f.csat_promedio),
                ("encuestas respondidas", f.encuestas_respondidas),
                ("escalamientos hechos", f.escalamientos),
                ("escalamientos recibidos", f.recibidos),
            ):
                w.writerow([nombre, concepto, "" if cifra is None else cifra])
    return "\ufeff" + salida.getvalue()
