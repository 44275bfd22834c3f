"""Un usuario de departamento sólo ve y opera los casos de su departamento, en TODAS las rutas de caso (BOLA).

La prueba recorre la tabla de rutas: una ruta nueva con `{folio}` queda cubierta sola (y si su cuerpo no tiene
ejemplo aquí, la prueba falla pidiéndolo).
"""

from __future__ import annotations

import json

import pytest

from esquemas import solicitudes
from funciones.nucleo.dominio.folio import digito_damm, generar_folio
from infraestructura.rutas import RUTAS
from tests.integracion.test_agentes import ASESOR, SUPERVISOR, abrir, verificar

FACTURACION = ("facturacion.demo", "departamentos", "facturacion")
COBRANZA = ("cobranza.demo", "departamentos", "cobranza")
INSTALACIONES = ("instalaciones.demo", "departamentos", "instalaciones")

# Un cuerpo válido por modelo: así el rechazo no puede venir de la validación del cuerpo.
CUERPOS = {
    "SolicitudInteraccion": {"tipo": "nota", "texto": "Revisé el historial del cliente.", "publica": True},
    "SolicitudResolucion": {
        "resumen": "Se aplicó el ajuste solicitado.",
        "primer_contacto": False,
        "bonificacion": {"dias_afectados": 3},
    },
    "SolicitudConfirmacion": {"resuelto": True},
    "SolicitudEscalamiento": {"destino": "supervisor", "motivo": "Necesito apoyo con este caso."},
    "SolicitudAsignacion": {"instrucciones": "Llamar al cliente hoy."},
    "SolicitudDesescalamiento": {"motivo": "Ya se atendió en el departamento."},
    "SolicitudAdjuntoAgente": {"nombre": "recibo.pdf", "tipo_contenido": "application/pdf", "tamano": 1024},
    # Un folio válido cualquiera: la regla de acceso se aplica antes de leer el que sigue.
    "SolicitudDuplicado": {"de": "123456789" + digito_damm("123456789")},
    "SolicitudProfeco": {"expediente": "PFC-2026-0042", "motivo": "El cliente presentó su queja ante PROFECO."},
    "SolicitudCerrarProfeco": {"motivo": "PROFECO cerró el expediente por conciliación."},
}
RUTAS_DE_CASO = [r for r in RUTAS if "{folio}" in r.ruta and not r.publica]


def test_la_prueba_cubre_las_rutas_de_caso_conocidas():
    rutas = {(r.metodo, r.ruta) for r in RUTAS_DE_CASO}
    assert {
        ("GET", "/api/casos/{folio}"),
        ("POST", "/api/casos/{folio}/interacciones"),
        ("POST", "/api/casos/{folio}/resolucion"),
        ("POST", "/api/casos/{folio}/confirmacion"),
        ("POST", "/api/casos/{folio}/escalamientos"),
        ("POST", "/api/casos/{folio}/asignacion"),
        ("POST", "/api/casos/{folio}/desescalamiento"),
        ("GET", "/api/casos/{folio}/expediente"),
        ("POST", "/api/casos/{folio}/duplicado"),
    } <= rutas


def _caso(aws, departamento: str | None) -> str:
    _, v, _ = verificar(aws)
    estado, caso, _ = abrir(aws, v["verificacion_id"])
    assert estado == 201
    if departamento:
        estado, _, _ = aws.api(
            "POST",
            f"/api/casos/{caso['folio']}/escalamientos",
            {"destino": departamento, "motivo": "Lo atiende el departamento."},
            agente=ASESOR,
        )
        assert estado == 200
    aws.drenar()
    return caso["folio"]


def _foto(aws) -> tuple:
    """Todo lo guardado y lo enviado: ni un item ni un correo ni un SMS ni una alerta de más."""
    from infraestructura.local.buzones import mensajes

    aws.drenar()
    items = sorted(json.dumps(i, sort_keys=True) for i in aws.items())
    return items, len(aws.correos()), len(mensajes())


