"""La conversación contra moto: acceso, adjuntos con POST prefirmado, revisión por bytes, antivirus y descarga.

La subida del navegador se hace como él: POST multipart a la URL prefirmada (moto revisa la política firmada).
"""

from __future__ import annotations

import base64
import json
from datetime import timedelta

import boto3
import pytest
import requests

from funciones.nucleo.dominio import reloj
from infraestructura.local import recursos
from infraestructura.local.antivirus import EICAR, AntivirusLocal
from tests.integracion.test_handlers import QUEJA

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 200
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n" + b" " * 100
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200
ASESOR = ("asesor.demo", "asesores")


@pytest.fixture
def caso(aws) -> tuple[str, str]:
    """(folio, acceso) de una queja recién abierta."""
    estado, cuerpo, _ = aws.api("POST", "/api/casos", QUEJA)
    assert estado == 201
    folio = cuerpo["folio"]
    estado, consulta, _ = aws.api("POST", "/api/consultas", {"folio": folio, "contrato": QUEJA["contrato"]})
    assert estado == 200 and consulta["acceso"]
    return folio, consulta["acceso"]


def _pedir(aws, folio, acceso, nombre="recibo.jpg", tipo="image/jpeg", tamano=len(JPEG)):
    return aws.api(
        "POST",
        f"/api/casos/{folio}/adjuntos",
        {"acceso": acceso, "nombre": nombre, "tipo_contenido": tipo, "tamano": tamano},
    )


def _subir(creado: dict, contenido: bytes, tipo: str | None = None) -> int:
    campos = creado["subida"]["campos"]
    r = requests.post(
        creado["subida"]["url"],
        data=campos,
        files={"file": ("x", contenido, tipo or campos["Content-Type"])},
        timeout=10,
    )
    return r.status_code


def _objetos(prefijo: str = "") -> list[str]:
    r = boto3.client("s3").list_objects_v2(Bucket=recursos.BUCKET_ADJUNTOS, Prefix=prefijo)
    return [o["Key"] for o in r.get("Contents", [])]


def _antivirus(aws) -> AntivirusLocal:
    av = AntivirusLocal(recursos.BUCKET_ADJUNTOS, lambda ev: aws.invocar("adjuntos", ev))
    av._s3 = boto3.client("s3")
    return av


def test_comentario_con_foto_del_cliente_hasta_la_descarga_del_agente(aws, caso):
    folio, acceso = caso
    estado, creado, _ = _pedir(aws, folio, acceso)
    assert estado == 201 and set(creado) == {"id", "nombre", "tipo_contenido", "tamano", "subida"}
    # La política firmada ata la llave, el tipo y el tamaño.
    assert creado["subida"]["campos"]["key"] == f"subidas/{folio}/{creado['id']}"
    assert _subir(creado, JPEG) == 204
    estado, vista, _ = aws.api(
        "POST",
        f"/api/casos/{folio}/comentarios",
        {"acceso": acceso, "texto": "Les mando foto", "adjuntos": [creado["id"]]},
    )
    assert estado == 201
    assert [(m["autor"], m["texto"], m["adjuntos"]) for m in vista["conversacion"]] == [
        ("cliente", "Les mando foto", [{"nombre": "recibo.jpg"}])
    ]
    # El archivo pasó de subidas/ a casos/ y todavía no se descarga (falta el antivirus).
    assert _objetos() == [f"casos/{folio}/{creado['id']}"]
    estado, cuerpo, _ = aws.api("GET", f"/api/casos/{folio}/adjuntos/{creado['id']}", agente=ASESOR)
    assert (estado, cuerpo["error"]["codigo"]) == (409, "adjunto_en_revision")
    # GuardDuty (emulado) lo deja limpio: etiqueta en el objeto y evento interno en el historial.
    av = _antivirus(aws)
    evento = av.escanear(f"casos/{folio}/{creado['id']}")
    assert aws.invocar("adjuntos", evento) == {"resultado": "limpio"}
    assert aws.invocar("adjuntos", evento) == {"resultado": "repetido"}
    estado, detalle, _ = aws.api("GET", f"/api/casos/{folio}", agente=ASESOR)
    [adjunto] = detalle["adjuntos"]
    assert (adjunto["nombre"], adjunto["estado"], adjunto["descargable"], adjunto["origen"]) == (
        "recibo.jpg",
        "limpio",
        True,
        "cliente",
    )
    tipos = [e["tipo"] for e in detalle["historial"]]
    assert tipos[0] == "adjunto_limpio" and {"mensaje_cliente", "alerta_respuesta_cliente"} <= set(tipos[1:3])
    [alerta] = [e for e in detalle["historial"] if e["tipo"] == "alerta_respuesta_cliente"]
    assert not alerta["publico"] and "en la página de seguimiento" in alerta["descripcion"]
    estado, descarga, _ = aws.api("GET", f"/api/casos/{folio}/adjuntos/{creado['id']}", agente=ASESOR)
    assert estado == 200
    r = requests.get(descarga["url"], timeout=10)
    assert r.status_code == 200 and r.content == JPEG and r.headers["Content-Type"] == "image/jpeg"


