"""Respuestas de la API, todas juntas (alimentan el documento OpenAPI).

Cada función importa sólo el módulo de su capacidad (`esquemas.alta`, `esquemas.casos`…).
"""

from __future__ import annotations

from esquemas.alta import CasoRegistrado
from esquemas.base import EstadoCaso, Respuesta
from esquemas.busqueda import (
    AgenteListado,
    CasoEncontrado,
    ClienteEncontrado,
    DatosCliente,
    ListaAgentes,
    PerfilCliente,
    Reincidencia,
    ResultadoBusqueda,
)
from esquemas.casos import DatosCaso, DetalleCaso, EntradaInterna, MontoBonificacion, Restante
from esquemas.catalogo import AvisoPrivacidad, Catalogo, CategoriaCatalogo, Horario, Opcion, PlazoLegal, TipoCatalogo
from esquemas.cola import CasoEnCola, ColaCasos
from esquemas.confirmaciones import ResultadoConfirmacion
from esquemas.encuestas import ResultadoEncuesta
from esquemas.errores import CampoError, DetalleError, RespuestaError
from esquemas.expediente import Expediente, NotificacionExpediente
from esquemas.reportes import Intervalo, Reporte, Tasa
from esquemas.seguimiento import ConsultaCaso, EntradaHistorial
from esquemas.sesiones import (
    CodigoQr,
    PoliticaContrasena,
    ReglaContrasena,
    ResultadoSesion,
    RetoCodigoTotp,
    RetoConfigurarTotp,
    RetoNuevaContrasena,
    Sesion,
)
from esquemas.verificacion import ClienteVerificado, ResultadoVerificacion

__all__ = [
    "Restante",
    "ResultadoBusqueda",
    "Reincidencia",
    "PerfilCliente",
    "ListaAgentes",
    "DatosCliente",
    "ClienteEncontrado",
    "CasoEncontrado",
    "AgenteListado",
    "AvisoPrivacidad",
    "CampoError",
    "CasoEnCola",
    "CasoRegistrado",
    "Catalogo",
    "CategoriaCatalogo",
    "ClienteVerificado",
    "CodigoQr",
    "ColaCasos",
    "ConsultaCaso",
    "DatosCaso",
    "DetalleCaso",
    "DetalleError",
    "EntradaHistorial",
    "EntradaInterna",
    "EstadoCaso",
    "Expediente",
    "Horario",
    "Intervalo",
    "MontoBonificacion",
    "NotificacionExpediente",
    "Opcion",
    "PlazoLegal",
    "PoliticaContrasena",
    "ReglaContrasena",
    "Reporte",
    "Respuesta",
    "ResultadoConfirmacion",
    "ResultadoEncuesta",
    "ResultadoSesion",
    "ResultadoVerificacion",
    "RespuestaError",
    "RetoCodigoTotp",
    "RetoConfigurarTotp",
    "RetoNuevaContrasena",
    "Sesion",
    "Tasa",
    "TipoCatalogo",
]
