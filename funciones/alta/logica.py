"""Alta de un caso: folio, plazos y primer evento, escritos juntos."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime

from esquemas.alta import CasoRegistrado, SolicitudCaso, SolicitudCasoAsistido
from funciones.nucleo import calendario, catalogo
from funciones.nucleo.caso import Caso, Evento, Idempotencia, Limite, nuevo_token
from funciones.nucleo.errores import (
    ClaveConOtrosDatos,
    ClaveRepetida,
    EnlaceVencido,
    FolioDuplicado,
    ServicioNoDisponible,
    VerificacionNoVigente,
)
from funciones.nucleo.folio import formatear_folio, generar_folio
from funciones.nucleo.puertos import LectorVerificaciones, RepositorioCasos
from funciones.nucleo.textos import telefonos_texto

INTENTOS_FOLIO = 3
VIGENCIA_CLAVE_S = 24 * 3600


def _evento_registro(caso: Caso, autor: str | None) -> Evento:
    tipo = catalogo.tipo(caso.tipo) or {}
    cat = catalogo.categoria(caso.tipo, caso.categoria) or {}
    notificar = None
    if caso.medio_notificacion in ("correo", "sms"):
        notificar = {
            "plantilla": "folio",
            "medio": caso.medio_notificacion,
            "destino": caso.correo if caso.medio_notificacion == "correo" else caso.telefono,
            "datos": {
                "folio": caso.folio,
                "nombre": caso.nombre,
                "tipo_nombre": tipo.get("nombre", caso.tipo),
                "categoria_nombre": cat.get("nombre", caso.categoria),
                "descripcion": caso.descripcion,
                "fecha_registro": caso.fecha_registro.isoformat(),
                "fecha_compromiso": caso.fecha_compromiso.isoformat(),
                "fecha_limite_legal": caso.fecha_limite_legal.isoformat(),
                "fundamento": cat.get("plazo_legal", {}).get("fundamento", ""),
            },
        }
    return Evento(
        folio=caso.folio,
        fecha=caso.fecha_registro,
        tipo="caso_registrado",
        descripcion=f"Registramos tu {tipo.get('nombre', caso.tipo).lower()} "
        f"con el folio {formatear_folio(caso.folio)}.",
        autor=autor or "cliente",
        datos={
            "canal": caso.canal,
            "medio_notificacion": caso.medio_notificacion,
            "tipo": caso.tipo,
            "categoria": caso.categoria,
        },
        notificar=notificar,
    )


@dataclass
class ResultadoAlta:
    respuesta: CasoRegistrado
    # Una repetición con la misma clave de idempotencia devuelve la respuesta guardada, sin caso nuevo.
    repetida: bool = False
    caso: Caso | None = None
    token: str = ""


def huella(solicitud: SolicitudCaso) -> str:
    return hashlib.sha256(solicitud.model_dump_json().encode()).hexdigest()


def registrar_caso(
    solicitud: SolicitudCaso,
    repo: RepositorioCasos,
    ahora: datetime,
    canal: str = "web",
    clave: str | None = None,
    verificacion: str | None = None,
    autor: str | None = None,
    limites: list[Limite] | None = None,
) -> ResultadoAlta:
    """Registra el caso (o repite la respuesta de una clave de idempotencia ya usada con el mismo cuerpo)."""
    compromiso, limite = catalogo.plazos(solicitud.tipo, solicitud.categoria, ahora)
    firma = huella(solicitud) if clave else ""
    for _ in range(INTENTOS_FOLIO):
        token, token_hash = nuevo_token()
        caso = Caso(
            folio=generar_folio(),
            tipo=solicitud.tipo,
            categoria=solicitud.categoria,
            canal=canal,
            medio_notificacion=solicitud.medio_notificacion,
            nombre=solicitud.nombre,
            descripcion=solicitud.descripcion,
            contrato=solicitud.contrato,
            correo=solicitud.correo,
            telefono=solicitud.telefono,
            fecha_registro=ahora,
            verificacion_id=verificacion,
            aviso_privacidad=solicitud.aviso_privacidad,
            fecha_compromiso=compromiso,
            fecha_limite_legal=limite,
            comprobante_hash=token_hash,
        )
        respuesta = vista_registro(caso, token)
        idem = None
        if clave:
            idem = Idempotencia(clave, firma, respuesta.model_dump_json(), int(ahora.timestamp()) + VIGENCIA_CLAVE_S)
        try:
            repo.registrar(caso, _evento_registro(caso, autor), idem, verificacion, limites)
            return ResultadoAlta(respuesta, caso=caso, token=token)
        except FolioDuplicado:
            continue
        except ClaveRepetida:
            previo = repo.obtener_idempotencia(clave or "")
            if previo is None:
                raise ServicioNoDisponible() from None
            if not hmac.compare_digest(previo.huella, firma):
                raise ClaveConOtrosDatos() from None
            return ResultadoAlta(CasoRegistrado.model_validate_json(previo.respuesta), repetida=True)
    raise ServicioNoDisponible()


_MENSAJES_MEDIO = {
    "correo": "Te enviamos tu folio por correo electrónico.",
    "sms": "Te enviamos tu folio por SMS.",
    "impreso": "Imprime o guarda tu comprobante con el folio.",
}


def vista_registro(caso: Caso, token: str) -> CasoRegistrado:
    tipo = catalogo.tipo(caso.tipo) or {}
    cat = catalogo.categoria(caso.tipo, caso.categoria) or {}
    return CasoRegistrado(
        folio=caso.folio,
        folio_legible=formatear_folio(caso.folio),
        estado="registrado",
        tipo=caso.tipo,
        tipo_nombre=tipo["nombre"],
        categoria=caso.categoria,
        categoria_nombre=cat["nombre"],
        canal=caso.canal,
        medio_notificacion=caso.medio_notificacion,
        fecha_registro=caso.fecha_registro,
        fecha_compromiso=caso.fecha_compromiso,
        fecha_compromiso_texto=calendario.texto_fecha(caso.fecha_compromiso, caso.fecha_registro),
        fecha_limite_legal=caso.fecha_limite_legal,
        fecha_limite_legal_texto=calendario.texto_fecha(caso.fecha_limite_legal, caso.fecha_registro),
        plazo_legal_fundamento=cat["plazo_legal"]["fundamento"],
        comprobante_url=f"/api/comprobantes/{caso.folio}?t={token}",
        mensaje=_MENSAJES_MEDIO[caso.medio_notificacion],
    )


def registrar_caso_asistido(
    solicitud: SolicitudCasoAsistido,
    repo: RepositorioCasos,
    verificaciones: LectorVerificaciones,
    agente: str,
    ahora: datetime,
) -> ResultadoAlta:
    """Caso abierto por un asesor para un cliente verificado en esta llamada (verificación de un solo uso)."""
    verificacion = verificaciones.obtener(solicitud.verificacion_id)
    if verificacion is None or verificacion.expira <= ahora:
        raise EnlaceVencido("La verificación venció o no existe. Verifica de nuevo al cliente.", "verificacion_vencida")
    if verificacion.usada:
        raise VerificacionNoVigente()
    datos = {
        "tipo": solicitud.tipo,
        "categoria": solicitud.categoria,
        "descripcion": solicitud.descripcion,
        "medio_notificacion": solicitud.medio_notificacion,
        "nombre": verificacion.nombre,
        "contrato": verificacion.contrato,
        "correo": solicitud.correo or verificacion.correo,
        "telefono": solicitud.telefono or verificacion.telefono,
        # El asesor lee el aviso de privacidad en la llamada o en la tienda.
        "aviso_privacidad": catalogo.catalogo()["aviso_privacidad"]["version"],
    }
    # Las mismas reglas del alta web (medio y datos de contacto) con los datos del registro.
    caso = SolicitudCaso.model_validate({k: v for k, v in datos.items() if v is not None})
    return registrar_caso(caso, repo, ahora, canal=solicitud.canal, verificacion=verificacion.id, autor=agente)


def _derivar(pimienta: bytes, proposito: str) -> bytes:
    """Una llave por propósito, derivada de la pimienta (como la de los enlaces): la pimienta cruda no firma nada."""
    return hmac.new(pimienta, f"bluepoint-{proposito}-v1".encode(), hashlib.sha256).digest()


def llave_limites(pimienta: bytes) -> bytes:
    return _derivar(pimienta, "limites")


_GMAIL = frozenset({"gmail.com", "googlemail.com"})


def correo_para_limite(correo: str) -> str:
    """Una persona, una cuenta: sin mayúsculas, sin `+etiqueta` y, en Gmail, sin puntos en la parte local."""
    local, _, dominio = correo.lower().rpartition("@")
    local = local.split("+", 1)[0]
    if dominio in _GMAIL:
        local, dominio = local.replace(".", ""), "gmail.com"
    return f"{local}@{dominio}"


def telefono_para_limite(telefono: str) -> str:
    """Los 10 dígitos del número, como sea que se haya escrito (el esquema ya lo deja en +52 y 10 dígitos)."""
    return "".join(c for c in telefono if c.isdigit())[-10:]


def limites_diarios(solicitud: SolicitudCaso, ahora: datetime, llave: bytes) -> list[Limite]:
    """Máximos diarios del alta web: por correo, por teléfono y por contrato con el mismo contacto.

    Las claves son HMAC-SHA256 con una llave derivada de la pimienta: la tabla no guarda (ni deja adivinar con
    un diccionario) correos, teléfonos ni contratos.
    """
    conf = catalogo.catalogo()["limites"]
    dia = calendario.dia_local(ahora).isoformat()
    expira = int(ahora.timestamp()) + 3 * 24 * 3600
    correo = correo_para_limite(solicitud.correo) if solicitud.correo else None
    telefono = telefono_para_limite(solicitud.telefono) if solicitud.telefono else None
    # La cuota del contrato se cuenta por contacto: correos ajenos no agotan la del titular.
    contacto, con = (correo, "ese correo") if correo else (telefono, "ese teléfono")
    reglas = (
        ("correo", correo, conf["casos_por_correo_al_dia"], "ese correo"),
        ("telefono", telefono, conf["casos_por_telefono_al_dia"], "ese teléfono"),
        (
            "contrato",
            f"{solicitud.contrato}|{contacto}" if solicitud.contrato and contacto else None,
            conf["casos_por_contrato_y_contacto_al_dia"],
            f"ese contrato y {con}",
        ),
    )
    limites = []
    for campo, valor, maximo, texto in reglas:
        if valor:
            clave = hmac.new(llave, f"{campo}:{valor}".encode(), hashlib.sha256).hexdigest()[:32]
            limites.append(
                Limite(
                    f"{campo}#{clave}",
                    dia,
                    maximo,
                    expira,
                    f"Ya registramos {maximo} solicitudes hoy con {texto}. Si es urgente, llámanos al "
                    f"{telefonos_texto()}.",
                    campo,
                )
            )
    return limites
