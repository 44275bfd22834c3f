"""El enrutador propio de la frontera (issue 13): lo que usamos del resolver de Powertools, con su mismo contrato."""

from __future__ import annotations

import base64
import json

import pytest

from funciones.nucleo.frontera.enrutador import Enrutador, Response


def _evento(metodo: str, camino: str, **extra: object) -> dict[str, object]:
    return {
        "version": "2.0",
        "rawPath": camino,
        "headers": extra.pop("headers", {}),
        "requestContext": {"stage": extra.pop("stage", "$default"), "http": {"method": metodo, "sourceIp": "1.2.3.4"}},
        **extra,
    }


def _app() -> Enrutador:
    app = Enrutador()

    @app.get("/api/casos/<folio>")
    def detalle(folio: str) -> Response[str]:
        return Response(200, "application/json", json.dumps({"folio": folio}))

    @app.get("/api/casos/asistidos")
    def fija() -> Response[str]:
        return Response(200, "text/plain", "fija")

    @app.post("/api/casos/<folio>/interacciones")
    def interaccion(folio: str) -> Response[str]:
        raise KeyError(folio)

    return app


def test_las_rutas_fijas_ganan_a_las_de_parametros_aunque_se_registren_despues():
    # Given una ruta con parámetro registrada antes que una fija que también coincide
    # When se pide la fija
    r = _app().resolve(_evento("GET", "/api/casos/asistidos"), None)
    # Then responde la fija
    assert r["body"] == "fija"


def test_el_parametro_de_ruta_llega_como_argumento_y_no_cruza_diagonales():
    app = _app()
    assert json.loads(app.resolve(_evento("GET", "/api/casos/1234-5678"), None)["body"]) == {"folio": "1234-5678"}
    assert app.resolve(_evento("GET", "/api/casos/12/34"), None)["statusCode"] == 404


def test_el_metodo_cuenta_y_sin_ruta_responde_el_404_de_powertools():
    r = _app().resolve(_evento("DELETE", "/api/casos/123"), None)
    assert r["statusCode"] == 404
    assert json.loads(r["body"]) == {"statusCode": 404, "message": "Not found"}


def test_la_respuesta_es_la_del_payload_2_0():
    r = _app().resolve(_evento("GET", "/api/casos/9"), None)
    assert r == {
        "statusCode": 200,
        "body": '{"folio": "9"}',
        "isBase64Encoded": False,
        "headers": {"Content-Type": "application/json"},
        "cookies": [],
    }


def test_los_bytes_van_en_base64_y_las_listas_de_cabeceras_se_juntan():
    app = Enrutador()

    @app.get("/x")
    def x() -> Response[bytes]:
        return Response(200, "application/pdf", b"%PDF-", {"Vary": ["Origin", "Accept"]})

    r = app.resolve(_evento("GET", "/x"), None)
    assert r["isBase64Encoded"] is True and base64.b64decode(r["body"]) == b"%PDF-"
    assert r["headers"] == {"Vary": "Origin, Accept", "Content-Type": "application/pdf"}


def test_la_etapa_con_nombre_se_quita_del_camino():
    r = _app().resolve(_evento("GET", "/prod/api/casos/7", stage="prod"), None)
    assert json.loads(r["body"]) == {"folio": "7"}


def test_el_manejador_de_excepciones_sigue_la_jerarquia_y_sin_manejador_se_relanza():
    app = _app()
    with pytest.raises(KeyError):
        app.resolve(_evento("POST", "/api/casos/1/interacciones"), None)

    @app.exception_handler(LookupError)
    def _busqueda(e: LookupError) -> Response[str]:
        return Response(409, "text/plain", f"no: {e}")

    assert app.resolve(_evento("POST", "/api/casos/1/interacciones"), None)["statusCode"] == 409


def test_el_middleware_envuelve_tambien_la_ruta_no_encontrada():
    app = _app()
    vistos: list[str] = []

    def candado(a: Enrutador, siguiente):
        vistos.append(a.current_event.path)
        if a.current_event.headers.get("X-Origen") != "si":
            return Response(403, "text/plain", "no")
        return siguiente(a)

    app.use(middlewares=[candado])

    @app.not_found
    def _no(_: Exception) -> Response[str]:
        return Response(404, "text/plain", "propio")

    assert app.resolve(_evento("GET", "/nada"), None)["statusCode"] == 403
    r = app.resolve(_evento("GET", "/nada", headers={"x-origen": "si"}), None)
    assert (r["statusCode"], r["body"]) == (404, "propio")
    assert vistos == ["/nada", "/nada"]


def test_el_evento_en_curso_cabeceras_consulta_y_cuerpo():
    app = Enrutador()
    leido: dict[str, object] = {}

    @app.post("/y")
    def y() -> Response[str]:
        e = app.current_event
        leido.update(
            tipo=e.headers.get("content-type"),
            tipo_mayusculas=e.headers["Content-Type"],
            esta="CONTENT-TYPE" in e.headers,
            q=e.get_query_string_value("q"),
            falta=e.get_query_string_value("z", "omision"),
            cuerpo=e.decoded_body,
            ip=e.request_context.http.source_ip,
        )
        return Response(204)

    evento = _evento(
        "POST",
        "/y",
        headers={"Content-Type": "application/json"},
        queryStringParameters={"q": "1"},
        body=base64.b64encode("ñ".encode()).decode(),
        isBase64Encoded=True,
    )
    assert app.resolve(evento, None)["statusCode"] == 204
    assert leido == {
        "tipo": "application/json",
        "tipo_mayusculas": "application/json",
        "esta": True,
        "q": "1",
        "falta": "omision",
        "cuerpo": "ñ",
        "ip": "1.2.3.4",
    }
    # Fuera de una solicitud no hay evento en curso.
    with pytest.raises(RuntimeError):
        _ = app.current_event


def test_un_manejador_por_nombre_atiende_la_clase_sin_importarla_antes():
    # Given un manejador registrado con el nombre calificado de la excepción de pydantic
    app = Enrutador()

    @app.exception_handler_por_nombre("pydantic_core._pydantic_core.ValidationError")
    def _validacion(e: Exception) -> Response[str]:
        return Response(400, "text/plain", type(e).__name__)

    @app.post("/z")
    def z() -> Response[str]:
        from pydantic import BaseModel

        class M(BaseModel):
            n: int

        M.model_validate({"n": "no"})
        return Response(200)

    # When la ruta lanza un ValidationError (subclase de ValueError)
    r = app.resolve(_evento("POST", "/z"), None)
    # Then lo atiende ese manejador, y otra ValueError no
    assert (r["statusCode"], r["body"]) == (400, "ValidationError")

    @app.post("/v")
    def v() -> Response[str]:
        raise ValueError("otra")

    with pytest.raises(ValueError, match="otra"):
        app.resolve(_evento("POST", "/v"), None)
