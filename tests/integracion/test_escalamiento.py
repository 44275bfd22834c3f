"""Escalamiento por agentes y por el reloj, con alertas SNS filtradas por departamento (moto)."""

from __future__ import annotations

import json
import threading
from datetime import timedelta

import boto3
import pytest

from funciones.barrido.logica import barrer
from funciones.nucleo.adaptadores import repositorios
from funciones.nucleo.adaptadores.dynamodb import ColaDynamo
from funciones.nucleo.dominio.caso import FRAGMENTOS_VENCIMIENTO
from infraestructura.local import recursos
from tests.integracion.test_agentes import ASESOR, SUPERVISOR, abrir, verificar

FACTURACION = ("facturacion.demo", "departamentos")


def caso_abierto(aws, **cambios) -> dict:
    _, v, _ = verificar(aws)
    estado, caso, _ = abrir(aws, v["verificacion_id"], **cambios)
    assert estado == 201
    return caso


@pytest.fixture
def colas_por_departamento(llamada):
    """Una cola SQS suscrita al tema de alertas por cada destino, con la política de filtro de la pila."""
    sns, sqs = boto3.client("sns"), boto3.client("sqs")
    tema = llamada.arns["tema_alertas"]
    colas = {}
    for destino in ("supervisores", "facturacion", "soporte_tecnico"):
        url = sqs.create_queue(QueueName=f"alertas-{destino}")["QueueUrl"]
        arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        sns.subscribe(
            TopicArn=tema,
            Protocol="sqs",
            Endpoint=arn,
            Attributes={"FilterPolicy": json.dumps({"departamento": [destino]}), "RawMessageDelivery": "true"},
        )
        colas[destino] = url
    return colas


def recibidos(url: str) -> list[dict]:
    mensajes = (
        boto3.client("sqs")
        .receive_message(QueueUrl=url, MaxNumberOfMessages=10, MessageAttributeNames=["All"])
        .get("Messages", [])
    )
    return mensajes


def escalar(aws, folio, destino, agente=ASESOR, motivo="El cliente necesita un ajuste de facturación."):
    return aws.api("POST", f"/api/casos/{folio}/escalamientos", {"destino": destino, "motivo": motivo}, agente=agente)


def test_escalar_a_un_departamento_alerta_solo_a_ese_departamento(llamada, colas_por_departamento):
    aws = llamada
    caso = caso_abierto(aws)
    estado, detalle, _ = escalar(aws, caso["folio"], "facturacion")
    assert estado == 200
    assert detalle["caso"]["estado"] == "escalado" and detalle["caso"]["nivel"] == 2
    assert detalle["caso"]["departamento"] == "facturacion"
    aws.drenar()
    facturacion = recibidos(colas_por_departamento["facturacion"])
    supervisores = recibidos(colas_por_departamento["supervisores"])
    assert len(facturacion) == 1 and len(supervisores) == 1
    assert recibidos(colas_por_departamento["soporte_tecnico"]) == []
    atributos = facturacion[0]["MessageAttributes"]
    assert atributos["folio"]["StringValue"] == caso["folio"] and atributos["tipo"]["StringValue"] == "escalamiento"
    assert atributos["nivel"]["StringValue"] == "2" and atributos["vence"]["StringValue"]
    # El cliente recibió el aviso y el historial guarda quién, por qué y el id del mensaje de SNS.
    assert any("atención especializada" in c["asunto"] for c in aws.correos())
    _, detalle, _ = aws.api("GET", f"/api/casos/{caso['folio']}", agente=SUPERVISOR)
    tipos = {h["tipo"]: h for h in detalle["historial"]}
    assert tipos["escalamiento"]["autor"] == "asesor.demo" and "facturación" in tipos["escalamiento"]["descripcion"]
    envios_sns = [
        h for h in detalle["historial"] if h["tipo"] == "notificacion_enviada" and h["datos"]["medio"] == "alerta"
    ]
    assert len(envios_sns) == 1 and envios_sns[0]["datos"]["id_mensaje"] and not envios_sns[0]["publico"]


