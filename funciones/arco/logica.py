"""Acceso y cancelación ARCO: encontrar todo lo de una persona por el índice de búsqueda, exportarlo o anonimizarlo.

Llamadas a DynamoDB: una Query por término (el dato pedido y el contrato de cada perfil encontrado) y una Query por
caso y por registro de cliente; sin Scan. La cancelación reescribe cada partición y cierra cada caso con una
transacción (caso anonimizado, evento y borrado de sus items índice).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Protocol

from esquemas.arco import CancelacionArco, CasoArco, ExportacionArco, PerfilArco, ProcesoProfeco
from esquemas.casos import EntradaInterna
from funciones.nucleo.dominio import arco, busqueda, calendario
from funciones.nucleo.dominio.caso import Evento
from funciones.nucleo.dominio.ciclo import siguiente_version
from funciones.nucleo.dominio.errores import Conflicto, DatosInvalidos, ErrorCampo, NoEncontrado
from funciones.nucleo.dominio.etiquetas import EVENTOS, fecha_completa, legible, telefono
from funciones.nucleo.dominio.verificaciones import EventoCliente
from funciones.nucleo.frontera.vistas import datos_caso, entrada

if TYPE_CHECKING:
    from esquemas.arco import SolicitudArco
    from funciones.nucleo.dominio.agentes import Agente
    from funciones.nucleo.dominio.caso import Caso
    from funciones.nucleo.dominio.clientes import Cliente

SIN_DATOS = "No hay casos ni un cliente del padrón con ese dato."
_CONSERVADOS_DOMINIO = "Guardado sólo como huella cifrada (HMAC): no se puede devolver en claro."


class Repositorio(Protocol):
    def referencias(self, clave: str) -> tuple[list[str], list[str]]: ...

    def caso(self, folio: str) -> tuple[Caso, list[Evento], list[dict[str, Any]]] | None: ...

    def registro_cliente(self, contrato: str) -> tuple[Cliente | None, list[dict[str, Any]]]: ...

    def anotar(self, eventos: list[Evento], registro: list[EventoCliente]) -> None: ...

    def reescribir(self, items: list[dict[str, Any]], borrar: list[tuple[str, str]]) -> None: ...

    def cancelar_caso(self, anonimo: Caso, version_leida: int, evento: Evento, claves: list[str]) -> None: ...


class Objetos(Protocol):
    """Un bucket de S3 (adjuntos o correos recibidos): borrar cada llave con todas sus versiones."""

    def borrar_todo(self, llaves: list[str]) -> int:
        """Cuántas de las llaves tenían algo (idempotente: repetir no falla)."""
        ...


@dataclass
class Persona:
    casos: list[tuple[Caso, list[Evento], list[dict[str, Any]]]] = field(default_factory=list)
    perfiles: list[tuple[Cliente, list[dict[str, Any]]]] = field(default_factory=list)
    # Registros `CLIENTE#<contrato>` sin perfil (el padrón ya no lo tiene) pero con eventos.
    registros: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


def _perfil_coincide(p: Cliente, clase: str, valor: str) -> bool:
    propios = busqueda.terminos(contrato=p.contrato, correo=p.correo, telefono=p.telefono, nombre=None)
    return (clase, arco.normalizar(clase, valor)) in propios


def _cancelado(items: list[dict[str, Any]]) -> bool:
    """El registro de un cliente ya cancelado (sin perfil y con su `arco_cancelacion`): no queda nada de él."""
    return any(i.get("tipo") == "arco_cancelacion" for i in items)


def encontrar(repo: Repositorio, llave: bytes, clase: str, valor: str) -> Persona:
    """Los casos y perfiles que **hoy** tienen el dato (un item índice viejo no cuenta) y, de cada perfil, los casos
    de su contrato."""
    normal = arco.normalizar(clase, valor)
    folios, contratos = repo.referencias(busqueda.clave_termino(llave, clase, normal))
    if clase == "contrato":
        contratos = list(dict.fromkeys([normal, *contratos]))
    persona = Persona()
    propios: set[str] = set()
    for contrato in contratos:
        perfil, items = repo.registro_cliente(contrato)
        if perfil is not None and _perfil_coincide(perfil, clase, valor):
            persona.perfiles.append((perfil, items))
            propios.add(perfil.contrato)
        elif perfil is None and clase == "contrato" and items and not _cancelado(items):
            persona.registros[contrato] = items
            propios.add(contrato)
    for contrato in propios - {normal if clase == "contrato" else ""}:
        folios += repo.referencias(busqueda.clave_termino(llave, "contrato", contrato))[0]
    for folio in dict.fromkeys(folios):
        leido = repo.caso(folio)
        if leido is None:
            continue
        caso = leido[0]
        if arco.es_de_la_persona(caso, clase, valor) or (caso.contrato is not None and caso.contrato in propios):
            persona.casos.append(leido)
    persona.casos.sort(key=lambda t: t[0].fecha_registro, reverse=True)
    if not persona.casos and not persona.perfiles and not persona.registros:
        raise NoEncontrado(SIN_DATOS)
    return persona


def _entrada_registro(item: dict[str, Any], ahora: datetime) -> EntradaInterna:
    d = item
    datos = d.get("datos") or {}
    fecha = datetime.fromisoformat(str(d["fecha"]))
    return EntradaInterna(
        id=str(d["sk"]),
        fecha=fecha,
        fecha_texto=calendario.texto_fecha(fecha, ahora),
        tipo=str(d.get("tipo", "")),
        descripcion=str(d.get("descripcion") or legible(str(d.get("tipo", "")), EVENTOS)),
        publico=False,
        autor=str(datos.get("agente") or "sistema"),
        datos=datos,
    )


def _normal(valor: Any) -> Any:
    """Números de DynamoDB (Decimal) como enteros o decimales de JSON."""
    if isinstance(valor, dict):
        return {k: _normal(v) for k, v in valor.items()}
    if isinstance(valor, list | set):
        return [_normal(v) for v in valor]
    if isinstance(valor, Decimal):
        return int(valor) if valor == int(valor) else float(valor)
    return valor


def _items(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [_normal(i) for i in items]


def exportar(
    repo: Repositorio, llave: bytes, solicitud: SolicitudArco, agente: Agente, ahora: datetime
) -> ExportacionArco:
    clase, valor = solicitud.dato
    persona = encontrar(repo, llave, clase, valor)
    casos = []
    for caso, eventos, items in persona.casos:
        encuestas = [
            {k: v for k, v in i.items() if k not in ("pk", "sk", "entidad")}
            for i in _items(items)
            if str(i["sk"]).startswith("ENCUESTA#")
        ]
        profeco = caso.proceso_profeco
        casos.append(
            CasoArco(
                caso=datos_caso(caso, ahora),
                historial=[entrada(e, ahora) for e in sorted(eventos, key=lambda e: e.fecha)],
                encuestas=encuestas,
                proceso_profeco=f"Expediente {profeco.get('expediente')}" if profeco else None,
            )
        )
    registro = [
        _entrada_registro(i, ahora)
        for items in [i for _, i in persona.perfiles] + list(persona.registros.values())
        for i in _items(items)
        if str(i["sk"]).startswith("EVENTO#")
    ]
    exportacion = ExportacionArco(
        generado=ahora,
        generado_texto=fecha_completa(ahora),
        solicitado_por=agente.usuario,
        motivo=solicitud.motivo,
        dato=clase,
        dato_nombre=arco.CLASES[clase],
        clientes=[
            PerfilArco(
                contrato=p.contrato,
                nombre=p.nombre,
                correo=p.correo,
                telefono=p.telefono,
                telefono_texto=telefono(p.telefono),
                precio_mensual=f"${p.precio_mensual:,.2f}",
                domicilio=_CONSERVADOS_DOMINIO,
                ultimos4=_CONSERVADOS_DOMINIO,
            )
            for p, _ in persona.perfiles
        ],
        casos=casos,
        registro=sorted(registro, key=lambda e: e.fecha),
    )
    # El acceso queda en el registro de cada caso y de cada cliente exportado.
    repo.anotar(
        [
            arco.evento_arco(
                "arco_acceso",
                folio=c.folio,
                particion=None,
                supervisor=agente.usuario,
                motivo=solicitud.motivo,
                dato=clase,
                ahora=ahora,
            )
            for c, _, _ in persona.casos
        ],
        [
            EventoCliente(contrato, ahora, "arco_acceso", {"agente": agente.usuario, "motivo": solicitud.motivo})
            for contrato in [p.contrato for p, _ in persona.perfiles] + list(persona.registros)
        ],
    )
    return exportacion


def cancelar(
    repo: Repositorio,
    llave: bytes,
    llave_limites: bytes,
    solicitud: SolicitudArco,
    agente: Agente,
    ahora: datetime,
    adjuntos: Objetos,
    correos: Objetos | None,
) -> CancelacionArco:
    """`correos` None: la pila no tiene recepción de correo (no hay crudos que borrar)."""
    clase, valor = solicitud.dato
    persona = encontrar(repo, llave, clase, valor)
    casos = [c for c, _, _ in persona.casos]
    arco.proceso_profeco_abierto(casos)
    arco.casos_abiertos(casos)
    perfiles = [p for p, _ in persona.perfiles]

    particiones = [i for _, _, i in persona.casos] + [i for _, i in persona.perfiles] + list(persona.registros.values())
    # Antes que nada, los archivos en S3 (con sus llaves leídas de los items aún sin anonimizar): si algo falla aquí
    # no se tocó la tabla, y repetir la solicitud los vuelve a encontrar (borrar es idempotente).
    de_adjuntos, crudos = arco.objetos_persona(particiones)
    archivos = adjuntos.borrar_todo(de_adjuntos)
    correos_borrados = correos.borrar_todo(crudos) if correos is not None and crudos else 0
    # Luego los items de cada partición (un corte a la mitad deja el caso encontrable y se puede repetir).
    reescritos = [
        arco.anonimizar_item(i) for items in particiones for i in items if not str(i["sk"]).startswith("BLOQUEO")
    ]
    contratos = {c.contrato for c in casos if c.contrato} | {p.contrato for p in perfiles} | set(persona.registros)
    limites = arco.claves_limites(
        llave_limites,
        contratos=contratos,
        correos={x for x in [*(c.correo for c in casos), *(p.correo for p in perfiles)] if x},
        telefonos={x for x in [*(c.telefono for c in casos), *(p.telefono for p in perfiles)] if x},
        ahora=ahora,
    )
    indices = arco.indices_persona(llave, casos, perfiles)
    de_perfiles = [(f"BUSCA#{k}", f"CLIENTE#{contrato}") for k, _, contrato in indices if contrato]
    borrar = limites + de_perfiles
    # El perfil del padrón y el bloqueo de verificación se borran; el registro del cliente queda sin datos.
    borrar += [(f"CLIENTE#{p.contrato}", s) for p in perfiles for s in ("PERFIL", "BLOQUEO")]
    repo.reescribir(reescritos, borrar)

    for caso in casos:
        propios = [k for k, folio, _ in indices if folio == caso.folio]
        evento = arco.evento_arco(
            "arco_cancelacion",
            folio=caso.folio,
            particion=None,
            supervisor=agente.usuario,
            motivo=solicitud.motivo,
            dato=clase,
            ahora=ahora,
        )
        repo.cancelar_caso(arco.anonimizar_caso(caso), caso.version, evento, propios)
    repo.anotar(
        [],
        [
            EventoCliente(contrato, ahora, "arco_cancelacion", {"agente": agente.usuario, "motivo": solicitud.motivo})
            for contrato in [p.contrato for p in perfiles] + list(persona.registros)
        ],
    )
    return CancelacionArco(
        fecha=ahora,
        fecha_texto=fecha_completa(ahora),
        cancelado_por=agente.usuario,
        motivo=solicitud.motivo,
        dato_nombre=arco.CLASES[clase],
        casos=[c.folio for c in casos],
        eventos=sum(1 for i in reescritos if str(i["sk"]).startswith("EVENTO#")),
        encuestas=sum(1 for i in reescritos if str(i["sk"]).startswith("ENCUESTA#")),
        perfiles=len(perfiles),
        registro=sum(len(v) for _, v in persona.perfiles) + sum(len(v) for v in persona.registros.values()),
        indices=len(indices),
        limites=len(limites),
        archivos=archivos,
        correos_recibidos=correos_borrados,
    )


def formato_valido(formato: str) -> None:
    if formato not in ("json", "html"):
        raise DatosInvalidos("Revisa los datos marcados.", [ErrorCampo("formato", "Usa json o html.")])


class RepositorioCasos(Protocol):
    def obtener(self, folio: str) -> Caso | None: ...

    def actualizar(self, caso: Caso, version_leida: int, eventos: list[Evento]) -> None: ...


def marcar_profeco(
    repo: RepositorioCasos, folio: str, expediente: str | None, motivo: str, agente: Agente, ahora: datetime
) -> ProcesoProfeco:
    """Abre (con el número de expediente) o cierra (None) la marca de proceso ante PROFECO del caso, con su evento."""
    caso = repo.obtener(folio)
    if caso is None:
        raise NoEncontrado("No existe un caso con ese folio.")
    if expediente is None and not caso.proceso_profeco:
        raise Conflicto("El caso no tiene un proceso ante PROFECO abierto.", "sin_proceso_profeco")
    if expediente is not None and caso.proceso_profeco:
        raise Conflicto(
            f"El caso ya tiene abierto el proceso ante PROFECO {caso.proceso_profeco.get('expediente')}.",
            "proceso_profeco_abierto",
        )
    marca = {"expediente": expediente, "desde": ahora.isoformat(), "por": agente.usuario} if expediente else None
    nuevo = siguiente_version(caso, proceso_profeco=marca)
    texto = f"Proceso ante PROFECO abierto (expediente {expediente})" if expediente else "Proceso ante PROFECO cerrado"
    evento = Evento(
        folio=folio,
        fecha=ahora,
        tipo="profeco_abierto" if expediente else "profeco_cerrado",
        descripcion=f"{texto}. Motivo: {motivo}",
        publico=False,
        autor=agente.usuario,
        datos={"agente": agente.usuario, "motivo": motivo, **({"expediente": expediente} if expediente else {})},
    )
    repo.actualizar(nuevo, caso.version, [evento])
    return ProcesoProfeco(
        folio=folio,
        abierto=marca is not None,
        expediente=expediente,
        desde=ahora if marca else None,
        por=agente.usuario if marca else None,
    )
