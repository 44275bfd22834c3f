"""La frontera HTTP común: enrutador de HTTP API (payload 2.0, enrutador.py), candado de origen, lectura del cuerpo
y errores de dominio → HTTP, en un solo lugar."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from aws_lambda_powertools import Logger

from funciones.nucleo.dominio.agentes import Agente, NoAutenticado, SinPermiso, agente_de_evento
from funciones.nucleo.dominio.errores import (
    Bloqueado,
    ClaveConOtrosDatos,
    Conflicto,
    DatosInvalidos,
    EnlaceVencido,
    ErrorCampo,
    ErrorDominio,
    LimiteExcedido,
    NoEncontrado,
    Prohibido,
    ServicioNoDisponible,
)
from funciones.nucleo.frontera.cabeceras import CABECERAS_PAGINA
from funciones.nucleo.frontera.candado import candado
from funciones.nucleo.frontera.enrutador import Enrutador, Response

if TYPE_CHECKING:
    # pydantic se importa con los esquemas de cada ruta, no aquí: una función cuya primera solicitud no valida un
    # cuerpo ni arma un modelo (comprobantes, catálogo) arranca sin él (issue 13).
    from pydantic import BaseModel, ValidationError

# La clase de los errores de validación de pydantic (`pydantic.ValidationError` es ésta), por su nombre.
VALIDACION_PYDANTIC = "pydantic_core._pydantic_core.ValidationError"

# Holgado para 2,000 caracteres escritos como \uXXXX (hasta 12 bytes cada uno) y chico para el abuso.
MAX_CUERPO = 64 * 1024
CABECERAS = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}

_MENSAJES = {
    "missing": "Este dato es obligatorio.",
    "extra_forbidden": "Este campo no se reconoce; quítalo.",
    "string_type": "Debe ser texto.",
    "bool_type": "Debe ser verdadero o falso.",
    "bool_parsing": "Debe ser verdadero o falso.",
    "int_type": "Debe ser un número entero.",
    "int_parsing": "Debe ser un número entero.",
    "literal_error": "Elige una de las opciones: {expected}.",
    "string_too_long": "Escribe como máximo {max_length} caracteres.",
    "model_type": "El cuerpo debe ser un objeto JSON.",
    "model_attributes_type": "El cuerpo debe ser un objeto JSON.",
    "dict_type": "Debe ser un objeto JSON.",
}


class TipoNoAdmitido(ErrorDominio):
    def __init__(self) -> None:
        super().__init__("Envía los datos como JSON (Content-Type: application/json).", [], "tipo_contenido")


class CuerpoDemasiadoGrande(ErrorDominio):
    def __init__(self) -> None:
        super().__init__(f"La solicitud es demasiado grande (máximo {MAX_CUERPO // 1024} KB).", [], "cuerpo_grande")


_ESTADOS = {
    DatosInvalidos: 400,
    NoAutenticado: 401,
    SinPermiso: 403,
    Prohibido: 403,
    NoEncontrado: 404,
    Conflicto: 409,
    EnlaceVencido: 410,
    TipoNoAdmitido: 415,
    CuerpoDemasiadoGrande: 413,
    ClaveConOtrosDatos: 422,
    Bloqueado: 423,
    LimiteExcedido: 429,
    ServicioNoDisponible: 503,
}


def _mensaje(error: Any) -> str:
    tipo, ctx = error["type"], error.get("ctx") or {}
    if tipo == "string_too_short":
        minimo = ctx.get("min_length", 1)
        return "Este dato es obligatorio." if minimo <= 1 else f"Escribe al menos {minimo} caracteres."
    if tipo in _MENSAJES:
        return _MENSAJES[tipo].format(**{k: str(v).replace("'", "") for k, v in ctx.items()})
    # Los errores propios (PydanticCustomError) ya vienen en español y no traen URL de pydantic.
    return error["msg"] if "url" not in error else "Valor no válido."


def traducir_validacion(error: ValidationError) -> DatosInvalidos:
    campos: list[ErrorCampo] = []
    for e in error.errors(include_url=True):
        if e["type"] == "json_invalid":
            return DatosInvalidos("El cuerpo de la solicitud no es JSON válido.", [], "json_invalido")
        if e["type"] in ("model_type", "model_attributes_type"):
            return DatosInvalidos("El cuerpo debe ser un objeto JSON.", [], "json_invalido")
        reglas = (e.get("ctx") or {}).get("campos")
        if reglas:
            campos.extend(ErrorCampo(c, m) for c, m in reglas)
            continue
        loc = [p for p in e["loc"] if isinstance(p, str)]
        campos.append(ErrorCampo(".".join(loc), _mensaje(e)))
    return DatosInvalidos("Revisa los datos marcados.", campos)


def respuesta_error(estado: int, error: ErrorDominio, cabeceras: dict[str, str] | None = None) -> Response[str]:
    detalle: dict[str, Any] = {
        "codigo": error.codigo,
        "mensaje": error.mensaje,
        "campos": [{"campo": c.campo, "mensaje": c.mensaje} for c in error.campos],
    }
    restantes = getattr(error, "intentos_restantes", None)
    if restantes is not None:
        detalle["intentos_restantes"] = restantes
    cuerpo = {"error": detalle}
    return Response(
        estado, "application/json", json.dumps(cuerpo, ensure_ascii=False), {**CABECERAS, **(cabeceras or {})}
    )


def respuesta_json(estado: int, datos: BaseModel | dict[str, Any]) -> Response[str]:
    cuerpo = datos.model_dump_json() if not isinstance(datos, dict) else json.dumps(datos, ensure_ascii=False)
    return Response(estado, "application/json", cuerpo, dict(CABECERAS))


def respuesta_html(estado: int, cuerpo: str) -> Response[str]:
    """Páginas que sirven las funciones (comprobante, confirmación, encuesta, expediente), con la CSP estricta."""
    return Response(estado, "text/html; charset=utf-8", cuerpo, {**CABECERAS, **CABECERAS_PAGINA})


def crear_app(logger: Logger) -> Enrutador:
    app = Enrutador()
    app.use(middlewares=[candado()])

    @app.exception_handler_por_nombre(VALIDACION_PYDANTIC)
    def _validacion(e: ValidationError) -> Response[str]:
        return respuesta_error(400, traducir_validacion(e))

    @app.exception_handler(ErrorDominio)
    def _dominio(e: ErrorDominio) -> Response[str]:
        estado = next((s for tipo, s in _ESTADOS.items() if isinstance(e, tipo)), 400)
        espera = getattr(e, "reintentar_en_s", None)
        cabeceras = {"Retry-After": str(espera)} if espera is not None else None
        if estado >= 500:
            logger.warning("servicio no disponible", extra={"codigo": e.codigo})
        return respuesta_error(estado, e, cabeceras)

    @app.not_found
    def _no_existe(_: Exception) -> Response[str]:
        return respuesta_error(404, NoEncontrado("La ruta solicitada no existe."))

    return app


def leer_cuerpo[M: BaseModel](app: Enrutador, modelo: type[M]) -> M:
    evento = app.current_event
    tipo = evento.headers.get("Content-Type") or ""  # las cabeceras no distinguen mayúsculas
    if tipo.split(";")[0].strip().lower() != "application/json":
        raise TipoNoAdmitido()
    cuerpo = cuerpo_texto(app)
    if len(cuerpo.encode()) > MAX_CUERPO:
        raise CuerpoDemasiadoGrande()
    from pydantic import ValidationError

    try:
        return modelo.model_validate_json(cuerpo)
    except ValidationError as e:
        raise traducir_validacion(e) from None


def agente(app: Enrutador, permitidos: tuple[str, ...]) -> Agente:
    """El agente autenticado de la solicitud; 401 sin sesión, 403 si su grupo no está permitido."""
    return agente_de_evento(app.current_event.raw_event, permitidos)


def folio_de_ruta(texto: str) -> str:
    """El folio de un parámetro de ruta, normalizado; 400 si el dígito verificador no cuadra."""
    from funciones.nucleo.dominio.folio import folio_valido, normalizar_folio

    if not folio_valido(texto):
        raise DatosInvalidos("Revisa los datos marcados.", [ErrorCampo("folio", "El folio no es válido.")])
    return normalizar_folio(texto) or texto


def contrato_de_ruta(texto: str) -> str:
    """El contrato de un parámetro de ruta, sin separadores; 400 si no tiene de 6 a 12 dígitos."""
    import re
    from urllib.parse import unquote

    digitos = re.sub(r"[\s.\-]", "", unquote(texto))
    if not re.fullmatch(r"\d{6,12}", digitos):
        raise DatosInvalidos(
            "Revisa los datos marcados.", [ErrorCampo("contrato", "El número de contrato tiene de 6 a 12 dígitos.")]
        )
    return digitos


def ip_cliente(app: Enrutador) -> str | None:
    """La IP del agente que hizo la solicitud (ver `ip_de`)."""
    evento = app.current_event
    return ip_de(evento.headers.get("X-Forwarded-For"), evento.request_context.http.source_ip)


def ip_de(reenviada_por: str | None, origen: str | None) -> str | None:
    """La IP del agente, no la de CloudFront ni la de la pasarela.

    CloudFront agrega la IP del visitante al final de X-Forwarded-For y la pasarela puede agregar después la de
    conexión (`sourceIp`, que detrás de CloudFront es la del borde): se quitan las finales iguales a `sourceIp` y
    se toma la última que queda. Lo que el cliente escriba en la cabecera queda antes y no se usa.
    """
    import ipaddress

    cadena = [p.strip() for p in (reenviada_por or "").split(",") if p.strip()]
    while cadena and cadena[-1] == origen:
        cadena.pop()
    for candidato in (cadena[-1] if cadena else None, origen):
        try:
            return str(ipaddress.ip_address(candidato or ""))
        except ValueError:
            continue
    return None


def cuerpo_texto(app: Enrutador) -> str:
    """El cuerpo como texto; 400 si no es UTF-8 (o base64 de UTF-8) válido."""
    try:
        return app.current_event.decoded_body or ""
    except (UnicodeDecodeError, ValueError):
        raise DatosInvalidos("El cuerpo de la solicitud no es texto UTF-8 válido.", [], "json_invalido") from None


def solo_parametros(app: Enrutador, permitidos: tuple[str, ...]) -> None:
    """400 con un error por parámetro de consulta que la ruta no conoce (un filtro mal escrito no se ignora)."""
    dados = app.current_event.query_string_parameters or {}
    ajenos = [p for p in dados if p not in permitidos]
    if ajenos:
        opciones = ", ".join(permitidos) if permitidos else "ninguno"
        raise DatosInvalidos(
            "Hay filtros que no se reconocen.",
            [ErrorCampo(p[:40], f"Este filtro no existe. Usa: {opciones}.") for p in ajenos[:10]],
            "filtro_desconocido",
        )
