"""WhatsApp entrante: el evento que AWS End User Messaging Social publica en SNS, leído sin confiar en nada.

El mensaje de SNS es un JSON con la cabecera de AWS (`context` con los ARN de la WABA y del número,
`aws_account_id`, `message_timestamp`, `messageId`) y `whatsAppWebhookEntry`: **una** entrada del webhook de Meta
(`{"id", "changes": [{"field": "messages", "value": {...}}]}`) como cadena JSON. De cada `value` salen los
`messages` (del cliente: esta función) y los `statuses` (entregas de lo que enviamos: los de wa-salida).

Sin boto3: reglas puras. Lo que no se entiende se descarta con un motivo (para el registro), nunca con excepción,
salvo `EntradaInvalida` (el sobre entero no sirve), que quien llama registra y descarta.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from funciones.nucleo.dominio.busqueda import telefono_normalizado
from funciones.nucleo.dominio.caso import Caso

# Respuestas rápidas de la plantilla `resolucion` (botones «Sí, quedó resuelto» / «No, sigue el problema»): la carga
# que pone wa-salida al enviar (`<acción>:<folio>:<ronda>`, dominio/whatsapp.py: carga_boton) vuelve en
# `button.payload`. Sin folio (`resuelto`, `sigue`) vale para el resuelto más nuevo del número.
CONFIRMAR_RESUELTO = "resuelto"
SIGUE_PROBLEMA = "sigue"
RESPUESTAS_RAPIDAS: dict[str, bool] = {CONFIRMAR_RESUELTO: True, SIGUE_PROBLEMA: False}
_PAYLOAD = re.compile(rf"^({CONFIRMAR_RESUELTO}|{SIGUE_PROBLEMA})(?::(\d{{10}}):(\d{{1,6}}))?$")

# Lo que se recibe: texto, respuestas (botón de plantilla o interactivo) y archivos que el caso acepta.
TIPOS_TEXTO = frozenset({"text"})
TIPOS_BOTON = frozenset({"button", "interactive"})
TIPOS_MEDIO = frozenset({"image", "document"})
# Lo que no pide respuesta: una reacción (👍) a un mensaje nuestro.
TIPOS_SILENCIO = frozenset({"reaction"})
MAX_TEXTO = 4000
MAX_ID = 200
# El id de un medio de Meta (la API de AWS sólo acepta letras y dígitos, hasta 100).
_ID_MEDIO = re.compile(r"^[A-Za-z0-9]{1,100}$")

# Plantilla para quien escribe sin caso abierto (enlace de seguimiento, teléfonos y horario; esquemas/whatsapp/, con
# sus parámetros de dominio/whatsapp.parametros_sin_caso_abierto).
PLANTILLA_SIN_CASO = "sin_caso_abierto"
NO_SOPORTADO = (
    "Por ahora sólo recibimos por WhatsApp texto, fotos y documentos PDF. Escríbenos tu mensaje o "
    "envía el archivo en uno de esos formatos."
)


class MedioNoDisponible(Exception):  # noqa: N818
    """El servicio no pudo bajar el archivo (vencido en Meta, id desconocido): se anota como rechazado."""


class EntradaInvalida(Exception):  # noqa: N818 -- nombre del dominio, como los demás errores
    """El sobre de SNS no se puede leer (JSON roto, sin `whatsAppWebhookEntry`, sin `changes`); `motivo` lo dice."""

    def __init__(self, motivo: str) -> None:
        super().__init__(motivo)
        self.motivo = motivo


@dataclass(frozen=True)
class Medio:
    id: str
    tipo_contenido: str
    nombre: str
    leyenda: str = ""


@dataclass(frozen=True)
class Mensaje:
    """Un mensaje del cliente, ya interpretado. `telefono`: sus 10 dígitos (None si no es un número mexicano);
    `numero_negocio`: el ARN en AWS del número de Blue Point que lo recibió (de `context`)."""

    id: str
    de: str
    telefono: str | None
    tipo: str
    numero_negocio: str
    texto: str = ""
    respuesta: str | None = None
    medio: Medio | None = None
    fecha: datetime | None = None

    @property
    def destino(self) -> str:
        """A dónde se contesta: el mismo número de WhatsApp que escribió (wa_id), en E.164."""
        return "+" + "".join(c for c in self.de if c.isdigit())

    @property
    def soportado(self) -> bool:
        if self.tipo in TIPOS_TEXTO:
            return bool(self.texto)
        if self.tipo in TIPOS_BOTON:
            return self.respuesta is not None or bool(self.texto)
        return self.tipo in TIPOS_MEDIO and self.medio is not None


@dataclass
class Entrada:
    """Lo que trae un evento: mensajes, estados (tal cual, para wa-salida), números y lo descartado con su motivo."""

    mensajes: list[Mensaje] = field(default_factory=list)
    estados: list[dict[str, Any]] = field(default_factory=list)
    ids_telefono: list[str] = field(default_factory=list)
    descartados: list[tuple[str, str]] = field(default_factory=list)
    id_evento: str = ""


def _objeto(valor: Any) -> dict[str, Any]:
    return valor if isinstance(valor, dict) else {}


def _lista(valor: Any) -> list[Any]:
    return valor if isinstance(valor, list) else []


def _texto(valor: Any, maximo: int = MAX_TEXTO) -> str:
    return valor.strip()[:maximo] if isinstance(valor, str) else ""


def _cargar(texto: Any, que: str) -> dict[str, Any]:
    if isinstance(texto, dict):
        return texto
    if not isinstance(texto, (str, bytes)):
        raise EntradaInvalida(f"{que}_ausente")
    try:
        datos = json.loads(texto)
    except (ValueError, RecursionError):
        raise EntradaInvalida(f"{que}_json_invalido") from None
    if not isinstance(datos, dict):
        raise EntradaInvalida(f"{que}_no_es_objeto")
    return datos


def _fecha(valor: Any) -> datetime | None:
    try:
        return datetime.fromtimestamp(int(str(valor)), UTC)
    except (ValueError, OverflowError, OSError):
        return None


def respuesta_rapida(payload: str) -> tuple[bool, str | None, int | None] | None:
    """(resuelto, folio, ronda) de un payload de respuesta rápida; None si no es uno de los nuestros.

    La carga con folio es la de wa-salida (`whatsapp.leer_carga_boton`); sin folio, el id solo. Además el folio debe
    tener 10 dígitos: uno más corto no es de ningún caso."""
    from funciones.nucleo.dominio.whatsapp import leer_carga_boton

    carga = payload.strip()
    if carga in RESPUESTAS_RAPIDAS:
        return RESPUESTAS_RAPIDAS[carga], None, None
    leida = leer_carga_boton(carga)
    if leida is None or not _PAYLOAD.fullmatch(carga):
        return None
    accion, folio, ronda = leida
    return RESPUESTAS_RAPIDAS[accion], folio, ronda


def _nombre_medio(tipo: str, datos: dict[str, Any], tipo_contenido: str) -> str:
    nombre = _texto(datos.get("filename"), 120)
    if nombre:
        return nombre
    extension = {"image/jpeg": "jpg", "image/png": "png", "application/pdf": "pdf"}.get(tipo_contenido, "bin")
    return f"{'foto' if tipo == 'image' else 'documento'}-whatsapp.{extension}"


def _mensaje(crudo: dict[str, Any], numero_negocio: str) -> Mensaje | str:
    """El mensaje interpretado, o el motivo por el que se descarta."""
    ident, de, tipo = crudo.get("id"), crudo.get("from"), crudo.get("type")
    if not (isinstance(ident, str) and ident.strip() and len(ident) <= MAX_ID):
        return "mensaje_sin_id"
    if not (isinstance(de, str) and de.strip() and len(de) <= 20):
        return "mensaje_sin_remitente"
    tipo = tipo if isinstance(tipo, str) else ""
    base: dict[str, Any] = {
        "id": ident.strip(),
        "de": de.strip(),
        "telefono": telefono_normalizado(de),
        "tipo": tipo,
        "numero_negocio": numero_negocio,
        "fecha": _fecha(crudo.get("timestamp")),
    }
    if tipo == "text":
        return Mensaje(**base, texto=_texto(_objeto(crudo.get("text")).get("body")))
    if tipo == "button":
        # Botón de respuesta rápida de una plantilla: `payload` lo pusimos nosotros; `text` es lo que leyó.
        boton = _objeto(crudo.get("button"))
        return Mensaje(**base, texto=_texto(boton.get("text")), respuesta=_texto(boton.get("payload"), 100) or None)
    if tipo == "interactive":
        interactivo = _objeto(crudo.get("interactive"))
        elegido = _objeto(interactivo.get("button_reply") or interactivo.get("list_reply"))
        return Mensaje(**base, texto=_texto(elegido.get("title")), respuesta=_texto(elegido.get("id"), 100) or None)
    if tipo in TIPOS_MEDIO:
        datos = _objeto(crudo.get(tipo))
        id_medio = datos.get("id")
        if not (isinstance(id_medio, str) and _ID_MEDIO.fullmatch(id_medio)):
            return Mensaje(**base)  # sin medio que bajar: no soportado
        tipo_contenido = _texto(datos.get("mime_type"), 100).split(";")[0].strip().lower()
        medio = Medio(
            id_medio, tipo_contenido, _nombre_medio(tipo, datos, tipo_contenido), _texto(datos.get("caption"))
        )
        return Mensaje(**base, texto=medio.leyenda, medio=medio)
    return Mensaje(**base)


def leer_evento(mensaje_sns: Any) -> Entrada:
    """Del `Sns.Message` (cadena JSON) a mensajes y estados. `EntradaInvalida` si el sobre no sirve."""
    sobre = _cargar(mensaje_sns, "sobre")
    entrada = _cargar(sobre.get("whatsAppWebhookEntry"), "entrada")
    cambios = entrada.get("changes")
    if not isinstance(cambios, list) or not cambios:
        raise EntradaInvalida("entrada_sin_cambios")
    resultado = Entrada(id_evento=_texto(sobre.get("messageId"), MAX_ID))
    contexto = _objeto(sobre.get("context"))
    # El número de Meta (metadata.phone_number_id) → su ARN en AWS, que piden las API de socialmessaging.
    arn_de: dict[str, str] = {}
    for numero in _lista(contexto.get("MetaPhoneNumberIds")):
        numero = _objeto(numero)
        arn = numero.get("arn")
        if isinstance(arn, str) and arn:
            if arn not in resultado.ids_telefono:
                resultado.ids_telefono.append(arn)
            arn_de[str(numero.get("metaPhoneNumberId") or "")] = arn
    for cambio in cambios:
        cambio = _objeto(cambio)
        valor = _objeto(cambio.get("value"))
        if cambio.get("field") != "messages" or not valor:
            resultado.descartados.append(("", f"cambio_{_texto(cambio.get('field'), 40) or 'sin_campo'}"))
            continue
        id_meta = _texto(_objeto(valor.get("metadata")).get("phone_number_id"), 100)
        numero_negocio = arn_de.get(id_meta) or (resultado.ids_telefono[0] if resultado.ids_telefono else id_meta)
        for crudo in _lista(valor.get("messages")):
            leido = _mensaje(_objeto(crudo), numero_negocio)
            if isinstance(leido, str):
                resultado.descartados.append(("", leido))
            else:
                resultado.mensajes.append(leido)
        resultado.estados += [e for e in _lista(valor.get("statuses")) if isinstance(e, dict)]
    return resultado


def id_evento(id_mensaje: str, sufijo: str) -> str:
    """Id determinista de un evento del historial: el mismo mensaje entregado dos veces da el mismo id."""
    return hashlib.sha256(f"whatsapp:{id_mensaje}:{sufijo}".encode()).hexdigest()[:12]


def _del_telefono(caso: Caso, telefono: str) -> bool:
    # Un item índice viejo (el teléfono del caso ya cambió) no cuenta.
    return bool(caso.telefono) and telefono_normalizado(caso.telefono or "") == telefono


def caso_para_mensaje(casos: list[Caso], telefono: str) -> Caso | None:
    """El caso donde cae un mensaje de ese número: el abierto más nuevo; si no hay, el resuelto más nuevo (el
    mensaje lo reabre, como por la página). Uno cerrado no: quien escribe recibe la plantilla sin caso."""
    propios = sorted((c for c in casos if _del_telefono(c, telefono)), key=lambda c: c.fecha_registro, reverse=True)
    return next((c for c in propios if c.abierto), None) or next((c for c in propios if c.estado == "resuelto"), None)


def caso_para_respuesta(casos: list[Caso], telefono: str, folio: str | None) -> Caso | None:
    """El caso que confirma o reabre un botón: el del payload si es de ese número; si no trae folio, el resuelto
    más nuevo del número."""
    propios = [c for c in casos if _del_telefono(c, telefono)]
    if folio is not None:
        return next((c for c in propios if c.folio == folio), None)
    resueltos = sorted((c for c in propios if c.estado == "resuelto"), key=lambda c: c.fecha_registro, reverse=True)
    return resueltos[0] if resueltos else None


def texto_mensaje(mensaje: Mensaje) -> str:
    """Lo que queda en el historial: el texto, o qué mandó si fue sólo un archivo o un botón."""
    if mensaje.texto:
        return mensaje.texto[:MAX_TEXTO]
    if mensaje.medio is not None:
        return (
            "Nos enviaste una foto por WhatsApp."
            if mensaje.tipo == "image"
            else "Nos enviaste un documento por WhatsApp."
        )
    return ""
