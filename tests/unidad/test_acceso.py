"""Reglas de acceso: quién opera un caso (BOLA) y cuándo el contrato de un caso está verificado."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from funciones.gestion.logica import contrato_verificado
from funciones.nucleo.dominio.agentes import Agente, SinPermiso, puede_operar
from funciones.nucleo.dominio.caso import Caso
from funciones.nucleo.dominio.ciclo import caso_operable
from funciones.nucleo.dominio.clientes import Cliente
from funciones.nucleo.dominio.errores import NoEncontrado

AHORA = datetime(2026, 11, 24, 16, 0, tzinfo=UTC)
CASO = Caso(
    folio="1234567890",
    tipo="queja",
    categoria="interrupcion",
    canal="web",
    medio_notificacion="correo",
    nombre="Ana López",
    descripcion="Sin servicio desde ayer.",
    fecha_registro=AHORA,
    fecha_compromiso=AHORA,
    fecha_limite_legal=AHORA,
    contrato="10002000",
    correo="ana@example.com",
    telefono="+525512345678",
)
ASESOR = Agente("asesor.demo", frozenset({"asesores"}))
SUPERVISOR = Agente("supervisor.demo", frozenset({"supervisores"}))
COBRANZA = Agente("cobranza.demo", frozenset({"departamentos"}), "cobranza")
SIN_DEPARTAMENTO = Agente("raro.demo", frozenset({"departamentos"}))


@pytest.mark.parametrize(
    ("agente", "departamento", "puede"),
    [
        (ASESOR, None, True),
        (SUPERVISOR, "facturacion", True),
        (COBRANZA, "cobranza", True),
        (COBRANZA, "facturacion", False),
        (COBRANZA, None, False),
        (SIN_DEPARTAMENTO, None, False),
        (SIN_DEPARTAMENTO, "cobranza", False),
    ],
)
def test_puede_operar(agente, departamento, puede):
    caso = replace(CASO, departamento=departamento)
    assert puede_operar(agente, caso) is puede
    if puede:
        assert caso_operable(agente, caso) is caso
    else:
        with pytest.raises(SinPermiso):
            caso_operable(agente, caso)


def test_folio_inexistente_404_a_quien_ve_todo_y_403_a_un_departamento():
    for agente in (ASESOR, SUPERVISOR, None):
        with pytest.raises(NoEncontrado):
            caso_operable(agente, None)
    with pytest.raises(SinPermiso) as ajeno:
        caso_operable(COBRANZA, replace(CASO, departamento="facturacion"))
    with pytest.raises(SinPermiso) as inexistente:
        caso_operable(COBRANZA, None)
    assert ajeno.value == inexistente.value  # mismo código y mismo texto


def test_sin_agente_es_el_cliente_o_el_sistema():
    assert caso_operable(None, replace(CASO, departamento="cobranza")).folio == CASO.folio


def _padron(correo: str | None = "ana@example.com", telefono: str | None = "+525512345678") -> Cliente:
    return Cliente("10002000", "Ana López", correo, telefono, Decimal("499.00"), "h", "h")


@pytest.mark.parametrize(
    ("correo", "telefono", "padron", "verificado"),
    [
        ("ana@example.com", "+525512345678", _padron(), True),
        ("ANA@example.com ", None, _padron(), True),
        (None, "+525512345678", _padron(), True),
        ("otra@example.com", "+525512345678", _padron(), False),
        ("ana@example.com", "+525500000000", _padron(), False),
        ("otra@example.com", None, _padron(), False),
        ("ana@example.com", None, _padron(correo=None), False),
        (None, "+525512345678", _padron(telefono=None), False),
        (None, None, _padron(), False),
    ],
)
def test_contrato_verificado_por_el_contacto_registrado(correo, telefono, padron, verificado):
    caso = replace(CASO, correo=correo, telefono=telefono)
    assert contrato_verificado(caso, padron) is verificado


def test_contrato_verificado_por_un_agente_aunque_el_contacto_sea_nuevo():
    caso = replace(CASO, correo="nuevo@example.com", telefono=None, verificacion_id="v-1")
    assert contrato_verificado(caso, _padron()) is True
