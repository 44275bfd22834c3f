from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays
import pytest
from hypothesis import given
from hypothesis import strategies as st

from funciones.nucleo.dominio.calendario import (
    ZONA,
    es_dia_habil,
    feriados,
    horas_habiles_entre,
    sumar_dias_habiles,
    sumar_horas_habiles,
    sumar_horas_naturales,
    texto_fecha,
)


def mx(anio: int, mes: int, dia: int, hora: int = 0, minuto: int = 0) -> datetime:
    return datetime(anio, mes, dia, hora, minuto, tzinfo=ZONA)


# Desde 2023: sin horario de verano en la CDMX, así no hay horas inexistentes en ZONA.
instantes = st.datetimes(
    min_value=datetime(2023, 1, 1),
    max_value=datetime(2060, 12, 31),
    timezones=st.sampled_from([ZONA, UTC, ZoneInfo("Asia/Tokyo")]),
)
horas = st.floats(min_value=0, max_value=400, allow_nan=False)


# --- feriados ---


def test_feriados_2026_caen_en_lunes() -> None:
    f = feriados(2026)
    assert f[date(2026, 2, 2)] == "Día de la Constitución"
    assert f[date(2026, 3, 16)] == "Natalicio de Benito Juárez"
    assert f[date(2026, 11, 16)] == "Día de la Revolución"
    assert len(f) == 7


def test_transmision_del_poder_ejecutivo() -> None:
    assert date(2030, 10, 1) in feriados(2030)
    assert date(2029, 10, 1) not in feriados(2029)
    assert date(2024, 10, 1) in feriados(2024)
    assert date(2024, 12, 1) not in feriados(2024)
    assert feriados(2018)[date(2018, 12, 1)] == "Transmisión del Poder Ejecutivo Federal"


def test_feriados_coinciden_con_la_biblioteca_holidays() -> None:
    # holidays.Mexico solo trae la categoría "public", que es exactamente el art. 74 LFT (con la reforma
    # de 2006 y el cambio al 1 de octubre desde 2024). Por eso se compara el año completo, nombres incluidos.
    for anio in range(2000, 2061):
        esperado = dict(holidays.Mexico(years=anio, language="es"))
        assert feriados(anio) == esperado, anio


def test_dia_habil() -> None:
    assert es_dia_habil(date(2026, 3, 14))  # sábado
    assert not es_dia_habil(date(2026, 3, 15))  # domingo
    assert not es_dia_habil(date(2026, 3, 16))  # feriado


# --- sumar_horas_habiles: ejemplos ---


def test_sabado_tarde_pasa_al_lunes() -> None:
    # Dado un caso recibido el sábado 7 de marzo de 2026 a las 17:00 (quedan 1.5 h ese día)
    # Cuando se suman 2 horas hábiles
    # Entonces vence el lunes 9 a las 09:00 (la media hora restante desde las 08:30)
    assert sumar_horas_habiles(mx(2026, 3, 7, 17), 2) == mx(2026, 3, 9, 9)
    assert sumar_horas_habiles(mx(2026, 3, 7, 17, 30), 2) == mx(2026, 3, 9, 9, 30)


def test_salta_domingo_y_lunes_feriado() -> None:
    # El lunes 16 de marzo de 2026 es feriado: del viernes 13 se pasa al sábado 14 y luego al martes 17.
    assert sumar_horas_habiles(mx(2026, 3, 13, 18), 11) == mx(2026, 3, 17, 9)
    assert sumar_horas_habiles(mx(2026, 3, 14, 17), 2) == mx(2026, 3, 17, 9)


def test_corte_del_sabado() -> None:
    assert sumar_horas_habiles(mx(2026, 3, 7, 18), 0.5) == mx(2026, 3, 7, 18, 30)
    assert sumar_horas_habiles(mx(2026, 3, 7, 18), 1) == mx(2026, 3, 9, 9)
    assert sumar_horas_habiles(mx(2026, 3, 7, 19), 1) == mx(2026, 3, 9, 9, 30)


def test_ingreso_en_domingo_cuenta_desde_el_lunes() -> None:
    assert sumar_horas_habiles(mx(2026, 3, 8, 11), 1) == mx(2026, 3, 9, 9, 30)
    assert sumar_horas_habiles(mx(2026, 3, 8, 11), 0) == mx(2026, 3, 9, 8, 30)


def test_limite_de_las_18_30() -> None:
    # Un plazo que vence justo al cierre se queda a las 18:30, no pasa a las 08:30 del día siguiente.
    assert sumar_horas_habiles(mx(2026, 3, 10, 8, 30), 10) == mx(2026, 3, 10, 18, 30)
    assert sumar_horas_habiles(mx(2026, 3, 10, 16, 30), 2) == mx(2026, 3, 10, 18, 30)
    assert sumar_horas_habiles(mx(2026, 3, 10, 8, 30), 20) == mx(2026, 3, 11, 18, 30)


