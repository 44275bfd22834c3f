"""Lo que dice el IVR (Amazon Connect con una voz neural es-MX de Polly): SSML, folios, fechas y teléfonos.

Reglas puras, sin AWS. Todo lo que viene de datos (descripciones del historial, nombres del catálogo) pasa por
`escapar`: un `<` o un `&` en una nota pública rompería el SSML (Connect no reproduciría nada) o, peor, metería
etiquetas (`<audio>`, `<break time="60s"/>`) en lo que oye el cliente.
"""

from __future__ import annotations

import re
from datetime import datetime

from funciones.nucleo.dominio import calendario
from funciones.nucleo.dominio.busqueda import telefono_normalizado
from funciones.nucleo.dominio.folio import normalizar_folio

RESULTADOS = ("encontrado", "folio_invalido", "pide_contrato", "contrato_incorrecto", "bloqueado", "fuera_de_servicio")
PAUSA = '<break time="300ms"/>'
# Una nota pública larga no se lee entera por teléfono: el cliente la ve completa en la página de seguimiento.
MAX_PASO = 280
# Lo que XML 1.0 no admite (controles, sustitutos sueltos, U+FFFE/FFFF): se quita antes de escapar.
_NO_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_ESPACIOS = re.compile(r"\s+")
_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;"}
# Los datos enmascarados de los avisos (textos.enmascarar_telefono y enmascarar_correo): Polly leería «asterisco».
_TELEFONO_OCULTO = re.compile(r"\*{3} \*{3} (\d{4})")
_CORREO_OCULTO = re.compile(r"\S\*{3}@[\w.-]*\w")

# Los cuatro tipos del catálogo (duda, aclaración, queja, reclamación) son femeninos: «su queja … está resuelta».
FRASE_ESTADO = {
    "registrado": "está registrada y en espera de atención",
    "en_proceso": "está en proceso",
    "escalado": "está en revisión con un área especializada",
    "resuelto": "está resuelta",
    "cerrado": "está cerrada",
    "reabierto": "se reabrió y está en proceso",
}


def escapar(texto: str) -> str:
    """Texto de datos dentro de SSML: sin caracteres inválidos en XML, espacios juntos y `& < > " '` escapados."""
    limpio = _ESPACIOS.sub(" ", _NO_XML.sub("", texto)).strip()
    return "".join(_ESCAPES.get(c, c) for c in limpio)


def sin_mascaras(texto: str) -> str:
    """«al *** *** 0827» → «al número terminado en 0827» (por dígitos); «a m***@dominio» → «a la dirección que
    registró». Sobre texto ya escapado: lo que se agrega es SSML."""
    texto = _TELEFONO_OCULTO.sub(r'número terminado en <say-as interpret-as="digits">\1</say-as>', texto)
    return _CORREO_OCULTO.sub("la dirección que registró", texto)


def recortar(texto: str, maximo: int = MAX_PASO) -> str:
    """Hasta `maximo` caracteres, cortando en la última palabra completa."""
    limpio = _ESPACIOS.sub(" ", texto).strip()
    if len(limpio) <= maximo:
        return limpio
    corte = limpio[:maximo].rsplit(" ", 1)[0].rstrip(",;:.")
    return f"{corte}…"


def ssml(*partes: str) -> str:
    """`<speak>` con las partes (ya en SSML) separadas por un espacio."""
    return "<speak>" + " ".join(p for p in partes if p) + "</speak>"


def folio_hablado(folio: str) -> str:
    """Dígito por dígito, en grupos 3-3-4 con una pausa entre grupos, como está impreso en el comprobante."""
    limpio = normalizar_folio(folio)
    if limpio is None:
        raise ValueError("el folio debe tener 10 dígitos")
    grupos = (limpio[:3], limpio[3:6], limpio[6:])
    return PAUSA.join(f'<say-as interpret-as="digits">{g}</say-as>' for g in grupos)


