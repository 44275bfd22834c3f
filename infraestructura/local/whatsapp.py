"""AWS End User Messaging Social (WhatsApp), emulado: moto no lo implementa.

Un servidor HTTP propio que habla el protocolo del servicio (restJson, `/v1/whatsapp/...`), así boto3 lo usa con
`AWS_ENDPOINT_URL_SOCIALMESSAGING` y el adaptador es el mismo que en AWS. Revisa lo que Meta rechazaría (plantilla
sin crear, parámetros que no son los de la plantilla, número de origen ajeno) y guarda cada envío como lo vería el
cliente en su teléfono: `enviados()` alimenta `/_local/whatsapp.json`.
"""

from __future__ import annotations

import base64
import json
import logging
import re
import threading
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from funciones.nucleo.dominio import whatsapp as dominio

log = logging.getLogger(__name__)

# Los ids de la emulación (en AWS salen de la cuenta ligada: `make plantillas-whatsapp` y docs/operacion.md); los
# mismos que pone en su sobre la entrada simulada de whatsapp_entrante (infraestructura/local/whatsapp_entrante.py).
WABA = "waba-9f8e7d6c5b4a39281706f5e4d3c2b1a0"
NUMERO = "phone-number-id-0a1b2c3d4e5f60718293a4b5c6d7e8f9"
ARN_NUMERO = (
    f"arn:aws:social-messaging:us-east-1:123456789012:phone-number-id/{NUMERO.removeprefix('phone-number-id-')}"
)
_VERSION = re.compile(r"^v\d+\.\d+$")


class _Error(Exception):
    def __init__(self, estado: int, tipo: str, mensaje: str) -> None:
        super().__init__(mensaje)
        self.estado, self.tipo, self.mensaje = estado, tipo, mensaje


