"""Sobrecarga en caliente: el handler en proceso contra las mismas llamadas a AWS hechas a mano con boto3.

Ambos brazos van contra el mismo moto, intercalados y alternando quién va primero. Las llamadas "a mano" son
exactamente las que hizo el handler al contarlas (mismos parámetros), con claves nuevas en cada vuelta
cuando la llamada escribe con condición (folio, evento, límites).
"""

from __future__ import annotations

import re
import secrets
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from botocore import xform_name

from bench.comun import REGION, mediana, razon
from bench.emulacion import Emulacion, Llamada, sin_copia_de_tabla

if TYPE_CHECKING:
    from mypy_boto3_sesv2 import SESV2Client

OBJETIVO = 1.25
ASESOR = ("asesor.demo", "asesores")
SUPERVISOR = ("supervisor.demo", "supervisores")


def _reemplazar(valor: Any, cambios: dict[str, str]) -> Any:
    if isinstance(valor, dict):
        return {k: _reemplazar(v, cambios) for k, v in valor.items()}
    if isinstance(valor, list):
        return [_reemplazar(v, cambios) for v in valor]
    if isinstance(valor, str):
        for viejo, nuevo in cambios.items():
            valor = valor.replace(viejo, nuevo)
        return valor
    if isinstance(valor, bytes):
        for viejo, nuevo in cambios.items():
            valor = valor.replace(viejo.encode(), nuevo.encode())
        return valor
    return valor


def _como(texto: str) -> str:
    """Un valor nuevo con la misma forma (dígitos → dígitos, hex → hex) y el mismo largo."""
    if texto.isdigit():
        return str(1 + secrets.randbelow(9)) + "".join(str(secrets.randbelow(10)) for _ in texto[1:])
    return secrets.token_hex(len(texto))[: len(texto)]


def _fichas_variables(llamadas: list[Llamada]) -> list[str]:
    """Partes variables de las claves escritas con condición: lo que va tras el último «#» de cada pk."""
    fichas: set[str] = set()
    for ll in llamadas:
        if ll.operacion not in ("TransactWriteItems", "PutItem", "UpdateItem"):
            continue
        cuerpos = [next(iter(t.values())) for t in ll.parametros.get("TransactItems", [])] or [ll.parametros]
        for cuerpo in cuerpos:
            clave = cuerpo.get("Item") or cuerpo.get("Key") or {}
            for atributo in ("pk", "sk"):
                texto = clave.get(atributo, {}).get("S", "")
                ficha = texto.rsplit("#", 1)[-1]
                fecha = re.fullmatch(r"\d{4}-\d{2}-\d{2}", ficha)
                if "#" in texto and len(ficha) >= 8 and not fecha and re.fullmatch(r"[0-9A-Za-z_-]+", ficha):
                    fichas.add(ficha)
    return sorted(fichas, key=len, reverse=True)


def _a_mano(sesion: Any, llamadas: list[Llamada], variables: bool) -> Callable[[], None]:
    from botocore.config import Config

    # Misma configuración que funciones/nucleo/adaptadores/aws.py.
    config = Config(retries={"mode": "standard", "max_attempts": 3}, connect_timeout=2, read_timeout=5)
    clientes = {s: sesion.client(s, config=config) for s in {ll.servicio for ll in llamadas}}
    fichas = _fichas_variables(llamadas) if variables else []
    preparadas = [(getattr(clientes[ll.servicio], xform_name(ll.operacion)), ll.parametros) for ll in llamadas]

    def correr() -> None:
        cambios = {f: _como(f) for f in fichas}
        for metodo, parametros in preparadas:
            metodo(**(_reemplazar(parametros, cambios) if cambios else parametros))

    return correr


def _intercalar(handler: Callable[[], Any], a_mano: Callable[[], None], n: int, calentar: int = 5) -> dict[str, Any]:
    for _ in range(calentar):
        handler()
        a_mano()
    t_handler: list[float] = []
    t_mano: list[float] = []
    for i in range(n):
        pares = ((t_handler, handler), (t_mano, a_mano))
        for lista, f in pares if i % 2 == 0 else reversed(pares):
            inicio = time.perf_counter()
            f()
            lista.append(time.perf_counter() - inicio)
    m_h, m_m = mediana(t_handler), mediana(t_mano)
    r = razon(m_h, m_m)
    return {
        "n": n,
        "mediana_handler_ms": round(m_h * 1000, 3),
        "mediana_a_mano_ms": round(m_m * 1000, 3),
        "sobrecarga_ms": round((m_h - m_m) * 1000, 3),
        "razon": round(r, 3),
        "objetivo": OBJETIVO,
        "cumple": r <= OBJETIVO,
    }


