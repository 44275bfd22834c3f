"""El acceso del cliente a su caso: un token firmado que da la consulta (folio + segundo factor), 60 minutos.

Con él la página de seguimiento escribe en el caso y sube adjuntos sin volver a pedir el segundo factor. Es un
enlace firmado (`enlaces`) con propósito propio: no sirve como confirmación ni encuesta, ni al revés.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from funciones.nucleo.dominio.enlaces import Enlace, firmar, verificar
from funciones.nucleo.dominio.errores import EnlaceVencido, Prohibido

PROPOSITO = "acceso"
VIGENCIA = timedelta(minutes=60)


class AccesoVencido(EnlaceVencido):
    """410, como un enlace vencido: el cliente vuelve a consultar su caso con su folio y su dato."""

    def __init__(self) -> None:
        super().__init__(
            "Tu acceso a este caso venció (dura 60 minutos). Consulta tu caso de nuevo con tu folio.", "acceso_vencido"
        )


class AccesoInvalido(Prohibido):
    def __init__(self) -> None:
        super().__init__(
            "El acceso a este caso no es válido. Consulta tu caso de nuevo con tu folio y tu dato.", "acceso_invalido"
        )


class AccesoAjeno(Prohibido):
    def __init__(self) -> None:
        super().__init__("Este acceso es de otro caso. Consulta este caso con su folio y tu dato.", "acceso_ajeno")


def emitir(folio: str, ahora: datetime, pimienta: bytes) -> tuple[str, datetime]:
    """(token, vence) para `folio`."""
    vence = ahora + VIGENCIA
    return firmar(Enlace(PROPOSITO, folio, 0, int(vence.timestamp())), pimienta), vence


def comprobar(token: str, folio: str, pimienta: bytes, ahora: datetime) -> datetime:
    """Cuándo vence `token`, sólo si lo firmamos para `folio` y no ha vencido."""
    try:
        enlace = verificar(token, PROPOSITO, pimienta, ahora)
    except EnlaceVencido as e:
        raise (AccesoVencido() if e.codigo == "enlace_vencido" else AccesoInvalido()) from None
    if enlace.folio != folio:
        raise AccesoAjeno()
    return datetime.fromtimestamp(enlace.vence, ahora.tzinfo)
