"""Lógica de alta, seguimiento y notificaciones sobre dobles en memoria (sin red)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from esquemas.solicitudes import SolicitudCaso, SolicitudConsulta
from funciones.alta.logica import INTENTOS_FOLIO, registrar_caso, vista_registro
from funciones.notificaciones.logica import entregar
from funciones.notificaciones.plantillas import ContextoEnvio
from funciones.nucleo.dominio import calendario
from funciones.nucleo.dominio.caso import Evento, hash_token, transicion_valida
from funciones.nucleo.dominio.errores import ClaveConOtrosDatos, EnvioEnCurso, NoEncontrado, ServicioNoDisponible
from funciones.nucleo.dominio.folio import digito_damm, folio_valido
from funciones.seguimiento.logica import consultar
from tests.unidad.fakes import CorreoFalso, EnviosFalsos, RepositorioFalso, SmsFalso

# Martes 24 de noviembre de 2026, 10:00 en la Ciudad de México.
AHORA = datetime(2026, 11, 24, 16, 0, tzinfo=UTC)
CTX = ContextoEnvio("https://bp.mx", AHORA, lambda: b"pimienta-de-prueba")
LLAVE = b"llave-de-idempotencia-de-prueba"
OTRO_FOLIO = "100000000" + digito_damm("100000000")
SOLICITUD = SolicitudCaso(
    tipo="queja",
    categoria="cargo_indebido",
    nombre="Ana López",
    contrato="12345678",
    correo="ana@example.com",
    descripcion='Me cobraron dos veces: "promo" < $300 & más',
    medio_notificacion="correo",
    aviso_privacidad="2026-11",
)


def test_alta_registra_caso_y_evento_con_plazos():
    repo = RepositorioFalso()
    r = registrar_caso(SOLICITUD, repo, AHORA)
    caso, token = r.caso, r.token
    assert folio_valido(caso.folio)
    assert caso.comprobante_hash == hash_token(token)
    # 20 horas hábiles = dos días de servicio completos desde las 10:00 del martes.
    assert caso.fecha_compromiso == datetime(2026, 11, 26, 10, 0, tzinfo=calendario.ZONA)
    assert caso.fecha_limite_legal == calendario.sumar_dias_habiles(AHORA, 5)
    (evento,) = repo.eventos[caso.folio]
    assert evento.tipo == "caso_registrado" and evento.publico
    assert evento.notificar["medio"] == "correo" and evento.notificar["destino"] == "ana@example.com"
    vista = r.respuesta
    assert vista == vista_registro(caso, token)
    assert vista.fecha_compromiso_texto == "jueves 26 de noviembre a las 10:00"
    assert vista.comprobante_url.endswith(token)


def test_el_compromiso_interno_no_pasa_del_limite_legal():
    # Interrupción: 20 h hábiles internas pero 72 h naturales legales; un sábado en la tarde el legal llega antes.
    s = SOLICITUD.model_copy(update={"categoria": "interrupcion"})
    sabado = datetime(2026, 11, 28, 23, 0, tzinfo=UTC)
    caso = registrar_caso(s, RepositorioFalso(), sabado).caso
    assert caso.fecha_compromiso <= caso.fecha_limite_legal


def test_impreso_no_pide_envio():
    s = SOLICITUD.model_copy(update={"medio_notificacion": "impreso"})
    repo = RepositorioFalso()
    caso = registrar_caso(s, repo, AHORA).caso
    assert repo.eventos[caso.folio][0].notificar is None


def test_folio_repetido_se_reintenta_y_luego_se_rinde():
    repo = RepositorioFalso(folios_ocupados={"*"})
    with pytest.raises(ServicioNoDisponible):
        registrar_caso(SOLICITUD, repo, AHORA)
    assert repo.intentos == INTENTOS_FOLIO


def test_misma_clave_y_mismo_cuerpo_dan_el_mismo_folio_y_un_solo_caso():
    repo = RepositorioFalso()
    primera = registrar_caso(SOLICITUD, repo, AHORA, clave="clave-0001", llave=LLAVE)
    segunda = registrar_caso(SOLICITUD, repo, AHORA, clave="clave-0001", llave=LLAVE)
    assert not primera.repetida and segunda.repetida
    assert segunda.respuesta == primera.respuesta
    assert len(repo.casos) == 1


def test_misma_clave_con_otro_cuerpo_es_422():
    repo = RepositorioFalso()
    registrar_caso(SOLICITUD, repo, AHORA, clave="clave-0001", llave=LLAVE)
    with pytest.raises(ClaveConOtrosDatos):
        registrar_caso(
            SOLICITUD.model_copy(update={"nombre": "Otra Persona"}), repo, AHORA, clave="clave-0001", llave=LLAVE
        )
    assert len(repo.casos) == 1


def test_consulta_da_la_misma_respuesta_a_folio_y_segundo_factor_equivocados():
    repo = RepositorioFalso()
    caso = registrar_caso(SOLICITUD, repo, AHORA).caso
    bien = consultar(SolicitudConsulta(folio=caso.folio, contrato="12345678"), repo, AHORA)
    assert bien.estado == "registrado" and len(bien.historial) == 1
    por_correo = consultar(SolicitudConsulta(folio=caso.folio, correo="ANA@example.com"), repo, AHORA)
    assert por_correo.folio == caso.folio
    mensajes = []
    for solicitud in (
        SolicitudConsulta(folio=caso.folio, contrato="87654321"),
        SolicitudConsulta(folio=caso.folio, correo="otra@example.com"),
        SolicitudConsulta(folio=OTRO_FOLIO, contrato="12345678"),
    ):
        with pytest.raises(NoEncontrado) as e:
            consultar(solicitud, repo, AHORA)
        mensajes.append(e.value.mensaje)
    # El folio inexistente recibe el mismo texto que el existente con su primer fallo (sólo cambia la cuenta).
    assert mensajes[2] == mensajes[0] != mensajes[1]
    assert "te quedan 4 intentos" in mensajes[0] and "te quedan 3 intentos" in mensajes[1]


def test_historial_publico_sin_notas_internas():
    repo = RepositorioFalso()
    caso = registrar_caso(SOLICITUD, repo, AHORA).caso
    repo.eventos[caso.folio].append(
        Evento(folio=caso.folio, fecha=AHORA, tipo="nota", descripcion="interna", publico=False)
    )
    vista = consultar(SolicitudConsulta(folio=caso.folio, contrato="12345678"), repo, AHORA)
    assert [h.descripcion for h in vista.historial] == [repo.eventos[caso.folio][0].descripcion]


def _evento_folio(medio: str = "correo") -> Evento:
    repo = RepositorioFalso()
    s = SOLICITUD.model_copy(update={"medio_notificacion": medio, "telefono": "+527676720827"})
    caso = registrar_caso(s, repo, AHORA).caso
    assert caso is not None
    return repo.eventos[caso.folio][0]


def test_entrega_envia_una_sola_vez_y_registra_la_entrega():
    evento, envios, correo = _evento_folio(), EnviosFalsos(), CorreoFalso()
    primera = entregar(evento, envios, correo, SmsFalso(), CTX, 120)
    segunda = entregar(evento, envios, correo, SmsFalso(), CTX, 120)
    assert primera is not None and segunda is None
    assert len(correo.enviados) == 1
    assert primera.datos["id_mensaje"] == "correo-1"
    assert "a***@example.com" in primera.descripcion


def test_el_correo_del_folio_no_repite_la_descripcion_y_trae_texto_y_html():
    evento, correo = _evento_folio(), CorreoFalso()
    assert "promo" not in str(evento.notificar)  # el pedido ya no la lleva
    entregar(evento, EnviosFalsos(), correo, SmsFalso(), CTX, 120)
    (enviado,) = correo.enviados
    assert "promo" not in enviado["html"] and "promo" not in enviado["texto"]
    assert "Queja · Cargo indebido" in enviado["texto"] and "Queja · Cargo indebido" in enviado["html"]
    assert "jueves 26 de noviembre a las 10:00" in enviado["texto"]
    assert "767 672 0827" in enviado["texto"] and "https://bp.mx/seguimiento.html?folio=" in enviado["texto"]


def test_el_correo_va_a_nombre_del_cliente_como_aviso_automatico():
    evento, correo = _evento_folio(), CorreoFalso()
    entregar(evento, EnviosFalsos(), correo, SmsFalso(), CTX, 120)
    (enviado,) = correo.enviados
    assert enviado["nombre"] == "Ana López"
    # Un «nombre» con enlaces no va en el To (ni en el saludo).
    evento, correo = _evento_folio(), CorreoFalso()
    evento.notificar["datos"]["nombre"] = "Visita phish.example"
    entregar(evento, EnviosFalsos(), correo, SmsFalso(), CTX, 120)
    (enviado,) = correo.enviados
    assert enviado["nombre"] is None and enviado["texto"].startswith("Hola:")
    # RFC 3834: los respondedores automáticos no contestan; el Reply-To queda el de atención (el del adaptador).
    assert enviado["cabeceras"] == {"Auto-Submitted": "auto-generated"} and enviado["responder_a"] is None


def test_una_falla_de_ses_libera_la_reserva_y_el_reintento_envia():
    evento, envios, correo = _evento_folio(), EnviosFalsos(), CorreoFalso(fallas=1)
    with pytest.raises(ConnectionError):
        entregar(evento, envios, correo, SmsFalso(), CTX, 120)
    assert entregar(evento, envios, correo, SmsFalso(), CTX, 120) is not None
    assert len(correo.enviados) == 1


def test_una_reserva_vigente_de_otra_ejecucion_no_envia():
    evento, envios = _evento_folio(), EnviosFalsos()
    envios.reservar(evento.pk, evento.id, AHORA, 120)
    with pytest.raises(EnvioEnCurso):
        entregar(evento, envios, CorreoFalso(), SmsFalso(), CTX, 120)


def test_sms_lleva_folio_agrupado():
    evento, sms = _evento_folio("sms"), SmsFalso()
    entregar(evento, EnviosFalsos(), CorreoFalso(), sms, CTX, 120)
    ((telefono, texto),) = sms.enviados
    assert telefono == "+527676720827"
    assert evento.folio[:3] + " " + evento.folio[3:6] in texto


@pytest.mark.parametrize(
    ("origen", "destino", "valida"),
    [
        ("registrado", "en_proceso", True),
        ("resuelto", "cerrado", True),
        ("resuelto", "reabierto", True),
        ("cerrado", "en_proceso", False),
        ("registrado", "cerrado", False),
        ("cerrado", "reabierto", False),
    ],
)
def test_transiciones(origen, destino, valida):
    assert transicion_valida(origen, destino) is valida


def test_un_folio_no_se_puede_probar_contra_muchos_contratos():
    from datetime import timedelta

    from funciones.nucleo.dominio.errores import ConsultasAgotadas, ConsultaSinCoincidencia

    repo = RepositorioFalso()
    caso = registrar_caso(SOLICITUD, repo, AHORA).caso
    restantes = []
    for n in range(5):
        with pytest.raises(ConsultaSinCoincidencia) as e:
            consultar(SolicitudConsulta(folio=caso.folio, contrato=f"9999000{n}"), repo, AHORA)
        restantes.append(e.value.intentos_restantes)
    assert restantes == [4, 3, 2, 1, 0]
    # Al sexto intento en la hora, ni siquiera el contrato correcto pasa; espera la hora entera.
    with pytest.raises(ConsultasAgotadas) as e:
        consultar(SolicitudConsulta(folio=caso.folio, contrato="12345678"), repo, AHORA)
    assert e.value.reintentar_en_s == 3600 and "60 minutos" in e.value.mensaje
    una_hora_despues = AHORA + timedelta(hours=1)
    assert (
        consultar(SolicitudConsulta(folio=caso.folio, contrato="12345678"), repo, una_hora_despues).folio == caso.folio
    )


def test_la_repeticion_recalcula_el_token_sin_guardarlo():
    repo = RepositorioFalso()
    primera = registrar_caso(SOLICITUD, repo, AHORA, clave="clave-0001", llave=LLAVE)
    token = primera.respuesta.comprobante_url.split("t=")[1]
    assert len(token) == 32  # 192 bits en base64url, como los aleatorios
    assert hash_token(token) == repo.casos[primera.respuesta.folio].comprobante_hash
    (guardado,) = repo.claves.values()
    assert token not in str(vars(guardado)) and "clave-0001" not in str(vars(guardado))
    segunda = registrar_caso(SOLICITUD, repo, AHORA, clave="clave-0001", llave=LLAVE)
    assert segunda.repetida and segunda.respuesta.comprobante_url == primera.respuesta.comprobante_url
    # Con otra llave (otra pimienta) no sale el mismo token: no basta con conocer la clave.
    from funciones.alta.logica import token_de_clave

    folio = primera.respuesta.folio
    assert token_de_clave(LLAVE, "clave-0001", folio) == token
    assert token_de_clave(b"otra-llave", "clave-0001", folio) != token
    assert token_de_clave(LLAVE, "clave-0002", folio) != token


def test_una_clave_sin_llave_es_un_error_de_programacion():
    with pytest.raises(ValueError):
        registrar_caso(SOLICITUD, RepositorioFalso(), AHORA, clave="clave-0001")


def test_un_folio_inexistente_cuenta_sus_fallos_igual():
    from funciones.nucleo.dominio.errores import ConsultasAgotadas, ConsultaSinCoincidencia

    repo = RepositorioFalso()
    caso = registrar_caso(SOLICITUD, repo, AHORA).caso
    for _ in range(5):
        with pytest.raises(ConsultaSinCoincidencia) as existente:
            consultar(SolicitudConsulta(folio=caso.folio, contrato="87654321"), repo, AHORA)
        with pytest.raises(ConsultaSinCoincidencia) as inexistente:
            consultar(SolicitudConsulta(folio=OTRO_FOLIO, contrato="87654321"), repo, AHORA)
        assert existente.value.mensaje == inexistente.value.mensaje
        assert existente.value.intentos_restantes == inexistente.value.intentos_restantes
    for folio in (caso.folio, OTRO_FOLIO):
        with pytest.raises(ConsultasAgotadas):
            consultar(SolicitudConsulta(folio=folio, contrato="87654321"), repo, AHORA)