def test_entradas_malas_del_escalamiento_no_cambian_nada(llamada):
    aws = llamada
    caso = caso_abierto(aws)
    folio = caso["folio"]
    estado, r, _ = escalar(aws, folio, "marketing")
    assert estado == 400 and r["error"]["campos"][0]["campo"] == "destino"
    # Un usuario de departamento no escala casos que no son de su departamento.
    assert escalar(aws, folio, "supervisor", agente=FACTURACION)[0] == 403
    assert escalar(aws, folio, "supervisor")[0] == 200
    assert escalar(aws, folio, "soporte_tecnico")[0] == 200
    estado, r, _ = escalar(aws, folio, "supervisor")
    assert estado == 409 and r["error"]["codigo"] == "nivel_maximo"
    _, antes, _ = aws.api("GET", f"/api/casos/{folio}", agente=SUPERVISOR)
    assert antes["caso"]["nivel"] == 3
    # Un caso cerrado no se escala.
    otro = caso_abierto(aws)
    aws.api(
        "POST",
        f"/api/casos/{otro['folio']}/resolucion",
        {"resumen": "Se explicó todo al cliente.", "primer_contacto": True},
        agente=ASESOR,
    )
    aws.api("POST", f"/api/casos/{otro['folio']}/confirmacion", {"resuelto": True}, agente=ASESOR)
    assert escalar(aws, otro["folio"], "supervisor")[0] == 409


def test_supervisor_reasigna_y_desescala_y_el_departamento_ve_solo_lo_suyo(llamada):
    aws = llamada
    caso = caso_abierto(aws)
    folio = caso["folio"]
    escalar(aws, folio, "facturacion")
    otro = caso_abierto(aws)
    estado, _, _ = aws.api(
        "POST",
        f"/api/casos/{folio}/asignacion",
        {"asesor": "asesor.demo", "instrucciones": "Llamar al cliente antes de las 15:00."},
        agente=SUPERVISOR,
    )
    assert estado == 200
    assert aws.api("POST", f"/api/casos/{folio}/asignacion", {"asesor": "x.demo"}, agente=ASESOR)[0] == 403
    # facturacion.demo con su departamento en los claims, como los pone Cognito.
    from tests.eventos import evento

    ev = evento("GET", "/api/casos", agente=FACTURACION)
    ev["requestContext"]["authorizer"]["jwt"]["claims"]["custom:departamento"] = "facturacion"
    r = aws.invocar("gestion", ev)
    folios = [c["folio"] for c in json.loads(r["body"])["casos"]]
    assert folios == [folio] and otro["folio"] not in folios
    estado, detalle, _ = aws.api(
        "POST", f"/api/casos/{folio}/desescalamiento", {"motivo": "Facturación ya aplicó el ajuste."}, agente=SUPERVISOR
    )
    assert estado == 200 and detalle["caso"]["nivel"] == 1 and detalle["caso"]["estado"] == "en_proceso"
    assert detalle["caso"]["departamento"] is None


def _barrer(ahora):
    return _barrer_contando(ahora)[0]


def _barrer_contando(ahora):
    """El barrido y lo que devolvió cada una de sus Queries (items leídos por página)."""
    cliente = boto3.client("dynamodb")
    leidos: list[int] = []
    cliente.meta.events.register("after-call.dynamodb.Query", lambda parsed, **_: leidos.append(parsed["Count"]))
    resumen = barrer(ColaDynamo(recursos.TABLA, cliente, FRAGMENTOS_VENCIMIENTO), repositorios.casos(), ahora)
    return resumen, leidos


def test_el_reloj_avisa_y_escala_una_vez_por_umbral(llamada):
    aws = llamada
    caso = caso_abierto(aws, tipo="duda", categoria="facturacion")  # 10 horas hábiles
    from datetime import datetime

    registro = datetime.fromisoformat(caso["fecha_registro"])
    compromiso = datetime.fromisoformat(caso["fecha_compromiso"])
    assert _barrer(registro + timedelta(minutes=1)).alertas == 0
    # Al 80 % del tiempo hábil: aviso de "por vencer", una sola vez aunque se barra dos veces.
    from funciones.nucleo.dominio import calendario

    ochenta = calendario.sumar_horas_habiles(registro, 8.5)
    assert _barrer(ochenta).alertas == 1
    assert _barrer(ochenta).alertas == 0
    # Vencido: escala un nivel y avisa.
    despues = compromiso + timedelta(minutes=5)
    r = _barrer(despues)
    assert r.alertas == 1 and r.actualizados == 1
    _, detalle, _ = aws.api("GET", f"/api/casos/{caso['folio']}", agente=SUPERVISOR)
    assert detalle["caso"]["estado"] == "escalado" and detalle["caso"]["nivel"] == 2
    assert set(detalle["caso"]["alertas"]) >= {"por_vencer", "vencido"}
    assert _barrer(despues + timedelta(minutes=5)).alertas == 0


