"""Escalamiento: por decisión de un agente o por el reloj (umbrales de plazo), con alertas por SNS."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from funciones.nucleo.dominio import calendario, catalogo
from funciones.nucleo.dominio.agentes import GRUPOS_AGENTES, Agente, puede_operar
from funciones.nucleo.dominio.caso import Caso, Evento, transicion_valida
from funciones.nucleo.dominio.ciclo import leer_caso, siguiente_version
from funciones.nucleo.dominio.errores import Conflicto, DatosInvalidos, ErrorCampo
from funciones.nucleo.dominio.etiquetas import ALERTAS, legible
from funciones.nucleo.dominio.etiquetas import destinos as destinos_texto
from funciones.nucleo.dominio.puertos import DirectorioAgentes, RepositorioCasos

NIVEL_MAXIMO = 3
# Fracción del plazo (en tiempo hábil) a partir de la cual se avisa que está por vencer.
UMBRAL_AVISO = 0.8
SUPERVISORES = "supervisores"
UMBRALES = ("por_vencer", "vencido", "legal_por_vencer", "legal_vencido")
_TEXTO_UMBRAL = {
    "por_vencer": "está por vencer su plazo interno",
    "vencido": "venció su plazo interno",
    "legal_por_vencer": "está por vencer su plazo legal",
    "legal_vencido": "venció su plazo legal",
}


def departamentos() -> dict[str, str]:
    return {d["clave"]: d["nombre"] for d in catalogo.catalogo()["departamentos"]}


def evento_alerta(caso: Caso, tipo: str, ahora: datetime, motivo: str, autor: str) -> Evento:
    destinos = [SUPERVISORES] + ([caso.departamento] if caso.departamento else [])
    tipo_nombre = (catalogo.tipo(caso.tipo) or {}).get("nombre", caso.tipo)
    return Evento(
        folio=caso.folio,
        fecha=ahora,
        tipo=f"alerta_{tipo}",
        publico=False,
        autor=autor,
        descripcion=f"Alerta «{legible(tipo, ALERTAS)}» enviada a {destinos_texto(destinos)}: {motivo}",
        datos={"tipo": tipo, "destinos": destinos, "motivo": motivo},
        notificar={
            "plantilla": "alerta",
            "medio": "alerta",
            "destino": "alertas",
            "datos": {
                "folio": caso.folio,
                "tipo": tipo,
                "nivel": caso.nivel,
                "departamentos": destinos,
                "vence": caso.fecha_compromiso.isoformat(),
                "motivo": motivo,
                "tipo_nombre": tipo_nombre,
                "nombre": caso.nombre,
            },
        },
    )


def _aviso_cliente(caso: Caso, ahora: datetime, texto: str) -> Evento:
    from funciones.nucleo.dominio.whatsapp import contacto

    destino, medio = contacto(caso)
    return Evento(
        folio=caso.folio,
        fecha=ahora,
        tipo="caso_escalado",
        descripcion=texto,
        notificar={
            "plantilla": "escalamiento",
            "medio": medio,
            "destino": destino,
            "datos": {
                "folio": caso.folio,
                "nombre": caso.nombre,
                "texto": texto,
                "vence": caso.fecha_compromiso.isoformat(),
            },
        }
        if destino
        else None,
    )


def escalar(repo: RepositorioCasos, folio: str, destino: str, motivo: str, agente: Agente, ahora: datetime) -> Caso:
    caso = leer_caso(repo, folio, agente)
    deptos = departamentos()
    if destino != "supervisor" and destino not in deptos:
        raise DatosInvalidos(
            "Revisa los datos marcados.",
            [ErrorCampo("destino", f"Elige «supervisor» o un departamento: {', '.join(deptos)}.")],
        )
    if not transicion_valida(caso.estado, "escalado"):
        raise Conflicto("Sólo se escala un caso abierto.", "transicion_invalida")
    if caso.nivel >= NIVEL_MAXIMO:
        raise Conflicto(f"El caso ya está en el nivel más alto ({NIVEL_MAXIMO}).", "nivel_maximo")
    departamento = destino if destino in deptos else caso.departamento
    nuevo = siguiente_version(caso, estado="escalado", nivel=caso.nivel + 1, departamento=departamento, asignado=None)
    quien = deptos.get(destino, "un supervisor")
    registro = Evento(
        folio=folio,
        fecha=ahora,
        tipo="escalamiento",
        publico=False,
        autor=agente.usuario,
        descripcion=f"Escalado a {quien} (nivel {nuevo.nivel}): {motivo}",
        datos={"destino": destino, "nivel": nuevo.nivel, "motivo": motivo},
    )
    aviso = _aviso_cliente(
        nuevo,
        ahora,
        f"Tu solicitud pasó a {quien} para darle una atención especializada. Te avisaremos cuando haya una resolución.",
    )
    alerta = evento_alerta(nuevo, "escalamiento", ahora, motivo, agente.usuario)
    repo.actualizar(nuevo, caso.version, [registro, aviso, alerta])
    return nuevo


def desescalar(repo: RepositorioCasos, folio: str, motivo: str, agente: Agente, ahora: datetime) -> Caso:
    # La ruta admite supervisores y departamentos; la regla de acceso deja a cada departamento sólo lo suyo.
    caso = leer_caso(repo, folio, agente)
    if caso.estado != "escalado" or not transicion_valida(caso.estado, "en_proceso"):
        raise Conflicto("Sólo se desescala un caso escalado.", "transicion_invalida")
    nivel = max(1, caso.nivel - 1)
    nuevo = siguiente_version(
        caso, estado="en_proceso", nivel=nivel, departamento=caso.departamento if nivel > 1 else None
    )
    evento = Evento(
        folio=folio,
        fecha=ahora,
        tipo="desescalamiento",
        publico=False,
        autor=agente.usuario,
        descripcion=f"Regresó al nivel {nivel}: {motivo}",
        datos={"nivel": nivel, "motivo": motivo},
    )
    repo.actualizar(nuevo, caso.version, [evento])
    return nuevo


def asignar(
    repo: RepositorioCasos,
    directorio: DirectorioAgentes,
    folio: str,
    asesor: str | None,
    departamento: str | None,
    instrucciones: str | None,
    agente: Agente,
    ahora: datetime,
) -> Caso:
    if departamento is not None and departamento not in departamentos():
        raise DatosInvalidos("Revisa los datos marcados.", [ErrorCampo("departamento", "Ese departamento no existe.")])
    caso = leer_caso(repo, folio, agente)
    if not caso.abierto:
        raise Conflicto("Sólo se reasigna un caso abierto.", "transicion_invalida")
    cambios: dict[str, Any] = {}
    if departamento:
        cambios["departamento"] = departamento
    if asesor:
        # Sólo a un agente que existe, está activo y podrá abrir el caso (la misma regla de acceso).
        asignado = directorio.buscar(asesor)
        if asignado is None or not asignado.grupos & GRUPOS_AGENTES:
            raise DatosInvalidos(
                "Revisa los datos marcados.",
                [ErrorCampo("asesor", "No hay un agente activo con ese usuario; revisa cómo se escribe.")],
            )
        if not puede_operar(asignado, replace(caso, **cambios)):
            depto = departamentos().get(asignado.departamento or "", "otro departamento")
            raise DatosInvalidos(
                "Revisa los datos marcados.",
                [
                    ErrorCampo(
                        "asesor",
                        f"{asignado.usuario} es de {depto} y sólo atiende casos de su "
                        "departamento: asígnale también ese departamento o elige a otra persona.",
                    )
                ],
            )
        asesor = cambios["asignado"] = asignado.usuario
    nuevo = siguiente_version(caso, **cambios)
    partes = [
        f"asignado a {asesor}" if asesor else "",
        f"departamento {departamentos().get(departamento, departamento)}" if departamento else "",
        f"instrucciones: {instrucciones}" if instrucciones else "",
    ]
    evento = Evento(
        folio=folio,
        fecha=ahora,
        tipo="asignacion",
        publico=False,
        autor=agente.usuario,
        descripcion="Reasignación: " + "; ".join(p for p in partes if p),
        datos={
            k: v
            for k, v in {"asesor": asesor, "departamento": departamento, "instrucciones": instrucciones}.items()
            if v
        },
    )
    repo.actualizar(nuevo, caso.version, [evento])
    return nuevo


# --- El reloj ---------------------------------------------------------------------------------------------------


def fraccion_usada(inicio: datetime, limite: datetime, ahora: datetime, habiles: bool = True) -> float:
    """Qué parte del plazo [inicio, limite] ya se consumió en `ahora` (en tiempo hábil o natural)."""
    if habiles:
        total = calendario.horas_habiles_entre(inicio, limite)
        usado = calendario.horas_habiles_entre(inicio, ahora)
    else:
        total = (limite - inicio).total_seconds()
        usado = max(0.0, (ahora - inicio).total_seconds())
    if total <= 0:
        return 1.0 if ahora >= limite else 0.0
    return min(1.0, usado / total) if ahora < limite else max(1.0, usado / total)


def _legal_en_horas_habiles(caso: Caso) -> bool:
    cat = catalogo.categoria(caso.tipo, caso.categoria) or {}
    unidad: str = (cat.get("plazo_legal") or {}).get("unidad", "dias_habiles")
    return unidad == "dias_habiles"


def umbrales_alcanzados(caso: Caso, ahora: datetime) -> list[str]:
    legal_habil = _legal_en_horas_habiles(caso)
    alcanzados = []
    if ahora > caso.fecha_compromiso:
        alcanzados.append("vencido")
    elif fraccion_usada(caso.fecha_registro, caso.fecha_compromiso, ahora) >= UMBRAL_AVISO:
        alcanzados.append("por_vencer")
    if ahora > caso.fecha_limite_legal:
        alcanzados.append("legal_vencido")
    elif fraccion_usada(caso.fecha_registro, caso.fecha_limite_legal, ahora, legal_habil) >= UMBRAL_AVISO:
        alcanzados.append("legal_por_vencer")
    return alcanzados


def instante_aviso(inicio: datetime, limite: datetime, habiles: bool = True) -> datetime:
    """Primer instante en que `fraccion_usada` llega a UMBRAL_AVISO (a más tardar, `limite`)."""
    if habiles:
        total = calendario.horas_habiles_entre(inicio, limite)
        if total <= 0:
            return limite
        t = calendario.sumar_horas_habiles(inicio, total * UMBRAL_AVISO)
    else:
        total = (limite - inicio).total_seconds()
        if total <= 0:
            return limite
        t = inicio + timedelta(seconds=total * UMBRAL_AVISO)
    # El redondeo puede dejarlo un instante antes del umbral: se avanza de segundo (hábil) en segundo.
    while t < limite and fraccion_usada(inicio, limite, t, habiles) < UMBRAL_AVISO:
        t = calendario.sumar_horas_habiles(t, 1 / 3600) if habiles else t + timedelta(seconds=1)
    return min(t, limite)


def proximo_umbral(caso: Caso) -> datetime | None:
    """El próximo instante tras el cual `aplicar_reloj` tendrá algo que hacer; None si ya no queda nada.

    Es la clave del índice `umbrales`: el barrido lee sólo los casos cuyo próximo umbral ya pasó.
    """
    if not caso.abierto:
        return None
    pendientes = []
    relojes = (
        ("por_vencer", "vencido", caso.fecha_compromiso, True),
        ("legal_por_vencer", "legal_vencido", caso.fecha_limite_legal, _legal_en_horas_habiles(caso)),
    )
    for aviso, vencido, limite, habiles in relojes:
        if vencido in caso.alertas:
            continue  # tras el vencimiento el aviso ya no se da
        if aviso in caso.alertas:
            pendientes.append(limite)
        else:
            pendientes.append(instante_aviso(caso.fecha_registro, limite, habiles))
    return min(pendientes, default=None)


def aplicar_reloj(caso: Caso, ahora: datetime) -> tuple[Caso, list[Evento]] | None:
    """El cambio que el reloj pide para un caso (una sola vez por umbral), o None si no hay nada nuevo."""
    if not caso.abierto:
        # Resuelto o cerrado: sus plazos ya no corren (una copia vieja del índice no lo escala ni alerta).
        return None
    nuevos = [u for u in umbrales_alcanzados(caso, ahora) if u not in caso.alertas]
    if not nuevos:
        return None
    cambios: dict[str, Any] = {"alertas": [*caso.alertas, *nuevos]}
    eventos: list[Evento] = []
    if "vencido" in nuevos and caso.nivel < NIVEL_MAXIMO:
        # Vencido el plazo interno, el reloj escala un nivel.
        cambios["nivel"] = caso.nivel + 1
        if transicion_valida(caso.estado, "escalado"):
            cambios["estado"] = "escalado"
        eventos.append(
            Evento(
                folio=caso.folio,
                fecha=ahora,
                tipo="escalamiento",
                publico=False,
                autor="sistema",
                descripcion=f"Escalado por el reloj al nivel {cambios['nivel']}: venció el plazo interno.",
                datos={"destino": "supervisor", "nivel": cambios["nivel"], "motivo": "plazo vencido"},
            )
        )
    nuevo = siguiente_version(caso, **cambios)
    for umbral in nuevos:
        eventos.append(evento_alerta(nuevo, umbral, ahora, f"El caso {_TEXTO_UMBRAL[umbral]}.", "sistema"))
    return nuevo, eventos