def test_el_archivo_eicar_nunca_se_descarga(aws, caso):
    folio, acceso = caso
    contenido = b"%PDF-1.4\n" + EICAR + b"\n" + b" " * 40
    _, creado, _ = _pedir(aws, folio, acceso, "factura.pdf", "application/pdf", len(contenido))
    assert _subir(creado, contenido) == 204
    estado, _, _ = aws.api(
        "POST", f"/api/casos/{folio}/comentarios", {"acceso": acceso, "texto": "La factura", "adjuntos": [creado["id"]]}
    )
    assert estado == 201
    assert aws.invocar("adjuntos", _antivirus(aws).escanear(f"casos/{folio}/{creado['id']}")) == {
        "resultado": "infectado"
    }
    estado, cuerpo, _ = aws.api("GET", f"/api/casos/{folio}/adjuntos/{creado['id']}", agente=ASESOR)
    assert (estado, cuerpo["error"]["codigo"]) == (409, "adjunto_infectado")
    tags = boto3.client("s3").get_object_tagging(Bucket=recursos.BUCKET_ADJUNTOS, Key=f"casos/{folio}/{creado['id']}")
    assert tags["TagSet"] == [{"Key": "GuardDutyMalwareScanStatus", "Value": "THREATS_FOUND"}]


def test_un_exe_con_nombre_de_foto_se_rechaza_y_no_queda_nada(aws, caso):
    folio, acceso = caso
    _, creado, _ = _pedir(aws, folio, acceso, "foto.jpg", "image/jpeg", len(EXE))
    assert _subir(creado, EXE) == 204
    antes = aws.items()
    estado, cuerpo, _ = aws.api(
        "POST", f"/api/casos/{folio}/comentarios", {"acceso": acceso, "texto": "Mi foto", "adjuntos": [creado["id"]]}
    )
    assert estado == 400
    assert cuerpo["error"]["campos"] == [
        {
            "campo": "adjuntos.0",
            "mensaje": "«foto.jpg» no es un(a) foto JPEG por su contenido. Sólo aceptamos fotos JPEG, PNG o HEIC y "
            "documentos PDF.",
        }
    ]
    # Ni el archivo ni el mensaje: sólo el registro del adjunto pasa a rechazado (y caduca).
    assert _objetos() == []
    despues = aws.items()
    assert len(despues) == len(antes)
    assert not any(i.get("tipo", {}).get("S") == "mensaje_cliente" for i in despues)


