"""Entradas malas del alta y la consulta: 4xx con mensajes en español por campo."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from esquemas.solicitudes import SolicitudCaso, SolicitudConsulta
from funciones.nucleo.dominio.folio import digito_damm
from funciones.nucleo.frontera.http import traducir_validacion

VALIDA = {
    "tipo": "queja",
    "categoria": "interrupcion",
    "nombre": "Ana López",
    "contrato": "12345678",
    "correo": "ana@example.com",
    "descripcion": "Sin servicio desde ayer por la tarde.",
    "medio_notificacion": "correo",
    "aviso_privacidad": "2026-11",
}


def errores(datos: dict) -> dict[str, str]:
    with pytest.raises(ValidationError) as e:
        SolicitudCaso.model_validate(datos)
    error = traducir_validacion(e.value)
    assert error.codigo == "datos_invalidos"
    return {c.campo: c.mensaje for c in error.campos}


def test_una_solicitud_valida_se_normaliza():
    s = SolicitudCaso.model_validate({**VALIDA, "telefono": "+52 (767) 672-0827", "correo": " Ana@Example.com "})
    assert s.telefono == "+527676720827"
    assert s.correo == "ana@example.com"


@pytest.mark.parametrize(
    ("cambio", "campo", "fragmento"),
    [
        ({"tipo": "sugerencia"}, "tipo", "Elige una de las opciones"),
        ({"categoria": "inventada"}, "categoria", "Elige una categoría"),
        ({"categoria": "facturacion"}, "categoria", "Elige una categoría"),  # existe, pero no para quejas
        ({"descripcion": ""}, "descripcion", "al menos 10"),
        ({"descripcion": "x" * 10_000}, "descripcion", "como máximo 2000"),
        ({"correo": "ana@"}, "correo", "correo válido"),
        ({"telefono": "12345"}, "telefono", "10 dígitos"),
        ({"contrato": None}, "contrato", "número de contrato"),
        ({"contrato": "12ab"}, "contrato", "6 a 12 dígitos"),
        ({"nombre": "<script>alert(1)</script>"}, "nombre", "etiquetas HTML"),
        ({"descripcion": 'Hola <img src=x onerror="alert(1)"> adiós'}, "descripcion", "etiquetas HTML"),
        ({"descripcion": "texto con \x00 nulo dentro"}, "descripcion", "caracteres no permitidos"),
        ({"medio_notificacion": "sms"}, "telefono", "SMS"),
        ({"correo": None, "medio_notificacion": "impreso"}, "correo", "correo o un teléfono"),
        ({"extra": "x"}, "extra", "no se reconoce"),
        ({"nombre": 5}, "nombre", "texto"),
    ],
)
def test_entradas_malas_dan_mensajes_por_campo(cambio, campo, fragmento):
    datos = {k: v for k, v in {**VALIDA, **cambio}.items() if v is not None}
    mensajes = errores(datos)
    assert campo in mensajes, mensajes
    assert fragmento in mensajes[campo]


def test_campo_faltante_es_obligatorio():
    datos = dict(VALIDA)
    del datos["nombre"]
    assert errores(datos)["nombre"] == "Este dato es obligatorio."


def test_una_duda_no_requiere_contrato_y_el_menor_que_se_permite():
    s = SolicitudCaso.model_validate(
        {
            **VALIDA,
            "tipo": "duda",
            "categoria": "facturacion",
            "contrato": None,
            "descripcion": "¿Por qué mi velocidad es < 10 Mbps & qué hago?",
        }
    )
    assert s.contrato is None
    assert "<" in s.descripcion


def test_json_malformado_es_json_invalido():
    with pytest.raises(ValidationError) as e:
        SolicitudCaso.model_validate_json('{"tipo": "queja",')
    assert traducir_validacion(e.value).codigo == "json_invalido"


def test_consulta_con_digito_verificador_equivocado():
    base = "123456789"
    bueno = base + digito_damm(base)
    malo = base + str((int(bueno[-1]) + 1) % 10)
    assert SolicitudConsulta.model_validate({"folio": bueno, "contrato": "12345678"}).folio == bueno
    with pytest.raises(ValidationError) as e:
        SolicitudConsulta.model_validate({"folio": malo, "contrato": "12345678"})
    assert [c.campo for c in traducir_validacion(e.value).campos] == ["folio"]


@pytest.mark.parametrize("segundo", [{}, {"contrato": "12345678", "correo": "a@b.mx"}])
def test_consulta_pide_exactamente_un_segundo_factor(segundo):
    with pytest.raises(ValidationError) as e:
        SolicitudConsulta.model_validate({"folio": "123456789" + digito_damm("123456789"), **segundo})
    assert [c.campo for c in traducir_validacion(e.value).campos] == ["contrato"]


@pytest.mark.parametrize(
    "texto",
    [
        "Tengo <menos de 10 megas desde el lunes",
        "La velocidad es <5 Mbps y pago >$500",
        "<bajó la señal> otra vez",
        "El módem <Mi módem> no enciende",
        "Recibo: Servicio $549.00 / IVA 16% $87.84",
        "mi módem en http://192.168.1.254 no abre",
    ],
)
def test_lo_que_escribe_un_cliente_con_menor_que_no_es_marcado(texto):
    assert SolicitudCaso.model_validate({**VALIDA, "descripcion": texto}).descripcion == texto


@pytest.mark.parametrize(
    "texto",
    [
        "<script>alert(1)</script> sin internet",
        "sin internet <svg/onload=alert(1)>",
        "sin internet <x onclick=alert(1)> ya",
        "sin internet <mi-modem onmouseover=alert(1)>",
        "sin internet </textarea><b>hola",
        "sin internet <!-- comentario -->",
        "sin internet < iframe src=//malo.mx>",
        "sin internet <A HREF=javascript:alert(1)>",
        "sin internet &lt;script&gt;",
        "sin internet javascript:alert(1)",
        "sin internet <details open ontoggle=alert(1)>",
    ],
)
def test_el_marcado_sigue_rechazado(texto):
    assert "etiquetas HTML" in errores({**VALIDA, "descripcion": texto})["descripcion"]
