"""El destino de eventos de la WABA, emulado: la entrada del webhook de Meta → el sobre de AWS → SNS → función.

AWS End User Messaging Social publica en el tema SNS un JSON por cada entrada del webhook: la cabecera de AWS
(`context` con los ARN de la WABA y del número, `aws_account_id`, `message_timestamp`, `messageId`) y la entrada
de Meta como cadena en `whatsAppWebhookEntry`. Aquí se arma igual y se entrega a `whatsapp_entrante` con el evento
de SNS (el mismo `evento_sns` que los eventos de SES).

`POST /_local/whatsapp-entrante` recibe `{"object": "whatsapp_business_account", "entry": [...]}` tal cual lo manda
Meta, o el formulario de la vista `/_local/whatsapp` (responder como el cliente, botones de respuesta rápida).
"""

from __future__ import annotations

import json
import secrets
import threading
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from infraestructura.local import whatsapp as emulacion
from infraestructura.local.eventos_ses import evento_sns

CUENTA = "123456789012"
REGION = "us-east-1"
TEMA = f"arn:aws:sns:{REGION}:{CUENTA}:bluepoint-whatsapp-entrante"
# El número de Blue Point en la emulación (Meta y AWS) y la WABA.
ID_META_NUMERO = "109876543210987"
NUMERO_NEGOCIO = "527776720827"
ID_WABA = "102290129340398"
# Los mismos ids de AWS que la emulación de socialmessaging (que sólo acepta pedidos de ese número).
ARN_NUMERO = emulacion.ARN_NUMERO
ARN_WABA = f"arn:aws:social-messaging:{REGION}:{CUENTA}:waba/{emulacion.WABA.removeprefix('waba-')}"
MAX_BYTES = 1024 * 1024
# Un archivo de la vista: más que los 10 MB que admite un adjunto, para poder probar el rechazo.
MAX_BYTES_ARCHIVO = 16 * 1024 * 1024
MAX_ENTRADAS = 20
MAX_TEXTO = 4000

type Respuesta = tuple[int, dict[str, Any] | None, dict[str, str]]


def _marca(instante: datetime) -> str:
    return instante.isoformat(timespec="microseconds").replace("+00:00", "Z")


def sobre_aws(entrada: dict[str, Any], ahora: datetime | None = None) -> dict[str, Any]:
    """El JSON que AWS publica en el tema por una entrada del webhook de Meta."""
    ahora = ahora or datetime.now(UTC)
    numeros = {
        str(((c.get("value") or {}).get("metadata") or {}).get("phone_number_id") or ID_META_NUMERO)
        for c in entrada.get("changes") or []
        if isinstance(c, dict)
    } or {ID_META_NUMERO}
    return {
        "context": {
            "MetaWabaIds": [{"wabaId": str(entrada.get("id") or ID_WABA), "arn": ARN_WABA}],
            "MetaPhoneNumberIds": [{"metaPhoneNumberId": n, "arn": ARN_NUMERO} for n in sorted(numeros)],
        },
        "whatsAppWebhookEntry": json.dumps(entrada, ensure_ascii=False),
        "aws_account_id": CUENTA,
        "message_timestamp": _marca(ahora),
        "messageId": str(uuid.uuid4()),
    }


def evento(entrada: dict[str, Any], ahora: datetime | None = None) -> dict[str, Any]:
    """El evento de Lambda (SNS) con el sobre de AWS de esa entrada."""
    return evento_sns(sobre_aws(entrada, ahora), TEMA)


def entrada_mensaje(de: str, mensaje: dict[str, Any], nombre: str = "Cliente") -> dict[str, Any]:
    """Una entrada del webhook con un mensaje del cliente (lo que arma la vista al responder)."""
    return {
        "id": ID_WABA,
        "changes": [
            {
                "field": "messages",
                "value": {
                    "messaging_product": "whatsapp",
                    "metadata": {"display_phone_number": NUMERO_NEGOCIO, "phone_number_id": ID_META_NUMERO},
                    "contacts": [{"profile": {"name": nombre}, "wa_id": de}],
                    "messages": [
                        {
                            "from": de,
                            "id": f"wamid.{secrets.token_hex(16)}",
                            "timestamp": str(int(datetime.now(UTC).timestamp())),
                            **mensaje,
                        }
                    ],
                },
            }
        ],
    }


# Lo recibido por la emulación (para la vista de la conversación): el más nuevo al final.
_recibidos: list[dict[str, Any]] = []
_candado = threading.Lock()


