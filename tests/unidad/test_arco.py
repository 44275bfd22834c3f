"""Reglas de la cancelación ARCO: qué se quita y qué se conserva (issue 16, punto 8)."""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime, timedelta

import pytest

from funciones.nucleo.dominio import arco, busqueda
from funciones.nucleo.dominio.caso import Caso
from funciones.nucleo.dominio.errores import Conflicto

AHORA = datetime(2026, 12, 4, 18, 0, tzinfo=UTC)


def _caso(**cambios) -> Caso:
    base = {
        "folio": "5939192168",
        "tipo": "queja",
        "categoria": "interrupcion",
        "canal": "telefono",
        "medio_notificacion": "correo",
        "nombre": "María Fernanda Gómez Ruiz",
        "descripcion": "Sin servicio en Insurgentes Sur 1234; llamen al 55 1234 5678.",
        "fecha_registro": AHORA - timedelta(days=3),
        "fecha_compromiso": AHORA - timedelta(days=1),
        "fecha_limite_legal": AHORA + timedelta(days=20),
        "contrato": "10002000",
        "correo": "maria.gomez@example.com",
        "telefono": "+525512345678",
        "estado": "cerrado",
        "nivel": 2,
        "version": 7,
        "resolucion": "Se cambió el módem de María en su domicilio.",
        "primer_contacto": False,
        "bonificacion": {"monto": "59.88", "dias_afectados": 3},
        "verificacion_id": "v-123",
        "departamento": "soporte_tecnico",
        "resuelto_por": "asesor.demo",
    }
    return Caso(**{**base, **cambios})


def test_el_caso_pierde_lo_personal_y_conserva_lo_de_los_reportes():
    caso = _caso()
    anonimo = arco.anonimizar_caso(caso)
    assert (anonimo.nombre, anonimo.contrato, anonimo.correo, anonimo.telefono) == (arco.TITULAR, None, None, None)
    assert "Insurgentes" not in anonimo.descripcion and "María" not in (anonimo.resolucion or "")
    assert anonimo.verificacion_id is None and anonimo.version == caso.version + 1
    conservados = (
        "folio",
        "tipo",
        "categoria",
        "canal",
        "medio_notificacion",
        "fecha_registro",
        "fecha_compromiso",
        "fecha_limite_legal",
        "estado",
        "nivel",
        "primer_contacto",
        "bonificacion",
        "departamento",
        "resuelto_por",
    )
    for campo in conservados:
        assert getattr(anonimo, campo) == getattr(caso, campo), campo
    # Un caso sin resolución no gana un texto de resolución.
    assert arco.anonimizar_caso(_caso(resolucion=None)).resolucion is None


def test_un_evento_conserva_tipo_fecha_autor_y_datos_neutros_sin_contactos_ni_texto():
    evento = {
        "pk": "CASO#5939192168",
        "sk": "EVENTO#2026-12-01T10:00:00+00:00#abc",
        "tipo": "notificacion_enviada",
        "fecha": "2026-12-01T10:00:00+00:00",
        "autor": "sistema",
        "publico": True,
        "descripcion": "Aviso enviado por correo a m***@example.com",
        "datos": {"medio": "correo", "plantilla": "registro", "id_mensaje": "m-1", "motivo": "María pidió", "x": 1},
        "notificar": {"medio": "correo", "plantilla": "registro", "destino": "maria@example.com", "datos": {}},
        "contrato": "10002000",
    }
    salida = arco.anonimizar_evento(evento)
    assert {k: salida[k] for k in ("pk", "sk", "tipo", "fecha", "autor", "publico")} == {
        k: evento[k] for k in ("pk", "sk", "tipo", "fecha", "autor", "publico")
    }
    assert salida["datos"] == {"medio": "correo", "plantilla": "registro", "id_mensaje": "m-1"}
    assert salida["notificar"] == {"medio": "correo", "plantilla": "registro"}
    assert "example.com" not in str(salida) and "contrato" not in salida
    assert salida["descripcion"].endswith(arco.TEXTO_ELIMINADO) and "m***" not in salida["descripcion"]


@pytest.mark.parametrize(
    ("destino", "queda"),
    [("soporte_tecnico", True), ("supervisor", True), ("maria@example.com", False), ("+525512345678", False)],
)
def test_el_destino_queda_si_es_un_departamento_y_no_si_es_un_contacto(destino, queda):
    assert ("destino" in arco.anonimizar_datos({"destino": destino, "nivel": 2})) is queda


