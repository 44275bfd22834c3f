"""El formulario incrustable (sitio/incrustar/formulario.js) pinta el mismo marcado que sitio/index.html."""

from __future__ import annotations

import json
import re
from pathlib import Path

SITIO = Path(__file__).resolve().parents[2] / "sitio"


def _normalizar(html: str) -> str:
    html = re.sub(r"\s*<noscript>.*?</noscript>", "", html, flags=re.S)
    return re.sub(r"\s+", " ", html).strip()


def test_el_marcado_incrustado_es_el_del_sitio():
    index = (SITIO / "index.html").read_text(encoding="utf-8")
    inicio = index.index('<div id="bloque-formulario">')
    fin = index.index("</div>", index.index('<div id="resultado"')) + len("</div>")
    script = (SITIO / "incrustar" / "formulario.js").read_text(encoding="utf-8")
    (lista,) = re.findall(r"var PLANTILLA = \[\n(.*?)\n  \]\.join", script, re.S)
    plantilla = "\n".join(json.loads(f"[{lista}]"))
    assert _normalizar(plantilla) == _normalizar(index[inicio:fin])
    # El formulario completo y accesible: sus etiquetas, el resumen de errores y la región del resultado.
    for parte in ('id="form-caso"', 'id="resumen-errores"', 'for="descripcion"', 'id="resultado"', "aria-live"):
        assert parte in plantilla


def test_el_script_no_usa_nada_en_linea_y_carga_lo_mismo_que_el_sitio():
    script = (SITIO / "incrustar" / "formulario.js").read_text(encoding="utf-8")
    # Sin eval ni estilos en línea: la CSP de la página anfitriona sólo permite el origen de Blue Point.
    codigo = script.split("*/", 1)[1]
    assert "eval(" not in codigo and ".style." not in codigo and "<script" not in codigo and "innerHTML" not in codigo
    assert '"/js/comun.js", "/js/formulario.js"' in script
    assert '"/css/estilos.css", "/incrustar/formulario.css"' in script
    assert 'attachShadow({ mode: "open" })' in script
    # Las variables de la hoja del sitio también valen en la raíz de sombra.
    assert ":root,\n:host {" in (SITIO / "css" / "estilos.css").read_text(encoding="utf-8")
