"""Adjuntos de un caso: qué se acepta, el tipo real por sus bytes mágicos, el escaneo y quién descarga.

Camino de un archivo (web y correo pasan por aquí):

1. `nuevo_adjunto`: registro `pendiente` + POST prefirmado a `subidas/<folio>/<id>` (sólo la web; vence en 1 día).
2. `preparar_subidos` (web) o `registrar_adjunto` (correo, con los bytes ya en la mano): el tipo se revisa por
   sus bytes mágicos y el objeto queda en `casos/<folio>/<id>`, `revisando`; ahí lo escanea GuardDuty.
3. `resultado_escaneo`: la etiqueta de GuardDuty lo deja `limpio` o `infectado`. Sólo uno limpio se descarga.

Sin boto3: los puertos (`AlmacenAdjuntos`, `RepositorioAdjuntos`) los implementan los adaptadores.
"""

from __future__ import annotations

import re
import secrets
import unicodedata
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any, Literal, Protocol

from funciones.nucleo.dominio.caso import Caso, Evento, Limite
from funciones.nucleo.dominio.conversacion import MAX_ADJUNTOS_POR_MENSAJE, AdjuntoMensaje
from funciones.nucleo.dominio.errores import Conflicto, DatosInvalidos, ErrorCampo

MB = 1024 * 1024
TAMANO_MAXIMO = 10 * MB
# Lo que se lee del principio del archivo para reconocer su tipo.
BYTES_CABECERA = 8192
# Un POST prefirmado vale 10 minutos; un adjunto sin usar en un mensaje se olvida al día.
VIGENCIA_SUBIDA = timedelta(minutes=10)
VIGENCIA_PENDIENTE = timedelta(days=1)
VIGENCIA_DESCARGA_S = 300

# tipo declarado → (nombre para el cliente, tipos que puremagic reconoce como ese).
TIPOS: dict[str, tuple[str, frozenset[str]]] = {
    "image/jpeg": ("foto JPEG", frozenset({"image/jpeg"})),
    "image/png": ("imagen PNG", frozenset({"image/png"})),
    # HEIC (iPhone) es un HEIF: puremagic lo reconoce como image/heif.
    "image/heic": ("foto HEIC", frozenset({"image/heic", "image/heif", "image/heic-sequence", "image/heif-sequence"})),
    "application/pdf": ("documento PDF", frozenset({"application/pdf"})),
}
TIPOS_TEXTO = "fotos JPEG, PNG o HEIC y documentos PDF"

# «eliminado»: el objeto se borró de S3 por una cancelación de datos (ARCO); el item queda para los conteos.
type EstadoAdjunto = Literal["pendiente", "revisando", "limpio", "infectado", "sin_revisar", "rechazado", "eliminado"]
ESTADOS_TEXTO: dict[str, str] = {
    "pendiente": "Subiendo",
    "revisando": "En revisión antivirus",
    "limpio": "Revisado, sin amenazas",
    "infectado": "Bloqueado: se encontró malware",
    "sin_revisar": "No se pudo revisar: bloqueado",
    "rechazado": "Rechazado",
    "eliminado": "Eliminado por una cancelación de datos (ARCO)",
}
# Etiqueta que GuardDuty pone al objeto escaneado y sus valores.
ETIQUETA_GUARDDUTY = "GuardDutyMalwareScanStatus"
LIMPIO_GUARDDUTY = "NO_THREATS_FOUND"

PREFIJO_SUBIDAS = "subidas/"
PREFIJO_CASOS = "casos/"
_LLAVE_CASO = re.compile(r"^casos/(\d{10})/([0-9a-f]{16})$")


@dataclass(frozen=True)
class Adjunto:
    id: str
    folio: str
    nombre: str
    tipo_contenido: str
    tamano: int
    # "cliente", o el usuario del agente que lo subió.
    origen: str
    creado: datetime
    estado: EstadoAdjunto = "pendiente"
    # El evento (mensaje o interacción) que lo lleva, cuando ya se envió.
    mensaje: str | None = None
    # "web" (POST prefirmado), "correo" o "whatsapp".
    canal: str = "web"

    @property
    def llave_subida(self) -> str:
        return f"{PREFIJO_SUBIDAS}{self.folio}/{self.id}"

    @property
    def llave(self) -> str:
        return f"{PREFIJO_CASOS}{self.folio}/{self.id}"

    @property
    def descargable(self) -> bool:
        return self.estado == "limpio"

    def para_mensaje(self) -> AdjuntoMensaje:
        return AdjuntoMensaje(self.id, self.nombre, self.tipo_contenido, self.tamano)


