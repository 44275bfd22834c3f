"""GET /api/reportes: indicadores del periodo."""

from __future__ import annotations

from esquemas.base import Respuesta


class Tasa(Respuesta):
    cumplidos: int
    total: int
    tasa: float | None


class Intervalo(Respuesta):
    hasta_horas: int | None
    casos: int


class Desempeno(Respuesta):
    """Una fila del reporte por agente o por departamento."""

    clave: str
    nombre: str
    registrados: int
    resueltos: int
    primer_contacto: Tasa
    sla_interno: Tasa
    sla_legal: Tasa
    tiempo_resolucion_promedio_horas: float | None
    csat_promedio: float | None
    encuestas_respondidas: int
    escalamientos: int
    recibidos: int


class Reporte(Respuesta):
    desde: str
    hasta: str
    casos: int
    por_tipo: dict[str, int]
    por_categoria: dict[str, int]
    por_canal: dict[str, int]
    por_estado: dict[str, int]
    primer_contacto: Tasa
    sla_interno: Tasa
    sla_legal: Tasa
    tiempo_resolucion_mediana_horas: int | None
    tiempo_resolucion_p90_horas: int | None
    tiempo_resolucion: list[Intervalo]
    escalamientos: int
    escalamientos_por_agente: int
    escalamientos_por_reloj: int
    reaperturas: int
    csat_promedio: float | None
    csat_distribucion: dict[str, int]
    encuestas_enviadas: int
    encuestas_respondidas: int
    tasa_respuesta: float | None
    por_agente: list[Desempeno] = []
    por_departamento: list[Desempeno] = []
