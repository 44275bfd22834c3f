"""Derechos ARCO de punta a punta por los handlers reales sobre moto (issue 16, punto 8)."""

from __future__ import annotations

import json
import re

import pytest

from tests.integracion.test_agentes import ASESOR, SUPERVISOR, abrir, verificar
from tests.integracion.test_busqueda import buscar
from tests.integracion.test_encuestas_reportes import caso_cerrado, cerrar, encuestas_de, enlace

MOTIVO = "Solicitud ARCO firmada por el titular, recibida en sucursal Centro."
PERSONALES = ("10002000", "maria", "María", "gomez", "Gómez", "5512345678", "example.com")


def _acceso(aws, agente=SUPERVISOR, consulta=None, **dato):
    extra = {"consulta": consulta} if consulta else {}
    return aws.api("POST", "/api/arco/accesos", {**dato, "motivo": MOTIVO}, agente=agente, **extra)


def _cancelar(aws, agente=SUPERVISOR, **dato):
    return aws.api("POST", "/api/arco/cancelaciones", {**dato, "motivo": MOTIVO}, agente=agente)


def _particion(aws, pk):
    return [i for i in aws.items() if i["pk"]["S"] == pk]


@pytest.fixture
def maria(llamada):
    """María (contrato 10002000) con un caso cerrado y su encuesta calificada."""
    aws = llamada
    folio = caso_cerrado(aws)
    (correo,) = encuestas_de(aws, folio)
    ruta, _ = enlace(correo, 4)
    assert aws.api("POST", ruta, {"calificacion": 4, "comentario": "María Gómez agradece"})[0] == 200
    aws.drenar()
    return aws, folio


def test_acceso_por_telefono_exporta_perfil_casos_y_registro_y_queda_el_evento(maria):
    aws, folio = maria
    estado, r, _ = _acceso(aws, telefono="55 1234 5678")
    assert estado == 200, r
    assert [c["contrato"] for c in r["clientes"]] == ["10002000"]
    assert r["clientes"][0]["telefono_texto"] == "55 1234 5678" and "HMAC" in r["clientes"][0]["domicilio"]
    assert [c["caso"]["folio"] for c in r["casos"]] == [folio]
    tipos = [h["tipo"] for h in r["casos"][0]["historial"]]
    assert tipos[0] == "caso_registrado" and "caso_cerrado" in tipos
    assert r["casos"][0]["encuestas"][0]["calificacion"] == 4
    # El registro del cliente trae la verificación de quien llamó.
    assert any(e["tipo"].startswith("verificacion") for e in r["registro"]), r["registro"]
    assert r["dato_nombre"] == "Teléfono" and r["solicitado_por"] == "supervisor.demo"
    # Queda el evento en el caso y en el registro del cliente.
    assert [i for i in _particion(aws, f"CASO#{folio}") if i.get("tipo", {}).get("S") == "arco_acceso"]
    assert [i for i in _particion(aws, "CLIENTE#10002000") if i.get("tipo", {}).get("S") == "arco_acceso"]
    # Imprimible, con etiquetas humanas y sin claves crudas.
    estado, html, _ = _acceso(aws, consulta="formato=html", correo="maria.gomez@example.com")
    assert estado == 200
    assert "Registro de la solicitud" in html and "Teléfono" in html and "caso_registrado" not in html
    assert "2026" in html or "202" in html


