"""Búsqueda de casos y clientes, y el perfil del cliente con todos sus casos, dentro del alcance del agente.

Llamadas a DynamoDB acotadas: una Query por término (a lo más 4 palabras de nombre, o teléfono y contrato) y un
BatchGetItem con lo encontrado. El perfil: una Query (el término del contrato) y un BatchGetItem (perfil y casos).
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Protocol

from esquemas.busqueda import (
    CasoEncontrado,
    ClienteEncontrado,
    DatosCliente,
    PerfilCliente,
    Reincidencia,
    ResultadoBusqueda,
)
from funciones.nucleo.dominio import busqueda
from funciones.nucleo.dominio.agentes import Agente, SinPermiso, puede_operar
from funciones.nucleo.dominio.errores import NoEncontrado
from funciones.nucleo.frontera.vistas import caso_en_cola, nombres

if TYPE_CHECKING:
    from funciones.nucleo.dominio.caso import Caso
    from funciones.nucleo.dominio.clientes import Cliente

# Referencias que se leen por término y resultados que se devuelven.
POR_TERMINO = 40
MAXIMO_CASOS = 25
MAXIMO_CLIENTES = 10
# El perfil: los casos más nuevos del contrato (uno de los 100 del BatchGetItem es el perfil).
CASOS_PERFIL = 99
SIN_CLIENTE = "No hay un cliente ni casos con ese contrato."


class Indice(Protocol):
    def referencias(self, clave: str, limite: int) -> tuple[list[str], list[str]]: ...

    def leer(self, folios: list[str], contratos: list[str]) -> tuple[dict[str, Caso], dict[str, Cliente]]: ...


def _encontrado(caso: Caso, ahora: datetime, coincide: list[str]) -> CasoEncontrado:
    return CasoEncontrado(
        **caso_en_cola(caso, ahora).model_dump(),
        # Un caso sin verificar nunca muestra datos de contrato.
        contrato=None if caso.sin_verificar else caso.contrato,
        coincide=coincide,
    )


def _datos(caso: Caso) -> dict[str, str | None]:
    return {"contrato": caso.contrato, "correo": caso.correo, "telefono": caso.telefono, "nombre": caso.nombre}


def buscar(indice: Indice, llave: bytes, texto: str | None, agente: Agente, ahora: datetime) -> ResultadoBusqueda:
    consulta = busqueda.interpretar(texto)
    folios: list[str] = [consulta.folio] if consulta.folio else []
    contratos: list[str] = [consulta.contrato] if consulta.contrato else []
    for clase, valor in consulta.terminos:
        f, c = indice.referencias(busqueda.clave_termino(llave, clase, valor), POR_TERMINO)
        folios += f
        contratos += c
    casos, clientes = indice.leer(folios, contratos)

    encontrados: list[tuple[int, Caso, list[str]]] = []
    for caso in casos.values():
        if not puede_operar(agente, caso):
            continue
        coincide, puntos = busqueda.coincidencias(consulta, **_datos(caso))
        if caso.folio == consulta.folio:
            coincide.insert(0, "folio")
            puntos += 10  # el folio exacto va primero
        if coincide:  # un item índice viejo (el dato ya cambió) no cuenta
            encontrados.append((puntos, caso, coincide))
    # Más coincidencias primero (todas las palabras del nombre antes que una); luego el más nuevo.
    encontrados.sort(key=lambda t: (-t[0], -t[1].fecha_registro.timestamp()))
    vistos = encontrados[:MAXIMO_CASOS]

    # Un usuario de departamento sólo ve clientes con un caso suyo entre los encontrados.
    alcance = None if agente.grupos & {"asesores", "supervisores"} else {c.contrato for _, c, _ in encontrados}
    lista_clientes = []
    for cliente in clientes.values():
        if alcance is not None and cliente.contrato not in alcance:
            continue
        coincide, puntos = busqueda.coincidencias(
            consulta, contrato=cliente.contrato, correo=cliente.correo, telefono=cliente.telefono, nombre=cliente.nombre
        )
        if coincide:
            lista_clientes.append((puntos, cliente, coincide))
    lista_clientes.sort(key=lambda t: (-t[0], t[1].nombre))
    return ResultadoBusqueda(
        q=consulta.texto,
        casos=[_encontrado(c, ahora, co) for _, c, co in vistos],
        clientes=[
            ClienteEncontrado(contrato=c.contrato, nombre=c.nombre, correo=c.correo, telefono=c.telefono, coincide=co)
            for _, c, co in lista_clientes[:MAXIMO_CLIENTES]
        ],
    )


def perfil(indice: Indice, llave: bytes, contrato: str, agente: Agente, ahora: datetime) -> PerfilCliente:
    """El perfil del cliente y sus casos, el más nuevo primero; 404 si no hay ni cliente ni casos.

    Un usuario de departamento sólo ve los casos de su departamento, y el perfil sólo si tiene alguno (si no, 403
    con el mismo texto exista o no el contrato).
    """
    # Uno más para saber si hay más casos, y otro por el item del cliente, que sale primero en la partición.
    folios, _ = indice.referencias(busqueda.clave_termino(llave, "contrato", contrato), CASOS_PERFIL + 2)
    mas = len(folios) > CASOS_PERFIL
    casos, clientes = indice.leer(folios[:CASOS_PERFIL], [contrato])
    cliente = clientes.get(contrato)
    # Un caso sin verificar no tiene contrato; el del índice debe seguir siendo el del caso.
    propios = [c for c in casos.values() if c.contrato == contrato and not c.sin_verificar]
    visibles = sorted((c for c in propios if puede_operar(agente, c)), key=lambda c: c.fecha_registro, reverse=True)
    es_departamento = not agente.grupos & {"asesores", "supervisores"}
    if es_departamento and not visibles:
        raise SinPermiso("Sólo puedes ver clientes con casos escalados a tu departamento.")
    if cliente is None and not visibles:
        raise NoEncontrado(SIN_CLIENTE)
    conteo: Counter[tuple[str, str]] = Counter((c.tipo, c.categoria) for c in visibles)
    abiertos: Counter[tuple[str, str]] = Counter((c.tipo, c.categoria) for c in visibles if c.abierto)
    reincidencias = []
    for (tipo, categoria), total in conteo.most_common():
        muestra = next(c for c in visibles if (c.tipo, c.categoria) == (tipo, categoria))
        tipo_nombre, categoria_nombre = nombres(muestra)
        reincidencias.append(
            Reincidencia(
                tipo=tipo,
                categoria=categoria,
                tipo_nombre=tipo_nombre,
                categoria_nombre=categoria_nombre,
                total=total,
                abiertos=abiertos[(tipo, categoria)],
            )
        )
    return PerfilCliente(
        contrato=contrato,
        cliente=DatosCliente(
            contrato=cliente.contrato,
            nombre=cliente.nombre,
            correo=cliente.correo,
            telefono=cliente.telefono,
            precio_mensual=f"{Decimal(cliente.precio_mensual):.2f}",
        )
        if cliente is not None
        else None,
        casos=[_encontrado(c, ahora, ["contrato"]) for c in visibles],
        mas_casos=mas,
        total_casos=len(visibles),
        abiertos=sum(1 for c in visibles if c.abierto),
        reincidencias=reincidencias,
    )