def medir(e: Emulacion, capturas: dict[str, Any], llamadas_por_op: dict[str, list[Llamada]], n: int) -> dict[str, Any]:
    import boto3

    from bench.llamadas import cuerpo_alta
    from infraestructura.local.servidor import buscar_ruta
    from tests.eventos import contexto, evento

    # Sin ganchos de conteo en ningún brazo: clientes de las funciones rehechos y una sesión aparte a mano.
    e.nueva_sesion_funciones(contar=False)
    sesion = boto3.session.Session(region_name=REGION)
    imagen = capturas["notificacion"]["registro"]["dynamodb"]["NewImage"]
    particiones = {f"CASO#{capturas['alta']['folio']}", imagen["pk"]["S"], "REPORTE"}
    items_en_tabla = e.conservar_solo(particiones)

    def handler_api(metodo: str, camino: str, cuerpo: Callable[[], Any] | None = None, **kw: Any) -> Callable[[], Any]:
        ruta, _, _ = buscar_ruta(metodo, camino)
        assert ruta is not None, f"{metodo} {camino} no está en la tabla de rutas"
        modulo = e.modulo(ruta.funcion)

        def invocar() -> Any:
            ev = evento(metodo, camino, cuerpo() if cuerpo else None, **kw)
            r = modulo.handler(ev, contexto(f"bluepoint-{ruta.funcion}"))
            assert r["statusCode"] < 300, r.get("body")
            return r

        return invocar

    contador = iter(range(10_000, 10**9))
    # Primero las lecturas: moto resuelve una Query recorriendo la tabla entera, y las altas y avisos la agrandan.
    escenarios: dict[str, tuple[Callable[[], Any], Callable[[], None]]] = {
        "POST /api/consultas (seguimiento)": (
            handler_api("POST", "/api/consultas", lambda: capturas["seguimiento"]["cuerpo"]),
            _a_mano(sesion, llamadas_por_op["seguimiento"], variables=False),
        ),
        "GET /api/comprobantes/{folio}": (
            handler_api("GET", capturas["comprobante"]["camino"], consulta=capturas["comprobante"]["consulta"]),
            _a_mano(sesion, llamadas_por_op["comprobante"], variables=False),
        ),
        "GET /api/casos/{folio} (detalle)": (
            handler_api("GET", capturas["detalle"]["camino"], agente=ASESOR),
            _a_mano(sesion, llamadas_por_op["detalle"], variables=False),
        ),
        "GET /api/reportes (30 días)": (
            handler_api("GET", "/api/reportes", consulta=capturas["reporte"]["consulta"], agente=SUPERVISOR),
            _a_mano(sesion, llamadas_por_op["reporte_1000_casos"], variables=False),
        ),
        "notificaciones (folio por correo)": (
            _notificacion(e, capturas["notificacion"]),
            _a_mano(sesion, capturas["notificacion"]["llamadas"], variables=True),
        ),
        "POST /api/casos (alta)": (
            # Correo y contrato nuevos en cada vuelta: los límites diarios por correo y contrato no se agotan.
            handler_api("POST", "/api/casos", lambda: cuerpo_alta(next(contador))),
            _a_mano(sesion, llamadas_por_op["alta"], variables=True),
        ),
    }
    filas = []
    with sin_copia_de_tabla():
        for nombre, (handler, a_mano) in escenarios.items():
            fila = {"ruta": nombre, **_intercalar(handler, a_mano, n)}
            # Evidencia: en qué se va el tiempo del handler (cProfile, ms por invocación por paquete).
            fila["perfil_handler_ms"] = _perfil(handler, 20)
            filas.append(fila)
    return {
        "objetivo": OBJETIVO,
        "n": n,
        "items_en_tabla_al_empezar": items_en_tabla,
        "rutas": filas,
        "armado_correo": armado_correo(capturas["notificacion"]["llamadas"]),
    }