class EmulacionWhatsApp:
    """El estado de la emulación: plantillas creadas, medios recibidos y mensajes enviados."""

    def __init__(self, numeros: tuple[str, ...] = (NUMERO, ARN_NUMERO)) -> None:
        self.numeros = frozenset(numeros)
        self._candado = threading.Lock()
        self.plantillas: dict[str, dict[str, Any]] = {}
        self._enviados: list[dict[str, Any]] = []
        self.medios: dict[str, tuple[bytes, str]] = {}
        # Lo que se hace después de cada envío (p. ej. generar sus estados sent/delivered).
        self.al_enviar: Callable[[dict[str, Any]], None] | None = None
        self.s3: Any = None
        self._http: ThreadingHTTPServer | None = None

    # --- lo que ve la demostración ---

    def enviados(self) -> list[dict[str, Any]]:
        """Cada mensaje enviado, el más nuevo primero: destino, plantilla, texto, botones, fecha (y sus ids)."""
        with self._candado:
            return [dict(m) for m in reversed(self._enviados)]

    def registrar_medio(self, contenido: bytes, tipo: str) -> str:
        """Un medio «recibido» (lo usa la entrada simulada de WhatsApp): su id para GetWhatsAppMessageMedia."""
        id_medio = str(uuid.uuid4().int)[:16]
        self.medios[id_medio] = (contenido, tipo)
        return id_medio

    def crear_plantillas_del_repositorio(self) -> None:
        """Como `make plantillas-whatsapp`, sin pasar por HTTP: las del repositorio quedan aprobadas."""
        for definicion in dominio.plantillas().values():
            self._crear_plantilla({"templateDefinition": _b64(json.dumps(definicion).encode()), "id": WABA})

    # --- el protocolo ---

    def atender(self, metodo: str, camino: str, consulta: str, cuerpo: bytes) -> tuple[int, dict[str, Any]]:
        try:
            datos = json.loads(cuerpo or b"{}")
            if not isinstance(datos, dict):
                raise _Error(400, "ValidationException", "El cuerpo debe ser un objeto JSON.")
            if metodo == "POST" and camino == "/v1/whatsapp/send":
                return 200, self._enviar(datos)
            if metodo == "POST" and camino == "/v1/whatsapp/template/put":
                return 200, self._crear_plantilla(datos)
            if metodo == "GET" and camino == "/v1/whatsapp/template/list":
                return 200, self._listar_plantillas(parse_qs(consulta))
            if metodo == "POST" and camino == "/v1/whatsapp/media/get":
                return 200, self._medio(datos)
            raise _Error(404, "ResourceNotFoundException", f"La emulación no implementa {metodo} {camino}.")
        except _Error as e:
            return e.estado, {"__type": e.tipo, "message": e.mensaje}
        except ValueError:
            return 400, {"__type": "ValidationException", "message": "JSON inválido."}

    def _revisar_numero(self, id_numero: object) -> None:
        if id_numero not in self.numeros:
            raise _Error(404, "ResourceNotFoundException", "El número de origen no está ligado a la cuenta.")

    def _enviar(self, datos: dict[str, Any]) -> dict[str, Any]:
        self._revisar_numero(datos.get("originationPhoneNumberId"))
        if not _VERSION.match(str(datos.get("metaApiVersion", ""))):
            raise _Error(400, "ValidationException", "metaApiVersion debe ser v<número>.")
        try:
            mensaje = json.loads(base64.b64decode(str(datos.get("message", "")), validate=True))
        except ValueError:
            raise _Error(
                400, "ValidationException", "message debe ser el JSON de un mensaje de la Cloud API."
            ) from None
        if not isinstance(mensaje, dict) or mensaje.get("messaging_product") != "whatsapp":
            raise _Error(400, "InvalidParametersException", "messaging_product debe ser whatsapp.")
        destino = str(mensaje.get("to", ""))
        if not re.fullmatch(r"\+?\d{8,15}", destino):
            raise _Error(400, "InvalidParametersException", "Número de destino inválido.")
        registro: dict[str, Any] = {
            "destino": "+" + destino.lstrip("+"),
            "plantilla": None,
            "texto": "",
            "botones": [],
            "fecha": datetime.now(UTC).isoformat(),
            "id_mensaje": str(uuid.uuid4()),
            "wamid": "wamid." + base64.b64encode(uuid.uuid4().bytes).decode(),
            "referencia": mensaje.get("biz_opaque_callback_data"),
        }
        if mensaje.get("type") == "text":
            texto = str((mensaje.get("text") or {}).get("body", ""))
            if not texto or len(texto) > dominio.LARGO_TEXTO:
                raise _Error(400, "InvalidParametersException", "text.body vacío o de más de 4096 caracteres.")
            registro["texto"] = texto
        elif mensaje.get("type") == "template":
            registro.update(self._llenar_plantilla(mensaje.get("template") or {}))
        else:
            raise _Error(400, "InvalidParametersException", "La emulación sólo envía mensajes text y template.")
        with self._candado:
            self._enviados.append(registro)
        if self.al_enviar is not None:
            try:
                self.al_enviar(dict(registro))
            except Exception:
                log.exception("falla al generar los estados del WhatsApp local")
        return {"messageId": registro["id_mensaje"]}

    def _llenar_plantilla(self, pedido: dict[str, Any]) -> dict[str, Any]:
        nombre = pedido.get("name")
        idioma = (pedido.get("language") or {}).get("code")
        definicion = self.plantillas.get(f"{nombre}:{idioma}")
        if definicion is None:
            # Meta: (#132001) Template name does not exist in the translation.
            raise _Error(400, "InvalidParametersException", f"La plantilla {nombre} ({idioma}) no existe en la cuenta.")
        valores: dict[str, str] = {}
        cargas: dict[int, str] = {}
        for componente in pedido.get("components") or []:
            if componente.get("type") == "body":
                for p in componente.get("parameters") or []:
                    valores[str(p.get("parameter_name"))] = str(p.get("text", ""))
            elif componente.get("type") == "button" and componente.get("sub_type") == "quick_reply":
                (carga,) = [p.get("payload") for p in componente.get("parameters") or []]
                cargas[int(componente.get("index", -1))] = str(carga)
        esperados = dominio.parametros(definicion)
        if sorted(valores) != sorted(esperados):
            raise _Error(
                400, "InvalidParametersException", f"(#132000) La plantilla {nombre} lleva los parámetros {esperados}."
            )
        textos = dominio.botones(definicion)
        if cargas and sorted(cargas) != list(range(len(textos))):
            raise _Error(
                400, "InvalidParametersException", f"(#131008) La plantilla {nombre} tiene {len(textos)} botones."
            )
        claves = {d["name"]: k for k, d in dominio.plantillas().items()}
        return {
            # La clave del repositorio (esquemas/whatsapp/<clave>.json), como la nombra el resto del sistema.
            "plantilla": claves.get(str(nombre), nombre),
            "texto": dominio.llenar(definicion, valores),
            # Cada respuesta rápida: lo que lee el cliente y la carga que vuelve en `button.payload` si la toca.
            "botones": [{"texto": t, "carga": cargas.get(i)} for i, t in enumerate(textos)],
        }

    def _crear_plantilla(self, datos: dict[str, Any]) -> dict[str, Any]:
        if datos.get("id") != WABA:
            raise _Error(404, "ResourceNotFoundException", "La cuenta de WhatsApp Business no está ligada.")
        try:
            definicion = json.loads(base64.b64decode(str(datos.get("templateDefinition", "")), validate=True))
        except ValueError:
            raise _Error(400, "ValidationException", "templateDefinition debe ser el JSON de la plantilla.") from None
        nombre, idioma = definicion.get("name"), definicion.get("language")
        if not (isinstance(nombre, str) and re.fullmatch(r"[a-z0-9_]{1,512}", nombre) and idioma):
            raise _Error(400, "InvalidParametersException", "name (minúsculas y _) y language son obligatorios.")
        if definicion.get("category") not in ("UTILITY", "MARKETING", "AUTHENTICATION"):
            raise _Error(400, "InvalidParametersException", "category inválida.")
        clave = f"{nombre}:{idioma}"
        with self._candado:
            previa = self.plantillas.get(clave)
            definicion["_id"] = previa["_id"] if previa else str(uuid.uuid4().int)[:15]
            self.plantillas[clave] = definicion
        # Meta revisa en minutos; la emulación aprueba al momento.
        return {"metaTemplateId": definicion["_id"], "templateStatus": "APPROVED", "category": definicion["category"]}

    def _listar_plantillas(self, consulta: dict[str, list[str]]) -> dict[str, Any]:
        if consulta.get("id", [""])[0] != WABA:
            raise _Error(404, "ResourceNotFoundException", "La cuenta de WhatsApp Business no está ligada.")
        with self._candado:
            lista = list(self.plantillas.values())
        return {
            "templates": [
                {
                    "templateName": d["name"],
                    "metaTemplateId": d["_id"],
                    "templateStatus": "APPROVED",
                    "templateLanguage": d["language"],
                    "templateCategory": d["category"],
                }
                for d in lista
            ]
        }

    def _medio(self, datos: dict[str, Any]) -> dict[str, Any]:
        self._revisar_numero(datos.get("originationPhoneNumberId"))
        medio = self.medios.get(str(datos.get("mediaId")))
        if medio is None:
            raise _Error(404, "ResourceNotFoundException", "El medio no existe o ya venció.")
        contenido, tipo = medio
        destino = datos.get("destinationS3File") or {}
        if not datos.get("metadataOnly"):
            if not (destino.get("bucketName") and destino.get("key")) or self.s3 is None:
                raise _Error(400, "ValidationException", "destinationS3File (bucketName y key) es obligatorio.")
            # Como AWS (referencia de la API, S3File): `key` es un prefijo al que se le pega el id del medio.
            llave = f"{destino['key']}{datos.get('mediaId')}"
            self.s3.put_object(Bucket=destino["bucketName"], Key=llave, Body=contenido, ContentType=tipo)
        return {"mimeType": tipo, "fileSize": len(contenido)}

    # --- el servidor ---

    def iniciar(self, host: str = "127.0.0.1", puerto: int = 0) -> str:
        """Sirve el protocolo en un hilo; devuelve la URL para `AWS_ENDPOINT_URL_SOCIALMESSAGING`."""
        emulacion = self

        class Manejador(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, formato: str, *args: Any) -> None:
                log.debug(formato, *args)

            def _atender(self, metodo: str) -> None:
                partes = urlsplit(self.path)
                largo = int(self.headers.get("Content-Length") or 0)
                cuerpo = self.rfile.read(largo) if largo else b""
                estado, respuesta = emulacion.atender(metodo, partes.path, partes.query, cuerpo)
                datos = json.dumps(respuesta).encode()
                self.send_response(estado)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(datos)))
                if estado >= 400:
                    self.send_header("x-amzn-ErrorType", respuesta["__type"])
                self.send_header("x-amzn-RequestId", str(uuid.uuid4()))
                self.end_headers()
                self.wfile.write(datos)

            def do_GET(self) -> None:
                self._atender("GET")

            def do_POST(self) -> None:
                self._atender("POST")

        self._http = ThreadingHTTPServer((host, puerto), Manejador)
        self._http.daemon_threads = True
        threading.Thread(target=self._http.serve_forever, name="whatsapp-local", daemon=True).start()
        return f"http://{host}:{self._http.server_address[1]}"

    def detener(self) -> None:
        if self._http is not None:
            self._http.shutdown()
            self._http.server_close()
            self._http = None


