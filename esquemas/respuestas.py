"""Respuestas de la API, todas juntas (alimentan el documento OpenAPI).

Cada función importa sólo el módulo de su capacidad (`esquemas.alta`, `esquemas.casos`…).
"""

from __future__ import annotations

from esquemas.alta import CasoRegistrado
from esquemas.arco import CancelacionArco, CasoArco, ExportacionArco, PerfilArco, ProcesoProfeco
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
from esquemas.catalogo import (
    AvisoPrivacidad,
    Catalogo,
    CategoriaCatalogo,
    Horario,
    Opcion,
    PlazoLegal,
    RespuestaPredefinida,
    TipoCatalogo,
)
from esquemas.cola import CasoEnCola, ColaCasos
from esquemas.confirmaciones import ResultadoConfirmacion
from esquemas.conversacion import AdjuntoCaso, AdjuntoCreado, DescargaAdjunto, Subida
from esquemas.correos import CorreoApartado, CorreosApartados
from esquemas.encuestas import ResultadoEncuesta
from esquemas.errores import CampoError, DetalleError, RespuestaError
from esquemas.expediente import Expediente, NotificacionExpediente
from esquemas.reportes import Desempeno, Intervalo, Reporte, Tasa
from esquemas.seguimiento import AdjuntoPublico, ConsultaCaso, EntradaHistorial, MensajePublico
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
from esquemas.verificacion import BloqueoLevantado, ClienteVerificado, ResultadoVerificacion

__all__ = [
    "CancelacionArco",
    "CasoArco",
    "ExportacionArco",
    "PerfilArco",
    "ProcesoProfeco",
    "AdjuntoCaso",
    "AdjuntoCreado",
    "AdjuntoPublico",
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
    "BloqueoLevantado",
    "CampoError",
    "CasoEnCola",
    "CasoRegistrado",
    "Catalogo",
    "CategoriaCatalogo",
    "ClienteVerificado",
    "CodigoQr",
    "ColaCasos",
    "ConsultaCaso",
    "CorreoApartado",
    "CorreosApartados",
    "DatosCaso",
    "DescargaAdjunto",
    "Desempeno",
    "DetalleCaso",
    "DetalleError",
    "EntradaHistorial",
    "EntradaInterna",
    "EstadoCaso",
    "Expediente",
    "Horario",
    "Intervalo",
    "MensajePublico",
    "MontoBonificacion",
    "NotificacionExpediente",
    "Opcion",
    "PlazoLegal",
    "PoliticaContrasena",
    "ReglaContrasena",
    "Reporte",
    "Respuesta",
    "RespuestaPredefinida",
    "ResultadoConfirmacion",
    "ResultadoEncuesta",
    "ResultadoSesion",
    "ResultadoVerificacion",
    "RespuestaError",
    "RetoCodigoTotp",
    "RetoConfigurarTotp",
    "RetoNuevaContrasena",
    "Sesion",
    "Subida",
    "Tasa",
    "TipoCatalogo",
]
