"""Una respuesta por correo de punta a punta: crudo en moto S3 → evento de recepción de SES → correo_entrante."""

from __future__ import annotations

import email
import json
import re
import urllib.error
import urllib.parse
import urllib.request
from email import policy

import boto3

from infraestructura.local.buzones import entregado
from infraestructura.local.correos_entrantes import BUCKET, PREFIJO, componer_respuesta, recibir
from tests.integracion.test_handlers import QUEJA
from tests.integracion.test_servidor import pedir, unica
from tests.util import esperar, obtener_json

SUPERVISOR = ("supervisor.demo", "supervisores")
ASESOR = ("asesor.demo", "asesores")


def _responder(aws, original, texto="Les mando foto del recibo.", **cabeceras):
    crudo = componer_respuesta(original, texto)
    msg = email.message_from_bytes(crudo, policy=policy.default)
    for nombre, valor in cabeceras.items():
        del msg[nombre.replace("_", "-")]
        msg[nombre.replace("_", "-")] = valor
    s3 = boto3.client("s3")
    return recibir(msg.as_bytes(), s3, lambda ev: aws.invocar("correo_entrante", ev)), msg


def _historial(aws, folio):
    _, detalle, _ = aws.api("GET", f"/api/casos/{folio}", agente=SUPERVISOR)
    return detalle["historial"]


def test_la_respuesta_al_folio_queda_en_el_caso_sin_la_cita_y_el_siguiente_correo_la_enhebra(aws):
    _, caso, _ = aws.api("POST", "/api/casos", QUEJA)
    folio = caso["folio"]
    aws.drenar()
    (folio_correo,) = aws.correos()
    resultado, respuesta = _responder(aws, folio_correo)
    assert resultado["accion"] == "anexado" and resultado["folio"] == folio

    (mensaje,) = [h for h in _historial(aws, folio) if h["tipo"] == "mensaje_cliente"]
    assert mensaje["descripcion"] == "Les mando foto del recibo." and mensaje["publico"] is True
    assert mensaje["datos"]["canal"] == "correo" and mensaje["datos"]["id_correo"] == respuesta["Message-ID"]
    # El crudo está en el bucket, donde lo dejó la acción S3 de la regla.
    objeto = boto3.client("s3").get_object(Bucket=BUCKET, Key=mensaje["datos"]["objeto"])["Body"].read()
    assert mensaje["datos"]["objeto"].startswith(PREFIJO) and b"escribi" in objeto
    # El cliente lo ve en su seguimiento, sin la historia citada.
    _, consulta, _ = aws.api("POST", "/api/consultas", {"folio": folio, "contrato": QUEJA["contrato"]})
    (publico,) = consulta["conversacion"]
    assert (publico["autor"], publico["texto"]) == ("cliente", "Les mando foto del recibo.")
    textos = [h["descripcion"] for h in consulta["historial"]] + [m["texto"] for m in consulta["conversacion"]]
    assert not any("escribió" in t for t in textos)
    # Se avisó a la cola (sin asesor asignado) por el tema de alertas.
    (alerta,) = [h for h in _historial(aws, folio) if h["tipo"] == "alerta_respuesta_cliente"]
    assert "Sin asesor asignado" in alerta["datos"]["motivo"]

    # El expediente lista el correo recibido y dónde está su original (JSON y página imprimible).
    _, expediente, _ = aws.api("GET", f"/api/casos/{folio}/expediente", agente=SUPERVISOR)
    (recibido,) = expediente["correos_recibidos"]
    assert recibido["objeto"] == mensaje["datos"]["objeto"] and recibido["id_correo"] == respuesta["Message-ID"]
    _, html, _ = aws.api("GET", f"/api/casos/{folio}/expediente", agente=SUPERVISOR, consulta="formato=html")
    assert "Correos recibidos del cliente" in html and recibido["objeto"] in html

    # El siguiente correo del caso responde a la respuesta del cliente (su Message-ID).
    resolucion = {"resumen": "Se reembolsó el cargo duplicado.", "primer_contacto": False}
    assert aws.api("POST", f"/api/casos/{folio}/resolucion", resolucion, agente=ASESOR)[0] == 200
    aws.drenar()
    ultimo = aws.correos()[0]
    m = email.message_from_bytes(entregado(ultimo["id_mensaje"]), policy=policy.default)
    assert m["In-Reply-To"] == respuesta["Message-ID"]
    assert m["References"].split() == [f"<{folio_correo['id_mensaje']}@email.amazonses.com>", respuesta["Message-ID"]]


