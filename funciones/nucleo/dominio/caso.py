"""El caso, sus estados y sus eventos (el historial de solo anexado, que es también la bandeja de salida)."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

type Estado = Literal["registrado", "en_proceso", "escalado", "resuelto", "cerrado", "reabierto"]

ESTADOS = {
    "registrado": "Registrado",
    "en_proceso": "En proceso",
    "escalado": "Escalado",
    "resuelto": "Resuelto",
    "cerrado": "Cerrado",
    "reabierto": "Reabierto",
}

# Cada operación que cambia el estado la consulta; lo que no está aquí es un 409.
TRANSICIONES: dict[str, frozenset[str]] = {
    "registrado": frozenset({"en_proceso", "escalado", "resuelto"}),
    "en_proceso": frozenset({"escalado", "resuelto"}),
    # escalado → escalado: escalar otra vez sube un nivel (hasta el 3).
    "escalado": frozenset({"en_proceso", "escalado", "resuelto"}),
    "resuelto": frozenset({"cerrado", "reabierto"}),
    "reabierto": frozenset({"en_proceso", "escalado", "resuelto"}),
    "cerrado": frozenset(),
}

ABIERTOS = frozenset({"registrado", "en_proceso", "escalado", "reabierto"})
# Fragmentos del índice de vencimientos: reparten los casos abiertos para que no haya partición caliente.
FRAGMENTOS_VENCIMIENTO = 10


def transicion_valida(origen: str, destino: str) -> bool:
    return destino in TRANSICIONES.get(origen, frozenset())


def transiciones(estado: str) -> list[str]:
    return sorted(TRANSICIONES.get(estado, frozenset()))


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def nuevo_token() -> tuple[str, str]:
    """Devuelve (token, hash); solo el hash se guarda."""
    token = secrets.token_urlsafe(24)
    return token, hash_token(token)


@dataclass
class Caso:
    folio: str
    tipo: str
    categoria: str
    canal: str
    medio_notificacion: str
    nombre: str
    descripcion: str
    fecha_registro: datetime
    fecha_compromiso: datetime
    fecha_limite_legal: datetime
    contrato: str | None = None
    correo: str | None = None
    telefono: str | None = None
    estado: Estado = "registrado"
    nivel: int = 1
    version: int = 1
    comprobante_hash: str = ""
    # Ronda de resolución: sube con cada resolución; los enlaces de confirmación la llevan firmada.
    ronda: int = 0
    resolucion: str | None = None
    primer_contacto: bool | None = None
    bonificacion: dict[str, Any] | None = None
    verificacion_id: str | None = None
    # Cuándo cambió el estado por última vez (ordena la cola de resueltos y cerrados recientes).
    fecha_estado: datetime | None = None
    # Abierto por un agente sin verificar la identidad (sin contrato): nunca usa datos de contrato.
    sin_verificar: bool = False
    # Escalamiento: departamento dueño (si lo hay), asesor asignado y umbrales de plazo ya avisados.
    departamento: str | None = None
    asignado: str | None = None
    alertas: list[str] = field(default_factory=list)
    aviso_privacidad: str | None = None
    # Duplicados (issue 16): el folio que sobrevive, en el cerrado; los cerrados como duplicado, en el que sobrevive.
    duplicado_de: str | None = None
    # Quién resolvió la última ronda (reporte por agente: CSAT de los casos que resolvió).
    resuelto_por: str | None = None
    duplicados: list[str] = field(default_factory=list)
    # Proceso ante PROFECO abierto (lo marca un supervisor): {"expediente", "desde", "por"}. Mientras exista, una
    # cancelación ARCO de los datos de este caso se rechaza (hacen falta para la conciliación).
    proceso_profeco: dict[str, Any] | None = None
    # WhatsApp (issue 17): lo que aceptó el cliente al elegirlo, {"version", "texto", "fecha", "canal", "registro"?}.
    consentimiento_whatsapp: dict[str, Any] | None = None

    @property
    def abierto(self) -> bool:
        return self.estado in ABIERTOS

    @property
    def fragmento(self) -> int:
        return int(self.folio[-2]) % FRAGMENTOS_VENCIMIENTO


@dataclass
class Idempotencia:
    """Registro de una clave de idempotencia (por su HMAC): la huella del cuerpo y la respuesta, sin el token."""

    clave: str
    huella: str
    respuesta: str
    expira: int


@dataclass(frozen=True)
class Limite:
    """Un máximo diario (por correo, teléfono o contrato+contacto, con la clave ya convertida en HMAC)."""

    clave: str
    dia: str
    maximo: int
    expira: int
    mensaje: str
    # El campo del formulario que se marca en el 429.
    campo: str = ""


@dataclass
class Evento:
    folio: str
    fecha: datetime
    tipo: str
    descripcion: str
    publico: bool = True
    autor: str = "sistema"
    datos: dict[str, Any] = field(default_factory=dict)
    # Lo que `notificaciones` debe enviar por este evento (la bandeja de salida).
    notificar: dict[str, Any] | None = None
    id: str = field(default_factory=lambda: secrets.token_hex(6))
    # La partición de un evento que no es de un caso (p. ej. `AGENTE#<usuario>`); ahí va también su marca de envío.
    particion: str | None = None

    @property
    def sk(self) -> str:
        return f"EVENTO#{self.fecha.isoformat()}#{self.id}"

    @property
    def pk(self) -> str:
        return self.particion or f"CASO#{self.folio}"
