"""Ninguna entrada de la conversación da 5xx: comentarios y adjuntos con cuerpos válidos (con el `acceso` real de
una consulta), casi válidos y arbitrarios, contra moto."""

from __future__ import annotations

from hypothesis import strategies as st

from tests.integracion.test_handlers import QUEJA
from tests.integracion.test_sin_5xx import _cuerpos, _probar


def _acceso(aws) -> tuple[str, str]:
    folio = aws.api("POST", "/api/casos", QUEJA)[1]["folio"]
    consulta = aws.api("POST", "/api/consultas", {"folio": folio, "contrato": QUEJA["contrato"]})[1]
    return folio, consulta["acceso"]


def test_ninguna_peticion_de_adjunto_da_5xx(aws):
    folio, acceso = _acceso(aws)
    validos = st.fixed_dictionaries(
        {
            "acceso": st.just(acceso),
            "nombre": st.text(min_size=1, max_size=80).filter(lambda s: s.strip()),
            "tipo_contenido": st.sampled_from(["image/jpeg", "image/png", "image/heic", "application/pdf"]),
            "tamano": st.integers(min_value=1, max_value=10 * 1024 * 1024),
        }
    )
    estados = _probar(f"/api/casos/{folio}/adjuntos", "conversacion", _cuerpos(validos), 120)
    assert estados[201] > 0 and estados[400] > 0, estados
    assert set(estados) <= {201, 400, 403, 410, 413, 415, 429}, estados  # 429: el máximo diario del caso


def test_ningun_comentario_da_5xx(aws):
    folio, acceso = _acceso(aws)
    validos = st.fixed_dictionaries(
        {
            "acceso": st.just(acceso),
            "texto": st.text(
                alphabet=st.characters(categories=("L", "N", "Zs", "P"), exclude_characters="<>&"),
                min_size=1,
                max_size=200,
            ).filter(lambda s: s.strip()),
            "adjuntos": st.lists(st.from_regex(r"[0-9a-f]{16}", fullmatch=True), max_size=2),
        }
    )
    estados = _probar(f"/api/casos/{folio}/comentarios", "conversacion", _cuerpos(validos), 120)
    # Los válidos sin adjuntos escriben (201); con ids inventados, 400 por campo.
    assert estados[201] > 0 and estados[400] > 0, estados
    assert set(estados) <= {201, 400, 403, 409, 410, 413, 415, 429}, estados