def test_la_politica_firmada_ata_llave_tipo_y_tamano(aws, caso):
    folio, acceso = caso
    _, creado, _ = _pedir(aws, folio, acceso)
    campos = creado["subida"]["campos"]
    politica = json.loads(base64.b64decode(campos["policy"]))
    assert {"Content-Type": "image/jpeg"} in politica["conditions"]
    assert ["content-length-range", len(JPEG), len(JPEG)] in politica["conditions"]
    assert {"key": f"subidas/{folio}/{creado['id']}"} in politica["conditions"]
    assert {"bucket": recursos.BUCKET_ADJUNTOS} in politica["conditions"]


def test_otro_tamano_que_el_declarado_se_rechaza_al_enviar(aws, caso):
    # moto no revisa la política del POST (S3 sí): la revisión al enviar el mensaje es la segunda barrera.
    folio, acceso = caso
    _, creado, _ = _pedir(aws, folio, acceso)
    assert _subir(creado, JPEG + b"\x00") == 204
    estado, cuerpo, _ = aws.api(
        "POST", f"/api/casos/{folio}/comentarios", {"acceso": acceso, "texto": "Foto", "adjuntos": [creado["id"]]}
    )
    assert estado == 400 and cuerpo["error"]["campos"][0]["campo"] == "adjuntos.0"
    assert _objetos() == []


def test_sin_archivo_subido_el_comentario_lo_dice_y_no_guarda_nada(aws, caso):
    folio, acceso = caso
    _, creado, _ = _pedir(aws, folio, acceso)
    antes = aws.items()
    estado, cuerpo, _ = aws.api(
        "POST", f"/api/casos/{folio}/comentarios", {"acceso": acceso, "texto": "Foto", "adjuntos": [creado["id"]]}
    )
    assert estado == 400 and "no terminó de subirse" in cuerpo["error"]["campos"][0]["mensaje"]
    assert aws.items() == antes


def test_seis_adjuntos_o_uno_ajeno_es_400(aws, caso):
    folio, acceso = caso
    _, otro, _ = aws.api("POST", "/api/casos", {**QUEJA, "correo": "otro@example.com"})
    _, consulta, _ = aws.api("POST", "/api/consultas", {"folio": otro["folio"], "correo": "otro@example.com"})
    _, ajeno, _ = _pedir(aws, otro["folio"], consulta["acceso"])
    estado, cuerpo, _ = aws.api(
        "POST", f"/api/casos/{folio}/comentarios", {"acceso": acceso, "texto": "Foto", "adjuntos": [ajeno["id"]]}
    )
    assert estado == 400 and "No encontramos este archivo" in cuerpo["error"]["campos"][0]["mensaje"]
    ids = [f"{i:016x}" for i in range(6)]
    estado, cuerpo, _ = aws.api(
        "POST", f"/api/casos/{folio}/comentarios", {"acceso": acceso, "texto": "F", "adjuntos": ids}
    )
    assert estado == 400 and cuerpo["error"]["campos"][0]["campo"] == "adjuntos"


@pytest.mark.parametrize(
    ("cambio", "campo", "mensaje"),
    [
        (
            {"tamano": 10 * 1024 * 1024 + 1},
            "tamano",
            "El archivo pesa más de 10 MB. Reduce la foto o divide el documento.",
        ),
        ({"tamano": 0}, "tamano", "El archivo está vacío."),
        ({"tipo_contenido": "application/x-msdownload"}, "tipo_contenido", "Sólo aceptamos fotos JPEG, PNG o HEIC"),
        ({"tipo_contenido": "image/gif"}, "tipo_contenido", "Sólo aceptamos fotos JPEG, PNG o HEIC"),
    ],
)
def test_tamano_o_tipo_indebido_es_400_y_no_guarda_nada(aws, caso, cambio, campo, mensaje):
    folio, acceso = caso
    antes = aws.items()
    cuerpo_pedido = {"acceso": acceso, "nombre": "x.jpg", "tipo_contenido": "image/jpeg", "tamano": 10, **cambio}
    estado, cuerpo, _ = aws.api("POST", f"/api/casos/{folio}/adjuntos", cuerpo_pedido)
    assert estado == 400
    [error] = cuerpo["error"]["campos"]
    assert error["campo"] == campo and error["mensaje"].startswith(mensaje)
    assert aws.items() == antes


