"""Cabeceras de seguridad de toda página: las funciones (`respuesta_html`), el servidor local y CloudFront.

Una sola fuente: la pila CDK (`infraestructura/constructos/sitio.py`) arma con esto su ResponseHeadersPolicy y una
prueba exige que las tres coincidan. Sin imports: la síntesis lo lee sin cargar las funciones.
"""

from __future__ import annotations

# Sin 'unsafe-inline' ni 'unsafe-eval': ni scripts, ni estilos, ni manejadores en línea; todo del mismo origen.
DIRECTIVAS_CSP: tuple[tuple[str, str], ...] = (
    ("default-src", "'self'"),
    ("script-src", "'self'"),
    ("style-src", "'self'"),
    ("img-src", "'self'"),
    ("connect-src", "'self'"),
    ("form-action", "'self'"),
    ("frame-ancestors", "'none'"),
    ("base-uri", "'none'"),
    ("object-src", "'none'"),
)
POLITICA_CONTENIDO = "; ".join(f"{nombre} {valor}" for nombre, valor in DIRECTIVAS_CSP)


def politica_contenido(conexiones: tuple[str, ...] = (), marcos: tuple[str, ...] = ()) -> str:
    """La CSP con otros orígenes en connect-src: en AWS, el bucket de adjuntos al que sube el navegador (en local
    sube al mismo origen, que reenvía a la emulación). `marcos`: orígenes que la consola enmarca (el teléfono de
    Amazon Connect, sólo cuando se configura), en frame-src y connect-src."""
    directivas = [
        f"{nombre} {' '.join((valor, *conexiones, *marcos)) if nombre == 'connect-src' else valor}"
        for nombre, valor in DIRECTIVAS_CSP
    ]
    if marcos:
        directivas.insert(len(DIRECTIVAS_CSP) - 4, f"frame-src {' '.join(marcos)}")
    return "; ".join(directivas)


# Las páginas llevan tokens en la dirección (comprobante, confirmación, encuesta): no se mandan en Referer a nadie.
POLITICA_REFERENTE = "no-referrer"
# Nada de lo que la página no usa.
POLITICA_PERMISOS = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()"
)


def politica_permisos(marcos: tuple[str, ...] = ()) -> str:
    """Permissions-Policy; con `marcos` (el teléfono de Amazon Connect que enmarca la consola), el micrófono sólo
    para esos orígenes: el softphone del CCP lo pide desde su iframe (`allow="microphone …"`)."""
    if not marcos:
        return POLITICA_PERMISOS
    return POLITICA_PERMISOS.replace("microphone=()", "microphone=(" + " ".join(f'"{m}"' for m in marcos) + ")")


CABECERAS_PAGINA: dict[str, str] = {
    "Content-Security-Policy": POLITICA_CONTENIDO,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": POLITICA_REFERENTE,
    "Permissions-Policy": POLITICA_PERMISOS,
}

# Sólo en HTTPS (CloudFront); sobre http://127.0.0.1 el navegador la ignora. Dos años, con subdominios, sin preload.
HSTS_SEGUNDOS = 2 * 365 * 24 * 3600
