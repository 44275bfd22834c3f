"""Expediente imprimible como documento legal (HTML con CSS de impresión): todo dato pasa por html.escape.

Fechas completas con año y zona horaria, etiquetas humanas, teléfonos con formato, cada notificación con su
constancia de entrega y, al imprimir, un pie con el folio y el número de página (`/css/paginas.css`, `@page`).
"""

from __future__ import annotations

from html import escape

from esquemas.expediente import Expediente
from funciones.nucleo.dominio.etiquetas import CANALES, EVENTOS, MEDIOS, fecha_completa, legible, telefono
from funciones.nucleo.dominio.folio import formatear_folio
from funciones.nucleo.dominio.textos import CALIFICACIONES
from funciones.nucleo.frontera.paginas import documento


def _si_no(valor: bool | None) -> str:
    return "Sin resolver aún" if valor is None else ("Sí" if valor else "No")


def _autor(autor: str) -> str:
    return {"sistema": "Sistema (automático)", "cliente": "El cliente"}.get(autor, autor)


def pagina_expediente(x: Expediente) -> str:
    c = x.caso
    bono = c.bonificacion
    filas = [
        ("Folio", c.folio_legible),
        ("Cliente", c.nombre),
        ("Número de contrato", c.contrato or "Sin contrato"),
        ("Correo electrónico", c.correo or "—"),
        ("Teléfono", telefono(c.telefono)),
        ("Tipo y categoría", f"{c.tipo_nombre} · {c.categoria_nombre}"),
        ("Canal de recepción", legible(c.canal, CANALES)),
        ("Medio de notificación elegido", legible(c.medio_notificacion, MEDIOS)),
        ("Descripción del cliente", c.descripcion),
        ("Fecha de registro", fecha_completa(c.fecha_registro)),
        ("Compromiso interno de respuesta", fecha_completa(c.fecha_compromiso)),
        ("Plazo legal máximo", fecha_completa(c.fecha_limite_legal)),
        ("Resolución", c.resolucion or "Sin resolver aún"),
        ("Fecha de resolución", fecha_completa(x.fecha_resolucion) if x.fecha_resolucion else "Sin resolver aún"),
        ("¿Se respondió dentro del compromiso interno?", _si_no(x.plazo_interno_cumplido)),
        ("¿Se respondió dentro del plazo legal?", _si_no(x.plazo_legal_cumplido)),
        (
            "Bonificación",
            "—"
            if not bono
            else f"${bono.monto} (cobro indebido de ${bono.monto_cobrado} más {bono.porcentaje_adicional} %)"
            if bono.base == "cargo"
            else f"${bono.monto} ({bono.dias_afectados} días: proporcional de ${bono.proporcional} más "
            f"{bono.porcentaje_adicional} %)",
        ),
        ("Estado actual", c.estado_nombre),
    ]
    if c.duplicado_de:
        filas.append(("Cerrado como duplicado de", formatear_folio(c.duplicado_de)))
    if c.duplicados:
        filas.append(("Folios cerrados como duplicado de éste", ", ".join(formatear_folio(f) for f in c.duplicados)))
    datos = "".join(f"<dt>{escape(k)}</dt><dd>{escape(str(v))}</dd>" for k, v in filas)
    historial = "".join(
        f"<tr><td>{escape(fecha_completa(h.fecha))}</td><td>{escape(legible(h.tipo, EVENTOS))}</td>"
        f"<td>{escape(_autor(h.autor))}</td><td>{'Visible para el cliente' if h.publico else 'Interna'}</td>"
        f"<td>{escape(h.descripcion)}</td></tr>"
        for h in x.historial
    )
    avisos = (
        "".join(
            f"<tr><td>{escape(n.fecha_texto)}</td><td>{escape(n.medio_nombre)}</td><td>{escape(n.aviso_nombre)}</td>"
            f'<td>{escape(n.descripcion)}<br><span class="id-mensaje">Identificador del envío: '
            f"{escape(n.id_mensaje) or '—'}</span></td>"
            f"<td>{'<br>'.join(escape(k.texto) for k in n.constancias) or 'Sin acuse de recepción registrado.'}</td>"
            "</tr>"
            for n in x.notificaciones
        )
        or '<tr><td colspan="5">Sin notificaciones.</td></tr>'
    )
    recibidos = (
        "".join(
            f"<tr><td>{escape(r.fecha_texto)}</td><td><code>{escape(r.id_correo)}</code></td>"
            f"<td><code>{escape(r.objeto)}</code></td><td>{escape(', '.join(r.adjuntos) or '—')}</td></tr>"
            for r in x.correos_recibidos
        )
        or '<tr><td colspan="4">Sin correos del cliente.</td></tr>'
    )
    encuestas = (
        "".join(
            f"<li>Resolución {escape(str(e.get('ronda')))}: calificación {escape(str(e.get('calificacion')))} de 5 "
            f"({escape(CALIFICACIONES.get(int(e.get('calificacion') or 0), '—'))})"
            f"{'; comentario: ' + escape(str(e['comentario'])) if e.get('comentario') else ''}</li>"
            for e in x.encuestas
        )
        or "<li>Sin respuesta de encuesta.</li>"
    )
    contenido = (
        '<p class="marca">Blue Point · Atención al Cliente</p>'
        f"<h1>Expediente del caso {escape(c.folio_legible)}</h1>"
        f"<p>Documento para conciliación ante la PROFECO, generado el {escape(x.generado_texto)}.</p>"
        f'<dl class="expediente">{datos}</dl><h2>Historial completo</h2>'
        '<table class="tabla"><thead><tr><th>Fecha</th><th>Movimiento</th><th>Quién</th><th>Visibilidad</th>'
        f"<th>Descripción</th></tr></thead><tbody>{historial}</tbody></table>"
        '<h2>Notificaciones al cliente y constancias de entrega</h2><table class="tabla"><thead><tr><th>Fecha</th>'
        "<th>Medio</th><th>Aviso</th><th>Destinatario e identificador</th><th>Constancia de entrega</th></tr></thead>"
        f"<tbody>{avisos}</tbody></table>"
        "<h2>Correos recibidos del cliente</h2><p>El mensaje original de cada uno, con sus adjuntos, se conserva "
        'cifrado en el bucket de correos con esta llave.</p><table class="tabla"><thead><tr><th>Fecha</th>'
        f"<th>Message-ID</th><th>Llave del original</th><th>Adjuntos</th></tr></thead><tbody>{recibidos}</tbody>"
        "</table>"
        f"<h2>Encuesta de satisfacción</h2><ul>{encuestas}</ul>"
        '<p class="no-imprimir"><button type="button" data-imprimir>Imprimir expediente</button></p>'
        # Al imprimir se repite en cada hoja (posición fija); el número de página lo pone `@page`.
        f'<footer class="pie-impreso">Expediente PROFECO · Folio {escape(c.folio_legible)}</footer>'
    )
    return documento(f"Expediente {c.folio_legible}", contenido)
