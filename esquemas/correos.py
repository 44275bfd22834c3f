"""GET /api/correos-apartados: los correos recibidos que no se anexaron a un caso, para que un supervisor los revise."""

from __future__ import annotations

from datetime import datetime

from esquemas.base import Respuesta


class CorreoApartado(Respuesta):
    fecha: datetime
    # «martes 1 de diciembre de 2026 a las 12:30», hora del centro de México (la consola la muestra).
    fecha_texto: str
    # token_invalido, remitente_distinto, spam, virus, remitente_no_verificado, sin_texto, caso_inexistente,
    # limite_diario.
    motivo: str
    motivo_texto: str
    # El folio del Reply-To, si la firma era auténtica.
    folio: str | None
    remitente: str
    # La llave del crudo en el bucket de correos (BUCKET_CORREOS).
    objeto: str
    id_ses: str


class CorreosApartados(Respuesta):
    correos: list[CorreoApartado]
    # Sólo los más recientes (MAX_APARTADOS): los demás siguen en la tabla y su crudo en el bucket.
    mostrados_max: int
