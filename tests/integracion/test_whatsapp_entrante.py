"""WhatsApp entrante de punta a punta sobre moto: sobre de AWS por SNS → whatsapp_entrante → la tabla (índice BUSCA#,
marcas por mensaje, transacción del mensaje) y el bucket de adjuntos (medio → subidas/ → casos/ → GuardDuty)."""

from __future__ import annotations

from typing import Any

import boto3
import pytest

from infraestructura.local import recursos
from infraestructura.local.whatsapp_entrante import ARN_NUMERO, entrada_mensaje, evento
from tests.integracion.test_conversacion import JPEG, _antivirus, _objetos
from tests.integracion.test_handlers import QUEJA

SUPERVISOR = ("supervisor.demo", "supervisores")
ASESOR = ("asesor.demo", "asesores")
DE = "5217771234567"


class SocialFalso:
    """El cliente de socialmessaging: GetWhatsAppMessageMedia escribe en S3 (moto) en `key` + id del medio."""

    def __init__(self, medios: dict[str, bytes]) -> None:
        self.medios = medios
        self.pedidos: list[dict[str, Any]] = []

    def get_whatsapp_message_media(self, **pedido: Any) -> dict[str, Any]:
        from botocore.exceptions import ClientError

        self.pedidos.append(pedido)
        contenido = self.medios.get(pedido["mediaId"])
        if contenido is None:
            raise ClientError({"Error": {"Code": "ResourceNotFoundException"}}, "GetWhatsAppMessageMedia")
        destino = pedido["destinationS3File"]
        boto3.client("s3").put_object(
            Bucket=destino["bucketName"], Key=destino["key"] + pedido["mediaId"], Body=contenido
        )
        return {"mimeType": "image/jpeg", "fileSize": len(contenido)}


class SalidaFalsa:
    def __init__(self) -> None:
        self.enviados: list[tuple[str, str, Any]] = []

    def enviar_plantilla(self, destino, nombre, parametros, botones=None):
        self.enviados.append((destino, nombre, parametros))
        return "wamid.plantilla"

    def enviar_texto(self, destino, texto):
        self.enviados.append((destino, "texto", texto))
        return "wamid.texto"


@pytest.fixture
def wa(aws, monkeypatch):
    """El entorno con la salida de WhatsApp y el servicio de medios como dobles (lo demás, moto)."""
    from funciones.nucleo.adaptadores import whatsapp_entrante as adaptador
    from funciones.whatsapp_entrante import handler

    salida = SalidaFalsa()
    social = SocialFalso({"4490709327384033": JPEG})
    monkeypatch.setattr(adaptador.SalidaPerezosa, "_puerto", lambda self: salida)
    monkeypatch.setattr(adaptador, "_social", lambda: social)
    handler._puertos.cache_clear()
    aws.salida, aws.social = salida, social
    yield aws
    handler._puertos.cache_clear()


def _caso(aws, telefono="7771234567") -> str:
    estado, caso, _ = aws.api("POST", "/api/casos", {**QUEJA, "telefono": telefono})
    assert estado == 201
    return caso["folio"]


def _historial(aws, folio):
    _, detalle, _ = aws.api("GET", f"/api/casos/{folio}", agente=SUPERVISOR)
    return detalle


def test_un_texto_por_whatsapp_queda_en_el_caso_del_numero_y_el_cliente_lo_ve(wa):
    folio = _caso(wa)
    ev = evento(entrada_mensaje(DE, {"type": "text", "text": {"body": "Sigo sin internet"}}))
    (r,) = wa.invocar("whatsapp_entrante", ev)["resultados"]
    assert (r["accion"], r["folio"]) == ("anexado", folio)
    historial = _historial(wa, folio)["historial"]
    (mensaje,) = [h for h in historial if h["tipo"] == "mensaje_cliente"]
    assert mensaje["descripcion"] == "Sigo sin internet" and mensaje["datos"]["canal"] == "whatsapp"
    assert any(h["tipo"] == "alerta_respuesta_cliente" and "WhatsApp" in h["descripcion"] for h in historial)
    _, consulta, _ = wa.api("POST", "/api/consultas", {"folio": folio, "contrato": QUEJA["contrato"]})
    assert [(m["autor"], m["texto"]) for m in consulta["conversacion"]] == [("cliente", "Sigo sin internet")]
    # SNS lo entrega otra vez: la marca condicional (pk WHATSAPP#<id de Meta>) lo detiene.
    (r,) = wa.invocar("whatsapp_entrante", ev)["resultados"]
    assert r["accion"] == "repetido"
    assert [h["tipo"] for h in _historial(wa, folio)["historial"]].count("mensaje_cliente") == 1
    marcas = [i for i in wa.items() if i["pk"]["S"].startswith("WHATSAPP#wamid.")]
    assert len(marcas) == 1 and marcas[0]["estado"]["S"] == "enviado"


