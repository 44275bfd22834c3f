"""Qué hace `correo_entrante` con cada correo recibido, sobre dobles en memoria (sin red)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from funciones.alta.logica import registrar_caso
from funciones.correo_entrante.logica import Archivos, Entrega, procesar
from funciones.correo_entrante.mensaje import Adjunto, Recibido
from funciones.nucleo.dominio.caso import Evento
from funciones.nucleo.dominio.conversacion import limite_diario
from funciones.nucleo.dominio.errores import LimiteExcedido
from funciones.nucleo.dominio.folio import digito_damm
from funciones.nucleo.dominio.respuestas import direccion_respuesta
from tests.unidad.fakes import RepositorioFalso
from tests.unidad.test_logica import AHORA, SOLICITUD

PIMIENTA = b"pimienta-de-prueba-de-16-bytes!!"
DOMINIO = "bluepoint.mx"
CITA = "\n\nEl mar, 1 dic 2026 a las 10:00, Blue Point <respuestas+x@bluepoint.mx> escribió:\n> Tu folio es 123"


class ApartadosFalsos:
    def __init__(self) -> None:
        self.apartados: list[dict] = []

    def apartar(self, entrega, motivo, folio, remitente, ahora) -> None:
        self.apartados.append({"objeto": entrega.objeto, "motivo": motivo, "folio": folio, "remitente": remitente})


class AlmacenFalso:
    def __init__(self) -> None:
        self.objetos: dict[str, tuple[bytes, str]] = {}
        self.borrados: list[str] = []

    def guardar(self, llave, contenido, tipo_contenido) -> None:
        self.objetos[llave] = (contenido, tipo_contenido)

    def borrar(self, llave) -> None:
        self.borrados.append(llave)
        self.objetos.pop(llave, None)


class AdjuntosFalsos:
    """Como AdjuntosDynamo.anexar_mensaje: caso, eventos y adjuntos juntos, o nada."""

    def __init__(self, repo: RepositorioFalso, falla: bool = False) -> None:
        self.repo = repo
        self.adjuntos: list = []
        self.falla = falla
        self.cuentas: dict[tuple[str, str], int] = {}

    def anexar_mensaje(self, caso, version_leida, eventos, adjuntos, limite=None) -> None:
        if self.falla:
            raise ConnectionError("DynamoDB no disponible")
        if limite is not None and self.cuentas.get((limite.clave, limite.dia), 0) >= limite.maximo:
            raise LimiteExcedido(limite.mensaje)
        self.repo.actualizar(caso, version_leida, eventos)
        self.adjuntos.extend(adjuntos)
        if limite is not None:
            self.cuentas[(limite.clave, limite.dia)] = self.cuentas.get((limite.clave, limite.dia), 0) + 1


JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64


def _caso(repo: RepositorioFalso, **cambios):
    caso = registrar_caso(SOLICITUD, repo, AHORA).caso
    assert caso is not None
    if cambios:
        repo.casos[caso.folio] = replace(caso, **cambios)
    return repo.casos[caso.folio]


def _correo(folio: str, texto: str = "Les mando foto del recibo." + CITA, **cambios) -> tuple[Recibido, Entrega]:
    para = direccion_respuesta(folio, PIMIENTA, DOMINIO)
    recibido = Recibido(
        remitente="Ana@Example.com",
        destinatarios=[para],
        asunto="Re: Tu folio",
        id_correo="<CAF1@mail.gmail.com>",
        tipo_contenido="multipart/alternative",
        cabeceras={"Subject": "Re: Tu folio"},
        texto=texto,
    )
    recibido = replace(recibido, **{k: v for k, v in cambios.items() if hasattr(recibido, k)})
    entrega = Entrega(
        id_ses="ses-1",
        objeto="entrantes/ses-1",
        remitente_sobre="ana@example.com",
        destinatarios=[para],
        veredictos={"spam": "PASS", "virus": "PASS", "spf": "PASS", "dkim": "PASS", "dmarc": "PASS"},
    )
    entrega = replace(entrega, **{k: v for k, v in cambios.items() if hasattr(entrega, k)})
    return recibido, entrega


def _procesar(repo, apartados, recibido, entrega, ahora=AHORA, archivos=None):
    archivos = archivos or Archivos(AlmacenFalso(), AdjuntosFalsos(repo))
    return procesar(recibido, entrega, repo, apartados, archivos, PIMIENTA, DOMINIO, ahora)


def test_una_respuesta_se_anexa_sin_la_cita_y_alerta_a_la_cola():
    repo, apartados = RepositorioFalso(), ApartadosFalsos()
    caso = _caso(repo)
    r = _procesar(repo, apartados, *_correo(caso.folio))
    assert r.accion == "anexado" and r.folio == caso.folio and not apartados.apartados
    mensaje, alerta = repo.eventos[caso.folio][1:]
    assert mensaje.tipo == "mensaje_cliente" and mensaje.publico and mensaje.autor == "cliente"
    assert mensaje.descripcion == "Les mando foto del recibo."
    assert mensaje.datos["canal"] == "correo" and mensaje.datos["objeto"] == "entrantes/ses-1"
    assert mensaje.datos["id_correo"] == "<CAF1@mail.gmail.com>" and mensaje.datos["id_ses"] == "ses-1"
    assert alerta.tipo == "alerta_respuesta_cliente" and not alerta.publico
    assert "Sin asesor asignado" in alerta.datos["motivo"] and "foto" not in alerta.datos["motivo"]
    assert repo.casos[caso.folio].estado == "registrado" and repo.casos[caso.folio].version == caso.version + 1


def test_la_alerta_nombra_al_asesor_asignado():
    repo, apartados = RepositorioFalso(), ApartadosFalsos()
    caso = _caso(repo, asignado="asesor.demo")
    _procesar(repo, apartados, *_correo(caso.folio))
    alerta = repo.eventos[caso.folio][-1]
    assert "Asignado a asesor.demo" in alerta.datos["motivo"]
    assert alerta.notificar["datos"]["asignado"] == "asesor.demo"


def test_el_mismo_correo_dos_veces_se_anexa_una_vez():
    repo, apartados = RepositorioFalso(), ApartadosFalsos()
    caso = _caso(repo)
    _procesar(repo, apartados, *_correo(caso.folio))
    assert _procesar(repo, apartados, *_correo(caso.folio)).accion == "repetido"
    assert [e.tipo for e in repo.eventos[caso.folio]].count("mensaje_cliente") == 1


def test_responder_a_un_caso_resuelto_lo_reabre():
    repo, apartados = RepositorioFalso(), ApartadosFalsos()
    caso = _caso(repo, estado="resuelto")
    assert _procesar(repo, apartados, *_correo(caso.folio)).accion == "reabierto"
    assert repo.casos[caso.folio].estado == "reabierto"
    assert [e.tipo for e in repo.eventos[caso.folio][1:]] == [
        "mensaje_cliente",
        "caso_reabierto",
        "alerta_respuesta_cliente",
    ]


def _cerrado(repo, hace: timedelta):
    caso = _caso(repo, estado="cerrado")
    repo.eventos[caso.folio].append(
        Evento(folio=caso.folio, fecha=AHORA - hace, tipo="caso_cerrado", descripcion="Confirmaste.")
    )
    return caso


def test_responder_a_un_caso_cerrado_hace_menos_de_30_dias_lo_reabre():
    repo, apartados = RepositorioFalso(), ApartadosFalsos()
    caso = _cerrado(repo, timedelta(days=29))
    assert _procesar(repo, apartados, *_correo(caso.folio)).accion == "reabierto"
    assert repo.casos[caso.folio].estado == "reabierto"
    reabierto = [e for e in repo.eventos[caso.folio] if e.tipo == "caso_reabierto"]
    assert len(reabierto) == 1 and reabierto[0].datos["desde"] == "cerrado"


def test_despues_de_30_dias_abre_un_caso_nuevo_ligado():
    repo, apartados = RepositorioFalso(), ApartadosFalsos()
    caso = _cerrado(repo, timedelta(days=31))
    r = _procesar(repo, apartados, *_correo(caso.folio))
    assert r.accion == "nuevo" and r.folio_nuevo and r.folio_nuevo != caso.folio
    assert repo.casos[caso.folio].estado == "cerrado"
    liga = repo.eventos[caso.folio][-1]
    assert liga.tipo == "caso_vinculado" and liga.datos["nuevo"] == r.folio_nuevo and liga.publico
    nuevo = repo.casos[r.folio_nuevo]
    assert (nuevo.canal, nuevo.correo, nuevo.contrato, nuevo.tipo) == ("correo", caso.correo, caso.contrato, caso.tipo)
    registro, mensaje, alerta = repo.eventos[r.folio_nuevo]
    # El folio nuevo le llega al cliente por correo (la bandeja de salida del registro).
    assert registro.tipo == "caso_registrado" and registro.notificar["medio"] == "correo"
    assert mensaje.descripcion == "Les mando foto del recibo." and mensaje.datos["vinculado_a"] == caso.folio
    assert alerta.tipo == "alerta_respuesta_cliente"
    # Otra vez el mismo correo: ya está ligado, no abre otro caso.
    assert _procesar(repo, apartados, *_correo(caso.folio)).accion == "repetido"
    assert len(repo.casos) == 2


class RepositorioQueFallaAlLigar(RepositorioFalso):
    """La función se cae después del alta y antes de ligar (p. ej. se acaba el tiempo de Lambda): una vez."""

    def __init__(self) -> None:
        super().__init__()
        self.fallas = 1

    def actualizar(self, caso, version_leida, eventos) -> None:
        if self.fallas and any(e.tipo == "caso_vinculado" for e in eventos):
            self.fallas -= 1
            raise TimeoutError("Task timed out")
        super().actualizar(caso, version_leida, eventos)


def _un_solo_caso_ligado(repo, anterior, folio_nuevo) -> None:
    assert len(repo.casos) == 2 and folio_nuevo in repo.casos
    ligas = [e for e in repo.eventos[anterior.folio] if e.tipo == "caso_vinculado"]
    assert [e.datos["nuevo"] for e in ligas] == [folio_nuevo]
    tipos = [e.tipo for e in repo.eventos[folio_nuevo]]
    # Un solo registro (un solo correo con el folio nuevo), un solo mensaje y una sola alerta.
    assert tipos == ["caso_registrado", "mensaje_cliente", "alerta_respuesta_cliente"]


def test_si_falla_antes_de_ligar_el_reintento_de_ses_no_abre_otro_caso():
    repo, apartados = RepositorioQueFallaAlLigar(), ApartadosFalsos()
    anterior = _cerrado(repo, timedelta(days=31))
    archivos = Archivos(AlmacenFalso(), AdjuntosFalsos(repo))
    with pytest.raises(TimeoutError):
        _procesar(repo, apartados, *_correo(anterior.folio), archivos=archivos)
    # El alta y el mensaje quedaron; la liga no.
    (folio_nuevo,) = [f for f in repo.casos if f != anterior.folio]
    assert not [e for e in repo.eventos[anterior.folio] if e.tipo == "caso_vinculado"]
    # SES reintenta el mismo correo (mismo id y misma llave del crudo), un rato después.
    r = _procesar(repo, apartados, *_correo(anterior.folio), ahora=AHORA + timedelta(minutes=2), archivos=archivos)
    assert r.accion == "nuevo" and r.folio_nuevo == folio_nuevo
    _un_solo_caso_ligado(repo, anterior, folio_nuevo)
    assert _procesar(repo, apartados, *_correo(anterior.folio), archivos=archivos).accion == "repetido"
    assert len(repo.casos) == 2


def test_si_falla_al_anexar_el_mensaje_el_reintento_lo_anexa_al_mismo_caso_nuevo():
    repo, apartados = RepositorioFalso(), ApartadosFalsos()
    anterior = _cerrado(repo, timedelta(days=31))
    almacen = AlmacenFalso()
    recibido, entrega = _correo(anterior.folio, adjuntos=[Adjunto("recibo.png", "image/png", PNG)])
    with pytest.raises(ConnectionError):
        _procesar(repo, apartados, recibido, entrega, archivos=Archivos(almacen, AdjuntosFalsos(repo, falla=True)))
    (folio_nuevo,) = [f for f in repo.casos if f != anterior.folio]
    assert [e.tipo for e in repo.eventos[folio_nuevo]] == ["caso_registrado"]
    assert not almacen.objetos  # sin huérfanos: el archivo se borró al no escribirse el mensaje
    adjuntos = AdjuntosFalsos(repo)
    r = _procesar(repo, apartados, recibido, entrega, archivos=Archivos(almacen, adjuntos))
    assert r.folio_nuevo == folio_nuevo
    _un_solo_caso_ligado(repo, anterior, folio_nuevo)
    assert [a.folio for a in adjuntos.adjuntos] == [folio_nuevo] and len(almacen.objetos) == 1


def test_otro_correo_al_mismo_caso_cerrado_si_abre_otro_caso():
    # La idempotencia es por correo (la llave del crudo), no por caso anterior.
    repo, apartados = RepositorioFalso(), ApartadosFalsos()
    anterior = _cerrado(repo, timedelta(days=31))
    primero = _procesar(repo, apartados, *_correo(anterior.folio))
    anterior = repo.casos[anterior.folio]
    segundo = _procesar(repo, apartados, *_correo(anterior.folio, id_ses="ses-2", objeto="entrantes/ses-2"))
    assert primero.accion == segundo.accion == "nuevo" and primero.folio_nuevo != segundo.folio_nuevo


@pytest.mark.parametrize(
    ("cambios", "motivo"),
    [
        ({"destinatarios": ["respuestas+1234567890.aaaaaaaaaaaaaaaa@bluepoint.mx"]}, "token_invalido"),
        ({"remitente": "otra@example.com"}, "remitente_distinto"),
        ({"veredictos": {"virus": "FAIL"}}, "virus"),
        ({"veredictos": {"spam": "FAIL"}}, "spam"),
        ({"veredictos": {"dmarc": "FAIL"}}, "remitente_no_verificado"),
        ({"veredictos": {"spf": "FAIL", "dkim": "FAIL"}}, "remitente_no_verificado"),
        ({"texto": CITA.strip()}, "sin_texto"),
    ],
)
def test_lo_dudoso_se_aparta_en_silencio_sin_tocar_el_caso(cambios, motivo):
    repo, apartados = RepositorioFalso(), ApartadosFalsos()
    caso = _caso(repo)
    recibido, entrega = _correo(caso.folio, **cambios)
    if "destinatarios" in cambios:
        recibido = replace(recibido, destinatarios=cambios["destinatarios"])
    r = _procesar(repo, apartados, recibido, entrega)
    assert r.accion == "apartado" and r.motivo == motivo
    assert apartados.apartados == [
        {"objeto": "entrantes/ses-1", "motivo": motivo, "folio": r.folio, "remitente": recibido.remitente.lower()}
    ]
    assert len(repo.eventos[caso.folio]) == 1 and repo.casos[caso.folio].version == caso.version


def test_un_token_de_un_folio_que_no_existe_se_aparta():
    repo, apartados = RepositorioFalso(), ApartadosFalsos()
    r = _procesar(repo, apartados, *_correo("100000000" + digito_damm("100000000")))
    assert r.accion == "apartado" and r.motivo == "caso_inexistente"


@pytest.mark.parametrize(
    "cambios",
    [
        {"cabeceras": {"Auto-Submitted": "auto-replied", "Subject": "Re: Tu folio"}},
        {"cabeceras": {"Subject": "Respuesta automática: Tu folio"}},
        {"remitente": "MAILER-DAEMON@amazonses.com", "tipo_contenido": "multipart/report"},
        {"remitente_sobre": ""},
    ],
)
def test_autorespuestas_y_rebotes_se_ignoran_sin_anexar_ni_apartar(cambios):
    repo, apartados = RepositorioFalso(), ApartadosFalsos()
    caso = _caso(repo)
    r = _procesar(repo, apartados, *_correo(caso.folio, **cambios))
    assert r.accion == "ignorado" and not apartados.apartados and len(repo.eventos[caso.folio]) == 1


def test_los_adjuntos_van_por_el_camino_de_la_conversacion_y_los_demas_se_rechazan():
    repo, apartados = RepositorioFalso(), ApartadosFalsos()
    caso = _caso(repo)
    almacen, adjuntos_repo = AlmacenFalso(), AdjuntosFalsos(repo)
    adjuntos = [Adjunto(f"foto{i}.jpg", "image/jpeg", JPEG) for i in range(5)]
    # El tipo lo dicen los bytes, no el correo: un «PNG» que es una macro de Word no entra.
    adjuntos.insert(1, Adjunto("macro.png", "image/png", b"PK\x03\x04" + b"\x00" * 60))
    adjuntos.append(Adjunto("sexta.png", "image/png", PNG))
    r = _procesar(
        repo, apartados, *_correo(caso.folio, texto="", adjuntos=adjuntos), archivos=Archivos(almacen, adjuntos_repo)
    )
    assert r.accion == "anexado"
    mensaje = repo.eventos[caso.folio][1]
    assert mensaje.descripcion == "Nos enviaste archivos por correo."
    assert [a["nombre"] for a in mensaje.datos["adjuntos"]] == [f"foto{i}.jpg" for i in range(5)]
    assert {a["tipo_contenido"] for a in mensaje.datos["adjuntos"]} == {"image/jpeg"}
    motivos = {x["nombre"]: x["motivo"] for x in mensaje.datos["adjuntos_rechazados"]}
    assert set(motivos) == {"macro.png", "sexta.png"} and "más de 5" in motivos["sexta.png"]
    # Guardados en casos/<folio>/<id>, en revisión antivirus y ligados al mensaje: nadie los descarga todavía.
    assert sorted(almacen.objetos) == sorted(a.llave for a in adjuntos_repo.adjuntos)
    assert all(a.llave.startswith(f"casos/{caso.folio}/") for a in adjuntos_repo.adjuntos)
    assert {(a.estado, a.canal, a.mensaje) for a in adjuntos_repo.adjuntos} == {("revisando", "correo", mensaje.id)}
    assert not any(a.descargable for a in adjuntos_repo.adjuntos)


def test_si_el_mensaje_no_se_escribe_los_adjuntos_se_borran():
    repo, apartados = RepositorioFalso(), ApartadosFalsos()
    caso = _caso(repo)
    almacen = AlmacenFalso()
    archivos = Archivos(almacen, AdjuntosFalsos(repo, falla=True))
    recibido, entrega = _correo(caso.folio, adjuntos=[Adjunto("recibo.jpg", "image/jpeg", JPEG)])
    with pytest.raises(ConnectionError):
        _procesar(repo, apartados, recibido, entrega, archivos=archivos)
    assert almacen.objetos == {} and len(almacen.borrados) == 1
    assert len(repo.eventos[caso.folio]) == 1


def test_el_caso_nuevo_ligado_lleva_los_adjuntos_del_correo():
    repo, apartados = RepositorioFalso(), ApartadosFalsos()
    caso = _cerrado(repo, timedelta(days=45))
    adjuntos_repo = AdjuntosFalsos(repo)
    archivos = Archivos(AlmacenFalso(), adjuntos_repo)
    recibido, entrega = _correo(caso.folio, adjuntos=[Adjunto("recibo.jpg", "image/jpeg", JPEG)])
    r = _procesar(repo, apartados, recibido, entrega, archivos=archivos)
    assert r.accion == "nuevo"
    (adjunto,) = adjuntos_repo.adjuntos
    assert adjunto.folio == r.folio_nuevo and adjunto.llave.startswith(f"casos/{r.folio_nuevo}/")


def test_el_maximo_diario_de_mensajes_del_caso_vale_tambien_por_correo():
    repo, apartados = RepositorioFalso(), ApartadosFalsos()
    caso = _caso(repo)
    archivos = Archivos(AlmacenFalso(), AdjuntosFalsos(repo))
    limite = limite_diario(caso, "mensajes", AHORA)
    archivos.repo.cuentas[(limite.clave, limite.dia)] = limite.maximo
    r = _procesar(repo, apartados, *_correo(caso.folio), archivos=archivos)
    assert (r.accion, r.motivo) == ("apartado", "limite_diario")
    assert apartados.apartados[0]["motivo"] == "limite_diario" and len(repo.eventos[caso.folio]) == 1
