"""Una llamada completa por los handlers reales sobre moto: verificar, abrir, anotar, resolver, confirmar."""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

import pytest

ASESOR = ("asesor.demo", "asesores")
SUPERVISOR = ("supervisor.demo", "supervisores")
DEPARTAMENTO = ("facturacion.demo", "departamentos")
MARIA = {
    "contrato": "10002000",
    "nombre": "maría fernanda gómez ruiz",
    "pregunta": "domicilio",
    "respuesta": "Avenida Insurgentes Sur #1234, colonia Del Valle, Ciudad de México",
}


def verificar(aws, **cambios):
    return aws.api("POST", "/api/verificaciones", {**MARIA, **cambios}, agente=ASESOR)


def abrir(aws, verificacion_id, **cambios):
    cuerpo = {
        "tipo": "queja",
        "categoria": "interrupcion",
        "descripcion": "Sin servicio desde el lunes en la tarde.",
        "medio_notificacion": "correo",
        "canal": "telefono",
        "verificacion_id": verificacion_id,
        **cambios,
    }
    return aws.api("POST", "/api/casos/asistidos", cuerpo, agente=ASESOR)


def test_llamada_completa_con_bonificacion_y_confirmacion(llamada):
    aws = llamada
    estado, v, _ = verificar(aws)
    assert estado == 200 and v["verificado"] is True
    assert v["cliente"]["correo_enmascarado"] == "m***@example.com"
    estado, caso, _ = abrir(aws, v["verificacion_id"])
    assert estado == 201 and caso["canal"] == "telefono"
    folio = caso["folio"]
    aws.drenar()
    assert any(caso["folio_legible"] in c["asunto"] for c in aws.correos())

    estado, nota, _ = aws.api(
        "POST",
        f"/api/casos/{folio}/interacciones",
        {"tipo": "nota", "texto": "Se revisó el nodo de la zona.", "publica": False},
        agente=ASESOR,
    )
    assert estado == 201 and nota["autor"] == "asesor.demo" and nota["publico"] is False

    estado, detalle, _ = aws.api(
        "POST",
        f"/api/casos/{folio}/resolucion",
        {
            "resumen": "Se cambió el módem y se restableció el servicio.",
            "primer_contacto": False,
            "bonificacion": {"dias_afectados": 3},
        },
        agente=ASESOR,
    )
    assert estado == 200 and detalle["caso"]["estado"] == "resuelto"
    b = detalle["caso"]["bonificacion"]
    assert (b["precio_mensual"], b["proporcional"], b["monto"]) == ("499.00", "49.90", "59.88")
    aws.drenar()
    (resolucion,) = [c for c in aws.correos() if c["asunto"].startswith("Resolvimos")]
    assert "$59.88" in resolucion["texto"] and "$59.88" in resolucion["html"]

    estado, detalle, _ = aws.api("POST", f"/api/casos/{folio}/confirmacion", {"resuelto": True}, agente=ASESOR)
    assert estado == 200 and detalle["caso"]["estado"] == "cerrado"
    tipos = [h["tipo"] for h in detalle["historial"]]
    assert tipos[0] == "caso_cerrado" and "interaccion_nota" in tipos and "caso_resuelto" in tipos
    # El historial público no muestra la nota interna.
    _, publico, _ = aws.api("POST", "/api/consultas", {"folio": folio, "contrato": "10002000"})
    assert "Se revisó el nodo" not in str(publico)
    # Ni el monto de la bonificación (de él saldría la renta del contrato): sólo va en el aviso al contacto.
    assert "59.88" not in str(publico) and "bonificación" in str(publico)
    # Cerrado: ni interacciones ni otra resolución.
    assert (
        aws.api("POST", f"/api/casos/{folio}/interacciones", {"tipo": "nota", "texto": "x" * 5}, agente=ASESOR)[0]
        == 409
    )
    assert (
        aws.api(
            "POST",
            f"/api/casos/{folio}/resolucion",
            {"resumen": "Otra vez resuelto.", "primer_contacto": True},
            agente=ASESOR,
        )[0]
        == 409
    )