def test_acceso_vencido_ajeno_o_falso_es_4xx_y_no_guarda_nada(aws, caso, monkeypatch):
    folio, acceso = caso
    _, otro, _ = aws.api("POST", "/api/casos", {**QUEJA, "correo": "otro@example.com"})
    antes = aws.items()
    comentario = {"texto": "Hola", "adjuntos": []}
    estado, cuerpo, _ = aws.api("POST", f"/api/casos/{otro['folio']}/comentarios", {**comentario, "acceso": acceso})
    assert (estado, cuerpo["error"]["codigo"]) == (403, "acceso_ajeno")
    estado, cuerpo, _ = aws.api("POST", f"/api/casos/{folio}/comentarios", {**comentario, "acceso": acceso + "x"})
    assert (estado, cuerpo["error"]["codigo"]) == (403, "acceso_invalido")
    estado, cuerpo, _ = _pedir(aws, otro["folio"], acceso)
    assert (estado, cuerpo["error"]["codigo"]) == (403, "acceso_ajeno")
    real = reloj.ahora
    monkeypatch.setattr(reloj, "ahora", lambda: real() + timedelta(minutes=61))
    estado, cuerpo, _ = aws.api("POST", f"/api/casos/{folio}/comentarios", {**comentario, "acceso": acceso})
    assert (estado, cuerpo["error"]["codigo"]) == (410, "acceso_vencido")
    assert "venció" in cuerpo["error"]["mensaje"]
    assert aws.items() == antes


def test_mensaje_del_agente_llega_por_correo_con_su_prueba_de_entrega(aws, caso):
    folio, _ = caso
    aws.drenar()
    estado, entrada, _ = aws.api(
        "POST",
        f"/api/casos/{folio}/interacciones",
        {"tipo": "mensaje", "texto": "¿Nos mandas foto del módem?"},
        agente=ASESOR,
    )
    assert estado == 201 and (entrada["tipo"], entrada["publico"]) == ("mensaje_agente", True)
    aws.drenar()
    [correo] = [c for c in aws.correos() if c["asunto"].startswith("Mensaje sobre tu solicitud")]
    assert correo["destinatario"].endswith("ana@example.com>") or correo["destinatario"] == "ana@example.com"
    assert "¿Nos mandas foto del módem?" in correo["texto"]
    _, detalle, _ = aws.api("GET", f"/api/casos/{folio}", agente=ASESOR)
    entregas = [e for e in detalle["historial"] if e["tipo"] == "notificacion_enviada"]
    assert any(e["datos"]["plantilla"] == "mensaje" and e["datos"]["id_mensaje"] for e in entregas)
    # El cliente lo ve en su conversación.
    _, consulta, _ = aws.api("POST", "/api/consultas", {"folio": folio, "correo": "ana@example.com"})
    assert [(m["autor"], m["texto"]) for m in consulta["conversacion"]] == [("asesor", "¿Nos mandas foto del módem?")]


def test_un_caso_cerrado_no_admite_comentarios_ni_adjuntos(aws, caso):
    folio, acceso = caso
    item = boto3.client("dynamodb").get_item(
        TableName=recursos.TABLA, Key={"pk": {"S": f"CASO#{folio}"}, "sk": {"S": "CASO"}}
    )["Item"]
    item["estado"] = {"S": "cerrado"}
    boto3.client("dynamodb").put_item(TableName=recursos.TABLA, Item=item)
    estado, cuerpo, _ = aws.api("POST", f"/api/casos/{folio}/comentarios", {"acceso": acceso, "texto": "Hola"})
    assert (estado, cuerpo["error"]["codigo"]) == (409, "caso_cerrado")
    estado, cuerpo, _ = _pedir(aws, folio, acceso)
    assert (estado, cuerpo["error"]["codigo"]) == (409, "caso_cerrado")


