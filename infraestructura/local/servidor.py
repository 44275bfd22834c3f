"""Servidor local: sitio, consola y API en http://127.0.0.1:8000 sobre una emulación de AWS (moto) en el mismo proceso.

Las rutas /api/* salen de la misma tabla de rutas que usa la pila CDK; cada una se atiende
invocando el handler real con un evento de HTTP API (payload 2.0). El servidor hace además el papel de
CloudFront: agrega la cabecera secreta del candado de origen a cada evento que arma.
"""

from __future__ import annotations

import json
import logging
import mimetypes
import os
import re
import secrets
import threading
from collections.abc import Mapping
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from funciones.nucleo.frontera.cabeceras import CABECERAS_PAGINA
from infraestructura.local.lambda_local import evento_programado, olvidar_configuracion
from infraestructura.rutas import RUTAS, Ruta

RAIZ = Path(__file__).resolve().parents[2]
SITIO = RAIZ / "sitio"
LOCAL = Path(__file__).resolve().parent
# La página corporativa de muestra (otro origen) que incrusta el formulario: http://localhost:8001.
PUERTO_CORPORATIVO = 8001
# Como el CORS de la HTTP API (constructos/api.py): métodos y cabeceras que puede mandar el otro origen.
CORS_METODOS = "GET,POST"
CORS_CABECERAS = "content-type,idempotency-key"


def archivo_estado(entorno: Mapping[str, str] | None = None) -> Path:
    """Dónde deja el servidor su moto y su grupo de usuarios para `make agente` (ESTADO_LOCAL lo cambia)."""
    return Path((os.environ if entorno is None else entorno).get("ESTADO_LOCAL") or RAIZ / ".estado-local.json")


log = logging.getLogger("bluepoint.local")

# /_local/correos (sólo la emulación): estilos en línea de los correos sí; scripts y marcos ajenos no; formularios
# sólo hacia el propio servidor (el «Responder», que compone la respuesta y la recibe como SES).
POLITICA_BUZON = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; frame-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)


def _patron(ruta: str) -> re.Pattern[str]:
    return re.compile(
        "^" + re.sub(r"{(\w+)}", r"(?P<\1>[^/]+)", re.escape(ruta).replace(r"\{", "{").replace(r"\}", "}")) + "$"
    )


_PATRONES: list[tuple[re.Pattern[str], Ruta]] = [(_patron(r.ruta), r) for r in RUTAS]


def buscar_ruta(metodo: str, camino: str) -> tuple[Ruta | None, dict[str, str], bool]:
    """(ruta, parámetros, existe_el_camino). Como API Gateway, el recurso más específico gana:
    /api/casos/asistidos es su propio recurso aunque también encaje en /api/casos/{folio}."""
    coincidencias = [(m, ruta) for patron, ruta in _PATRONES if (m := patron.match(camino))]
    if not coincidencias:
        return None, {}, False
    especifico = min(r.ruta.count("{") for _, r in coincidencias)
    for m, ruta in coincidencias:
        if ruta.ruta.count("{") == especifico and ruta.metodo == metodo:
            return ruta, m.groupdict(), True
    return None, {}, True


def metodos_permitidos(camino: str) -> list[str]:
    coincidencias = [r for p, r in _PATRONES if p.match(camino)]
    especifico = min((r.ruta.count("{") for r in coincidencias), default=0)
    return sorted({r.metodo for r in coincidencias if r.ruta.count("{") == especifico})


