"""Entrega de la bandeja de salida: qué se envía a quién, la entrega que queda y la reserva, por medio."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from funciones.notificaciones import plantillas
from funciones.notificaciones.logica import carga_programa, entregar, momento_encuesta, nombre_programa
from funciones.notificaciones.plantillas import ContextoEnvio, alerta
from funciones.nucleo.dominio.caso import Evento
from tests.unidad.fakes import AlertasFalsas, CorreoFalso, EnviosFalsos, SmsFalso

AHORA = datetime(2026, 3, 10, 17, 0, tzinfo=UTC)
CTX = ContextoEnvio(url_sitio="https://bp.mx", ahora=AHORA + timedelta(seconds=3))
FOLIO = "1234567890"


def _evento(medio: str, plantilla: str, destino: str, datos: dict | None = None) -> Evento:
    return Evento(
        folio=FOLIO,
        fecha=AHORA,
        tipo="caso_registrado",
        descripcion="Registramos tu caso.",
        notificar={"medio": medio, "plantilla": plantilla, "destino": destino, "datos": datos or {}},
    )


FOLIO_DATOS = {"folio": FOLIO, "nombre": "Ana"}


@pytest.fixture(autouse=True)
def _plantillas(monkeypatch):
    # Las plantillas se prueban aparte; aquí importa qué recibe cada una y a quién va lo que arman.
    monkeypatch.setitem(
        plantillas.CORREOS,
        "folio",
        lambda datos, ctx: (f"Folio {datos['folio']}", f"Hola {datos['nombre']}", "<p>Hola</p>"),
    )
    monkeypatch.setitem(plantillas.SMS, "folio", lambda datos, ctx: f"Tu folio {datos['folio']} {ctx.ahora:%H:%M}")


ALERTA_DATOS = {
    "folio": FOLIO,
    "tipo": "escalamiento",
    "nivel": 2,
    "departamentos": ["supervisores", "facturacion"],
    "vence": "2026-03-12T18:30:00-06:00",
    "motivo": "Lo pidió el cliente.",
    "tipo_nombre": "Queja",
    "nombre": "Ana",
}


def _sin_id(evento: Evento) -> dict:
    datos = dict(vars(evento))
    datos.pop("id")
    # La entrega de un aviso de caso vive en la partición del caso.
    assert datos.pop("particion") is None
    return datos


def test_correo_envia_con_etiquetas_y_registra_la_entrega():
    evento = _evento("correo", "folio", "ana.lopez@example.com", FOLIO_DATOS)
    envios, correo = EnviosFalsos(), CorreoFalso()
    entrega = entregar(evento, envios, correo, SmsFalso(), CTX, 120)
    (enviado,) = correo.enviados
    assert enviado == {
        "destinatario": "ana.lopez@example.com",
        "asunto": f"Folio {FOLIO}",
        "texto": "Hola Ana",
        "html": "<p>Hola</p>",
        "etiquetas": {"folio": FOLIO, "evento": evento.id, "plantilla": "folio"},
        # Nombre en el To y cabecera de aviso automático (no se responde en automático a un aviso).
        "nombre": "Ana",
        "responder_a": None,
        "cabeceras": {"Auto-Submitted": "auto-generated"},
    }
    assert _sin_id(entrega) == {
        "folio": FOLIO,
        "fecha": CTX.ahora,
        "tipo": "notificacion_enviada",
        "descripcion": "Te enviamos el folio por correo a a***@example.com.",
        "publico": True,
        "autor": "sistema",
        "datos": {"medio": "correo", "plantilla": "folio", "id_mensaje": "correo-1", "evento_origen": evento.id},
        "notificar": None,
    }
    assert envios.entregas == [entrega] and envios.marcas[evento.id]["estado"] == "enviado"
    assert envios.marcas[evento.id]["vence"] == CTX.ahora + timedelta(seconds=120)


def test_sms_al_telefono_enmascarado():
    evento = _evento("sms", "folio", "+527676720827", FOLIO_DATOS)
    sms = SmsFalso()
    entrega = entregar(evento, EnviosFalsos(), CorreoFalso(), sms, CTX, 120)
    assert sms.enviados == [("+527676720827", f"Tu folio {FOLIO} 17:00")]
    assert entrega.descripcion == "Te enviamos el folio por SMS al *** *** 0827."
    assert entrega.publico is True and entrega.datos["id_mensaje"] == "sms-1" and entrega.datos["medio"] == "sms"


def test_alerta_por_sns_es_interna():
    evento = _evento("alerta", "alerta", "alertas", ALERTA_DATOS)
    publicador, correo, sms = AlertasFalsas(), CorreoFalso(), SmsFalso()
    entrega = entregar(evento, EnviosFalsos(), correo, sms, CTX, 120, publicador)
    assert publicador.publicadas == [alerta(ALERTA_DATOS, CTX)]
    assert correo.enviados == [] and sms.enviados == []
    # Sin llaves crudas ni nombres de proveedor: lo leen los agentes (issue 16).
    assert entrega.descripcion == "Alerta enviada a Supervisores y Facturación."
    assert entrega.publico is False
    assert entrega.datos == {
        "medio": "alerta",
        "plantilla": "alerta",
        "id_mensaje": "alerta-1",
        "evento_origen": evento.id,
    }


def test_alerta_sin_tema_libera_la_reserva():
    evento = _evento("alerta", "alerta", "alertas", ALERTA_DATOS)
    envios = EnviosFalsos()
    with pytest.raises(RuntimeError, match="^no hay tema de alertas configurado$"):
        entregar(evento, envios, CorreoFalso(), SmsFalso(), CTX, 120)
    assert envios.marcas == {} and envios.entregas == []


def test_una_falla_libera_la_reserva_de_su_folio():
    evento = _evento("correo", "folio", "ana@example.com", FOLIO_DATOS)
    envios = EnviosFalsos()
    with pytest.raises(ConnectionError):
        entregar(evento, envios, CorreoFalso(fallas=1), SmsFalso(), CTX, 120)
    assert envios.marcas == {}


def test_plantilla_sin_descripcion_propia(monkeypatch):
    monkeypatch.setitem(plantillas.CORREOS, "aviso_nuevo", lambda datos, ctx: ("Asunto", "Texto", "<p>Texto</p>"))
    evento = _evento("correo", "aviso_nuevo", "ana@example.com")
    entrega = entregar(evento, EnviosFalsos(), CorreoFalso(), SmsFalso(), CTX, 120)
    assert entrega.descripcion == "Te enviamos un aviso por correo a a***@example.com."


@pytest.mark.parametrize(
    ("plantilla", "texto"),
    [
        ("resolucion", "Te enviamos la resolución y cómo confirmarla"),
        ("escalamiento", "Te avisamos que tu solicitud pasó a atención especializada"),
        ("encuesta", "Te enviamos la encuesta de satisfacción"),
    ],
)
def test_descripcion_por_plantilla(monkeypatch, plantilla, texto):
    monkeypatch.setitem(plantillas.SMS, plantilla, lambda datos, ctx: "mensaje")
    entrega = entregar(_evento("sms", plantilla, "+527676720827"), EnviosFalsos(), CorreoFalso(), SmsFalso(), CTX, 120)
    assert entrega.descripcion == f"{texto} por SMS al *** *** 0827."


def _encuesta(fecha: datetime = AHORA) -> Evento:
    evento = _evento("correo", "encuesta", "ana@example.com")
    evento.fecha = fecha
    return evento


def test_momento_de_la_encuesta():
    # Se programa si falta más de un minuto; si no, sale ya.
    assert momento_encuesta(_encuesta(), 60, AHORA) == AHORA + timedelta(minutes=60)
    assert momento_encuesta(_encuesta(), 2, AHORA + timedelta(seconds=59)) == AHORA + timedelta(minutes=2)
    assert momento_encuesta(_encuesta(), 2, AHORA + timedelta(seconds=60)) is None
    assert momento_encuesta(_encuesta(), 0, AHORA) is None
    # Sin retraso configurado sale ya, aunque el evento sea de más adelante; un minuto de retraso sí se programa.
    assert momento_encuesta(_encuesta(AHORA + timedelta(minutes=10)), 0, AHORA) is None
    assert momento_encuesta(_encuesta(), 1, AHORA - timedelta(minutes=5)) == AHORA + timedelta(minutes=1)
    assert momento_encuesta(_evento("correo", "folio", "ana@example.com"), 60, AHORA) is None
    assert momento_encuesta(Evento(folio=FOLIO, fecha=AHORA, tipo="x", descripcion="x"), 60, AHORA) is None


def test_nombre_y_carga_del_programa():
    evento = _encuesta()
    assert nombre_programa(evento) == f"encuesta-{FOLIO}-{evento.id}"
    assert carga_programa(evento) == {"envio_diferido": {"folio": FOLIO, "sk": evento.sk}}
