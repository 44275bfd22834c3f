"""Alta de un caso: folio, plazos y primer evento, escritos juntos."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import datetime

from esquemas.alta import CasoRegistrado, SolicitudCaso, SolicitudCasoAsistido
from funciones.nucleo.dominio import calendario, catalogo
from funciones.nucleo.dominio.caso import Caso, Evento, Idempotencia, Limite, hash_token, nuevo_token
from funciones.nucleo.dominio.errores import (
    ClaveConOtrosDatos,
    ClaveRepetida,
    EnlaceVencido,
    FolioDuplicado,
    ServicioNoDisponible,
    VerificacionAjena,
    VerificacionNoVigente,
)
from funciones.nucleo.dominio.folio import formatear_folio, generar_folio
from funciones.nucleo.dominio.limites import clave_limite, correo_para_limite, telefono_para_limite
from funciones.nucleo.dominio.puertos import LectorVerificaciones, RepositorioCasos
from funciones.nucleo.dominio.textos import telefonos_texto

INTENTOS_FOLIO = 3
VIGENCIA_CLAVE_S = 24 * 3600


def _evento_registro(caso: Caso, autor: str | None) -> Evento:
    tipo = catalogo.tipo(caso.tipo) or {}
    cat = catalogo.categoria(caso.tipo, caso.categoria) or {}
    notificar = None
    if caso.medio_notificacion in ("correo", "sms", "whatsapp"):
        notificar = {
            "plantilla": "folio",
            "medio": caso.medio_notificacion,
            "destino": caso.correo if caso.medio_notificacion == "correo" else caso.telefono,
            "datos": {
                "folio": caso.folio,
                "nombre": caso.nombre,
                "tipo_nombre": tipo.get("nombre", caso.tipo),
                "categoria_nombre": cat.get("nombre", caso.categoria),
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
            # La prueba del consentimiento queda también en el historial (de sólo anexado).
            **({"consentimiento_whatsapp": caso.consentimiento_whatsapp} if caso.consentimiento_whatsapp else {}),
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


def _hmac(llave: bytes, proposito: str, valor: str) -> bytes:
    return hmac.new(llave, f"{proposito}:{valor}".encode(), hashlib.sha256).digest()


def huella(solicitud: SolicitudCaso, llave: bytes) -> str:
    """HMAC del cuerpo validado: compara cuerpos sin dejar en la tabla algo que se pruebe contra un diccionario."""
    return _hmac(llave, "cuerpo", solicitud.model_dump_json()).hex()


def id_clave(llave: bytes, clave: str) -> str:
    """La clave de idempotencia no se guarda: el registro se llama por su HMAC."""
    return _hmac(llave, "clave", clave).hex()[:32]


def token_de_clave(llave: bytes, clave: str, folio: str) -> str:
    """Token del comprobante (192 bits) que sólo recalcula quien tiene la clave de idempotencia y la pimienta."""
    return base64.urlsafe_b64encode(_hmac(llave, "comprobante", f"{clave}:{folio}")[:24]).decode()


def registrar_caso(
    solicitud: SolicitudCaso,
    repo: RepositorioCasos,
    ahora: datetime,
    canal: str = "web",
    clave: str | None = None,
    verificacion: str | None = None,
    autor: str | None = None,
    limites: list[Limite] | None = None,
    llave: bytes | None = None,
    busqueda: bytes | None = None,
    sin_verificar: bool = False,
) -> ResultadoAlta:
    """Registra el caso (o repite la respuesta de una clave de idempotencia ya usada con el mismo cuerpo).

    Con clave, `llave` (derivada de la pimienta: `llave_idempotencia`) firma el registro y deriva el token. Con
    `busqueda` (la llave de `dominio.busqueda.llave_busqueda`), el caso deja sus items del índice de búsqueda.
    """
    if clave and llave is None:
        raise ValueError("una clave de idempotencia necesita la llave de idempotencia")
    compromiso, limite = catalogo.plazos(solicitud.tipo, solicitud.categoria, ahora)
    firma = huella(solicitud, llave) if clave and llave else ""
    registro = id_clave(llave, clave) if clave and llave else ""
    for _ in range(INTENTOS_FOLIO):
        folio = generar_folio()
        if clave and llave:
            # Derivado, no guardado: la repetición lo recalcula y el registro de idempotencia no lo lleva.
            token = token_de_clave(llave, clave, folio)
            token_hash = hash_token(token)
        else:
            token, token_hash = nuevo_token()
        caso = Caso(
            folio=folio,
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
            sin_verificar=sin_verificar,
            consentimiento_whatsapp=consentimiento_whatsapp(solicitud, ahora, canal, autor),
        )
        respuesta = vista_registro(caso, token)
        idem = None
        if registro:
            guardada = respuesta.model_dump_json(exclude={"comprobante_url"})
            idem = Idempotencia(registro, firma, guardada, int(ahora.timestamp()) + VIGENCIA_CLAVE_S)
        try:
            indice = terminos_indice(caso, busqueda) if busqueda else None
            repo.registrar(caso, _evento_registro(caso, autor), idem, verificacion, limites, indice)
            return ResultadoAlta(respuesta, caso=caso, token=token)
        except FolioDuplicado:
            continue
        except ClaveRepetida:
            previo = repo.obtener_idempotencia(registro)
            # ClaveRepetida sólo sale con registro de idempotencia, que pide clave y llave.
            if previo is None or not (clave and llave):
                raise ServicioNoDisponible() from None
            if not hmac.compare_digest(previo.huella, firma):
                raise ClaveConOtrosDatos() from None
            datos = json.loads(previo.respuesta)
            datos["comprobante_url"] = url_comprobante(datos["folio"], token_de_clave(llave, clave, datos["folio"]))
            return ResultadoAlta(CasoRegistrado.model_validate(datos), repetida=True)
    raise ServicioNoDisponible()


def terminos_indice(caso: Caso, llave: bytes) -> list[str]:
    """Las claves del índice de búsqueda de un caso: contrato, correo, teléfono y palabras del nombre."""
    from funciones.nucleo.dominio import busqueda

    lista = busqueda.terminos(contrato=caso.contrato, correo=caso.correo, telefono=caso.telefono, nombre=caso.nombre)
    return busqueda.claves(llave, lista)


def consentimiento_whatsapp(
    solicitud: SolicitudCaso, ahora: datetime, canal: str, autor: str | None
) -> dict[str, str] | None:
    """Lo que aceptó el cliente para WhatsApp: versión y texto del catálogo (el esquema ya revisó la versión)."""
    if solicitud.medio_notificacion != "whatsapp" or not solicitud.consentimiento_whatsapp:
        return None
    vigente = catalogo.catalogo()["consentimiento_whatsapp"]
    registro = {"version": vigente["version"], "texto": vigente["texto"], "fecha": ahora.isoformat(), "canal": canal}
    if autor:
        # Por teléfono o en tienda: el asesor que leyó el texto y marcó la casilla.
        registro["registro"] = autor
    return registro


_MENSAJES_MEDIO = {
    "correo": "Te enviamos tu folio por correo electrónico.",
    "sms": "Te enviamos tu folio por SMS.",
    "impreso": "Imprime o guarda tu comprobante con el folio.",
    "whatsapp": "Te enviamos tu folio por WhatsApp.",
}


def url_comprobante(folio: str, token: str) -> str:
    return f"/api/comprobantes/{folio}?t={token}"


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
        comprobante_url=url_comprobante(caso.folio, token),
        mensaje=_MENSAJES_MEDIO[caso.medio_notificacion],
    )


def registrar_caso_asistido(
    solicitud: SolicitudCasoAsistido,
    repo: RepositorioCasos,
    verificaciones: LectorVerificaciones,
    agente: str,
    ahora: datetime,
    busqueda: bytes | None = None,
) -> ResultadoAlta:
    """Caso abierto por un asesor para un cliente verificado en esta llamada (verificación de un solo uso), o sin
    verificar (sin `verificacion_id`): entonces no lleva contrato y queda marcado `sin_verificar`."""
    aviso = catalogo.catalogo()["aviso_privacidad"]["version"]
    if solicitud.verificacion_id is None:
        sin_verificar = {
            "tipo": solicitud.tipo,
            "categoria": solicitud.categoria,
            "descripcion": solicitud.descripcion,
            "medio_notificacion": solicitud.medio_notificacion,
            "nombre": solicitud.nombre,
            "correo": solicitud.correo,
            "telefono": solicitud.telefono,
            "aviso_privacidad": aviso,
            "consentimiento_whatsapp": solicitud.consentimiento_whatsapp,
        }
        caso = SolicitudCaso.model_validate({k: v for k, v in sin_verificar.items() if v is not None})
        return registrar_caso(
            caso, repo, ahora, canal=solicitud.canal, autor=agente, busqueda=busqueda, sin_verificar=True
        )
    verificacion = verificaciones.obtener(solicitud.verificacion_id)
    if verificacion is not None and verificacion.agente != agente:
        # Ligada a quien verificó: nadie más (ni un supervisor) abre un caso con ella. `agente` no cambia nunca
        # en el item, así que basta esta lectura.
        raise VerificacionAjena()
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
        "aviso_privacidad": aviso,
        "consentimiento_whatsapp": solicitud.consentimiento_whatsapp,
    }
    # Las mismas reglas del alta web (medio y datos de contacto) con los datos del registro.
    caso = SolicitudCaso.model_validate({k: v for k, v in datos.items() if v is not None})
    return registrar_caso(
        caso, repo, ahora, canal=solicitud.canal, verificacion=verificacion.id, autor=agente, busqueda=busqueda
    )


def _derivar(pimienta: bytes, proposito: str) -> bytes:
    """Una llave por propósito, derivada de la pimienta (como la de los enlaces): la pimienta cruda no firma nada."""
    return hmac.new(pimienta, f"bluepoint-{proposito}-v1".encode(), hashlib.sha256).digest()


def llave_idempotencia(pimienta: bytes) -> bytes:
    return _derivar(pimienta, "idempotencia")


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
            clave = clave_limite(llave, campo, valor)
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