def test_cancelacion_anonimiza_todo_y_el_reporte_conserva_los_conteos(maria):
    aws, folio = maria
    _, antes, _ = aws.api("GET", "/api/reportes", agente=SUPERVISOR)
    estado, r, _ = _cancelar(aws, contrato="10002000")
    assert estado == 200, r
    assert r["casos"] == [folio] and r["perfiles"] == 1 and r["indices"] > 0 and r["encuestas"] == 1

    # La búsqueda ya no la encuentra por ningún dato.
    for q in ("10002000", "5512345678", "maria.gomez@example.com", "Gómez Ruiz"):
        estado, b, _ = buscar(aws, q)
        assert estado == 200 and b["casos"] == [] and b["clientes"] == [], (q, b)
    indices = [i["sk"]["S"] for i in aws.items() if i["pk"]["S"].startswith("BUSCA#")]
    assert indices, "los demás clientes del padrón siguen en el índice"
    assert not [sk for sk in indices if sk == "CLIENTE#10002000" or sk.endswith(folio)]
    assert not [i for i in aws.items() if i["pk"]["S"].startswith("LIMITE#")]
    # Nada de sus datos queda en la partición del caso ni en el registro del cliente.
    restos = json.dumps(_particion(aws, f"CASO#{folio}") + _particion(aws, "CLIENTE#10002000"), ensure_ascii=False)
    for dato in PERSONALES[1:]:
        assert dato not in restos, dato
    assert "agradece" not in restos
    assert not [i for i in _particion(aws, "CLIENTE#10002000") if i["sk"]["S"] == "PERFIL"]

    # El caso sigue, con su tipo, fechas, estado y resultado; y los eventos quedaron.
    estado, detalle, _ = aws.api("GET", f"/api/casos/{folio}", agente=SUPERVISOR)
    assert estado == 200
    c = detalle["caso"]
    assert (c["nombre"], c["contrato"], c["correo"], c["telefono"]) == ("Titular anonimizado", None, None, None)
    assert (c["tipo"], c["categoria"], c["estado"]) == ("queja", "interrupcion", "cerrado")
    tipos = [h["tipo"] for h in detalle["historial"]]
    assert "arco_cancelacion" in tipos and "caso_resuelto" in tipos and "caso_registrado" in tipos
    assert [i for i in _particion(aws, "CLIENTE#10002000") if i.get("tipo", {}).get("S") == "arco_cancelacion"]

    # Los reportes conservan volumen, resultados y encuestas.
    aws.drenar()
    _, despues, _ = aws.api("GET", "/api/reportes", agente=SUPERVISOR)
    for campo in ("casos", "resueltos", "primer_contacto", "csat"):
        assert despues.get(campo) == antes.get(campo), campo

    # Una segunda solicitud ya no encuentra nada.
    assert _cancelar(aws, contrato="10002000")[0] == 404
    assert _acceso(aws, correo="maria.gomez@example.com")[0] == 404


def test_un_caso_con_proceso_profeco_abierto_se_rechaza_con_el_motivo(maria):
    aws, folio = maria
    marca = {"expediente": "PFC/CDMX/2026/118", "motivo": "Queja presentada por el cliente ante PROFECO."}
    estado, r, _ = aws.api("PUT", f"/api/casos/{folio}/profeco", marca, agente=SUPERVISOR)
    assert estado == 200 and r["abierto"] is True and r["expediente"] == "PFC/CDMX/2026/118"
    # El detalle del caso la lleva (la consola la muestra y ofrece cerrarla).
    detalle = aws.api("GET", f"/api/casos/{folio}", agente=SUPERVISOR)[1]["caso"]["proceso_profeco"]
    assert detalle["expediente"] == "PFC/CDMX/2026/118" and detalle["por"] == SUPERVISOR[0]
    assert re.search(r" de \d{4} a las? \d{2}:\d{2}$", detalle["desde_texto"])
    antes = aws.items()
    estado, r, _ = _cancelar(aws, telefono="5512345678")
    assert estado == 409 and r["error"]["codigo"] == "proceso_profeco_abierto"
    assert "PFC/CDMX/2026/118" in r["error"]["mensaje"] and "PROFECO" in r["error"]["mensaje"]
    assert aws.items() == antes
    # Cerrado el proceso, la cancelación pasa.
    cierre = {"motivo": "Conciliación concluida ante PROFECO."}
    assert aws.api("DELETE", f"/api/casos/{folio}/profeco", cierre, agente=SUPERVISOR)[0] == 200
    assert aws.api("DELETE", f"/api/casos/{folio}/profeco", cierre, agente=SUPERVISOR)[0] == 409
    assert aws.api("GET", f"/api/casos/{folio}", agente=SUPERVISOR)[1]["caso"]["proceso_profeco"] is None
    assert _cancelar(aws, telefono="5512345678")[0] == 200


def test_un_caso_abierto_no_se_cancela(llamada):
    aws = llamada
    _, v, _ = verificar(aws)
    _, caso, _ = abrir(aws, v["verificacion_id"])
    antes = aws.items()
    estado, r, _ = _cancelar(aws, contrato="10002000")
    assert estado == 409 and r["error"]["codigo"] == "casos_abiertos"
    assert caso["folio_legible"] in r["error"]["mensaje"]
    assert aws.items() == antes


@pytest.mark.parametrize(
    ("cuerpo", "campo"),
    [
        ({"motivo": MOTIVO}, "contrato"),
        ({"contrato": "12", "motivo": MOTIVO}, "contrato"),
        ({"correo": "no-es-correo", "motivo": MOTIVO}, "correo"),
        ({"telefono": "123", "motivo": MOTIVO}, "telefono"),
        ({"contrato": "10002000", "correo": "a@example.com", "motivo": MOTIVO}, "correo"),
        ({"contrato": "10002000", "motivo": "corto"}, "motivo"),
        ({"contrato": "10002000"}, "motivo"),
        ({"contrato": "10002000", "motivo": MOTIVO, "extra": 1}, "extra"),
        ({"contrato": "10002000", "motivo": "<script>alert(1)</script> por favor"}, "motivo"),
    ],
)
@pytest.mark.parametrize("ruta", ["/api/arco/accesos", "/api/arco/cancelaciones"])
def test_entrada_mala_400_por_campo_y_nada_cambia(maria, ruta, cuerpo, campo):
    aws, _ = maria
    antes = aws.items()
    estado, r, _ = aws.api("POST", ruta, cuerpo, agente=SUPERVISOR)
    assert estado == 400, r
    assert campo in [c["campo"] for c in r["error"]["campos"]], r
    assert aws.items() == antes