def _b64(datos: bytes) -> str:
    return base64.b64encode(datos).decode()


def estados_de_envio(registro: dict[str, Any], ahora: datetime | None = None) -> list[dict[str, Any]]:
    """Los estados `sent` y `delivered` que Meta mandaría por un envío de la emulación (objetos de `statuses`)."""
    marca = str(int((ahora or datetime.now(UTC)).timestamp()))
    base = {"id": registro["wamid"], "timestamp": marca, "recipient_id": registro["destino"].lstrip("+")}
    if registro.get("referencia"):
        base["biz_opaque_callback_data"] = registro["referencia"]
    return [{**base, "status": "sent"}, {**base, "status": "delivered"}]


def entrada_de_estados(estados: list[dict[str, Any]]) -> dict[str, Any]:
    """La entrada del webhook de Meta (`statuses`) con la que llegan esos estados a la WABA."""
    from infraestructura.local import whatsapp_entrante

    return {
        "id": whatsapp_entrante.ID_WABA,
        "changes": [
            {
                "field": "messages",
                "value": {
                    "messaging_product": "whatsapp",
                    "metadata": {
                        "display_phone_number": whatsapp_entrante.NUMERO_NEGOCIO,
                        "phone_number_id": whatsapp_entrante.ID_META_NUMERO,
                    },
                    "statuses": estados,
                },
            }
        ],
    }


def estados_por_la_entrada(invocar: Callable[[dict[str, Any]], Any], retraso_s: float = 0.5) -> Callable[..., None]:
    """`al_enviar` que, como Meta, manda sent y delivered de cada envío por el mismo camino que un mensaje del cliente:
    el sobre de AWS → SNS → `whatsapp_entrante` (que los entrega a `procesar_estados`). `invocar` recibe el evento de
    SNS; con `retraso_s` > 0 llegan desde otro hilo, un momento después (como en AWS, no durante el envío)."""
    from infraestructura.local import whatsapp_entrante

    def entregar(registro: dict[str, Any]) -> None:
        try:
            invocar(whatsapp_entrante.evento(entrada_de_estados(estados_de_envio(registro))))
        except Exception:
            log.exception("falla al entregar los estados del WhatsApp local")

    def al_enviar(registro: dict[str, Any]) -> None:
        if retraso_s <= 0:
            entregar(registro)
            return
        temporizador = threading.Timer(retraso_s, entregar, args=(registro,))
        temporizador.daemon = True
        temporizador.start()

    return al_enviar
