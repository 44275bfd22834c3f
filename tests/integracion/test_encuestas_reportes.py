"""Encuesta por ronda, contadores idempotentes, reportes sin recorrer la tabla y expediente PROFECO."""

from __future__ import annotations

import csv
import io
import re
from urllib.parse import urlsplit

import boto3

from funciones.nucleo.dominio import reloj
from tests.integracion.test_agentes import ASESOR, SUPERVISOR, abrir, verificar

CIERRE = {"resumen": "Se restableció el servicio y se verificó la velocidad.", "primer_contacto": True}


def cerrar(aws, folio: str) -> None:
    assert aws.api("POST", f"/api/casos/{folio}/resolucion", CIERRE, agente=ASESOR)[0] == 200
    assert aws.api("POST", f"/api/casos/{folio}/confirmacion", {"resuelto": True}, agente=ASESOR)[0] == 200
    aws.drenar()


def caso_cerrado(aws) -> str:
    _, v, _ = verificar(aws)
    _, caso, _ = abrir(aws, v["verificacion_id"])
    cerrar(aws, caso["folio"])
    return caso["folio"]


def encuestas_de(aws, folio: str) -> list[dict]:
    return [c for c in aws.correos() if "¿Cómo te atendimos?" in c["asunto"] and folio[:3] in c["asunto"]]


def enlace(correo: dict, calificacion: int) -> tuple[str, str]:
    url = re.search(rf"{calificacion} · [^:]+: (\S+)", correo["texto"])
    assert url, correo["texto"]
    partes = urlsplit(url.group(1))
    return partes.path, partes.query


def historial_encuesta(aws, folio: str) -> list[dict]:
    _, detalle, _ = aws.api("GET", f"/api/casos/{folio}", agente=SUPERVISOR)
    return [h for h in detalle["historial"] if h["tipo"].startswith(("encuesta_", "alerta_encuesta"))]


def alertas_de(folio: str) -> list[dict]:
    from infraestructura.local.buzones import mensajes

    return [m for m in mensajes() if m["tipo"] == "alerta" and folio in str(m["atributos"])]


def test_abrir_los_cinco_enlaces_no_vota_y_el_cliente_responde_despues(llamada):
    # Un analizador de correo abre los cinco enlaces antes que el cliente: antes votaba 1, alertaba a supervisores
    # y el POST del cliente daba 500. Ahora GET sólo muestra la página con la calificación ya elegida.
    aws = llamada
    folio = caso_cerrado(aws)
    (correo,) = encuestas_de(aws, folio)
    for n in (1, 2, 3, 4, 5):
        ruta, consulta = enlace(correo, n)
        estado, pagina, cabeceras = aws.api("GET", ruta, consulta=consulta)
        assert estado == 200 and '<form method="post"' in pagina, n
        assert re.search(rf'value="{n}"[^>]* checked', pagina), n
        assert len(re.findall(r" checked", pagina)) == 1, n
    aws.drenar()
    assert historial_encuesta(aws, folio) == []
    assert not [i for i in aws.items() if i["sk"]["S"].startswith("ENCUESTA#")]
    assert alertas_de(folio) == []
    # El cliente responde después: se registra lo suyo, sin 500.
    estado, r, _ = aws.api("POST", ruta, {"calificacion": 5})
    assert estado == 200 and r["calificacion"] == 5 and r["completada"] is False
    (respondida,) = historial_encuesta(aws, folio)
    assert respondida["tipo"] == "encuesta_respondida" and respondida["datos"]["calificacion"] == 5
    aws.drenar()
    assert alertas_de(folio) == []