def test_responder_a_un_caso_resuelto_lo_reabre(aws):
    _, caso, _ = aws.api("POST", "/api/casos", QUEJA)
    folio = caso["folio"]
    resolucion = {"resumen": "Se reembolsó el cargo duplicado.", "primer_contacto": False}
    assert aws.api("POST", f"/api/casos/{folio}/resolucion", resolucion, agente=ASESOR)[0] == 200
    aws.drenar()
    resultado, _ = _responder(aws, aws.correos()[0], "Sigue apareciendo el cargo en mi estado de cuenta.")
    assert resultado["accion"] == "reabierto"
    _, detalle, _ = aws.api("GET", f"/api/casos/{folio}", agente=SUPERVISOR)
    assert detalle["caso"]["estado"] == "reabierto"


def test_un_token_falsificado_se_aparta_en_silencio_y_no_toca_el_caso(aws):
    _, caso, _ = aws.api("POST", "/api/casos", QUEJA)
    folio = caso["folio"]
    aws.drenar()
    (original,) = aws.correos()
    falso = original["responder_a"].split(".")[0] + ".aaaaaaaaaaaaaaaa@bluepoint.mx"
    antes = _historial(aws, folio)
    resultado, _ = _responder(aws, {**original, "responder_a": falso})
    assert resultado == {"id_ses": resultado["id_ses"], "accion": "apartado", "motivo": "token_invalido", "folio": None}
    assert _historial(aws, folio) == antes
    (apartado,) = [i for i in aws.items() if i["pk"]["S"] == "APARTADOS#CORREO"]
    assert apartado["motivo"]["S"] == "token_invalido"
    assert apartado["objeto"]["S"] == f"{PREFIJO}{resultado['id_ses']}"
    assert "descripcion" not in apartado and "texto" not in apartado  # sólo la referencia al crudo
    # Otro remitente con el token bueno: tampoco se anexa.
    resultado, _ = _responder(aws, {**original, "destinatario": "intruso@example.com"})
    assert resultado["accion"] == "apartado" and resultado["motivo"] == "remitente_distinto"
    assert _historial(aws, folio) == antes
    # Un supervisor los revisa (los más recientes primero, con la llave del crudo); un asesor no.
    estado, lista, _ = aws.api("GET", "/api/correos-apartados", agente=SUPERVISOR)
    assert estado == 200 and lista["mostrados_max"] == 200
    motivos = [(c["motivo"], c["folio"], c["remitente"]) for c in lista["correos"]]
    assert motivos == [
        ("remitente_distinto", folio, "intruso@example.com"),
        ("token_invalido", None, "ana@example.com"),
    ]
    assert lista["correos"][1]["objeto"] == apartado["objeto"]["S"]
    assert "no es auténtica" in lista["correos"][1]["motivo_texto"]
    # La fecha en palabras, con año (la consola la muestra tal cual).
    assert re.fullmatch(r"\w+ \d{1,2} de \w+ de \d{4} a las? \d{2}:\d{2}", lista["correos"][1]["fecha_texto"])
    estado, error, _ = aws.api("GET", "/api/correos-apartados", agente=ASESOR)
    assert estado == 403 and error["error"]["mensaje"]


def test_un_fuera_de_oficina_no_se_anexa_ni_se_contesta(aws):
    _, caso, _ = aws.api("POST", "/api/casos", QUEJA)
    aws.drenar()
    (original,) = aws.correos()
    resultado, _ = _responder(aws, original, "Estoy de vacaciones.", Auto_Submitted="auto-replied")
    assert resultado["accion"] == "ignorado"
    aws.drenar()
    assert len(aws.correos()) == 1  # nada salió de vuelta
    assert not [h for h in _historial(aws, caso["folio"]) if h["tipo"] == "mensaje_cliente"]


