"""El documento OpenAPI servido es el que genera la tabla de rutas (make openapi lo mantiene al día)."""

from __future__ import annotations

from infraestructura import openapi


def test_openapi_al_dia():
    assert openapi.DESTINO.read_text(encoding="utf-8") == openapi.texto(), "corre `make openapi`"


def test_cada_respuesta_declarada_tiene_su_esquema():
    documento = openapi.generar()
    esquemas = documento["components"]["schemas"]
    for operaciones in documento["paths"].values():
        for operacion in operaciones.values():
            for respuesta in operacion["responses"].values():
                for contenido in respuesta.get("content", {}).values():
                    ref = contenido["schema"].get("$ref")
                    assert ref is None or ref.rsplit("/", 1)[1] in esquemas
