"""Consulta pública: la vista exacta, la ventana de intentos fallidos y el segundo factor ausente."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from esquemas.seguimiento import SolicitudConsulta
from funciones.nucleo.calendario import ZONA
from funciones.nucleo.caso import Caso, Evento
from funciones.nucleo.errores import LimiteExcedido, NoEncontrado
from funciones.seguimiento.logica import NO_ENCONTRADO, consultar, vista_consulta
from tests.unidad.fakes import RepositorioFalso

FOLIO = "1234567894"  # con su dígito verificador de Damm
# 17:20 UTC del sábado 10 de marzo de 2040 = 11:20 en la Ciudad de México (años lejanos: los textos no dependen
# de hoy; sin `ahora`, texto_fecha usaría el año en curso).
AHORA = datetime(2040, 3, 10, 17, 20, tzinfo=UTC)
CASO = Caso(
    folio=FOLIO,
    tipo="queja",
    categoria="interrupcion",
    canal="web",
    medio_notificacion="correo",
    nombre="Ana López",
    descripcion="Sin servicio.",
    fecha_registro=datetime(2040, 1, 5, 10, 0, tzinfo=ZONA),
    fecha_compromiso=datetime(2040, 3, 10, 11, 0, tzinfo=ZONA),
    fecha_limite_legal=datetime(2040, 3, 20, 18, 30, tzinfo=ZONA),
    contrato="12345678",
    correo=None,
    estado="en_proceso",
)


class Registro(RepositorioFalso):
    def __init__(self) -> None:
        super().__init__()
        self.fallidas: list[tuple[str, str, int]] = []

    def registrar_consulta_fallida(self, folio: str, ventana: str, expira: int) -> None:
        self.fallidas.append((folio, ventana, expira))
        super().registrar_consulta_fallida(folio, ventana, expira)


def _repo(caso: Caso = CASO, eventos: list[Evento] | None = None) -> Registro:
    repo = Registro()
    repo.casos[caso.folio] = caso
    repo.eventos[caso.folio] = list(eventos or [])
    return repo


def test_la_vista_del_cliente_exacta():
    eventos = [
        Evento(folio=FOLIO, fecha=datetime(2039, 12, 30, 10, 0, tzinfo=ZONA), tipo="a", descripcion="Registramos."),
        Evento(folio=FOLIO, fecha=datetime(2040, 3, 10, 9, 0, tzinfo=ZONA), tipo="b", descripcion="En proceso."),
        Evento(
            folio=FOLIO, fecha=datetime(2040, 1, 5, 9, 0, tzinfo=ZONA), tipo="c", descripcion="Nota.", publico=False
        ),
        Evento(folio=FOLIO, fecha=datetime(2040, 2, 2, 12, 0, tzinfo=ZONA), tipo="d", descripcion="Escalado."),
    ]
    vista = vista_consulta(CASO, eventos, AHORA)
    assert vista.model_dump() == {
        "folio": FOLIO,
        "folio_legible": "123 456 7894",
        "estado": "en_proceso",
        "estado_nombre": "En proceso",
        "tipo": "queja",
        "tipo_nombre": "Queja",
        "categoria": "interrupcion",
        "categoria_nombre": "Interrupción del servicio",
        "fecha_registro": CASO.fecha_registro,
        # Los textos se escriben respecto de `ahora`: el año sólo cuando no es el de ahora.
        "fecha_registro_texto": "jueves 5 de enero a las 10:00",
        "fecha_compromiso": CASO.fecha_compromiso,
        "fecha_compromiso_texto": "sábado 10 de marzo a las 11:00",
        "fecha_limite_legal": CASO.fecha_limite_legal,
        "fecha_limite_legal_texto": "martes 20 de marzo a las 18:30",
        "vencido": True,
        # Sólo lo público, lo más reciente primero.
        "historial": [
            {
                "fecha": datetime(2040, 3, 10, 9, 0, tzinfo=ZONA),
                "fecha_texto": "sábado 10 de marzo a las 09:00",
                "descripcion": "En proceso.",
            },
            {
                "fecha": datetime(2040, 2, 2, 12, 0, tzinfo=ZONA),
                "fecha_texto": "jueves 2 de febrero a las 12:00",
                "descripcion": "Escalado.",
            },
            {
                "fecha": datetime(2039, 12, 30, 10, 0, tzinfo=ZONA),
                "fecha_texto": "viernes 30 de diciembre de 2039 a las 10:00",
                "descripcion": "Registramos.",
            },
        ],
    }


def test_vencido_solo_si_esta_abierto_y_paso_el_compromiso():
    assert vista_consulta(replace(CASO, estado="resuelto"), [], AHORA).vencido is False
    assert vista_consulta(CASO, [], CASO.fecha_compromiso).vencido is False


def test_un_tipo_o_categoria_fuera_del_catalogo_se_muestra_con_su_clave():
    vista = vista_consulta(replace(CASO, tipo="antiguo", categoria="vieja"), [], AHORA)
    assert (vista.tipo_nombre, vista.categoria_nombre) == ("antiguo", "vieja")
    vista = vista_consulta(replace(CASO, categoria="vieja"), [], AHORA)
    assert (vista.tipo_nombre, vista.categoria_nombre) == ("Queja", "vieja")


def test_sin_correo_en_el_caso_la_consulta_por_correo_no_coincide():
    repo = _repo()
    with pytest.raises(NoEncontrado) as e:
        consultar(SolicitudConsulta(folio=FOLIO, correo="ana@example.com"), repo, AHORA)
    assert e.value.mensaje == NO_ENCONTRADO


def test_cada_fallo_se_cuenta_en_la_ventana_de_su_hora_y_expira_en_dos():
    repo = _repo()
    with pytest.raises(NoEncontrado):
        consultar(SolicitudConsulta(folio=FOLIO, contrato="87654321"), repo, AHORA)
    assert repo.fallidas == [(FOLIO, "2040-03-10T17", int(AHORA.timestamp()) + 7200)]
    # Un acierto no cuenta como fallo.
    assert consultar(SolicitudConsulta(folio=FOLIO, contrato="12345678"), repo, AHORA).folio == FOLIO
    assert len(repo.fallidas) == 1


def test_el_limite_de_fallos_por_hora_dice_que_esperar():
    repo = _repo()
    repo.fallos[(FOLIO, "2040-03-10T17")] = 5
    with pytest.raises(LimiteExcedido) as e:
        consultar(SolicitudConsulta(folio=FOLIO, contrato="12345678"), repo, AHORA)
    assert e.value.mensaje == (
        "Demasiados intentos fallidos con este folio. Espera una hora o llámanos al 767 672 0827 o al 777 500 0232."
    )
    # A la hora siguiente es otra ventana.
    siguiente = AHORA + timedelta(hours=1)
    assert consultar(SolicitudConsulta(folio=FOLIO, contrato="12345678"), repo, siguiente).folio == FOLIO
