"""Las dos funciones de CloudFront del sitio (S3): índice de carpetas y página 404 con navegación.

S3 detrás de OAC contesta 403 (XML en inglés) a un archivo que no existe, y una respuesta de error personalizada de
la distribución cambiaría también los 404 en JSON de la API (el mismo origen). Así que lo decide la función con la
lista de archivos del sitio, tomada al sintetizar de la misma carpeta que se despliega: una ruta que no está se sirve
con /404.html, y la función de respuesta le pone el estado 404.
"""

from __future__ import annotations

import json
from pathlib import Path

SITIO = Path(__file__).resolve().parents[2] / "sitio"
PAGINA_404 = "/404.html"


def archivos_sitio(raiz: Path = SITIO) -> list[str]:
    # /404.html no cuenta como «existe»: pedida directamente también contesta 404.
    rutas = ("/" + p.relative_to(raiz).as_posix() for p in raiz.rglob("*") if p.is_file())
    return sorted(r for r in rutas if r != PAGINA_404 and not r.split("/")[-1].startswith("."))


def _comun(raiz: Path) -> str:
    lista = json.dumps(dict.fromkeys(archivos_sitio(raiz), 1), separators=(",", ":"))
    return (
        f"var ARCHIVOS = {lista};\n"
        "function conocida(uri) {\n"
        "  if (uri.endsWith('/')) { uri += 'index.html'; }\n"
        "  return ARCHIVOS[uri] === 1;\n"
        "}\n"
    )


def codigo_solicitud(raiz: Path = SITIO) -> str:
    """viewer-request: /consola → 301 /consola/, /consola/ → /consola/index.html (como `make run`); lo que no
    existe → /404.html."""
    return _comun(raiz) + (
        "function handler(event) {\n"
        "  var r = event.request;\n"
        "  var ultimo = r.uri.split('/').pop();\n"
        "  if (!r.uri.endsWith('/') && ultimo.indexOf('.') === -1 && ARCHIVOS[r.uri + '/index.html'] === 1) {\n"
        "    return {statusCode: 301, statusDescription: 'Moved Permanently',\n"
        "            headers: {location: {value: r.uri + '/'}}};\n"
        "  }\n"
        f"  if (!conocida(r.uri)) {{ r.uri = '{PAGINA_404}'; return r; }}\n"
        "  if (r.uri.endsWith('/')) { r.uri += 'index.html'; }\n"
        "  return r;\n"
        "}\n"
    )


def codigo_respuesta(raiz: Path = SITIO) -> str:
    """viewer-response: la página 404 sale con estado 404 (con la ruta original o con la reescrita, da igual:
    ninguna de las dos es un archivo conocido)."""
    return _comun(raiz) + (
        "function handler(event) {\n"
        "  var res = event.response;\n"
        "  if (res.statusCode === 200 && !conocida(event.request.uri)) {\n"
        "    res.statusCode = 404;\n"
        "    res.statusDescription = 'Not Found';\n"
        "  }\n"
        "  return res;\n"
        "}\n"
    )