class AlmacenAdjuntos(Protocol):
    def url_subida(self, llave: str, tipo_contenido: str, tamano: int, vence_s: int) -> tuple[str, dict[str, str]]:
        """POST prefirmado atado a `llave`, ese tipo y ese tamaño exacto: (url, campos del formulario)."""

    def cabecera(self, llave: str, n: int) -> tuple[bytes, int] | None:
        """Los primeros `n` bytes y el tamaño del objeto; None si no existe."""

    def mover(self, origen: str, destino: str, tipo_contenido: str) -> None: ...

    def guardar(self, llave: str, contenido: bytes, tipo_contenido: str) -> None: ...

    def borrar(self, llave: str) -> None: ...

    def url_descarga(self, llave: str, nombre: str, tipo_contenido: str, vence_s: int) -> str: ...


class RepositorioAdjuntos(Protocol):
    def crear(self, adjunto: Adjunto, expira: int, limite: Limite | None = None) -> None:
        """`limite`: el máximo diario de archivos del caso, contado en la misma transacción (LimiteExcedido)."""

    def obtener(self, folio: str, adjunto_id: str) -> Adjunto | None: ...

    def anexar_mensaje(
        self,
        caso: Caso,
        version_leida: int,
        eventos: list[Evento],
        adjuntos: list[Adjunto],
        limite: Limite | None = None,
    ) -> None:
        """Caso, eventos y adjuntos (ya `revisando`) en una transacción; cada adjunto sólo si estaba `pendiente` o
        no existía. Conflicto si el caso cambió o un adjunto ya se usó; LimiteExcedido si `limite` ya se alcanzó."""

    def registrar_escaneo(self, adjunto: Adjunto, evento: Evento) -> bool:
        """El estado nuevo del adjunto y su evento, sólo si estaba `revisando`; False si ya se había anotado."""

    def rechazar(self, adjunto: Adjunto) -> None: ...


# ---------------------------------------------------------------- reglas puras


def nombre_seguro(nombre: str) -> str:
    """Sólo el nombre (sin carpetas), sin controles ni caracteres raros, 120 como máximo con su extensión."""
    nombre = unicodedata.normalize("NFC", nombre).replace("\\", "/").rsplit("/", 1)[-1]
    nombre = "".join(c for c in nombre if unicodedata.category(c)[0] not in "CZ" or c == " ")
    nombre = re.sub(r"[<>:\"|?*]", "_", nombre).strip(" .")
    if len(nombre) > 120:
        base, punto, ext = nombre.rpartition(".")
        nombre = (base[: 119 - len(ext)] + punto + ext) if punto and len(ext) <= 8 else nombre[:120]
    return nombre or "archivo"


def tipo_real(cabecera: bytes) -> str | None:
    """El tipo MIME que dicen los bytes mágicos (el más probable), o None si no se reconoce."""
    if not cabecera:
        return None
    import puremagic  # diferido: sólo quien revisa archivos lo carga

    try:
        coincidencias = puremagic.magic_string(cabecera)
    except puremagic.PureError:
        return None
    return coincidencias[0].mime_type if coincidencias else None


def coincide(tipo_declarado: str, cabecera: bytes) -> bool:
    return tipo_declarado in TIPOS and tipo_real(cabecera) in TIPOS[tipo_declarado][1]


def tipo_de_contenido(cabecera: bytes) -> str | None:
    """El tipo aceptado que corresponde a estos bytes (el correo no dice la verdad sobre el tipo); None si no."""
    real = tipo_real(cabecera)
    return next((t for t, (_, familia) in TIPOS.items() if real in familia), None)


def nuevo_id() -> str:
    return secrets.token_hex(8)