@pytest.mark.parametrize("ruta", ["/api/arco/accesos", "/api/arco/cancelaciones"])
def test_solo_supervisores(maria, ruta):
    aws, _ = maria
    antes = aws.items()
    for quien in (ASESOR, ("facturacion.demo", "departamentos", "facturacion")):
        estado, _, _ = aws.api("POST", ruta, {"contrato": "10002000", "motivo": MOTIVO}, agente=quien)
        assert estado == 403
    assert aws.api("PUT", "/api/casos/0000000000/profeco", {}, agente=ASESOR)[0] in (400, 403)
    assert aws.items() == antes


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64


def _versiones(s3, bucket: str, llave: str) -> list[str]:
    r = s3.list_object_versions(Bucket=bucket, Prefix=llave)
    return [v["VersionId"] for v in [*r.get("Versions", []), *r.get("DeleteMarkers", [])] if v["Key"] == llave]


def test_la_cancelacion_borra_de_s3_los_adjuntos_y_los_correos_recibidos(llamada):
    import email
    from email import policy

    import boto3

    from infraestructura.local import recursos
    from infraestructura.local.correos_entrantes import BUCKET, componer_respuesta, recibir

    aws = llamada
    s3 = boto3.client("s3")
    # Como en la pila: el bucket de adjuntos guarda versiones (un DeleteObject simple dejaría la anterior).
    s3.put_bucket_versioning(Bucket=recursos.BUCKET_ADJUNTOS, VersioningConfiguration={"Status": "Enabled"})
    _, v, _ = verificar(aws)
    _, caso, _ = abrir(aws, v["verificacion_id"])
    folio = caso["folio"]
    aws.drenar()
    (folio_correo,) = [c for c in aws.correos() if c["responder_a"].startswith(f"respuestas+{folio}.")]
    # María responde al correo del folio con la foto del recibo.
    msg = email.message_from_bytes(componer_respuesta(folio_correo, "Les mando el recibo."), policy=policy.default)
    msg.add_attachment(PNG, maintype="image", subtype="png", filename="recibo-maria-gomez.png")
    resultado = recibir(msg.as_bytes(), s3, lambda ev: aws.invocar("correo_entrante", ev))
    assert resultado["accion"] == "anexado", resultado
    (adjunto,) = [i for i in _particion(aws, f"CASO#{folio}") if i["sk"]["S"].startswith("ADJUNTO#")]
    llave = f"casos/{folio}/{adjunto['id']['S']}"
    # Otra versión del mismo objeto (p. ej. reescrito por una herramienta): también debe irse.
    s3.put_object(Bucket=recursos.BUCKET_ADJUNTOS, Key=llave, Body=PNG + b"v2")
    assert len(_versiones(s3, recursos.BUCKET_ADJUNTOS, llave)) == 2
    crudo = f"entrantes/{resultado['id_ses']}"
    assert _versiones(s3, BUCKET, crudo)
    cerrar(aws, folio)

    estado, r, _ = _cancelar(aws, contrato="10002000")
    assert estado == 200, r
    assert folio in r["casos"] and r["archivos"] == 1 and r["correos_recibidos"] == 1
    # Ni el objeto ni sus versiones quedan; tampoco el correo crudo.
    assert _versiones(s3, recursos.BUCKET_ADJUNTOS, llave) == []
    assert _versiones(s3, BUCKET, crudo) == []
    # El item queda para los conteos, sin el nombre del archivo, y el detalle del caso lo muestra eliminado.
    (item,) = [i for i in _particion(aws, f"CASO#{folio}") if i["sk"]["S"].startswith("ADJUNTO#")]
    assert item["estado"]["S"] == "eliminado" and "maria" not in json.dumps(item).lower()
    estado, detalle, _ = aws.api("GET", f"/api/casos/{folio}", agente=SUPERVISOR)
    assert estado == 200, detalle
    (visto,) = detalle["adjuntos"]
    assert visto["descargable"] is False and visto["estado_nombre"].startswith("Eliminado")
    # Repetir con otro dato de la misma persona ya no encuentra nada (y no falla por lo ya borrado).
    assert _cancelar(aws, correo="maria.gomez@example.com")[0] == 404
