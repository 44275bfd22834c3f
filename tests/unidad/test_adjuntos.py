"""Adjuntos en el dominio, con dobles en memoria: tipo por bytes mágicos, nombre seguro, el camino de la web y el del
correo (`registrar_adjunto`), el resultado del antivirus y quién descarga."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from funciones.nucleo.dominio import adjuntos as a
from funciones.nucleo.dominio.caso import Caso
from funciones.nucleo.dominio.conversacion import CasoCerrado
from funciones.nucleo.dominio.errores import DatosInvalidos, NoEncontrado

AHORA = datetime(2026, 12, 1, 17, 0, tzinfo=UTC)
FOLIO = "1234567890"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01" + b"\x00" * 64
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64
HEIC = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + b" " * 64
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 64
ZIP = b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + b"\x00" * 64


class AlmacenFalso:
    def __init__(self) -> None:
        self.objetos: dict[str, tuple[bytes, str]] = {}
        self.borrados: list[str] = []

    def url_subida(self, llave, tipo_contenido, tamano, vence_s):
        return "https://subidas.example/", {"key": llave, "Content-Type": tipo_contenido, "tamano": str(tamano)}

    def cabecera(self, llave, n):
        if llave not in self.objetos:
            return None
        contenido = self.objetos[llave][0]
        return contenido[:n], len(contenido)

    def mover(self, origen, destino, tipo_contenido):
        self.objetos[destino] = (self.objetos.pop(origen)[0], tipo_contenido)

    def guardar(self, llave, contenido, tipo_contenido):
        self.objetos[llave] = (contenido, tipo_contenido)

    def borrar(self, llave):
        self.borrados.append(llave)
        self.objetos.pop(llave, None)

    def url_descarga(self, llave, nombre, tipo_contenido, vence_s):
        return f"https://descarga.example/{llave}?vence={vence_s}"


class RepoFalso:
    def __init__(self) -> None:
        self.adjuntos: dict[tuple[str, str], a.Adjunto] = {}

    def crear(self, adjunto, expira, limite=None):
        self.limite = limite
        self.adjuntos[(adjunto.folio, adjunto.id)] = adjunto

    def obtener(self, folio, adjunto_id):
        return self.adjuntos.get((folio, adjunto_id))

    def rechazar(self, adjunto):
        self.adjuntos[(adjunto.folio, adjunto.id)] = replace(adjunto, estado="rechazado")

    def anexar_mensaje(self, caso, version_leida, eventos, adjuntos, limite=None):
        for adj in adjuntos:
            previo = self.adjuntos.get((adj.folio, adj.id))
            assert previo is None or previo.estado == "pendiente"
            self.adjuntos[(adj.folio, adj.id)] = adj

    def registrar_escaneo(self, adjunto, evento):
        if self.adjuntos[(adjunto.folio, adjunto.id)].estado != "revisando":
            return False
        self.adjuntos[(adjunto.folio, adjunto.id)] = adjunto
        return True


CASO = Caso(
    folio=FOLIO,
    tipo="queja",
    categoria="interrupcion",
    canal="web",
    medio_notificacion="correo",
    nombre="Ana",
    descripcion="x",
    fecha_registro=AHORA,
    fecha_compromiso=AHORA,
    fecha_limite_legal=AHORA,
    estado="en_proceso",
)


@pytest.mark.parametrize(
    ("declarado", "contenido", "esperado"),
    [
        ("image/jpeg", JPEG, True),
        ("image/png", PNG, True),
        ("image/heic", HEIC, True),
        ("application/pdf", PDF, True),
        ("image/jpeg", PNG, False),
        ("image/jpeg", EXE, False),
        ("application/pdf", ZIP, False),
        ("image/png", b"", False),
        ("image/gif", JPEG, False),
        ("application/pdf", b"hola, soy texto", False),
    ],
)
def test_el_tipo_lo_dicen_los_bytes(declarado, contenido, esperado):
    assert a.coincide(declarado, contenido) is esperado


def test_el_tipo_de_un_archivo_de_correo_sale_de_sus_bytes():
    assert [a.tipo_de_contenido(c) for c in (JPEG, PNG, HEIC, PDF, EXE, b"")] == [
        "image/jpeg",
        "image/png",
        "image/heic",
        "application/pdf",
        None,
        None,
    ]


@pytest.mark.parametrize(
    ("nombre", "seguro"),
    [
        ("recibo.jpg", "recibo.jpg"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\ana\\foto del módem.png", "foto del módem.png"),
        ("a\x00b\u202ec.pdf", "abc.pdf"),
        ('x<y>:"|?*.pdf', "x_y______.pdf"),
        ("...", "archivo"),
        ("a" * 200 + ".jpeg", "a" * 115 + ".jpeg"),
    ],
)
def test_nombre_seguro(nombre, seguro):
    assert a.nombre_seguro(nombre) == seguro
    assert len(a.nombre_seguro(nombre)) <= 120


def test_llave_de_objeto_solo_de_casos():
    assert a.llave_de_objeto(f"casos/{FOLIO}/0123456789abcdef") == (FOLIO, "0123456789abcdef")
    for otra in (f"subidas/{FOLIO}/0123456789abcdef", f"casos/{FOLIO}/../x", "casos/123/0123456789abcdef", ""):
        assert a.llave_de_objeto(otra) is None


@pytest.mark.parametrize(
    ("detalle", "estado"),
    [
        ({"scanStatus": "COMPLETED", "scanResultDetails": {"scanResultStatus": "NO_THREATS_FOUND"}}, "limpio"),
        ({"scanStatus": "COMPLETED", "scanResultDetails": {"scanResultStatus": "THREATS_FOUND"}}, "infectado"),
        ({"scanStatus": "SKIPPED", "scanResultDetails": {"scanResultStatus": "UNSUPPORTED"}}, "sin_revisar"),
        ({"scanStatus": "FAILED", "scanResultDetails": {"scanResultStatus": "ACCESS_DENIED"}}, "sin_revisar"),
        ({"scanStatus": "FAILED"}, "sin_revisar"),
        # Limpio sin escaneo completo no vale.
        ({"scanStatus": "SKIPPED", "scanResultDetails": {"scanResultStatus": "NO_THREATS_FOUND"}}, "sin_revisar"),
    ],
)
def test_estado_por_el_resultado_de_guardduty(detalle, estado):
    assert a.estado_por_escaneo(detalle) == estado


def _subido(almacen: AlmacenFalso, repo: RepoFalso, contenido: bytes, tipo: str = "image/jpeg", tamano=None):
    adjunto, _, campos = a.nuevo_adjunto(
        almacen, repo, CASO, "recibo.jpg", tipo, len(contenido) if tamano is None else tamano, "cliente", AHORA
    )
    assert campos["key"] == f"subidas/{FOLIO}/{adjunto.id}"
    almacen.objetos[adjunto.llave_subida] = (contenido, tipo)
    return adjunto


def test_preparar_mueve_a_casos_lo_revisado():
    almacen, repo = AlmacenFalso(), RepoFalso()
    adjunto = _subido(almacen, repo, JPEG)
    # El cliente cuenta contra el máximo diario de archivos del caso.
    assert repo.limite is not None and (repo.limite.clave, repo.limite.maximo) == (f"adjuntos#{FOLIO}", 40)
    [listo] = a.preparar_subidos(almacen, repo, FOLIO, [adjunto.id], "cliente")
    assert listo.estado == "revisando" and set(almacen.objetos) == {f"casos/{FOLIO}/{adjunto.id}"}


@pytest.mark.parametrize(
    ("contenido", "tamano", "texto"),
    [
        (EXE, None, "no es un(a) foto JPEG por su contenido"),
        (JPEG, len(JPEG) - 1, "no es un(a) foto JPEG por su contenido"),
    ],
)
def test_otro_tipo_u_otro_tamano_se_borra_y_nada_se_mueve(contenido, tamano, texto):
    almacen, repo = AlmacenFalso(), RepoFalso()
    bueno = _subido(almacen, repo, JPEG)
    malo = _subido(almacen, repo, contenido, tamano=tamano)
    with pytest.raises(DatosInvalidos) as e:
        a.preparar_subidos(almacen, repo, FOLIO, [bueno.id, malo.id], "cliente")
    assert e.value.campos[0].campo == "adjuntos.1" and texto in e.value.campos[0].mensaje
    # El malo se borró; el bueno sigue en subidas/ (nada se movió) para otro intento.
    assert set(almacen.objetos) == {bueno.llave_subida}
    assert repo.obtener(FOLIO, malo.id).estado == "rechazado"


def test_un_adjunto_de_otro_origen_o_ya_usado_no_entra():
    almacen, repo = AlmacenFalso(), RepoFalso()
    adjunto = _subido(almacen, repo, JPEG)
    with pytest.raises(DatosInvalidos):
        a.preparar_subidos(almacen, repo, FOLIO, [adjunto.id], "asesor.demo")
    repo.adjuntos[(FOLIO, adjunto.id)] = replace(adjunto, estado="revisando")
    with pytest.raises(DatosInvalidos) as e:
        a.preparar_subidos(almacen, repo, FOLIO, [adjunto.id], "cliente")
    assert "ya se envió" in e.value.campos[0].mensaje
    with pytest.raises(DatosInvalidos):
        a.preparar_subidos(almacen, repo, FOLIO, [adjunto.id, adjunto.id], "cliente")


def test_un_caso_cerrado_no_recibe_adjuntos():
    with pytest.raises(CasoCerrado):
        a.nuevo_adjunto(
            AlmacenFalso(),
            RepoFalso(),
            replace(CASO, estado="cerrado"),
            "x.pdf",
            "application/pdf",
            9,
            "cliente",
            AHORA,
        )


def test_registrar_adjunto_del_correo():
    almacen = AlmacenFalso()
    adjunto = a.registrar_adjunto(almacen, FOLIO, "IMG_0001.HEIC", HEIC, AHORA)
    assert (adjunto.tipo_contenido, adjunto.estado, adjunto.canal, adjunto.origen) == (
        "image/heic",
        "revisando",
        "correo",
        "cliente",
    )
    assert almacen.objetos[adjunto.llave] == (HEIC, "image/heic")
    assert adjunto.para_mensaje().datos() == {
        "id": adjunto.id,
        "nombre": "IMG_0001.HEIC",
        "tipo_contenido": "image/heic",
        "tamano": len(HEIC),
    }
    with pytest.raises(a.AdjuntoRechazado) as e:
        a.registrar_adjunto(almacen, FOLIO, "virus.exe", EXE, AHORA)
    assert "no es uno de los tipos aceptados" in e.value.motivo
    with pytest.raises(a.AdjuntoRechazado) as e:
        a.registrar_adjunto(almacen, FOLIO, "enorme.pdf", PDF + b" " * a.TAMANO_MAXIMO, AHORA)
    assert e.value.motivo == "pesa más de 10 MB"
    assert len(almacen.objetos) == 1


@pytest.mark.parametrize(
    ("estado", "codigo"),
    [("revisando", "adjunto_en_revision"), ("infectado", "adjunto_infectado"), ("sin_revisar", "adjunto_sin_revisar")],
)
def test_solo_lo_limpio_se_descarga(estado, codigo):
    almacen, repo = AlmacenFalso(), RepoFalso()
    adjunto = replace(_subido(almacen, repo, JPEG), estado=estado)
    repo.adjuntos[(FOLIO, adjunto.id)] = adjunto
    with pytest.raises(a.AdjuntoNoDisponible) as e:
        a.para_descargar(repo, almacen, FOLIO, adjunto.id)
    assert e.value.codigo == codigo
    repo.adjuntos[(FOLIO, adjunto.id)] = replace(adjunto, estado="limpio")
    url, _ = a.para_descargar(repo, almacen, FOLIO, adjunto.id)
    assert url == f"https://descarga.example/casos/{FOLIO}/{adjunto.id}?vence=300"
    for otro in ("pendiente", "rechazado"):
        repo.adjuntos[(FOLIO, adjunto.id)] = replace(adjunto, estado=otro)
        with pytest.raises(NoEncontrado):
            a.para_descargar(repo, almacen, FOLIO, adjunto.id)


def test_el_evento_del_escaneo_es_interno_y_determinista():
    adjunto = a.Adjunto("0123456789abcdef", FOLIO, "recibo.jpg", "image/jpeg", 10, "cliente", AHORA, mensaje="m1")
    e = a.evento_escaneo(adjunto, "infectado", AHORA, ["EICAR-Test-File (not a virus)"])
    assert (e.tipo, e.publico, e.id) == ("adjunto_infectado", False, "esc012345678")
    assert e.datos == {
        "adjunto": "0123456789abcdef",
        "estado": "infectado",
        "mensaje": "m1",
        "amenazas": ["EICAR-Test-File (not a virus)"],
    }
    assert "no se puede descargar" in e.descripcion
