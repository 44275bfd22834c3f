"""Búsqueda, perfil del cliente, cola de turno, agentes y casos sin verificar, por los handlers reales sobre moto."""

from __future__ import annotations

from datetime import UTC, timedelta

import boto3
import pytest

from funciones.nucleo.dominio import reloj
from funciones.nucleo.dominio.folio import formatear_folio, generar_folio
from tests.integracion.test_agentes import ASESOR, SUPERVISOR, abrir, verificar

FACTURACION = ("facturacion.demo", "departamentos", "facturacion")
SOPORTE = ("soporte_tecnico.demo", "departamentos", "soporte_tecnico")


def _web(aws, **cambios):
    from funciones.nucleo.dominio.catalogo import catalogo

    cuerpo = {
        "tipo": "duda",
        "categoria": "servicios_paquetes",
        "nombre": "Ramón Ñúñez Peña",
        "correo": "ramon.nunez@example.com",
        "telefono": "55 1111 2222",
        "descripcion": "Quiero saber qué paquetes hay en mi colonia.",
        "medio_notificacion": "correo",
        "aviso_privacidad": catalogo()["aviso_privacidad"]["version"],
        **cambios,
    }
    estado, r, _ = aws.api("POST", "/api/casos", cuerpo)
    assert estado == 201, r
    return r["folio"]


def buscar(aws, q, agente=ASESOR):
    from urllib.parse import quote

    return aws.api("GET", "/api/busqueda", consulta=f"q={quote(q)}", agente=agente)


def _llamadas(aws):
    """Cuenta las llamadas a DynamoDB del handler (el cliente de boto3 que usa la función)."""
    from funciones.nucleo.adaptadores.aws import cliente

    operaciones: list[str] = []
    cliente("dynamodb").meta.events.register(
        "before-call.dynamodb.*", lambda model, **_: operaciones.append(model.name)
    )
    return operaciones


@pytest.fixture
def maria(llamada):
    """María (contrato 10002000) con tres quejas por interrupción abiertas por teléfono."""
    folios = []
    for _ in range(3):
        _, v, _ = verificar(llamada)
        estado, caso, _ = abrir(llamada, v["verificacion_id"])
        assert estado == 201
        folios.append(caso["folio"])
    return llamada, folios


def test_por_telefono_en_cualquier_formato_da_el_cliente_y_sus_casos(maria):
    aws, folios = maria
    for q in ("5512345678", "55 1234 5678", "+52 55-1234-5678", "(55) 1234.5678"):
        estado, r, _ = buscar(aws, q)
        assert estado == 200, (q, r)
        assert [c["contrato"] for c in r["clientes"]] == ["10002000"], q
        assert r["clientes"][0]["coincide"] == ["telefono"]
        assert {c["folio"] for c in r["casos"]} == set(folios), q
        # El más nuevo primero.
        assert [c["folio"] for c in r["casos"]] == folios[::-1]


def test_por_folio_con_o_sin_espacios_contrato_y_correo(maria):
    aws, folios = maria
    estado, r, _ = buscar(aws, formatear_folio(folios[1]))
    assert estado == 200 and r["casos"][0]["folio"] == folios[1] and r["casos"][0]["coincide"] == ["folio"]
    estado, r, _ = buscar(aws, folios[1])
    assert r["casos"][0]["folio"] == folios[1]
    estado, r, _ = buscar(aws, "10002000")
    assert {c["folio"] for c in r["casos"]} == set(folios) and r["clientes"][0]["nombre"].startswith("María")
    estado, r, _ = buscar(aws, "MARIA.GOMEZ@example.com")
    assert r["clientes"][0]["contrato"] == "10002000" and len(r["casos"]) == 3


def test_por_nombre_cualquier_palabra_sin_acentos_ni_mayusculas(maria):
    aws, folios = maria
    web = _web(aws)
    for q in ("gomez", "GÓMEZ", "fernanda", "Maria Ruiz"):
        estado, r, _ = buscar(aws, q)
        assert estado == 200 and r["clientes"][0]["contrato"] == "10002000", q
        assert set(folios) <= {c["folio"] for c in r["casos"]}, q
    estado, r, _ = buscar(aws, "nunez pena")
    assert [c["folio"] for c in r["casos"]] == [web] and r["casos"][0]["coincide"] == ["nombre"]
    # Un nombre que nadie tiene: nada (ni otro cliente de la misma partición).
    estado, r, _ = buscar(aws, "Zoraida")
    assert estado == 200 and r == {"q": "Zoraida", "casos": [], "clientes": []}


