"""La recepción de SES, emulada: el crudo a un objeto de moto S3 y `correo_entrante` con el evento de recepción.

Como la regla de la pila (constructos/recepcion.py): acción S3 (prefijo + id del mensaje) y luego la acción Lambda
con el evento `aws:ses`. SES revisa virus: aquí, como el simulador de buzones para los rebotes, la cadena de prueba
EICAR da el veredicto FAIL. También arma la respuesta que compondría un cliente de correo («Responder»).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import UTC, datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesHeaderParser
from email.utils import format_datetime, getaddresses, make_msgid
from typing import Any

BUCKET = "bluepoint-correos-local"
PREFIJO = "entrantes/"
# La cadena de prueba de los antivirus (EICAR): SES la marca como virus.
EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
MAX_BYTES = 10 * 1024 * 1024


def _marca(instante: datetime) -> str:
    return instante.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def id_ses() -> str:
    # La forma de los ids de recepción de SES: 20 caracteres en minúscula y dígitos.
    return secrets.token_hex(10)


def evento_recepcion(crudo: bytes, id_mensaje: str, ahora: datetime | None = None) -> dict[str, Any]:
    """El evento que la acción Lambda de una regla de recepción entrega a la función (formato de SES)."""
    ahora = ahora or datetime.now(UTC)
    cabeceras = BytesHeaderParser(policy=policy.default).parsebytes(crudo)
    para = [d for _, d in getaddresses([str(v) for n in ("To", "Cc") for v in cabeceras.get_all(n, [])]) if d]
    remitentes = [d for _, d in getaddresses([str(cabeceras.get("From", ""))]) if d]
    vuelta = str(cabeceras.get("Return-Path", "")).strip()
    # El sobre (MAIL FROM): el Return-Path si lo trae, si no el From; un rebote llega con sobre vacío («<>»).
    if vuelta == "<>":
        sobre = ""
    else:
        sobre = next((d for _, d in getaddresses([vuelta]) if d), remitentes[0] if remitentes else "")
    veredicto = {"status": "PASS"}
    return {
        "Records": [
            {
                "eventSource": "aws:ses",
                "eventVersion": "1.0",
                "ses": {
                    "mail": {
                        "timestamp": _marca(ahora),
                        "source": sobre,
                        "messageId": id_mensaje,
                        "destination": para,
                        "headersTruncated": False,
                        "headers": [{"name": k, "value": str(v)} for k, v in cabeceras.items()],
                        "commonHeaders": {
                            "from": [str(cabeceras.get("From", ""))],
                            "to": [str(v) for v in cabeceras.get_all("To", [])],
                            "messageId": str(cabeceras.get("Message-ID", "")),
                            "subject": str(cabeceras.get("Subject", "")),
                        },
                    },
                    "receipt": {
                        "timestamp": _marca(ahora),
                        "processingTimeMillis": 1,
                        "recipients": para,
                        "spamVerdict": veredicto,
                        "virusVerdict": {"status": "FAIL" if EICAR in crudo else "PASS"},
                        "spfVerdict": veredicto,
                        "dkimVerdict": veredicto,
                        "dmarcVerdict": veredicto,
                        "action": {
                            "type": "Lambda",
                            "functionArn": "arn:aws:lambda:us-east-1:123456789012:function:bluepoint-correo_entrante",
                            "invocationType": "Event",
                        },
                    },
                },
            }
        ]
    }


def recibir(crudo: bytes, s3: Any, invocar: Callable[[dict[str, Any]], dict[str, Any]]) -> dict[str, Any]:
    """Lo que hace la regla con un correo: lo guarda en el bucket y corre la función; devuelve lo que hizo."""
    identificador = id_ses()
    s3.put_object(Bucket=BUCKET, Key=f"{PREFIJO}{identificador}", Body=crudo)
    r = invocar(evento_recepcion(crudo, identificador))
    (resultado,) = r["resultados"]
    return resultado


def componer_respuesta(original: dict[str, Any], texto: str, ahora: datetime | None = None) -> bytes:
    """Una respuesta como la arma Gmail: Re: asunto, a su Reply-To, enhebrada y con la historia citada."""
    ahora = ahora or datetime.now(UTC)
    msg = EmailMessage(policy=policy.SMTP)
    msg["From"] = original["destinatario"]
    msg["To"] = original["responder_a"]
    asunto = original["asunto"]
    msg["Subject"] = asunto if asunto.lower().startswith("re:") else f"Re: {asunto}"
    msg["Date"] = format_datetime(ahora)
    msg["Message-ID"] = make_msgid(domain="mail.example.com")
    id_original = f"<{original['id_mensaje']}@email.amazonses.com>"
    msg["In-Reply-To"] = id_original
    msg["References"] = id_original
    citado = "\n".join(f"> {r}" if r else ">" for r in original["texto"].splitlines())
    fecha = datetime.fromisoformat(original["fecha"]).strftime("%d/%m/%Y a las %H:%M")
    cuerpo = f"{texto.strip()}\n\nEl {fecha}, Blue Point Atención al Cliente <{original['responder_a']}> escribió:\n\n"
    msg.set_content(cuerpo + citado + "\n")
    return msg.as_bytes()


type Respuesta = tuple[int, dict[str, Any] | None, dict[str, str]]


def _error(estado: int, codigo: str, mensaje: str, campo: str | None = None) -> Respuesta:
    campos = [{"campo": campo, "mensaje": mensaje}] if campo else []
    return estado, {"error": {"codigo": codigo, "mensaje": mensaje, "campos": campos}}, {}


def atender(
    tipo: str,
    cuerpo: bytes,
    correos: Callable[[], list[dict[str, Any]]],
    s3: Any,
    invocar: Callable[[dict[str, Any]], dict[str, Any]],
) -> Respuesta:
    """POST /_local/correos-entrantes: un RFC 5322 crudo (message/rfc822) o el formulario «Responder».

    Devuelve (estado, JSON, cabeceras): 200 con lo que hizo la función; el formulario, 303 de vuelta al buzón.
    """
    from urllib.parse import parse_qs, quote

    tipo = tipo.split(";")[0].strip().lower()
    if len(cuerpo) > MAX_BYTES:
        return _error(413, "demasiado_grande", "El correo pasa de 10 MB.", "cuerpo")
    if tipo == "message/rfc822":
        if not cuerpo.strip():
            return _error(400, "datos_invalidos", "El correo está vacío.", "cuerpo")
        cabeceras = BytesHeaderParser(policy=policy.default).parsebytes(cuerpo)
        if not [d for _, d in getaddresses([str(cabeceras.get("From", ""))]) if d]:
            return _error(400, "datos_invalidos", "El correo no trae remitente (From).", "From")
        if not [d for _, d in getaddresses([str(v) for v in cabeceras.get_all("To", [])]) if d]:
            return _error(400, "datos_invalidos", "El correo no trae destinatario (To).", "To")
        return 200, recibir(cuerpo, s3, invocar), {}
    if tipo == "application/x-www-form-urlencoded":
        try:
            campos = {k: v[0] for k, v in parse_qs(cuerpo.decode("utf-8"), strict_parsing=False).items()}
        except UnicodeDecodeError:
            return _error(400, "datos_invalidos", "El formulario no es UTF-8.", "texto")
        texto = (campos.get("texto") or "").strip()
        if not texto:
            return _error(400, "datos_invalidos", "Escribe la respuesta.", "texto")
        if len(texto) > 4000:
            return _error(400, "datos_invalidos", "La respuesta pasa de 4000 caracteres.", "texto")
        original = next((c for c in correos() if c["id"] == campos.get("id")), None)
        if original is None:
            return _error(404, "no_encontrado", "No existe ese correo en el buzón local.", "id")
        if not original.get("responder_a"):
            return _error(409, "sin_responder_a", "Ese correo no tiene a dónde responder.", "id")
        r = recibir(componer_respuesta(original, texto), s3, invocar)
        destino = f"/_local/correos?respuesta={quote(r['accion'])}"
        return 303, None, {"Location": destino}
    return _error(415, "tipo_contenido", "Envía el correo crudo con Content-Type: message/rfc822.")