def test_cero_horas_normaliza_el_inicio() -> None:
    assert sumar_horas_habiles(mx(2026, 3, 10, 12, 15), 0) == mx(2026, 3, 10, 12, 15)
    assert sumar_horas_habiles(mx(2026, 3, 10, 7), 0) == mx(2026, 3, 10, 8, 30)
    assert sumar_horas_habiles(mx(2026, 3, 10, 18, 30), 0) == mx(2026, 3, 11, 8, 30)


def test_acepta_cualquier_zona_y_responde_en_la_cdmx() -> None:
    # 2026-03-10 15:00 UTC = 09:00 en la CDMX (UTC-6)
    r = sumar_horas_habiles(datetime(2026, 3, 10, 15, tzinfo=UTC), 1)
    assert r == mx(2026, 3, 10, 10)
    assert r.tzinfo is ZONA


def test_rechaza_fechas_sin_zona_y_horas_negativas() -> None:
    with pytest.raises(ValueError):
        sumar_horas_habiles(datetime(2026, 3, 10, 9), 1)
    with pytest.raises(ValueError):
        sumar_horas_habiles(mx(2026, 3, 10, 9), -1)


def test_trescientas_horas() -> None:
    # 300 h = 30 jornadas completas desde una apertura: cierre del 30.º día hábil.
    inicio = mx(2026, 3, 10, 8, 30)
    assert sumar_horas_habiles(inicio, 300) == sumar_dias_habiles(inicio, 29)


# --- sumar_dias_habiles, horas naturales, horas entre ---


def test_dias_habiles_ejemplos() -> None:
    assert sumar_dias_habiles(mx(2026, 3, 2, 10), 5) == mx(2026, 3, 7, 18, 30)  # lunes → sábado
    assert sumar_dias_habiles(mx(2026, 3, 8, 10), 1) == mx(2026, 3, 9, 18, 30)  # domingo → lunes
    assert sumar_dias_habiles(mx(2026, 3, 7, 20), 1) == mx(2026, 3, 9, 18, 30)  # sábado noche → lunes
    assert sumar_dias_habiles(mx(2026, 3, 13, 10), 2) == mx(2026, 3, 17, 18, 30)  # salta el 16 feriado


def test_horas_naturales() -> None:
    assert sumar_horas_naturales(datetime(2026, 3, 7, 23, tzinfo=UTC), 24) == mx(2026, 3, 8, 17)


def test_horas_habiles_entre_ejemplos() -> None:
    assert horas_habiles_entre(mx(2026, 3, 7, 17), mx(2026, 3, 9, 9)) == 2
    assert horas_habiles_entre(mx(2026, 3, 9, 9), mx(2026, 3, 7, 17)) == 0
    assert horas_habiles_entre(mx(2026, 3, 15, 0), mx(2026, 3, 17, 0)) == 0  # domingo + lunes feriado


# --- texto_fecha ---


def test_texto_fecha() -> None:
    ref = mx(2026, 6, 1, 12)
    assert texto_fecha(mx(2026, 12, 1, 12, 30), ref) == "martes 1 de diciembre a las 12:30"
    assert texto_fecha(datetime(2026, 12, 1, 18, 30, tzinfo=UTC), ref) == "martes 1 de diciembre a las 12:30"
    assert texto_fecha(mx(2027, 1, 5, 9, 5), ref) == "martes 5 de enero de 2027 a las 09:05"
    assert texto_fecha(mx(2026, 3, 14, 18, 30), ref) == "sábado 14 de marzo a las 18:30"
    assert texto_fecha(mx(2099, 9, 16, 8, 30)) == "miércoles 16 de septiembre de 2099 a las 08:30"


# --- propiedades ---


def en_horario(r: datetime) -> bool:
    return es_dia_habil(r.date()) and time(8, 30) <= r.time() <= time(18, 30)


@given(instantes, horas)
def test_resultado_siempre_en_horario(inicio: datetime, h: float) -> None:
    r = sumar_horas_habiles(inicio, h)
    assert r.tzinfo is ZONA
    assert en_horario(r)
    assert r >= inicio


@given(instantes, horas, horas)
def test_monotona_en_horas(inicio: datetime, h1: float, h2: float) -> None:
    h1, h2 = sorted((h1, h2))
    r1, r2 = sumar_horas_habiles(inicio, h1), sumar_horas_habiles(inicio, h2)
    assert r1 <= r2
    if h2 - h1 > 1e-3:
        assert r1 < r2


@given(instantes, horas)
def test_ida_y_vuelta_con_horas_habiles_entre(inicio: datetime, h: float) -> None:
    # Vale también con inicio fuera de horario: ese tramo no cuenta en ninguno de los dos sentidos.
    assert horas_habiles_entre(inicio, sumar_horas_habiles(inicio, h)) == pytest.approx(h, abs=1e-6)


@given(
    instantes,
    st.timedeltas(timedelta(0), timedelta(days=40)),
    st.timedeltas(timedelta(0), timedelta(days=40)),
)
def test_horas_entre_es_aditiva(a: datetime, d1: timedelta, d2: timedelta) -> None:
    b, c = a + d1, a + d1 + d2
    total = horas_habiles_entre(a, b) + horas_habiles_entre(b, c)
    assert horas_habiles_entre(a, c) == pytest.approx(total, abs=1e-6)


