"""Trabajo de los agentes sobre un caso: cola, detalle, interacciones, resolución y confirmación."""

from __future__ import annotations

import contextlib
from dataclasses import replace
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Protocol

from esquemas.casos import DetalleCaso, EntradaInterna
from esquemas.cola import CasoEnCola
from esquemas.gestion import SolicitudInteraccion, SolicitudResolucion
from funciones.nucleo.dominio import catalogo
from funciones.nucleo.dominio.adjuntos import Adjunto, AlmacenAdjuntos, RepositorioAdjuntos, preparar_subidos
from funciones.nucleo.dominio.caso import ESTADOS, Caso, Evento, transicion_valida
from funciones.nucleo.dominio.ciclo import leer_caso, siguiente_version
from funciones.nucleo.dominio.conversacion import mensaje_agente
from funciones.nucleo.dominio.errores import Conflicto, DatosInvalidos, ErrorCampo, ErrorDominio
from funciones.nucleo.dominio.puertos import RepositorioCasos
from funciones.nucleo.frontera.vistas import caso_en_cola, detalle, entrada, nombres

if TYPE_CHECKING:
    from funciones.nucleo.dominio.agentes import Agente
    from funciones.nucleo.dominio.clientes import Cliente


class LectorClientes(Protocol):
    def obtener(self, contrato: str) -> Cliente | None: ...


def en_cola(caso: Caso, ahora: datetime) -> CasoEnCola:
    return caso_en_cola(caso, ahora)