def _enlaces(correo: dict) -> tuple[str, str]:
    si = re.search(r"Sí, quedó resuelto: (\S+)", correo["texto"])
    no = re.search(r"No, sigue el problema: (\S+)", correo["texto"])
    assert si and no, correo["texto"]
    return urlsplit(si.group(1)).path, urlsplit(no.group(1)).path


def _resuelto_con_enlaces(aws) -> tuple[str, str, str]:
    _, v, _ = verificar(aws)
    _, caso, _ = abrir(aws, v["verificacion_id"])
    aws.api(
        "POST",
        f"/api/casos/{caso['folio']}/resolucion",
        {"resumen": "Se restableció el servicio.", "primer_contacto": True},
        agente=ASESOR,
    )
    aws.drenar()
    correo = next(c for c in aws.correos() if c["asunto"].startswith("Resolvimos"))
    return caso["folio"], *_enlaces(correo)


@pytest.mark.parametrize("resuelto", [True, False])
def test_el_cliente_confirma_desde_el_correo(llamada, resuelto):
    aws = llamada
    folio, si, no = _resuelto_con_enlaces(aws)
    ruta = si if resuelto else no
    estado, pagina, _ = aws.api("GET", ruta, consulta="respuesta=" + ("si" if resuelto else "no"))
    assert estado == 200 and "<form" in pagina
    estado, r, _ = aws.api("POST", ruta, {"resuelto": resuelto})
    assert estado == 200 and r["estado"] == ("cerrado" if resuelto else "reabierto")
    # Un solo uso: el mismo enlace ya no sirve.
    assert aws.api("POST", ruta, {"resuelto": resuelto})[0] == 410
    assert aws.api("GET", ruta)[0] == 410
    if not resuelto:
        _, cola, _ = aws.api("GET", "/api/casos", agente=ASESOR)
        assert folio in [c["folio"] for c in cola["casos"]]


def test_formulario_sin_javascript(llamada):
    aws = llamada
    _, si, _ = _resuelto_con_enlaces(aws)
    estado, pagina, _ = aws.api(
        "POST", si, "resuelto=si&comentario=Gracias", cabeceras={"content-type": "application/x-www-form-urlencoded"}
    )
    assert estado == 200 and "Gracias" in pagina


@pytest.mark.parametrize("cuerpo", ["resuelto=tal+vez", "resuelto=", "resuelto=SI", "comentario=Hola"])
def test_formulario_con_otro_valor_no_reabre_el_caso(llamada, cuerpo):
    # Antes, todo lo que no fuera «si» contaba como «no» y reabría el caso.
    aws = llamada
    folio, si, _ = _resuelto_con_enlaces(aws)
    formulario = {"content-type": "application/x-www-form-urlencoded"}
    estado, pagina, _ = aws.api("POST", si, cuerpo, cabeceras=formulario)
    assert estado == 400 and "Elige «Sí» o «No»" in pagina
    _, detalle, _ = aws.api("GET", f"/api/casos/{folio}", agente=ASESOR)
    assert detalle["caso"]["estado"] == "resuelto"
    assert aws.api("POST", si, "resuelto=no", cabeceras=formulario)[0] == 200  # el enlace sigue sirviendo


def test_enlace_alterado(llamada):
    aws = llamada
    _, si, _ = _resuelto_con_enlaces(aws)
    token = si.rsplit("/", 1)[1]
    carga, firma = token.split(".")
    alterado = f"/api/confirmaciones/{carga}.{'B' if firma[0] == 'A' else 'A'}{firma[1:]}"
    estado, cuerpo, _ = aws.api("POST", alterado, {"resuelto": True})
    assert estado == 410 and cuerpo["error"]["codigo"] == "enlace_invalido"


