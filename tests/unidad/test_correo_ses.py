"""El adaptador de correo pide a SES v2 un mensaje Simple válido, y nadie le mete cabeceras por sus datos."""

from __future__ import annotations

import re
from email.headerregistry import AddressHeader, HeaderRegistry
from typing import TYPE_CHECKING, Any, cast

import botocore.session
import pytest
from botocore.validate import validate_parameters
from hypothesis import given
from hypothesis import strategies as st

from funciones.nucleo.adaptadores.mensajeria import CorreoSes

if TYPE_CHECKING:
    from mypy_boto3_sesv2 import SESV2Client

_MODELO = botocore.session.get_session().get_service_model("sesv2").operation_model("SendEmail")
_REGISTRO = HeaderRegistry()


class ClienteSes:
    """Doble de `boto3.client("sesv2")`: valida contra el modelo de la API, como botocore antes de enviar."""

    def __init__(self) -> None:
        self.envios: list[dict[str, Any]] = []

    def send_email(self, **parametros: Any) -> dict[str, str]:
        assert _MODELO.input_shape is not None
        validate_parameters(parametros, _MODELO.input_shape)
        self.envios.append(parametros)
        return {"MessageId": f"0100-{len(self.envios)}"}


def _correo(**kw: Any) -> tuple[CorreoSes, ClienteSes]:
    cliente = ClienteSes()
    # El doble tiene la forma de SESV2Client en lo que usa el adaptador (send_email).
    return CorreoSes(cast("SESV2Client", cliente), "atencion@bluepoint.mx", "bluepoint", **kw), cliente


def _direcciones(cabecera: str, valor: str) -> list[str]:
    assert "\r" not in valor and "\n" not in valor
    encabezado = _REGISTRO(cabecera, valor)
    assert isinstance(encabezado, AddressHeader)
    return [a.addr_spec for a in encabezado.addresses]


def test_pide_un_mensaje_simple_con_texto_html_utf8_reply_to_y_cabeceras():
    correo, cliente = _correo()
    id_mensaje = correo.enviar(
        "maria@example.com",
        "Tu folio de Blue Point: 123 456 7890",
        "Hola, María",
        "<p>Hola, María</p>",
        {"folio": "1234567890", "plantilla": "folio"},
        nombre="María Fernanda Gómez",
        cabeceras={"Auto-Submitted": "auto-generated"},
    )
    assert id_mensaje == "0100-1"
    (envio,) = cliente.envios
    simple = envio["Content"]["Simple"]
    assert "Raw" not in envio["Content"]
    assert simple["Subject"] == {"Data": "Tu folio de Blue Point: 123 456 7890", "Charset": "UTF-8"}
    assert simple["Body"] == {
        "Text": {"Data": "Hola, María", "Charset": "UTF-8"},
        "Html": {"Data": "<p>Hola, María</p>", "Charset": "UTF-8"},
    }
    assert simple["Headers"] == [{"Name": "Auto-Submitted", "Value": "auto-generated"}]
    # Sin ajuste, el Reply-To es la dirección de atención (el remitente).
    assert envio["ReplyToAddresses"] == ["atencion@bluepoint.mx"]
    assert envio["ConfigurationSetName"] == "bluepoint"
    assert envio["EmailTags"] == [{"Name": "folio", "Value": "1234567890"}, {"Name": "plantilla", "Value": "folio"}]
    # Nombres no ASCII, codificados (RFC 2047) como pide SES, y legibles al decodificarlos.
    remitente = _REGISTRO("From", envio["FromEmailAddress"])
    assert envio["FromEmailAddress"].isascii()
    assert remitente.addresses[0].display_name == "Blue Point Atención al Cliente"
    (para,) = envio["Destination"]["ToAddresses"]
    assert para.isascii() and _REGISTRO("To", para).addresses[0].display_name == "María Fernanda Gómez"
    assert _direcciones("To", para) == ["maria@example.com"]


def test_reply_to_configurable_y_por_envio():
    correo, cliente = _correo(responder_a="clientes@bluepoint.mx")
    correo.enviar("a@example.com", "Hola", "t", "<p>h</p>")
    correo.enviar("a@example.com", "Hola", "t", "<p>h</p>", responder_a="respuestas+abc123@bluepoint.mx")
    assert [e["ReplyToAddresses"] for e in cliente.envios] == [
        ["clientes@bluepoint.mx"],
        ["respuestas+abc123@bluepoint.mx"],
    ]
    # Sin nombre ni cabeceras: el To es la dirección sola y no se manda `Headers`.
    assert cliente.envios[0]["Destination"]["ToAddresses"] == ["a@example.com"]
    assert "Headers" not in cliente.envios[0]["Content"]["Simple"]


