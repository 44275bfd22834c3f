"""Exportación ARCO imprimible (mismo estilo que el expediente PROFECO): todo dato pasa por html.escape."""

from __future__ import annotations

from html import escape

from esquemas.arco import ExportacionArco
from esquemas.casos import EntradaInterna
from funciones.nucleo.dominio.etiquetas import CANALES, EVENTOS, MEDIOS, fecha_completa, legible, telefono
from funciones.nucleo.frontera.paginas import documento


def _autor(autor: str) -> str:
    return {"sistema": "Sistema (automático)", "cliente": "El cliente"}.get(autor, autor)


def _filas(historial: list[EntradaInterna]) -> str:
    return (
        "".join(
            f"<tr><td>{escape(fecha_completa(h.fecha))}</td><td>{escape(legible(h.tipo, EVENTOS))}</td>"
            f"<td>{escape(_autor(h.autor))}</td><td>{escape(h.descripcion)}</td></tr>"
            for h in historial
        )
        or '<tr><td colspan="4">Sin movimientos.</td></tr>'
    )


def _dl(filas: list[tuple[str, str]]) -> str:
    return '<dl class="expediente">' + "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in filas) + "</dl>"


_CABECERA = "<thead><tr><th>Fecha</th><th>Movimiento</th><th>Quién</th><th>Descripción</th></tr></thead>"


def pagina_exportacion(x: ExportacionArco) -> str:
    partes = [
        '<p class="marca">Blue Point · Atención al Cliente</p>',
        "<h1>Datos personales en posesión de Blue Point</h1>",
        f"<p>Respuesta a una solicitud de acceso (derechos ARCO, LFPDPPP), por {escape(x.dato_nombre.lower())}, "
        f"generada el {escape(x.generado_texto)} por {escape(x.solicitado_por)}. Motivo: {escape(x.motivo)}</p>",
        "<h2>Padrón de clientes</h2>",
    ]
    if not x.clientes:
        partes.append("<p>No hay un cliente del padrón con ese dato.</p>")
    for p in x.clientes:
        partes.append(
            _dl(
                [
                    ("Número de contrato", p.contrato),
                    ("Nombre", p.nombre),
                    ("Correo electrónico", p.correo or "—"),
                    ("Teléfono", p.telefono_texto),
                    ("Renta mensual", p.precio_mensual),
                    ("Domicilio", p.domicilio),
                    ("Últimos 4 dígitos de la tarjeta", p.ultimos4),
                ]
            )
        )
    partes.append(f"<h2>Solicitudes ({len(x.casos)})</h2>")
    if not x.casos:
        partes.append("<p>No hay solicitudes con ese dato.</p>")
    for c in x.casos:
        d = c.caso
        partes.append(f"<h3>Folio {escape(d.folio_legible)}</h3>")
        partes.append(
            _dl(
                [
                    ("Nombre", d.nombre),
                    ("Número de contrato", d.contrato or "Sin contrato"),
                    ("Correo electrónico", d.correo or "—"),
                    ("Teléfono", telefono(d.telefono)),
                    ("Tipo y categoría", f"{d.tipo_nombre} · {d.categoria_nombre}"),
                    ("Canal de recepción", legible(d.canal, CANALES)),
                    ("Medio de notificación", legible(d.medio_notificacion, MEDIOS)),
                    ("Descripción", d.descripcion),
                    ("Fecha de registro", fecha_completa(d.fecha_registro)),
                    ("Estado actual", d.estado_nombre),
                    ("Resolución", d.resolucion or "Sin resolver aún"),
                    ("Proceso ante PROFECO", c.proceso_profeco or "Ninguno abierto"),
                ]
            )
        )
        partes.append(f'<table class="tabla">{_CABECERA}<tbody>{_filas(c.historial)}</tbody></table>')
    partes.append("<h2>Registro del cliente</h2>")
    partes.append(f'<table class="tabla">{_CABECERA}<tbody>{_filas(x.registro)}</tbody></table>')
    partes.append('<p class="no-imprimir"><button type="button" data-imprimir>Imprimir</button></p>')
    partes.append(f'<footer class="pie-impreso">Acceso a datos personales · {escape(x.generado_texto)}</footer>')
    return documento("Acceso a datos personales", "".join(partes))
