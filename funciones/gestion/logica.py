"""Trabajo de los agentes sobre un caso: cola, detalle, interacciones, resolución y confirmación."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any, Protocol

from esquemas.respuestas import CasoEnCola, DatosCaso, DetalleCaso, EntradaInterna, MontoBonificacion
from esquemas.solicitudes import SolicitudInteraccion, SolicitudResolucion
from funciones.nucleo import calendario, catalogo
from funciones.nucleo.caso import ESTADOS, Caso, Evento, transicion_valida, transiciones
from funciones.nucleo.ciclo import NO_EXISTE, leer_caso, siguiente_version
from funciones.nucleo.clientes import Cliente, bonificacion
from funciones.nucleo.errores import Conflicto, DatosInvalidos, ErrorCampo, NoEncontrado
from funciones.nucleo.folio import formatear_folio
from funciones.nucleo.puertos import RepositorioCasos


class LectorClientes(Protocol):
    def obtener(self, contrato: str) -> Cliente | None: ...


def _nombres(caso: Caso) -> tuple[str, str]:
    tipo = catalogo.tipo(caso.tipo) or {}
    cat = catalogo.categoria(caso.tipo, caso.categoria) or {}
    return tipo.get("nombre", caso.tipo), cat.get("nombre", caso.categoria)


def en_cola(caso: Caso, ahora: datetime) -> CasoEnCola:
    tipo, cat = _nombres(caso)
    return CasoEnCola(
        folio=caso.folio,
        folio_legible=formatear_folio(caso.folio),
        estado=caso.estado,  # type: ignore[arg-type]
        estado_nombre=ESTADOS[caso.estado],
        tipo_nombre=tipo,
        categoria_nombre=cat,
        nombre=caso.nombre,
        nivel=caso.nivel,
        canal=caso.canal,
        fecha_compromiso=caso.fecha_compromiso,
        fecha_compromiso_texto=calendario.texto_fecha(caso.fecha_compromiso, ahora),
        vencido=caso.abierto and ahora > caso.fecha_compromiso,
    )


def datos_caso(caso: Caso, ahora: datetime) -> DatosCaso:
    tipo, cat = _nombres(caso)
    texto = calendario.texto_fecha
    return DatosCaso(
        folio=caso.folio,
        folio_legible=formatear_folio(caso.folio),
        estado=caso.estado,  # type: ignore[arg-type]
        estado_nombre=ESTADOS[caso.estado],
        tipo=caso.tipo,
        tipo_nombre=tipo,
        categoria=caso.categoria,
        categoria_nombre=cat,
        canal=caso.canal,
        medio_notificacion=caso.medio_notificacion,
        nivel=caso.nivel,
        nombre=caso.nombre,
        contrato=caso.contrato,
        correo=caso.correo,
        telefono=caso.telefono,
        descripcion=caso.descripcion,
        fecha_registro=caso.fecha_registro,
        fecha_registro_texto=texto(caso.fecha_registro, ahora),
        fecha_compromiso=caso.fecha_compromiso,
        fecha_compromiso_texto=texto(caso.fecha_compromiso, ahora),
        fecha_limite_legal=caso.fecha_limite_legal,
        fecha_limite_legal_texto=texto(caso.fecha_limite_legal, ahora),
        vencido=caso.abierto and ahora > caso.fecha_compromiso,
        resolucion=caso.resolucion,
        primer_contacto=caso.primer_contacto,
        bonificacion=MontoBonificacion(**caso.bonificacion) if caso.bonificacion else None,
    )


def entrada(e: Evento, ahora: datetime) -> EntradaInterna:
    return EntradaInterna(
        id=e.id,
        fecha=e.fecha,
        fecha_texto=calendario.texto_fecha(e.fecha, ahora),
        tipo=e.tipo,
        descripcion=e.descripcion,
        publico=e.publico,
        autor=e.autor,
        datos=e.datos,
    )


def detalle(repo: RepositorioCasos, folio: str, ahora: datetime) -> DetalleCaso:
    encontrado = repo.obtener_con_historial(folio)
    if encontrado is None:
        raise NoEncontrado(NO_EXISTE)
    caso, eventos = encontrado
    return DetalleCaso(
        caso=datos_caso(caso, ahora),
        historial=[entrada(e, ahora) for e in sorted(eventos, key=lambda e: e.fecha, reverse=True)],
        transiciones=transiciones(caso.estado),
    )


def agregar_interaccion(
    repo: RepositorioCasos, folio: str, solicitud: SolicitudInteraccion, autor: str, ahora: datetime
) -> EntradaInterna:
    caso = leer_caso(repo, folio)
    if caso.estado == "cerrado":
        raise Conflicto("El caso está cerrado: ya no admite interacciones.", "caso_cerrado")
    evento = Evento(
        folio=folio,
        fecha=ahora,
        tipo=f"interaccion_{solicitud.tipo}",
        descripcion=solicitud.texto,
        publico=solicitud.publica,
        autor=autor,
        datos={"tipo": solicitud.tipo},
    )
    eventos = [evento]
    nuevo = siguiente_version(caso)
    if caso.estado in ("registrado", "reabierto"):
        # La primera atención de un asesor pone el caso en proceso.
        nuevo = siguiente_version(caso, estado="en_proceso")
        eventos.append(
            Evento(
                folio=folio,
                fecha=ahora,
                tipo="en_proceso",
                autor=autor,
                descripcion="Un asesor está atendiendo tu caso.",
            )
        )
    repo.actualizar(nuevo, caso.version, eventos)
    return entrada(evento, ahora)


def _dinero(valor: Any) -> str:
    return f"{Decimal(valor):.2f}"


def resolver(
    repo: RepositorioCasos,
    clientes: LectorClientes,
    folio: str,
    solicitud: SolicitudResolucion,
    autor: str,
    ahora: datetime,
) -> DetalleCaso:
    caso = leer_caso(repo, folio)
    if not transicion_valida(caso.estado, "resuelto"):
        raise Conflicto(
            f"Un caso en estado «{ESTADOS[caso.estado].lower()}» no se puede resolver.", "transicion_invalida"
        )
    monto = None
    if solicitud.bonificacion is not None:
        cat = catalogo.categoria(caso.tipo, caso.categoria) or {}
        campo = "bonificacion.dias_afectados"
        if not cat.get("bonificable"):
            raise DatosInvalidos(
                "Revisa los datos marcados.",
                [
                    ErrorCampo(
                        campo,
                        "Este tipo de caso no lleva bonificación: sólo fallas, interrupciones y cargos "
                        "indebidos atribuibles a Blue Point.",
                    )
                ],
            )
        cliente = clientes.obtener(caso.contrato) if caso.contrato else None
        if cliente is None:
            raise DatosInvalidos(
                "Revisa los datos marcados.",
                [ErrorCampo(campo, "No encontramos el precio mensual del contrato para calcular la bonificación.")],
            )
        calculo = bonificacion(cliente.precio_mensual, solicitud.bonificacion.dias_afectados)
        monto = {k: (v if isinstance(v, int) else _dinero(v)) for k, v in calculo.items()}
    tipo, _ = _nombres(caso)
    nuevo = siguiente_version(
        caso,
        estado="resuelto",
        ronda=caso.ronda + 1,
        resolucion=solicitud.resumen,
        primer_contacto=solicitud.primer_contacto,
        bonificacion=monto,
    )
    texto_bono = f" Te bonificaremos ${monto['monto']} por {monto['dias_afectados']} días afectados." if monto else ""
    destino, medio = (caso.correo, "correo") if caso.correo else (caso.telefono, "sms")
    evento = Evento(
        folio=folio,
        fecha=ahora,
        tipo="caso_resuelto",
        autor=autor,
        descripcion=f"Resolvimos tu {tipo.lower()}: {solicitud.resumen}{texto_bono}",
        datos={"primer_contacto": solicitud.primer_contacto, "ronda": nuevo.ronda, "bonificacion": monto},
        notificar={
            "plantilla": "resolucion",
            "medio": medio,
            "destino": destino,
            "datos": {
                "folio": folio,
                "nombre": caso.nombre,
                "tipo_nombre": tipo,
                "resumen": solicitud.resumen,
                "bonificacion": monto,
                "ronda": nuevo.ronda,
            },
        }
        if destino
        else None,
    )
    repo.actualizar(nuevo, caso.version, [evento])
    return detalle(repo, folio, ahora)
