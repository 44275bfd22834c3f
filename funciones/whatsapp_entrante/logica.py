"""Un mensaje del cliente por WhatsApp: cae en su caso abierto, confirma o reabre con un botón, o recibe la plantilla
de quien no tiene caso abierto.

Las reglas son las de la conversación (dominio/conversacion.py): el mismo mensaje público del cliente que por la
página o por correo, la misma reapertura de un caso resuelto, el mismo aviso al asesor asignado o a la cola, el
mismo máximo diario, y los archivos por el mismo camino (tipo por sus bytes, escaneo de GuardDuty, descarga sólo
si está limpio). El botón confirma o reabre con `ciclo.confirmar`, como el enlace del correo.

Un reintento de SNS nunca duplica: una marca por id de mensaje de Meta, escrita con condición (`RegistroEnvios`),
y los ids de los eventos salen de ese id (el historial lo comprueba otra vez antes de escribir).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal, Protocol

from funciones.nucleo.dominio import busqueda, calendario
from funciones.nucleo.dominio.adjuntos import (
    PREFIJO_SUBIDAS,
    Adjunto,
    AdjuntoRechazado,
    AlmacenAdjuntos,
    RepositorioAdjuntos,
    anexar_con_archivos,
    registrar_descargado,
)
from funciones.nucleo.dominio.caso import Caso, Evento
from funciones.nucleo.dominio.ciclo import confirmar
from funciones.nucleo.dominio.conversacion import alerta_mensaje_cliente, limite_diario, mensaje_cliente
from funciones.nucleo.dominio.errores import Conflicto, EnlaceVencido, EnvioEnCurso, LimiteExcedido
from funciones.nucleo.dominio.puertos import RegistroEnvios, RepositorioCasos
from funciones.nucleo.dominio.whatsapp import parametros_sin_caso_abierto
from funciones.nucleo.dominio.whatsapp_entrante import (
    NO_SOPORTADO,
    PLANTILLA_SIN_CASO,
    TIPOS_SILENCIO,
    MedioNoDisponible,
    Mensaje,
    caso_para_mensaje,
    caso_para_respuesta,
    id_evento,
    respuesta_rapida,
    texto_mensaje,
)

# Referencias que se leen del índice por el teléfono (los casos más nuevos primero).
POR_TELEFONO = 20
# Intentos de escribir el mensaje si el caso cambió entre la lectura y la escritura.
INTENTOS_ESCRITURA = 3
GRACIAS = "¡Gracias! Registramos que tu solicitud quedó resuelta."
REABIERTO = "Reabrimos tu solicitud: un asesor la atenderá de nuevo y te avisaremos del avance."

type Accion = Literal[
    "anexado", "reabierto", "confirmado", "sin_caso", "ignorado", "repetido", "no_soportado", "limite_diario"
]


@dataclass(frozen=True)
class Resultado:
    accion: Accion
    motivo: str = ""
    folio: str | None = None


class Indice(Protocol):
    """El índice de búsqueda (items BUSCA#): una Query por término y un BatchGetItem de lo encontrado."""

    def referencias(self, clave: str, limite: int) -> tuple[list[str], list[str]]: ...

    def leer(self, folios: list[str], contratos: list[str]) -> tuple[dict[str, Caso], dict[str, Any]]: ...


class SalidaWhatsApp(Protocol):
    """El puerto de salida de wa-salida (funciones/nucleo/adaptadores/whatsapp.py)."""

    def enviar_plantilla(
        self, destino: str, nombre: str, parametros: dict[str, str], botones: list[str] | None = None
    ) -> str: ...

    def enviar_texto(self, destino: str, texto: str) -> str: ...


class MediosWhatsApp(Protocol):
    def descargar(self, id_medio: str, prefijo: str, numero: str) -> str:
        """Deja el archivo del mensaje en el bucket de adjuntos con `get_whatsapp_message_media` y devuelve su llave:
        AWS la arma con `prefijo` + id del medio. MedioNoDisponible si el servicio ya no lo tiene."""


@dataclass(frozen=True)
class Puertos:
    casos: RepositorioCasos
    indice: Indice
    llave_busqueda: bytes
    marcas: RegistroEnvios
    almacen: AlmacenAdjuntos
    adjuntos: RepositorioAdjuntos
    salida: SalidaWhatsApp
    medios: MediosWhatsApp
    url_sitio: str
    reserva_s: int = 120


def _id_adjunto(id_mensaje: str) -> str:
    # 16 hex, como los demás adjuntos; determinista para que un reintento reuse el mismo objeto.
    return hashlib.sha256(f"whatsapp-medio:{id_mensaje}".encode()).hexdigest()[:16]


def procesar(mensaje: Mensaje, p: Puertos, ahora: datetime) -> Resultado:
    """Atiende un mensaje una sola vez: la marca de su id se reserva antes y se confirma después."""
    if mensaje.telefono is None:
        # Sólo se indexan teléfonos mexicanos: no hay caso que buscar ni a quién contestarle con seguridad.
        return Resultado("ignorado", "remitente_desconocido")
    particion, marca = f"WHATSAPP#{mensaje.id}", id_evento(mensaje.id, "recibido")
    try:
        reserva = p.marcas.reservar(particion, marca, ahora, p.reserva_s)
    except EnvioEnCurso:
        # SNS lo entregó dos veces a la vez: lo atiende la otra ejecución (si falla, Lambda reintenta ésa).
        return Resultado("repetido", "en_curso")
    if reserva is None:
        return Resultado("repetido")
    try:
        resultado = _atender(mensaje, mensaje.telefono, p, ahora)
    except Exception:
        p.marcas.liberar(particion, marca, reserva)
        raise
    recibo = Evento(
        folio=resultado.folio or "",
        fecha=ahora,
        tipo="whatsapp_recibido",
        descripcion="Mensaje de WhatsApp atendido.",
        publico=False,
        datos={"accion": resultado.accion, "motivo": resultado.motivo, "id_whatsapp": mensaje.id},
        id=id_evento(mensaje.id, "recibo"),
        particion=particion,
    )
    p.marcas.confirmar(particion, marca, reserva, recibo)
    return resultado


def _casos(telefono: str, p: Puertos) -> list[Caso]:
    clave = busqueda.clave_termino(p.llave_busqueda, "telefono", telefono)
    folios, _ = p.indice.referencias(clave, POR_TELEFONO)
    casos, _ = p.indice.leer(folios, [])
    return list(casos.values())


def _atender(mensaje: Mensaje, telefono: str, p: Puertos, ahora: datetime) -> Resultado:
    if mensaje.tipo in TIPOS_SILENCIO:
        # Un 👍 a un mensaje nuestro no pide respuesta (contestarle «sólo recibimos texto…» sería ruido).
        return Resultado("ignorado", mensaje.tipo)
    if not mensaje.soportado:
        _avisar(p, mensaje.destino, NO_SOPORTADO)
        return Resultado("no_soportado", mensaje.tipo or "sin_tipo")
    casos = _casos(telefono, p)
    rapida = respuesta_rapida(mensaje.respuesta) if mensaje.respuesta else None
    if rapida is not None:
        return _reintentando(lambda: _responder(rapida, casos, mensaje, telefono, p, ahora))
    caso = caso_para_mensaje(casos, telefono)
    if caso is None:
        return _sin_caso(mensaje, telefono, p, ahora)
    return _reintentando(lambda: _anexar(caso.folio, mensaje, telefono, p, ahora))


def _reintentando(atender: Callable[[], Resultado]) -> Resultado:
    """Quien escribe por WhatsApp suele mandar varios mensajes seguidos y SNS los entrega a la vez: si otro cambió el
    caso entre la lectura y la escritura (`caso_modificado`), se relee y se intenta de nuevo, sin esperar al
    reintento de Lambda (un minuto). Cada intento lee el caso otra vez."""
    for intento in range(INTENTOS_ESCRITURA):
        try:
            return atender()
        except Conflicto as e:
            if e.codigo != "caso_modificado" or intento == INTENTOS_ESCRITURA - 1:
                raise
    raise AssertionError("inalcanzable")


def _avisar(p: Puertos, destino: str, texto: str) -> bool:
    """Un texto de cortesía dentro de la ventana de 24 h (el cliente acaba de escribir). Si falla, lo importante
    (el caso) ya quedó escrito: no se reintenta todo el mensaje por un aviso."""
    try:
        p.salida.enviar_texto(destino, texto)
    except Exception:  # noqa: BLE001 -- el aviso es accesorio; la marca del mensaje ya cubre lo demás
        return False
    return True


def _responder(
    rapida: tuple[bool, str | None, int | None],
    casos: list[Caso],
    mensaje: Mensaje,
    telefono: str,
    p: Puertos,
    ahora: datetime,
) -> Resultado:
    """«Sí, quedó resuelto» cierra y pide la encuesta; «No, sigue el problema» reabre: la misma regla del enlace."""
    resuelto, folio, ronda = rapida
    caso = caso_para_respuesta(casos, telefono, folio)
    if caso is None:
        return Resultado("ignorado", "respuesta_ajena" if folio else "respuesta_sin_caso", folio)
    try:
        confirmar(p.casos, caso.folio, resuelto, None, "cliente", ahora, ronda=ronda, via="whatsapp")
    except (Conflicto, EnlaceVencido) as e:
        if isinstance(e, Conflicto) and e.codigo == "caso_modificado":
            raise  # otro lo cambió en ese instante: se relee y se intenta de nuevo
        # Ya se había contestado (otro botón, la página o el asesor), o es de una resolución anterior.
        return Resultado("ignorado", "respuesta_vencida", caso.folio)
    _avisar(p, mensaje.destino, GRACIAS if resuelto else REABIERTO)
    return Resultado("confirmado" if resuelto else "reabierto", "resuelto" if resuelto else "sigue", caso.folio)


def _sin_caso(mensaje: Mensaje, telefono: str, p: Puertos, ahora: datetime) -> Resultado:
    """La plantilla con el enlace de seguimiento y los teléfonos, a lo más una vez al día por número."""
    clave = busqueda.clave_termino(p.llave_busqueda, "telefono", telefono)
    particion, marca = f"WHATSAPP#SINCASO#{clave}", f"{clave}:{calendario.dia_local(ahora).isoformat()}"
    reserva = p.marcas.reservar(particion, marca, ahora, p.reserva_s)
    if reserva is None:
        return Resultado("sin_caso", "ya_avisado_hoy")
    parametros = parametros_sin_caso_abierto(p.url_sitio)
    try:
        id_envio = p.salida.enviar_plantilla(mensaje.destino, PLANTILLA_SIN_CASO, parametros)
    except Exception:
        p.marcas.liberar(particion, marca, reserva)
        raise
    envio = Evento(
        folio="",
        fecha=ahora,
        tipo="whatsapp_enviado",
        descripcion="Plantilla para quien escribe sin caso abierto.",
        publico=False,
        datos={"plantilla": PLANTILLA_SIN_CASO, "id_envio": id_envio},
        particion=particion,
    )
    p.marcas.confirmar(particion, marca, reserva, envio)
    return Resultado("sin_caso", "plantilla")


def _bajar_medio(
    mensaje: Mensaje, folio: str, p: Puertos, ahora: datetime
) -> tuple[list[Adjunto], list[dict[str, str]]]:
    """El archivo al bucket de adjuntos (`subidas/<folio>/wa-<id del medio>`) y de ahí, si sus bytes dicen JPEG, PNG,
    HEIC o PDF y pesa ≤ 10 MB, a `casos/` para que GuardDuty lo escanee."""
    medio = mensaje.medio
    if medio is None:
        return [], []
    id_adjunto = _id_adjunto(mensaje.id)
    try:
        llave = p.medios.descargar(medio.id, f"{PREFIJO_SUBIDAS}{folio}/wa-", mensaje.numero_negocio)
        return [registrar_descargado(p.almacen, llave, id_adjunto, folio, medio.nombre, ahora)], []
    except MedioNoDisponible:
        return [], [{"nombre": medio.nombre[:120], "motivo": "WhatsApp ya no tiene el archivo"}]
    except AdjuntoRechazado as e:
        return [], [{"nombre": e.nombre, "motivo": e.motivo}]


def _anexar(folio: str, mensaje: Mensaje, telefono: str, p: Puertos, ahora: datetime) -> Resultado:
    encontrado = p.casos.obtener_con_historial(folio)
    if encontrado is None:  # el índice lo dio y ya no está (anonimizado por ARCO, p. ej.)
        return _sin_caso(mensaje, telefono, p, ahora)
    caso, eventos = encontrado
    id_mensaje = id_evento(mensaje.id, "mensaje")
    if any(e.id == id_mensaje for e in eventos):
        return Resultado("repetido", folio=folio)
    adjuntos, rechazados = _bajar_medio(mensaje, folio, p, ahora)
    texto = texto_mensaje(mensaje)
    if not texto or (mensaje.medio is not None and not mensaje.texto and not adjuntos):
        texto = "Nos enviaste un archivo por WhatsApp que no pudimos recibir."
    extra: dict[str, Any] = {"id_whatsapp": mensaje.id}
    if mensaje.fecha is not None:
        # Cuándo lo escribió el cliente (Meta): la ventana de 24 h corre desde ahí, no desde que llegó aquí.
        extra["escrito"] = mensaje.fecha.isoformat()
    if rechazados:
        extra["adjuntos_rechazados"] = rechazados
    nuevo, propios = mensaje_cliente(caso, texto, "whatsapp", ahora, [a.para_mensaje() for a in adjuntos], extra)
    propios[0].id = id_mensaje
    for i, e in enumerate(propios[1:], start=1):
        e.id = id_evento(mensaje.id, f"evento:{i}")
    reabierto = nuevo.estado != caso.estado
    alerta = alerta_mensaje_cliente(nuevo, ahora, "whatsapp", reabierto)
    alerta.id = id_evento(mensaje.id, "alerta")
    propios.append(alerta)
    limite = limite_diario(caso, "mensajes", ahora)
    try:
        anexar_con_archivos(p.almacen, p.adjuntos, nuevo, caso.version, propios, adjuntos, limite)
    except LimiteExcedido:
        # El mismo máximo diario que la página: no se anexa; se le dice al cliente por dónde seguir.
        _avisar(p, mensaje.destino, limite.mensaje)
        return Resultado("limite_diario", folio=folio)
    if rechazados:
        _avisar(p, mensaje.destino, f"No pudimos recibir «{rechazados[0]['nombre']}»: {rechazados[0]['motivo']}.")
    return Resultado("reabierto" if reabierto else "anexado", folio=folio)
