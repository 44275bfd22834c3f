"""WhatsApp en la pila: sin contexto no hay permiso ni número; con `-c whatsapp_numero=…`, sólo SendWhatsAppMessage
sobre el ARN de ese número, el id en el entorno de notificaciones, y cdk-nag y cfn-lint limpios."""

from __future__ import annotations

import json
from typing import Any

import pytest
from cfnlint.api import lint_file

from infraestructura.app import NOMBRE_PILA, crear_app
from infraestructura.constructos.notificaciones import id_numero_whatsapp
from tests.infraestructura.conftest import CORREOS_ALERTAS
from tests.infraestructura.test_pila import acciones, declaraciones, funcion

HEX = "0123456789abcdef0123456789abcdef"


@pytest.fixture(scope="module")
def con_whatsapp(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    salida = tmp_path_factory.mktemp("cdk.out.whatsapp")
    contexto = {
        "@aws-cdk/core:failSynthOnValidationErrors": False,
        "correos_alertas": CORREOS_ALERTAS,
        "whatsapp_numero": f"phone-number-id-{HEX}",
    }
    crear_app(contexto, outdir=str(salida)).synth()
    archivo = salida / f"{NOMBRE_PILA}.template.json"
    return {
        "archivo": archivo,
        "recursos": json.loads(archivo.read_text())["Resources"],
        "reporte": json.loads((salida / "validation-report.json").read_text()),
    }


def test_sin_numero_no_hay_permiso_de_whatsapp_ni_entorno(sintesis):
    assert not acciones(sintesis.recursos, "notificaciones", "social-messaging")
    _, propiedades = funcion(sintesis.recursos, "notificaciones")
    assert "WHATSAPP_NUMERO" not in propiedades["Environment"]["Variables"]


def test_con_numero_solo_envia_y_solo_desde_ese_numero(con_whatsapp):
    recursos = con_whatsapp["recursos"]
    assert acciones(recursos, "notificaciones", "social-messaging") == {"social-messaging:SendWhatsAppMessage"}
    (declaracion,) = [d for d in declaraciones(recursos, "notificaciones") if "social-messaging" in json.dumps(d)]
    recurso = json.dumps(declaracion["Resource"])
    assert f":phone-number-id/{HEX}" in recurso and "*" not in recurso
    _, propiedades = funcion(recursos, "notificaciones")
    assert propiedades["Environment"]["Variables"]["WHATSAPP_NUMERO"] == f"phone-number-id-{HEX}"
    # Ninguna otra función puede enviar WhatsApp.
    for nombre in ("alta", "gestion", "conversacion", "barrido"):
        assert not acciones(recursos, nombre, "social-messaging")


def test_con_numero_cdk_nag_y_cfn_lint_limpios(con_whatsapp):
    hallazgos = [v["ruleName"] for r in con_whatsapp["reporte"]["pluginReports"] for v in r["violations"]]
    assert hallazgos == []
    errores = lint_file(con_whatsapp["archivo"])
    assert [str(h) for h in errores if h.rule.id.startswith("E")] == []
    assert {h.rule.id for h in errores} <= {"W3005"}


@pytest.mark.parametrize(
    ("valor", "esperado"),
    [
        (f"phone-number-id-{HEX}", HEX),
        (f"arn:aws:social-messaging:us-east-1:123456789012:phone-number-id/{HEX}", HEX),
        (f"  phone-number-id-{HEX} ", HEX),
    ],
)
def test_id_del_numero_acepta_el_id_o_su_arn(valor, esperado):
    assert id_numero_whatsapp(valor) == esperado


@pytest.mark.parametrize("valor", ["+527676720827", "phone-number-id-xyz", f"waba-{HEX}", "*"])
def test_id_del_numero_invalido_detiene_la_sintesis(valor):
    with pytest.raises(ValueError, match="whatsapp_numero"):
        id_numero_whatsapp(valor)
