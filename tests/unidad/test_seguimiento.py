"""Consulta pública: la vista exacta, la ventana de intentos fallidos y el segundo factor ausente."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from esquemas.seguimiento import SolicitudConsulta
from funciones.nucleo.dominio.calendario import ZONA
from funciones.nucleo.dominio.caso import Caso, Evento
from funciones.nucleo.dominio.errores import ConsultasAgotadas, ConsultaSinCoincidencia
from funciones.seguimiento.logica import consultar, mensaje_agotadas, mensaje_sin_coincidencia, vista_consulta
from tests.unidad.fakes import RepositorioFalso

FOLIO = "1234567894"  # con su dígito verificador de Damm
PIMIENTA = bytes.fromhex("c3" * 32)
MS = timedelta(milliseconds=1)
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


def _repo(caso: Caso = CASO, eventos: list[Evento] | None = None) -> RepositorioFalso:
    repo = RepositorioFalso()
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
        "conversacion": [],
        "acceso": None,
        "acceso_vence": None,
        "admite_mensajes": True,
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
    with pytest.raises(ConsultaSinCoincidencia) as e:
        consultar(SolicitudConsulta(folio=FOLIO, correo="ana@example.com"), repo, AHORA)
    assert e.value.intentos_restantes == 4
    assert e.value.mensaje == mensaje_sin_coincidencia(4, 3600)


def test_un_acierto_devuelve_su_intento_y_los_fallos_siguen_contando():
    repo = _repo()
    with pytest.raises(ConsultaSinCoincidencia):
        consultar(SolicitudConsulta(folio=FOLIO, contrato="87654321"), repo, AHORA)
    ms = int(AHORA.timestamp() * 1000)
    assert repo.consultas[FOLIO][0] == ms
    # Un acierto no cuenta como fallo ni borra el anterior.
    despues = AHORA + timedelta(seconds=1)
    assert consultar(SolicitudConsulta(folio=FOLIO, contrato="12345678"), repo, despues).folio == FOLIO
    assert [f for f in repo.consultas[FOLIO] if f] == [ms]
    with pytest.raises(ConsultaSinCoincidencia) as e:
        consultar(SolicitudConsulta(folio=FOLIO, contrato="87654321"), repo, despues)
    assert e.value.intentos_restantes == 3


def test_el_quinto_fallo_agota_y_la_ventana_desliza():
    repo = _repo()
    for i in range(5):
        with pytest.raises(ConsultaSinCoincidencia) as e:
            consultar(SolicitudConsulta(folio=FOLIO, contrato="87654321"), repo, AHORA + timedelta(minutes=i))
        assert e.value.intentos_restantes == 4 - i
    # Agotado: ni el dato correcto pasa, y dice cuánto esperar (hasta que el primer fallo salga de la ventana).
    with pytest.raises(ConsultasAgotadas) as e:
        consultar(SolicitudConsulta(folio=FOLIO, contrato="12345678"), repo, AHORA + timedelta(minutes=10))
    assert e.value.mensaje == mensaje_agotadas(50 * 60)
    # Un milisegundo antes de que el primero cumpla la hora sigue agotado; al cumplirla se libera un intento.
    with pytest.raises(ConsultasAgotadas):
        consultar(SolicitudConsulta(folio=FOLIO, contrato="12345678"), repo, AHORA + timedelta(minutes=60) - MS)
    libre = AHORA + timedelta(minutes=60)
    assert consultar(SolicitudConsulta(folio=FOLIO, contrato="12345678"), repo, libre).folio == FOLIO


TELEFONO = "+525512345678"


def test_un_caso_solo_con_telefono_se_sigue_con_folio_y_telefono():
    repo = _repo(replace(CASO, contrato=None, correo=None, telefono=TELEFONO, medio_notificacion="sms"))
    vista = consultar(SolicitudConsulta(folio=FOLIO, telefono="55 1234 5678"), repo, AHORA, PIMIENTA)
    assert vista.folio == FOLIO and vista.acceso is not None and vista.acceso_vence == AHORA + timedelta(minutes=60)
    # Otro teléfono es un fallo como cualquier otro, con sus intentos.
    with pytest.raises(ConsultaSinCoincidencia) as e:
        consultar(SolicitudConsulta(folio=FOLIO, telefono="55 1234 5679"), repo, AHORA)
    assert e.value.intentos_restantes == 4


def test_un_caso_sin_telefono_no_coincide_con_ningun_telefono():
    with pytest.raises(ConsultaSinCoincidencia):
        consultar(SolicitudConsulta(folio=FOLIO, telefono="55 1234 5678"), _repo(), AHORA)


def test_el_acceso_sirve_para_ese_folio_y_vence_a_los_60_minutos():
    from funciones.nucleo.dominio import acceso_cliente

    vista = consultar(SolicitudConsulta(folio=FOLIO, contrato="12345678"), _repo(), AHORA, PIMIENTA)
    assert vista.acceso is not None
    acceso_cliente.comprobar(vista.acceso, FOLIO, PIMIENTA, AHORA + timedelta(minutes=59))
    with pytest.raises(acceso_cliente.AccesoVencido) as e:
        acceso_cliente.comprobar(vista.acceso, FOLIO, PIMIENTA, AHORA + timedelta(minutes=60, seconds=1))
    assert e.value.codigo == "acceso_vencido"
    with pytest.raises(acceso_cliente.AccesoAjeno):
        acceso_cliente.comprobar(vista.acceso, "1234567890", PIMIENTA, AHORA)
    with pytest.raises(acceso_cliente.AccesoInvalido):
        acceso_cliente.comprobar(vista.acceso, FOLIO, b"otra-pimienta-de-32-bytes-000000", AHORA)
    with pytest.raises(acceso_cliente.AccesoInvalido):
        acceso_cliente.comprobar(vista.acceso[:-2], FOLIO, PIMIENTA, AHORA)


def test_dos_segundos_factores_o_ninguno_es_400():
    from pydantic import ValidationError

    for datos in (
        {},
        {"contrato": "12345678", "telefono": "5512345678"},
        {"correo": "a@b.mx", "telefono": "5512345678"},
    ):
        with pytest.raises(ValidationError):
            SolicitudConsulta(folio=FOLIO, **datos)


def test_la_conversacion_en_orden_con_los_nombres_de_los_adjuntos_del_cliente():
    from funciones.nucleo.dominio.conversacion import AdjuntoMensaje, mensaje_agente, mensaje_cliente

    caso = replace(CASO, correo="ana@example.com")
    primero = mensaje_agente(caso, "¿Nos mandas foto del recibo?", "asesor.demo", AHORA)
    _, [segundo] = mensaje_cliente(
        caso, "Aquí está", "web", AHORA + MS, [AdjuntoMensaje("a1", "recibo.jpg", "image/jpeg", 10)]
    )
    interno = Evento(folio=FOLIO, fecha=AHORA, tipo="interaccion_nota", descripcion="Nota.", publico=False)
    vista = vista_consulta(caso, [segundo, interno, primero], AHORA)
    assert [(m.autor, m.texto, [a.nombre for a in m.adjuntos]) for m in vista.conversacion] == [
        ("asesor", "¿Nos mandas foto del recibo?", []),
        ("cliente", "Aquí está", ["recibo.jpg"]),
    ]
    # Los mensajes no se repiten en el historial.
    assert vista.historial == []
    assert vista_consulta(replace(caso, estado="cerrado"), [], AHORA).admite_mensajes is False
