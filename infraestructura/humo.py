"""`make humo URL=…`: prueba de humo de una pila desplegada o de `make run`.

Pasos, en orden, y se detiene en el primero que falla (código de salida 1):

1. catálogo: `GET /api/catalogo` trae tipos y categorías;
2. alta: `POST /api/casos` con el correo del simulador de SES (`success@simulator.amazonses.com`) y una
   `Idempotency-Key`; repetirla devuelve el mismo folio;
3. seguimiento: `POST /api/consultas` con el folio y ese correo da el estado del alta;
4. folio enviado: el historial público suma el envío del folio (flujo → notificaciones → SES);
5. alarma: `SetAlarmState` de la alarma de prueba a ALARM, `DescribeAlarmHistory` (tipo `Action`) dice que CloudWatch
   ejecutó la acción de SNS (o por qué falló), y la alarma vuelve a OK con su aviso.

Contra `make run`, `GET /_local/aws.json` dice dónde está la emulación y qué alarma probar; contra AWS, las
credenciales y la región salen del entorno y la alarma de la salida `AlarmaPrueba` de la pila. Lo demás es igual.
No imprime datos personales: el caso de prueba lleva un nombre fijo y la dirección del simulador.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

CORREO_SIMULADOR = "success@simulator.amazonses.com"
NOMBRE_PRUEBA = "Persona de Prueba Humo"
PILA = "BluePointAtencion"
MOTIVO_ALARMA = "Prueba de humo (make humo): no es un incidente."
MOTIVO_OK = "Fin de la prueba de humo (make humo)."


class FalloHumo(Exception):
    """Un paso no se cumplió; el mensaje dice cuál y qué se vio."""


# --- HTTP ---------------------------------------------------------------------------------------------------


@dataclass
class RespuestaHttp:
    estado: int
    cuerpo: Any
    cabeceras: dict[str, str] = field(default_factory=dict)


class ClienteHttp:
    def __init__(self, base: str, tiempo_s: float = 15.0) -> None:
        self.base = base.rstrip("/")
        self.tiempo_s = tiempo_s

    def pedir(
        self, metodo: str, camino: str, cuerpo: Any = None, cabeceras: dict[str, str] | None = None
    ) -> RespuestaHttp:
        datos = None if cuerpo is None else json.dumps(cuerpo).encode()
        solicitud = urllib.request.Request(f"{self.base}{camino}", data=datos, method=metodo)  # noqa: S310
        solicitud.add_header("Accept", "application/json")
        if datos is not None:
            solicitud.add_header("Content-Type", "application/json")
        for k, v in (cabeceras or {}).items():
            solicitud.add_header(k, v)
        try:
            with urllib.request.urlopen(solicitud, timeout=self.tiempo_s) as r:  # noqa: S310 - URL del operador
                return RespuestaHttp(r.status, _json(r.read()), dict(r.headers))
        except urllib.error.HTTPError as e:
            return RespuestaHttp(e.code, _json(e.read()), dict(e.headers or {}))
        except (urllib.error.URLError, OSError) as e:
            razon = getattr(e, "reason", e)
            raise FalloHumo(f"{self.base} no responde ({metodo} {camino}): {razon}") from e


def _json(datos: bytes) -> Any:
    try:
        return json.loads(datos) if datos else None
    except ValueError:
        return None


def _esperado(r: RespuestaHttp, estado: int, que: str) -> Any:
    if r.estado != estado:
        error = (r.cuerpo or {}).get("error") if isinstance(r.cuerpo, dict) else None
        detalle = f": {error.get('codigo')} · {error.get('mensaje')}" if isinstance(error, dict) else ""
        campos = [c.get("campo") for c in (error or {}).get("campos") or [] if isinstance(c, dict)]
        if campos:
            detalle += f" (campos: {', '.join(map(str, campos))})"
        raise FalloHumo(f"{que} respondió {r.estado}, se esperaba {estado}{detalle}")
    if not isinstance(r.cuerpo, dict):
        raise FalloHumo(f"{que} respondió {r.estado} sin un objeto JSON")
    return r.cuerpo


# --- pasos de la API ----------------------------------------------------------------------------------------


def revisar_catalogo(http: ClienteHttp) -> dict[str, Any]:
    catalogo = _esperado(http.pedir("GET", "/api/catalogo"), 200, "GET /api/catalogo")
    tipos = catalogo.get("tipos") or []
    if not tipos or not all(t.get("categorias") for t in tipos):
        raise FalloHumo("GET /api/catalogo no trae tipos con categorías")
    if not (catalogo.get("aviso_privacidad") or {}).get("version"):
        raise FalloHumo("GET /api/catalogo no trae la versión del aviso de privacidad")
    return catalogo


def solicitud_alta(catalogo: dict[str, Any]) -> dict[str, Any]:
    """Un alta válida para el catálogo dado: el primer tipo que no pide contrato y su primera categoría."""
    tipo = next((t for t in catalogo["tipos"] if not t.get("requiere_contrato")), None)
    if tipo is None:
        raise FalloHumo("el catálogo no tiene un tipo de solicitud sin contrato para la prueba")
    return {
        "tipo": tipo["clave"],
        "categoria": tipo["categorias"][0]["clave"],
        "nombre": NOMBRE_PRUEBA,
        "correo": CORREO_SIMULADOR,
        "descripcion": "Caso de la prueba de humo del despliegue (make humo). No requiere atención.",
        "medio_notificacion": "correo",
        "aviso_privacidad": catalogo["aviso_privacidad"]["version"],
    }


def dar_de_alta(http: ClienteHttp, cuerpo: dict[str, Any]) -> dict[str, Any]:
    clave = f"humo-{uuid.uuid4().hex}"
    caso = _esperado(http.pedir("POST", "/api/casos", cuerpo, {"Idempotency-Key": clave}), 201, "POST /api/casos")
    if not caso.get("folio") or not caso.get("estado"):
        raise FalloHumo("POST /api/casos no devolvió folio y estado")
    repetida = http.pedir("POST", "/api/casos", cuerpo, {"Idempotency-Key": clave})
    if repetida.estado not in (200, 201) or not isinstance(repetida.cuerpo, dict):
        _esperado(repetida, 201, "POST /api/casos repetido con la misma Idempotency-Key")
    if repetida.cuerpo.get("folio") != caso["folio"]:
        raise FalloHumo("POST /api/casos repetido con la misma Idempotency-Key abrió otro caso")
    return caso


def consultar(http: ClienteHttp, folio: str) -> dict[str, Any]:
    return _esperado(
        http.pedir("POST", "/api/consultas", {"folio": folio, "correo": CORREO_SIMULADOR}), 200, "POST /api/consultas"
    )


def revisar_seguimiento(http: ClienteHttp, caso: dict[str, Any]) -> dict[str, Any]:
    consulta = consultar(http, caso["folio"])
    if consulta.get("folio") != caso["folio"] or consulta.get("estado") != caso["estado"]:
        raise FalloHumo(
            f"POST /api/consultas dio el estado {consulta.get('estado')!r}; el alta dijo {caso['estado']!r}"
        )
    return consulta


def esperar_envio_folio(http: ClienteHttp, caso: dict[str, Any], espera_s: float, intervalo_s: float) -> int:
    """El envío del folio agrega al historial público una entrada posterior al registro: sale del flujo de la
    tabla (notificaciones → SES), no de la solicitud del alta."""
    registro = datetime.fromisoformat(caso["fecha_registro"])

    def enviado() -> int | None:
        historial = consultar(http, caso["folio"]).get("historial") or []
        posteriores = [e for e in historial if datetime.fromisoformat(e["fecha"]) > registro]
        return len(historial) if posteriores else None

    return sondear(
        enviado, espera_s, intervalo_s, f"el historial público del caso no sumó el envío del folio en {espera_s:g} s"
    )


# --- prueba de alarma ---------------------------------------------------------------------------------------


@dataclass
class DestinoAlarma:
    cloudwatch: Any
    alarma: str
    origen: str


def destino_local(http: ClienteHttp) -> DestinoAlarma | None:
    """Contra `make run`: la emulación publica dónde está; en AWS esa ruta no existe."""
    r = http.pedir("GET", "/_local/aws.json")
    if r.estado != 200 or not isinstance(r.cuerpo, dict) or "endpoint" not in r.cuerpo:
        return None
    import boto3

    cloudwatch = boto3.client(
        "cloudwatch",
        endpoint_url=r.cuerpo["endpoint"],
        region_name=r.cuerpo["region"],
        aws_access_key_id="local",
        aws_secret_access_key="local",  # noqa: S106 - la emulación acepta cualquiera
    )
    return DestinoAlarma(cloudwatch, r.cuerpo["alarma_prueba"], "emulación local (moto)")


def salidas_pila(cloudformation: Any, pila: str) -> dict[str, str]:
    from botocore.exceptions import ClientError

    try:
        descripcion = cloudformation.describe_stacks(StackName=pila)["Stacks"][0]
    except ClientError as e:
        raise FalloHumo(f"no se pudo leer la pila {pila}: {e.response['Error'].get('Message', e)}") from e
    return {s["OutputKey"]: s["OutputValue"] for s in descripcion.get("Outputs") or []}


def destino_aws(url: str, pila: str, sesion: Any) -> DestinoAlarma:
    """En AWS: la alarma de la salida AlarmaPrueba, y la URL debe ser la de esa misma pila."""
    salidas = salidas_pila(sesion.client("cloudformation"), pila)
    propias = {salidas.get(k, "").rstrip("/") for k in ("UrlSitio", "UrlApi")} - {""}
    if url.rstrip("/") not in propias:
        raise FalloHumo(
            f"{url} no es la UrlSitio ni la UrlApi de la pila {pila} en {sesion.region_name}: revisa AWS_REGION, el "
            "perfil o PILA"
        )
    if not salidas.get("AlarmaPrueba"):
        raise FalloHumo(f"la pila {pila} no tiene la salida AlarmaPrueba: despliega la versión actual (make deploy)")
    return DestinoAlarma(sesion.client("cloudwatch"), salidas["AlarmaPrueba"], f"pila {pila} en {sesion.region_name}")


def _acciones(cloudwatch: Any, alarma: str, desde: datetime) -> list[dict[str, Any]]:
    return cloudwatch.describe_alarm_history(
        AlarmName=alarma, HistoryItemType="Action", StartDate=desde, ScanBy="TimestampAscending", MaxRecords=100
    )["AlarmHistoryItems"]


def _clave(elemento: dict[str, Any]) -> tuple[str, str]:
    return (str(elemento.get("Timestamp")), str(elemento.get("HistorySummary")))


def _esperar_accion(
    cloudwatch: Any,
    alarma: str,
    desde: datetime,
    vistas: set[tuple[str, str]],
    estado: str,
    espera_s: float,
    intervalo_s: float,
) -> dict[str, Any]:
    def nueva() -> dict[str, Any] | None:
        return next((e for e in _acciones(cloudwatch, alarma, desde) if _clave(e) not in vistas), None)

    elemento = sondear(
        nueva, espera_s, intervalo_s, f"CloudWatch no registró la acción de {estado} de la alarma en {espera_s:g} s"
    )
    vistas.add(_clave(elemento))
    resumen = str(elemento.get("HistorySummary", ""))
    if not resumen.startswith("Successfully executed action"):
        raise FalloHumo(f"la acción de {estado} de la alarma falló: {resumen}")
    return elemento


def probar_alarma(destino: DestinoAlarma, espera_s: float, intervalo_s: float) -> str:
    """ALARM → la acción de SNS se ejecutó → OK → su acción también. Siempre deja la alarma en OK."""
    cw, alarma = destino.cloudwatch, destino.alarma
    halladas = cw.describe_alarms(AlarmNames=[alarma])["MetricAlarms"]
    if not halladas:
        raise FalloHumo(f"no existe la alarma {alarma} ({destino.origen})")
    actual = halladas[0]
    if not any(":sns:" in a for a in actual.get("AlarmActions") or []):
        raise FalloHumo(f"la alarma {alarma} no tiene una acción de SNS para ALARM")
    if actual["StateValue"] == "ALARM":
        raise FalloHumo(f"la alarma {alarma} ya está en ALARM: puede ser un incidente real; no se toca")
    # Una hora atrás basta para ver lo reciente; lo nuevo se distingue de lo visto, no por el reloj local.
    desde = datetime.now(UTC) - timedelta(hours=1)
    vistas = {_clave(e) for e in _acciones(cw, alarma, desde)}
    cw.set_alarm_state(AlarmName=alarma, StateValue="ALARM", StateReason=MOTIVO_ALARMA)
    try:
        _esperar_accion(cw, alarma, desde, vistas, "ALARM", espera_s, intervalo_s)
    finally:
        cw.set_alarm_state(AlarmName=alarma, StateValue="OK", StateReason=MOTIVO_OK)
    if actual.get("OKActions"):
        _esperar_accion(cw, alarma, desde, vistas, "OK", espera_s, intervalo_s)
    final = cw.describe_alarms(AlarmNames=[alarma])["MetricAlarms"][0]["StateValue"]
    if final != "OK":
        raise FalloHumo(f"la alarma {alarma} quedó en {final} y no en OK")
    return alarma


# --- ejecución ----------------------------------------------------------------------------------------------


def sondear[T](condicion: Callable[[], T | None], espera_s: float, intervalo_s: float, mensaje: str) -> T:
    limite = time.monotonic() + espera_s
    while True:
        valor = condicion()
        if valor is not None:
            return valor
        if time.monotonic() >= limite:
            raise FalloHumo(mensaje)
        time.sleep(intervalo_s)


class Paso:
    """Un paso de la prueba: imprime qué hizo y cuánto tardó, o por qué falló (y entonces la prueba se detiene)."""

    def __init__(self, nombre: str, salida: Callable[[str], None] = print) -> None:
        self.nombre, self.salida, self.detalle = nombre, salida, ""

    def __enter__(self) -> Paso:
        self.inicio = time.monotonic()
        return self

    def __exit__(self, tipo: Any, error: BaseException | None, traza: Any) -> None:
        from botocore.exceptions import BotoCoreError, ClientError

        duracion = f"{time.monotonic() - self.inicio:.2f} s"
        if error is None:
            self.salida(f"✓ {self.nombre} ({duracion}): {self.detalle}")
            return
        if isinstance(error, (BotoCoreError, ClientError)):
            self.salida(f"✗ {self.nombre} ({duracion}): AWS respondió: {error}")
            raise FalloHumo(f"AWS respondió: {error}") from error
        if isinstance(error, FalloHumo):
            self.salida(f"✗ {self.nombre} ({duracion}): {error}")


def correr(
    url: str,
    pila: str = PILA,
    espera_s: float = 120.0,
    intervalo_s: float = 2.0,
    salida: Callable[[str], None] = print,
) -> None:
    http = ClienteHttp(url)
    with Paso("catálogo", salida) as paso:
        catalogo = revisar_catalogo(http)
        paso.detalle = f"{len(catalogo['tipos'])} tipos de solicitud"
    with Paso("alta con el simulador de SES", salida) as paso:
        caso = dar_de_alta(http, solicitud_alta(catalogo))
        paso.detalle = (
            f"folio {caso.get('folio_legible') or caso['folio']}; repetida con su Idempotency-Key da el mismo"
        )
    with Paso("seguimiento", salida) as paso:
        paso.detalle = f"estado {revisar_seguimiento(http, caso)['estado']}"
    with Paso("folio enviado", salida) as paso:
        entradas = esperar_envio_folio(http, caso, espera_s, intervalo_s)
        paso.detalle = f"el historial público suma el envío ({entradas} entradas)"
    with Paso("alarma", salida) as paso:
        destino = _destino(http, url, pila)
        probar_alarma(destino, espera_s, intervalo_s)
        paso.detalle = f"{destino.alarma} ({destino.origen}): ALARM y OK ejecutaron su acción de SNS; quedó en OK"


def _destino(http: ClienteHttp, url: str, pila: str) -> DestinoAlarma:
    local = destino_local(http)
    if local is not None:
        return local
    import boto3
    from botocore.exceptions import NoCredentialsError, NoRegionError

    sesion = boto3.session.Session()
    if not sesion.region_name:
        raise FalloHumo("no hay región de AWS: define AWS_REGION (o AWS_DEFAULT_REGION, o la del perfil)")
    try:
        return destino_aws(url, pila, sesion)
    except (NoCredentialsError, NoRegionError) as e:
        raise FalloHumo(f"faltan credenciales o región de AWS en el entorno: {e}") from e


def main(argumentos: list[str] | None = None) -> int:
    analizador = argparse.ArgumentParser(prog="make humo", description="Prueba de humo de Blue Point contra una URL.")
    analizador.add_argument("url", nargs="?", default="", help="UrlSitio o UrlApi de la pila, o la de make run")
    analizador.add_argument(
        "--pila", default=os.environ.get("PILA") or PILA, help=f"nombre de la pila en AWS (PILA; {PILA})"
    )
    analizador.add_argument("--espera", type=float, default=120.0, help="segundos máximos por espera (120)")
    analizador.add_argument("--intervalo", type=float, default=None, help="segundos entre sondeos (2; 0.2 en local)")
    args = analizador.parse_args(argumentos)
    if not args.url.startswith(("http://", "https://")):
        print("Falta la URL: make humo URL=https://<UrlSitio de la pila>  (o URL=http://127.0.0.1:8000 con make run)")
        return 2
    local = args.url.startswith(("http://127.0.0.1", "http://localhost"))
    intervalo = args.intervalo if args.intervalo is not None else (0.2 if local else 2.0)
    print(f"Prueba de humo contra {args.url}")
    inicio = time.monotonic()
    try:
        correr(args.url, args.pila, args.espera, intervalo)
    except FalloHumo:
        print(f"La prueba de humo FALLÓ ({time.monotonic() - inicio:.1f} s).")
        return 1
    print(f"La prueba de humo pasó ({time.monotonic() - inicio:.1f} s).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