class _Servidor(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 1024
    allow_reuse_address = True


class ServidorLocal:
    def __init__(
        self,
        puerto: int | None = None,
        host: str = "127.0.0.1",
        intervalo_flujo_s: float = 0.2,
        puerto_corporativo: int | None = None,
    ) -> None:
        self.host = host
        self.puerto = int(os.environ.get("PUERTO", "8000")) if puerto is None else puerto
        entorno_corporativo = os.environ.get("PUERTO_CORPORATIVO")
        self.puerto_corporativo = (
            puerto_corporativo
            if puerto_corporativo is not None
            else int(entorno_corporativo)
            if entorno_corporativo
            else PUERTO_CORPORATIVO
        )
        self._corporativo: _Servidor | None = None
        self.intervalo_flujo_s = intervalo_flujo_s
        self._http: _Servidor | None = None
        self._moto: Any = None
        self.flujo: Any = None
        self.recursos: dict[str, str] = {}
        self.candado = secrets.token_urlsafe(32)

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.puerto}"

    @property
    def url_corporativa(self) -> str:
        """El origen de la página corporativa de muestra: el único que el CORS local admite (como origenes_web)."""
        return f"http://localhost:{self.puerto_corporativo}"

    @property
    def origenes_web(self) -> frozenset[str]:
        return frozenset({self.url_corporativa})

    def iniciar(self) -> ServidorLocal:
        from moto.server import ThreadedMotoServer

        from infraestructura.local import alarmas, parches_moto

        parches_moto.aplicar()
        alarmas.aplicar()

        logging.getLogger("werkzeug").setLevel(logging.WARNING)

        self._moto = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        self._moto.start()
        _, puerto_moto = self._moto.get_host_and_port()
        self._http = _Servidor((self.host, self.puerto), _crear_manejador(self))
        self.puerto = self._http.server_address[1]
        self._corporativo = _Servidor(("127.0.0.1", self.puerto_corporativo), _crear_manejador_corporativo(self))
        self.puerto_corporativo = self._corporativo.server_address[1]
        self._configurar_entorno(f"http://127.0.0.1:{puerto_moto}")
        self._iniciar_whatsapp()

        from infraestructura.local import recursos
        from infraestructura.local.flujo import SondeoFlujo
        from infraestructura.local.lambda_local import Funciones

        self.recursos = recursos.crear_todo()
        self.recursos.update(recursos.crear_operacion())
        os.environ["TEMA_ALERTAS"] = self.recursos["tema_alertas"]
        self.clave_demo = recursos.clave_demo()
        import boto3

        agentes = recursos.crear_agentes(boto3.client("cognito-idp"), self.clave_demo)
        self.agentes = agentes["agentes"].split(",")
        self.agente_primer_inicio = agentes["primer_inicio"]
        self.agente_totp = agentes["totp"]
        self.secreto_totp = agentes["secreto_totp"]
        os.environ.update({"COGNITO_POOL": agentes["cognito_pool"], "COGNITO_CLIENTE": agentes["cognito_cliente"]})
        self._escribir_estado(agentes["cognito_pool"])
        from infraestructura.local.autorizador import Autorizador

        self.autorizador = Autorizador(
            os.environ["AWS_ENDPOINT_URL"], agentes["cognito_pool"], agentes["cognito_cliente"]
        )
        self.informe_clientes = self._cargar_clientes_demo()
        self.funciones = Funciones()
        from infraestructura.local.eventos_ses import EventosSesLocal

        self.eventos_ses = EventosSesLocal(lambda ev: self.funciones.invocar("notificaciones", ev))
        self.eventos_ses.iniciar()
        from infraestructura.local.antivirus import AntivirusLocal

        self.antivirus = AntivirusLocal(
            self.recursos["bucket_adjuntos"], lambda ev: self.funciones.invocar("adjuntos", ev)
        )
        self.antivirus.iniciar()
        self.flujo = SondeoFlujo(
            self.recursos["flujo"],
            lambda ev: self.funciones.invocar("notificaciones", ev),
            self.recursos["cola_fallidos"],
            intervalo_s=self.intervalo_flujo_s,
        )
        self.flujo.iniciar()
        # Segundo consumidor del mismo flujo, como en la pila: los contadores de los reportes.
        self.flujo_agregados = SondeoFlujo(
            self.recursos["flujo"],
            lambda ev: self.funciones.invocar("agregados", ev),
            self.recursos["cola_fallidos"],
            intervalo_s=self.intervalo_flujo_s,
        )
        self.flujo_agregados.iniciar()
        self._alto_barrido = threading.Event()
        threading.Thread(target=self._barrer_periodicamente, name="barrido", daemon=True).start()
        threading.Thread(target=self._http.serve_forever, name="http-local", daemon=True).start()
        threading.Thread(target=self._corporativo.serve_forever, name="http-corporativo", daemon=True).start()
        return self

    def _iniciar_whatsapp(self) -> None:
        """End User Messaging Social emulado (moto no lo tiene): boto3 le habla por su propio punto de acceso, y las
        plantillas del repositorio se crean con la misma orden que en AWS (`make plantillas-whatsapp`)."""
        import boto3

        from infraestructura import plantillas_whatsapp
        from infraestructura.local import whatsapp

        self.whatsapp = whatsapp.EmulacionWhatsApp()
        os.environ["AWS_ENDPOINT_URL_SOCIALMESSAGING"] = self.whatsapp.iniciar()
        os.environ["WHATSAPP_NUMERO"] = whatsapp.NUMERO
        self.whatsapp.s3 = boto3.client("s3")
        plantillas_whatsapp.crear(boto3.client("socialmessaging"), whatsapp.WABA)
        # Los estados de cada envío vuelven como en AWS: por el tema de la WABA a whatsapp_entrante.
        self.whatsapp.al_enviar = whatsapp.estados_por_la_entrada(
            lambda ev: self.funciones.invocar("whatsapp_entrante", ev)
        )

    def whatsapp_enviados(self) -> list[dict[str, Any]]:
        """Los mensajes que salieron por la emulación de socialmessaging (de wa-salida), si ya está en el servidor."""
        emulacion = getattr(self, "whatsapp", None)
        return list(emulacion.enviados()) if emulacion is not None else []

    def _escribir_estado(self, pool: str) -> None:
        """Para `make agente`: con qué moto y qué grupo de usuarios corre este servidor (ignorado por git)."""
        estado = {"pid": os.getpid(), "url": self.url, "endpoint": os.environ["AWS_ENDPOINT_URL"], "pool": pool}
        try:
            archivo_estado().write_text(json.dumps(estado), encoding="utf-8")
        except OSError:
            log.warning("no se pudo escribir el archivo de estado local")

    def _borrar_estado(self) -> None:
        archivo = archivo_estado()
        try:
            if json.loads(archivo.read_text(encoding="utf-8")).get("pid") == os.getpid():
                archivo.unlink()
        except (OSError, ValueError):
            pass

    def _barrer_periodicamente(self) -> None:
        """Como la regla de EventBridge de la pila, pero cada pocos segundos para las demostraciones."""
        from infraestructura.rutas import BARRIDO

        while not self._alto_barrido.wait(BARRIDO["local_cada_segundos"]):
            try:
                self.funciones.invocar("barrido", evento_programado())
            except Exception:
                log.exception("falla en el barrido local")

    def _cargar_clientes_demo(self) -> Any:
        from funciones.nucleo.adaptadores import repositorios
        from funciones.nucleo.adaptadores.secretos import pimienta
        from infraestructura.local.importar import importar

        return importar(RAIZ / "datos" / "clientes_demo.csv", repositorios.clientes(), pimienta())

    def _configurar_entorno(self, endpoint: str) -> None:
        from infraestructura.local.correos_entrantes import BUCKET as BUCKET_CORREOS
        from infraestructura.local.recursos import BUCKET_ADJUNTOS, CONFIG_SES, DOMINIO, TABLA

        os.environ.update(
            {
                "AWS_ENDPOINT_URL": endpoint,
                "AWS_ACCESS_KEY_ID": "local",
                "AWS_SECRET_ACCESS_KEY": "local",
                "AWS_DEFAULT_REGION": "us-east-1",
                "AWS_REGION": "us-east-1",
                "TABLA": TABLA,
                "REMITENTE": f"atencion@{DOMINIO}",
                # Reply-To de cada correo de caso: respuestas+<token>@ (POST /_local/correos-entrantes las recibe).
                "DOMINIO_RESPUESTAS": DOMINIO,
                "BUCKET_CORREOS": BUCKET_CORREOS,
                "CONFIG_SES": CONFIG_SES,
                "URL_SITIO": self.url,
                "BUCKET_ADJUNTOS": BUCKET_ADJUNTOS,
                # El navegador sube a este servidor (misma origen, CSP 'self') y él reenvía el POST a moto.
                "URL_SUBIDAS": f"{self.url}/_local/subidas",
                "POWERTOOLS_SERVICE_NAME": "bluepoint-local",
                "POWERTOOLS_METRICS_NAMESPACE": "BluePoint",
                "POWERTOOLS_TRACE_DISABLED": "true",
                # Pimienta local, nueva en cada arranque (en AWS vive en Secrets Manager).
                "PIMIENTA": secrets.token_hex(32),
                # El candado de origen local, nuevo en cada arranque: el servidor lo agrega como CloudFront.
                "CANDADO_ORIGEN": self.candado,
                # moto sólo revisa los códigos TOTP con esto; sin él aceptaría cualquiera.
                "MOTO_COGNITO_IDP_USER_POOL_ENABLE_TOTP": "true",
            }
        )
        os.environ.setdefault("LOG_LEVEL", "WARNING")
        olvidar_configuracion()

    def detener(self) -> None:
        self._borrar_estado()
        if getattr(self, "_alto_barrido", None):
            self._alto_barrido.set()
        for flujo in (self.flujo, getattr(self, "flujo_agregados", None)):
            if flujo:
                flujo.detener()
        if getattr(self, "eventos_ses", None):
            self.eventos_ses.detener()
        if getattr(self, "antivirus", None):
            self.antivirus.detener()
        if getattr(self, "whatsapp", None):
            self.whatsapp.detener()
        for http in (self._http, self._corporativo):
            if http:
                http.shutdown()
                http.server_close()
        if self._moto:
            self._moto.stop()


