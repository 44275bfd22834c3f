"""GET /api/reportes (JSON o CSV) y GET /api/casos/{folio}/expediente (JSON o HTML imprimible)."""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache
from typing import TYPE_CHECKING, Any

from funciones.nucleo.adaptadores import repositorios
from funciones.nucleo.adaptadores.aws import cliente
from funciones.nucleo.adaptadores.config import ajustes
from funciones.nucleo.adaptadores.dynamodb import ContadoresDynamo
from funciones.nucleo.dominio import reloj
from funciones.nucleo.dominio.agregados import dia
from funciones.nucleo.dominio.ciclo import caso_operable
from funciones.nucleo.dominio.errores import DatosInvalidos, ErrorCampo
from funciones.nucleo.frontera.enrutador import Response
from funciones.nucleo.frontera.http import CABECERAS, agente, crear_app, folio_de_ruta, respuesta_html, respuesta_json
from funciones.nucleo.frontera.registro import crear_registro
from funciones.reportes.logica import construir_reporte, csv_reporte

if TYPE_CHECKING:
    from aws_lambda_powertools.utilities.typing import LambdaContext

logger = crear_registro()
app = crear_app(logger)
MAX_DIAS = 366


@cache
def contadores() -> ContadoresDynamo:
    return ContadoresDynamo(ajustes().tabla, cliente("dynamodb"))


def _periodo() -> tuple[str, str]:
    q = app.current_event.get_query_string_value
    hoy = date.fromisoformat(dia(reloj.ahora()))
    errores, fechas = [], {}
    for campo, omision in (("desde", hoy - timedelta(days=29)), ("hasta", hoy)):
        valor = q(campo)
        try:
            fechas[campo] = date.fromisoformat(valor) if valor else omision
        except ValueError:
            errores.append(ErrorCampo(campo, "Usa una fecha AAAA-MM-DD, por ejemplo 2026-11-01."))
    if not errores and fechas["desde"] > fechas["hasta"]:
        errores.append(ErrorCampo("desde", "La fecha inicial no puede ser posterior a la final."))
    if not errores and (fechas["hasta"] - fechas["desde"]).days >= MAX_DIAS:
        errores.append(ErrorCampo("hasta", f"El periodo puede tener como máximo {MAX_DIAS} días."))
    if errores:
        raise DatosInvalidos("Revisa el periodo del reporte.", errores)
    return fechas["desde"].isoformat(), fechas["hasta"].isoformat()


def _formato(permitidos: tuple[str, ...]) -> str:
    formato = app.current_event.get_query_string_value("formato") or "json"
    if formato not in permitidos:
        raise DatosInvalidos("Revisa los datos marcados.", [ErrorCampo("formato", f"Usa {' o '.join(permitidos)}.")])
    return formato


@app.get("/api/reportes")
def reporte() -> Response[str]:
    agente(app, ("supervisores",))
    formato = _formato(("json", "csv"))
    desde, hasta = _periodo()
    r = construir_reporte(contadores().dias(desde, hasta), desde, hasta)
    if formato == "csv":
        cabeceras = {**CABECERAS, "Content-Disposition": f'attachment; filename="reporte-{desde}-a-{hasta}.csv"'}
        return Response(200, "text/csv; charset=utf-8", csv_reporte(r), cabeceras)
    return respuesta_json(200, r)


@app.get("/api/casos/<folio>/expediente")
def ver_expediente(folio: str) -> Response[str]:
    quien = agente(app, ("supervisores", "asesores"))
    formato = _formato(("json", "html"))
    completo = repositorios.casos().obtener_expediente(folio_de_ruta(folio))
    # La misma regla de acceso que las demás rutas de caso, sobre la misma lectura (403 o 404).
    caso = caso_operable(quien, completo[0] if completo else None)
    _, eventos, encuestas = completo or (caso, [], [])
    # Diferido: los modelos del caso y sus vistas sólo hacen falta en esta ruta.
    from funciones.reportes.expediente import expediente

    x = expediente(caso, eventos, encuestas, reloj.ahora())
    logger.info("expediente consultado", extra={"folio": x.caso.folio, "agente": quien.usuario})
    if formato == "html":
        # Diferido: la página imprimible sólo hace falta en formato HTML.
        from funciones.reportes.pagina import pagina_expediente

        return respuesta_html(200, pagina_expediente(x))
    return respuesta_json(200, x)


@logger.inject_lambda_context
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)