def test_el_asunto_no_lleva_saltos_de_linea():
    correo, cliente = _correo()
    correo.enviar("a@example.com", "Hola\r\nBcc: otro@x.mx", "t", "<p>h</p>")
    assert cliente.envios[0]["Content"]["Simple"]["Subject"]["Data"] == "Hola Bcc: otro@x.mx"


@pytest.mark.parametrize(
    "malo",
    [
        "a@b.mx\r\nBcc: otro@x.mx",
        "a@b.mx, otro@x.mx",
        "a@b.mx;otro@x.mx",
        "a@b.mx\n",
        "Otro <a@b.mx>",
        "a@b.mx otro@x.mx",
        "sin-arroba",
        "",
    ],
)
def test_destinatario_o_reply_to_que_inyecta_cabeceras_se_rechaza_sin_enviar(malo):
    correo, cliente = _correo()
    with pytest.raises(ValueError):
        correo.enviar(malo, "Hola", "t", "<p>h</p>")
    with pytest.raises(ValueError):
        correo.enviar("a@example.com", "Hola", "t", "<p>h</p>", responder_a=malo or "x")
    with pytest.raises(ValueError):
        CorreoSes(cliente, "atencion@bluepoint.mx", None, responder_a=malo or "x")
    assert cliente.envios == []


@pytest.mark.parametrize(
    "cabeceras",
    [
        {"X-Caso": "1\r\nBcc: otro@x.mx"},
        {"X-Caso": "día"},  # SES sólo acepta ASCII imprimible
        {"X Caso": "1"},
        {"X-Caso:": "1"},
        {"Bcc": "otro@x.mx"},
        {"Reply-To": "otro@x.mx"},
        {"message-id": "<mio@bluepoint.mx>"},
        {"Date": "Tue, 24 Nov 2026 17:00:00 +0000"},
        {f"X-{i}": "1" for i in range(16)},
    ],
)
def test_cabeceras_propias_invalidas_o_de_ses_se_rechazan_sin_enviar(cabeceras):
    correo, cliente = _correo()
    with pytest.raises(ValueError):
        correo.enviar("a@example.com", "Hola", "t", "<p>h</p>", cabeceras=cabeceras)
    assert cliente.envios == []


def test_cabeceras_de_hilo_pasan_tal_cual():
    correo, cliente = _correo()
    hilo = {"In-Reply-To": "<0100-abc@email.amazonses.com>", "References": "<0100-abc@email.amazonses.com>"}
    correo.enviar("a@example.com", "Re: tu caso", "t", "<p>h</p>", cabeceras=hilo)
    assert cliente.envios[0]["Content"]["Simple"]["Headers"] == [{"Name": k, "Value": v} for k, v in hilo.items()]


def test_un_nombre_largo_pierde_palabras_del_final_y_cabe_en_una_palabra_codificada():
    correo, cliente = _correo()
    largo = "María Fernanda de los Ángeles Gómez Ruiz Villaseñor de la Peña"
    correo.enviar("maria@example.com", "Hola", "t", "<p>h</p>", nombre=largo)
    (para,) = cliente.envios[0]["Destination"]["ToAddresses"]
    nombre_codificado = para.rsplit(" <", 1)[0]
    assert len(nombre_codificado) <= 75 and nombre_codificado.startswith("=?utf-8?")
    mostrado = _REGISTRO("To", para).addresses[0].display_name
    assert largo.startswith(mostrado) and len(mostrado.split()) >= 6


@given(nombre=st.text(max_size=150))
def test_ningun_nombre_abre_otra_cabecera_ni_otro_destinatario(nombre):
    correo, cliente = _correo()
    correo.enviar("maria@example.com", "Hola", "t", "<p>h</p>", nombre=nombre)
    (para,) = cliente.envios[0]["Destination"]["ToAddresses"]
    assert para.isascii() and not re.search(r"[\r\n]", para)
    assert _direcciones("To", para) == ["maria@example.com"]
    assert len(para) - len("maria@example.com") - 3 <= 75 or para == "maria@example.com"
