"""El detalle de un caso para los agentes, compartido por varias funciones."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from esquemas.casos import DatosCaso, DetalleCaso, EntradaInterna, MarcaProfeco, MontoBonificacion
from esquemas.conversacion import AdjuntoCaso
from funciones.nucleo.dominio import calendario, catalogo
from funciones.nucleo.dominio.adjuntos import ESTADOS_TEXTO, Adjunto
from funciones.nucleo.dominio.agentes import Agente
from funciones.nucleo.dominio.caso import ESTADOS, Caso, Evento, transiciones
from funciones.nucleo.dominio.ciclo import caso_operable
from funciones.nucleo.dominio.escalamiento import departamentos
from funciones.nucleo.dominio.folio import formatear_folio
from funciones.nucleo.dominio.puertos import RepositorioCasos

if TYPE_CHECKING:
    from esquemas.casos import Restante
    from esquemas.cola import CasoEnCola


def nombres(caso: Caso) -> tuple[str, str]:
    tipo = catalogo.tipo(caso.tipo) or {}
    cat = catalogo.categoria(caso.tipo, caso.categoria) or {}
    return tipo.get("nombre", caso.tipo), cat.get("nombre", caso.categoria)


def restante(vence: datetime, ahora: datetime) -> Restante:
    from esquemas.casos import Restante
    from funciones.nucleo.dominio import urgencia

    r = urgencia.restante(vence, ahora)
    return Restante.model_validate(
        {
            "minutos": r.minutos,
            "urgencia": r.urgencia,
            "urgencia_nombre": urgencia.URGENCIAS[r.urgencia],
            "texto": r.texto,
        }
    )


def _campos_comunes(caso: Caso, ahora: datetime) -> dict[str, Any]:
    """Lo que dicen igual un renglón de la cola y el detalle: nombres, fechas en texto y tiempo restante."""
    tipo, cat = nombres(caso)
    texto = calendario.texto_fecha
    return {
        "folio": caso.folio,
        "folio_legible": formatear_folio(caso.folio),
        "estado": caso.estado,
        "estado_nombre": ESTADOS[caso.estado],
        "tipo": caso.tipo,
        "tipo_nombre": tipo,
        "categoria": caso.categoria,
        "categoria_nombre": cat,
        "nombre": caso.nombre,
        "nivel": caso.nivel,
        "departamento": caso.departamento,
        "asignado": caso.asignado,
        "canal": caso.canal,
        "fecha_registro": caso.fecha_registro,
        "fecha_registro_texto": texto(caso.fecha_registro, ahora),
        "fecha_compromiso": caso.fecha_compromiso,
        "fecha_compromiso_texto": texto(caso.fecha_compromiso, ahora),
        "fecha_limite_legal": caso.fecha_limite_legal,
        "fecha_limite_legal_texto": texto(caso.fecha_limite_legal, ahora),
        "vencido": caso.abierto and ahora > caso.fecha_compromiso,
        "restante": restante(caso.fecha_compromiso, ahora) if caso.abierto else None,
        "restante_legal": restante(caso.fecha_limite_legal, ahora) if caso.abierto else None,
        "sin_verificar": caso.sin_verificar,
    }


def caso_en_cola(caso: Caso, ahora: datetime) -> CasoEnCola:
    """Un renglón de la cola, de la búsqueda o del historial del cliente, con el tiempo que queda a cada plazo."""
    from esquemas.cola import CasoEnCola

    return CasoEnCola(**_campos_comunes(caso, ahora))


def datos_caso(caso: Caso, ahora: datetime) -> DatosCaso:
    return DatosCaso(
        **_campos_comunes(caso, ahora),
        medio_notificacion=caso.medio_notificacion,
        contrato=caso.contrato,
        correo=caso.correo,
        telefono=caso.telefono,
        descripcion=caso.descripcion,
        resolucion=caso.resolucion,
        primer_contacto=caso.primer_contacto,
        bonificacion=MontoBonificacion(**caso.bonificacion) if caso.bonificacion else None,
        departamento_nombre=departamentos().get(caso.departamento or "") if caso.departamento else None,
        alertas=caso.alertas,
        duplicado_de=caso.duplicado_de,
        duplicados=caso.duplicados,
        proceso_profeco=_marca_profeco(caso.proceso_profeco),
    )


def _marca_profeco(marca: dict[str, Any] | None) -> MarcaProfeco | None:
    if not marca:
        return None
    desde = datetime.fromisoformat(str(marca.get("desde")))
    return MarcaProfeco(
        expediente=str(marca.get("expediente", "")),
        desde=desde,
        desde_texto=calendario.texto_fecha_completa(desde),
        por=str(marca.get("por", "")),
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


def detalle(repo: RepositorioCasos, folio: str, ahora: datetime, agente: Agente | None) -> DetalleCaso:
    """El caso con su historial, si `agente` puede verlo (regla de `caso_operable`, sobre la misma lectura).

    `agente` None sólo para responder tras un cambio que ya pasó la regla al leer el caso.
    """
    encontrado = repo.obtener_con_historial(folio)
    caso = caso_operable(agente, encontrado[0] if encontrado else None)
    eventos = encontrado[1] if encontrado else []
    return DetalleCaso(
        caso=datos_caso(caso, ahora),
        historial=[entrada(e, ahora) for e in sorted(eventos, key=lambda e: e.fecha, reverse=True)],
        transiciones=transiciones(caso.estado),
    )


def vista_adjunto(a: Adjunto) -> AdjuntoCaso:
    return AdjuntoCaso(
        id=a.id,
        nombre=a.nombre,
        tipo_contenido=a.tipo_contenido,
        tamano=a.tamano,
        origen=a.origen,
        estado=a.estado,
        estado_nombre=ESTADOS_TEXTO.get(a.estado, a.estado),
        descargable=a.descargable,
        mensaje=a.mensaje,
        canal=a.canal,
    )