def test_correos_entrantes_por_http(servidor_url):
    estado, _, cuerpo = pedir(f"{servidor_url}/api/casos", "POST", unica())
    folio = json.loads(cuerpo)["folio"]

    # El correo del folio, por su Reply-To firmado con ese folio.
    def del_folio():
        correos = obtener_json(f"{servidor_url}/_local/correos.json")
        return next((c for c in correos if c["responder_a"].startswith(f"respuestas+{folio}.")), None)

    original = esperar(del_folio)
    crudo = componer_respuesta(original, "Ya me llegó el folio, gracias.")
    estado, _, cuerpo = pedir(
        f"{servidor_url}/_local/correos-entrantes", "POST", None, {"Content-Type": "message/rfc822"}
    )
    assert estado == 400 and json.loads(cuerpo)["error"]["campos"][0]["campo"] == "cuerpo"
    url = f"{servidor_url}/_local/correos-entrantes"
    req = urllib.request.Request(url, data=crudo, method="POST", headers={"Content-Type": "message/rfc822"})
    with urllib.request.urlopen(req, timeout=15) as r:
        assert r.status == 200 and json.loads(r.read())["accion"] == "anexado"
    # La lista de apartados pide la sesión de un supervisor.
    estado, _, cuerpo = pedir(f"{servidor_url}/api/correos-apartados")
    assert estado == 401 and json.loads(cuerpo)["error"]["mensaje"]
    # Entrada mala: otro tipo de contenido, sin From, formulario sin texto o de un correo que no existe.
    for tipo, datos, esperado, campo in [
        ("application/json", b"{}", 415, None),
        ("message/rfc822", b"To: a@example.com\r\n\r\nHola", 400, "From"),
        ("message/rfc822", b"From: a@example.com\r\n\r\nHola", 400, "To"),
        ("application/x-www-form-urlencoded", urllib.parse.urlencode({"id": original["id"]}).encode(), 400, "texto"),
        ("application/x-www-form-urlencoded", b"id=nada&texto=hola", 404, "id"),
    ]:
        req = urllib.request.Request(
            f"{servidor_url}/_local/correos-entrantes", data=datos, method="POST", headers={"Content-Type": tipo}
        )
        try:
            urllib.request.urlopen(req, timeout=15)
            raise AssertionError("se esperaba un 4xx")
        except urllib.error.HTTPError as e:
            error = json.loads(e.read())["error"]
            assert e.code == esperado and error["mensaje"]
            assert [c["campo"] for c in error["campos"]] == ([campo] if campo else [])


JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64


def test_los_adjuntos_del_correo_pasan_por_el_antivirus_y_el_eicar_nunca_se_descarga(aws):
    from infraestructura.local import recursos
    from infraestructura.local.antivirus import EICAR, AntivirusLocal

    _, caso, _ = aws.api("POST", "/api/casos", QUEJA)
    folio = caso["folio"]
    aws.drenar()
    (original,) = aws.correos()
    msg = email.message_from_bytes(componer_respuesta(original, "Van el recibo y la factura."), policy=policy.default)
    msg.add_attachment(JPEG, maintype="image", subtype="jpeg", filename="recibo.jpg")
    msg.add_attachment(
        b"%PDF-1.4\n" + EICAR + b"\n" + b" " * 40, maintype="application", subtype="pdf", filename="f.pdf"
    )
    # Un ejecutable con nombre de foto: el tipo lo dicen los bytes, no el correo.
    msg.add_attachment(b"MZ\x90\x00" + b"\x00" * 60, maintype="image", subtype="jpeg", filename="foto.jpg")
    resultado = recibir(msg.as_bytes(), boto3.client("s3"), lambda ev: aws.invocar("correo_entrante", ev))
    assert resultado["accion"] == "anexado"

    _, detalle, _ = aws.api("GET", f"/api/casos/{folio}", agente=SUPERVISOR)
    (mensaje,) = [h for h in detalle["historial"] if h["tipo"] == "mensaje_cliente"]
    assert [a["nombre"] for a in mensaje["datos"]["adjuntos"]] == ["recibo.jpg", "f.pdf"]
    assert [r["nombre"] for r in mensaje["datos"]["adjuntos_rechazados"]] == ["foto.jpg"]
    por_nombre = {a["nombre"]: a for a in detalle["adjuntos"]}
    assert {a["estado"] for a in por_nombre.values()} == {"revisando"}
    assert not any(a["descargable"] for a in por_nombre.values())

    # GuardDuty (emulado) escanea lo que quedó en casos/<folio>/: el recibo queda limpio y la factura infectada.
    av = AntivirusLocal(recursos.BUCKET_ADJUNTOS, lambda ev: aws.invocar("adjuntos", ev))
    av._s3 = boto3.client("s3")
    for nombre, esperado in (("recibo.jpg", "limpio"), ("f.pdf", "infectado")):
        evento = av.escanear(f"casos/{folio}/{por_nombre[nombre]['id']}")
        assert aws.invocar("adjuntos", evento) == {"resultado": esperado}
    estado, descarga, _ = aws.api("GET", f"/api/casos/{folio}/adjuntos/{por_nombre['recibo.jpg']['id']}", agente=ASESOR)
    assert estado == 200 and descarga["url"]
    estado, error, _ = aws.api("GET", f"/api/casos/{folio}/adjuntos/{por_nombre['f.pdf']['id']}", agente=ASESOR)
    assert (estado, error["error"]["codigo"]) == (409, "adjunto_infectado")