def _anotar(entrada: dict[str, Any], resultados: list[dict[str, Any]]) -> None:
    for cambio in entrada.get("changes") or []:
        for m in ((cambio or {}).get("value") or {}).get("messages") or []:
            if not isinstance(m, dict):
                continue
            # Como la función: un campo que no es objeto (entrada mala) no tira la vista.
            de_texto, de_boton = m.get("text"), m.get("button")
            texto = (de_texto.get("body") if isinstance(de_texto, dict) else "") or (
                de_boton.get("text") if isinstance(de_boton, dict) else ""
            )
            if not texto and m.get("type") in ("image", "document"):
                texto = f"[{'foto' if m['type'] == 'image' else 'documento'}]"
            accion = next((r.get("accion") for r in resultados if r.get("id") == m.get("id")), None)
            with _candado:
                _recibidos.append(
                    {
                        "de": str(m.get("from", "")),
                        "id": str(m.get("id", "")),
                        "tipo": str(m.get("type", "")),
                        "texto": str(texto),
                        "accion": accion,
                        "fecha": datetime.now(UTC).isoformat(),
                    }
                )


def recibidos() -> list[dict[str, Any]]:
    with _candado:
        return list(_recibidos)


def _error(estado: int, mensaje: str, campos: list[tuple[str, str]] | None = None) -> Respuesta:
    lista = [{"campo": c, "mensaje": m} for c, m in campos or []]
    return estado, {"error": {"codigo": "datos_invalidos", "mensaje": mensaje, "campos": lista}}, {}


def revisar_webhook(datos: Any) -> list[tuple[str, str]]:
    """Lo que falta o sobra en el cuerpo del webhook de Meta, por campo (vacío si sirve)."""
    if not isinstance(datos, dict):
        return [("cuerpo", "Debe ser un objeto JSON.")]
    errores: list[tuple[str, str]] = []
    if datos.get("object") != "whatsapp_business_account":
        errores.append(("object", "Debe ser «whatsapp_business_account»."))
    entradas = datos.get("entry")
    if not isinstance(entradas, list) or not entradas:
        return [*errores, ("entry", "Debe ser una lista con al menos una entrada.")]
    if len(entradas) > MAX_ENTRADAS:
        return [*errores, ("entry", f"A lo más {MAX_ENTRADAS} entradas por solicitud.")]
    for i, entrada in enumerate(entradas):
        if not isinstance(entrada, dict):
            errores.append((f"entry.{i}", "Cada entrada debe ser un objeto."))
            continue
        cambios = entrada.get("changes")
        if not isinstance(cambios, list) or not cambios:
            errores.append((f"entry.{i}.changes", "Debe ser una lista con al menos un cambio."))
            continue
        for j, cambio in enumerate(cambios):
            if not isinstance(cambio, dict) or not isinstance(cambio.get("value"), dict):
                errores.append((f"entry.{i}.changes.{j}.value", "Cada cambio lleva un objeto «value»."))
    return errores


def recibir(entradas: list[dict[str, Any]], invocar: Callable[[dict[str, Any]], dict[str, Any]]) -> list[Any]:
    """Cada entrada en su propio sobre y su propia publicación (como AWS); devuelve lo que hizo la función."""
    resultados: list[Any] = []
    for entrada in entradas:
        r = invocar(evento(entrada))
        propios = list(r.get("resultados") or [])
        _anotar(entrada, propios)
        resultados.extend(propios)
    return resultados


def _archivo(tipo_completo: str, cuerpo: bytes) -> tuple[dict[str, str], tuple[str, str, bytes] | None]:
    """Los campos y el archivo (nombre, tipo, bytes) de un formulario multipart/form-data de la vista."""
    from email import policy
    from email.parser import BytesParser

    mensaje = BytesParser(policy=policy.HTTP).parsebytes(
        f"Content-Type: {tipo_completo}\r\n\r\n".encode("latin-1", "replace") + cuerpo
    )
    campos: dict[str, str] = {}
    archivo: tuple[str, str, bytes] | None = None
    if not mensaje.is_multipart():
        return campos, None
    for parte in mensaje.iter_parts():
        nombre = parte.get_param("name", header="content-disposition")
        datos = parte.get_payload(decode=True)
        if not isinstance(nombre, str) or not isinstance(datos, bytes):
            continue
        if parte.get_filename():
            if datos:
                archivo = (str(parte.get_filename()), parte.get_content_type(), datos)
        else:
            campos[nombre] = datos.decode("utf-8", "replace")
    return campos, archivo