def fecha_hablada(momento: datetime, ahora: datetime) -> str:
    """«el martes 1 de diciembre a las 12:30», en hora de la Ciudad de México (con el año si no es el de `ahora`)."""
    return "el " + calendario.texto_fecha(momento, ahora)


def minutos_hablados(segundos: int) -> str:
    minutos = max(1, -(-segundos // 60))
    return "1 minuto" if minutos == 1 else f"{minutos} minutos"


def intentos_hablados(restantes: int) -> str:
    return "Le queda 1 intento" if restantes == 1 else f"Le quedan {restantes} intentos"


def telefono_de_llamada(direccion: str | None) -> str | None:
    """El número que llama (E.164 de Connect: `+52…`, `+521…`) como lo guarda el caso, `+52` y 10 dígitos.

    Un número anónimo, de otro país o sin dígitos da None: no se compara con nada."""
    if not direccion:
        return None
    digitos = "".join(c for c in direccion if c.isdigit())
    # Sólo números de México: uno de otro país con 10 dígitos en total (+44 20 1234 5678) pasaría por uno local.
    if not direccion.lstrip().startswith("+52") and not digitos.startswith("52"):
        return None
    diez = telefono_normalizado(digitos)
    return f"+52{diez}" if diez else None


# Los mensajes del IVR (de usted, como se habla por teléfono en México). Cómo marcar (cuántos dígitos, qué tecla
# al final) lo dice el bloque del flujo que recoge los dígitos: aquí no, para que no se oiga dos veces.


def mensaje_folio_invalido() -> str:
    return ssml(
        "El folio que marcó no es válido.",
        "Revise que sean los 10 dígitos de su folio e intente de nuevo.",
    )


def mensaje_pide_contrato() -> str:
    return ssml("Para proteger su información, le pediremos su número de contrato.")


def mensaje_contrato_mal_formado(restantes: int) -> str:
    return ssml("El número de contrato tiene de 6 a 12 dígitos.", f"{intentos_hablados(restantes)} con este folio.")


def mensaje_contrato_incorrecto(restantes: int) -> str:
    return ssml(
        "No encontramos una solicitud con ese folio y ese número de contrato.",
        f"{intentos_hablados(restantes)} con este folio.",
    )


def mensaje_bloqueado(espera_s: int) -> str:
    return ssml(
        "Por su seguridad, por ahora no es posible consultar este folio.",
        f"Podrá intentarlo de nuevo en {minutos_hablados(espera_s)}, o hablar con un asesor.",
    )


def mensaje_fuera_de_servicio() -> str:
    return ssml(
        "En este momento no podemos consultar su folio.",
        "Por favor intente más tarde, o hable con un asesor.",
    )


def mensaje_encontrado(
    *,
    folio: str,
    tipo_nombre: str,
    estado: str,
    abierto: bool,
    vencido: bool,
    compromiso: datetime,
    ultimo_paso: tuple[datetime, str] | None,
    ahora: datetime,
) -> str:
    """Estado, plazo y último paso público de un caso."""
    frase = FRASE_ESTADO.get(estado, "está en proceso")
    partes = [f"Su {escapar(tipo_nombre.lower())} con folio {folio_hablado(folio)} {frase}."]
    if abierto and vencido:
        partes.append(f"La fecha compromiso era {fecha_hablada(compromiso, ahora)}. Lamentamos la demora.")
    elif abierto:
        partes.append(f"La fecha compromiso para darle respuesta es {fecha_hablada(compromiso, ahora)}.")
    if ultimo_paso is not None:
        fecha, texto = ultimo_paso
        dicho = sin_mascaras(escapar(recortar(texto)))
        if dicho:
            final = "" if dicho.endswith((".", "!", "?", "…")) else "."
            partes.append(f"El último avance, {fecha_hablada(fecha, ahora)}, dice: {dicho}{final}")
    return ssml(*partes)
