"""Cuerpos de las solicitudes de la API, todos juntos (OpenAPI y pruebas).

Cada función importa sólo el módulo de su capacidad (`esquemas.alta`, `esquemas.seguimiento`…): así no arma al
arrancar modelos que no usa.
"""

from __future__ import annotations

from esquemas.alta import SolicitudCaso, SolicitudCasoAsistido
from esquemas.arco import SolicitudArco, SolicitudCerrarProfeco, SolicitudProfeco
from esquemas.base import MedioNotificacion, Solicitud, TipoCaso
from esquemas.confirmaciones import FormularioConfirmacion, SolicitudConfirmacion
from esquemas.conversacion import SolicitudAdjunto, SolicitudAdjuntoAgente, SolicitudComentario
from esquemas.duplicados import SolicitudDuplicado
from esquemas.encuestas import FormularioEncuesta, SolicitudEncuesta
from esquemas.escalamiento import SolicitudAsignacion, SolicitudDesescalamiento, SolicitudEscalamiento
from esquemas.gestion import Bonificacion, SolicitudInteraccion, SolicitudResolucion
from esquemas.seguimiento import SolicitudConsulta
from esquemas.sesiones import SolicitudReto, SolicitudSesion
from esquemas.verificacion import SolicitudLevantarBloqueo, SolicitudVerificacion

__all__ = [
    "Bonificacion",
    "FormularioConfirmacion",
    "FormularioEncuesta",
    "MedioNotificacion",
    "Solicitud",
    "SolicitudAdjunto",
    "SolicitudAdjuntoAgente",
    "SolicitudArco",
    "SolicitudAsignacion",
    "SolicitudCaso",
    "SolicitudCasoAsistido",
    "SolicitudCerrarProfeco",
    "SolicitudComentario",
    "SolicitudConfirmacion",
    "SolicitudConsulta",
    "SolicitudDesescalamiento",
    "SolicitudEncuesta",
    "SolicitudEscalamiento",
    "SolicitudInteraccion",
    "SolicitudProfeco",
    "SolicitudResolucion",
    "SolicitudReto",
    "SolicitudSesion",
    "SolicitudDuplicado",
    "SolicitudLevantarBloqueo",
    "SolicitudVerificacion",
    "TipoCaso",
]