def test_el_departamento_solo_encuentra_sus_casos(maria):
    aws, folios = maria
    estado, _, _ = aws.api(
        "POST",
        f"/api/casos/{folios[0]}/escalamientos",
        {"destino": "facturacion", "motivo": "Cobro doble"},
        agente=ASESOR,
    )
    assert estado == 200
    estado, r, _ = buscar(aws, "5512345678", agente=FACTURACION)
    assert estado == 200 and [c["folio"] for c in r["casos"]] == [folios[0]]
    assert [c["contrato"] for c in r["clientes"]] == ["10002000"]
    estado, r, _ = buscar(aws, "5512345678", agente=SOPORTE)
    assert r["casos"] == [] and r["clientes"] == []
    estado, p, _ = aws.api("GET", "/api/clientes/10002000", agente=FACTURACION)
    assert estado == 200 and [c["folio"] for c in p["casos"]] == [folios[0]]
    estado, e, _ = aws.api("GET", "/api/clientes/10002000", agente=SOPORTE)
    assert estado == 403 and e["error"]["codigo"] == "sin_permiso"
    estado, e2, _ = aws.api("GET", "/api/clientes/99999999", agente=SOPORTE)
    assert estado == 403 and e2["error"]["mensaje"] == e["error"]["mensaje"]


def test_perfil_con_todos_los_casos_sin_respuestas_y_reincidencia(maria):
    aws, folios = maria
    estado, p, _ = aws.api("GET", "/api/clientes/10002000", agente=ASESOR)
    assert estado == 200
    assert p["cliente"] == {
        "contrato": "10002000",
        "nombre": "María Fernanda Gómez Ruiz",
        "correo": "maria.gomez@example.com",
        "telefono": "+525512345678",
        "precio_mensual": "499.00",
    }
    assert [c["folio"] for c in p["casos"]] == folios[::-1]
    assert p["total_casos"] == 3 and p["abiertos"] == 3 and p["mas_casos"] is False
    (r,) = p["reincidencias"]
    assert (r["tipo"], r["categoria"], r["total"], r["abiertos"]) == ("queja", "interrupcion", 3, 3)
    texto = str(p)
    assert "hash" not in texto and "Insurgentes" not in texto and "4321" not in texto
    estado, e, _ = aws.api("GET", "/api/clientes/99999999", agente=ASESOR)
    assert estado == 404 and e["error"]["mensaje"] == "No hay un cliente ni casos con ese contrato."


def test_busqueda_y_perfil_con_llamadas_acotadas_y_sin_scan(maria):
    aws, _ = maria
    operaciones = _llamadas(aws)
    buscar(aws, "Maria Fernanda Gomez Ruiz")
    assert operaciones.count("Query") == 4 and operaciones.count("BatchGetItem") == 1, operaciones
    operaciones.clear()
    buscar(aws, "5512345678")
    assert operaciones == ["Query", "Query", "BatchGetItem"]  # teléfono y contrato (10 dígitos son ambos)
    operaciones.clear()
    aws.api("GET", "/api/clientes/10002000", agente=ASESOR)
    assert operaciones == ["Query", "BatchGetItem"]
    assert "Scan" not in operaciones


ENTRADAS_MALAS = [
    ("", "q", "Escribe un folio"),
    ("   ", "q", "Escribe un folio"),
    ("x" * 101, "q", "a lo más 100"),
    ("<script>", "q", "Escribe sólo"),
    ("de la", "q", "al menos una palabra"),
    ("12345", "q", "Un folio tiene 10 dígitos"),
]


@pytest.mark.parametrize(("q", "campo", "texto"), ENTRADAS_MALAS)
def test_busqueda_mala_da_400_por_campo(aws, q, campo, texto):
    estado, r, _ = buscar(aws, q)
    assert estado == 400
    assert r["error"]["campos"][0]["campo"] == campo and texto in r["error"]["campos"][0]["mensaje"]


