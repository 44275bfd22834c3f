"""El alta pública no sirve para mandar spam ni phishing: límites por correo, teléfono y contrato+contacto."""

from __future__ import annotations

import hashlib

import pytest

QUEJA = {
    "tipo": "queja",
    "categoria": "interrupcion",
    "nombre": "Ana López",
    "contrato": "12345678",
    "correo": "ana@example.com",
    "descripcion": "Sin internet desde ayer en la tarde.",
    "medio_notificacion": "correo",
    "aviso_privacidad": "2026-11",
}
DUDA_SMS = {
    "tipo": "duda",
    "categoria": "servicios_paquetes",
    "nombre": "Ana López",
    "telefono": "767 672 0827",
    "descripcion": "¿Qué planes tienen en mi zona?",
    "medio_notificacion": "sms",
    "aviso_privacidad": "2026-11",
}


def _casos(aws) -> int:
    return sum(1 for i in aws.items() if i["sk"]["S"] == "CASO")


def test_limite_diario_por_telefono(aws):
    from infraestructura.local.buzones import mensajes

    # Cinco por día a un número, escrito de formas distintas; el sexto ya no manda otro SMS.
    formas = ["767 672 0827", "+52 767 672 0827", "52 7676720827", "(767) 672-0827", "7676720827"]
    for n, telefono in enumerate(formas):
        estado, r, _ = aws.api("POST", "/api/casos", {**DUDA_SMS, "telefono": telefono, "correo": f"x{n}@example.com"})
        assert estado == 201, r
    estado, r, _ = aws.api("POST", "/api/casos", {**DUDA_SMS, "correo": "otra@example.com"})
    assert estado == 429 and r["error"]["codigo"] == "limite_excedido"
    assert "ese teléfono" in r["error"]["mensaje"]
    assert "767 672 0827" in r["error"]["mensaje"] and "777 500 0232" in r["error"]["mensaje"]
    assert [c["campo"] for c in r["error"]["campos"]] == ["telefono"]
    assert _casos(aws) == 5
    aws.drenar()
    assert len([m for m in mensajes() if m["destino"] == "+527676720827"]) == 5


@pytest.mark.parametrize(
    "variantes",
    [
        ["victima+1@example.com", "victima+2@example.com", "VICTIMA@example.com", "victima+x+y@example.com"],
        ["v.ictima@gmail.com", "vic.ti.ma+1@gmail.com", "victima@googlemail.com", "V.I.C.T.I.M.A@GMAIL.COM"],
    ],
)
def test_el_limite_por_correo_no_se_evade_con_etiquetas_ni_puntos(aws, variantes):
    dominio = variantes[0].rsplit("@", 1)[1]
    base = f"victima@{'gmail.com' if 'gmail' in dominio else dominio}"
    for n, correo in enumerate([base, *variantes]):
        estado, r, _ = aws.api("POST", "/api/casos", {**QUEJA, "correo": correo, "contrato": f"1000000{n}"})
        assert estado == 201, r
    estado, r, _ = aws.api("POST", "/api/casos", {**QUEJA, "correo": "victima+6@" + dominio, "contrato": "20000000"})
    assert estado == 429 and "ese correo" in r["error"]["mensaje"]
    assert [c["campo"] for c in r["error"]["campos"]] == ["correo"]
    assert _casos(aws) == 5
    # Los puntos sólo se ignoran en Gmail: en otro dominio son otra persona.
    if "gmail" not in dominio:
        assert (
            aws.api("POST", "/api/casos", {**QUEJA, "correo": "vic.tima@example.com", "contrato": "20000001"})[0] == 201
        )


def test_correos_ajenos_no_agotan_la_cuota_del_titular(aws):
    # Cinco casos desde correos ajenos sobre el contrato de alguien más…
    for n in range(5):
        assert aws.api("POST", "/api/casos", {**QUEJA, "correo": f"ajeno{n}@example.com"})[0] == 201
    # …y el titular todavía puede abrir el suyo.
    estado, r, _ = aws.api("POST", "/api/casos", {**QUEJA, "correo": "titular@example.com"})
    assert estado == 201, r


def test_cuota_por_contrato_y_contacto(aws):
    from funciones.nucleo.dominio.catalogo import catalogo

    maximo = catalogo()["limites"]["casos_por_contrato_y_contacto_al_dia"]
    assert maximo < catalogo()["limites"]["casos_por_correo_al_dia"]
    for _ in range(maximo):
        assert aws.api("POST", "/api/casos", QUEJA)[0] == 201
    estado, r, _ = aws.api("POST", "/api/casos", QUEJA)
    assert estado == 429 and "ese contrato" in r["error"]["mensaje"]
    assert [c["campo"] for c in r["error"]["campos"]] == ["contrato"]
    # El mismo correo con otro contrato (p. ej. el de su negocio) sigue dentro de su cuota por correo.
    assert aws.api("POST", "/api/casos", {**QUEJA, "contrato": "87654321"})[0] == 201


