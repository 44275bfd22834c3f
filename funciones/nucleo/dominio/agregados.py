"""Contadores de los reportes: qué suma cada evento del historial al día en que ocurrió (hora de México).

Los contadores viven en `REPORTE/DIA#<aaaa-mm-dd>` y se suman con ADD, que es conmutativo: el orden en que
llegan los registros del flujo no importa; la marca por evento hace que un registro repetido cuente una vez.
Un lote del flujo se suma en memoria: un solo ADD por día y lote, con la marca de cada evento en la misma
transacción.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from funciones.nucleo.dominio import calendario
from funciones.nucleo.dominio.caso import Evento

# Límites superiores (horas hábiles) de los intervalos del tiempo de resolución.
INTERVALOS_HORAS = (1, 2, 4, 8, 12, 16, 20, 30, 40, 50, 75, 100, 150)


def dia(fecha: datetime) -> str:
    return fecha.astimezone(calendario.ZONA).date().isoformat()


def intervalo(horas: float) -> str:
    return next((f"{limite}" for limite in INTERVALOS_HORAS if horas <= limite), "mas")


# Los únicos tipos de evento que suman algo; el filtro del flujo en la pila deja pasar sólo éstos.
TIPOS_CONTADOS = frozenset(
    {
        "caso_registrado",
        "en_proceso",
        "escalamiento",
        "caso_resuelto",
        "caso_cerrado",
        "caso_reabierto",
        "encuesta_respondida",
    }
)


# Departamento de un caso resuelto sin escalar a uno: el primer nivel (asesores y supervisores).
PRIMER_NIVEL = "primer_nivel"
# Autores que no son agentes: no tienen fila en el reporte por agente.
_NO_AGENTES = frozenset({"cliente", "sistema", ""})


def clave_agente(usuario: str, metrica: str) -> str:
    return f"agente#{usuario}#{metrica}"


def clave_departamento(departamento: str, metrica: str) -> str:
    return f"departamento#{departamento}#{metrica}"


def _por_quien(agente: str | None, departamento: str | None, suma: dict[str, int]) -> dict[str, int]:
    """La misma suma para el agente (si lo es) y para el departamento (si lo hay)."""
    salida: dict[str, int] = {}
    for metrica, valor in suma.items():
        if agente and agente not in _NO_AGENTES:
            salida[clave_agente(agente, metrica)] = valor
        if departamento:
            salida[clave_departamento(departamento, metrica)] = valor
    return salida


def _contribucion_general(evento: Evento) -> dict[str, int]:
    d, t = evento.datos, evento.tipo
    if t == "caso_registrado":
        return {
            "casos": 1,
            f"tipo#{d.get('tipo')}": 1,
            f"categoria#{d.get('tipo')}/{d.get('categoria')}": 1,
            f"canal#{d.get('canal')}": 1,
            "estado#registrado": 1,
        }
    if t == "en_proceso":
        return {"estado#en_proceso": 1}
    if t == "escalamiento":
        return {
            "escalamientos": 1,
            "escalamientos#reloj" if evento.autor == "sistema" else "escalamientos#agente": 1,
            "estado#escalado": 1,
        }
    if t == "caso_resuelto":
        suma = {"resueltos": 1, "estado#resuelto": 1}
        if d.get("primer_contacto"):
            suma["primer_contacto"] = 1
        if "fecha_registro" in d:
            registro = datetime.fromisoformat(d["fecha_registro"])
            horas = calendario.horas_habiles_entre(registro, evento.fecha)
            suma[f"horas#{intervalo(horas)}"] = 1
            suma["sla_interno"] = int(evento.fecha <= datetime.fromisoformat(d["fecha_compromiso"]))
            suma["sla_legal"] = int(evento.fecha <= datetime.fromisoformat(d["fecha_limite_legal"]))
        return suma
    if t == "caso_cerrado":
        return {"estado#cerrado": 1, "encuestas_enviadas": 1 if evento.notificar else 0}
    if t == "caso_reabierto":
        return {"estado#reabierto": 1, "reaperturas": 1}
    if t == "encuesta_respondida":
        calificacion = int(d["calificacion"])
        return {"encuestas_respondidas": 1, f"csat#{calificacion}": 1, "csat_suma": calificacion}
    return {}


def _contribucion_por_quien(evento: Evento, general: dict[str, int]) -> dict[str, int]:
    """Por agente y por departamento (issue 16): volumen, primer contacto, SLA, CSAT y tiempo de resolución."""
    d, t = evento.datos, evento.tipo
    if t == "caso_registrado":
        return _por_quien(evento.autor, None, {"registrados": 1})
    if t == "escalamiento":
        destino = d.get("destino")
        recibido = _por_quien(None, destino, {"recibidos": 1}) if destino and destino != "supervisor" else {}
        propio = _por_quien(evento.autor, None, {"escalamientos": 1}) if evento.autor != "sistema" else {}
        return {**recibido, **propio}
    if t == "caso_resuelto":
        suma = {k: general.get(k, 0) for k in ("resueltos", "primer_contacto", "sla_interno", "sla_legal")}
        if "fecha_registro" in d:
            registro = datetime.fromisoformat(d["fecha_registro"])
            # En décimas de hora: ADD suma enteros y el promedio conserva un decimal.
            suma["horas_decimas"] = round(calendario.horas_habiles_entre(registro, evento.fecha) * 10)
            suma["con_tiempo"] = 1
        return _por_quien(evento.autor, d.get("departamento") or PRIMER_NIVEL, suma)
    if t == "encuesta_respondida" and ("agente" in d or "departamento" in d):
        suma = {"encuestas": 1, "csat_suma": int(d["calificacion"])}
        return _por_quien(d.get("agente"), d.get("departamento") or PRIMER_NIVEL, suma)
    return {}


def contribucion(evento: Evento) -> dict[str, int]:
    """Los contadores que suma este evento (vacío si no cuenta para ningún reporte)."""
    if evento.tipo not in TIPOS_CONTADOS:
        return {}
    general = _contribucion_general(evento)
    return {**general, **_contribucion_por_quien(evento, general)}


@dataclass(frozen=True)
class Aporte:
    """Lo que un evento suma a los contadores de su día."""

    evento_id: str
    dia: str
    suma: dict[str, int]


def por_dia(aportes: list[Aporte]) -> dict[str, dict[str, int]]:
    """Las sumas de varios eventos, juntas por día (sin contadores en cero)."""
    dias: dict[str, dict[str, int]] = {}
    for a in aportes:
        total = dias.setdefault(a.dia, {})
        for k, v in a.suma.items():
            total[k] = total.get(k, 0) + v
    sin_ceros = {d: {k: v for k, v in suma.items() if v} for d, suma in dias.items()}
    return {d: suma for d, suma in sin_ceros.items() if suma}