def test_busqueda_sin_q_o_con_filtros_desconocidos(aws):
    estado, r, _ = aws.api("GET", "/api/busqueda", agente=ASESOR)
    assert estado == 400 and r["error"]["campos"][0]["campo"] == "q"
    estado, r, _ = aws.api("GET", "/api/busqueda", consulta="q=ana&tipo=queja", agente=ASESOR)
    assert estado == 400 and r["error"]["codigo"] == "filtro_desconocido"
    assert r["error"]["campos"] == [{"campo": "tipo", "mensaje": "Este filtro no existe. Usa: q."}]
    estado, _, _ = aws.api("GET", "/api/busqueda", consulta="q=ana")
    assert estado == 401


@pytest.mark.parametrize("contrato", ["12345", "abcdefgh", "1234567890123", "1000-2000"])
def test_contrato_invalido_da_400(aws, contrato):
    estado, r, _ = aws.api("GET", f"/api/clientes/{contrato}", agente=ASESOR)
    assert estado == 400 and r["error"]["campos"][0]["campo"] == "contrato"
    estado, r, _ = aws.api("GET", "/api/clientes/10002000", consulta="casos=todos", agente=ASESOR)
    assert estado == 400 and r["error"]["campos"][0]["campo"] == "casos"


# ---------- Caso sin verificar ----------


def _duda(aws, **cambios):
    cuerpo = {
        "tipo": "duda",
        "categoria": "servicios_paquetes",
        "descripcion": "Pregunta por los paquetes de 200 megas.",
        "medio_notificacion": "sms",
        "canal": "telefono",
        "nombre": "Rosa Elena Villaseñor",
        "telefono": "777 123 4567",
        **cambios,
    }
    return aws.api("POST", "/api/casos/asistidos", cuerpo, agente=ASESOR)


def test_duda_sin_verificar_se_registra_marcada_y_sin_contrato(llamada):
    aws = llamada
    estado, r, _ = _duda(aws)
    assert estado == 201 and r["canal"] == "telefono"
    estado, d, _ = aws.api("GET", f"/api/casos/{r['folio']}", agente=ASESOR)
    assert d["caso"]["sin_verificar"] is True and d["caso"]["contrato"] is None
    # Se encuentra por teléfono y por nombre; no tiene cliente.
    estado, b, _ = buscar(aws, "7771234567")
    assert [c["folio"] for c in b["casos"]] == [r["folio"]] and b["casos"][0]["sin_verificar"] is True
    assert b["clientes"] == [] and b["casos"][0]["contrato"] is None
    # Nunca usa datos de contrato: ni bonificación.
    estado, e, _ = aws.api(
        "POST",
        f"/api/casos/{r['folio']}/resolucion",
        {"resumen": "Se explicaron los paquetes.", "primer_contacto": True, "bonificacion": {"dias_afectados": 2}},
        agente=ASESOR,
    )
    assert estado == 400 and e["error"]["codigo"] in ("caso_sin_verificar", "datos_invalidos")
    estado, d2, _ = aws.api("GET", f"/api/casos/{r['folio']}", agente=ASESOR)
    assert d2["caso"]["estado"] == "registrado"


@pytest.mark.parametrize(
    ("cambios", "campo"),
    [
        ({"tipo": "queja", "categoria": "interrupcion"}, "verificacion_id"),
        ({"nombre": None}, "nombre"),
        ({"nombre": "Al"}, "nombre"),
        ({"contrato": "10002000"}, "contrato"),
        ({"telefono": None}, "telefono"),
        ({"verificacion_id": "x" * 20, "nombre": "Rosa"}, "nombre"),
    ],
)
def test_duda_sin_verificar_con_datos_malos_no_guarda(aws, cambios, campo):
    antes = len(aws.items())
    estado, e, _ = _duda(aws, **cambios)
    assert estado == 400, e
    assert campo in [c["campo"] for c in e["error"]["campos"]], e
    assert len(aws.items()) == antes


# ---------- Cola de turno ----------


