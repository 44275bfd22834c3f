"""Calendario de atención: lunes a sábado de 08:30 a 18:30 (hora de la Ciudad de México), sin feriados."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def _zona() -> ZoneInfo:
    # Si el sistema no trae la base de zonas (imágenes mínimas), se usa la copia incluida (dominio público).
    try:
        return ZoneInfo("America/Mexico_City")
    except ZoneInfoNotFoundError:
        with (Path(__file__).parent / "zonas" / "America_Mexico_City.tzif").open("rb") as archivo:
            return ZoneInfo.from_file(archivo, key="America/Mexico_City")


ZONA = _zona()
APERTURA = time(8, 30)
CIERRE = time(18, 30)
# Días de la semana con atención (lunes = 0): de lunes a sábado. Lo leen el calendario y el horario de Connect.
DIAS_ATENCION = frozenset(range(6))

_DIAS = ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo")
_MESES = (
    "enero", "febrero", "marzo", "abril", "mayo", "junio",
    "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre",
)  # fmt: skip


def _lunes(anio: int, mes: int, n: int) -> date:
    """El n-ésimo lunes del mes."""
    primero = date(anio, mes, 1)
    return primero + timedelta(days=(-primero.weekday()) % 7 + 7 * (n - 1))


@cache
def _feriados(anio: int) -> tuple[tuple[date, str], ...]:
    lunes = anio >= 2006  # reforma de 2006: tres feriados pasan a lunes
    dias = [
        (date(anio, 1, 1), "Año Nuevo"),
        (_lunes(anio, 2, 1) if lunes else date(anio, 2, 5), "Día de la Constitución"),
        # 2006 conservó el 21 de marzo por el bicentenario de Juárez.
        (_lunes(anio, 3, 3) if anio >= 2007 else date(anio, 3, 21), "Natalicio de Benito Juárez"),
        (date(anio, 5, 1), "Día del Trabajo"),
        (date(anio, 9, 16), "Día de la Independencia"),
        (_lunes(anio, 11, 3) if lunes else date(anio, 11, 20), "Día de la Revolución"),
        (date(anio, 12, 25), "Navidad"),
    ]
    if anio >= 1970 and (anio - 1970) % 6 == 0:
        dia = date(anio, 10, 1) if anio >= 2024 else date(anio, 12, 1)
        dias.append((dia, "Transmisión del Poder Ejecutivo Federal"))
    return tuple(sorted(dias))


def feriados(anio: int) -> dict[date, str]:
    """Días de descanso obligatorio del art. 74 de la Ley Federal del Trabajo.

    No incluye las jornadas electorales (fracción IX): se fijan por ley electoral, no por regla de calendario.
    """
    return dict(_feriados(anio))


@cache
def _fechas_feriadas(anio: int) -> frozenset[date]:
    return frozenset(d for d, _ in _feriados(anio))


def es_dia_habil(d: date) -> bool:
    return d.weekday() in DIAS_ATENCION and d not in _fechas_feriadas(d.year)


def _local(dt: datetime) -> datetime:
    if dt.tzinfo is None or dt.utcoffset() is None:
        raise ValueError("se requiere una fecha con zona horaria")
    return dt.astimezone(ZONA)


def _en(d: date, hora: time) -> datetime:
    return datetime.combine(d, hora, tzinfo=ZONA)


def _transcurrido(a: datetime, b: datetime) -> timedelta:
    # Restar en UTC: con el mismo tzinfo Python restaría horas de reloj.
    return b.astimezone(UTC) - a.astimezone(UTC)


def _mas(a: datetime, delta: timedelta) -> datetime:
    return (a.astimezone(UTC) + delta).astimezone(ZONA)


def _siguiente_habil(d: date) -> date:
    d += timedelta(days=1)
    while not es_dia_habil(d):
        d += timedelta(days=1)
    return d


def _normalizar(inicio: datetime) -> datetime:
    """El mismo instante si cae en horario [08:30, 18:30); si no, la siguiente apertura."""
    t = _local(inicio)
    d = t.date()
    if es_dia_habil(d) and t.time() < CIERRE:
        return max(t, _en(d, APERTURA))
    return _en(_siguiente_habil(d), APERTURA)


def sumar_horas_habiles(inicio: datetime, horas: float) -> datetime:
    """Suma horas de atención; un plazo que vence justo al cierre queda a las 18:30 de ese día."""
    if horas < 0:
        raise ValueError("horas debe ser >= 0")
    t = _normalizar(inicio)
    resta = timedelta(hours=horas)
    d = t.date()
    disponible = _transcurrido(t, _en(d, CIERRE))
    while resta > disponible:
        resta -= disponible
        d = _siguiente_habil(d)
        t = _en(d, APERTURA)
        disponible = _transcurrido(t, _en(d, CIERRE))
    return _mas(t, resta)


def sumar_dias_habiles(inicio: datetime, dias: int) -> datetime:
    """Cierre (18:30) del día hábil número `dias` contado después de la fecha local de `inicio`."""
    if dias < 1:
        raise ValueError("dias debe ser >= 1")
    d = _local(inicio).date()
    for _ in range(dias):
        d = _siguiente_habil(d)
    return _en(d, CIERRE)


def sumar_horas_naturales(inicio: datetime, horas: float) -> datetime:
    return _mas(_local(inicio), timedelta(hours=horas))


def horas_habiles_entre(a: datetime, b: datetime) -> float:
    a, b = _local(a), _local(b)
    total = timedelta()
    d = a.date()
    while d <= b.date():
        if es_dia_habil(d):
            desde, hasta = max(a, _en(d, APERTURA)), min(b, _en(d, CIERRE))
            if hasta > desde:
                total += _transcurrido(desde, hasta)
        d += timedelta(days=1)
    return total.total_seconds() / 3600


def texto_fecha(dt: datetime, referencia: datetime | None = None, *, dia_semana: bool = True) -> str:
    """Ej.: "martes 1 de diciembre a las 12:30"; con año si difiere del de `referencia` (por omisión, hoy).

    Sin `dia_semana` ("1 de diciembre a las 12:30") no lleva «sábado» ni «miércoles»: es la del SMS (GSM-7).
    """
    t = _local(dt)
    ref = _local(referencia) if referencia is not None else datetime.now(ZONA)
    anio = f" de {t.year}" if t.year != ref.year else ""
    articulo = "a la" if t.hour == 1 else "a las"
    dia = f"{_DIAS[t.weekday()]} " if dia_semana else ""
    return f"{dia}{t.day} de {_MESES[t.month - 1]}{anio} {articulo} {t:%H:%M}"


def dia_local(momento: datetime) -> date:
    """La fecha en la Ciudad de México de un instante."""
    return momento.astimezone(ZONA).date()


def texto_fecha_completa(dt: datetime) -> str:
    """Siempre con año: "martes 1 de diciembre de 2026 a las 12:30". Para lo que se imprime y se guarda (el
    comprobante), que se lee meses después, cuando «1 de diciembre» ya no dice de qué año."""
    t = _local(dt)
    articulo = "a la" if t.hour == 1 else "a las"
    return f"{_DIAS[t.weekday()]} {t.day} de {_MESES[t.month - 1]} de {t.year} {articulo} {t:%H:%M}"