def test_dos_barridos_a_la_vez_no_avisan_dos_veces(llamada):
    aws = llamada
    for _ in range(6):
        caso_abierto(aws, tipo="duda", categoria="facturacion")
    from datetime import datetime

    momento = datetime.now().astimezone() + timedelta(days=3)
    resultados = []
    hilos = [threading.Thread(target=lambda: resultados.append(_barrer(momento))) for _ in range(2)]
    for h in hilos:
        h.start()
    for h in hilos:
        h.join()
    alertas = [i for i in aws.items() if i["sk"]["S"].startswith("EVENTO#") and i["tipo"]["S"].startswith("alerta_")]
    por_caso_y_tipo = {(i["pk"]["S"], i["tipo"]["S"]) for i in alertas}
    assert len(alertas) == len(por_caso_y_tipo)  # ninguna repetida
    assert sum(r.alertas for r in resultados) == len(alertas) > 0


def test_el_barrido_lee_solo_los_casos_que_cruzaron_un_umbral(llamada):
    aws = llamada
    casos = [caso_abierto(aws, tipo="duda", categoria="facturacion") for _ in range(8)]  # 10 horas hábiles
    from datetime import datetime

    from funciones.nucleo.dominio import calendario

    registro = max(datetime.fromisoformat(c["fecha_registro"]) for c in casos)
    compromiso = max(datetime.fromisoformat(c["fecha_compromiso"]) for c in casos)
    # Recién abiertos: una Query vacía por fragmento, nada leído.
    resumen, leidos = _barrer_contando(registro + timedelta(minutes=1))
    assert leidos == [0] * FRAGMENTOS_VENCIMIENTO and resumen.paginas == FRAGMENTOS_VENCIMIENTO
    # Al 80 %: lee exactamente los 8 casos, una Query por página, y los avisa una vez.
    ochenta = calendario.sumar_horas_habiles(registro, 8.5)
    resumen, leidos = _barrer_contando(ochenta)
    assert sum(leidos) == resumen.revisados == 8 and resumen.alertas == 8
    assert len(leidos) == resumen.paginas
    # El siguiente barrido ya no los lee: la misma escritura movió su clave al compromiso.
    resumen, leidos = _barrer_contando(ochenta + timedelta(minutes=5))
    assert sum(leidos) == 0 and resumen.alertas == 0
    # Uno se resuelve (sale de los abiertos); los otros 7 vencen y escalan.
    folio = casos[0]["folio"]
    cierre = {"resumen": "Se aclaró el cargo con el cliente.", "primer_contacto": False}
    assert aws.api("POST", f"/api/casos/{folio}/resolucion", cierre, agente=ASESOR)[0] == 200
    item = aws.dynamodb.get_item(TableName=recursos.TABLA, Key={"pk": {"S": f"CASO#{folio}"}, "sk": {"S": "CASO"}})
    # Sale de los abiertos y de `umbrales`; queda en la partición de resueltos recientes (cola de turno).
    assert "umbral_sk" not in item["Item"] and item["Item"]["vence_pk"]["S"].startswith("RESUELTOS#")
    resumen, leidos = _barrer_contando(compromiso + timedelta(minutes=5))
    assert sum(leidos) == resumen.revisados == resumen.actualizados == 7 and resumen.alertas == 7
    assert folio not in resumen.folios