def test_un_resultado_del_antivirus_antes_que_el_mensaje_falla_para_reintentarse(aws, caso):
    from funciones.adjuntos.logica import EscaneoAntesDeTiempo

    folio, acceso = caso
    _, creado, _ = _pedir(aws, folio, acceso)
    llave = f"casos/{folio}/{creado['id']}"
    boto3.client("s3").put_object(Bucket=recursos.BUCKET_ADJUNTOS, Key=llave, Body=JPEG)
    with pytest.raises(EscaneoAntesDeTiempo):
        aws.invocar("adjuntos", _antivirus(aws).escanear(llave))
    # Un objeto de casos/ sin registro tampoco se pierde en silencio: se reintenta.
    otra = f"casos/{folio}/{'0' * 16}"
    boto3.client("s3").put_object(Bucket=recursos.BUCKET_ADJUNTOS, Key=otra, Body=JPEG)
    with pytest.raises(EscaneoAntesDeTiempo):
        aws.invocar("adjuntos", _antivirus(aws).escanear(otra))


def test_si_el_mensaje_no_se_escribe_el_archivo_se_borra_y_su_resultado_se_descarta(aws, caso, monkeypatch):
    from funciones.nucleo.adaptadores.adjuntos_dynamo import AdjuntosDynamo
    from funciones.nucleo.dominio.errores import Conflicto

    folio, acceso = caso
    _, creado, _ = _pedir(aws, folio, acceso)
    assert _subir(creado, JPEG) == 204
    llave = f"casos/{folio}/{creado['id']}"
    evento_tardio = None

    def falla(self, *args, **kwargs):
        nonlocal evento_tardio
        # GuardDuty ya vio el objeto en casos/ cuando la transacción del mensaje choca con otro cambio.
        evento_tardio = _antivirus(aws).escanear(llave)
        raise Conflicto("El caso cambió mientras escribías. Intenta de nuevo.", "caso_modificado")

    monkeypatch.setattr(AdjuntosDynamo, "anexar_mensaje", falla)
    estado, cuerpo, _ = aws.api(
        "POST", f"/api/casos/{folio}/comentarios", {"acceso": acceso, "texto": "Foto", "adjuntos": [creado["id"]]}
    )
    assert (estado, cuerpo["error"]["codigo"]) == (409, "caso_modificado")
    assert _objetos() == []
    assert aws.invocar("adjuntos", evento_tardio) == {"resultado": "descartado"}


def test_el_agente_adjunta_a_una_nota_y_no_a_un_mensaje(aws, caso):
    folio, _ = caso
    pedido = {"nombre": "ine.pdf", "tipo_contenido": "application/pdf", "tamano": len(PDF)}
    estado, creado, _ = aws.api("POST", f"/api/casos/{folio}/adjuntos/agente", pedido, agente=ASESOR)
    assert estado == 201
    assert _subir(creado, PDF) == 204
    # Un mensaje al cliente no lleva archivos (no le llegarían): 400 y nada se mueve.
    estado, cuerpo, _ = aws.api(
        "POST",
        f"/api/casos/{folio}/interacciones",
        {"tipo": "mensaje", "texto": "Te adjunto algo", "adjuntos": [creado["id"]]},
        agente=ASESOR,
    )
    assert estado == 400 and cuerpo["error"]["campos"][0]["campo"] == "adjuntos"
    assert _objetos() == [f"subidas/{folio}/{creado['id']}"]
    # Un archivo del agente no sirve para el mensaje del cliente.
    _, consulta, _ = aws.api("POST", "/api/consultas", {"folio": folio, "contrato": QUEJA["contrato"]})
    estado, _, _ = aws.api(
        "POST",
        f"/api/casos/{folio}/comentarios",
        {"acceso": consulta["acceso"], "texto": "Mío", "adjuntos": [creado["id"]]},
    )
    assert estado == 400
    estado, entrada, _ = aws.api(
        "POST",
        f"/api/casos/{folio}/interacciones",
        {"tipo": "nota", "texto": "Identificación que trajo a la tienda", "adjuntos": [creado["id"]]},
        agente=ASESOR,
    )
    assert estado == 201 and entrada["datos"]["adjuntos"][0]["nombre"] == "ine.pdf"
    assert _objetos() == [f"casos/{folio}/{creado['id']}"]
    _, detalle, _ = aws.api("GET", f"/api/casos/{folio}", agente=ASESOR)
    [adjunto] = detalle["adjuntos"]
    assert (adjunto["origen"], adjunto["estado"], adjunto["mensaje"]) == ("asesor.demo", "revisando", entrada["id"])
    # El cliente no lo ve.
    _, consulta, _ = aws.api("POST", "/api/consultas", {"folio": folio, "contrato": QUEJA["contrato"]})
    assert "ine.pdf" not in json.dumps(consulta)