def test_un_post_registra_una_vez_y_despues_se_completa(llamada):
    aws = llamada
    folio = caso_cerrado(aws)
    (correo,) = encuestas_de(aws, folio)
    ruta, consulta = enlace(correo, 4)
    # Sólo la calificación (lo que envía la página sola): registra y deja la encuesta abierta a los detalles.
    formulario = {"content-type": "application/x-www-form-urlencoded"}
    estado, pagina, _ = aws.api("POST", ruta, "calificacion=4", cabeceras=formulario)
    assert estado == 200 and "Registramos tu calificación" in pagina and "4 · Buena" in pagina
    # Repetir el envío (recargar, doble clic) o mandar otra calificación no duplica ni cambia lo registrado.
    assert aws.api("POST", ruta, "calificacion=4", cabeceras=formulario)[0] == 200
    estado, r, _ = aws.api("POST", ruta, {"calificacion": 1})
    assert estado == 200 and r["calificacion"] == 4 and r["completada"] is False
    # Abrir el enlace otra vez muestra lo registrado y ofrece los detalles, sin escribir nada.
    estado, pagina, _ = aws.api("GET", ruta, consulta=consulta)
    assert estado == 200 and "Registramos tu calificación" in pagina
    (respondida,) = historial_encuesta(aws, folio)
    assert respondida["datos"]["calificacion"] == 4
    # Completar con comentario: una vez; la segunda es 410 y no registra nada.
    estado, r, _ = aws.api("POST", ruta, {"calificacion": 4, "resuelto_primer_contacto": True, "comentario": "Bien"})
    assert estado == 200 and r["completada"] is True
    estado, r, _ = aws.api("POST", ruta, {"calificacion": 5, "comentario": "otra vez"})
    assert estado == 410 and r["error"]["mensaje"]
    estado, pagina, _ = aws.api("GET", ruta, consulta=consulta)
    assert estado == 200 and "Ya registramos tu respuesta" in pagina
    tipos = [h["tipo"] for h in historial_encuesta(aws, folio)]
    assert sorted(tipos) == ["encuesta_completada", "encuesta_respondida"]
    aws.drenar()
    assert alertas_de(folio) == []


def test_enlace_alterado_o_vencido_no_registra(llamada):
    aws = llamada
    folio = caso_cerrado(aws)
    (correo,) = encuestas_de(aws, folio)
    ruta, consulta = enlace(correo, 5)
    carga, firma = ruta.rsplit("/", 1)[1].split(".")
    # Se cambia el primer carácter: el último de un base64 sin relleno puede no alterar ningún byte.
    alterada = ruta.rsplit("/", 1)[0] + f"/{'B' if carga[0] == 'A' else 'A'}{carga[1:]}.{firma}"
    estado, pagina, _ = aws.api("GET", alterada, consulta=consulta)
    assert estado == 410 and "no es válido" in pagina
    reloj.avanzar(31 * 24)
    try:
        estado, pagina, _ = aws.api("GET", ruta, consulta=consulta)
    finally:
        reloj.avanzar(-31 * 24)
    assert estado == 410 and "venció" in pagina
    _, detalle, _ = aws.api("GET", f"/api/casos/{folio}", agente=SUPERVISOR)
    assert not any(h["tipo"].startswith("encuesta_") for h in detalle["historial"])


def test_la_ronda_reabierta_no_encuesta_y_la_que_cierra_si_una_vez(llamada):
    import base64

    aws = llamada
    _, v, _ = verificar(aws)
    _, caso, _ = abrir(aws, v["verificacion_id"])
    folio = caso["folio"]
    aws.api("POST", f"/api/casos/{folio}/resolucion", CIERRE, agente=ASESOR)
    aws.api("POST", f"/api/casos/{folio}/confirmacion", {"resuelto": False}, agente=ASESOR)  # ronda 1: reabierto
    aws.drenar()
    assert encuestas_de(aws, folio) == []
    cerrar(aws, folio)  # ronda 2: resuelto y confirmado
    aws.drenar()
    (correo,) = encuestas_de(aws, folio)
    ruta, _ = enlace(correo, 3)
    carga = ruta.rsplit("/", 1)[1].split(".")[0]
    assert base64.urlsafe_b64decode(carga + "=" * (-len(carga) % 4)).decode().split(".")[2] == "2"


def test_calificacion_baja_alerta_a_supervisores(llamada):
    aws = llamada
    folio = caso_cerrado(aws)
    (correo,) = encuestas_de(aws, folio)
    ruta, _ = enlace(correo, 1)
    assert aws.api("POST", ruta, {"calificacion": 1})[0] == 200
    aws.drenar()
    alertas = alertas_de(folio)
    assert len(alertas) == 1 and "[Calificación baja]" in alertas[0]["asunto"]
    _, detalle, _ = aws.api("GET", f"/api/casos/{folio}", agente=SUPERVISOR)
    assert any(h["tipo"] == "alerta_encuesta_baja" for h in detalle["historial"])


def _flujo_completo(aws):
    return aws.flujo._streams.get_records(ShardIterator=aws.flujo._iterador)["Records"]


