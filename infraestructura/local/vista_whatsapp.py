"""`GET /_local/whatsapp`: la conversación de un número como en un teléfono (sólo la emulación).

Los mensajes salientes salen de la emulación de socialmessaging de wa-salida (lo que lista `/_local/whatsapp.json`);
los entrantes, de lo que recibió `POST /_local/whatsapp-entrante`. Sin JavaScript ni estilos en línea (la CSP
estricta de toda página): responder como el cliente y los botones de respuesta rápida son formularios que publican
en `/_local/whatsapp-entrante` y vuelven aquí con el resultado, anunciado en una región `aria-live`.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any
from urllib.parse import quote

from funciones.nucleo.dominio.busqueda import telefono_normalizado
from funciones.nucleo.dominio.whatsapp_entrante import CONFIRMAR_RESUELTO, SIGUE_PROBLEMA

# Los botones de la plantilla de resolución, cuando el último saliente no trae los suyos.
BOTONES = ((CONFIRMAR_RESUELTO, "Sí, quedó resuelto"), (SIGUE_PROBLEMA, "No, sigue el problema"))
TEXTOS_BOTON = dict(BOTONES)
# Qué hizo whatsapp_entrante, dicho para quien prueba.
RESULTADOS = {
    "anexado": "El mensaje se agregó a su caso abierto como mensaje del cliente.",
    "reabierto": "El mensaje reabrió el caso.",
    "confirmado": "El cliente confirmó que quedó resuelto: el caso se cerró.",
    "sin_caso": "El número no tiene caso abierto: se le envió la plantilla con el enlace y los teléfonos.",
    "no_soportado": "Ese tipo de mensaje no se recibe: se le pidió texto, foto o PDF.",
    "limite_diario": "El caso ya recibió hoy el máximo de mensajes del cliente.",
    "ignorado": "El mensaje se ignoró (número no mexicano o respuesta que ya no aplica).",
    "repetido": "Ese mensaje ya se había recibido.",
    "descartado": "El evento no se pudo leer y se descartó.",
}


def _mismo(a: str, b: str) -> bool:
    na, nb = telefono_normalizado(a or ""), telefono_normalizado(b or "")
    if na is None or nb is None:
        # Un número que no es de México: los mismos dígitos (whatsapp_entrante lo ignora, pero se ve lo que mandó).
        da, db = ("".join(c for c in x or "" if c.isdigit()) for x in (a, b))
        return bool(da) and da == db
    return na == nb


def _botones(saliente: dict[str, Any]) -> list[tuple[str, str]]:
    """(carga, texto) de los botones de un mensaje saliente, como sea que los liste la emulación."""
    salida: list[tuple[str, str]] = []
    cargas = [str(c) for c in saliente.get("cargas") or []]
    for i, b in enumerate(saliente.get("botones") or []):
        if isinstance(b, dict):
            carga = str(b.get("carga") or b.get("payload") or b.get("id") or "")
            texto = str(b.get("texto") or b.get("text") or b.get("title") or "")
        elif i < len(cargas):
            # La forma de la emulación con los textos en `botones` y las cargas aparte, en el mismo orden.
            carga, texto = cargas[i], str(b)
        else:
            carga, texto = str(b), ""
        accion = carga.split(":", 1)[0]
        if carga:
            salida.append((carga, texto or TEXTOS_BOTON.get(accion, carga)))
    return salida


def conversacion(de: str, enviados: list[dict[str, Any]], recibidos: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Salientes y entrantes de ese número, del más viejo al más nuevo."""
    mensajes = [
        {
            "sentido": "saliente",
            "texto": str(m.get("texto") or ""),
            "fecha": str(m.get("fecha") or ""),
            "plantilla": m.get("plantilla"),
            "botones": _botones(m),
        }
        for m in enviados
        if _mismo(str(m.get("destino") or ""), de)
    ] + [
        {
            "sentido": "entrante",
            "texto": str(m.get("texto") or ""),
            "fecha": str(m.get("fecha") or ""),
            "plantilla": None,
            "botones": [],
        }
        for m in recibidos
        if _mismo(str(m.get("de") or ""), de)
    ]
    return sorted(mensajes, key=lambda m: m["fecha"])


