"""Verificación de identidad: intentos restantes, ventana de fallos, bloqueo y vigencia, con sus bordes exactos."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from esquemas.verificacion import SolicitudVerificacion
from funciones.nucleo.dominio.agentes import Agente
from funciones.nucleo.dominio.clientes import crear_cliente
from funciones.nucleo.dominio.errores import Bloqueado, Conflicto, ServicioNoDisponible
from funciones.verificacion.logica import verificar
from tests.unidad.fakes import VerificacionesFalsas

PIMIENTA = bytes.fromhex("b2" * 32)
AGENTE = Agente("asesor.demo", frozenset({"asesores"}))
# 17:00 UTC = 11:00 en la Ciudad de México (UTC-6 todo el año desde 2022).
T0 = datetime(2026, 3, 10, 17, 0, tzinfo=UTC)
MIN = timedelta(minutes=1)


def _cliente(**cambios):
    datos = {
        "contrato": "10002000",
        "nombre": "María Fernanda Gómez Ruiz",
        "correo": "maria.gomez@example.com",
        "telefono": "+525512345678",
        "precio_mensual": Decimal("499.00"),
        "domicilio": "Av. Insurgentes Sur 1234, Col. Del Valle, CDMX",
        "ultimos4": "4321",
        "pimienta": PIMIENTA,
        **cambios,
    }
    return crear_cliente(**datos)


def _solicitud(**cambios) -> SolicitudVerificacion:
    datos = {"contrato": "10002000", "nombre": "maria fernanda gomez ruiz", "pregunta": "ultimos4", "respuesta": "4321"}
    return SolicitudVerificacion.model_validate({**datos, **cambios})


def _mal(repo, ahora, **cambios):
    return verificar(_solicitud(respuesta="9999", **cambios), repo, PIMIENTA, AGENTE, ahora)


def _bien(repo, ahora, **cambios):
    return verificar(_solicitud(**cambios), repo, PIMIENTA, AGENTE, ahora)


def _tipos(repo) -> list[str]:
    return [e.tipo for e in repo.eventos]


def test_cada_fallo_descuenta_un_intento_y_el_tercero_bloquea():
    repo = VerificacionesFalsas([_cliente()])
    restantes = [_mal(repo, T0 + i * MIN).intentos_restantes for i in range(3)]
    assert restantes == [2, 1, 0]
    assert repo.bloqueos["10002000"].bloqueado_hasta == (T0 + 2 * MIN + 30 * MIN).isoformat()
    assert repo.bloqueos["10002000"].fallos == []
    assert _tipos(repo) == ["verificacion_fallida"] * 3


def test_la_respuesta_fallida_no_dice_que_fallo():
    repo = VerificacionesFalsas([_cliente()])
    por_nombre = verificar(_solicitud(nombre="Otra Persona"), repo, PIMIENTA, AGENTE, T0)
    por_respuesta = _mal(VerificacionesFalsas([_cliente()]), T0)
    desconocido = _bien(VerificacionesFalsas([_cliente()]), T0, contrato="99999999")
    for r in (por_nombre, por_respuesta, desconocido):
        assert r.model_dump() == {
            "verificado": False,
            "verificacion_id": None,
            "expira": None,
            "intentos_restantes": 2,
            "cliente": None,
        }


def test_el_domicilio_tambien_verifica_y_el_nombre_debe_coincidir():
    repo = VerificacionesFalsas([_cliente()])
    assert _bien(repo, T0, pregunta="domicilio", respuesta="avenida insurgentes sur 1234 del valle cdmx").verificado
    # Respuesta de la otra pregunta: los últimos 4 no son el domicilio.
    assert not _bien(repo, T0, pregunta="domicilio", respuesta="4321").verificado
    assert not _bien(repo, T0, nombre="María Gómez").verificado


def test_los_fallos_de_hace_mas_de_30_minutos_ya_no_cuentan():
    repo = VerificacionesFalsas([_cliente()])
    _mal(repo, T0)
    _mal(repo, T0 + MIN)
    # A los 30 minutos exactos el primer fallo sale de la ventana: quedan 2 fallos recientes, no 3.
    r = _mal(repo, T0 + 30 * MIN)
    assert r.intentos_restantes == 1 and repo.bloqueos["10002000"].bloqueado_hasta is None
    assert repo.bloqueos["10002000"].fallos == [(T0 + MIN).isoformat(), (T0 + 30 * MIN).isoformat()]


def test_tres_fallos_dentro_de_la_ventana_bloquean():
    repo = VerificacionesFalsas([_cliente()])
    _mal(repo, T0)
    _mal(repo, T0 + MIN)
    # Un instante antes de cumplirse los 30 minutos del primero, los tres cuentan.
    r = _mal(repo, T0 + 30 * MIN - timedelta(seconds=1))
    assert r.intentos_restantes == 0 and repo.bloqueos["10002000"].bloqueado_hasta is not None


def test_el_bloqueo_dura_30_minutos_exactos_aun_con_la_respuesta_correcta():
    repo = VerificacionesFalsas([_cliente()])
    for i in range(3):
        _mal(repo, T0 + i * MIN)
    fin = T0 + 2 * MIN + 30 * MIN  # 17:32 UTC = 11:32 en la Ciudad de México
    with pytest.raises(Bloqueado) as e:
        _bien(repo, fin - timedelta(seconds=1))
    assert "hasta las 11:32" in e.value.mensaje and e.value.codigo == "verificacion_bloqueada"
    # Bloqueado no escribe nada: ni fallo nuevo ni evento.
    assert len(repo.eventos) == 3
    r = _bien(repo, fin)
    assert r.verificado is True
    assert repo.bloqueos["10002000"].bloqueado_hasta is None and repo.bloqueos["10002000"].fallos == []


def test_el_bloqueo_es_por_contrato():
    repo = VerificacionesFalsas([_cliente(), _cliente(contrato="10003000")])
    for i in range(3):
        _mal(repo, T0 + i * MIN)
    assert _bien(repo, T0 + 3 * MIN, contrato="10003000").verificado is True


def test_el_exito_crea_una_verificacion_vigente_30_minutos_y_limpia_los_fallos():
    repo = VerificacionesFalsas([_cliente()])
    _mal(repo, T0)
    r = _bien(repo, T0 + MIN)
    assert r.verificado is True and r.intentos_restantes is None
    assert r.expira == T0 + MIN + 30 * MIN
    verificacion = repo.verificaciones[r.verificacion_id]
    assert verificacion.expira == r.expira and verificacion.usada is False
    assert (verificacion.contrato, verificacion.agente, verificacion.nombre) == (
        "10002000",
        "asesor.demo",
        "María Fernanda Gómez Ruiz",
    )
    assert (verificacion.correo, verificacion.telefono) == ("maria.gomez@example.com", "+525512345678")
    assert len(r.verificacion_id) >= 24
    assert r.cliente.model_dump() == {
        "contrato": "10002000",
        "nombre": "María Fernanda Gómez Ruiz",
        "correo_enmascarado": "m***@example.com",
        "telefono_enmascarado": "*** *** 5678",
        "tiene_correo": True,
        "tiene_telefono": True,
    }
    assert repo.bloqueos["10002000"].fallos == [] and _tipos(repo) == ["verificacion_fallida", "verificacion_exitosa"]
    assert repo.eventos[-1].datos == {"pregunta": "ultimos4", "agente": "asesor.demo"}


def test_cliente_sin_correo_ni_telefono():
    repo = VerificacionesFalsas([_cliente(correo=None, telefono=None)])
    c = _bien(repo, T0).cliente
    assert (c.correo_enmascarado, c.telefono_enmascarado, c.tiene_correo, c.tiene_telefono) == (
        None,
        None,
        False,
        False,
    )


@pytest.mark.parametrize("choques", [1, 2])
def test_una_escritura_concurrente_se_reintenta(choques):
    repo = VerificacionesFalsas([_cliente()])
    repo.choques = choques
    assert _mal(repo, T0).intentos_restantes == 2
    assert len(repo.eventos) == 1


def test_tres_choques_seguidos_son_503():
    repo = VerificacionesFalsas([_cliente()])
    repo.choques = 3
    with pytest.raises(ServicioNoDisponible):
        _mal(repo, T0)
    assert repo.eventos == []


def test_los_eventos_van_al_registro_del_cliente_sin_datos_personales():
    repo = VerificacionesFalsas([_cliente()])
    _mal(repo, T0)
    _bien(repo, T0 + MIN, pregunta="domicilio", respuesta="Av. Insurgentes Sur 1234, Col. Del Valle, CDMX")
    assert {e.contrato for e in repo.eventos} == {"10002000"}
    assert [e.datos for e in repo.eventos] == [
        {"pregunta": "ultimos4", "agente": "asesor.demo"},
        {"pregunta": "domicilio", "agente": "asesor.demo"},
    ]


def test_el_mensaje_de_bloqueo_completo():
    repo = VerificacionesFalsas([_cliente()])
    for i in range(3):
        _mal(repo, T0 + i * MIN)
    with pytest.raises(Bloqueado) as e:
        _bien(repo, T0 + 3 * MIN)
    assert e.value.mensaje == (
        "La verificación de este contrato está bloqueada por intentos fallidos hasta las 11:32. "
        "El cliente puede acudir a una tienda con identificación oficial."
    )


def test_el_id_de_la_verificacion_es_aleatorio_de_144_bits():
    repo = VerificacionesFalsas([_cliente()])
    ids = {_bien(repo, T0 + i * MIN).verificacion_id for i in range(3)}
    # 18 bytes en base64 URL: 24 caracteres, que cumplen el patrón que pide el alta asistida.
    assert len(ids) == 3 and all(len(i) == 24 for i in ids)


# --- Levantar el bloqueo (issue 16) ---

SUPERVISOR = Agente("supervisor.demo", frozenset({"supervisores"}))
MOTIVO = "El cliente acreditó su identidad en tienda."


def test_levantar_un_bloqueo_vigente_deja_tres_intentos_y_el_evento():
    from funciones.verificacion.logica import levantar_bloqueo

    repo = VerificacionesFalsas([_cliente()])
    for i in range(3):
        _mal(repo, T0 + i * MIN)
    hasta = repo.bloqueos["10002000"].bloqueado_hasta
    r = levantar_bloqueo("10002000", MOTIVO, repo, SUPERVISOR, T0 + 5 * MIN)
    assert (r.levantado, r.levantado_por, r.intentos_restantes, r.motivo) == (True, "supervisor.demo", 3, MOTIVO)
    assert repo.bloqueos["10002000"].bloqueado_hasta is None and repo.bloqueos["10002000"].fallos == []
    evento = repo.eventos[-1]
    assert evento.tipo == "bloqueo_levantado" and evento.contrato == "10002000"
    assert evento.datos == {
        "agente": "supervisor.demo",
        "motivo": MOTIVO,
        "bloqueado_hasta": hasta,
        "fallos_borrados": 0,
    }
    # Ya se puede verificar, y el siguiente fallo cuenta desde cero.
    assert _bien(repo, T0 + 6 * MIN).verificado is True


def test_levantar_sin_bloqueo_solo_borra_fallos_recientes():
    from funciones.verificacion.logica import VENTANA, levantar_bloqueo

    repo = VerificacionesFalsas([_cliente()])
    _mal(repo, T0)
    r = levantar_bloqueo("10002000", MOTIVO, repo, SUPERVISOR, T0 + MIN)
    assert r.levantado is False and repo.eventos[-1].datos["fallos_borrados"] == 1
    assert repo.eventos[-1].datos["bloqueado_hasta"] is None
    # Un fallo fuera de la ventana ya no cuenta: no hay nada que levantar.
    _mal(repo, T0 + 2 * MIN)
    with pytest.raises(Conflicto):
        levantar_bloqueo("10002000", MOTIVO, repo, SUPERVISOR, T0 + 2 * MIN + VENTANA)
    # Un bloqueo vencido tampoco.
    repo2 = VerificacionesFalsas([_cliente()])
    for i in range(3):
        _mal(repo2, T0 + i * MIN)
    with pytest.raises(Conflicto):
        levantar_bloqueo("10002000", MOTIVO, repo2, SUPERVISOR, T0 + 2 * MIN + timedelta(minutes=30))


def test_levantar_reintenta_una_carrera_y_se_rinde_a_la_tercera():
    from funciones.verificacion.logica import levantar_bloqueo

    repo = VerificacionesFalsas([_cliente()])
    for i in range(3):
        _mal(repo, T0 + i * MIN)
    repo.choques = 2
    assert levantar_bloqueo("10002000", MOTIVO, repo, SUPERVISOR, T0 + 5 * MIN).levantado is True
    for i in range(3):
        _mal(repo, T0 + (10 + i) * MIN)
    repo.choques = 3
    with pytest.raises(ServicioNoDisponible):
        levantar_bloqueo("10002000", MOTIVO, repo, SUPERVISOR, T0 + 15 * MIN)
    assert repo.bloqueos["10002000"].bloqueado_hasta is not None
