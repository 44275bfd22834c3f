"""Cada plantilla de correo, como la entrega SES, pasa por SpamAssassin (reglas locales, sin red) con ≤ 1.0 puntos.

Los correos salen por el camino real: alta, escalamiento, resolución con bonificación y cierre por los handlers;
`notificaciones` los pide a SES v2 (moto) y la emulación arma el mensaje como lo entrega SES. SpamAssassin es el
paquete de Debian (`make test` lo instala con scripts/instalar-spamassassin.sh).
"""

from __future__ import annotations

import re
import shutil
import subprocess

from funciones.notificaciones.plantillas import CORREOS
from infraestructura.local.buzones import entregado
from tests.integracion.test_agentes import ASESOR, SUPERVISOR, abrir, verificar
from tests.integracion.test_escalamiento import escalar
from tests.integracion.test_handlers import QUEJA

MAXIMO = 1.0


def _spamassassin(crudo: bytes) -> tuple[float, list[str], str]:
    """Puntos, reglas y el desglose de `spamassassin -t` sólo con reglas locales (-L), sin Bayes ni preferencias."""
    ejecutable = shutil.which("spamassassin")
    assert ejecutable, "falta SpamAssassin de Debian: `make test` lo instala (scripts/instalar-spamassassin.sh)"
    r = subprocess.run(  # noqa: S603
        [ejecutable, "-L", "-x", "-t", "--cf=use_bayes 0", "--cf=bayes_auto_learn 0"],
        input=crudo,
        capture_output=True,
        timeout=180,
        check=True,
    )
    salida = r.stdout.decode("utf-8", "replace")
    desglose = salida[salida.find("Content analysis details") :]
    puntos = re.search(r"Content analysis details:\s+\((-?\d+(?:\.\d+)?) points", desglose)
    assert puntos, salida[-2000:]
    # Una regla por renglón de la tabla: «  2.7 MISSING_DATE   Missing Date: header».
    reglas = re.findall(r"^\s*-?\d+(?:\.\d+)?\s+([A-Z][A-Z0-9_]+)\s", desglose, flags=re.MULTILINE)
    assert reglas, desglose
    return float(puntos.group(1)), reglas, desglose


def _correos_de(aws, folio: str) -> dict[str, str]:
    """Plantilla → id de SES de cada correo que el historial registra como enviado."""
    _, detalle, _ = aws.api("GET", f"/api/casos/{folio}", agente=SUPERVISOR)
    return {
        h["datos"]["plantilla"]: h["datos"]["id_mensaje"]
        for h in detalle["historial"]
        if h["tipo"] == "notificacion_enviada" and h["datos"]["medio"] == "correo"
    }


def test_cada_plantilla_como_la_entrega_ses_no_parece_spam(llamada):
    aws = llamada
    # Alta web: el cliente escribe con signos que el HTML debe escapar.
    _, web, _ = aws.api("POST", "/api/casos", QUEJA)
    # Llamada: verificación, alta asistida, escalamiento, resolución con bonificación y cierre (encuesta).
    _, v, _ = verificar(aws)
    _, caso, _ = abrir(aws, v["verificacion_id"])
    folio = caso["folio"]
    assert escalar(aws, folio, "soporte_tecnico", motivo="Falla en el nodo de la zona.")[0] == 200
    # El asesor le escribe al cliente (la conversación): el correo «mensaje».
    mensaje = {"tipo": "mensaje", "texto": "Revisamos el nodo de tu zona; mañana pasa el técnico entre 9 y 13 h."}
    assert aws.api("POST", f"/api/casos/{folio}/interacciones", mensaje, agente=ASESOR)[0] == 201
    resolucion = {"resumen": "Se cambió el módem y se restableció el servicio.", "primer_contacto": False}
    resolucion["bonificacion"] = {"dias_afectados": 3}
    assert aws.api("POST", f"/api/casos/{folio}/resolucion", resolucion, agente=ASESOR)[0] == 200
    assert aws.api("POST", f"/api/casos/{folio}/confirmacion", {"resuelto": True}, agente=ASESOR)[0] == 200
    # El caso web resultó duplicado de otro que sigue abierto: aviso de qué folio sigue.
    _, otro, _ = aws.api("POST", "/api/casos", {**QUEJA, "descripcion": "Sigo sin servicio, es el mismo problema."})
    duplicado = {"de": otro["folio"]}
    assert aws.api("POST", f"/api/casos/{web['folio']}/duplicado", duplicado, agente=ASESOR)[0] == 200
    aws.drenar()

    del_web = _correos_de(aws, web["folio"])
    enviados = [("folio (web)", del_web["folio"]), ("duplicado (web)", del_web["duplicado"])]
    del_caso = _correos_de(aws, folio)
    # Toda plantilla de correo sale en este recorrido: una nueva sin pasar por aquí hace fallar la prueba.
    assert set(del_caso) | {"duplicado"} == set(CORREOS)
    enviados += sorted(del_caso.items())

    resultados = {nombre: _spamassassin(entregado(id_mensaje)) for nombre, id_mensaje in enviados}
    altos = {nombre: r for nombre, r in resultados.items() if r[0] > MAXIMO}
    assert not altos, "\n\n".join(f"{nombre}: {p} puntos\n{desglose}" for nombre, (p, _, desglose) in altos.items())
    # Lo que el issue encontró, en ninguna: sin fecha, sin Message-ID, HTML ofuscado o sólo HTML.
    for nombre, (_, reglas, desglose) in resultados.items():
        prohibidas = {"MISSING_DATE", "MISSING_MID", "MIME_HTML_ONLY", "MPART_ALT_DIFF"} | {
            r for r in reglas if r.startswith("HTML_OBFUSCATE")
        }
        assert not prohibidas & set(reglas), f"{nombre}:\n{desglose}"