def _hora(fecha: str) -> tuple[str, str]:
    """(valor de `datetime` con milisegundos, como admite HTML; HH:MM en la hora del centro de México)."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    try:
        instante = datetime.fromisoformat(fecha)
    except ValueError:
        return "", ""
    local = instante.astimezone(ZoneInfo("America/Mexico_City")).strftime("%H:%M")
    return instante.isoformat(timespec="milliseconds"), local


def _burbuja(m: dict[str, Any]) -> str:
    quien = "Blue Point" if m["sentido"] == "saliente" else "Cliente"
    plantilla = f' <span class="plantilla">plantilla {escape(str(m["plantilla"]))}</span>' if m["plantilla"] else ""
    texto = escape(m["texto"]).replace("\n", "<br>") or "<em>(sin texto)</em>"
    botones = "".join(f"<li>{escape(t)}</li>" for _, t in m["botones"])
    lista = f'<ul class="botones-recibidos" aria-label="Botones del mensaje">{botones}</ul>' if botones else ""
    valor, hora = _hora(m["fecha"])
    return (
        f'<li class="{m["sentido"]}"><p class="quien">{quien}{plantilla}</p><p>{texto}</p>{lista}'
        f'<p class="hora"><time datetime="{escape(valor)}">{hora}</time></p></li>'
    )


def _formulario_boton(de: str, carga: str, texto: str) -> str:
    return (
        '<form method="post" action="/_local/whatsapp-entrante" class="rapida">'
        f'<input type="hidden" name="de" value="{escape(de)}">'
        f'<input type="hidden" name="boton" value="{escape(carga)}">'
        f'<input type="hidden" name="titulo" value="{escape(texto)}">'
        f'<button type="submit">{escape(texto)}</button></form>'
    )


def pagina(
    de: str,
    resultado: str | None,
    enviados: Callable[[], list[dict[str, Any]]],
    recibidos: Callable[[], list[dict[str, Any]]],
) -> str:
    de = "".join(c for c in de if c.isdigit())[:15]
    aviso = RESULTADOS.get(resultado or "", "")
    # Tras enviar, la página se recarga con #estado: con tabindex el navegador le da el foco y el lector lo lee (una
    # región aria-live que ya trae texto al cargar no se anuncia).
    enfocable = ' tabindex="-1"' if aviso else ""
    estado = f'<p id="estado" class="estado" role="status" aria-live="polite"{enfocable}>{escape(aviso)}</p>'
    elegir = (
        '<form method="get" action="/_local/whatsapp" class="numero">'
        '<label for="de">Número del cliente (WhatsApp, con 52 o 521)</label>'
        f'<input id="de" name="de" inputmode="numeric" autocomplete="tel" pattern="[0-9]{{10,15}}" required '
        f'value="{escape(de)}" aria-describedby="ayuda-de">'
        '<p id="ayuda-de" class="ayuda">Por ejemplo 5215512345678 (un cliente de demostración).</p>'
        '<button type="submit">Abrir conversación</button></form>'
    )
    if not de:
        cuerpo = "<p>Escribe el número del cliente para ver su conversación.</p>"
    else:
        mensajes = conversacion(de, enviados(), recibidos())
        burbujas = (
            "".join(_burbuja(m) for m in mensajes) or '<li class="vacia">Aún no hay mensajes con este número.</li>'
        )
        ultimo = next((m for m in reversed(mensajes) if m["sentido"] == "saliente" and m["botones"]), None)
        rapidas = ultimo["botones"] if ultimo else list(BOTONES)
        botones = "".join(_formulario_boton(de, c, t) for c, t in rapidas)
        cuerpo = (
            f'<section class="telefono" aria-labelledby="titulo-chat"><h2 id="titulo-chat">Conversación con '
            f'+{escape(de)}</h2><ol class="conversacion">{burbujas}</ol>'
            f'<div class="rapidas" role="group" aria-label="Respuestas rápidas">{botones}</div>'
            '<form method="post" action="/_local/whatsapp-entrante" class="responder">'
            f'<input type="hidden" name="de" value="{escape(de)}">'
            '<label for="texto">Responder como el cliente</label>'
            '<textarea id="texto" name="texto" rows="3" maxlength="4000" required></textarea>'
            '<button type="submit">Enviar</button></form>'
            '<form method="post" action="/_local/whatsapp-entrante" enctype="multipart/form-data" class="responder">'
            f'<input type="hidden" name="de" value="{escape(de)}">'
            '<label for="archivo">Enviar una foto o un documento como el cliente</label>'
            '<input id="archivo" name="archivo" type="file" required '
            'accept="image/jpeg,image/png,image/heic,application/pdf,image/*,application/*">'
            '<label for="leyenda">Leyenda (opcional)</label>'
            '<input id="leyenda" name="leyenda" maxlength="1024">'
            '<button type="submit">Enviar archivo</button></form></section>'
        )
    return (
        '<!doctype html><html lang="es-MX"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<title>WhatsApp (emulación local)</title><link rel="icon" href="/favicon.svg" type="image/svg+xml">'
        '<link rel="stylesheet" href="/_local/whatsapp.css"></head>'
        "<body><main><h1>WhatsApp (emulación local)</h1>"
        f'<p><a href="/_local/whatsapp.json">Salientes en JSON</a> · <a href="/_local/correos">Correos</a></p>'
        f"{estado}{elegir}{cuerpo}</main></body></html>"
    )


def destino_tras_enviar(de: str, accion: str) -> str:
    return f"/_local/whatsapp?de={quote(de)}&resultado={quote(accion)}#estado"
