"""WhatsApp saliente (issue 17): consentimiento en el alta, plantillas por socialmessaging (la emulación local habla
su protocolo), ventana de 24 h para el asesor, estados de entrega en el historial y respaldo de un folio fallido."""

from __future__ import annotations

from datetime import timedelta

import boto3
import pytest

from funciones.nucleo.dominio import catalogo, reloj
from infraestructura.local import whatsapp as emulacion
from infraestructura.local.lambda_local import olvidar_configuracion
from tests.integracion.test_agentes import abrir, verificar
from tests.integracion.test_encuestas_reportes import CIERRE

ASESOR = ("asesor.demo", "asesores")
VERSION = catalogo.catalogo()["consentimiento_whatsapp"]["version"]
DUDA = {
    "tipo": "duda",
    "categoria": "servicios_paquetes",
    "nombre": "Ana López",
    "telefono": "767 672 0827",
    "descripcion": "¿Qué velocidad tiene el paquete de 399?",
    "medio_notificacion": "whatsapp",
    "consentimiento_whatsapp": VERSION,
    "aviso_privacidad": "2026-11",
}


@pytest.fixture
def wa(aws, monkeypatch):
    servicio = emulacion.EmulacionWhatsApp()
    monkeypatch.setenv("AWS_ENDPOINT_URL_SOCIALMESSAGING", servicio.iniciar())
    monkeypatch.setenv("WHATSAPP_NUMERO", emulacion.NUMERO)
    from infraestructura import plantillas_whatsapp

    plantillas_whatsapp.crear(boto3.client("socialmessaging"), emulacion.WABA)
    olvidar_configuracion()
    aws.whatsapp = servicio
    yield aws
    servicio.detener()
    olvidar_configuracion()


def _alta(aws, **cambios):
    estado, cuerpo, _ = aws.api("POST", "/api/casos", {**DUDA, **cambios})
    assert estado == 201, cuerpo
    aws.drenar()
    return cuerpo


def _historial(aws, folio):
    return aws.api("GET", f"/api/casos/{folio}", agente=ASESOR)[1]["historial"]


def test_el_folio_sale_por_whatsapp_con_la_plantilla_y_el_consentimiento_queda_en_el_caso(wa):
    cuerpo = _alta(wa)
    assert cuerpo["mensaje"] == "Te enviamos tu folio por WhatsApp."
    (enviado,) = wa.whatsapp.enviados()
    assert (enviado["destino"], enviado["plantilla"]) == ("+527676720827", "folio")
    assert cuerpo["folio_legible"] in enviado["texto"] and enviado["texto"].startswith("Hola, Ana López.")
    assert f"seguimiento.html?folio={cuerpo['folio']}" in enviado["texto"]
    # La referencia que Meta devuelve en los estados: caso, evento y plantilla, sin datos personales.
    assert enviado["referencia"].startswith(f"bp1:{cuerpo['folio']}:") and enviado["referencia"].endswith(":folio")
    caso = next(i for i in wa.items() if i["sk"]["S"] == "CASO")
    consentimiento = caso["consentimiento_whatsapp"]["M"]
    assert consentimiento["version"]["S"] == VERSION
    assert consentimiento["texto"]["S"] == catalogo.catalogo()["consentimiento_whatsapp"]["texto"]
    assert consentimiento["canal"]["S"] == "web" and consentimiento["fecha"]["S"]
    historial = _historial(wa, cuerpo["folio"])
    (entrega,) = [h for h in historial if h["tipo"] == "notificacion_enviada"]
    assert entrega["descripcion"] == "Te enviamos el folio por WhatsApp al *** *** 0827."
    registro = next(h for h in historial if h["tipo"] == "caso_registrado")
    assert registro["datos"]["consentimiento_whatsapp"]["version"] == VERSION