def test_las_claves_de_los_limites_son_hmac_con_la_pimienta(aws):
    import hmac

    assert aws.api("POST", "/api/casos", {**QUEJA, "telefono": "767 672 0827"})[0] == 201
    claves = {i["pk"]["S"].split("#", 2)[2] for i in aws.items() if i["pk"]["S"].startswith("LIMITE#")}
    assert len(claves) == 3  # correo, teléfono, contrato+correo
    sin_sal = {
        hashlib.sha256(f"{campo}:{valor}".encode()).hexdigest()[:32]
        for campo, valor in (("correo", "ana@example.com"), ("contrato", "12345678"), ("telefono", "7676720827"))
    }
    assert not claves & sin_sal
    # Ni con la pimienta cruda como llave: se usa una llave derivada para este propósito.
    pimienta = bytes.fromhex("5e" * 32)
    cruda = hmac.new(pimienta, b"correo:ana@example.com", hashlib.sha256).hexdigest()[:32]
    assert cruda not in claves
    from funciones.nucleo.dominio.limites import llave_limites

    llave = llave_limites(pimienta)
    assert hmac.new(llave, b"correo:ana@example.com", hashlib.sha256).hexdigest()[:32] in claves


def test_el_alta_web_es_una_sola_llamada_a_dynamodb(aws):
    import boto3

    from funciones.nucleo.adaptadores.aws import cliente

    llamadas: list[str] = []
    for c in (cliente("dynamodb"), boto3.client("dynamodb")):
        c.meta.events.register("before-call.dynamodb", lambda model, **_: llamadas.append(model.name))
    cab = {"Idempotency-Key": "8f14e45f-ceea-4672-9b3a-5b1c0e6d2a11"}
    assert aws.api("POST", "/api/casos", {**QUEJA, "telefono": "767 672 0827"}, cabeceras=cab)[0] == 201
    assert llamadas == ["TransactWriteItems"]


def test_el_registro_de_idempotencia_no_guarda_el_token_del_comprobante(aws):
    from urllib.parse import urlsplit

    clave = "8f14e45f-ceea-4672-9b3a-5b1c0e6d2a11"
    estado, primera, _ = aws.api("POST", "/api/casos", QUEJA, cabeceras={"Idempotency-Key": clave})
    assert estado == 201
    token = primera["comprobante_url"].split("t=")[1]
    (idem,) = [i for i in aws.items() if i["pk"]["S"].startswith("IDEM#")]
    assert token not in str(idem)
    # Tampoco la clave en claro: con ella (y la pimienta) se recalcula el token.
    assert clave not in str(idem)
    # La repetición da la misma respuesta, con un enlace al comprobante que sirve.
    estado, repetida, cabeceras = aws.api("POST", "/api/casos", QUEJA, cabeceras={"Idempotency-Key": clave})
    assert estado == 201 and cabeceras.get("Idempotent-Replayed") == "true"
    assert repetida == primera
    url = urlsplit(repetida["comprobante_url"])
    estado, pagina, _ = aws.api("GET", url.path, consulta=url.query)
    assert estado == 200 and primera["folio_legible"] in pagina
    # Otra clave con el mismo cuerpo es otro caso, con otro token.
    estado, otra, _ = aws.api("POST", "/api/casos", QUEJA, cabeceras={"Idempotency-Key": "otra-clave-0001"})
    assert estado == 201 and otra["folio"] != primera["folio"]
    assert otra["comprobante_url"].split("t=")[1] != token


PHISHING = "Visita http://phish.example/login"


@pytest.mark.parametrize("medio", ["correo", "sms"])
def test_el_folio_no_repite_lo_que_escribio_el_remitente(aws, medio):
    from infraestructura.local.buzones import entregados, mensajes

    cuerpo = {
        **QUEJA,
        "nombre": PHISHING,
        "descripcion": f"Tu cuenta será suspendida. {PHISHING} o www.phish.example hoy.",
        "telefono": "767 672 0827",
        "medio_notificacion": medio,
    }
    estado, r, _ = aws.api("POST", "/api/casos", cuerpo)
    assert estado == 201, r
    aws.drenar()
    if medio == "correo":
        (correo,) = aws.correos()
        (crudo,) = [c for _, c in entregados()]
        # Ni en el cuerpo (texto y HTML) ni en las cabeceras (el nombre del To), ni codificado.
        for parte in (correo["asunto"], correo["texto"], correo["html"], crudo.decode("ascii", "replace")):
            assert "phish" not in parte.lower() and "suspendida" not in parte
        assert correo["texto"].startswith("Hola:")
        assert r["folio_legible"] in correo["texto"] and "Queja · Interrupción del servicio" in correo["texto"]
    else:
        (sms,) = mensajes()
        assert "phish" not in sms["mensaje"].lower() and "suspendida" not in sms["mensaje"]
        assert r["folio_legible"] in sms["mensaje"]
    # El caso sí guarda lo que escribió (lo ve el asesor en la consola); sólo no sale hacia la dirección escrita.
    (caso,) = [i for i in aws.items() if i["sk"]["S"] == "CASO"]
    assert "suspendida" in caso["descripcion"]["S"]
    (evento,) = [i for i in aws.items() if i["sk"]["S"].startswith("EVENTO#")]
    assert "suspendida" not in str(evento["notificar"])


def test_el_nombre_de_una_persona_si_va_en_el_saludo_y_en_el_to(aws):
    from infraestructura.local.buzones import entregados

    assert aws.api("POST", "/api/casos", {**QUEJA, "nombre": "María José Núñez"})[0] == 201
    aws.drenar()
    (correo,) = aws.correos()
    assert correo["texto"].startswith("Hola, María José Núñez:")
    (crudo,) = [c for _, c in entregados()]
    import email
    from email.header import decode_header, make_header

    para = str(make_header(decode_header(email.message_from_bytes(crudo)["To"])))
    assert para == "María José Núñez <ana@example.com>"
