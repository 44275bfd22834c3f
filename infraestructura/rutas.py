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
    # Cabeceras de la solicitud que lee la función (p. ej. Idempotency-Key).
    cabeceras: tuple[str, ...] = ()
    # Modelo del cuerpo cuando llega como formulario HTML (application/x-www-form-urlencoded).
    formulario: str | None = None
    # Otro tipo de contenido (texto) que da un estado: CSV o HTML según ?formato, o la página que contesta a un
    # formulario. El OpenAPI lo declara junto al de `respuestas`.
    otros_contenidos: dict[int, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Funcion:
    nombre: str
    descripcion: str
    memoria_mb: int = 256
    tiempo_s: int = 10


# Barrido del reloj: cada cuánto corre (EventBridge en AWS; un hilo en `make run`).
BARRIDO = {"cada_minutos": 5, "local_cada_segundos": 3}

# Mapeo del flujo de la tabla a `notificaciones` (lo usan la pila y la emulación local).
CONFIG_FLUJO = {"tamano_lote": 10, "reintentos": 8, "edad_maxima_h": 6}

FUNCIONES: dict[str, Funcion] = {
    f.nombre: f
    for f in (
        Funcion("catalogo", "Sirve el catálogo de tipos, categorías, plazos, teléfonos y horario"),
        Funcion("alta", "Registra un caso y su primer evento en una transacción"),
        Funcion("seguimiento", "Consulta pública de un caso con folio y segundo factor"),
        Funcion("comprobantes", "Comprobante imprimible del folio"),
        Funcion("documentacion", "Documento OpenAPI de la API"),
        Funcion("notificaciones", "Consume el flujo de la tabla y envía correos y SMS", 256, 30),
        Funcion("sesiones", "Inicio de sesión de agentes con Cognito"),
        Funcion("verificacion", "Verificación de identidad de quien llama, con bloqueo por intentos"),
        Funcion("gestion", "Cola, detalle, interacciones, resolución y confirmación de casos"),
        Funcion("busqueda", "Búsqueda de casos y clientes y perfil del cliente con sus casos"),
        Funcion("confirmaciones", "Confirmación de la resolución por el cliente desde el correo"),
        Funcion("escalamiento", "Escalamiento, reasignación y desescalamiento por agentes"),
        Funcion("encuestas", "Encuesta de satisfacción con un clic, de un solo uso por ronda"),
        Funcion("agregados", "Consume el flujo y actualiza los contadores de los reportes", 256, 30),
        Funcion("reportes", "Reportes de supervisión (JSON y CSV) y expediente PROFECO"),
        Funcion("barrido", "Barrido programado: avisa y escala los casos por vencer o vencidos", 512, 120),
        Funcion(
            "correo_entrante", "Respuestas del cliente por correo: SES recibe, S3 guarda, se anexan al caso", 256, 30
        ),
        Funcion("conversacion", "Mensajes del cliente en su caso y adjuntos (subida prefirmada, revisión, descarga)"),
        Funcion("adjuntos", "Anota el resultado del antivirus (GuardDuty) de cada adjunto"),
        Funcion("arco", "Derechos ARCO: exportación y cancelación de los datos de una persona; marca PROFECO"),
        # Amazon Connect espera a lo más 8 s la respuesta de una función (bloque «Invocar función de AWS Lambda»).
        Funcion(
            "ivr",
            "IVR de Amazon Connect: estado de un folio por teléfono, con el mismo bloqueo del seguimiento",
            256,
            8,
        ),
        Funcion(
            "whatsapp_entrante",
            "WhatsApp del cliente (End User Messaging Social por SNS): al caso, botones, archivos y estados",
            256,
            30,
        ),
    )
}

RUTAS: tuple[Ruta, ...] = (
    Ruta(
        "GET",
        "/api/catalogo",
        "catalogo",
        "Catálogo de tipos, categorías y plazos",
        respuestas={200: "Catalogo"},
    ),
    Ruta(
        "POST",
        "/api/casos",
        "alta",
        "Registrar un caso desde el sitio web",
        cuerpo="SolicitudCaso",
        # 409: otra solicitud con la misma clave aún se escribe; 422: la clave ya se usó con otros datos.
        respuestas={
            201: "CasoRegistrado",
            400: "RespuestaError",
            409: "RespuestaError",
            415: "RespuestaError",
            422: "RespuestaError",
        },
        cabeceras=("Idempotency-Key",),
    ),
    Ruta(
        "POST",
        "/api/consultas",
        "seguimiento",
        "Consultar el estado de un caso",
        cuerpo="SolicitudConsulta",
        respuestas={200: "ConsultaCaso", 400: "RespuestaError", 404: "RespuestaError"},
    ),
    Ruta(
        "GET",
        "/api/comprobantes/{folio}",
        "comprobantes",
        "Comprobante imprimible del folio",
        respuestas={200: None, 400: None, 404: None},
        contenido="text/html",
        parametros_consulta=("t",),
    ),
    Ruta(
        "GET",
        "/api/openapi.json",
        "documentacion",
        "Este documento OpenAPI",
        respuestas={200: None},
    ),
    Ruta(
        "GET",
        "/api/confirmaciones/{token}",
        "confirmaciones",
        "Página para confirmar la resolución",
        respuestas={200: None, 410: None},
        contenido="text/html",
    ),
    Ruta(
        "POST",
        "/api/confirmaciones/{token}",
        "confirmaciones",
        "El cliente confirma o reabre su caso",
        cuerpo="SolicitudConfirmacion",
        respuestas={200: "ResultadoConfirmacion", 400: "RespuestaError", 410: "RespuestaError"},
        formulario="FormularioConfirmacion",
        otros_contenidos={200: "text/html", 400: "text/html", 410: "text/html"},
    ),
    Ruta(
        "POST",
        "/api/sesiones",
        "sesiones",
        "Inicio de sesión de un agente: la sesión, o el reto que sigue (contraseña nueva o TOTP)",
        cuerpo="SolicitudSesion",
        respuestas={200: "ResultadoSesion", 400: "RespuestaError", 401: "RespuestaError", 429: "RespuestaError"},
    ),
    Ruta(
        "POST",
        "/api/sesiones/retos",
        "sesiones",
        "Responder un reto del inicio de sesión: la sesión, o el reto que sigue",
        cuerpo="SolicitudReto",
        respuestas={200: "ResultadoSesion", 400: "RespuestaError", 401: "RespuestaError", 429: "RespuestaError"},
    ),
    Ruta(
        "POST",
        "/api/verificaciones",
        "verificacion",
        "Verificar la identidad de quien llama",
        publica=False,
        grupos=("asesores", "supervisores"),
        cuerpo="SolicitudVerificacion",
        respuestas={
            200: "ResultadoVerificacion",
            400: "RespuestaError",
            401: "RespuestaError",
            403: "RespuestaError",
            423: "RespuestaError",
        },
    ),
    Ruta(
        "DELETE",
        "/api/verificaciones/bloqueos/{contrato}",
        "verificacion",
        "Levantar el bloqueo de verificación de un contrato, con motivo (supervisores)",
        publica=False,
        grupos=("supervisores",),
        cuerpo="SolicitudLevantarBloqueo",
        respuestas={
            200: "BloqueoLevantado",
            400: "RespuestaError",
            401: "RespuestaError",
            403: "RespuestaError",
            409: "RespuestaError",
        },
    ),
    Ruta(
        "POST",
        "/api/casos/asistidos",
        "alta",
        "Registrar un caso por teléfono o en tienda",
        publica=False,
        grupos=("asesores", "supervisores"),
        cuerpo="SolicitudCasoAsistido",
        respuestas={
            201: "CasoRegistrado",
            400: "RespuestaError",
            401: "RespuestaError",
            403: "RespuestaError",
            409: "RespuestaError",
            410: "RespuestaError",
        },
    ),
    Ruta(
        "GET",
        "/api/casos",
        "gestion",
        "Cola de casos: abiertos (el vencimiento más próximo primero) o resueltos y cerrados de los últimos 30 días "
        "(el más reciente primero); filtros por estado, nivel, departamento y «mis casos»",
        publica=False,
        grupos=GRUPOS_AGENTES,
        respuestas={200: "ColaCasos", 400: "RespuestaError", 401: "RespuestaError", 403: "RespuestaError"},
        parametros_consulta=("estado", "nivel", "vence_antes", "cursor", "prioridad", "departamento", "mios"),
    ),
    Ruta(
        "GET",
        "/api/casos/{folio}",
        "gestion",
        "Caso completo con su historial",
        publica=False,
        grupos=GRUPOS_AGENTES,
        respuestas={200: "DetalleCaso", 400: "RespuestaError", 401: "RespuestaError", 404: "RespuestaError"},
    ),
    Ruta(
        "POST",
        "/api/casos/{folio}/interacciones",
        "gestion",
        "Agregar una interacción al historial (`mensaje`: al cliente, público, por su correo o SMS)",
        publica=False,
        grupos=GRUPOS_AGENTES,
        cuerpo="SolicitudInteraccion",
        respuestas={
            201: "EntradaInterna",
            400: "RespuestaError",
            401: "RespuestaError",
            404: "RespuestaError",
            409: "RespuestaError",
        },
    ),
    Ruta(
        "POST",
        "/api/casos/{folio}/comentarios",
        "conversacion",
        "El cliente escribe en su caso (con el `acceso` de su consulta) y envía los archivos que adjuntó",
        cuerpo="SolicitudComentario",
        respuestas={
            201: "ConsultaCaso",
            400: "RespuestaError",
            403: "RespuestaError",
            404: "RespuestaError",
            409: "RespuestaError",
            410: "RespuestaError",
            415: "RespuestaError",
            429: "RespuestaError",
        },
    ),
    Ruta(
        "POST",
        "/api/casos/{folio}/adjuntos",
        "conversacion",
        "El cliente pide subir un archivo (JPEG, PNG, HEIC o PDF, hasta 10 MB): POST prefirmado de S3",
        cuerpo="SolicitudAdjunto",
        respuestas={
            201: "AdjuntoCreado",
            400: "RespuestaError",
            403: "RespuestaError",
            404: "RespuestaError",
            409: "RespuestaError",
            410: "RespuestaError",
            415: "RespuestaError",
            429: "RespuestaError",
        },
    ),
    Ruta(
        "POST",
        "/api/casos/{folio}/adjuntos/agente",
        "conversacion",
        "Un agente pide subir un archivo al caso: POST prefirmado de S3",
        publica=False,
        grupos=GRUPOS_AGENTES,
        cuerpo="SolicitudAdjuntoAgente",
        respuestas={
            201: "AdjuntoCreado",
            400: "RespuestaError",
            401: "RespuestaError",
            403: "RespuestaError",
            404: "RespuestaError",
            409: "RespuestaError",
        },
    ),
    Ruta(
        "GET",
        "/api/casos/{folio}/adjuntos/{adjunto}",
        "conversacion",
        "Enlace de descarga (5 minutos) de un adjunto que el antivirus dejó limpio",
        publica=False,
        grupos=GRUPOS_AGENTES,
        respuestas={
            200: "DescargaAdjunto",
            400: "RespuestaError",
            401: "RespuestaError",
            403: "RespuestaError",
            404: "RespuestaError",
            409: "RespuestaError",
        },
    ),
    Ruta(
        "POST",
        "/api/casos/{folio}/resolucion",
        "gestion",
        "Resolver un caso",
        publica=False,
        grupos=GRUPOS_AGENTES,
        cuerpo="SolicitudResolucion",
        respuestas={
            200: "DetalleCaso",
            400: "RespuestaError",
            401: "RespuestaError",
            404: "RespuestaError",
            409: "RespuestaError",
        },
    ),
    Ruta(
        "POST",
        "/api/casos/{folio}/confirmacion",
        "gestion",
        "Registrar la confirmación del cliente en la llamada",
        publica=False,
        grupos=GRUPOS_AGENTES,
        cuerpo="SolicitudConfirmacion",
        respuestas={
            200: "DetalleCaso",
            400: "RespuestaError",
            401: "RespuestaError",
            404: "RespuestaError",
            409: "RespuestaError",
        },
    ),
    Ruta(
        "POST",
        "/api/casos/{folio}/duplicado",
        "gestion",
        "Cerrar un caso como duplicado de otro (los enlaza y avisa al cliente qué folio sigue)",
        publica=False,
        grupos=GRUPOS_AGENTES,
        cuerpo="SolicitudDuplicado",
        respuestas={
            200: "DetalleCaso",
            400: "RespuestaError",
            401: "RespuestaError",
            403: "RespuestaError",
            404: "RespuestaError",
            409: "RespuestaError",
        },
    ),
    Ruta(
        "POST",
        "/api/casos/{folio}/escalamientos",
        "escalamiento",
        "Escalar un caso a un supervisor o a un departamento",
        publica=False,
        grupos=GRUPOS_AGENTES,
        cuerpo="SolicitudEscalamiento",
        respuestas={
            200: "DetalleCaso",
            400: "RespuestaError",
            401: "RespuestaError",
            403: "RespuestaError",
            404: "RespuestaError",
            409: "RespuestaError",
        },
    ),
    Ruta(
        "POST",
        "/api/casos/{folio}/asignacion",
        "escalamiento",
        "Reasignar un caso y dar instrucciones",
        publica=False,
        grupos=("supervisores",),
        cuerpo="SolicitudAsignacion",
        respuestas={
            200: "DetalleCaso",
            400: "RespuestaError",
            401: "RespuestaError",
            403: "RespuestaError",
            404: "RespuestaError",
            409: "RespuestaError",
        },
    ),
    Ruta(
        "POST",
        "/api/casos/{folio}/desescalamiento",
        "escalamiento",
        "Regresar un caso escalado a un nivel menor",
        publica=False,
        grupos=("supervisores", "departamentos"),
        cuerpo="SolicitudDesescalamiento",
        respuestas={
            200: "DetalleCaso",
            400: "RespuestaError",
            401: "RespuestaError",
            403: "RespuestaError",
            404: "RespuestaError",
            409: "RespuestaError",
        },
    ),
    Ruta(
        "GET",
        "/api/busqueda",
        "busqueda",
        "Buscar casos y clientes por folio, contrato, correo, teléfono o nombre (dentro del alcance del agente)",
        publica=False,
        grupos=GRUPOS_AGENTES,
        respuestas={200: "ResultadoBusqueda", 400: "RespuestaError", 401: "RespuestaError"},
        parametros_consulta=("q",),
    ),
    Ruta(
        "GET",
        "/api/clientes/{contrato}",
        "busqueda",
        "Perfil del cliente (sin respuestas de seguridad) y todos sus casos, el más nuevo primero",
        publica=False,
        grupos=GRUPOS_AGENTES,
        respuestas={
            200: "PerfilCliente",
            400: "RespuestaError",
            401: "RespuestaError",
            403: "RespuestaError",
            404: "RespuestaError",
        },
    ),
    Ruta(
        "GET",
        "/api/agentes",
        "escalamiento",
        "Agentes activos por grupo, para reasignar (de los grupos de Cognito)",
        publica=False,
        grupos=("supervisores",),
        respuestas={200: "ListaAgentes", 400: "RespuestaError", 401: "RespuestaError", 403: "RespuestaError"},
    ),
    Ruta(
        "GET",
        "/api/encuestas/{token}",
        "encuestas",
        "Página de la encuesta de satisfacción (con ?calificacion=1..5 la muestra ya elegida; no registra nada)",
        # 404 (JSON) si el enlace firmado nombra un caso que ya no existe. Un valor raro de ?calificacion sólo deja
        # la pregunta sin elegir: abrir la página nunca registra (sólo el POST).
        respuestas={200: None, 404: "RespuestaError", 410: None},
        contenido="text/html",
        parametros_consulta=("calificacion",),
    ),
    Ruta(
        "POST",
        "/api/encuestas/{token}",
        "encuestas",
        "Responder la encuesta de satisfacción (registra la calificación; con detalles, la completa)",
        cuerpo="SolicitudEncuesta",
        respuestas={200: "ResultadoEncuesta", 400: "RespuestaError", 410: "RespuestaError"},
        formulario="FormularioEncuesta",
        otros_contenidos={200: "text/html", 400: "text/html", 410: "text/html"},
    ),
    Ruta(
        "GET",
        "/api/reportes",
        "reportes",
        "Reportes de atención para supervisión (JSON o CSV con ?formato=csv)",
        publica=False,
        grupos=("supervisores",),
        respuestas={200: "Reporte", 400: "RespuestaError", 401: "RespuestaError", 403: "RespuestaError"},
        parametros_consulta=("desde", "hasta", "formato"),
        otros_contenidos={200: "text/csv"},
    ),
    Ruta(
        "GET",
        "/api/correos-apartados",
        "correo_entrante",
        "Correos recibidos que no se anexaron (token falso, otro remitente, spam, virus…), para revisión",
        publica=False,
        grupos=("supervisores",),
        respuestas={200: "CorreosApartados", 401: "RespuestaError", 403: "RespuestaError"},
    ),
    Ruta(
        "GET",
        "/api/casos/{folio}/expediente",
        "reportes",
        "Expediente completo del caso para una conciliación ante PROFECO (JSON o HTML con ?formato=html)",
        publica=False,
        grupos=("supervisores", "asesores"),
        respuestas={200: "Expediente", 400: "RespuestaError", 401: "RespuestaError", 404: "RespuestaError"},
        parametros_consulta=("formato",),
        otros_contenidos={200: "text/html"},
    ),
    Ruta(
        "POST",
        "/api/arco/accesos",
        "arco",
        "Acceso ARCO: todo lo que se tiene de un contrato, correo o teléfono (JSON o HTML con ?formato=html)",
        publica=False,
        grupos=("supervisores",),
        cuerpo="SolicitudArco",
        respuestas={
            200: "ExportacionArco",
            400: "RespuestaError",
            401: "RespuestaError",
            403: "RespuestaError",
            404: "RespuestaError",
        },
        parametros_consulta=("formato",),
        otros_contenidos={200: "text/html"},
    ),
    Ruta(
        "POST",
        "/api/arco/cancelaciones",
        "arco",
        "Cancelación ARCO: anonimiza los datos de la persona en casos, padrón, índices y límites (conserva conteos)",
        publica=False,
        grupos=("supervisores",),
        cuerpo="SolicitudArco",
        respuestas={
            200: "CancelacionArco",
            400: "RespuestaError",
            401: "RespuestaError",
            403: "RespuestaError",
            404: "RespuestaError",
            409: "RespuestaError",
        },
    ),
    Ruta(
        "PUT",
        "/api/casos/{folio}/profeco",
        "arco",
        "Marca el caso con un proceso ante PROFECO abierto (impide cancelar sus datos)",
        publica=False,
        grupos=("supervisores",),
        cuerpo="SolicitudProfeco",
        respuestas={
            200: "ProcesoProfeco",
            400: "RespuestaError",
            401: "RespuestaError",
            403: "RespuestaError",
            404: "RespuestaError",
            409: "RespuestaError",
        },
    ),
    Ruta(
        "DELETE",
        "/api/casos/{folio}/profeco",
        "arco",
        "Cierra el proceso ante PROFECO del caso",
        publica=False,
        grupos=("supervisores",),
        cuerpo="SolicitudCerrarProfeco",
        respuestas={
            200: "ProcesoProfeco",
            400: "RespuestaError",
            401: "RespuestaError",
            403: "RespuestaError",
            404: "RespuestaError",
            409: "RespuestaError",
        },
    ),
)


def funciones_api() -> list[str]:
    """Funciones que atienden rutas, en orden estable."""
    return sorted({r.funcion for r in RUTAS})
