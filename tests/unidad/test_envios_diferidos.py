"""Cuándo se difiere la encuesta y qué deja un evento de SES, sin AWS."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from funciones.notificaciones.logica import eventos_de_ses, momento_encuesta
from funciones.nucleo.dominio.caso import Evento

CIERRE = datetime(2026, 11, 24, 18, 0, tzinfo=UTC)


def _evento(plantilla: str) -> Evento:
    return Evento(folio="1", fecha=CIERRE, tipo="caso_cerrado", descripcion="", notificar={"plantilla": plantilla})


def test_sin_retraso_o_que_no_es_encuesta_se_envia_ya():
    assert momento_encuesta(_evento("encuesta"), 0, CIERRE) is None
    assert momento_encuesta(_evento("folio"), 60, CIERRE) is None


def test_con_retraso_espera_y_si_ya_paso_se_envia_ya():
    assert momento_encuesta(_evento("encuesta"), 60, CIERRE) == CIERRE + timedelta(minutes=60)
    # El flujo llegó tarde (la función estuvo detenida): ya no se programa en el pasado.
    assert momento_encuesta(_evento("encuesta"), 60, CIERRE + timedelta(minutes=59, seconds=30)) is None


def test_evento_de_ses_ajeno_o_sin_etiquetas_no_deja_nada():
    base = {"mail": {"messageId": "m", "timestamp": "2026-11-24T17:00:00Z", "tags": {}}}
    assert eventos_de_ses({**base, "eventType": "Delivery"}, lambda f: None) == []
    assert eventos_de_ses({**base, "eventType": "Send"}, lambda f: None) == []


def test_ids_deterministas_por_mensaje_y_tipo():
    from funciones.nucleo.dominio.folio import generar_folio

    folio = generar_folio()
    aviso = {
        "eventType": "Delivery",
        "mail": {
            "messageId": "m1",
            "timestamp": "2026-11-24T17:00:00Z",
            "tags": {"folio": [folio], "plantilla": ["folio"]},
        },
        "delivery": {"timestamp": "2026-11-24T17:00:01.500Z"},
    }
    (a,) = eventos_de_ses(aviso, lambda f: None)
    (b,) = eventos_de_ses(aviso, lambda f: None)
    assert a.sk == b.sk and a.fecha == datetime(2026, 11, 24, 17, 0, 1, 500000, tzinfo=UTC) and not a.publico
