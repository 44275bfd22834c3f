"""El sitio rechaza el mismo marcado que el servidor (sitio/js/comun.js y esquemas/comunes.py) y acepta el corpus."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

from esquemas.comunes import _ELEMENTOS, _MARCADO
from tests.corpus import quejas

COMUN = Path(__file__).resolve().parents[2] / "sitio" / "js" / "comun.js"
MALOS = [
    "<script>alert(1)</script>",
    "<svg/onload=alert(1)>",
    "<x onclick=alert(1)>",
    "</textarea>",
    "<!-- x -->",
    "< iframe src=//malo.mx>",
    "<A HREF=x>",
    "&lt;b&gt;",
    "javascript:alert(1)",
    "<details open ontoggle=alert(1)>",
]
BUENOS = [q["descripcion"] for q in quejas()] + ["<bañó la lluvia el módem", "velocidad < 10 Mbps"]


def test_la_lista_de_elementos_es_la_misma():
    (lista,) = re.findall(r'var ELEMENTOS = "([^"]+)";', COMUN.read_text(encoding="utf-8"))
    assert lista == _ELEMENTOS


def test_el_servidor_acepta_el_corpus_y_rechaza_el_marcado():
    assert [t for t in BUENOS if _MARCADO.search(t)] == []
    assert [t for t in MALOS if not _MARCADO.search(t)] == []


def test_el_sitio_decide_igual_que_el_servidor():
    codigo = COMUN.read_text(encoding="utf-8")
    (funcion,) = re.findall(r"(  var ELEMENTOS = .*?function contieneHtml\(texto\) \{.*?\n  \})", codigo, re.S)
    leer = "JSON.parse(require('fs').readFileSync(0, 'utf8'))"
    programa = f"{funcion}\nconsole.log(JSON.stringify({leer}.map(contieneHtml)));"
    r = subprocess.run(
        ["node", "-e", programa], input=json.dumps(BUENOS + MALOS), capture_output=True, text=True, check=True
    )
    assert json.loads(r.stdout) == [False] * len(BUENOS) + [True] * len(MALOS)