def test_contadores_con_registros_repetidos_y_desordenados(llamada):
    aws = llamada
    # Un flujo de eventos real: dos casos, uno resuelto y cerrado con encuesta de 5.
    folio = caso_cerrado(aws)
    (correo,) = encuestas_de(aws, folio)
    ruta, _ = enlace(correo, 5)
    assert aws.api("POST", ruta, {"calificacion": 5})[0] == 200
    _, v, _ = verificar(aws)
    abrir(aws, v["verificacion_id"], tipo="duda", categoria="facturacion")
    registros = [dict(r, eventSourceARN=aws.arns["flujo"]) for r in _flujo_completo(aws)]
    aws.drenar()
    _, una_vez, _ = aws.api("GET", "/api/reportes", agente=SUPERVISOR)
    # Se entregan otra vez, al revés y duplicados: nada cambia.
    for lote in (registros[::-1], registros + registros):
        for i in range(0, len(lote), 10):
            assert aws.invocar("agregados", {"Records": lote[i : i + 10]}) == {"batchItemFailures": []}
    _, repetido, _ = aws.api("GET", "/api/reportes", agente=SUPERVISOR)
    assert repetido == una_vez
    assert una_vez["casos"] == 2 and una_vez["por_canal"] == {"telefono": 2}
    assert una_vez["primer_contacto"] == {"cumplidos": 1, "total": 1, "tasa": 1.0}
    assert una_vez["csat_distribucion"]["5"] == 1 and una_vez["csat_promedio"] == 5.0
    assert una_vez["encuestas_enviadas"] == 1 and una_vez["tasa_respuesta"] == 1.0
    assert una_vez["sla_interno"]["total"] == 1 and una_vez["tiempo_resolucion_mediana_horas"] == 1


def test_reporte_de_un_mes_con_100_mil_casos_es_una_consulta(llamada):
    aws = llamada
    # 30 días de contadores como los dejaría el flujo con ~3,333 casos diarios.
    tabla = boto3.client("dynamodb")
    for d in range(1, 31):
        tabla.put_item(
            TableName="bluepoint-local",
            Item={
                "pk": {"S": "REPORTE"},
                "sk": {"S": f"DIA#2026-10-{d:02d}"},
                "casos": {"N": "3334" if d <= 10 else "3333"},
                "tipo#queja": {"N": "1000"},
                "resueltos": {"N": "3000"},
                "primer_contacto": {"N": "2100"},
                "horas#8": {"N": "3000"},
            },
        )
    from funciones.reportes import handler

    llamadas = []
    cliente = handler.contadores().cliente
    cliente.meta.events.register("before-call", lambda model, **_: llamadas.append(model.name))
    estado, r, _ = aws.api("GET", "/api/reportes", agente=SUPERVISOR, consulta="desde=2026-10-01&hasta=2026-10-31")
    assert estado == 200 and r["casos"] == 100_000 and r["primer_contacto"]["tasa"] == 0.7
    assert llamadas == ["Query"]


def test_csv_se_abre_en_una_hoja_de_calculo(llamada):
    aws = llamada
    caso_cerrado(aws)
    estado, texto, cabeceras = aws.api("GET", "/api/reportes", agente=SUPERVISOR, consulta="formato=csv")
    assert estado == 200 and cabeceras["Content-Type"].startswith("text/csv")
    assert "attachment" in cabeceras["Content-Disposition"]
    assert texto.startswith("\ufeff")
    filas = list(csv.reader(io.StringIO(texto.lstrip("\ufeff"))))
    assert filas[0] == ["sección", "concepto", "valor"] and all(len(f) == 3 for f in filas)
    assert ["casos", "total", "1"] in filas
    assert aws.api("GET", "/api/reportes", agente=ASESOR)[0] == 403
    assert aws.api("GET", "/api/reportes", agente=SUPERVISOR, consulta="desde=ayer")[0] == 400
    assert aws.api("GET", "/api/reportes", agente=SUPERVISOR, consulta="desde=2026-12-01&hasta=2026-11-01")[0] == 400