def test_verificacion_fallida_no_dice_que_fallo_y_bloquea(llamada):
    aws = llamada
    for respuesta, restantes in (("Otra calle 1", 2), ("Otra calle 2", 1)):
        estado, r, _ = verificar(aws, respuesta=respuesta)
        assert estado == 200 and r == {
            "verificado": False,
            "verificacion_id": None,
            "expira": None,
            "intentos_restantes": restantes,
            "cliente": None,
        }
    # Contrato desconocido: la misma forma de respuesta (con sus propios intentos).
    estado, r, _ = verificar(aws, contrato="99999999")
    assert estado == 200 and r == {
        "verificado": False,
        "verificacion_id": None,
        "expira": None,
        "intentos_restantes": 2,
        "cliente": None,
    }
    estado, r, _ = verificar(aws, nombre="Otra Persona", pregunta="ultimos4", respuesta="4321")
    assert r["verificado"] is False and r["intentos_restantes"] == 0
    # Bloqueado, aunque ahora la respuesta sea correcta.
    estado, r, _ = verificar(aws)
    assert estado == 423 and r["error"]["codigo"] == "verificacion_bloqueada"
    eventos = [i for i in aws.items() if i["pk"]["S"] == "CLIENTE#10002000" and i["sk"]["S"].startswith("EVENTO#")]
    assert len(eventos) == 3  # cada intento (los tres fallidos) quedó en el registro del cliente


def test_verificacion_de_un_solo_uso_y_vigente(llamada):
    aws = llamada
    _, v, _ = verificar(aws, pregunta="ultimos4", respuesta="4321")
    assert abrir(aws, v["verificacion_id"])[0] == 201
    estado, r, _ = abrir(aws, v["verificacion_id"])
    assert estado == 409 and r["error"]["codigo"] == "verificacion_no_vigente"
    estado, r, _ = abrir(aws, "x" * 24)
    assert estado == 410
    assert sum(1 for i in aws.items() if i["sk"]["S"] == "CASO") == 1


def test_permisos_y_entradas_malas(llamada):
    aws = llamada
    # Sin claims (no debería pasar del autorizador, pero la función lo vuelve a revisar).
    assert aws.api("POST", "/api/verificaciones", MARIA)[0] == 401
    assert aws.api("POST", "/api/verificaciones", MARIA, agente=DEPARTAMENTO)[0] == 403
    _, v, _ = verificar(aws)
    _, caso, _ = abrir(aws, v["verificacion_id"])
    folio = caso["folio"]
    malos = [
        ({"resumen": "Listo y resuelto.", "primer_contacto": True, "bonificacion": {"dias_afectados": -2}}, 400),
        ({"resumen": "Listo y resuelto.", "primer_contacto": True, "bonificacion": {"dias_afectados": 400}}, 400),
        ({"resumen": "corto", "primer_contacto": True}, 400),
    ]
    for cuerpo, esperado in malos:
        assert aws.api("POST", f"/api/casos/{folio}/resolucion", cuerpo, agente=ASESOR)[0] == esperado
    # Una duda no lleva bonificación.
    _, v2, _ = verificar(aws)
    _, duda, _ = abrir(aws, v2["verificacion_id"], tipo="duda", categoria="facturacion")
    estado, r, _ = aws.api(
        "POST",
        f"/api/casos/{duda['folio']}/resolucion",
        {"resumen": "Se explicó el recibo.", "primer_contacto": True, "bonificacion": {"dias_afectados": 2}},
        agente=ASESOR,
    )
    assert estado == 400 and r["error"]["campos"][0]["campo"] == "bonificacion.dias_afectados"
    # Confirmar un caso que no está resuelto: 409. Nada cambió.
    assert aws.api("POST", f"/api/casos/{folio}/confirmacion", {"resuelto": True}, agente=ASESOR)[0] == 409
    _, detalle, _ = aws.api("GET", f"/api/casos/{folio}", agente=SUPERVISOR)
    assert detalle["caso"]["estado"] == "registrado"