def test_cola_de_resueltos_y_cerrados_recientes_mis_casos_y_departamento(maria):
    aws, folios = maria
    resolver = {"resumen": "Se restableció el servicio.", "primer_contacto": True}
    aws.api("POST", f"/api/casos/{folios[0]}/resolucion", resolver, agente=ASESOR)
    aws.api("POST", f"/api/casos/{folios[1]}/resolucion", resolver, agente=ASESOR)
    aws.api("POST", f"/api/casos/{folios[1]}/confirmacion", {"resuelto": True}, agente=ASESOR)
    estado, r, _ = aws.api("GET", "/api/casos", consulta="estado=resuelto", agente=ASESOR)
    assert estado == 200 and [c["folio"] for c in r["casos"]] == [folios[0]]
    assert r["casos"][0]["restante"] is None
    estado, r, _ = aws.api("GET", "/api/casos", consulta="estado=cerrado", agente=ASESOR)
    assert [c["folio"] for c in r["casos"]] == [folios[1]]
    estado, r, _ = aws.api("GET", "/api/casos", agente=ASESOR)
    assert [c["folio"] for c in r["casos"]] == [folios[2]]
    abierto = r["casos"][0]
    assert abierto["restante"]["urgencia"] in ("critico", "proximo", "a_tiempo")
    assert abierto["restante"]["texto"].startswith("Vence en")
    # Más de 30 días después, ya no están en la cola de cerrados.
    reloj.avanzar(31 * 24)
    try:
        estado, r, _ = aws.api("GET", "/api/casos", consulta="estado=cerrado", agente=ASESOR)
        assert r["casos"] == []
        estado, r, _ = aws.api("GET", "/api/casos", agente=ASESOR)
        assert r["casos"][0]["restante"]["urgencia"] == "vencido"
        assert r["casos"][0]["restante"]["texto"].startswith("Vencido hace")
    finally:
        reloj.avanzar(-31 * 24)

    # Mis casos: sólo los asignados a quien pregunta.
    estado, _, _ = aws.api("POST", f"/api/casos/{folios[2]}/asignacion", {"asesor": "asesor.demo"}, agente=SUPERVISOR)
    assert estado == 200
    estado, r, _ = aws.api("GET", "/api/casos", consulta="mios=1", agente=ASESOR)
    assert [c["folio"] for c in r["casos"]] == [folios[2]]
    estado, r, _ = aws.api("GET", "/api/casos", consulta="mios=1", agente=SUPERVISOR)
    assert r["casos"] == []
    estado, r, _ = aws.api("GET", "/api/casos", consulta="departamento=facturacion", agente=SUPERVISOR)
    assert r["casos"] == []
    estado, e, _ = aws.api("GET", "/api/casos", consulta="departamento=cobranza", agente=FACTURACION)
    assert estado == 403


@pytest.mark.parametrize(
    ("consulta", "campo"),
    [
        ("orden=vence", "orden"),
        ("estado=abierto", "estado"),
        ("departamento=ventas", "departamento"),
        ("mios=si", "mios"),
        ("prioridad=alta", "prioridad"),
        ("estado=cerrado&vence_antes=2026-12-01T10:00:00Z", "vence_antes"),
    ],
)
def test_cola_con_filtros_malos_da_400_por_campo(aws, consulta, campo):
    estado, r, _ = aws.api("GET", "/api/casos", consulta=consulta, agente=ASESOR)
    assert estado == 400 and [c["campo"] for c in r["error"]["campos"]] == [campo]


def test_agentes_para_reasignar_de_los_grupos_de_cognito(aws):
    estado, r, _ = aws.api("GET", "/api/agentes", agente=SUPERVISOR)
    assert estado == 200
    por_usuario = {a["usuario"]: a for a in r["agentes"]}
    assert {"asesor.demo", "supervisor.demo", "facturacion.demo"} <= set(por_usuario)
    assert por_usuario["asesor.demo"]["grupos"] == ["asesores"]
    assert por_usuario["facturacion.demo"]["departamento"] == "facturacion"
    assert por_usuario["facturacion.demo"]["departamento_nombre"] == "Facturación"
    # Un agente dado de baja no aparece.
    boto3.client("cognito-idp").admin_disable_user(UserPoolId=aws.arns["cognito_pool"], Username="asesor.demo")
    estado, r, _ = aws.api("GET", "/api/agentes", agente=SUPERVISOR)
    assert "asesor.demo" not in {a["usuario"] for a in r["agentes"]}
    estado, _, _ = aws.api("GET", "/api/agentes", agente=ASESOR)
    assert estado == 403
    estado, r, _ = aws.api("GET", "/api/agentes", consulta="grupo=asesores", agente=SUPERVISOR)
    assert estado == 400 and r["error"]["campos"][0]["campo"] == "grupo"


