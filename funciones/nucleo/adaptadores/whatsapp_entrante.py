"""WhatsApp entrante: los medios del cliente al bucket de adjuntos (`get_whatsapp_message_media`) y el puerto de
salida de wa-salida (`adaptadores/whatsapp.py`) para contestar.

El medio se pide con el número que lo recibió (el ARN viene en el evento: una WABA puede tener varios números) y
AWS arma la llave con el prefijo y el id del medio (`S3File.key` es un prefijo, no la llave final): por eso no se usa
`WhatsAppSocial.descargar_medio`, que pide con el número configurado y toma la llave como final.
"""

from __future__ import annotations

from typing import Any

from botocore.exceptions import ClientError

from funciones.nucleo.dominio.whatsapp_entrante import MedioNoDisponible

# Lo que no se arregla reintentando: el medio venció en Meta (30 días), el id no existe o no es de ese número.
_SIN_MEDIO = frozenset(
    {"ResourceNotFoundException", "ValidationException", "InvalidParametersException", "AccessDeniedByMetaException"}
)


def _social() -> Any:
    from funciones.nucleo.adaptadores.aws import cliente_social

    return cliente_social()


class MediosSocial:
    def __init__(self, bucket: str, cliente: Any = None) -> None:
        self.bucket = bucket
        self.cliente = cliente

    def descargar(self, id_medio: str, prefijo: str, numero: str) -> str:
        cliente = self.cliente or _social()
        try:
            cliente.get_whatsapp_message_media(
                mediaId=id_medio,
                originationPhoneNumberId=numero,
                destinationS3File={"bucketName": self.bucket, "key": prefijo},
            )
        except ClientError as e:
            if e.response.get("Error", {}).get("Code", "") in _SIN_MEDIO:
                raise MedioNoDisponible(id_medio) from e
            raise
        return f"{prefijo}{id_medio}"


class SalidaPerezosa:
    """El puerto de salida de wa-salida (`adaptadores/whatsapp.WhatsAppSocial`), creado al primer envío: un texto que
    sólo cae en su caso no lo necesita. Sin `WHATSAPP_NUMERO` no hay con qué contestar: enviar falla y Lambda reintenta
    (la marca del mensaje se libera)."""

    def __init__(self, numero: str | None, version_meta: str) -> None:
        self.numero = numero
        self.version_meta = version_meta
        self._creado: Any = None

    def _puerto(self) -> Any:
        if self._creado is None:
            from funciones.nucleo.adaptadores.aws import cliente_social
            from funciones.nucleo.adaptadores.whatsapp import WhatsAppSocial

            if not self.numero:
                raise RuntimeError("Falta WHATSAPP_NUMERO en el entorno de la función: no hay con qué contestar.")
            self._creado = WhatsAppSocial(cliente_social(), self.numero, self.version_meta)
        return self._creado

    def enviar_plantilla(
        self, destino: str, nombre: str, parametros: dict[str, str], botones: list[str] | None = None
    ) -> str:
        return str(self._puerto().enviar_plantilla(destino, nombre, parametros, botones))

    def enviar_texto(self, destino: str, texto: str) -> str:
        return str(self._puerto().enviar_texto(destino, texto))