def test_cola_paginada_por_vencimiento(llamada):
    aws = llamada
    folios = []
    for _ in range(4):
        _, v, _ = verificar(aws)
        folios.append(abrir(aws, v["verificacion_id"], tipo="duda", categoria="facturacion")[1]["folio"])
    from funciones.gestion import handler

    vistos, cursor = [], None
    original = handler.TAMANO_PAGINA
    handler.TAMANO_PAGINA = 3
    try:
        while True:
            estado, pagina, _ = aws.api(
                "GET", "/api/casos", agente=ASESOR, consulta=f"cursor={cursor}" if cursor else ""
            )
            assert estado == 200
            vistos += pagina["casos"]
            cursor = pagina["cursor"]
            if not cursor:
                break
    finally:
        handler.TAMANO_PAGINA = original
    assert sorted(c["folio"] for c in vistos) == sorted(folios)
    fechas = [c["fecha_compromiso"] for c in vistos]
    assert fechas == sorted(fechas)
    assert aws.api("GET", "/api/casos", agente=ASESOR, consulta="estado=volando")[0] == 400
    assert aws.api("GET", "/api/casos", agente=ASESOR, consulta="cursor=%%%")[0] == 400


def test_los_registros_no_llevan_datos_personales(llamada):
    import importlib
    import io
    import logging

    aws = llamada
    # Se captura lo que cada función escribe en su bitácora, ya con el formato JSON de Powertools.
    salida = io.StringIO()
    capturas = []
    for nombre in ("alta", "verificacion", "gestion", "seguimiento", "notificaciones", "confirmaciones"):
        registrador = importlib.import_module(f"funciones.{nombre}.handler").logger
        manejador = logging.StreamHandler(salida)
        manejador.setFormatter(registrador.registered_formatter)
        registrador.addHandler(manejador)
        capturas.append((registrador, manejador))
    try:
        _, v, _ = verificar(aws, respuesta="respuesta equivocada 999")
        _, v, _ = verificar(aws)
        _, caso, _ = abrir(aws, v["verificacion_id"])
        aws.api(
            "POST",
            f"/api/casos/{caso['folio']}/resolucion",
            {"resumen": "Se restableció el servicio.", "primer_contacto": True},
            agente=ASESOR,
        )
        aws.api("POST", "/api/consultas", {"folio": caso["folio"], "correo": "maria.gomez@example.com"})
        aws.drenar()
        # Prueba de entrega: eventos de SES con la dirección del cliente, y un rebote que alerta.
        from tests.integracion.test_prueba_entrega import _aviso_ses, _por_sns

        for tipo in ("Delivery", "Bounce"):
            aviso = _aviso_ses(tipo, caso["folio"], "folio", f"m-{tipo}", destino="maria.gomez@example.com")
            aws.invocar("notificaciones", _por_sns(aviso))
        aws.drenar()
    finally:
        for registrador, manejador in capturas:
            registrador.removeHandler(manejador)
    registros = salida.getvalue()
    for evento in (
        "verificación",
        "caso asistido registrado",
        "caso resuelto",
        "notificación procesada",
        "evento de SES",
    ):
        assert evento in registros  # se capturó la bitácora de verdad
    for dato in (
        "maria.gomez@example.com",
        "5512345678",
        "Insurgentes",
        "4321",
        "respuesta equivocada 999",
        "Del Valle",
    ):
        assert dato not in registros, dato


def test_verificacion_vencida(llamada):
    from funciones.nucleo.dominio import reloj

    aws = llamada
    _, v, _ = verificar(aws)
    reloj.avanzar(0.6)  # 36 minutos: la verificación valía 30
    try:
        estado, r, _ = abrir(aws, v["verificacion_id"])
    finally:
        reloj.avanzar(-0.6)
    assert estado == 410 and r["error"]["codigo"] == "verificacion_vencida"
    assert not any(i["sk"]["S"] == "CASO" for i in aws.items())


# --- Bonificación sólo con el contrato verificado -----------------------------------------------------------------

QUEJA_WEB = {
    "tipo": "queja",
    "categoria": "interrupcion",
    "nombre": "Alguien Más",
    "contrato": "10002000",  # el de María: cualquiera puede escribirlo en el formulario
    "descripcion": "Sin servicio desde el lunes en la tarde.",
    "medio_notificacion": "correo",
    "aviso_privacidad": "2026-11",
}
CON_BONO = {"resumen": "Se restableció el servicio.", "primer_contacto": False, "bonificacion": {"dias_afectados": 3}}


