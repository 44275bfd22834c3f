"""GET /api/busqueda, GET /api/clientes/{contrato} y GET /api/agentes."""

from __future__ import annotations

from esquemas.base import Respuesta
from esquemas.cola import CasoEnCola


class CasoEncontrado(CasoEnCola):
    contrato: str | None = None
    # Qué dato coincidió: folio, contrato, correo, telefono o nombre.
    coincide: list[str] = []


class ClienteEncontrado(Respuesta):
    contrato: str
    nombre: str
    correo: str | None
    telefono: str | None
    coincide: list[str] = []


class ResultadoBusqueda(Respuesta):
    q: str
    casos: list[CasoEncontrado]
    clientes: list[ClienteEncontrado]


class Reincidencia(Respuesta):
    """Cuántas veces el cliente abrió un caso del mismo tipo y categoría («tercera vez que llama por lo mismo»)."""

    tipo: str
    categoria: str
    tipo_nombre: str
    categoria_nombre: str
    total: int
    abiertos: int


class DatosCliente(Respuesta):
    """El perfil del padrón, sin las respuestas de seguridad (sólo se guardan como hash y nunca salen)."""

    contrato: str
    nombre: str
    correo: str | None
    telefono: str | None
    precio_mensual: str


class PerfilCliente(Respuesta):
    contrato: str
    cliente: DatosCliente | None
    casos: list[CasoEncontrado]
    # Hay más casos de los que caben en una respuesta (100): se muestran los más nuevos.
    mas_casos: bool = False
    total_casos: int
    abiertos: int
    reincidencias: list[Reincidencia]


class AgenteListado(Respuesta):
    usuario: str
    nombre: str
    grupos: list[str]
    departamento: str | None = None
    departamento_nombre: str | None = None


class ListaAgentes(Respuesta):
    agentes: list[AgenteListado]
