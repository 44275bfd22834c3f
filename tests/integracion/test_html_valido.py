"""Cada página del sitio y cada página que sirve una función al cliente pasa el validador HTML de la W3C (vnu).

`make test` instala Java de Debian y el jar del paquete npm `vnu-jar` (scripts/instalar-validador.sh). Un atributo
que el validador rechaza suele ser uno que el navegador o el lector de pantalla ignora: `aria-label` en un párrafo
(el folio del comprobante nunca se leía dígito por dígito) o `autocomplete="tel-national"` en un campo de teléfono.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from funciones.comprobantes.pagina import pagina_comprobante, pagina_error
from funciones.confirmaciones.pagina import pagina_pregunta
from funciones.encuestas.pagina import pagina_calificar, pagina_gracias_y_seguimiento
from funciones.nucleo.frontera.paginas import pagina_mensaje
from tests.unidad.test_paginas_cliente import CASO

RAIZ = Path(__file__).resolve().parents[2]
VNU = RAIZ / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def validar(archivos: list[Path]) -> list[dict]:
    java = shutil.which("java")
    assert java and VNU.is_file(), "falta el validador: `make test` lo instala (scripts/instalar-validador.sh)"
    r = subprocess.run(
        [java, "-jar", str(VNU), "--format", "json", "--errors-only", *map(str, archivos)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    # vnu escribe el informe en stderr; sale con 1 si hay errores.
    mensajes: list[dict] = json.loads(r.stderr)["messages"]
    return mensajes


def _paginas_de_funciones() -> dict[str, str]:
    return {
        "comprobante": pagina_comprobante(CASO),
        "comprobante-error": pagina_error("El enlace del comprobante no es válido."),
        "confirmacion": pagina_pregunta(CASO, None),
        "confirmacion-si": pagina_pregunta(CASO, "si"),
        "encuesta": pagina_calificar(CASO.folio),
        "encuesta-4": pagina_calificar(CASO.folio, 4),
        "encuesta-gracias": pagina_gracias_y_seguimiento(CASO.folio, 4),
        "mensaje": pagina_mensaje("Enlace no disponible", "Este enlace ya venció."),
    }


def test_el_sitio_y_las_paginas_del_cliente_pasan_el_validador(tmp_path):
    sitio = sorted((RAIZ / "sitio").rglob("*.html"))
    assert {p.name for p in sitio} >= {"index.html", "seguimiento.html", "privacidad.html", "404.html"}
    generadas = []
    for nombre, html in _paginas_de_funciones().items():
        ruta = tmp_path / f"{nombre}.html"
        ruta.write_text(html, encoding="utf-8")
        generadas.append(ruta)
    errores = validar(sitio + generadas)
    assert errores == [], "\n".join(f"{e.get('url')}:{e.get('lastLine')}: {e.get('message')}" for e in errores)


@pytest.mark.parametrize(
    "marcado,esperado",
    [
        ('<input id="t" type="tel" autocomplete="tel-national">', "tel-national"),
        ('<p class="folio" aria-label="Folio 1 2 3">123</p>', "aria-label"),
    ],
)
def test_el_validador_rechaza_lo_que_habia(tmp_path, marcado, esperado):
    # Control: la prueba de arriba podría pasar con un validador que no valida nada.
    ruta = tmp_path / "viejo.html"
    ruta.write_text(
        f'<!doctype html><html lang="es-MX"><head><meta charset="utf-8"><title>x</title></head><body>'
        f'<label for="t">Teléfono</label>{marcado}</body></html>'
        if "input" in marcado
        else f'<!doctype html><html lang="es-MX"><head><meta charset="utf-8"><title>x</title></head><body>{marcado}'
        "</body></html>",
        encoding="utf-8",
    )
    (error,) = validar([ruta])
    assert esperado in error["message"]