def test_folio_inexistente_en_la_busqueda_no_da_nada(aws):
    estado, r, _ = buscar(aws, generar_folio())
    assert estado == 200 and r["casos"] == []


def test_la_alerta_lleva_al_caso(maria):
    aws, folios = maria
    aws.api(
        "POST", f"/api/casos/{folios[0]}/escalamientos", {"destino": "supervisor", "motivo": "Urgente"}, agente=ASESOR
    )
    aws.drenar()
    from infraestructura.local.buzones import mensajes

    alertas = [m for m in mensajes() if folios[0] in str(m.get("atributos"))]
    assert alertas and f"/consola/#/casos/{folios[0]}" in alertas[0]["mensaje"]
    assert reloj.ahora() - timedelta(minutes=5) < reloj.ahora()


def test_perfil_con_mas_de_99_casos_muestra_los_mas_nuevos(llamada):
    """Con más casos de los que caben en un BatchGetItem: los 99 más nuevos y `mas_casos`."""
    from datetime import datetime

    from funciones.nucleo.adaptadores.dynamodb import clave_instante, item_caso, item_indice
    from funciones.nucleo.adaptadores.secretos import pimienta
    from funciones.nucleo.dominio import busqueda
    from funciones.nucleo.dominio.caso import Caso
    from funciones.nucleo.dominio.catalogo import plazos
    from infraestructura.local import recursos

    clave = busqueda.clave_termino(busqueda.llave_busqueda(pimienta()), "contrato", "10002003")
    inicio = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
    folios = []
    # 100 casos y el item del cliente en la misma partición: uno más de los que caben.
    for i in range(100):
        registro = inicio + timedelta(hours=i)
        compromiso, limite = plazos("duda", "facturacion", registro)
        caso = Caso(
            folio=generar_folio(),
            tipo="duda",
            categoria="facturacion",
            canal="telefono",
            medio_notificacion="impreso",
            nombre="Juan Carlos Ramírez Díaz",
            descripcion="Pregunta por su factura.",
            fecha_registro=registro,
            fecha_compromiso=compromiso,
            fecha_limite_legal=limite,
            contrato="10002003",
            telefono="+527773184455",
        )
        folios.append(caso.folio)
        llamada.dynamodb.put_item(TableName=recursos.TABLA, Item=item_caso(caso))
        sk = f"CASO#{clave_instante(registro)}#{caso.folio}"
        llamada.dynamodb.put_item(TableName=recursos.TABLA, Item=item_indice(clave, sk, folio=caso.folio))
    estado, p, _ = llamada.api("GET", "/api/clientes/10002003", agente=ASESOR)
    assert estado == 200 and p["mas_casos"] is True
    assert [c["folio"] for c in p["casos"]] == folios[::-1][:99]
    assert p["cliente"]["nombre"] == "Juan Carlos Ramírez Díaz"
    (r,) = p["reincidencias"]
    assert r["total"] == 99 and r["categoria_nombre"]


def test_un_caso_cerrado_como_duplicado_aparece_en_los_cerrados_recientes(maria):
    aws, folios = maria
    estado, r, _ = aws.api("POST", f"/api/casos/{folios[0]}/duplicado", {"de": folios[1]}, agente=ASESOR)
    assert estado == 200, r
    estado, r, _ = aws.api("GET", "/api/casos", consulta="estado=cerrado", agente=ASESOR)
    assert [c["folio"] for c in r["casos"]] == [folios[0]]
    estado, r, _ = aws.api("GET", "/api/casos", agente=ASESOR)
    assert folios[0] not in {c["folio"] for c in r["casos"]}