def test_una_foto_baja_al_bucket_se_escanea_y_el_asesor_la_descarga_limpia(wa):
    folio = _caso(wa)
    foto = {"type": "image", "image": {"id": "4490709327384033", "mime_type": "image/jpeg", "caption": "El módem"}}
    (r,) = wa.invocar("whatsapp_entrante", evento(entrada_mensaje(DE, foto)))["resultados"]
    assert r["accion"] == "anexado"
    (pedido,) = wa.social.pedidos
    assert pedido["originationPhoneNumberId"] == ARN_NUMERO and pedido["mediaId"] == "4490709327384033"
    assert pedido["destinationS3File"] == {"bucketName": recursos.BUCKET_ADJUNTOS, "key": f"subidas/{folio}/wa-"}
    (llave,) = _objetos()
    assert llave.startswith(f"casos/{folio}/")
    detalle = _historial(wa, folio)
    (adjunto,) = detalle["adjuntos"]
    assert (adjunto["estado"], adjunto["descargable"], adjunto["nombre"]) == ("revisando", False, "foto-whatsapp.jpg")
    evento_escaneo = _antivirus(wa).escanear(llave)
    assert wa.invocar("adjuntos", evento_escaneo) == {"resultado": "limpio"}
    (adjunto,) = _historial(wa, folio)["adjuntos"]
    assert adjunto["estado"] == "limpio" and adjunto["descargable"] is True
    estado, _, _ = wa.api("GET", f"/api/casos/{folio}/adjuntos/{adjunto['id']}", agente=ASESOR)
    assert estado == 200


def test_el_boton_si_quedo_resuelto_cierra_el_caso(wa):
    folio = _caso(wa)
    estado, _, _ = wa.api(
        "POST",
        f"/api/casos/{folio}/resolucion",
        {"resumen": "Cambiamos el módem y el servicio quedó estable.", "primer_contacto": False},
        agente=SUPERVISOR,
    )
    assert estado == 200
    from funciones.nucleo.adaptadores import repositorios

    ronda = repositorios.casos().obtener(folio).ronda
    assert ronda >= 1
    boton = {"type": "button", "button": {"payload": f"resuelto:{folio}:{ronda}", "text": "Sí, quedó resuelto"}}
    (r,) = wa.invocar("whatsapp_entrante", evento(entrada_mensaje(DE, boton)))["resultados"]
    assert r["accion"] == "confirmado"
    detalle = _historial(wa, folio)
    assert detalle["caso"]["estado"] == "cerrado"
    (cierre,) = [h for h in detalle["historial"] if h["tipo"] == "caso_cerrado"]
    assert cierre["datos"]["via"] == "whatsapp"
    assert ("+" + DE, "texto", "¡Gracias! Registramos que tu solicitud quedó resuelta.") in wa.salida.enviados


def test_sin_caso_abierto_la_plantilla_sale_una_vez_por_dia(wa):
    for texto in ("Hola", "¿Hola?"):
        wa.invocar(
            "whatsapp_entrante", evento(entrada_mensaje("5215550001111", {"type": "text", "text": {"body": texto}}))
        )
    plantillas = [e for e in wa.salida.enviados if e[1] == "sin_caso_abierto"]
    assert len(plantillas) == 1 and plantillas[0][0] == "+5215550001111"
    assert plantillas[0][2]["enlace"] == "https://atencion.bluepoint.mx/seguimiento.html"


# ---------------------------------------------------------------- con la salida de wa-salida, sin dobles


