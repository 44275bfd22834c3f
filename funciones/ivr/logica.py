"""IVR de seguimiento por teléfono: el folio tecleado y, como segundo factor, el número que llama o el contrato.

Es la misma consulta de la página de seguimiento (`funciones.seguimiento.logica.consultar`), con sus mismas reglas:
el intento se cuenta antes de comparar (un UpdateItem condicional), ventana de 60 minutos, un acierto devuelve su
lugar, y un folio inexistente recorre el mismo camino que uno con el dato equivocado. Aquí sólo se decide qué
segundo factor se compara y qué se dice.

- Sin `contrato`: el segundo factor es el número que llama (`CustomerEndpoint.Address`), como el `telefono` de la
  página. Si coincide con el del caso, `encontrado`; si no, cuenta como un fallo (el identificador de llamada se
  puede falsificar: si no contara, sería un oráculo gratis) y `pide_contrato`. Un número anónimo o extranjero no
  se compara ni cuenta: `pide_contrato` directo.
- Con `contrato`: el segundo factor es el contrato; si no coincide, `contrato_incorrecto` con los intentos que
  quedan. Un contrato con otra forma (no 6 a 12 dígitos, o «Timeout») cuenta igual y nunca coincide.
- Sin intentos (antes o después de este), `bloqueado`, diga lo que diga el dato.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import ValidationError

from esquemas.ivr import EntradaIvr
from esquemas.seguimiento import ConsultaCaso, SolicitudConsulta
from funciones.nucleo.dominio import voz
from funciones.nucleo.dominio.caso import ABIERTOS
from funciones.nucleo.dominio.errores import ConsultasAgotadas, ConsultaSinCoincidencia, ServicioNoDisponible
from funciones.nucleo.dominio.folio import folio_valido, normalizar_folio
from funciones.seguimiento.logica import RepositorioConsultas, consultar


def respuesta(resultado: str, mensaje: str, folio: str | None = None, intentos: int | None = None) -> dict[str, str]:
    """El mapa plano de cadenas que Connect guarda como atributos externos (`$.External.<llave>`)."""
    salida = {"resultado": resultado, "mensaje": mensaje}
    if folio is not None:
        salida["folio"] = folio
    if intentos is not None:
        salida["intentos_restantes"] = str(intentos)
    return salida


def fuera_de_servicio() -> dict[str, str]:
    return respuesta("fuera_de_servicio", voz.mensaje_fuera_de_servicio())


def atender(entrada: EntradaIvr | None, repo: RepositorioConsultas, ahora: datetime) -> dict[str, str]:
    if entrada is None:
        return fuera_de_servicio()
    # El dígito verificador se revisa antes de leer o contar nada.
    folio = normalizar_folio(entrada.folio) if entrada.folio and folio_valido(entrada.folio) else None
    if folio is None:
        return respuesta("folio_invalido", voz.mensaje_folio_invalido())

    mal_formado = False
    if entrada.contrato:
        try:
            solicitud = SolicitudConsulta(folio=folio, contrato=entrada.contrato)
        except ValidationError:
            # Otra forma (no 6 a 12 dígitos; «Timeout» si nadie marcó) también gasta un intento: nunca coincide, porque
            # los contratos guardados son de 6 a 12 dígitos, y así un flujo que vuelve a pedirlo termina en el bloqueo.
            solicitud = SolicitudConsulta.model_construct(
                folio=folio, contrato=entrada.contrato, correo=None, telefono=None
            )
            mal_formado = True
        fallo = "contrato_incorrecto"
    else:
        telefono = voz.telefono_de_llamada(entrada.telefono)
        if telefono is None:
            return respuesta("pide_contrato", voz.mensaje_pide_contrato(), folio)
        solicitud = SolicitudConsulta(folio=folio, telefono=telefono)
        fallo = "pide_contrato"

    try:
        vista = consultar(solicitud, repo, ahora)
    except ConsultasAgotadas as e:
        return respuesta("bloqueado", voz.mensaje_bloqueado(e.reintentar_en_s), folio, 0)
    except ConsultaSinCoincidencia as e:
        if e.intentos_restantes <= 0:
            return respuesta("bloqueado", voz.mensaje_bloqueado(e.espera_s), folio, 0)
        if fallo == "pide_contrato":
            mensaje = voz.mensaje_pide_contrato()
        elif mal_formado:
            mensaje = voz.mensaje_contrato_mal_formado(e.intentos_restantes)
        else:
            mensaje = voz.mensaje_contrato_incorrecto(e.intentos_restantes)
        return respuesta(fallo, mensaje, folio, e.intentos_restantes)
    except ServicioNoDisponible:
        return fuera_de_servicio()
    return respuesta("encontrado", mensaje_caso(vista, ahora), folio)


def mensaje_caso(vista: ConsultaCaso, ahora: datetime) -> str:
    # El historial público viene del más nuevo al más viejo (sin los mensajes de la conversación).
    ultimo = vista.historial[0] if vista.historial else None
    return voz.mensaje_encontrado(
        folio=vista.folio,
        tipo_nombre=vista.tipo_nombre,
        estado=vista.estado,
        abierto=vista.estado in ABIERTOS,
        vencido=vista.vencido,
        compromiso=vista.fecha_compromiso,
        ultimo_paso=(ultimo.fecha, ultimo.descripcion) if ultimo else None,
        ahora=ahora,
    )