@pytest.mark.parametrize(
    ("cambios", "campo", "fragmento"),
    [
        ({"consentimiento_whatsapp": None}, "consentimiento_whatsapp", "Marca la casilla"),
        ({"consentimiento_whatsapp": ""}, "consentimiento_whatsapp", "Marca la casilla"),
        ({"consentimiento_whatsapp": "2020-01"}, "consentimiento_whatsapp", "cambió"),
        ({"telefono": None, "correo": "ana@example.com"}, "telefono", "WhatsApp"),
    ],
)
def test_whatsapp_sin_casilla_o_sin_celular_es_400_por_campo_y_no_guarda_ni_envia(wa, cambios, campo, fragmento):
    estado, cuerpo, _ = wa.api("POST", "/api/casos", {**DUDA, **cambios})
    assert estado == 400
    campos = {c["campo"]: c["mensaje"] for c in cuerpo["error"]["campos"]}
    assert fragmento in campos[campo]
    wa.drenar()
    assert wa.items() == [] and wa.whatsapp.enviados() == []


def test_el_asesor_registra_el_consentimiento_por_telefono(llamada, wa):
    _, v, _ = verificar(wa)
    estado, caso, _ = abrir(wa, v["verificacion_id"], medio_notificacion="whatsapp", consentimiento_whatsapp=VERSION)
    assert estado == 201, caso
    wa.drenar()
    (enviado,) = wa.whatsapp.enviados()
    assert enviado["plantilla"] == "folio"
    item = next(i for i in wa.items() if i["sk"]["S"] == "CASO" and i["folio"]["S"] == caso["folio"])
    consentimiento = item["consentimiento_whatsapp"]["M"]
    assert (consentimiento["canal"]["S"], consentimiento["registro"]["S"]) == ("telefono", "asesor.demo")
    # Sin la casilla, la consola recibe el mismo 400 por campo.
    _, v2, _ = verificar(wa)
    estado, error, _ = abrir(wa, v2["verificacion_id"], medio_notificacion="whatsapp")
    assert estado == 400 and "consentimiento_whatsapp" in {c["campo"] for c in error["error"]["campos"]}


def test_los_estados_de_entrega_quedan_en_el_historial_una_vez(wa):
    from funciones.notificaciones.whatsapp_estados import procesar_estados

    cuerpo = _alta(wa)
    (enviado,) = wa.whatsapp.enviados()
    estados = emulacion.estados_de_envio(enviado) + [{**emulacion.estados_de_envio(enviado)[0], "status": "read"}]
    procesar_estados(estados, [emulacion.ARN_NUMERO])
    procesar_estados(estados, [emulacion.ARN_NUMERO])  # SNS y Meta repiten: no se duplica
    tipos = [h["tipo"] for h in _historial(wa, cuerpo["folio"])]
    assert tipos.count("whatsapp_enviado") == tipos.count("whatsapp_entregado") == tipos.count("whatsapp_leido") == 1
    entregado = next(h for h in _historial(wa, cuerpo["folio"]) if h["tipo"] == "whatsapp_entregado")
    assert entregado["datos"]["id_mensaje"] == enviado["wamid"] and entregado["datos"]["plantilla"] == "folio"


def test_estados_de_otro_numero_o_sin_referencia_nuestra_no_anotan_nada(wa):
    from funciones.notificaciones.whatsapp_estados import procesar_estados

    cuerpo = _alta(wa)
    (enviado,) = wa.whatsapp.enviados()
    antes = len(_historial(wa, cuerpo["folio"]))
    otro = "arn:aws:social-messaging:us-east-1:123456789012:phone-number-id/ffffffffffffffffffffffffffffffff"
    procesar_estados(emulacion.estados_de_envio(enviado), [otro])
    ajeno = {**emulacion.estados_de_envio(enviado)[1], "biz_opaque_callback_data": "otro-sistema:123"}
    procesar_estados([ajeno, {"status": "delivered"}, "basura"], [emulacion.ARN_NUMERO])
    assert len(_historial(wa, cuerpo["folio"])) == antes