def armado_correo(llamadas: list[Llamada], n: int = 2000) -> dict[str, Any]:
    """Lo que cuesta a la función pedir un correo: armar los parámetros (adaptador) y serializarlos (botocore).

    Con los mismos asunto, texto y HTML del correo del folio que envió el banco, sin red ni moto.
    """
    import botocore.session
    from botocore.serialize import create_serializer

    from funciones.nucleo.adaptadores.mensajeria import CorreoSes

    (envio,) = [ll.parametros for ll in llamadas if ll.operacion == "SendEmail"]
    simple = envio["Content"]["Simple"]
    modelo = botocore.session.get_session().get_service_model("sesv2").operation_model("SendEmail")
    serializar = create_serializer("rest-json")

    class _Cliente:
        def send_email(self, **parametros: Any) -> dict[str, str]:
            return {"MessageId": "x"}

    # El doble tiene la forma de SESV2Client en lo que usa el adaptador (send_email).
    correo = CorreoSes(cast("SESV2Client", _Cliente()), "atencion@bluepoint.mx", envio.get("ConfigurationSetName"))
    cabeceras = {h["Name"]: h["Value"] for h in simple.get("Headers", [])}
    etiquetas = {e["Name"]: e["Value"] for e in envio.get("EmailTags", [])}
    argumentos = (
        "cliente@example.com",
        simple["Subject"]["Data"],
        simple["Body"]["Text"]["Data"],
        simple["Body"]["Html"]["Data"],
        etiquetas,
    )

    def armar() -> None:
        correo.enviar(*argumentos, nombre="María Fernanda Gómez Ruiz", cabeceras=cabeceras)

    def por_llamada(f: Callable[[], Any]) -> float:
        tiempos = []
        for _ in range(5):
            inicio = time.perf_counter()
            for _ in range(n):
                f()
            tiempos.append((time.perf_counter() - inicio) / n)
        return min(tiempos) * 1e6

    cuerpo = serializar.serialize_to_request(envio, modelo)["body"]
    return {
        "armado_us": round(por_llamada(armar), 1),
        "serializar_us": round(por_llamada(lambda: serializar.serialize_to_request(envio, modelo)), 1),
        "solicitud_bytes": len(cuerpo),
    }


_PAQUETES = (
    ("moto (emulación)", ("/moto/", "/werkzeug/", "/responses/", "/xmltodict", "/jinja2/")),
    ("boto3/botocore", ("/botocore/", "/boto3/", "/urllib3/", "/dateutil/", "/jmespath/")),
    ("pydantic", ("/pydantic/", "/pydantic_core/")),
    ("powertools", ("/aws_lambda_powertools/",)),
    ("funciones", ("/funciones/",)),
    ("esquemas", ("/esquemas/",)),
    ("email (stdlib)", ("/email/",)),
    ("logging/json (stdlib)", ("/logging/", "/json/")),
)


def _perfil(f: Callable[[], Any], n: int) -> dict[str, float]:
    import cProfile
    import pstats

    perfil = cProfile.Profile()
    perfil.enable()
    for _ in range(n):
        f()
    perfil.disable()
    grupos: dict[str, float] = {}
    for (archivo, _, _), (_, _, propio, _, _) in pstats.Stats(perfil).stats.items():  # type: ignore[attr-defined]  # typeshed no declara Stats.stats
        grupo = next((g for g, marcas in _PAQUETES if any(m in archivo for m in marcas)), "stdlib y nativo")
        grupos[grupo] = grupos.get(grupo, 0.0) + propio
    return {g: round(t * 1000 / n, 2) for g, t in sorted(grupos.items(), key=lambda x: -x[1])}


def _notificacion(e: Emulacion, captura: dict[str, Any]) -> Callable[[], Any]:
    """Un registro del flujo con un id de evento nuevo en cada vuelta: la marca por evento no deja pasar dos."""
    registro = captura["registro"]
    imagen = registro["dynamodb"]["NewImage"]
    evento_id = imagen["id"]["S"]
    modulo = e.modulo("notificaciones")
    from tests.eventos import contexto

    def invocar() -> Any:
        nuevo = _reemplazar(registro, {evento_id: _como(evento_id)})
        r = modulo.handler({"Records": [nuevo]}, contexto("bluepoint-notificaciones"))
        assert not r.get("batchItemFailures"), r
        return r

    return invocar