def test_maximo_diario_de_mensajes_y_archivos_por_caso(aws, caso, monkeypatch):
    from funciones.nucleo.dominio import catalogo

    folio, acceso = caso
    limites = catalogo.catalogo()["limites"]
    monkeypatch.setitem(limites, "mensajes_cliente_por_caso_al_dia", 2)
    monkeypatch.setitem(limites, "adjuntos_por_caso_al_dia", 1)
    for i in range(2):
        estado, _, _ = aws.api("POST", f"/api/casos/{folio}/comentarios", {"acceso": acceso, "texto": f"Hola {i}"})
        assert estado == 201
    antes = [i for i in aws.items() if i["sk"]["S"].startswith("EVENTO#")]
    estado, cuerpo, _ = aws.api("POST", f"/api/casos/{folio}/comentarios", {"acceso": acceso, "texto": "Otro"})
    assert estado == 429 and "Hoy ya recibimos 2 mensajes en este caso" in cuerpo["error"]["mensaje"]
    assert [i for i in aws.items() if i["sk"]["S"].startswith("EVENTO#")] == antes
    assert _pedir(aws, folio, acceso)[0] == 201
    estado, cuerpo, _ = _pedir(aws, folio, acceso)
    assert estado == 429 and "Hoy ya recibimos 1 archivo en este caso" in cuerpo["error"]["mensaje"]


def test_mensaje_del_agente_por_sms_si_el_caso_solo_tiene_telefono(aws):
    from infraestructura.local.buzones import mensajes

    sin_correo = {k: v for k, v in QUEJA.items() if k != "correo"} | {
        "telefono": "7671234567",
        "medio_notificacion": "sms",
    }
    _, caso, _ = aws.api("POST", "/api/casos", sin_correo)
    folio = caso["folio"]
    aws.drenar()
    estado, _, _ = aws.api(
        "POST",
        f"/api/casos/{folio}/interacciones",
        {"tipo": "mensaje", "texto": "Texto largo y privado"},
        agente=ASESOR,
    )
    assert estado == 201
    aws.drenar()
    [sms] = [m for m in mensajes() if m["tipo"] == "sms" and "tienes un mensaje" in m["mensaje"]]
    assert sms["destino"] == "+527671234567"
    assert "Texto largo y privado" not in sms["mensaje"]
    assert sms["mensaje"].endswith(f"/seguimiento.html?folio={folio}")
    # Con folio y teléfono el cliente lo lee en su página.
    _, consulta, _ = aws.api("POST", "/api/consultas", {"folio": folio, "telefono": "767 123 4567"})
    assert [m["texto"] for m in consulta["conversacion"]] == ["Texto largo y privado"]
    _, detalle, _ = aws.api("GET", f"/api/casos/{folio}", agente=ASESOR)
    assert any(
        e["tipo"] == "notificacion_enviada" and e["datos"]["plantilla"] == "mensaje" and e["datos"]["medio"] == "sms"
        for e in detalle["historial"]
    )