def test_folio_fallido_por_whatsapp_cae_a_sms_y_alerta_como_un_rebote(wa):
    from funciones.notificaciones.whatsapp_estados import procesar_estados
    from infraestructura.local.buzones import mensajes

    cuerpo = _alta(wa)
    (enviado,) = wa.whatsapp.enviados()
    fallido = {
        **emulacion.estados_de_envio(enviado)[0],
        "status": "failed",
        "errors": [{"code": 131026, "title": "Message undeliverable", "error_data": {"details": "sin WhatsApp"}}],
    }
    procesar_estados([fallido], [emulacion.ARN_NUMERO])
    procesar_estados([fallido], [emulacion.ARN_NUMERO])
    wa.drenar()
    sms = [m for m in mensajes() if m["destino"] == "+527676720827"]
    assert len(sms) == 1 and cuerpo["folio_legible"] in sms[0]["mensaje"]
    historial = _historial(wa, cuerpo["folio"])
    (falla,) = [h for h in historial if h["tipo"] == "whatsapp_fallido"]
    assert falla["publico"] and "Te lo enviamos por SMS al *** *** 0827." in falla["descripcion"]
    assert falla["datos"]["errores"][0]["codigo"] == 131026
    assert [h["tipo"] for h in historial].count("alerta_whatsapp_fallido") == 1
    alertas = [m for m in mensajes() if "WhatsApp" in (m.get("mensaje") or "")]
    assert alertas, "la alerta a supervisores sale por el tema de alertas"


def test_el_mensaje_del_asesor_fuera_de_la_ventana_va_en_plantilla_y_dentro_como_texto(wa):
    from funciones.nucleo.adaptadores import repositorios
    from funciones.nucleo.dominio.conversacion import mensaje_cliente

    cuerpo = _alta(wa)
    folio = cuerpo["folio"]
    texto = "¿Nos mandas una foto del módem donde se vean sus luces?"
    assert wa.api("POST", f"/api/casos/{folio}/interacciones", {"tipo": "mensaje", "texto": texto}, agente=ASESOR)[0]
    wa.drenar()
    fuera = wa.whatsapp.enviados()[0]
    assert fuera["plantilla"] == "invitacion_responder" and f"«{texto}»" in fuera["texto"]
    # El cliente escribe por WhatsApp (lo que anota whatsapp_entrante): se abre la ventana de 24 h.
    repo = repositorios.casos()
    caso = repo.obtener(folio)
    nuevo, eventos = mensaje_cliente(caso, "Ya les mando la foto", "whatsapp", reloj.ahora())
    repo.actualizar(nuevo, caso.version, eventos)
    wa.drenar()
    wa.api(
        "POST",
        f"/api/casos/{folio}/interacciones",
        {"tipo": "mensaje", "texto": "Gracias, la revisamos."},
        agente=ASESOR,
    )
    wa.drenar()
    dentro = wa.whatsapp.enviados()[0]
    assert (dentro["plantilla"], dentro["texto"]) == (None, "Gracias, la revisamos.")
    # 24 h después del mensaje del cliente la ventana se cerró: otra vez la plantilla.
    reloj.avanzar(24.5)
    try:
        wa.api(
            "POST", f"/api/casos/{folio}/interacciones", {"tipo": "mensaje", "texto": "¿Sigue la falla?"}, agente=ASESOR
        )
        wa.drenar()
    finally:
        reloj.avanzar(-24.5)
    assert wa.whatsapp.enviados()[0]["plantilla"] == "invitacion_responder"


def test_la_resolucion_lleva_los_botones_de_respuesta_rapida(wa):
    cuerpo = _alta(wa)
    folio = cuerpo["folio"]
    assert wa.api("POST", f"/api/casos/{folio}/resolucion", CIERRE, agente=ASESOR)[0] == 200
    wa.drenar()
    resolucion = wa.whatsapp.enviados()[0]
    assert resolucion["plantilla"] == "resolucion"
    assert resolucion["botones"] == [
        {"texto": "Sí, quedó resuelto", "carga": f"resuelto:{folio}:1"},
        {"texto": "No, sigue el problema", "carga": f"sigue:{folio}:1"},
    ]
    assert CIERRE["resumen"].rstrip(".") in resolucion["texto"]