@pytest.mark.parametrize("ruta", RUTAS_DE_CASO, ids=lambda r: f"{r.metodo} {r.ruta}")
def test_departamento_ajeno_no_ve_ni_opera_el_caso(llamada, ruta):
    aws = llamada
    cuerpo = None
    if ruta.cuerpo:
        assert ruta.cuerpo in CUERPOS, f"agrega a CUERPOS un ejemplo válido de {ruta.cuerpo}"
        cuerpo = CUERPOS[ruta.cuerpo]
        getattr(solicitudes, ruta.cuerpo).model_validate(cuerpo)
    sin_departamento = _caso(aws, None)  # nunca escalado: sólo asesores y supervisores
    de_cobranza = _caso(aws, "cobranza")
    respuestas = []
    for folio in (sin_departamento, de_cobranza, generar_folio()):
        for quien in (FACTURACION, INSTALACIONES):
            antes = _foto(aws)
            estado, r, _ = aws.api(ruta.metodo, ruta.ruta.replace("{folio}", folio), cuerpo, agente=quien)
            assert estado == 403, (folio, quien, r)
            assert r["error"]["codigo"] == "sin_permiso" and r["error"]["mensaje"]
            assert _foto(aws) == antes, "el rechazo no debe escribir ni enviar nada"
            respuestas.append(r)
    # Ni el estado ni el texto dicen si el folio existe.
    assert all(r == respuestas[0] for r in respuestas)


def test_el_departamento_dueno_si_opera_su_caso(llamada):
    aws = llamada
    folio = _caso(aws, "cobranza")
    estado, detalle, _ = aws.api("GET", f"/api/casos/{folio}", agente=COBRANZA)
    assert estado == 200 and detalle["caso"]["departamento"] == "cobranza"
    nota = CUERPOS["SolicitudInteraccion"]
    estado, _, _ = aws.api("POST", f"/api/casos/{folio}/interacciones", nota, agente=COBRANZA)
    assert estado == 201
    resolucion = {"resumen": "Cobranza ajustó el saldo.", "primer_contacto": False}
    estado, detalle, _ = aws.api("POST", f"/api/casos/{folio}/resolucion", resolucion, agente=COBRANZA)
    assert estado == 200 and detalle["caso"]["estado"] == "resuelto"
    estado, detalle, _ = aws.api("POST", f"/api/casos/{folio}/confirmacion", {"resuelto": True}, agente=COBRANZA)
    assert estado == 200 and detalle["caso"]["estado"] == "cerrado"


def test_asesores_y_supervisores_ven_404_en_un_folio_que_no_existe(llamada):
    for quien in (ASESOR, SUPERVISOR):
        estado, r, _ = llamada.api("GET", f"/api/casos/{generar_folio()}", agente=quien)
        assert estado == 404 and r["error"]["codigo"] == "no_encontrado"


def test_la_cola_del_departamento_solo_trae_sus_casos(llamada):
    aws = llamada
    de_cobranza = {_caso(aws, "cobranza") for _ in range(2)}
    de_facturacion = _caso(aws, "facturacion")
    sin_departamento = _caso(aws, None)

    def folios(quien, consulta=""):
        estado, r, _ = aws.api("GET", "/api/casos", agente=quien, consulta=consulta)
        assert estado == 200
        return {c["folio"] for c in r["casos"]}

    assert folios(COBRANZA) == de_cobranza
    assert folios(FACTURACION) == {de_facturacion}
    assert folios(INSTALACIONES) == set()
    # Los filtros no abren la puerta: sólo acotan lo suyo.
    assert folios(FACTURACION, "estado=en_proceso") == set()
    assert folios(FACTURACION, "nivel=1") == set()
    assert folios(ASESOR) == {*de_cobranza, de_facturacion, sin_departamento}
    # Un usuario de departamento sin departamento en su token no ve nada.
    estado, r, _ = aws.api("GET", "/api/casos", agente=("nadie.demo", "departamentos"))
    assert estado == 403 and r["error"]["codigo"] == "sin_permiso"