def atender(
    tipo: str,
    cuerpo: bytes,
    invocar: Callable[[dict[str, Any]], dict[str, Any]],
    registrar_medio: Callable[[bytes, str], str] | None = None,
) -> Respuesta:
    """POST /_local/whatsapp-entrante: el JSON del webhook de Meta (200 con lo que hizo la función) o el formulario
    de la vista (303 de vuelta a la conversación); con un archivo (multipart/form-data), la emulación de
    socialmessaging lo guarda como medio recibido (`registrar_medio`) y el mensaje lleva su id, como en Meta."""
    from urllib.parse import parse_qs

    from infraestructura.local.vista_whatsapp import destino_tras_enviar

    tipo_completo = tipo
    tipo = tipo.split(";")[0].strip().lower()
    if tipo == "multipart/form-data":
        if len(cuerpo) > MAX_BYTES_ARCHIVO:
            return _error(413, "El archivo pasa de 16 MB.", [("archivo", "WhatsApp no entrega algo tan grande.")])
        campos, archivo = _archivo(tipo_completo, cuerpo)
        de = "".join(c for c in campos.get("de", "") if c.isdigit())
        if not 10 <= len(de) <= 15:
            return _error(400, "Falta el número del cliente.", [("de", "Escribe el número con lada (52…).")])
        if archivo is None or registrar_medio is None:
            return _error(400, "Elige la foto o el PDF.", [("archivo", "Adjunta una foto o un documento.")])
        nombre, tipo_archivo, datos = archivo
        id_medio = registrar_medio(datos, tipo_archivo)
        leyenda = (campos.get("leyenda") or "").strip()[:MAX_TEXTO]
        clase = "image" if tipo_archivo.startswith("image/") else "document"
        medio: dict[str, Any] = {"id": id_medio, "mime_type": tipo_archivo, "sha256": "local"}
        if clase == "document":
            medio["filename"] = nombre[:240]
        if leyenda:
            medio["caption"] = leyenda
        resultados = recibir([entrada_mensaje(de, {"type": clase, clase: medio})], invocar)
        accion = next((str(r.get("accion")) for r in resultados if isinstance(r, dict)), "ignorado")
        return 303, None, {"Location": destino_tras_enviar(de, accion)}
    if len(cuerpo) > MAX_BYTES:
        return _error(413, "El cuerpo pasa de 1 MB.", [("cuerpo", "Envía menos entradas por solicitud.")])
    if tipo == "application/json":
        try:
            datos = json.loads(cuerpo.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            return _error(400, "El cuerpo no es JSON válido.", [("cuerpo", "Envía la entrada del webhook de Meta.")])
        errores = revisar_webhook(datos)
        if errores:
            return _error(400, "La entrada del webhook no tiene la forma de Meta.", errores)
        return 200, {"resultados": recibir(datos["entry"], invocar)}, {}
    if tipo == "application/x-www-form-urlencoded":
        try:
            campos = {k: v[0] for k, v in parse_qs(cuerpo.decode("utf-8")).items()}
        except UnicodeDecodeError:
            return _error(400, "El formulario no es UTF-8.", [("texto", "Escribe el mensaje de nuevo.")])
        de = "".join(c for c in campos.get("de", "") if c.isdigit())
        if not 10 <= len(de) <= 15:
            return _error(400, "Falta el número del cliente.", [("de", "Escribe el número con lada (52…).")])
        boton, texto = (campos.get("boton") or "").strip(), (campos.get("texto") or "").strip()
        if boton:
            titulo = (campos.get("titulo") or boton)[:60]
            mensaje: dict[str, Any] = {"type": "button", "button": {"payload": boton[:100], "text": titulo}}
        elif texto:
            if len(texto) > MAX_TEXTO:
                return _error(400, "El mensaje es demasiado largo.", [("texto", f"A lo más {MAX_TEXTO} caracteres.")])
            mensaje = {"type": "text", "text": {"body": texto}}
        else:
            return _error(400, "Escribe el mensaje.", [("texto", "Escribe el mensaje o elige una respuesta.")])
        resultados = recibir([entrada_mensaje(de, mensaje)], invocar)
        accion = next((str(r.get("accion")) for r in resultados if isinstance(r, dict)), "ignorado")
        return 303, None, {"Location": destino_tras_enviar(de, accion)}
    return _error(415, "Envía el webhook como application/json.", [("Content-Type", "Usa application/json.")])
