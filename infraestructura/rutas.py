"""La única tabla de rutas: la usan la pila CDK, el servidor local y el documento OpenAPI."""

from __future__ import annotations

from dataclasses import dataclass, field

GRUPOS_AGENTES = ("asesores", "supervisores", "departamentos")


@dataclass(frozen=True)
class Ruta:
    metodo: str
    ruta: str
    funcion: str
    resumen: str
    publica: bool = True
    grupos: tuple[str, ...] = ()
    # Nombres de modelos en `esquemas` (cuerpo y respuesta por código de estado).
    cuerpo: str | None = None
    respuestas: dict[int, str | None] = field(default_factory=dict)
    # Tipo de contenido de la respuesta correcta.
    contenido: str = "application/json"
    parametros_consulta: tuple[str, ...] = ()


@dataclass(frozen=True)
class Funcion:
    nombre: str
    descripcion: str
    memoria_mb: int = 256
    tiempo_s: int = 10


# Mapeo del flujo de la tabla a `notificaciones` (lo usan la pila y la emulación local).
CONFIG_FLUJO = {"tamano_lote": 10, "reintentos": 8, "edad_maxima_h": 24}

FUNCIONES: dict[str, Funcion] = {
    f.nombre: f
    for f in (
        Funcion("catalogo", "Sirve el catálogo de tipos, categorías, plazos, teléfonos y horario"),
        Funcion("alta", "Registra un caso y su primer evento en una transacción"),
        Funcion("seguimiento", "Consulta pública de un caso con folio y segundo factor"),
        Funcion("comprobantes", "Comprobante imprimible del folio"),
        Funcion("documentacion", "Documento OpenAPI de la API"),
        Funcion("notificaciones", "Consume el flujo de la tabla y envía correos y SMS", 256, 30),
    )
}

RUTAS: tuple[Ruta, ...] = (
    Ruta(
        "GET", "/api/catalogo", "catalogo", "Catálogo de tipos, categorías y plazos",
        respuestas={200: "Catalogo"},
    ),
    Ruta(
        "POST", "/api/casos", "alta", "Registrar un caso desde el sitio web",
        cuerpo="SolicitudCaso", respuestas={201: "CasoRegistrado", 400: "RespuestaError", 415: "RespuestaError"},
    ),
    Ruta(
        "POST", "/api/consultas", "seguimiento", "Consultar el estado de un caso",
        cuerpo="SolicitudConsulta", respuestas={200: "ConsultaCaso", 400: "RespuestaError", 404: "RespuestaError"},
    ),
    Ruta(
        "GET", "/api/comprobantes/{folio}", "comprobantes", "Comprobante imprimible del folio",
        respuestas={200: None, 400: "RespuestaError", 404: "RespuestaError"},
        contenido="text/html", parametros_consulta=("t",),
    ),
    Ruta(
        "GET", "/api/openapi.json", "documentacion", "Este documento OpenAPI",
        respuestas={200: None},
    ),
)


def funciones_api() -> list[str]:
    """Funciones que atienden rutas, en orden estable."""
    return sorted({r.funcion for r in RUTAS})