def agregar_interaccion(
    repo: RepositorioCasos,
    folio: str,
    solicitud: SolicitudInteraccion,
    agente: Agente,
    ahora: datetime,
    archivos: tuple[RepositorioAdjuntos, AlmacenAdjuntos] | None = None,
) -> EntradaInterna:
    """`archivos` (registros y almacén de adjuntos) sólo si la interacción lleva adjuntos del agente."""
    caso = leer_caso(repo, folio, agente)
    autor = agente.usuario
    if caso.estado == "cerrado":
        raise Conflicto("El caso está cerrado: ya no admite interacciones.", "caso_cerrado")
    listos: list[Adjunto] = []
    if solicitud.adjuntos:
        assert archivos is not None, "una interacción con adjuntos necesita el repositorio y el almacén"
        listos = preparar_subidos(archivos[1], archivos[0], folio, solicitud.adjuntos, autor)
    if solicitud.tipo == "mensaje":
        # Al cliente: público y con su pedido de envío (la bandeja de salida lo entrega por el medio del caso).
        evento = mensaje_agente(caso, solicitud.texto, autor, ahora)
    else:
        evento = Evento(
            folio=folio,
            fecha=ahora,
            tipo=f"interaccion_{solicitud.tipo}",
            descripcion=solicitud.texto,
            publico=bool(solicitud.publica),
            autor=autor,
            datos={
                "tipo": solicitud.tipo,
                **({"adjuntos": [a.para_mensaje().datos() for a in listos]} if listos else {}),
            },
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
    if not listos:
        repo.actualizar(nuevo, caso.version, eventos)
        return entrada(evento, ahora)
    assert archivos is not None
    try:
        archivos[0].anexar_mensaje(nuevo, caso.version, eventos, [replace(a, mensaje=evento.id) for a in listos])
    except ErrorDominio:
        # Como en el mensaje del cliente: lo copiado se borra y el agente vuelve a adjuntar.
        for a in listos:
            with contextlib.suppress(Exception):
                archivos[1].borrar(a.llave)
                archivos[0].rechazar(a)
        raise
    return entrada(evento, ahora)


def contrato_verificado(caso: Caso, cliente: Cliente) -> bool:
    """Si el contrato del caso es de quien lo abrió: un agente lo verificó en el alta asistida, o todo contacto del
    caso es el registrado en el padrón para ese contrato (así el aviso de la resolución llega a su titular).

    Sin esto, lo que depende del contrato (bonificación, precio) no se aplica ni se cuenta en un mensaje.
    """
    if caso.verificacion_id:
        return True
    pares = [(caso.correo, cliente.correo), (caso.telefono, cliente.telefono)]
    dados = [(dado, registrado) for dado, registrado in pares if dado]
    return bool(dados) and all(
        registrado is not None and dado.strip().casefold() == registrado.strip().casefold()
        for dado, registrado in dados
    )


def _dinero(valor: Any) -> str:
    return f"{Decimal(valor):.2f}"


def resolver(
    repo: RepositorioCasos,
    clientes: LectorClientes,
    folio: str,
    solicitud: SolicitudResolucion,
    agente: Agente,
    ahora: datetime,
) -> DetalleCaso:
    caso = leer_caso(repo, folio, agente)
    autor = agente.usuario
    if not transicion_valida(caso.estado, "resuelto"):
        raise Conflicto(
            f"Un caso en estado «{ESTADOS[caso.estado].lower()}» no se puede resolver.", "transicion_invalida"
        )
    monto = None
    if solicitud.bonificacion is not None:
        cat = catalogo.categoria(caso.tipo, caso.categoria) or {}
        campo = "bonificacion.dias_afectados"
        if caso.sin_verificar:
            # Sin verificar no hay contrato: ni precio ni bonificación.
            raise DatosInvalidos(
                "Este caso se abrió sin verificar la identidad: no usa datos de contrato.",
                [ErrorCampo(campo, "Un caso sin verificar no lleva bonificación. Resuélvelo sin ella.")],
                "caso_sin_verificar",
            )
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
        if not contrato_verificado(caso, cliente):
            raise DatosInvalidos(
                "El contrato de este caso no está verificado: no se puede bonificar.",
                [
                    ErrorCampo(
                        campo,
                        "Verifica la identidad del cliente (llamada o tienda) y registra su caso asistido para "
                        "bonificar: el contrato se escribió en el formulario web y el contacto del caso no es el "
                        "registrado para ese contrato. También puedes resolver sin bonificación.",
                    )
                ],
                "contrato_no_verificado",
            )
        # Diferido: el padrón (y sus expresiones regulares) sólo hace falta al bonificar.
        from funciones.nucleo.dominio.clientes import bonificacion, bonificacion_por_cargo

        por_cargo = cat.get("bonificacion_por") == "cargo"
        pedido = solicitud.bonificacion
        if por_cargo and pedido.monto_cobrado is None:
            raise DatosInvalidos(
                "Revisa los datos marcados.",
                [
                    ErrorCampo(
                        "bonificacion.monto_cobrado",
                        "En un cargo indebido se bonifica lo cobrado más 20 %: escribe el monto cobrado.",
                    )
                ],
            )
        if not por_cargo and pedido.dias_afectados is None:
            raise DatosInvalidos(
                "Revisa los datos marcados.",
                [ErrorCampo(campo, "Esta bonificación es por los días afectados: escribe cuántos fueron.")],
            )
        if por_cargo and pedido.monto_cobrado is not None:
            calculo: dict[str, Any] = dict(bonificacion_por_cargo(pedido.monto_cobrado))
        else:
            assert pedido.dias_afectados is not None
            calculo = {"base": "dias", **bonificacion(cliente.precio_mensual, pedido.dias_afectados)}
        monto = {k: (v if isinstance(v, int | str) else _dinero(v)) for k, v in calculo.items()}
    tipo, _ = nombres(caso)
    nuevo = siguiente_version(
        caso,
        estado="resuelto",
        fecha_estado=ahora,
        ronda=caso.ronda + 1,
        resolucion=solicitud.resumen,
        primer_contacto=solicitud.primer_contacto,
        bonificacion=monto,
        resuelto_por=autor,
    )
    # El historial público no lleva el monto: con folio y contrato cualquiera lo lee y de él sale la renta.
    # El monto va sólo en el aviso al contacto verificado.
    texto_bono = " Aplicaremos una bonificación; te enviamos el detalle." if monto else ""
    from funciones.nucleo.dominio.whatsapp import contacto

    # La conclusión de una queja va siempre por correo si lo hay; lo demás, por el medio que eligió el cliente.
    destino, medio = contacto(caso, prefiere_correo=caso.tipo == "queja")
    evento = Evento(
        folio=folio,
        fecha=ahora,
        tipo="caso_resuelto",
        autor=autor,
        descripcion=f"Resolvimos tu {tipo.lower()}: {solicitud.resumen}{texto_bono}",
        datos={
            "primer_contacto": solicitud.primer_contacto,
            "ronda": nuevo.ronda,
            "bonificacion": monto,
            # Para los reportes (SLA y tiempo de resolución) sin volver a leer el caso.
            "fecha_registro": caso.fecha_registro.isoformat(),
            "fecha_compromiso": caso.fecha_compromiso.isoformat(),
            "fecha_limite_legal": caso.fecha_limite_legal.isoformat(),
            # Reporte por departamento: el que tenía el caso al resolverse (ninguno: el primer nivel).
            "departamento": caso.departamento,
        },
        notificar={
            "plantilla": "resolucion",
            "medio": medio,
            "destino": destino,
            "datos": {
                "folio": folio,
                "nombre": caso.nombre,
                "tipo_nombre": tipo,
                "resumen": solicitud.resumen,
                # Precio y monto sólo con el contrato verificado: sin verificar no hay `monto` (se rechaza arriba).
                "bonificacion": monto,
                "ronda": nuevo.ronda,
            },
        }
        if destino
        else None,
    )
    repo.actualizar(nuevo, caso.version, [evento])
    return detalle(repo, folio, ahora, None)  # la regla ya se aplicó al leer el caso