def _crear_manejador(servidor: ServidorLocal) -> type[BaseHTTPRequestHandler]:
    class Manejador(BaseHTTPRequestHandler):
        server_version = "BluePointLocal/1.0"
        protocol_version = "HTTP/1.1"

        def log_message(self, formato: str, *args: Any) -> None:
            log.debug(formato, *args)

        def do_GET(self) -> None:
            self._atender("GET")

        def do_POST(self) -> None:
            self._atender("POST")

        def do_PUT(self) -> None:
            self._atender("PUT")

        def do_DELETE(self) -> None:
            self._atender("DELETE")

        def do_PATCH(self) -> None:
            self._atender("PATCH")

        def __getattr__(self, nombre: str) -> Any:
            # Cualquier otro método (TRACE, QUERY…) recibe 405 como en API Gateway, no el 501 de http.server.
            if nombre.startswith("do_"):
                return lambda: self._atender(nombre[3:])
            raise AttributeError(nombre)

        def do_HEAD(self) -> None:
            self._atender("HEAD")

        def do_OPTIONS(self) -> None:
            self._atender("OPTIONS")

        def do_TRACE(self) -> None:
            self._atender("TRACE")

        def _atender(self, metodo: str) -> None:
            self._extra_cors: dict[str, str] = {}
            partes = urlsplit(self.path)
            largo = int(self.headers.get("Content-Length") or 0)
            cuerpo = self.rfile.read(largo) if largo else b""
            try:
                if partes.path.startswith("/api/"):
                    self._api(metodo, partes.path, partes.query, cuerpo)
                elif partes.path.startswith("/_local/"):
                    self._local(metodo, partes.path, cuerpo)
                elif metodo == "GET":
                    self._estatico(partes.path)
                else:
                    mensaje = "Método no permitido."
                    self._json(405, {"error": {"codigo": "metodo", "mensaje": mensaje, "campos": []}}, {"Allow": "GET"})
            except BrokenPipeError:
                pass
            except Exception:
                log.exception("error no previsto en el servidor local")
                self._json(500, {"error": {"codigo": "interno", "mensaje": "Error interno.", "campos": []}})

        def _cors(self) -> dict[str, str]:
            """Como la HTTP API con CORS: el origen permitido recibe sus cabeceras; cualquier otro, ninguna."""
            origen = self.headers.get("Origin")
            if origen and origen in servidor.origenes_web:
                return {"Access-Control-Allow-Origin": origen, "Vary": "Origin"}
            return {}

        def _api(self, metodo: str, camino: str, consulta: str, cuerpo: bytes) -> None:
            from infraestructura.local.lambda_local import evento_api

            cors = self._cors()
            if metodo == "OPTIONS" and cors and self.headers.get("Access-Control-Request-Method"):
                # La verificación previa la contesta la pasarela, sin invocar ninguna función.
                self.send_response(204)
                for k, v in {
                    **cors,
                    "Access-Control-Allow-Methods": CORS_METODOS,
                    "Access-Control-Allow-Headers": CORS_CABECERAS,
                    "Access-Control-Max-Age": "3600",
                    "Content-Length": "0",
                }.items():
                    self.send_header(k, v)
                self.end_headers()
                return
            self._extra_cors = cors
            ruta, parametros, existe = buscar_ruta(metodo, camino)
            if ruta is None:
                if existe:
                    permitidos = ", ".join(metodos_permitidos(camino))
                    mensaje = "Método no permitido en esta ruta."
                    self._json(
                        405, {"error": {"codigo": "metodo", "mensaje": mensaje, "campos": []}}, {"Allow": permitidos}
                    )
                else:
                    mensaje = "La ruta solicitada no existe."
                    self._json(404, {"error": {"codigo": "ruta", "mensaje": mensaje, "campos": []}})
                return
            cabeceras = {k.lower(): v for k, v in self.headers.items()}
            evento = evento_api(
                ruta, metodo, camino, consulta, cabeceras, cuerpo, parametros, self.client_address[0], servidor.candado
            )
            if not ruta.publica:
                # Como el autorizador JWT de la pila: sin token válido no se invoca la función.
                claims = servidor.autorizador.claims(cabeceras.get("authorization"))
                if claims is None:
                    mensaje = "Inicia sesión para continuar."
                    self._json(401, {"error": {"codigo": "no_autenticado", "mensaje": mensaje, "campos": []}})
                    return
                evento["requestContext"]["authorizer"] = {"jwt": {"claims": claims, "scopes": None}}
            respuesta = servidor.funciones.invocar(ruta.funcion, evento)
            self._responder_lambda(respuesta)

        def _responder_lambda(self, r: dict[str, Any]) -> None:
            import base64

            cuerpo = r.get("body") or ""
            datos = base64.b64decode(cuerpo) if r.get("isBase64Encoded") else cuerpo.encode("utf-8")
            self.send_response(int(r.get("statusCode", 200)))
            cabeceras = dict(r.get("headers") or {})
            for k, valores in (r.get("multiValueHeaders") or {}).items():
                cabeceras[k] = ", ".join(valores)
            for k, v in {**cabeceras, **getattr(self, "_extra_cors", {})}.items():
                if k.lower() != "content-length":
                    self.send_header(k, v)
            self.send_header("Content-Length", str(len(datos)))
            self.end_headers()
            self.wfile.write(datos)

        def _local(self, metodo: str, camino: str, cuerpo: bytes) -> None:
            from funciones.nucleo.dominio import reloj
            from infraestructura.local import buzones

            if metodo == "GET" and camino == "/_local/correos":
                # Su propia política: cada correo va en un iframe srcdoc (que hereda la política) con sus estilos en
                # línea, como lo vería un cliente de correo; ningún script corre.
                from urllib.parse import parse_qs

                resultado = next(iter(parse_qs(urlsplit(self.path).query).get("respuesta", [])), None)
                self._enviar(
                    200,
                    buzones.pagina_correos(resultado).encode(),
                    "text/html; charset=utf-8",
                    {"Content-Security-Policy": POLITICA_BUZON, "Referrer-Policy": "no-referrer"},
                )
            elif metodo == "GET" and camino in ("/_local/llamada", "/_local/llamada.js"):
                # Emulación de la llamada que Connect entrega al asesor (screen pop); con la CSP del sitio.
                archivo = LOCAL / ("llamada.js" if camino.endswith(".js") else "llamada.html")
                tipo = "text/javascript; charset=utf-8" if camino.endswith(".js") else "text/html; charset=utf-8"
                self._enviar(200, archivo.read_bytes(), tipo, CABECERAS_PAGINA)
            elif metodo == "GET" and camino == "/_local/correos.json":
                self._json(200, buzones.correos())
            elif metodo == "POST" and camino == "/_local/correos-entrantes":
                # Como la recepción de SES: el crudo a S3 (moto) y `correo_entrante` con el evento de recepción.
                self._correo_entrante(cuerpo)
            elif metodo == "POST" and camino == "/_local/whatsapp-entrante":
                # Como el destino de eventos de la WABA: el webhook de Meta en el sobre de AWS, por SNS a la función.
                self._whatsapp_entrante(cuerpo)
            elif metodo == "GET" and camino == "/_local/whatsapp":
                self._vista_whatsapp()
            elif metodo == "GET" and camino == "/_local/whatsapp.css":
                self._enviar(200, (LOCAL / "whatsapp.css").read_bytes(), "text/css; charset=utf-8", CABECERAS_PAGINA)
            elif metodo == "POST" and camino == "/_local/ivr":
                # Como Amazon Connect: el ContactFlowEvent a la función del IVR, y su respuesta tal cual.
                from infraestructura.local import ivr

                self._json(*ivr.atender(cuerpo, lambda ev: servidor.funciones.invocar("ivr", ev)))
            elif metodo == "POST" and camino == "/_local/subidas":
                self._subida(cuerpo)
            elif metodo == "GET" and camino == "/_local/mensajes.json":
                self._json(200, buzones.mensajes())
            elif metodo == "GET" and camino == "/_local/whatsapp.json":
                # Cada WhatsApp enviado, el más nuevo primero (destino, plantilla, texto, botones, fecha).
                self._json(200, servidor.whatsapp.enviados())
            elif metodo == "GET" and camino == "/_local/aws.json":
                # Dónde está la emulación y qué alarma probar: `make humo` habla con ella como con AWS.
                self._json(
                    200,
                    {
                        "endpoint": os.environ["AWS_ENDPOINT_URL"],
                        "region": os.environ["AWS_REGION"],
                        "alarma_prueba": servidor.recursos["alarma_prueba"],
                        "tema_operacion": servidor.recursos["tema_operacion"],
                        "corporativo": servidor.url_corporativa,
                    },
                )
            elif metodo == "POST" and camino == "/_local/reloj":
                try:
                    horas = float(json.loads(cuerpo or b"{}").get("avanzar_horas", 0))
                except (ValueError, AttributeError):
                    self._json(
                        400,
                        {
                            "error": {
                                "codigo": "datos_invalidos",
                                "mensaje": 'Envía {"avanzar_horas": N}.',
                                "campos": [{"campo": "avanzar_horas", "mensaje": "Debe ser un número."}],
                            }
                        },
                    )
                    return
                desplazamiento = reloj.avanzar(horas)
                self._json(
                    200,
                    {"ahora": reloj.ahora().isoformat(), "desplazamiento_horas": desplazamiento.total_seconds() / 3600},
                )
            else:
                self._json(404, {"error": {"codigo": "ruta", "mensaje": "La ruta solicitada no existe.", "campos": []}})

        def _correo_entrante(self, cuerpo: bytes) -> None:
            import boto3

            from infraestructura.local import buzones
            from infraestructura.local.correos_entrantes import atender

            estado, datos, extra = atender(
                self.headers.get("Content-Type") or "",
                cuerpo,
                buzones.correos,
                boto3.client("s3"),
                lambda ev: servidor.funciones.invocar("correo_entrante", ev),
            )
            if datos is None:
                self._enviar(estado, b"", "text/plain; charset=utf-8", extra)
            else:
                self._json(estado, datos, extra)

        def _whatsapp_entrante(self, cuerpo: bytes) -> None:
            from infraestructura.local.whatsapp_entrante import atender

            estado, datos, extra = atender(
                self.headers.get("Content-Type") or "",
                cuerpo,
                lambda ev: servidor.funciones.invocar("whatsapp_entrante", ev),
                servidor.whatsapp.registrar_medio,
            )
            if datos is None:
                self._enviar(estado, b"", "text/plain; charset=utf-8", extra)
            else:
                self._json(estado, datos, extra)

        def _vista_whatsapp(self) -> None:
            from urllib.parse import parse_qs

            from infraestructura.local.vista_whatsapp import pagina
            from infraestructura.local.whatsapp_entrante import recibidos

            consulta = parse_qs(urlsplit(self.path).query)
            de = next(iter(consulta.get("de", [])), "")
            resultado = next(iter(consulta.get("resultado", [])), None)
            html = pagina(de, resultado, servidor.whatsapp_enviados, recibidos)
            self._enviar(200, html.encode(), "text/html; charset=utf-8", CABECERAS_PAGINA)

        def _subida(self, cuerpo: bytes) -> None:
            """El POST prefirmado del navegador, reenviado tal cual al bucket de la emulación de S3 (moto revisa
            la política firmada: llave, tipo y tamaño)."""
            import urllib.error
            import urllib.request

            from infraestructura.local.recursos import BUCKET_ADJUNTOS

            destino = f"{os.environ['AWS_ENDPOINT_URL']}/{BUCKET_ADJUNTOS}"
            pedido = urllib.request.Request(  # noqa: S310 -- la emulación local, http a 127.0.0.1
                destino, data=cuerpo, method="POST", headers={"Content-Type": self.headers.get("Content-Type", "")}
            )
            try:
                with urllib.request.urlopen(pedido, timeout=30) as r:  # noqa: S310
                    estado, respuesta, tipo = r.status, r.read(), r.headers.get("Content-Type", "application/xml")
            except urllib.error.HTTPError as e:
                estado, respuesta, tipo = e.code, e.read(), e.headers.get("Content-Type", "application/xml")
            self._enviar(estado, respuesta, tipo)

        def _estatico(self, camino: str) -> None:
            relativo = camino.lstrip("/") or "index.html"
            destino = (SITIO / relativo).resolve()
            if destino.is_dir() and not camino.endswith("/") and destino.is_relative_to(SITIO):
                # Como un sitio estático: /consola → /consola/, para que las rutas relativas funcionen.
                self.send_response(301)
                self.send_header("Location", camino + "/")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if destino.is_dir():
                destino = destino / "index.html"
            elif not destino.exists() and not destino.suffix:
                destino = destino.with_suffix(".html")
            # Las mismas cabeceras de seguridad que pone CloudFront (ResponseHeadersPolicy de constructos/sitio.py).
            if not destino.is_relative_to(SITIO) or not destino.is_file():
                pagina = SITIO / "404.html"
                cuerpo = pagina.read_bytes() if pagina.exists() else "<h1>Página no encontrada</h1>".encode()
                self._enviar(404, cuerpo, "text/html; charset=utf-8", CABECERAS_PAGINA)
                return
            tipo = mimetypes.guess_type(destino.name)[0] or "application/octet-stream"
            if tipo.startswith("text/") or tipo in ("application/javascript", "image/svg+xml"):
                tipo += "; charset=utf-8"
            self._enviar(200, destino.read_bytes(), tipo, {"Cache-Control": "no-cache", **CABECERAS_PAGINA})

        def _json(self, estado: int, datos: Any, extra: dict[str, str] | None = None) -> None:
            self._enviar(estado, json.dumps(datos, ensure_ascii=False).encode(), "application/json", extra)

        def _enviar(self, estado: int, cuerpo: bytes, tipo: str, extra: dict[str, str] | None = None) -> None:
            self.send_response(estado, HTTPStatus(estado).phrase)
            self.send_header("Content-Type", tipo)
            self.send_header("Content-Length", str(len(cuerpo)))
            cabeceras = {"X-Content-Type-Options": "nosniff", **(extra or {}), **getattr(self, "_extra_cors", {})}
            for k, v in cabeceras.items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(cuerpo)

    return Manejador