def test_una_clave_vieja_se_reescribe_y_el_relleno_agrega_la_que_falta(llamada):
    aws = llamada
    from datetime import datetime

    from funciones.barrido.logica import rellenar
    from funciones.nucleo.dominio import calendario

    con_clave_vieja, sin_clave = (caso_abierto(aws, tipo="duda", categoria="facturacion") for _ in range(2))
    registro = datetime.fromisoformat(sin_clave["fecha_registro"])
    clave = {"pk": {"S": f"CASO#{con_clave_vieja['folio']}"}, "sk": {"S": "CASO"}}
    # Una clave que ya pasó sin nada que aplicar (como si el catálogo hubiera cambiado): se lee una vez y se corrige.
    aws.dynamodb.update_item(
        TableName=recursos.TABLA,
        Key=clave,
        UpdateExpression="SET umbral_sk = :v",
        ExpressionAttributeValues={":v": {"S": "2020-01-01T00:00:00Z"}},
    )
    # Un caso escrito antes del índice `umbrales`: no lo lleva.
    aws.dynamodb.update_item(
        TableName=recursos.TABLA,
        Key={"pk": {"S": f"CASO#{sin_clave['folio']}"}, "sk": {"S": "CASO"}},
        UpdateExpression="REMOVE umbral_sk",
    )
    resumen = _barrer(registro + timedelta(minutes=1))
    assert resumen.revisados == resumen.reindexados == 1 and resumen.alertas == 0
    version = aws.dynamodb.get_item(TableName=recursos.TABLA, Key=clave)["Item"]["version"]["N"]
    assert version == "1"  # la misma versión: no pisa a un agente que lo tenga abierto
    assert _barrer(registro + timedelta(minutes=2)).revisados == 0
    ochenta = calendario.sumar_horas_habiles(registro, 8.5)
    cola = ColaDynamo(recursos.TABLA, boto3.client("dynamodb"), FRAGMENTOS_VENCIMIENTO)
    assert rellenar(cola, repositorios.casos()) == 2
    assert _barrer(ochenta).alertas == 2


@pytest.mark.parametrize(
    ("asesor", "mensaje"),
    [
        ("fantasma.demo", "No hay un agente activo"),
        ("con espacios", "No hay un agente activo"),
        ("sin.grupo", "No hay un agente activo"),
        ("dado.de.baja", "No hay un agente activo"),
        ("cobranza.demo", "cobranza"),
    ],
)
def test_reasignar_a_quien_no_es_agente_activo_o_no_puede_atenderlo_es_400(llamada, asesor, mensaje):
    aws = llamada
    cognito = boto3.client("cognito-idp")
    pool = aws.arns["cognito_pool"]
    for usuario in ("sin.grupo", "dado.de.baja"):
        cognito.admin_create_user(UserPoolId=pool, Username=usuario, MessageAction="SUPPRESS")
    cognito.admin_add_user_to_group(UserPoolId=pool, Username="dado.de.baja", GroupName="asesores")
    cognito.admin_disable_user(UserPoolId=pool, Username="dado.de.baja")
    folio = caso_abierto(aws)["folio"]
    escalar(aws, folio, "facturacion")
    _, antes, _ = aws.api("GET", f"/api/casos/{folio}", agente=SUPERVISOR)
    items = len(aws.items())
    estado, r, _ = aws.api("POST", f"/api/casos/{folio}/asignacion", {"asesor": asesor}, agente=SUPERVISOR)
    assert estado == 400, r
    (campo,) = r["error"]["campos"]
    assert campo["campo"] == "asesor" and mensaje in campo["mensaje"]
    _, despues, _ = aws.api("GET", f"/api/casos/{folio}", agente=SUPERVISOR)
    assert despues == antes and len(aws.items()) == items


def test_reasignar_a_un_agente_real_guarda_su_usuario(llamada):
    aws = llamada
    folio = caso_abierto(aws)["folio"]
    escalar(aws, folio, "facturacion")
    for asesor in ("asesor.demo", "facturacion.demo", "supervisor.demo"):
        estado, detalle, _ = aws.api("POST", f"/api/casos/{folio}/asignacion", {"asesor": asesor}, agente=SUPERVISOR)
        assert estado == 200 and detalle["caso"]["asignado"] == asesor
    # Con el departamento nuevo en la misma reasignación, un usuario de ese departamento sí puede recibirlo.
    estado, detalle, _ = aws.api(
        "POST",
        f"/api/casos/{folio}/asignacion",
        {"asesor": "cobranza.demo", "departamento": "cobranza"},
        agente=SUPERVISOR,
    )
    assert estado == 200 and (detalle["caso"]["asignado"], detalle["caso"]["departamento"]) == (
        "cobranza.demo",
        "cobranza",
    )
