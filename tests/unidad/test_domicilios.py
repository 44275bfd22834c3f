"""Verificación del domicilio con tolerancia: la tabla de variantes aceptadas y rechazadas (issue 16)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from funciones.nucleo.dominio.clientes import Cliente, crear_cliente, respuesta_correcta
from funciones.nucleo.dominio.domicilios import domicilio_coincide, hashes_domicilio, partes_domicilio

PIMIENTA = bytes.fromhex("c3" * 32)

GUARDADOS = {
    "moctezuma": "Calle Moctezuma 45, Col. Centro, Coyoacán, CDMX",
    "insurgentes": "Av. Insurgentes Sur 1234, Col. Del Valle, CDMX",
    "morelos": "Av. Morelos Pte. 210, Col. San Bernardino, Toluca, Edo. de Méx.",
    "rio_mayo": "Calle Río Mayo 18, Col. Vista Hermosa, Cuernavaca, Mor., C.P. 62290",
    "cinco_de_mayo": "Avenida 5 de Mayo 23 Int. 4, Col. Centro, Puebla, Pue.",
}

ACEPTADAS = [
    ("moctezuma", "Calle Moctezuma 45, Col. Centro, Coyoacán, CDMX"),
    ("moctezuma", "Moctezuma 45, Centro, Coyoacán"),  # «Calle», «Col.» y estado omitidos
    ("moctezuma", "moctezuma #45 coyoacan col centro"),  # orden de colonia y ciudad
    ("moctezuma", "MOCTEZUMA NUM. 45, CENTRO, COYOACAN, CIUDAD DE MEXICO, C.P. 04000"),  # CP y estado agregados
    ("moctezuma", "Moctezuma No. 45, Colonia Centro, Alcaldía Coyoacán, México D.F."),
    ("insurgentes", "Avenida Insurgentes Sur 1234 Del Valle"),  # «Avenida» por «Av.», sin estado
    ("insurgentes", "Av Insurgentes Sur número 1234, colonia del valle, ciudad de méxico"),
    ("insurgentes", "Insurgentes Sur 1234, CDMX, Del Valle"),  # «Av» omitida, estado antes de la colonia
    ("insurgentes", "insurgentes sur 1234 del valle 03100"),  # CP agregado
    ("morelos", "Avenida Morelos Poniente 210, San Bernardino, Toluca"),
    ("morelos", "Av. Morelos Pte. #210, Toluca, Col. San Bernardino, Estado de México, México"),
    ("rio_mayo", "Rio Mayo 18 Vista Hermosa Cuernavaca"),  # acentos, estado y CP omitidos
    ("rio_mayo", "Calle Río Mayo 18, Cuernavaca, Vista Hermosa, Morelos, CP 62290"),
    ("cinco_de_mayo", "5 de Mayo 23 interior 4, Centro, Puebla"),
    ("cinco_de_mayo", "Av. 5 de Mayo #23 Depto. 4, Centro, Puebla, Puebla"),
]

RECHAZADAS = [
    ("moctezuma", "Moctezuma 46, Centro, Coyoacán", "otro número"),
    ("moctezuma", "Moctezuma 4, Centro, Coyoacán", "otro número (prefijo)"),
    ("moctezuma", "Motolinía 45, Centro, Coyoacán", "otra calle"),
    ("moctezuma", "Moctezuma 45, Centro, Tlalpan", "otra ciudad"),
    ("moctezuma", "Moctezuma 45, Coyoacán", "colonia omitida"),
    ("moctezuma", "Moctezuma 45, Centro, Coyoacán, Jalisco", "otro estado"),
    ("moctezuma", "Moctezuma, Centro, Coyoacán", "sin número"),
    ("moctezuma", "45, Centro, Coyoacán", "sin calle"),
    ("moctezuma", "Centro, Coyoacán", "sólo la localidad"),
    ("insurgentes", "Insurgentes Norte 1234, Del Valle", "otra calle (Norte por Sur)"),
    ("insurgentes", "Insurgentes Sur 1243, Del Valle", "dígitos cambiados"),
    ("morelos", "Av. Morelos 210, San Bernardino, Toluca", "sin «Poniente»: otra calle"),
    ("rio_mayo", "Río Mayo 18, Vista Hermosa, Cuernavaca, CP 62291", "otro CP"),
    ("cinco_de_mayo", "5 de Mayo 23, Centro, Puebla", "sin el interior"),
    ("cinco_de_mayo", "5 de Mayo 23 Int. 5, Centro, Puebla", "otro interior"),
    ("cinco_de_mayo", "5 de Mayo 23 Int. 4, Centro, Puebla, Oaxaca", "otro estado"),
    ("insurgentes", "", "vacía"),
    ("insurgentes", "1234", "sólo el número"),
]


def _cliente(domicilio: str) -> Cliente:
    return crear_cliente(
        contrato="10002000",
        nombre="María Fernanda Gómez Ruiz",
        correo=None,
        telefono=None,
        precio_mensual=Decimal("499.00"),
        domicilio=domicilio,
        ultimos4="4321",
        pimienta=PIMIENTA,
    )


@pytest.mark.parametrize(("clave", "respuesta"), ACEPTADAS)
def test_variantes_aceptadas(clave, respuesta):
    assert respuesta_correcta(_cliente(GUARDADOS[clave]), "domicilio", respuesta, PIMIENTA)


@pytest.mark.parametrize(("clave", "respuesta", "motivo"), RECHAZADAS)
def test_variantes_rechazadas(clave, respuesta, motivo):
    assert not respuesta_correcta(_cliente(GUARDADOS[clave]), "domicilio", respuesta, PIMIENTA), motivo


def test_las_partes_se_guardan_solo_como_hmac():
    c = _cliente(GUARDADOS["moctezuma"])
    assert c.domicilio_partes is not None
    assert set(c.domicilio_partes) == {"calle", "numero", "localidad", "localidad_completa", "estado"}
    assert all(len(v) == 64 and "moctezuma" not in v for v in c.domicilio_partes.values())
    # Cada parte con su propia etiqueta: la misma palabra en dos partes no da el mismo hash.
    assert len(set(c.domicilio_partes.values())) == len(c.domicilio_partes)
    assert hashes_domicilio(GUARDADOS["moctezuma"], bytes.fromhex("d4" * 32)) != c.domicilio_partes


def test_partes_del_domicilio():
    p = partes_domicilio("Avenida 5 de Mayo 23 Int. 4, Col. Centro, Puebla, Pue., C.P. 72000")
    assert p is not None
    assert (p.calle, p.numero, p.localidad, p.estado, p.cp) == ("5 de mayo", "23 interior 4", "centro", "pue", "72000")
    p = partes_domicilio("Calle 10 No. 45, Col. Jardines, Mérida, Yucatán")
    assert p is not None and (p.calle, p.numero, p.localidad, p.estado) == ("10", "45", "jardines merida", "yuc")
    assert partes_domicilio("Moctezuma, Centro") is None


def test_colonia_con_nombre_de_estado_no_se_pierde():
    # «Col. Morelos» al final no es el estado si no queda otra localidad.
    guardado = hashes_domicilio("Calle Tenochtitlan 12, Col. Morelos", PIMIENTA)
    assert guardado is not None
    assert domicilio_coincide(guardado, "Tenochtitlan 12, Morelos", PIMIENTA)
    assert not domicilio_coincide(guardado, "Tenochtitlan 12, Guerrero", PIMIENTA)


def test_perfil_sin_partes_compara_como_antes():
    # Un perfil importado antes de las partes: sólo la forma canónica completa.
    c = _cliente(GUARDADOS["insurgentes"])
    c.domicilio_partes = None
    assert respuesta_correcta(c, "domicilio", GUARDADOS["insurgentes"], PIMIENTA)
    assert not respuesta_correcta(c, "domicilio", "Insurgentes Sur 1234, Del Valle", PIMIENTA)