def llave_de_objeto(llave: str) -> tuple[str, str] | None:
    """(folio, id) de una llave `casos/<folio>/<id>`; None si no es de un adjunto."""
    m = _LLAVE_CASO.match(llave)
    return (m.group(1), m.group(2)) if m else None


class AdjuntoNoDisponible(Conflicto):
    def __init__(self, mensaje: str, codigo: str = "adjunto_no_disponible") -> None:
        super().__init__(mensaje, codigo)


def _error_adjunto(indice: int, mensaje: str) -> DatosInvalidos:
    return DatosInvalidos("Revisa los archivos adjuntos.", [ErrorCampo(f"adjuntos.{indice}", mensaje)], "adjunto")


# ---------------------------------------------------------------- casos de uso


def nuevo_adjunto(
    almacen: AlmacenAdjuntos,
    repo: RepositorioAdjuntos,
    caso: Caso,
    nombre: str,
    tipo_contenido: str,
    tamano: int,
    origen: str,
    ahora: datetime,
) -> tuple[Adjunto, str, dict[str, str]]:
    """Registra un adjunto `pendiente` y da el POST prefirmado para subirlo: (adjunto, url, campos).

    El tipo y el tamaño ya los validó el esquema; aquí se ata la subida a ellos.
    """
    if caso.estado == "cerrado":
        from funciones.nucleo.dominio.conversacion import CasoCerrado

        raise CasoCerrado()
    adjunto = Adjunto(nuevo_id(), caso.folio, nombre_seguro(nombre), tipo_contenido, tamano, origen, ahora)
    url, campos = almacen.url_subida(adjunto.llave_subida, tipo_contenido, tamano, int(VIGENCIA_SUBIDA.total_seconds()))
    from funciones.nucleo.dominio.conversacion import limite_diario

    limite = limite_diario(caso, "adjuntos", ahora) if origen == "cliente" else None
    repo.crear(adjunto, int((ahora + VIGENCIA_PENDIENTE).timestamp()), limite)
    return adjunto, url, campos


def preparar_subidos(
    almacen: AlmacenAdjuntos, repo: RepositorioAdjuntos, folio: str, ids: list[str], origen: str
) -> list[Adjunto]:
    """Los adjuntos que el cliente (o un agente) subió para su mensaje, revisados y movidos a `casos/`.

    Antes de mover nada se revisa todo: que sean de este caso y de quien escribe, que no se hayan usado, que el
    archivo haya llegado con el tamaño dicho y que sus bytes digan el tipo declarado. Un archivo de otro tipo se
    borra (4xx, nada guardado). Devuelve los adjuntos `revisando`, listos para `anexar_mensaje`.
    """
    if len(ids) > MAX_ADJUNTOS_POR_MENSAJE:
        raise DatosInvalidos(
            "Revisa los archivos adjuntos.",
            [ErrorCampo("adjuntos", f"Un mensaje lleva como máximo {MAX_ADJUNTOS_POR_MENSAJE} archivos.")],
            "demasiados_adjuntos",
        )
    if len(set(ids)) != len(ids):
        raise DatosInvalidos(
            "Revisa los archivos adjuntos.", [ErrorCampo("adjuntos", "Hay un archivo repetido.")], "adjunto"
        )
    listos: list[Adjunto] = []
    for i, adjunto_id in enumerate(ids):
        adjunto = repo.obtener(folio, adjunto_id)
        if adjunto is None or adjunto.origen != origen:
            raise _error_adjunto(i, "No encontramos este archivo en tu caso. Vuelve a adjuntarlo.")
        if adjunto.estado != "pendiente":
            raise _error_adjunto(i, f"«{adjunto.nombre}» ya se envió o se rechazó. Vuelve a adjuntarlo.")
        leido = almacen.cabecera(adjunto.llave_subida, BYTES_CABECERA)
        if leido is None:
            raise _error_adjunto(i, f"«{adjunto.nombre}» no terminó de subirse. Vuelve a adjuntarlo.")
        cabecera, tamano = leido
        if tamano != adjunto.tamano or not coincide(adjunto.tipo_contenido, cabecera):
            almacen.borrar(adjunto.llave_subida)
            repo.rechazar(adjunto)
            nombre_tipo = TIPOS[adjunto.tipo_contenido][0]
            raise _error_adjunto(
                i,
                f"«{adjunto.nombre}» no es un(a) {nombre_tipo} por su contenido. Sólo aceptamos {TIPOS_TEXTO}.",
            )
        listos.append(adjunto)
    for adjunto in listos:
        almacen.mover(adjunto.llave_subida, adjunto.llave, adjunto.tipo_contenido)
    return [replace(a, estado="revisando") for a in listos]


