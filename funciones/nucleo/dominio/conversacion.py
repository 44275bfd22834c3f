"""La conversación de un caso: mensajes públicos del agente al cliente y del cliente al caso, con sus adjuntos.

Contrato compartido (también lo usa `correo_entrante`): un mensaje es un `Evento` del historial.

- `mensaje_cliente`: `datos = {"canal": "web" | "correo" | "whatsapp", "adjuntos": [{"id", "nombre",
  "tipo_contenido", "tamano"}], ...extra}`, `autor = "cliente"`, siempre público.
- `mensaje_agente`: `datos = {"medio": "correo" | "sms", "adjuntos": [...]}`, autor el usuario del agente,
  siempre público, con `notificar` (plantilla `mensaje`) para que la bandeja de salida lo entregue.

Sin boto3: funciones puras que devuelven el caso nuevo y los eventos; quien llama escribe con `repo.actualizar`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from funciones.nucleo.dominio.caso import Caso, Evento, Limite
from funciones.nucleo.dominio.ciclo import siguiente_version
from funciones.nucleo.dominio.errores import Conflicto

type Canal = Literal["web", "correo", "whatsapp"]
CANALES: frozenset[str] = frozenset({"web", "correo", "whatsapp"})

MENSAJE_CLIENTE = "mensaje_cliente"
MENSAJE_AGENTE = "mensaje_agente"
# Tipos de evento que forman la conversación pública.
TIPOS_MENSAJE = frozenset({MENSAJE_CLIENTE, MENSAJE_AGENTE})

MAX_ADJUNTOS_POR_MENSAJE = 5
MAX_TEXTO = 4000


@dataclass(frozen=True)
class AdjuntoMensaje:
    """Lo que el historial guarda de un adjunto: nunca el contenido ni la llave del objeto."""

    id: str
    nombre: str
    tipo_contenido: str
    tamano: int

    def datos(self) -> dict[str, Any]:
        return {"id": self.id, "nombre": self.nombre, "tipo_contenido": self.tipo_contenido, "tamano": self.tamano}


class CasoCerrado(Conflicto):
    """El caso ya se cerró: la página de seguimiento no le agrega mensajes (correo decide si reabre o liga uno
    nuevo, con su regla de 30 días)."""

    def __init__(self) -> None:
        super().__init__(
            "Esta solicitud ya está cerrada y no admite mensajes. Si el problema sigue, abre una solicitud nueva o "
            "llámanos.",
            "caso_cerrado",
        )


class DemasiadosAdjuntos(Conflicto):
    def __init__(self) -> None:
        super().__init__(f"Un mensaje lleva como máximo {MAX_ADJUNTOS_POR_MENSAJE} archivos.", "demasiados_adjuntos")


def _revisar_adjuntos(adjuntos: list[AdjuntoMensaje]) -> list[dict[str, Any]]:
    if len(adjuntos) > MAX_ADJUNTOS_POR_MENSAJE:
        raise DemasiadosAdjuntos()
    return [a.datos() for a in adjuntos]


def mensaje_cliente(
    caso: Caso,
    texto: str,
    canal: Canal,
    ahora: datetime,
    adjuntos: list[AdjuntoMensaje] | None = None,
    extra: dict[str, Any] | None = None,
) -> tuple[Caso, list[Evento]]:
    """El cliente escribe en su caso (página de seguimiento, respuesta de correo, WhatsApp).

    Caso resuelto: el mensaje lo reabre (el cliente sigue con el problema o pregunta algo de la resolución);
    caso cerrado: `CasoCerrado` (quien llama decide: la página responde 409; el correo aplica su regla).
    `extra` se agrega a `datos` (p. ej. el id del correo recibido); no puede pisar canal ni adjuntos.
    """
    if canal not in CANALES:
        raise ValueError(f"canal desconocido: {canal}")
    if caso.estado == "cerrado":
        raise CasoCerrado()
    datos: dict[str, Any] = {**(extra or {}), "canal": canal, "adjuntos": _revisar_adjuntos(adjuntos or [])}
    eventos = [
        Evento(
            folio=caso.folio,
            fecha=ahora,
            tipo=MENSAJE_CLIENTE,
            descripcion=texto,
            publico=True,
            autor="cliente",
            datos=datos,
        )
    ]
    if caso.estado == "resuelto":
        nuevo = siguiente_version(caso, estado="reabierto")
        eventos.append(
            Evento(
                folio=caso.folio,
                fecha=ahora,
                tipo="caso_reabierto",
                autor="cliente",
                descripcion=(
                    "Nos escribiste después de la resolución: reabrimos tu solicitud y la atenderemos de nuevo."
                ),
                datos={"resuelto": False, "ronda": caso.ronda, "via": "mensaje", "canal": canal},
            )
        )
    else:
        nuevo = siguiente_version(caso)
    return nuevo, eventos


def medio_del_caso(caso: Caso) -> tuple[str, str] | None:
    """Por dónde le llega un mensaje al cliente: (medio, destino); WhatsApp si lo eligió, si no el correo o el SMS."""
    from funciones.nucleo.dominio.whatsapp import por_whatsapp

    if por_whatsapp(caso) and caso.telefono:
        return "whatsapp", caso.telefono
    if caso.correo:
        return "correo", caso.correo
    if caso.telefono:
        return "sms", caso.telefono
    return None


class SinContacto(Conflicto):
    def __init__(self) -> None:
        super().__init__(
            "Este caso no tiene correo ni teléfono: no hay por dónde enviar el mensaje. Registra una nota y "
            "llama o atiende al cliente en tienda.",
            "caso_sin_contacto",
        )


def mensaje_agente(
    caso: Caso,
    texto: str,
    autor: str,
    ahora: datetime,
    adjuntos: list[AdjuntoMensaje] | None = None,
) -> Evento:
    """Un agente escribe al cliente: siempre público y entregado por el medio del caso (bandeja de salida).

    El SMS lleva el enlace al caso (el texto completo se lee en la página de seguimiento).
    """
    if caso.estado == "cerrado":
        raise Conflicto("El caso está cerrado: ya no admite interacciones.", "caso_cerrado")
    medio = medio_del_caso(caso)
    if medio is None:
        raise SinContacto()
    via, destino = medio
    return Evento(
        folio=caso.folio,
        fecha=ahora,
        tipo=MENSAJE_AGENTE,
        descripcion=texto,
        publico=True,
        autor=autor,
        datos={"medio": via, "adjuntos": _revisar_adjuntos(adjuntos or [])},
        notificar={
            "plantilla": "mensaje",
            "medio": via,
            "destino": destino,
            "datos": {"folio": caso.folio, "nombre": caso.nombre, "texto": texto},
        },
    )


def alerta_mensaje_cliente(caso: Caso, ahora: datetime, canal: Canal, reabierto: bool) -> Evento:
    """Aviso interno de que el cliente escribió: al asesor asignado (atributo `asignado` del mensaje de SNS) o, si no
    hay, a la cola (supervisores y el departamento del caso). Misma alerta que la de una respuesta por correo."""
    from funciones.nucleo.dominio.escalamiento import evento_alerta

    donde = {"web": "en la página de seguimiento", "correo": "por correo", "whatsapp": "por WhatsApp"}[canal]
    quien = f"Asignado a {caso.asignado}." if caso.asignado else "Sin asesor asignado: atender desde la cola."
    motivo = f"El cliente escribió {donde}{' y el caso se reabrió' if reabierto else ''}. {quien}"
    alerta = evento_alerta(caso, "respuesta_cliente", ahora, motivo, "sistema")
    if caso.asignado and alerta.notificar:
        alerta.notificar["datos"]["asignado"] = caso.asignado
    return alerta


def limite_diario(caso: Caso, que: Literal["mensajes", "adjuntos"], ahora: datetime) -> Limite:
    """El máximo diario por caso de mensajes del cliente y de archivos subidos (catálogo), contado en la misma
    escritura: quien tiene un `acceso` no puede llenar el caso ni mandar avisos sin fin."""
    from funciones.nucleo.dominio import calendario, catalogo
    from funciones.nucleo.dominio.textos import telefonos_texto

    conf = catalogo.catalogo()["limites"]
    maximo = conf["mensajes_cliente_por_caso_al_dia"] if que == "mensajes" else conf["adjuntos_por_caso_al_dia"]
    texto = ("mensaje" if que == "mensajes" else "archivo") + ("" if maximo == 1 else "s")
    return Limite(
        clave=f"{que}#{caso.folio}",
        dia=calendario.dia_local(ahora).isoformat(),
        maximo=maximo,
        expira=int(ahora.timestamp()) + 3 * 24 * 3600,
        mensaje=f"Hoy ya recibimos {maximo} {texto} en este caso. Si es urgente, llámanos al {telefonos_texto()}.",
    )