def test_una_marca_de_envio_anonimiza_la_entrega_y_una_encuesta_pierde_el_comentario():
    envio = {
        "pk": "CASO#1",
        "sk": "ENVIO#abc",
        "estado": "enviado",
        "entrega": {"tipo": "notificacion_enviada", "descripcion": "a m***@example.com", "datos": {"medio": "correo"}},
    }
    salida = arco.anonimizar_item(envio)
    assert salida["estado"] == "enviado" and "example.com" not in str(salida)
    encuesta = {"pk": "CASO#1", "sk": "ENCUESTA#0001", "calificacion": 4, "comentario": "Soy María", "ronda": 1}
    assert arco.anonimizar_item(encuesta) == {"pk": "CASO#1", "sk": "ENCUESTA#0001", "calificacion": 4, "ronda": 1}


def test_proceso_profeco_abierto_o_caso_abierto_se_rechazan_con_el_motivo():
    abierto = _caso(proceso_profeco={"expediente": "PFC/2026/9", "desde": AHORA.isoformat(), "por": "s"})
    with pytest.raises(Conflicto) as e:
        arco.proceso_profeco_abierto([_caso(folio="1111111111"), abierto])
    assert e.value.codigo == "proceso_profeco_abierto" and "PFC/2026/9" in e.value.mensaje
    arco.proceso_profeco_abierto([_caso()])  # sin marca: pasa
    with pytest.raises(Conflicto) as e:
        arco.casos_abiertos([_caso(estado="en_proceso")])
    assert e.value.codigo == "casos_abiertos"
    arco.casos_abiertos([_caso(), _caso(estado="resuelto")])


def test_los_items_indice_salen_de_los_datos_antes_de_anonimizar():
    llave = busqueda.llave_busqueda(b"pimienta")
    caso = _caso()
    claves = {k for k, folio, _ in arco.indices_persona(llave, [caso], []) if folio == caso.folio}
    esperadas = set(
        busqueda.claves(
            llave,
            busqueda.terminos(contrato=caso.contrato, correo=caso.correo, telefono=caso.telefono, nombre=caso.nombre),
        )
    )
    assert claves == esperadas and len(claves) >= 6
    # Con los datos ya anonimizados no saldría ninguna de esas claves.
    assert not claves & {k for k, _, _ in arco.indices_persona(llave, [arco.anonimizar_caso(caso)], [])}


def test_las_claves_de_limites_son_las_mismas_que_cuenta_el_alta_web():
    from esquemas.alta import SolicitudCaso
    from funciones.alta.logica import limites_diarios
    from funciones.nucleo.dominio.catalogo import catalogo
    from funciones.nucleo.dominio.limites import llave_limites

    pimienta = b"pimienta de prueba"
    # La derivación no cambia: los contadores ya guardados se siguen encontrando.
    assert llave_limites(pimienta) == hmac.new(pimienta, b"bluepoint-limites-v1", hashlib.sha256).digest()
    solicitud = SolicitudCaso(
        tipo="queja",
        categoria="interrupcion",
        nombre="María Gómez",
        contrato="10002000",
        correo="Maria.Gomez+casa@gmail.com",
        telefono="55 1234 5678",
        descripcion="Sin servicio desde el lunes.",
        medio_notificacion="correo",
        aviso_privacidad=catalogo()["aviso_privacidad"]["version"],
    )
    contados = {
        (f"LIMITE#{lim.clave}", f"DIA#{lim.dia}") for lim in limites_diarios(solicitud, AHORA, llave_limites(pimienta))
    }
    borrados = set(
        arco.claves_limites(
            llave_limites(pimienta),
            contratos={"10002000"},
            correos={"Maria.Gomez+casa@gmail.com"},
            telefonos={"+525512345678"},
            ahora=AHORA,
        )
    )
    assert len(contados) == 3 and contados <= borrados


def test_es_de_la_persona_compara_el_dato_actual_normalizado():
    caso = _caso()
    assert arco.es_de_la_persona(caso, "telefono", "(55) 1234-5678")
    assert arco.es_de_la_persona(caso, "correo", "MARIA.GOMEZ@example.com")
    assert not arco.es_de_la_persona(caso, "contrato", "10002001")
    assert not arco.es_de_la_persona(arco.anonimizar_caso(caso), "contrato", "10002000")