def _caso_web(aws, **contacto) -> str:
    estado, caso, _ = aws.api("POST", "/api/casos", {**QUEJA_WEB, **contacto})
    assert estado == 201, caso
    aws.drenar()
    return caso["folio"]


@pytest.mark.parametrize(
    "contacto",
    [
        {"correo": "otra.persona@example.com"},
        # El teléfono de María no basta si el correo (a donde iría la resolución) no es el suyo.
        {"correo": "otra.persona@example.com", "telefono": "5512345678"},
        {"correo": "maria.gomez@example.com", "telefono": "5500000000"},
        {"telefono": "5500000000", "medio_notificacion": "sms"},
    ],
)
def test_bonificar_un_contrato_no_verificado_se_rechaza_y_no_guarda_ni_envia(llamada, contacto):
    aws = llamada
    folio = _caso_web(aws, **contacto)
    _, antes, _ = aws.api("GET", f"/api/casos/{folio}", agente=SUPERVISOR)
    correos, items = len(aws.correos()), len(aws.items())
    estado, r, _ = aws.api("POST", f"/api/casos/{folio}/resolucion", CON_BONO, agente=ASESOR)
    assert estado == 400 and r["error"]["codigo"] == "contrato_no_verificado"
    (campo,) = r["error"]["campos"]
    assert campo["campo"] == "bonificacion.dias_afectados" and "verifica la identidad" in campo["mensaje"].lower()
    aws.drenar()
    _, despues, _ = aws.api("GET", f"/api/casos/{folio}", agente=SUPERVISOR)
    assert despues == antes and len(aws.items()) == items and len(aws.correos()) == correos


@pytest.mark.parametrize(
    "contacto",
    [
        {"correo": "maria.gomez@example.com"},
        {"correo": "MARIA.Gomez@example.com", "telefono": "55 1234 5678"},
        {"telefono": "+52 55 1234 5678", "medio_notificacion": "sms"},
    ],
)
def test_bonificar_con_el_contacto_registrado_del_contrato(llamada, contacto):
    aws = llamada
    folio = _caso_web(aws, **contacto)
    estado, detalle, _ = aws.api("POST", f"/api/casos/{folio}/resolucion", CON_BONO, agente=ASESOR)
    assert estado == 200 and detalle["caso"]["bonificacion"]["monto"] == "59.88"


def test_sin_contrato_verificado_el_aviso_de_resolucion_no_lleva_precio_ni_contrato(llamada):
    aws = llamada
    folio = _caso_web(aws, correo="otra.persona@example.com")
    sin_bono = {k: v for k, v in CON_BONO.items() if k != "bonificacion"}
    estado, _, _ = aws.api("POST", f"/api/casos/{folio}/resolucion", sin_bono, agente=ASESOR)
    assert estado == 200
    aws.drenar()
    (resolucion,) = [c for c in aws.correos() if c["asunto"].startswith("Resolvimos")]
    assert resolucion["destinatario"] == "otra.persona@example.com"
    # El precio como lo escriben las plantillas ($499.00); «499» a secas sale a veces en el folio al azar.
    for dato in ("$499", "499.00", "10002000", "bonifica"):
        assert dato not in resolucion["texto"] and dato not in resolucion["html"]
    # El evento que pidió el aviso tampoco trae datos del contrato.
    eventos = [i for i in aws.items() if i["sk"]["S"].startswith("EVENTO#") and "notificar" in i]
    (aviso,) = [e for e in eventos if e["notificar"]["M"]["plantilla"]["S"] == "resolucion"]
    assert "499.00" not in json.dumps(aviso) and "10002000" not in json.dumps(aviso)


def test_verificacion_vigente_a_los_29_minutos(llamada):
    from funciones.nucleo.dominio import reloj

    aws = llamada
    _, v, _ = verificar(aws)
    reloj.avanzar(29 / 60)
    try:
        estado, caso, _ = abrir(aws, v["verificacion_id"])
    finally:
        reloj.avanzar(-29 / 60)
    assert estado == 201 and caso["canal"] == "telefono"