def test_expediente_json_y_html(llamada):
    aws = llamada
    _, v, _ = verificar(aws)
    _, caso, _ = abrir(aws, v["verificacion_id"], descripcion="Cobro doble & ajuste: pagué $800 < $500 del plan.")
    folio = caso["folio"]
    aws.api("POST", f"/api/casos/{folio}/resolucion", {**CIERRE, "bonificacion": {"dias_afectados": 2}}, agente=ASESOR)
    aws.api("POST", f"/api/casos/{folio}/confirmacion", {"resuelto": True}, agente=ASESOR)
    aws.drenar()
    estado, x, _ = aws.api("GET", f"/api/casos/{folio}/expediente", agente=SUPERVISOR)
    assert estado == 200
    assert x["caso"]["contrato"] == "10002000" and x["caso"]["bonificacion"]["monto"] == "39.92"
    assert x["plazo_interno_cumplido"] is True and x["plazo_legal_cumplido"] is True
    assert {n["plantilla"] for n in x["notificaciones"]} >= {"folio", "resolucion", "encuesta"}
    assert all(n["id_mensaje"] for n in x["notificaciones"])
    assert [c["tipo"] for c in x["confirmaciones"]] == ["caso_cerrado"]
    estado, html, _ = aws.api("GET", f"/api/casos/{folio}/expediente", agente=SUPERVISOR, consulta="formato=html")
    assert estado == 200 and "Expediente del caso" in html and "Cobro doble &amp; ajuste: pagué $800 &lt; $500" in html
    # Documento legal (issue 16): cada correo con su acuse, fechas con año y zona, etiquetas y teléfono legibles.
    assert [n for n in x["notificaciones"] if n["medio"] == "correo"]
    anio = x["generado"][:4]
    assert f"de {anio}, " in html and "hora del centro de México, UTC−06:00" in html
    assert "Registro de la solicitud" in html and "Folio de la solicitud" in html and "Correo electrónico" in html
    assert "55 1234 5678" in html and "+525512345678" not in html
    for crudo in ("caso_registrado", "notificacion_enviada", "telefono<", "SES", "SNS", "T1", "T2"):
        assert crudo not in html.split("<main>")[1], crudo
    # Sin evento de entrega de SES todavía (aquí no llegan solos): el expediente lo dice.
    assert "Sin acuse de recepción registrado." in html
    assert aws.api("GET", f"/api/casos/{folio}/expediente", agente=("facturacion.demo", "departamentos"))[0] == 403


def test_encuesta_por_formulario_sin_javascript(llamada):
    # La página de la encuesta envía un formulario y recibe páginas HTML (el OpenAPI las declara: `Entorno.api`).
    aws = llamada
    folio = caso_cerrado(aws)
    (correo,) = encuestas_de(aws, folio)
    ruta, _ = enlace(correo, 4)
    formulario = {"content-type": "application/x-www-form-urlencoded"}
    estado, pagina, _ = aws.api("POST", ruta, "calificacion=9", cabeceras=formulario)
    assert estado == 400 and "<html" in pagina.lower()
    cuerpo = "calificacion=4&resuelto_primer_contacto=si&comentario=Muy+bien"
    estado, pagina, _ = aws.api("POST", ruta, cuerpo, cabeceras=formulario)
    assert estado == 200 and "Gracias" in pagina
    estado, pagina, _ = aws.api("POST", ruta, cuerpo, cabeceras=formulario)
    assert estado == 410 and "Ya registramos tu respuesta" in pagina
    _, detalle, _ = aws.api("GET", f"/api/casos/{folio}", agente=SUPERVISOR)
    (completada,) = [h for h in detalle["historial"] if h["tipo"] == "encuesta_completada"]
    assert completada["datos"]["resuelto_primer_contacto"] is True


def test_encuesta_por_formulario_rechaza_valores_fuera_de_la_pagina(llamada):
    # Antes: «５» (dígito de ancho completo) contaba como 5 y un «quizás» en primer contacto se ignoraba.
    aws = llamada
    folio = caso_cerrado(aws)
    (correo,) = encuestas_de(aws, folio)
    ruta, _ = enlace(correo, 4)
    formulario = {"content-type": "application/x-www-form-urlencoded"}
    for cuerpo in ("calificacion=%EF%BC%95", "calificacion=04", "calificacion=4&resuelto_primer_contacto=quiz%C3%A1s"):
        estado, pagina, _ = aws.api("POST", ruta, cuerpo, cabeceras=formulario)
        assert estado == 400 and "<html" in pagina.lower(), cuerpo
    _, detalle, _ = aws.api("GET", f"/api/casos/{folio}", agente=SUPERVISOR)