@pytest.fixture
def completo(aws, monkeypatch):
    """La emulación de socialmessaging de wa-salida (su protocolo, por boto3) en lugar de los dobles: contestar,
    bajar medios y los estados pasan por los adaptadores reales."""
    from funciones.whatsapp_entrante import handler
    from infraestructura import plantillas_whatsapp
    from infraestructura.local import whatsapp as emulacion
    from infraestructura.local.lambda_local import olvidar_configuracion

    servicio = emulacion.EmulacionWhatsApp()
    monkeypatch.setenv("AWS_ENDPOINT_URL_SOCIALMESSAGING", servicio.iniciar())
    monkeypatch.setenv("WHATSAPP_NUMERO", emulacion.NUMERO)
    servicio.s3 = boto3.client("s3")
    plantillas_whatsapp.crear(boto3.client("socialmessaging"), emulacion.WABA)
    olvidar_configuracion()
    handler._puertos.cache_clear()
    aws.whatsapp = servicio
    yield aws
    servicio.detener()
    handler._puertos.cache_clear()
    olvidar_configuracion()


def test_de_punta_a_punta_con_la_emulacion_de_wa_salida(completo):
    from tests.integracion.test_encuestas_reportes import CIERRE
    from tests.integracion.test_whatsapp import DUDA, _alta

    aws = completo
    cuerpo = _alta(aws)
    folio = cuerpo["folio"]
    (folio_enviado,) = aws.whatsapp.enviados()
    # Los estados del folio llegan por el tema como en AWS y quedan en el historial (procesar_estados de wa-salida).
    from infraestructura.local.whatsapp import entrada_de_estados, estados_de_envio

    ev_estados = evento(entrada_de_estados(estados_de_envio(folio_enviado)))
    assert aws.invocar("whatsapp_entrante", ev_estados) == {"resultados": []}
    tipos = [h["tipo"] for h in _historial(aws, folio)["historial"]]
    assert tipos.count("whatsapp_enviado") == tipos.count("whatsapp_entregado") == 1

    # El cliente contesta desde su WhatsApp (521 + sus 10 dígitos) con texto y con una foto.
    de = "521" + "".join(c for c in DUDA["telefono"] if c.isdigit())
    (r,) = aws.invocar("whatsapp_entrante", evento(entrada_mensaje(de, {"type": "text", "text": {"body": "Gracias"}})))[
        "resultados"
    ]
    assert (r["accion"], r["folio"]) == ("anexado", folio)
    id_medio = aws.whatsapp.registrar_medio(JPEG, "image/jpeg")
    foto = {"type": "image", "image": {"id": id_medio, "mime_type": "image/jpeg"}}
    (r,) = aws.invocar("whatsapp_entrante", evento(entrada_mensaje(de, foto)))["resultados"]
    assert r["accion"] == "anexado"
    (adjunto,) = _historial(aws, folio)["adjuntos"]
    assert adjunto["canal"] == "whatsapp" and adjunto["estado"] == "revisando"

    # La resolución sale con sus botones; el cliente toca «Sí, quedó resuelto» y el caso se cierra.
    assert aws.api("POST", f"/api/casos/{folio}/resolucion", CIERRE, agente=SUPERVISOR)[0] == 200
    aws.drenar()
    resolucion = next(m for m in aws.whatsapp.enviados() if m["plantilla"] == "resolucion")
    carga = resolucion["cargas"][0] if "cargas" in resolucion else resolucion["botones"][0]["carga"]
    boton = {"type": "button", "button": {"payload": carga, "text": "Sí, quedó resuelto"}}
    (r,) = aws.invocar("whatsapp_entrante", evento(entrada_mensaje(de, boton)))["resultados"]
    assert r["accion"] == "confirmado"
    assert _historial(aws, folio)["caso"]["estado"] == "cerrado"
    gracias = aws.whatsapp.enviados()[0]
    assert gracias["destino"] == f"+{de}" and gracias["plantilla"] is None and "quedó resuelta" in gracias["texto"]

    # Un número sin caso abierto recibe la plantilla, con los parámetros que revisa la emulación como Meta.
    (r,) = aws.invocar(
        "whatsapp_entrante", evento(entrada_mensaje("5215550001111", {"type": "text", "text": {"body": "Hola"}}))
    )["resultados"]
    assert (r["accion"], r["motivo"]) == ("sin_caso", "plantilla")
    sin_caso = aws.whatsapp.enviados()[0]
    assert sin_caso["plantilla"] == "sin_caso_abierto" and "/seguimiento.html" in sin_caso["texto"]
