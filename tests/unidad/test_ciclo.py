"""La confirmación del cliente (por teléfono o con el enlace del correo): el evento exacto y la encuesta que pide."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from funciones.nucleo.dominio.caso import Caso
from funciones.nucleo.dominio.ciclo import NO_EXISTE, confirmar, leer_caso, pedido_encuesta
from funciones.nucleo.dominio.errores import Conflicto, EnlaceVencido, NoEncontrado
from tests.unidad.fakes import RepositorioFalso

AHORA = datetime(2026, 3, 10, 17, 0, tzinfo=UTC)
FOLIO = "1234567890"


def _repo(**cambios) -> RepositorioFalso:
    caso = Caso(
        folio=FOLIO,
        tipo="queja",
        categoria="interrupcion",
        canal="web",
        medio_notificacion="correo",
        nombre="Ana López",
        descripcion="Sin servicio.",
        fecha_registro=AHORA,
        fecha_compromiso=AHORA,
        fecha_limite_legal=AHORA,
        correo="ana@example.com",
        telefono="+525512345678",
        estado="resuelto",
        ronda=2,
        version=7,
    )
    repo = RepositorioFalso()
    repo.casos[FOLIO] = replace(caso, **cambios)
    repo.eventos[FOLIO] = []
    return repo


def _sin_id(evento) -> dict:
    datos = dict(vars(evento))
    datos.pop("id")
    # Los eventos de un caso viven en su partición (sólo los de un agente la llevan propia).
    assert datos.pop("particion") is None
    return datos


def test_leer_un_caso_que_no_existe():
    with pytest.raises(NoEncontrado) as e:
        leer_caso(RepositorioFalso(), FOLIO)
    assert e.value.mensaje == NO_EXISTE == "No existe un caso con ese folio."


def test_el_cliente_confirma_con_el_enlace_y_se_pide_la_encuesta():
    repo = _repo()
    nuevo = confirmar(repo, FOLIO, True, "Todo bien", "cliente", AHORA, ronda=2)
    assert (nuevo.estado, nuevo.version, nuevo.ronda) == ("cerrado", 8, 2) and repo.obtener(FOLIO) == nuevo
    (evento,) = repo.eventos[FOLIO]
    assert _sin_id(evento) == {
        "folio": FOLIO,
        "fecha": AHORA,
        "tipo": "caso_cerrado",
        "descripcion": "Confirmaste que tu solicitud quedó resuelta. ¡Gracias!",
        "publico": True,
        "autor": "cliente",
        "datos": {"resuelto": True, "ronda": 2, "via": "enlace", "comentario": "Todo bien"},
        "notificar": {
            "plantilla": "encuesta",
            "medio": "correo",
            "destino": "ana@example.com",
            "datos": {"folio": FOLIO, "nombre": "Ana López", "ronda": 2},
        },
    }


def test_el_asesor_registra_por_telefono_que_sigue_el_problema():
    repo = _repo()
    nuevo = confirmar(repo, FOLIO, False, None, "asesor.demo", AHORA)
    assert (nuevo.estado, nuevo.version) == ("reabierto", 8)
    (evento,) = repo.eventos[FOLIO]
    assert _sin_id(evento) == {
        "folio": FOLIO,
        "fecha": AHORA,
        "tipo": "caso_reabierto",
        "descripcion": "Nos dijiste que el problema sigue: reabrimos tu solicitud y la atenderemos de nuevo.",
        "publico": True,
        "autor": "asesor.demo",
        "datos": {"resuelto": False, "ronda": 2, "via": "llamada"},
        "notificar": None,
    }


def test_confirmado_por_telefono_dice_por_telefono():
    repo = _repo()
    confirmar(repo, FOLIO, True, "", "asesor.demo", AHORA)
    (evento,) = repo.eventos[FOLIO]
    assert evento.descripcion == "Confirmaste por teléfono que tu solicitud quedó resuelta. ¡Gracias!"
    # Un comentario vacío no se guarda.
    assert evento.datos == {"resuelto": True, "ronda": 2, "via": "llamada"}


def test_el_cliente_reabre_con_su_comentario():
    repo = _repo()
    confirmar(repo, FOLIO, False, "Sigue lento", "cliente", AHORA, ronda=2)
    (evento,) = repo.eventos[FOLIO]
    assert evento.datos == {"resuelto": False, "ronda": 2, "via": "enlace", "comentario": "Sigue lento"}


@pytest.mark.parametrize(("estado", "ronda"), [("resuelto", 1), ("cerrado", 2), ("reabierto", 2)])
def test_un_enlace_de_otra_ronda_o_ya_usado_no_vale(estado, ronda):
    repo = _repo(estado=estado)
    antes = repo.obtener(FOLIO)
    with pytest.raises(EnlaceVencido) as e:
        confirmar(repo, FOLIO, True, None, "cliente", AHORA, ronda=ronda)
    assert (e.value.codigo, e.value.mensaje) == (
        "enlace_usado",
        "Este enlace ya se usó o es de una resolución anterior.",
    )
    assert repo.obtener(FOLIO) == antes and repo.eventos[FOLIO] == []


def test_confirmar_un_caso_que_no_esta_resuelto_dice_su_estado():
    repo = _repo(estado="en_proceso")
    with pytest.raises(Conflicto) as e:
        confirmar(repo, FOLIO, False, None, "asesor.demo", AHORA)
    assert (e.value.codigo, e.value.mensaje) == (
        "transicion_invalida",
        "Sólo se confirma un caso resuelto; este está «en proceso».",
    )


@pytest.mark.parametrize(
    ("correo", "telefono", "esperado"),
    [
        ("ana@example.com", "+525512345678", ("correo", "ana@example.com")),
        (None, "+525512345678", ("sms", "+525512345678")),
        (None, None, None),
    ],
)
def test_la_encuesta_va_por_correo_si_hay_si_no_por_sms(correo, telefono, esperado):
    caso = _repo(correo=correo, telefono=telefono, estado="cerrado").obtener(FOLIO)
    pedido = pedido_encuesta(caso)
    if esperado is None:
        assert pedido is None
        return
    assert pedido == {
        "plantilla": "encuesta",
        "medio": esperado[0],
        "destino": esperado[1],
        "datos": {"folio": FOLIO, "nombre": "Ana López", "ronda": 2},
    }
