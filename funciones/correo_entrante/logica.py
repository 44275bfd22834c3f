"""Una respuesta del cliente por correo, recibida por SES: se anexa a su caso como mensaje público, o se aparta.

Lo que no es de una persona (autorespuestas, rebotes) se ignora sin contestar: nunca hay bucles. Lo dudoso
(token falsificado, remitente que no es el correo del caso, spam o virus según SES) se aparta en silencio para que
un agente lo revise; el mensaje crudo queda en el bucket en todos los casos.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, Literal, Protocol, cast

from esquemas.alta import SolicitudCaso
from esquemas.base import TipoCaso
from funciones.alta.logica import registrar_caso
from funciones.correo_entrante.mensaje import MAX_TEXTO, Recibido, respuesta
from funciones.nucleo.dominio import respuestas
from funciones.nucleo.dominio.adjuntos import (
    Adjunto as AdjuntoCaso,
)
from funciones.nucleo.dominio.adjuntos import (
    AdjuntoRechazado,
    AlmacenAdjuntos,
    RepositorioAdjuntos,
    anexar_con_archivos,
    registrar_adjunto,
)
from funciones.nucleo.dominio.caso import Caso, Evento, Limite
from funciones.nucleo.dominio.ciclo import siguiente_version
from funciones.nucleo.dominio.conversacion import (
    MAX_ADJUNTOS_POR_MENSAJE,
    alerta_mensaje_cliente,
    limite_diario,
    mensaje_cliente,
)
from funciones.nucleo.dominio.errores import LimiteExcedido
from funciones.nucleo.dominio.folio import formatear_folio
from funciones.nucleo.dominio.puertos import RepositorioCasos

# Por qué un correo quedó aparte, dicho para el supervisor que lo revisa.
MOTIVOS = {
    "token_invalido": "La dirección de respuesta no es auténtica (firma falsa o de otro dominio).",
    "remitente_distinto": "Lo envió una dirección distinta del correo del caso.",
    "remitente_no_verificado": "El remitente no pasó DMARC (o ni SPF ni DKIM): pudo ser suplantado.",
    "spam": "El filtro de correo lo marcó como spam.",
    "virus": "El antivirus del correo encontró un virus.",
    "sin_texto": "No trae texto propio ni archivos.",
    "caso_inexistente": "El folio de la dirección no existe.",
    "limite_diario": "El caso ya recibió hoy el máximo de mensajes del cliente.",
}

type Accion = Literal["anexado", "reabierto", "nuevo", "ignorado", "apartado", "repetido"]


@dataclass(frozen=True)
class Entrega:
    """Lo que dice SES de la recepción: su id, dónde dejó el crudo, a quién iba y sus veredictos."""

    id_ses: str
    objeto: str
    remitente_sobre: str
    destinatarios: list[str]
    veredictos: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Resultado:
    accion: Accion
    motivo: str = ""
    folio: str | None = None
    folio_nuevo: str | None = None


class Apartados(Protocol):
    def apartar(self, entrega: Entrega, motivo: str, folio: str | None, remitente: str, ahora: datetime) -> None:
        """Guarda la referencia del correo (no su texto) para que un agente lo revise."""


def _id_evento(id_ses: str, sufijo: str) -> str:
    # Determinista: si SES invoca dos veces por el mismo correo, el segundo no duplica el mensaje.
    return hashlib.sha256(f"{id_ses}:{sufijo}".encode()).hexdigest()[:12]


def folio_de(recibido: Recibido, entrega: Entrega, pimienta: bytes, dominio: str) -> str | None:
    """El folio de la primera dirección de respuesta auténtica (del sobre de SES, luego To y Cc)."""
    for direccion in [*entrega.destinatarios, *recibido.destinatarios]:
        folio = respuestas.folio_de_direccion(direccion, pimienta, dominio)
        if folio:
            return folio
    return None


def _sospechoso(entrega: Entrega) -> str | None:
    v = {k: s.upper() for k, s in entrega.veredictos.items()}
    if v.get("virus") == "FAIL":
        return "virus"
    if v.get("spam") == "FAIL":
        return "spam"
    # El From se falsifica fácil: sin DMARC, ni SPF ni DKIM, no se cree que sea el cliente.
    if v.get("dmarc") == "FAIL" or (v.get("spf") == "FAIL" and v.get("dkim") == "FAIL"):
        return "remitente_no_verificado"
    return None


@dataclass(frozen=True)
class Archivos:
    """El camino de adjuntos de la conversación: bytes mágicos, objeto en `casos/<folio>/<id>` y escaneo."""

    almacen: AlmacenAdjuntos
    repo: RepositorioAdjuntos


def guardar_adjuntos(
    recibido: Recibido, folio: str, archivos: Archivos, ahora: datetime
) -> tuple[list[AdjuntoCaso], list[dict[str, str]]]:
    """Los adjuntos del correo por el mismo camino que los de la página (tipo por sus bytes, ≤ 10 MB, a lo más 5):
    los admitidos quedan `revisando` (GuardDuty los escanea y sólo uno limpio se descarga); los demás, con su motivo.
    """
    guardados: list[AdjuntoCaso] = []
    rechazados: list[dict[str, str]] = []
    for a in recibido.adjuntos:
        if len(guardados) == MAX_ADJUNTOS_POR_MENSAJE:
            rechazados.append({"nombre": a.nombre[:120], "motivo": f"más de {MAX_ADJUNTOS_POR_MENSAJE} archivos"})
            continue
        try:
            guardados.append(registrar_adjunto(archivos.almacen, folio, a.nombre, a.contenido, ahora, canal="correo"))
        except AdjuntoRechazado as e:
            rechazados.append({"nombre": e.nombre, "motivo": e.motivo})
    return guardados, rechazados


def _escribir(
    archivos: Archivos,
    caso: Caso,
    version: int,
    eventos: list[Evento],
    adjuntos: list[AdjuntoCaso],
    limite: Limite,
) -> None:
    """Como un mensaje desde la página: `adjuntos.anexar_con_archivos` (sin huérfanos si no se escribe)."""
    anexar_con_archivos(archivos.almacen, archivos.repo, caso, version, eventos, adjuntos, limite)


def _cerrado_en(eventos: list[Evento]) -> datetime | None:
    cierres = [e.fecha for e in eventos if e.tipo == "caso_cerrado"]
    return max(cierres) if cierres else None


def _alerta(caso: Caso, ahora: datetime, id_ses: str, reabierto: bool) -> Evento:
    """La misma alerta que un mensaje desde la página (al asesor asignado o a la cola), con id determinista."""
    alerta = alerta_mensaje_cliente(caso, ahora, "correo", reabierto)
    alerta.id = _id_evento(id_ses, f"alerta:{caso.folio}")
    return alerta


def procesar(
    recibido: Recibido,
    entrega: Entrega,
    repo: RepositorioCasos,
    apartados: Apartados,
    archivos: Archivos,
    pimienta: bytes,
    dominio: str,
    ahora: datetime,
) -> Resultado:
    remitente = recibido.remitente.strip().lower()
    if respuestas.es_automatico(recibido.cabeceras, recibido.remitente, recibido.tipo_contenido) or (
        respuestas.es_automatico({}, entrega.remitente_sobre or "mailer-daemon", "")
    ):
        # Sin contestar ni anexar: un fuera de oficina o un rebote no abre un bucle.
        return Resultado("ignorado", "automatico")

    folio = folio_de(recibido, entrega, pimienta, dominio)

    def aparte(motivo: str) -> Resultado:
        apartados.apartar(entrega, motivo, folio, remitente, ahora)
        return Resultado("apartado", motivo, folio)

    sospecha = _sospechoso(entrega)
    if sospecha:
        return aparte(sospecha)
    if folio is None:
        return aparte("token_invalido")
    encontrado = repo.obtener_con_historial(folio)
    if encontrado is None:
        return aparte("caso_inexistente")
    caso, eventos = encontrado
    if not caso.correo or caso.correo.strip().lower() != remitente:
        return aparte("remitente_distinto")
    id_mensaje = _id_evento(entrega.id_ses, "mensaje")
    if any(e.id == id_mensaje for e in eventos) or any(e.datos.get("id_ses") == entrega.id_ses for e in eventos):
        return Resultado("repetido", folio=folio)

    texto = respuesta(recibido.texto)[:MAX_TEXTO]
    if not texto and not recibido.adjuntos:
        return aparte("sin_texto")
    extra: dict[str, Any] = {"id_ses": entrega.id_ses, "id_correo": recibido.id_correo, "objeto": entrega.objeto}

    destino = respuestas.destino_respuesta(caso.estado, _cerrado_en(eventos), ahora)
    if destino == "nuevo":
        return _caso_nuevo(caso, recibido, texto, extra, entrega, repo, archivos, pimienta, ahora)

    adjuntos, rechazados = guardar_adjuntos(recibido, folio, archivos, ahora)
    if rechazados:
        extra["adjuntos_rechazados"] = rechazados
    texto = texto or _sin_texto(adjuntos)

    base = replace(caso, estado="reabierto") if caso.estado == "cerrado" else caso
    nuevo, propios = mensaje_cliente(base, texto, "correo", ahora, [a.para_mensaje() for a in adjuntos], extra)
    propios[0].id = id_mensaje
    if caso.estado == "cerrado":
        # Un caso cerrado no se reabre por otra vía: sólo una respuesta del cliente dentro de 30 días del cierre.
        propios.append(
            Evento(
                folio=caso.folio,
                fecha=ahora,
                tipo="caso_reabierto",
                autor="cliente",
                descripcion="Nos escribiste después del cierre: reabrimos tu caso y lo atenderemos de nuevo.",
                datos={"resuelto": False, "ronda": caso.ronda, "via": "correo", "desde": "cerrado"},
            )
        )
    for i, e in enumerate(propios[1:], start=1):
        e.id = _id_evento(entrega.id_ses, f"evento:{i}")
    reabierto = nuevo.estado != caso.estado
    propios.append(_alerta(nuevo, ahora, entrega.id_ses, reabierto))
    try:
        _escribir(archivos, nuevo, caso.version, propios, adjuntos, limite_diario(caso, "mensajes", ahora))
    except LimiteExcedido:
        # El máximo diario de mensajes del caso (el mismo de la página): el correo se guarda aparte, sin anexar.
        return aparte("limite_diario")
    return Resultado("reabierto" if reabierto else "anexado", folio=folio)


def _sin_texto(adjuntos: list[AdjuntoCaso]) -> str:
    return (
        "Nos enviaste archivos por correo." if adjuntos else "Nos enviaste archivos por correo que no pudimos recibir."
    )


def llave_alta_ligada(pimienta: bytes) -> bytes:
    """La llave de idempotencia del alta ligada: derivada de la pimienta, aparte de la del alta web (`Idempotency-Key`
    la elige el cliente; esta clave, no: nadie de fuera puede ocupar el registro de un correo)."""
    return hmac.new(pimienta, b"bluepoint-alta-ligada-correo-v1", hashlib.sha256).digest()


def _caso_nuevo(
    anterior: Caso,
    recibido: Recibido,
    texto: str,
    extra: dict[str, Any],
    entrega: Entrega,
    repo: RepositorioCasos,
    archivos: Archivos,
    pimienta: bytes,
    ahora: datetime,
) -> Resultado:
    """Más de 30 días después del cierre: un caso nuevo con los datos del anterior, ligado a él.

    Tres escrituras (alta, mensaje en el nuevo, liga en el anterior) que no caben en una transacción: el alta usa la
    llave del crudo como clave de idempotencia (registro condicional en la misma transacción del alta) y cada paso
    mira si ya se hizo. Si la función falla en medio, el reintento de SES retoma el mismo caso nuevo, no abre otro.
    """
    legible = formatear_folio(anterior.folio)
    descripcion = f"Respuesta por correo al caso {legible}, cerrado: {texto or 'archivos adjuntos'}"[:2000]
    # Sin validar de nuevo: los datos son los del caso anterior, ya validados, y el cliente ya aceptó el aviso.
    solicitud = SolicitudCaso.model_construct(
        tipo=cast(TipoCaso, anterior.tipo),
        categoria=anterior.categoria,
        nombre=anterior.nombre,
        contrato=anterior.contrato,
        correo=anterior.correo,
        telefono=anterior.telefono,
        descripcion=descripcion,
        medio_notificacion="correo",
        aviso_privacidad=anterior.aviso_privacidad or "",
    )
    alta = registrar_caso(
        solicitud,
        repo,
        ahora,
        canal="correo",
        autor="cliente",
        clave=f"correo:{entrega.objeto}",
        llave=llave_alta_ligada(pimienta),
    )
    id_mensaje = _id_evento(entrega.id_ses, "mensaje")
    if alta.caso is not None:
        caso, ya_anexado = alta.caso, False
    else:
        # Reintento: el alta ya estaba (su registro de idempotencia da el folio). Se relee el caso nuevo.
        encontrado = repo.obtener_con_historial(alta.respuesta.folio)
        if encontrado is None:
            raise RuntimeError("el registro de idempotencia apunta a un caso que no existe")
        caso, eventos_nuevo = encontrado
        ya_anexado = any(e.id == id_mensaje for e in eventos_nuevo)
    if not ya_anexado:
        adjuntos, rechazados = guardar_adjuntos(recibido, caso.folio, archivos, ahora)
        datos = {
            **extra,
            "vinculado_a": anterior.folio,
            **({"adjuntos_rechazados": rechazados} if rechazados else {}),
        }
        mensajes = [a.para_mensaje() for a in adjuntos]
        nuevo, propios = mensaje_cliente(caso, texto or _sin_texto(adjuntos), "correo", ahora, mensajes, datos)
        propios[0].id = id_mensaje
        propios.append(_alerta(nuevo, ahora, entrega.id_ses, False))
        _escribir(archivos, nuevo, caso.version, propios, adjuntos, limite_diario(caso, "mensajes", ahora))
    liga = Evento(
        folio=anterior.folio,
        fecha=ahora,
        tipo="caso_vinculado",
        publico=True,
        autor="cliente",
        descripcion=f"Nos escribiste después del cierre: abrimos el caso {formatear_folio(caso.folio)} para atenderte.",
        datos={"nuevo": caso.folio, "via": "correo", "id_ses": entrega.id_ses},
        id=_id_evento(entrega.id_ses, "vinculo"),
    )
    repo.actualizar(siguiente_version(anterior), anterior.version, [liga])
    return Resultado("nuevo", folio=anterior.folio, folio_nuevo=caso.folio)
