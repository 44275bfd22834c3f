"""WhatsApp por AWS End User Messaging Social (`socialmessaging`): plantillas, texto libre y medios recibidos.

`send_whatsapp_message` lleva en `message` (bytes) el objeto de mensaje de la Cloud API de Meta tal cual, con la
versión de Meta en `metaApiVersion`. Cada envío de un caso lleva `biz_opaque_callback_data` con su referencia
(dominio.whatsapp.referencia): Meta la devuelve en cada estado (sent, delivered, read, failed), junto con el wamid;
el `messageId` que devuelve AWS es el id de AWS del envío y no llega en los estados, así que sólo se anota.
"""

from __future__ import annotations

import json
from typing import Any

from botocore.exceptions import ClientError

from funciones.nucleo.dominio.whatsapp import LARGO_TEXTO, EnvioRechazado, plantilla, revisar_parametros

# La versión de la Cloud API de Meta con que se arman los mensajes (AWS la pasa a Meta).
VERSION_META = "v20.0"
# Errores de AWS/Meta que no se arreglan reintentando: el número o el mensaje no sirven.
_RECHAZOS = frozenset({"ValidationException", "InvalidParametersException", "AccessDeniedByMetaException"})


def _para(destino: str) -> str:
    # E.164 con «+» (así se guarda el teléfono del caso); Meta acepta el número con o sin él.
    digitos = destino.lstrip("+")
    if not digitos.isdigit() or not 8 <= len(digitos) <= 15:
        raise ValueError("destino de WhatsApp inválido")
    return "+" + digitos


class WhatsAppSocial:
    def __init__(self, cliente: Any, id_numero: str, version_meta: str = VERSION_META) -> None:
        self.cliente = cliente
        # `phone-number-id-…` (o su ARN) del número de origen ligado a la cuenta.
        self.id_numero = id_numero
        self.version_meta = version_meta

    def _enviar(self, mensaje: dict[str, Any]) -> str:
        try:
            r = self.cliente.send_whatsapp_message(
                originationPhoneNumberId=self.id_numero,
                message=json.dumps(mensaje, ensure_ascii=False).encode("utf-8"),
                metaApiVersion=self.version_meta,
            )
        except ClientError as e:
            codigo = e.response.get("Error", {}).get("Code", "")
            if codigo in _RECHAZOS:
                raise EnvioRechazado(codigo) from e
            raise
        return str(r["messageId"])

    def enviar_plantilla(
        self,
        destino: str,
        nombre: str,
        parametros: dict[str, str],
        botones: list[str] | None = None,
        *,
        referencia: str | None = None,
    ) -> str:
        """`nombre`: la clave de la plantilla en esquemas/whatsapp/; `botones`: la carga de cada respuesta rápida."""
        revisar_parametros(nombre, parametros, botones)
        definicion = plantilla(nombre)
        componentes: list[dict[str, Any]] = [
            {
                "type": "body",
                "parameters": [
                    {"type": "text", "parameter_name": clave, "text": valor} for clave, valor in parametros.items()
                ],
            }
        ]
        for indice, carga in enumerate(botones or []):
            componentes.append(
                {
                    "type": "button",
                    "sub_type": "quick_reply",
                    "index": str(indice),
                    "parameters": [{"type": "payload", "payload": carga}],
                }
            )
        mensaje: dict[str, Any] = {
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": _para(destino),
            "type": "template",
            "template": {
                "name": definicion["name"],
                "language": {"code": definicion["language"]},
                "components": componentes,
            },
        }
        if referencia:
            mensaje["biz_opaque_callback_data"] = referencia
        return self._enviar(mensaje)

    def enviar_texto(self, destino: str, texto: str, *, referencia: str | None = None) -> str:
        """Texto libre: sólo dentro de la ventana de 24 h (quien llama la revisa; Meta lo rechaza fuera de ella)."""
        if not texto.strip() or len(texto) > LARGO_TEXTO:
            raise ValueError("texto de WhatsApp vacío o de más de 4096 caracteres")
        mensaje: dict[str, Any] = {
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": _para(destino),
            "type": "text",
            "text": {"preview_url": False, "body": texto},
        }
        if referencia:
            mensaje["biz_opaque_callback_data"] = referencia
        return self._enviar(mensaje)

    def descargar_medio(self, id_medio: str, bucket: str, llave: str) -> dict[str, Any]:
        """Copia un medio recibido (imagen, documento) al bucket; devuelve {tipo_contenido, tamano}. AWS lo deja en
        `llave` + `id_medio` (S3File.key es un prefijo); whatsapp_entrante usa su propio adaptador, con el número que
        recibió el mensaje (adaptadores/whatsapp_entrante.py)."""
        r = self.cliente.get_whatsapp_message_media(
            mediaId=id_medio,
            originationPhoneNumberId=self.id_numero,
            destinationS3File={"bucketName": bucket, "key": llave},
        )
        return {"tipo_contenido": r.get("mimeType"), "tamano": r.get("fileSize")}
