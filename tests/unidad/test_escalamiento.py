"""El reloj del escalamiento: fracción de plazo usada y umbrales, con propiedades sobre el calendario."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from funciones.nucleo.dominio import calendario, catalogo
from funciones.nucleo.dominio.caso import Caso
from funciones.nucleo.dominio.escalamiento import (
    UMBRAL_AVISO,
    aplicar_reloj,
    fraccion_usada,
    proximo_umbral,
    umbrales_alcanzados,
)

inicios = st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2030, 12, 31), timezones=st.just(UTC))
horas = st.integers(min_value=1, max_value=50)
desplazamientos = st.integers(min_value=0, max_value=24 * 60 * 20)  # minutos, hasta 20 días


@given(inicios, horas, desplazamientos, desplazamientos)
def test_la_fraccion_usada_nunca_retrocede(inicio, h, a, b):
    limite = calendario.sumar_horas_habiles(inicio, h)
    t1, t2 = sorted((inicio + timedelta(minutes=a), inicio + timedelta(minutes=b)))
    assert fraccion_usada(inicio, limite, t1) <= fraccion_usada(inicio, limite, t2)


@given(inicios, horas)
def test_la_fraccion_es_uno_al_vencer_y_el_umbral_cae_en_horario(inicio, h):
    limite = calendario.sumar_horas_habiles(inicio, h)
    assert abs(fraccion_usada(inicio, limite, limite) - 1.0) < 1e-9
    aviso = calendario.sumar_horas_habiles(inicio, h * UMBRAL_AVISO)
    # El aviso cae dentro del horario de servicio, nunca en domingo, feriado o de noche.
    local = aviso.astimezone(calendario.ZONA)
    assert calendario.es_dia_habil(local.date())
    assert calendario.APERTURA <= local.time() <= calendario.CIERRE
    assert fraccion_usada(inicio, limite, aviso) >= UMBRAL_AVISO - 1e-9


@settings(max_examples=50)
@given(st.integers(min_value=0, max_value=23), st.integers(min_value=0, max_value=59))
def test_el_domingo_no_consume_plazo(hora, minuto):
    # Sábado 28 de noviembre de 2026 a las 18:30 cierra; el domingo 29 nada avanza hasta el lunes 8:30.
    inicio = datetime(2026, 11, 27, 10, 0, tzinfo=calendario.ZONA)
    limite = calendario.sumar_horas_habiles(inicio, 30)
    sabado_cierre = datetime(2026, 11, 28, 18, 30, tzinfo=calendario.ZONA)
    domingo = datetime(2026, 11, 29, hora, minuto, tzinfo=calendario.ZONA)
    assert fraccion_usada(inicio, limite, domingo) == fraccion_usada(inicio, limite, sabado_cierre)


def _caso(registro: datetime, tipo: str = "duda", categoria: str = "facturacion") -> Caso:
    from funciones.nucleo.dominio.catalogo import plazos

    compromiso, limite = plazos(tipo, categoria, registro)
    return Caso(
        folio="1234567890",
        tipo=tipo,
        categoria=categoria,
        canal="web",
        medio_notificacion="correo",
        nombre="Ana",
        descripcion="x" * 10,
        fecha_registro=registro,
        fecha_compromiso=compromiso,
        fecha_limite_legal=limite,
        correo="ana@example.com",
    )


def test_antes_de_un_feriado_el_aviso_espera_al_dia_habil():
    # Sábado 14 de noviembre de 2026, 17:00 (1.5 h hábiles ese día); domingo cerrado y el lunes 16 es feriado
    # (Revolución, tercer lunes): el 80 % de 10 horas llega hasta el martes 17 a las 15:00.
    registro = datetime(2026, 11, 14, 17, 0, tzinfo=calendario.ZONA)
    caso = _caso(registro)
    assert caso.fecha_compromiso == datetime(2026, 11, 17, 17, 0, tzinfo=calendario.ZONA)
    assert umbrales_alcanzados(caso, datetime(2026, 11, 16, 12, 0, tzinfo=calendario.ZONA)) == []
    assert umbrales_alcanzados(caso, datetime(2026, 11, 17, 14, 59, tzinfo=calendario.ZONA)) == []
    assert umbrales_alcanzados(caso, datetime(2026, 11, 17, 15, 0, tzinfo=calendario.ZONA)) == ["por_vencer"]


def test_cada_umbral_se_aplica_una_vez():
    registro = datetime(2026, 11, 24, 10, 0, tzinfo=calendario.ZONA)
    caso = _caso(registro)
    vencido = caso.fecha_compromiso + timedelta(minutes=1)
    nuevo, eventos = aplicar_reloj(caso, vencido)
    assert nuevo.estado == "escalado" and nuevo.nivel == 2 and "vencido" in nuevo.alertas
    assert {e.tipo for e in eventos} >= {"escalamiento", "alerta_vencido"}
    assert aplicar_reloj(nuevo, vencido + timedelta(hours=1)) is None


# --- El próximo umbral (clave del índice `umbrales`) ------------------------------------------------------------

CATEGORIAS = [(t["clave"], c["clave"]) for t in catalogo.catalogo()["tipos"] for c in t["categorias"]]
UMBRALES_TODOS = ("por_vencer", "vencido", "legal_por_vencer", "legal_vencido")


def _nuevos(caso: Caso, ahora: datetime) -> list[str]:
    return [u for u in umbrales_alcanzados(caso, ahora) if u not in caso.alertas]


@settings(max_examples=300)
@given(inicios, st.sampled_from(CATEGORIAS), st.lists(desplazamientos, max_size=4))
def test_el_proximo_umbral_es_el_primer_instante_en_que_el_reloj_actua(inicio, categoria, barridos):
    # Estados reales: los que dejan barridos en momentos al azar (las fechas de un caso no cambian).
    caso, ultimo = _caso(inicio, *categoria), inicio
    for minutos in sorted(barridos):
        ultimo = inicio + timedelta(minutes=minutos)
        cambio = aplicar_reloj(caso, ultimo)
        caso = cambio[0] if cambio else caso
    proximo = proximo_umbral(caso)
    if proximo is None:
        # Nada pendiente: ni siquiera mucho después del límite legal.
        assert _nuevos(caso, caso.fecha_limite_legal + timedelta(days=30)) == []
        return
    # Un segundo antes, nada nuevo (ningún aviso se retrasa); un segundo después, algo nuevo (ninguna lectura vana).
    assert _nuevos(caso, max(ultimo, proximo - timedelta(seconds=1))) == []
    assert _nuevos(caso, max(ultimo, proximo) + timedelta(seconds=1)) != []
    # Lo que el barrido aplicó ya no está pendiente: el próximo umbral no quedó atrás.
    assert proximo >= ultimo - timedelta(seconds=1)


def test_un_caso_cerrado_o_sin_umbrales_pendientes_sale_del_indice():
    caso = _caso(datetime(2026, 11, 24, 10, 0, tzinfo=calendario.ZONA))
    assert proximo_umbral(caso) == calendario.sumar_horas_habiles(caso.fecha_registro, 8)
    caso.alertas = ["por_vencer"]
    assert proximo_umbral(caso) == caso.fecha_compromiso
    caso.alertas = list(UMBRALES_TODOS)
    assert proximo_umbral(caso) is None
    caso.alertas, caso.estado = [], "resuelto"
    assert proximo_umbral(caso) is None