def test_el_enlace_de_confirmacion_no_sirve_de_encuesta(llamada):
    from tests.integracion.test_agentes import _resuelto_con_enlaces

    aws = llamada
    folio, si, _ = _resuelto_con_enlaces(aws)
    assert aws.api("POST", si, {"resuelto": True})[0] == 200
    aws.drenar()
    # Mismo folio y ronda que la encuesta recién enviada, pero firmado para confirmar: no es una encuesta.
    token = si.rsplit("/", 1)[1]
    estado, pagina, _ = aws.api("GET", f"/api/encuestas/{token}", consulta="calificacion=1")
    assert estado == 410 and "no es válido" in pagina
    estado, r, _ = aws.api("POST", f"/api/encuestas/{token}", {"calificacion": 1, "comentario": "Pésimo"})
    assert estado == 410 and r["error"]["codigo"] == "enlace_invalido"
    # Y la encuesta verdadera no sirve para confirmar (ni reabrir) el caso.
    (correo,) = encuestas_de(aws, folio)
    ruta, _ = enlace(correo, 5)
    estado, r, _ = aws.api("POST", "/api/confirmaciones/" + ruta.rsplit("/", 1)[1], {"resuelto": False})
    assert estado == 410 and r["error"]["codigo"] == "enlace_invalido"
    _, detalle, _ = aws.api("GET", f"/api/casos/{folio}", agente=SUPERVISOR)
    assert detalle["caso"]["estado"] == "cerrado"
    assert not any(h["tipo"].startswith("encuesta_") for h in detalle["historial"])


def test_reporte_por_agente_y_por_departamento(llamada):
    # Issue 16: volumen, primer contacto, SLA, CSAT y tiempo de resolución por agente y por departamento.
    aws = llamada
    folio = caso_cerrado(aws)  # abierto y resuelto por asesor.demo en el primer contacto
    (correo,) = encuestas_de(aws, folio)
    ruta, _ = enlace(correo, 4)
    assert aws.api("POST", ruta, {"calificacion": 4})[0] == 200
    # Otro caso escalado a Facturación y resuelto allá.
    _, v, _ = verificar(aws)
    _, otro, _ = abrir(aws, v["verificacion_id"], categoria="cargo_indebido")
    escala = {"destino": "facturacion", "motivo": "Requiere ajuste del recibo."}
    assert aws.api("POST", f"/api/casos/{otro['folio']}/escalamientos", escala, agente=ASESOR)[0] == 200
    facturacion = ("facturacion.demo", "departamentos", "facturacion")
    resolucion = {"resumen": "Se canceló el cargo duplicado del recibo.", "primer_contacto": False}
    assert aws.api("POST", f"/api/casos/{otro['folio']}/resolucion", resolucion, agente=facturacion)[0] == 200
    aws.drenar()
    estado, r, _ = aws.api("GET", "/api/reportes", agente=SUPERVISOR)
    assert estado == 200
    agentes = {f["clave"]: f for f in r["por_agente"]}
    asesor = agentes["asesor.demo"]
    assert (asesor["registrados"], asesor["resueltos"], asesor["escalamientos"]) == (2, 1, 1)
    assert asesor["primer_contacto"] == {"cumplidos": 1, "total": 1, "tasa": 1.0}
    assert asesor["sla_interno"]["tasa"] == 1.0 and asesor["csat_promedio"] == 4.0
    assert asesor["tiempo_resolucion_promedio_horas"] is not None
    assert agentes["facturacion.demo"]["resueltos"] == 1
    assert agentes["facturacion.demo"]["primer_contacto"]["tasa"] == 0.0
    departamentos = {f["clave"]: f for f in r["por_departamento"]}
    assert departamentos["facturacion"]["nombre"] == "Facturación"
    assert (departamentos["facturacion"]["recibidos"], departamentos["facturacion"]["resueltos"]) == (1, 1)
    primer = departamentos["primer_nivel"]
    assert primer["nombre"].startswith("Primer contacto") and primer["csat_promedio"] == 4.0
    # El CSV, con etiquetas humanas (ninguna clave cruda).
    _, texto, _ = aws.api("GET", "/api/reportes", agente=SUPERVISOR, consulta="formato=csv")
    filas = list(csv.reader(io.StringIO(texto.lstrip("\ufeff"))))
    assert ["agente: asesor.demo", "casos resueltos", "1"] in filas
    assert ["departamento: Facturación", "escalamientos recibidos", "1"] in filas
    assert ["por canal", "Teléfono", "2"] in filas
    assert any(f[0] == "por categoría" and f[1] == "Queja · Cargo indebido" for f in filas)
    assert not any("primer_nivel" in c or c == "facturacion" for f in filas for c in f)