def _crear_manejador_corporativo(servidor: ServidorLocal) -> type[BaseHTTPRequestHandler]:
    """La página corporativa de muestra (otro origen): incrusta el formulario con una sola etiqueta <script>."""

    class Corporativo(BaseHTTPRequestHandler):
        server_version = "BluePointCorporativo/1.0"
        protocol_version = "HTTP/1.1"

        def log_message(self, formato: str, *args: Any) -> None:
            log.debug(formato, *args)

        def do_GET(self) -> None:
            camino = urlsplit(self.path).path
            if camino == "/corporativo.css":
                cuerpo, tipo = (LOCAL / "corporativo.css").read_bytes(), "text/css; charset=utf-8"
                estado = 200
            elif camino == "/favicon.ico":
                cuerpo, tipo, estado = (SITIO / "favicon.svg").read_bytes(), "image/svg+xml", 200
            elif camino in ("/", "/index.html"):
                texto = (LOCAL / "corporativo.html").read_text(encoding="utf-8")
                texto = texto.replace("{{API}}", servidor.url).replace("{{ORIGEN}}", servidor.url_corporativa)
                cuerpo, tipo, estado = texto.encode(), "text/html; charset=utf-8", 200
            else:
                cuerpo, tipo, estado = "Página no encontrada".encode(), "text/plain; charset=utf-8", 404
            # Su propia CSP estricta: sólo su origen y el de Blue Point (script, estilos y la API).
            api = servidor.url
            politica = (
                f"default-src 'self'; script-src {api}; style-src 'self' {api}; connect-src {api}; img-src 'self' "
                f"{api}; form-action 'none'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
            )
            self.send_response(estado)
            for k, v in {
                "Content-Type": tipo,
                "Content-Length": str(len(cuerpo)),
                "Content-Security-Policy": politica,
                "X-Content-Type-Options": "nosniff",
                "Cache-Control": "no-cache",
            }.items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(cuerpo)

    return Corporativo
