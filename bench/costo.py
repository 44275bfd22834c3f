"""Costo de la infraestructura por millón de casos, con las unidades que midió el banco y los supuestos de abajo.

`python -m bench.costo` lo calcula sobre el último bench/resultados.json; `make bench` lo imprime como sección 6.
Lo medido (WRU, RRU, bytes de registro por operación) sale de `llamadas`; lo demás es un supuesto con nombre,
explicado en docs/capacidad.md. Precio de lista público, us-east-1, sin capa gratuita.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from bench.comun import RAIZ

OBJETIVO_USD = 30.0

PRECIOS = {
    "api_rest": 3.50,  # por millón de solicitudes
    "api_http": 1.00,
    "lambda_invocacion": 0.20,  # por millón
    "lambda_gb_s": 0.0000133334,  # arm64
    "wru": 0.625,  # por millón
    "rru": 0.125,
    "registros_gb": 0.50,
    "registros_gb_mes": 0.03,
    "sns_publish": 0.50,  # por millón
    "scheduler": 1.00,  # por millón de invocaciones programadas
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
    "meses_de_retencion": 1,
}


# Solicitudes cuyas lecturas medidas se cobran una vez por solicitud (la cola y el barrido van aparte).
_LEEN = ("seguimiento", "comprobante", "detalle", "interaccion", "resolucion", "confirmacion", "escalamiento")


def _wru_agregados(lotes: dict[str, Any], tamano: float) -> float:
    """WRU por evento en un lote de `tamano`: a + b/n ajustado a los lotes medidos de 10 y 100."""
    p10, p100 = lotes["10"]["wru_por_evento"], lotes["100"]["wru_por_evento"]
    b = (p10 - p100) / (1 / 10 - 1 / 100)
    return p100 - b / 100 + b / max(tamano, 1)


def costo(llamadas: dict[str, Any], s: dict[str, Any] = SUPUESTOS, p: dict[str, float] = PRECIOS) -> dict[str, Any]:
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
    invocaciones = (
        solicitudes
        + avisos_total
        + s["eventos_ses"]
        + s["encuestas_programadas"]
        + s["eventos_que_cuentan"] / lote
        + barridos_por_caso
    )
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
    bytes_registro = (
        s["bytes_acceso_api"] * solicitudes
        + s["bytes_plataforma_por_invocacion"] * invocaciones
        + ops["alta_con_clave"]["bytes_registro"]
        + ops["resolucion"]["bytes_registro"] * ope["resolucion"]
        + ops["escalamiento"]["bytes_registro"] * ope["escalamiento"]
        + aviso_bytes * (avisos_total + s["eventos_ses"])
    )
    gb_registro = bytes_registro * 1e6 / 1e9
    publicaciones = s["alertas_del_reloj"] + ope["escalamiento"] + s["eventos_ses"]

    wru, rru = sum(escrituras.values()), sum(lecturas.values())
    rubros = [
        ("API Gateway REST", f"{solicitudes:.1f} solicitudes × {p['api_rest']:.2f}", solicitudes * p["api_rest"]),
        (
            "Lambda, invocaciones",
            f"{invocaciones:.1f} × {p['lambda_invocacion']:.2f}",
            invocaciones * p["lambda_invocacion"],
        ),
        ("Lambda, duración", f"{gb_s:.3f} GB-s × {p['lambda_gb_s'] * 1e6:.2f}", gb_s * p["lambda_gb_s"] * 1e6),
        ("DynamoDB, escrituras", f"{wru:.1f} WRU × {p['wru']}", wru * p["wru"]),
        ("DynamoDB, lecturas", f"{rru:.1f} RRU × {p['rru']}", rru * p["rru"]),
        (
            "CloudWatch Logs",
            f"{bytes_registro / 1000:.1f} KB por caso → {gb_registro:.1f} GB",
            gb_registro * (p["registros_gb"] + p["registros_gb_mes"] * s["meses_de_retencion"]),
        ),
        ("SNS (Publish)", f"{publicaciones:.2f} × {p['sns_publish']:.2f}", publicaciones * p["sns_publish"]),
        (
            "EventBridge Scheduler",
            f"{s['encuestas_programadas']} × {p['scheduler']:.2f}",
            s["encuestas_programadas"] * p["scheduler"],
        ),
    ]
    total = sum(r[2] for r in rubros)
    return {
        "rubros": [{"rubro": n, "calculo": c, "usd": round(u, 2)} for n, c, u in rubros],
        "total_usd": round(total, 1),
        "con_http_api_usd": round(total - solicitudes * (p["api_rest"] - p["api_http"]), 1),
        "wru_por_caso": {k: round(v, 2) for k, v in escrituras.items()},
        "rru_por_caso": {k: round(v, 2) for k, v in lecturas.items()},
        "lote_agregados": round(lote, 1),
        "objetivo_usd": OBJETIVO_USD,
        "cumple": total <= OBJETIVO_USD,
    }


def imprimir(c: dict[str, Any]) -> None:
    print("\n6. Costo de la infraestructura por millón de casos (unidades medidas + supuestos de bench/costo.py)")
    ancho = max(len(r["rubro"]) for r in c["rubros"])
    for r in c["rubros"]:
        print(f"  {r['rubro'].ljust(ancho)}  {r['calculo']:>42}  {r['usd']:8.2f}")
    print(f"  {'Total'.ljust(ancho)}  {'':>42}  {c['total_usd']:8.1f}  (objetivo ≤ {c['objetivo_usd']:.0f})")
    print(f"  con HTTP API en vez de REST: {c['con_http_api_usd']:.1f}")
    print("  WRU por caso: " + ", ".join(f"{k} {v}" for k, v in c["wru_por_caso"].items()))


def main() -> int:
    r = json.loads((RAIZ / "bench" / "resultados.json").read_text(encoding="utf-8"))
    imprimir(costo(r["llamadas"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