def test_un_caso_resuelto_no_se_resuelve_otra_vez_ni_se_escala(llamada):
    aws = llamada
    _, v, _ = verificar(aws)
    folio = abrir(aws, v["verificacion_id"])[1]["folio"]
    resolucion = {"resumen": "Se cambió el módem y volvió el servicio.", "primer_contacto": False}
    estado, _, _ = aws.api(
        "POST", f"/api/casos/{folio}/resolucion", {**resolucion, "bonificacion": {"dias_afectados": 3}}, agente=ASESOR
    )
    assert estado == 200
    aws.drenar()
    antes = len(aws.items())
    estado, r, _ = aws.api(
        "POST", f"/api/casos/{folio}/resolucion", {**resolucion, "bonificacion": {"dias_afectados": 10}}, agente=ASESOR
    )
    assert estado == 409 and r["error"]["codigo"] == "transicion_invalida"
    estado, r, _ = aws.api(
        "POST", f"/api/casos/{folio}/escalamientos", {"destino": "supervisor", "motivo": "Revisión."}, agente=SUPERVISOR
    )
    assert estado == 409 and r["error"]["codigo"] == "transicion_invalida"
    aws.drenar()
    # Nada se guardó ni se reenvió: un solo correo de resolución, la bonificación de la primera.
    assert len(aws.items()) == antes
    assert len([c for c in aws.correos() if c["asunto"].startswith("Resolvimos")]) == 1
    _, detalle, _ = aws.api("GET", f"/api/casos/{folio}", agente=SUPERVISOR)
    assert detalle["caso"]["estado"] == "resuelto" and detalle["caso"]["nivel"] == 1
    assert detalle["caso"]["bonificacion"]["monto"] == "59.88"
    assert [h["tipo"] for h in detalle["historial"]].count("caso_resuelto") == 1


def test_cargo_indebido_bonifica_lo_cobrado_mas_20_por_ciento(llamada):
    # Issue 16: un cargo indebido no se bonifica por días × renta sino por el monto cobrado + 20 %.
    aws = llamada
    _, v, _ = verificar(aws)
    _, caso, _ = abrir(aws, v["verificacion_id"], categoria="cargo_indebido", descripcion="Me cobraron un extra.")
    folio = caso["folio"]
    ruta = f"/api/casos/{folio}/resolucion"
    base = {"resumen": "Se canceló el cargo del equipo adicional.", "primer_contacto": True}
    # Por días, no: el cargo pide el monto cobrado (y nada se guarda).
    estado, r, _ = aws.api("POST", ruta, {**base, "bonificacion": {"dias_afectados": 3}}, agente=ASESOR)
    assert estado == 400 and r["error"]["campos"][0]["campo"] == "bonificacion.monto_cobrado", r
    for malo in ({"monto_cobrado": "0"}, {"monto_cobrado": "12.345"}, {"monto_cobrado": "abc"}, {}):
        estado, r, _ = aws.api("POST", ruta, {**base, "bonificacion": malo}, agente=ASESOR)
        assert estado == 400, (malo, r)
        assert r["error"]["campos"] and all(c["campo"].startswith("bonificacion") for c in r["error"]["campos"])
    estado, r, _ = aws.api(
        "POST", ruta, {**base, "bonificacion": {"monto_cobrado": "349.00", "dias_afectados": 2}}, agente=ASESOR
    )
    assert estado == 400
    assert aws.api("GET", f"/api/casos/{folio}", agente=ASESOR)[1]["caso"]["estado"] == "registrado"
    estado, detalle, _ = aws.api("POST", ruta, {**base, "bonificacion": {"monto_cobrado": "349.00"}}, agente=ASESOR)
    assert estado == 200, detalle
    b = detalle["caso"]["bonificacion"]
    assert (b["base"], b["monto_cobrado"], b["monto"], b["porcentaje_adicional"]) == ("cargo", "349.00", "418.80", 20)
    assert b["dias_afectados"] is None and b["precio_mensual"] is None
    aws.drenar()
    (resolucion,) = [c for c in aws.correos() if c["asunto"].startswith("Resolvimos")]
    assert "$418.80" in resolucion["texto"] and "$349.00" in resolucion["texto"]
