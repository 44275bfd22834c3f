"""La conversación en el dominio: el mensaje del cliente (con reapertura) y el del agente (con su envío)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from funciones.nucleo.dominio.caso import Caso
from funciones.nucleo.dominio.conversacion import (
    MAX_ADJUNTOS_POR_MENSAJE,
    AdjuntoMensaje,
    CasoCerrado,
    DemasiadosAdjuntos,
    SinContacto,
    mensaje_agente,
    mensaje_cliente,
)
from funciones.nucleo.dominio.errores import Conflicto
from tests.unidad.fakes import RepositorioFalso

AHORA = datetime(2026, 12, 1, 17, 0, tzinfo=UTC)
CASO = Caso(
    folio="1234567890",
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
    estado="en_proceso",
    ronda=1,
    version=4,
)
FOTO = AdjuntoMensaje("a1b2c3", "recibo.jpg", "image/jpeg", 2048)


def test_mensaje_del_cliente_en_un_caso_abierto_no_cambia_el_estado():
    nuevo, eventos = mensaje_cliente(CASO, "Les mando foto del recibo", "web", AHORA, [FOTO], {"id_correo": "x"})
    assert (nuevo.estado, nuevo.version) == ("en_proceso", 5)
    [e] = eventos
    assert (e.tipo, e.publico, e.autor, e.descripcion) == (
        "mensaje_cliente",
        True,
        "cliente",
        "Les mando foto del recibo",
    )
    assert e.datos == {
        "id_correo": "x",
        "canal": "web",
        "adjuntos": [{"id": "a1b2c3", "nombre": "recibo.jpg", "tipo_contenido": "image/jpeg", "tamano": 2048}],
    }
    assert e.notificar is None


def test_extra_no_pisa_canal_ni_adjuntos():
    _, [e] = mensaje_cliente(CASO, "hola", "correo", AHORA, [], {"canal": "web", "adjuntos": ["falso"]})
    assert e.datos["canal"] == "correo" and e.datos["adjuntos"] == []


def test_mensaje_del_cliente_reabre_un_caso_resuelto():
    resuelto = replace(CASO, estado="resuelto", ronda=2)
    nuevo, eventos = mensaje_cliente(resuelto, "Sigue sin funcionar", "correo", AHORA)
    assert (nuevo.estado, nuevo.version) == ("reabierto", 5)
    assert [e.tipo for e in eventos] == ["mensaje_cliente", "caso_reabierto"]
    assert eventos[1].datos == {"resuelto": False, "ronda": 2, "via": "mensaje", "canal": "correo"}


def test_un_caso_cerrado_no_admite_mensajes_del_cliente():
    with pytest.raises(CasoCerrado) as e:
        mensaje_cliente(replace(CASO, estado="cerrado"), "hola", "web", AHORA)
    assert isinstance(e.value, Conflicto) and e.value.codigo == "caso_cerrado"


def test_canal_desconocido_es_un_defecto_de_quien_llama():
    with pytest.raises(ValueError):
        mensaje_cliente(CASO, "hola", "fax", AHORA)


def test_cinco_adjuntos_si_seis_no():
    adjuntos = [replace(FOTO, id=str(i)) for i in range(MAX_ADJUNTOS_POR_MENSAJE)]
    _, [e] = mensaje_cliente(CASO, "fotos", "web", AHORA, adjuntos)
    assert len(e.datos["adjuntos"]) == 5
    with pytest.raises(DemasiadosAdjuntos):
        mensaje_cliente(CASO, "fotos", "web", AHORA, [*adjuntos, FOTO])
    with pytest.raises(DemasiadosAdjuntos):
        mensaje_agente(CASO, "fotos", "asesor.demo", AHORA, [*adjuntos, FOTO])


def test_mensaje_del_agente_por_correo():
    e = mensaje_agente(CASO, "Ya revisamos tu línea.", "asesor.demo", AHORA)
    assert (e.tipo, e.publico, e.autor, e.descripcion) == (
        "mensaje_agente",
        True,
        "asesor.demo",
        "Ya revisamos tu línea.",
    )
    assert e.datos == {"medio": "correo", "adjuntos": []}
    assert e.notificar == {
        "plantilla": "mensaje",
        "medio": "correo",
        "destino": "ana@example.com",
        "datos": {"folio": "1234567890", "nombre": "Ana López", "texto": "Ya revisamos tu línea."},
    }


def test_mensaje_del_agente_por_sms_si_solo_hay_telefono():
    e = mensaje_agente(replace(CASO, correo=None), "Hola", "asesor.demo", AHORA)
    assert e.notificar is not None
    assert (e.notificar["medio"], e.notificar["destino"]) == ("sms", "+525512345678")


def test_mensaje_del_agente_sin_contacto_o_con_el_caso_cerrado():
    with pytest.raises(SinContacto):
        mensaje_agente(replace(CASO, correo=None, telefono=None), "Hola", "asesor.demo", AHORA)
    with pytest.raises(Conflicto) as e:
        mensaje_agente(replace(CASO, estado="cerrado"), "Hola", "asesor.demo", AHORA)
    assert e.value.codigo == "caso_cerrado"


def _repo(caso: Caso) -> RepositorioFalso:
    repo = RepositorioFalso()
    repo.casos[caso.folio] = caso
    repo.eventos[caso.folio] = []
    return repo


def test_la_ruta_de_interacciones_con_tipo_mensaje_pide_el_envio_y_pone_el_caso_en_proceso():
    from esquemas.gestion import SolicitudInteraccion
    from funciones.gestion.logica import agregar_interaccion
    from funciones.nucleo.dominio.agentes import Agente

    repo = _repo(replace(CASO, estado="registrado"))
    agente = Agente("asesor.demo", frozenset({"asesores"}))
    entrada = agregar_interaccion(
        repo, CASO.folio, SolicitudInteraccion(tipo="mensaje", texto="Hola, Ana"), agente, AHORA
    )
    assert (entrada.tipo, entrada.publico, entrada.autor) == ("mensaje_agente", True, "asesor.demo")
    mensaje, en_proceso = repo.eventos[CASO.folio]
    assert mensaje.notificar is not None and mensaje.notificar["plantilla"] == "mensaje"
    assert en_proceso.tipo == "en_proceso" and repo.casos[CASO.folio].estado == "en_proceso"
    # Una nota sigue siendo interna y sin envío.
    nota = agregar_interaccion(repo, CASO.folio, SolicitudInteraccion(tipo="nota", texto="Interna"), agente, AHORA)
    assert (nota.tipo, nota.publico) == ("interaccion_nota", False)
    assert repo.eventos[CASO.folio][-1].notificar is None


def test_un_mensaje_no_puede_ser_interno():
    from pydantic import ValidationError

    from esquemas.gestion import SolicitudInteraccion

    with pytest.raises(ValidationError) as e:
        SolicitudInteraccion(tipo="mensaje", texto="Hola", publica=False)
    assert "siempre es público" in str(e.value)
    assert SolicitudInteraccion(tipo="mensaje", texto="Hola", publica=True).publica is True


def test_la_plantilla_del_mensaje_por_correo_y_por_sms():
    from funciones.notificaciones.plantillas import CORREOS, SMS, ContextoEnvio

    ctx = ContextoEnvio("https://atencion.bluepoint.mx", AHORA)
    datos = {"folio": "1234567890", "nombre": "Ana López", "texto": "Revisamos tu línea: <ok> & lista."}
    asunto, texto, html = CORREOS["mensaje"](datos, ctx)
    assert asunto == "Mensaje sobre tu solicitud 123 456 7890"
    assert "Revisamos tu línea: <ok> & lista." in texto and "Revisamos tu línea: &lt;ok&gt; &amp; lista." in html
    assert "https://atencion.bluepoint.mx/seguimiento.html?folio=1234567890" in texto
    sms = SMS["mensaje"](datos, ctx)
    # El SMS no lleva el texto, sí el folio y el enlace al caso.
    assert "Revisamos" not in sms and "123 456 7890" in sms
    assert sms.endswith("https://atencion.bluepoint.mx/seguimiento.html?folio=1234567890")


def test_la_alerta_del_mensaje_del_cliente_va_al_asignado_o_a_la_cola():
    from funciones.nucleo.dominio.conversacion import alerta_mensaje_cliente

    con_asesor = alerta_mensaje_cliente(replace(CASO, asignado="asesor.demo"), AHORA, "web", reabierto=True)
    assert (con_asesor.tipo, con_asesor.publico) == ("alerta_respuesta_cliente", False)
    assert con_asesor.datos["motivo"] == (
        "El cliente escribió en la página de seguimiento y el caso se reabrió. Asignado a asesor.demo."
    )
    assert con_asesor.notificar is not None and con_asesor.notificar["datos"]["asignado"] == "asesor.demo"
    cola = alerta_mensaje_cliente(replace(CASO, departamento="facturacion"), AHORA, "correo", reabierto=False)
    assert cola.datos["motivo"] == "El cliente escribió por correo. Sin asesor asignado: atender desde la cola."
    assert cola.datos["destinos"] == ["supervisores", "facturacion"]
    assert cola.notificar is not None and "asignado" not in cola.notificar["datos"]
