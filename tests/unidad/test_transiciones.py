"""La tabla de transiciones contra las operaciones reales: cada par (origen, destino), cada acción que lo produce.

La tabla esperada está escrita aquí a mano (no se lee de `TRANSICIONES`): si alguien voltea un par en
`funciones/nucleo/dominio/caso.py`, o una operación deja de consultarla, alguna de estas pruebas falla.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from itertools import product

import pytest

from esquemas.gestion import SolicitudInteraccion, SolicitudResolucion
from funciones.gestion.logica import agregar_interaccion, resolver
from funciones.nucleo.dominio.agentes import Agente
from funciones.nucleo.dominio.caso import ABIERTOS, ESTADOS, TRANSICIONES, Caso, Estado, transicion_valida, transiciones
from funciones.nucleo.dominio.catalogo import plazos
from funciones.nucleo.dominio.ciclo import confirmar
from funciones.nucleo.dominio.errores import Conflicto, EnlaceVencido
from funciones.nucleo.dominio.escalamiento import aplicar_reloj, desescalar, escalar
from tests.unidad.fakes import RepositorioFalso

ESPERADA = {
    "registrado": {"en_proceso", "escalado", "resuelto"},
    "en_proceso": {"escalado", "resuelto"},
    "escalado": {"en_proceso", "escalado", "resuelto"},
    "resuelto": {"cerrado", "reabierto"},
    "reabierto": {"en_proceso", "escalado", "resuelto"},
    "cerrado": set(),
}
PARES = list(product(ESPERADA, ESPERADA))
REGISTRO = datetime(2026, 3, 10, 17, 0, tzinfo=UTC)
AHORA = REGISTRO + timedelta(hours=1)
SUPERVISOR = Agente("supervisor.demo", frozenset({"supervisores"}))
ASESOR = Agente("asesor.demo", frozenset({"asesores"}))


class SinPadron:
    def obtener(self, contrato: str):
        return None


def _caso(estado: Estado) -> Caso:
    compromiso, limite = plazos("queja", "interrupcion", REGISTRO)
    return Caso(
        folio="1234567890",
        tipo="queja",
        categoria="interrupcion",
        canal="web",
        medio_notificacion="correo",
        nombre="Ana López",
        descripcion="Sin servicio.",
        fecha_registro=REGISTRO,
        fecha_compromiso=compromiso,
        fecha_limite_legal=limite,
        correo="ana@example.com",
        estado=estado,
        # Un caso escalado ya subió un nivel; puede subir otro.
        nivel=2 if estado == "escalado" else 1,
        ronda=1 if estado in ("resuelto", "cerrado", "reabierto") else 0,
        version=4,
    )


def _repo(estado: Estado) -> RepositorioFalso:
    repo = RepositorioFalso()
    caso = _caso(estado)
    repo.casos[caso.folio] = caso
    repo.eventos[caso.folio] = []
    return repo


def _reloj(repo: RepositorioFalso, folio: str) -> None:
    caso = repo.obtener(folio)
    assert caso is not None
    # Pasado el compromiso interno (y el legal): el reloj escala si la tabla lo deja.
    cambio = aplicar_reloj(caso, caso.fecha_limite_legal + timedelta(hours=1))
    if cambio is None:
        raise Conflicto("El reloj no tiene nada que hacer.", "transicion_invalida")
    repo.actualizar(cambio[0], caso.version, cambio[1])


def _enlace(resuelto: bool):
    def accion(repo: RepositorioFalso, folio: str) -> None:
        caso = repo.obtener(folio)
        assert caso is not None
        confirmar(repo, folio, resuelto, None, "cliente", AHORA, ronda=caso.ronda)

    return accion


ACCIONES = {
    "interaccion": lambda repo, folio: agregar_interaccion(
        repo, folio, SolicitudInteraccion(tipo="nota", texto="Se revisó la línea."), ASESOR, AHORA
    ),
    "resolver": lambda repo, folio: resolver(
        repo,
        SinPadron(),
        folio,
        SolicitudResolucion(resumen="Se restableció el servicio.", primer_contacto=False),
        ASESOR,
        AHORA,
    ),
    "escalar": lambda repo, folio: escalar(repo, folio, "supervisor", "Lo revisa un supervisor.", SUPERVISOR, AHORA),
    "desescalar": lambda repo, folio: desescalar(repo, folio, "Ya se atendió.", SUPERVISOR, AHORA),
    "confirmar_si": lambda repo, folio: confirmar(repo, folio, True, None, "asesor.demo", AHORA),
    "confirmar_no": lambda repo, folio: confirmar(repo, folio, False, None, "asesor.demo", AHORA),
    "enlace_si": _enlace(True),
    "enlace_no": _enlace(False),
    "reloj": _reloj,
}
# El estado en que deja cada acción a un caso de cada estado; None: se rechaza sin cambiar nada.
RESULTADO = {
    # La primera atención pone en proceso un caso registrado o reabierto; en otro estado abierto (o resuelto) sólo
    # se anota; cerrado ya no admite interacciones.
    "interaccion": {
        "registrado": "en_proceso",
        "en_proceso": "en_proceso",
        "escalado": "escalado",
        "resuelto": "resuelto",
        "reabierto": "en_proceso",
        "cerrado": None,
    },
    "resolver": {e: ("resuelto" if "resuelto" in ESPERADA[e] else None) for e in ESPERADA},
    "escalar": {e: ("escalado" if "escalado" in ESPERADA[e] else None) for e in ESPERADA},
    "reloj": {e: ("escalado" if "escalado" in ESPERADA[e] else None) for e in ESPERADA},
    # Desescalar sólo aplica a un caso escalado (registrado → en_proceso es la primera interacción).
    "desescalar": {e: ("en_proceso" if e == "escalado" else None) for e in ESPERADA},
    "confirmar_si": {e: ("cerrado" if "cerrado" in ESPERADA[e] else None) for e in ESPERADA},
    "confirmar_no": {e: ("reabierto" if "reabierto" in ESPERADA[e] else None) for e in ESPERADA},
    "enlace_si": {e: ("cerrado" if "cerrado" in ESPERADA[e] else None) for e in ESPERADA},
    "enlace_no": {e: ("reabierto" if "reabierto" in ESPERADA[e] else None) for e in ESPERADA},
}
# El enlace del correo responde 410 (ya se usó o es de otra ronda), no 409.
ERROR = {"enlace_si": EnlaceVencido, "enlace_no": EnlaceVencido}


def test_la_tabla_es_la_esperada():
    assert set(ESTADOS) == set(ESPERADA)
    assert {k: set(v) for k, v in TRANSICIONES.items()} == ESPERADA
    assert {"registrado", "en_proceso", "escalado", "reabierto"} == ABIERTOS


@pytest.mark.parametrize(("origen", "destino"), PARES)
def test_cada_par_de_la_tabla(origen, destino):
    assert transicion_valida(origen, destino) is (destino in ESPERADA[origen])
    assert (destino in transiciones(origen)) is (destino in ESPERADA[origen])


def test_transiciones_ordenadas_y_estado_desconocido():
    assert transiciones("registrado") == ["en_proceso", "escalado", "resuelto"]
    assert transiciones("volando") == [] and transicion_valida("volando", "cerrado") is False


@pytest.mark.parametrize(("accion", "origen"), list(product(ACCIONES, ESPERADA)))
def test_cada_accion_desde_cada_estado(accion, origen):
    repo = _repo(origen)
    antes = repo.obtener("1234567890")
    esperado = RESULTADO[accion][origen]
    if esperado is None:
        with pytest.raises(ERROR.get(accion, Conflicto)) as e:
            ACCIONES[accion](repo, "1234567890")
        if accion not in ERROR:
            assert e.value.codigo in ("transicion_invalida", "caso_cerrado")
        # Rechazada: ni estado, ni versión, ni eventos (nada que enviar) cambian.
        assert repo.obtener("1234567890") == antes and repo.eventos["1234567890"] == []
        return
    ACCIONES[accion](repo, "1234567890")
    despues = repo.obtener("1234567890")
    assert despues.estado == esperado and despues.version == antes.version + 1
    assert repo.eventos["1234567890"]
    if esperado != origen or accion in ("escalar", "reloj"):
        # Todo cambio de estado (y escalar otra vez) es un par de la tabla.
        assert esperado in ESPERADA[origen]


@pytest.mark.parametrize(("origen", "destino"), PARES)
def test_cada_par_lo_produce_alguna_accion_y_ninguna_produce_uno_fuera(origen, destino):
    produce = {
        a for a in ACCIONES if RESULTADO[a][origen] == destino and (destino != origen or a in ("escalar", "reloj"))
    }
    assert bool(produce) is (destino in ESPERADA[origen])


def test_escalar_sube_un_nivel_y_no_pasa_del_3():
    repo = _repo("escalado")
    escalar(repo, "1234567890", "supervisor", "Otro nivel.", SUPERVISOR, AHORA)
    assert repo.obtener("1234567890").nivel == 3
    with pytest.raises(Conflicto) as e:
        escalar(repo, "1234567890", "supervisor", "Otro más.", SUPERVISOR, AHORA)
    assert e.value.codigo == "nivel_maximo"


def test_resolver_un_caso_resuelto_no_reenvia_ni_recalcula():
    repo = _repo("resuelto")
    bono = {"dias_afectados": 3, "monto": "59.88"}
    repo.casos["1234567890"] = replace(repo.obtener("1234567890"), bonificacion=bono, resolucion="Primera resolución.")
    antes = repo.obtener("1234567890")
    with pytest.raises(Conflicto) as e:
        ACCIONES["resolver"](repo, "1234567890")
    assert e.value.codigo == "transicion_invalida"
    caso = repo.obtener("1234567890")
    assert caso == antes and caso.bonificacion == bono and caso.ronda == 1
    assert repo.eventos["1234567890"] == []  # ningún evento con `notificar`: no sale otro correo


def test_el_fragmento_del_indice_sale_del_penultimo_digito():
    # 10 fragmentos (ABIERTOS#0..9): el penúltimo dígito del folio, que es aleatorio.
    assert _caso("registrado").fragmento == 9
    assert replace(_caso("registrado"), folio="1234567804").fragmento == 0