def test_un_numero_rechazado_al_enviar_cae_al_respaldo_sin_reintentar(wa, monkeypatch):
    from funciones.nucleo.dominio.whatsapp import EnvioRechazado

    def rechazar(self, *a, **k):
        raise EnvioRechazado("InvalidParametersException")

    monkeypatch.setattr("funciones.nucleo.adaptadores.whatsapp.WhatsAppSocial.enviar_plantilla", rechazar)
    cuerpo = _alta(wa, correo="ana@example.com")
    wa.drenar()
    (correo,) = wa.correos()
    assert cuerpo["folio_legible"] in correo["asunto"]
    tipos = [h["tipo"] for h in _historial(wa, cuerpo["folio"])]
    assert tipos.count("whatsapp_rechazado") == 1 and tipos.count("whatsapp_fallido") == 1
    assert "alerta_whatsapp_fallido" in tipos


def test_la_ventana_se_cuenta_desde_el_ultimo_mensaje_del_cliente(wa):
    from funciones.nucleo.adaptadores import repositorios
    from funciones.nucleo.adaptadores.eventos_dynamo import EventosDynamo
    from funciones.nucleo.dominio.conversacion import mensaje_cliente

    cuerpo = _alta(wa)
    eventos = EventosDynamo("bluepoint-local", boto3.client("dynamodb"))
    assert eventos.ultimo_whatsapp(cuerpo["folio"]) is None
    repo = repositorios.casos()
    caso = repo.obtener(cuerpo["folio"])
    cuando = reloj.ahora() - timedelta(hours=3)
    nuevo, evs = mensaje_cliente(caso, "Hola", "whatsapp", cuando)
    repo.actualizar(nuevo, caso.version, evs)
    caso = repo.obtener(cuerpo["folio"])
    nuevo, evs = mensaje_cliente(caso, "por la web", "web", reloj.ahora())
    repo.actualizar(nuevo, caso.version, evs)
    assert eventos.ultimo_whatsapp(cuerpo["folio"]) == cuando


def test_el_expediente_lleva_los_estados_de_whatsapp_como_constancia_del_aviso(wa):
    from funciones.notificaciones.whatsapp_estados import procesar_estados

    supervisor = ("supervisor.demo", "supervisores")
    cuerpo = _alta(wa)
    (enviado,) = wa.whatsapp.enviados()
    _, x, _ = wa.api("GET", f"/api/casos/{cuerpo['folio']}/expediente", agente=supervisor)
    (aviso,) = [n for n in x["notificaciones"] if n["plantilla"] == "folio"]
    assert aviso["constancias"] == [] and aviso["medio_nombre"] == "WhatsApp"
    leido = {**emulacion.estados_de_envio(enviado)[0], "status": "read"}
    procesar_estados([*emulacion.estados_de_envio(enviado), leido], [emulacion.ARN_NUMERO])
    _, x, _ = wa.api("GET", f"/api/casos/{cuerpo['folio']}/expediente", agente=supervisor)
    (aviso,) = [n for n in x["notificaciones"] if n["plantilla"] == "folio"]
    assert sorted(c["resultado"] for c in aviso["constancias"]) == ["aceptado", "entregado", "leido"]
    assert any(c["texto"].startswith("Llegó al WhatsApp del destinatario el ") for c in aviso["constancias"])


def test_los_estados_de_la_emulacion_llegan_por_whatsapp_entrante_como_en_aws(wa):
    # Como el servidor local: cada envío produce sent y delivered, que entran por el sobre de AWS y SNS a
    # whatsapp_entrante, que se los entrega a procesar_estados.
    wa.whatsapp.al_enviar = emulacion.estados_por_la_entrada(lambda ev: wa.invocar("whatsapp_entrante", ev), 0)
    cuerpo = _alta(wa)
    historial = _historial(wa, cuerpo["folio"])
    tipos = [h["tipo"] for h in historial]
    assert tipos.count("whatsapp_enviado") == 1 and tipos.count("whatsapp_entregado") == 1
    (enviado,) = wa.whatsapp.enviados()
    entregado = next(h for h in historial if h["tipo"] == "whatsapp_entregado")
    assert entregado["datos"]["id_mensaje"] == enviado["wamid"]