def registrar_adjunto(
    almacen: AlmacenAdjuntos,
    folio: str,
    nombre: str,
    contenido: bytes,
    ahora: datetime,
    canal: str = "correo",
    origen: str = "cliente",
) -> Adjunto:
    """El punto de entrada de un archivo que ya tenemos en la mano (el adjunto de un correo, de WhatsApp).

    El tipo sale de sus bytes (el del correo no se cree); fuera de JPEG, PNG, HEIC o PDF, o con más de 10 MB,
    `AdjuntoRechazado` y nada se guarda. Si pasa, queda en `casos/<folio>/<id>` (GuardDuty lo escanea) y se
    devuelve `revisando`: quien llama lo pasa a `mensaje_cliente` (`para_mensaje()`) y lo escribe con
    `RepositorioAdjuntos.anexar_mensaje` junto con el mensaje. Si el mensaje no se escribe, borra el objeto
    (`almacen.borrar(adjunto.llave)`): el resultado del antivirus de un adjunto sin registro se reintenta hasta que
    la función `adjuntos` lo manda a su cola de fallos.
    """
    tipo = tipo_de_contenido(contenido[:BYTES_CABECERA])
    if tipo is None:
        raise AdjuntoRechazado(nombre_seguro(nombre), f"no es uno de los tipos aceptados ({TIPOS_TEXTO})")
    if len(contenido) > TAMANO_MAXIMO:
        raise AdjuntoRechazado(nombre_seguro(nombre), "pesa más de 10 MB")
    adjunto = Adjunto(
        nuevo_id(), folio, nombre_seguro(nombre), tipo, len(contenido), origen, ahora, "revisando", canal=canal
    )
    almacen.guardar(adjunto.llave, contenido, tipo)
    return adjunto


def registrar_descargado(
    almacen: AlmacenAdjuntos,
    origen_llave: str,
    adjunto_id: str,
    folio: str,
    nombre: str,
    ahora: datetime,
    canal: str = "whatsapp",
    origen: str = "cliente",
) -> Adjunto:
    """Un archivo que un servicio ya dejó en el bucket bajo `subidas/` (el medio de WhatsApp que baja
    `get_whatsapp_message_media`): el mismo examen que `registrar_adjunto`, por sus bytes y su tamaño reales.

    Si pasa, se mueve a `casos/<folio>/<id>` (GuardDuty lo escanea) y se devuelve `revisando`; si no, se borra y
    `AdjuntoRechazado`. Quien llama lo escribe con `anexar_con_archivos` (que borra `adjunto.llave` si falla).
    """
    if not origen_llave.startswith(f"{PREFIJO_SUBIDAS}{folio}/"):
        raise ValueError("el archivo descargado debe quedar en subidas/<folio>/")
    nombre = nombre_seguro(nombre)
    leido = almacen.cabecera(origen_llave, BYTES_CABECERA)
    if leido is None:
        raise AdjuntoRechazado(nombre, "no se pudo descargar")
    cabecera, tamano = leido
    tipo = tipo_de_contenido(cabecera)
    if tipo is None or tamano > TAMANO_MAXIMO:
        almacen.borrar(origen_llave)
        raise AdjuntoRechazado(
            nombre, f"no es uno de los tipos aceptados ({TIPOS_TEXTO})" if tipo is None else "pesa más de 10 MB"
        )
    adjunto = Adjunto(adjunto_id, folio, nombre, tipo, tamano, origen, ahora, "revisando", canal=canal)
    almacen.mover(origen_llave, adjunto.llave, tipo)
    return adjunto


