"""Expediente imprimible (HTML con CSS de impresión): todo dato pasa por html.escape."""

from __future__ import annotations

from html import escape

from esquemas.expediente import Expediente
from funciones.nucleo.dominio.calendario import texto_fecha
from funciones.nucleo.frontera.paginas import documento


def _si_no(valor: bool | None) -> str:
    return "—" if valor is None else ("Sí" if valor else "No")


def pagina_expediente(x: Expediente) -> str:
    c = x.caso
    filas = [
        ("Folio", c.folio_legible),
        ("Cliente", c.nombre),
        ("Contrato", c.contrato or "—"),
        ("Correo", c.correo or "—"),
        ("Teléfono", c.telefono or "—"),
        ("Clasificación", f"{c.tipo_nombre} · {c.categoria_nombre}"),
        ("Canal", c.canal),
        ("Descripción", c.descripcion),
        ("Registrado", c.fecha_registro_texto),
        ("Compromiso interno", c.fecha_compromiso_texto),
        ("Límite legal", c.fecha_limite_legal_texto),
        ("Resolución", c.resolucion or "—"),
        ("Resuelto el", texto_fecha(x.fecha_resolucion, x.generado) if x.fecha_resolucion else "—"),
        ("¿Cumplió el plazo interno?", _si_no(x.plazo_interno_cumplido)),
        ("¿Cumplió el plazo legal?", _si_no(x.plazo_legal_cumplido)),
        ("Bonificación", f"${c.bonificacion.monto} ({c.bonificacion.dias_afectados} días)" if c.bonificacion else "—"),
        ("Estado", c.estado_nombre),
    ]
    datos = "".join(f"<dt>{escape(k)}</dt><dd>{escape(str(v))}</dd>" for k, v in filas)
    historial = "".join(
        f"<tr><td>{escape(h.fecha_texto)}</td><td>{escape(h.tipo)}</td><td>{escape(h.autor)}</td>"
        f"<td>{'Pública' if h.publico else 'Interna'}</td><td>{escape(h.descripcion)}</td></tr>"
        for h in x.historial
    )
    avisos = (
        "".join(
            f"<tr><td>{escape(n.fecha.isoformat())}</td><td>{escape(n.medio)}</td><td>{escape(n.plantilla)}</td>"
            f"<td><code>{escape(n.id_mensaje)}</code></td></tr>"
            for n in x.notificaciones
        )
        or '<tr><td colspan="4">Sin notificaciones.</td></tr>'
    )
    recibidos = (
        "".join(
            f"<tr><td>{escape(r.fecha.isoformat())}</td><td><code>{escape(r.id_correo)}</code></td>"
            f"<td><code>{escape(r.objeto)}</code></td><td>{escape(', '.join(r.adjuntos) or '—')}</td></tr>"
            for r in x.correos_recibidos
        )
        or '<tr><td colspan="4">Sin correos del cliente.</td></tr>'
    )
    encuestas = (
        "".join(
            f"<li>Ronda {escape(str(e.get('ronda')))}: calificación {escape(str(e.get('calificacion')))} de 5"
            f"{'; comentario: ' + escape(str(e['comentario'])) if e.get('comentario') else ''}</li>"
            for e in x.encuestas
        )
        or "<li>Sin respuesta de encuesta.</li>"
    )
    contenido = (
        '<p class="marca">Blue Point · Atención al Cliente</p>'
        f"<h1>Expediente del caso {escape(c.folio_legible)}</h1>"
        f"<p>Generado el {escape(texto_fecha(x.generado, x.generado))} para conciliación ante PROFECO.</p>"
        f"<dl>{datos}</dl><h2>Historial completo</h2>"
        '<table class="tabla"><thead><tr><th>Fecha</th><th>Tipo</th><th>Autor</th><th>Visibilidad</th>'
        f"<th>Descripción</th></tr></thead><tbody>{historial}</tbody></table>"
        '<h2>Notificaciones y comprobantes de entrega</h2><table class="tabla"><thead><tr><th>Fecha</th>'
        f"<th>Medio</th><th>Aviso</th><th>Id del mensaje</th></tr></thead><tbody>{avisos}</tbody></table>"
        "<h2>Correos recibidos del cliente</h2><p>El mensaje original de cada uno, con sus adjuntos, se conserva "
        'cifrado en el bucket de correos con esta llave.</p><table class="tabla"><thead><tr><th>Fecha</th>'
        f"<th>Message-ID</th><th>Llave del original</th><th>Adjuntos</th></tr></thead><tbody>{recibidos}</tbody>"
        "</table>"
        f"<h2>Encuesta de satisfacción</h2><ul>{encuestas}</ul>"
        '<p class="no-imprimir"><button type="button" data-imprimir>Imprimir expediente</button></p>'
    )
    return documento(f"Expediente {c.folio_legible}", contenido)
