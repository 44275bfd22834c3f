"""Puertos: lo que la lógica necesita del exterior. Los adaptadores los implementan con boto3."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol

from funciones.nucleo.dominio.agentes import Agente
from funciones.nucleo.dominio.caso import Caso, Evento, Idempotencia, Limite


class RepositorioCasos(Protocol):
    def registrar(
        self,
        caso: Caso,
        evento: Evento,
        idempotencia: Idempotencia | None = None,
        verificacion: str | None = None,
        limites: list[Limite] | None = None,
        indice: list[str] | None = None,
    ) -> None:
        """Escribe caso, primer evento, clave de idempotencia e items del índice de búsqueda en una transacción.

        FolioDuplicado si el folio ya existe; ClaveRepetida si la clave ya tenía registro.
        """

    def obtener_idempotencia(self, clave: str) -> Idempotencia | None: ...

    def obtener(self, folio: str) -> Caso | None: ...

    def actualizar(self, caso: Caso, version_leida: int, eventos: list[Evento]) -> None:
        """Conflicto si el caso cambió desde `version_leida`."""

    def obtener_con_historial(self, folio: str) -> tuple[Caso, list[Evento]] | None: ...


class RepositorioCasosEnlazados(RepositorioCasos, Protocol):
    def actualizar_varios(self, cambios: list[tuple[Caso, int, list[Evento]]]) -> None:
        """Varios casos (cada uno con su versión leída) y sus eventos en una transacción; Conflicto si alguno
        cambió."""


class DirectorioAgentes(Protocol):
    def buscar(self, usuario: str) -> Agente | None:
        """El agente activo con ese usuario (nombre canónico, grupos y departamento); None si no existe o está dado
        de baja."""


class RegistroEnvios(Protocol):
    # `particion`: la del evento (`Evento.pk`), la de su caso o la de un agente.
    def reservar(self, particion: str, evento_id: str, ahora: datetime, reserva_s: int) -> str | None:
        """Reserva el envío de un evento; None si ya se envió o alguien más lo tiene reservado."""

    def confirmar(self, particion: str, evento_id: str, reserva: str, entrega: Evento) -> None:
        """Marca el envío como hecho y anota en la marca la entrega, que el historial muestra como evento."""

    def liberar(self, particion: str, evento_id: str, reserva: str) -> None: ...


class Correo(Protocol):
    def enviar(
        self,
        destinatario: str,
        asunto: str,
        texto: str,
        html: str,
        etiquetas: dict[str, str] | None = None,
        *,
        nombre: str | None = None,
        responder_a: str | None = None,
        cabeceras: dict[str, str] | None = None,
    ) -> str:
        """Devuelve el id que da SES (con él se enhebran las respuestas); las etiquetas vuelven en sus eventos.

        `nombre` acompaña al destinatario en el To; `responder_a` cambia el Reply-To de este correo (sin él, la
        dirección de atención); `cabeceras` son las propias (p. ej. In-Reply-To): From, To, Subject, Date,
        Message-ID y MIME los pone SES.
        """


class Alertas(Protocol):
    def publicar(self, asunto: str, mensaje: str, atributos: dict[str, Any]) -> str: ...


class Programador(Protocol):
    def programar(self, nombre: str, cuando: datetime, destino: str, carga: dict[str, Any]) -> bool:
        """Invoca `destino` con `carga` en `cuando`, una vez; False si ya estaba programado con ese nombre."""


class Sms(Protocol):
    def enviar(self, telefono: str, mensaje: str) -> str: ...


class WhatsApp(Protocol):
    """Salida por WhatsApp (adaptadores/whatsapp.py sobre socialmessaging); cada envío devuelve el messageId de AWS."""

    def enviar_plantilla(
        self,
        destino: str,
        nombre: str,
        parametros: dict[str, str],
        botones: list[str] | None = None,
        *,
        referencia: str | None = None,
    ) -> str: ...

    def enviar_texto(self, destino: str, texto: str, *, referencia: str | None = None) -> str: ...


class VerificacionLeida(Protocol):
    id: str
    contrato: str
    agente: str
    expira: datetime
    usada: bool
    nombre: str
    correo: str | None
    telefono: str | None


class LectorVerificaciones(Protocol):
    def obtener(self, verificacion_id: str) -> VerificacionLeida | None: ...