class AdjuntoRechazado(Exception):
    """Un archivo que no entra al caso (tipo o tamaño); `motivo` en español para anotarlo o avisarlo."""

    def __init__(self, nombre: str, motivo: str) -> None:
        super().__init__(f"{nombre}: {motivo}")
        self.nombre = nombre
        self.motivo = motivo


def anexar_con_archivos(
    almacen: AlmacenAdjuntos,
    repo: RepositorioAdjuntos,
    caso: Caso,
    version: int,
    eventos: list[Evento],
    adjuntos: list[Adjunto],
    limite: Limite | None,
) -> None:
    """Caso, eventos (el primero es el mensaje), adjuntos y la cuenta del día en una transacción; si no se escribe,
    los objetos de los adjuntos se borran: no quedan huérfanos (correo y WhatsApp)."""
    try:
        ligados = [replace(a, mensaje=eventos[0].id) for a in adjuntos]
        repo.anexar_mensaje(caso, version, eventos, ligados, limite)
    except Exception:
        for a in adjuntos:
            almacen.borrar(a.llave)
        raise


def estado_por_escaneo(detalle: dict[str, Any]) -> EstadoAdjunto:
    """El estado que deja el resultado de GuardDuty (evento de EventBridge `detail`)."""
    resultado = (detalle.get("scanResultDetails") or {}).get("scanResultStatus")
    if detalle.get("scanStatus") == "COMPLETED" and resultado == LIMPIO_GUARDDUTY:
        return "limpio"
    if resultado == "THREATS_FOUND":
        return "infectado"
    # UNSUPPORTED, ACCESS_DENIED, FAILED o sin resultado: no se descarga.
    return "sin_revisar"


def evento_escaneo(adjunto: Adjunto, estado: EstadoAdjunto, ahora: datetime, amenazas: list[str]) -> Evento:
    """Lo que deja el escaneo en el historial (interno: el cliente sólo ve el nombre de su archivo)."""
    textos = {
        "limpio": f"El antivirus revisó «{adjunto.nombre}»: sin amenazas. Ya se puede descargar.",
        "infectado": f"El antivirus encontró malware en «{adjunto.nombre}»: el archivo quedó bloqueado y no se "
        "puede descargar.",
        "sin_revisar": f"El antivirus no pudo revisar «{adjunto.nombre}»: el archivo queda bloqueado.",
    }
    datos: dict[str, Any] = {"adjunto": adjunto.id, "estado": estado, "mensaje": adjunto.mensaje}
    if amenazas:
        datos["amenazas"] = amenazas[:5]
    return Evento(
        folio=adjunto.folio,
        fecha=ahora,
        tipo=f"adjunto_{estado}",
        descripcion=textos.get(estado, textos["sin_revisar"]),
        publico=False,
        datos=datos,
        # Determinista: el mismo resultado entregado dos veces no se anota dos veces.
        id=f"esc{adjunto.id[:9]}",
    )


def para_descargar(
    repo: RepositorioAdjuntos, almacen: AlmacenAdjuntos, folio: str, adjunto_id: str
) -> tuple[str, Adjunto]:
    """(URL prefirmada de 5 minutos, adjunto) sólo si el antivirus lo dejó limpio."""
    adjunto = repo.obtener(folio, adjunto_id)
    if adjunto is None or adjunto.estado in ("pendiente", "rechazado"):
        from funciones.nucleo.dominio.errores import NoEncontrado

        raise NoEncontrado("Este caso no tiene ese archivo.")
    if not adjunto.descargable:
        mensajes = {
            "revisando": (
                "El antivirus todavía está revisando este archivo. Intenta en un momento.",
                "adjunto_en_revision",
            ),
            "infectado": ("El antivirus encontró malware en este archivo: no se puede descargar.", "adjunto_infectado"),
        }
        mensaje, codigo = mensajes.get(
            adjunto.estado, ("El antivirus no pudo revisar este archivo: no se puede descargar.", "adjunto_sin_revisar")
        )
        raise AdjuntoNoDisponible(mensaje, codigo)
    return almacen.url_descarga(adjunto.llave, adjunto.nombre, adjunto.tipo_contenido, VIGENCIA_DESCARGA_S), adjunto
