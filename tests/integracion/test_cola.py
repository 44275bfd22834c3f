"""La cola de agentes sobre el índice `vencimientos` (moto): orden global entre páginas, filtros y lo que lee."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

import boto3
import pytest

from funciones.nucleo.adaptadores.dynamodb import ColaDynamo, item_caso
from funciones.nucleo.dominio import calendario
from funciones.nucleo.dominio.caso import FRAGMENTOS_VENCIMIENTO, Caso
from funciones.nucleo.dominio.catalogo import plazos
from funciones.nucleo.dominio.folio import generar_folio
from infraestructura.local import recursos

CATEGORIAS = [("duda", "facturacion"), ("queja", "interrupcion"), ("queja", "atencion"), ("reclamacion", "falla_grave")]


def _casos(n: int, semilla: int = 7) -> list[Caso]:
    azar = random.Random(semilla)
    inicio = datetime(2026, 11, 23, 9, 0, tzinfo=calendario.ZONA)
    casos = []
    for _ in range(n):
        tipo, categoria = azar.choice(CATEGORIAS)
        registro = inicio + timedelta(minutes=azar.randrange(0, 60 * 24 * 4))
        compromiso, limite = plazos(tipo, categoria, registro)
        escalado = azar.random() < 0.3
        casos.append(
            Caso(
                folio=generar_folio(),
                tipo=tipo,
                categoria=categoria,
                canal="web",
                medio_notificacion="correo",
                nombre="Ana",
                descripcion="Sin servicio desde ayer.",
                fecha_registro=registro,
                fecha_compromiso=compromiso,
                fecha_limite_legal=limite,
                correo="ana@example.com",
                estado="escalado" if escalado else "registrado",
                nivel=2 if escalado else 1,
            )
        )
    return casos


@pytest.fixture
def cola(aws):
    casos = _casos(200)
    for caso in casos:
        aws.dynamodb.put_item(TableName=recursos.TABLA, Item=item_caso(caso))
    cliente = boto3.client("dynamodb")
    leidos: list[int] = []
    cliente.meta.events.register("after-call.dynamodb.Query", lambda parsed, **_: leidos.append(parsed["ScannedCount"]))
    return ColaDynamo(recursos.TABLA, cliente, FRAGMENTOS_VENCIMIENTO), casos, leidos


def _recorrer(cola: ColaDynamo, limite: int, **filtros) -> list[list[Caso]]:
    paginas, cursor = [], None
    while True:
        casos, cursor = cola.pagina(
            limite, filtros.get("vence_antes"), filtros.get("estado"), filtros.get("nivel"), cursor
        )
        paginas.append(casos)
        if not cursor:
            return paginas


def _orden(casos: list[Caso]) -> list[str]:
    return [c.folio for c in sorted(casos, key=lambda c: (c.fecha_compromiso.isoformat(), c.folio))]


FILTROS = {
    "sin_filtro": {},
    "escalados": {"estado": "escalado"},
    "nivel_1": {"nivel": 1},
    "vence_antes": {"vence_antes": "2026-11-26T12:00:00-06:00"},
}


@pytest.mark.parametrize(
    ("limite", "filtros"),
    [(7, f) for f in FILTROS.values()] + [(25, {})],
    ids=[f"7-{n}" for n in FILTROS] + ["25-sin_filtro"],
)
def test_la_cola_sale_completa_y_en_orden_entre_paginas(cola, filtros, limite):
    cola_, casos, _ = cola
    esperados = [
        c
        for c in casos
        if (not filtros.get("estado") or c.estado == filtros["estado"])
        and (filtros.get("nivel") is None or c.nivel == filtros["nivel"])
        and (not filtros.get("vence_antes") or c.fecha_compromiso.isoformat() < filtros["vence_antes"])
    ]
    paginas = _recorrer(cola_, limite, **filtros)
    vistos = [c.folio for p in paginas for c in p]
    assert vistos == _orden(esperados)  # ni repetidos, ni faltantes, ni fuera de orden entre páginas
    assert all(len(p) <= limite for p in paginas)


def test_una_pagina_de_25_no_lee_25_por_fragmento(cola):
    cola_, _, leidos = cola
    casos, cursor = cola_.pagina(25, None, None, None, None)
    assert len(casos) == 25 and cursor
    # Antes: 10 Queries de 25 (250 items) para mostrar 25. Ahora: 8 por fragmento y, si no alcanza, sólo lo que falta.
    assert sum(leidos) <= 120, leidos


def _b64(valor) -> str:
    import base64
    import json

    texto = valor if isinstance(valor, str) else json.dumps(valor)
    return base64.urlsafe_b64encode(texto.encode()).decode()


def _posicion(fragmento: str = "0", **cambios) -> dict:
    return {
        "pk": {"S": "CASO#1234567890"},
        "sk": {"S": "CASO"},
        "vence_pk": {"S": f"ABIERTOS#{fragmento}"},
        "vence_sk": {"S": "2026-11-24T10:00:00-06:00#1234567890"},
        **cambios,
    }


CURSORES_ALTERADOS = {
    "no_base64": "%%%no-es-base64%%%",
    "base64_no_json": _b64("esto no es json"),
    "base64_no_utf8": "__8=",
    "json_lista": _b64([1, 2]),
    "json_texto": _b64('"0"'),
    "json_numero": _b64("7"),
    "objeto_vacio": _b64({}),
    "valor_texto": _b64({"0": "x"}),
    "valor_numero": _b64({"0": 3}),
    "valor_lista": _b64({"0": []}),
    "fragmento_ajeno": _b64({"10": None}),
    "fragmento_no_numero": _b64({"a": None}),
    "fragmento_negativo": _b64({"-1": None}),
    "posicion_sin_clave": _b64({"0": {k: v for k, v in _posicion().items() if k != "vence_sk"}}),
    "posicion_con_clave_extra": _b64({"0": _posicion(otra={"S": "x"})}),
    "posicion_de_otro_fragmento": _b64({"0": _posicion("3")}),
    "posicion_tipo_numero": _b64({"0": _posicion(vence_sk={"N": "1"})}),
    "posicion_valor_no_texto": _b64({"0": _posicion(pk={"S": 5})}),
    "posicion_de_otra_entidad": _b64({"0": _posicion(pk={"S": "CLIENTE#10002000"}, sk={"S": "PERFIL"})}),
    "posicion_gigante": _b64({"0": _posicion(vence_sk={"S": "x" * 5000})}),
}


@pytest.mark.parametrize("cursor", CURSORES_ALTERADOS.values(), ids=CURSORES_ALTERADOS.keys())
def test_un_cursor_alterado_es_400_con_el_campo_cursor(aws, cursor):
    from urllib.parse import quote

    estado, r, _ = aws.api("GET", "/api/casos", agente=("asesor.demo", "asesores"), consulta=f"cursor={quote(cursor)}")
    assert estado == 400, r
    assert [c["campo"] for c in r["error"]["campos"]] == ["cursor"]


def test_el_cursor_que_escribe_la_cola_se_acepta(cola):
    cola_, _, _ = cola
    _, cursor = cola_.pagina(25, None, None, None, None)
    assert cursor
    casos, _ = cola_.pagina(25, None, None, None, cursor)
    assert casos