@given(instantes, st.integers(min_value=1, max_value=60))
def test_dias_habiles_cuenta_exactamente_n(inicio: datetime, n: int) -> None:
    r = sumar_dias_habiles(inicio, n)
    assert es_dia_habil(r.date()) and r.time() == time(18, 30) and r.tzinfo is ZONA
    desde = inicio.astimezone(ZONA).date()
    dias = [desde + timedelta(days=i) for i in range(1, (r.date() - desde).days + 1)]
    assert sum(es_dia_habil(d) for d in dias) == n


def test_la_copia_incluida_de_la_zona_equivale_a_la_del_sistema():
    from pathlib import Path
    from zoneinfo import ZoneInfo

    import funciones.nucleo.dominio.calendario as cal

    with (Path(cal.__file__).parent / "zonas" / "America_Mexico_City.tzif").open("rb") as f:
        incluida = ZoneInfo.from_file(f)
    for mes in range(1, 13):
        momento = datetime(2027, mes, 15, 12, tzinfo=UTC)
        assert momento.astimezone(incluida).utcoffset() == momento.astimezone(cal.ZONA).utcoffset()


def test_la_zona_es_la_del_sistema_y_hay_copia_incluida(monkeypatch):
    from zoneinfo import ZoneInfoNotFoundError

    from funciones.nucleo.dominio import calendario

    # Con la base del sistema: la misma instancia en caché de ZoneInfo (no una leída del archivo).
    assert calendario._zona() is ZoneInfo("America/Mexico_City")

    class SinBase:
        from_file = staticmethod(ZoneInfo.from_file)

        def __new__(cls, clave):
            raise ZoneInfoNotFoundError(clave)

    monkeypatch.setattr(calendario, "ZoneInfo", SinBase)
    zona = calendario._zona()
    assert zona.key == "America/Mexico_City" and zona is not ZoneInfo("America/Mexico_City")
    # Horario de verano hasta 2022 (UTC-5) y hora del centro fija desde entonces (UTC-6).
    assert datetime(2020, 6, 1, 12, tzinfo=zona).utcoffset() == timedelta(hours=-5)
    assert datetime(2024, 6, 1, 12, tzinfo=zona).utcoffset() == timedelta(hours=-6)


def test_fechas_sin_zona_y_argumentos_negativos():
    from datetime import tzinfo

    from funciones.nucleo.dominio import calendario

    class SinDesfase(tzinfo):
        def utcoffset(self, dt):
            return None

    for fecha in (datetime(2026, 3, 10, 12), datetime(2026, 3, 10, 12, tzinfo=SinDesfase())):
        with pytest.raises(ValueError, match="^se requiere una fecha con zona horaria$"):
            calendario.sumar_horas_naturales(fecha, 1)
    with pytest.raises(ValueError, match="^horas debe ser >= 0$"):
        calendario.sumar_horas_habiles(datetime(2026, 3, 10, 12, tzinfo=UTC), -1)
    with pytest.raises(ValueError, match="^dias debe ser >= 1$"):
        calendario.sumar_dias_habiles(datetime(2026, 3, 10, 12, tzinfo=UTC), 0)


def test_dia_local_es_el_de_la_ciudad_de_mexico():
    from funciones.nucleo.dominio.calendario import dia_local

    # 03:00 UTC del 10 de marzo son las 21:00 del 9 en la Ciudad de México.
    assert dia_local(datetime(2026, 3, 10, 3, 0, tzinfo=UTC)) == date(2026, 3, 9)
    assert dia_local(datetime(2026, 3, 10, 6, 0, tzinfo=UTC)) == date(2026, 3, 10)


def test_texto_fecha_a_la_una_y_el_anio_de_la_referencia(monkeypatch):
    from funciones.nucleo.dominio import calendario
    from funciones.nucleo.dominio.calendario import ZONA, texto_fecha

    una = datetime(2030, 12, 3, 13, 5, tzinfo=ZONA)
    assert texto_fecha(una.replace(hour=1), datetime(2030, 1, 1, tzinfo=ZONA)) == "martes 3 de diciembre a la 01:05"
    assert texto_fecha(una, datetime(2030, 1, 1, tzinfo=ZONA)) == "martes 3 de diciembre a las 13:05"
    assert texto_fecha(una, datetime(2029, 12, 31, 23, tzinfo=ZONA)) == "martes 3 de diciembre de 2030 a las 13:05"

    # Sin referencia, el año de hoy en la Ciudad de México (no en UTC): a las 03:00 UTC del 1 de enero de 2027
    # allá todavía es 2026.
    class Reloj(datetime):
        @classmethod
        def now(cls, tz=None):
            momento = datetime(2027, 1, 1, 3, 0, tzinfo=UTC)
            return momento.astimezone(tz) if tz else momento.replace(tzinfo=None)

    monkeypatch.setattr(calendario, "datetime", Reloj)
    fin_de_anio = datetime(2026, 12, 31, 20, 0, tzinfo=ZONA)
    assert texto_fecha(fin_de_anio) == "jueves 31 de diciembre a las 20:00"
