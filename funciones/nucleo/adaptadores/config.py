"""Ajustes de las funciones: se leen una sola vez del entorno, en una dataclass congelada.

No es un modelo pydantic (issue 13): en las funciones del flujo y del reloj (notificaciones, agregados, barrido,
adjuntos) los ajustes eran lo único que importaba pydantic, ~40 ms de cada arranque en frío. Mismos nombres,
variables, valores por omisión y validación (obligatorios, enteros, mínimos); un error dice qué variable falta o
está mal, sin su valor.
"""

from __future__ import annotations

import os
from dataclasses import MISSING, dataclass, field, fields
from functools import cache
from typing import Any


@dataclass(frozen=True)
class Ajustes:
    # Cada campo dice su variable de entorno (`variable`); los enteros se convierten y validan al leerlos.
    tabla: str = field(metadata={"variable": "TABLA"})
    remitente: str = field(default="atencion@bluepoint.mx", metadata={"variable": "REMITENTE"})
    # Reply-To de los correos: la dirección de atención; sin ajuste, el propio remitente.
    responder_a: str | None = field(default=None, metadata={"variable": "RESPONDER_A"})
    # Dominio de las respuestas por correo (`respuestas+<token>@…`, recibido por SES); sin él, no hay Reply-To firmado.
    dominio_respuestas: str | None = field(default=None, metadata={"variable": "DOMINIO_RESPUESTAS"})
    # Región de SES: el Message-ID que pone es `<id@email.amazonses.com>` en us-east-1 y `<id@<región>.amazonses.com>`
    # en las demás.
    region: str = field(default="us-east-1", metadata={"variable": "AWS_REGION"})
    # Bucket de los correos recibidos (crudos, cifrados) y el prefijo donde los deja la regla de recepción.
    bucket_correos: str | None = field(default=None, metadata={"variable": "BUCKET_CORREOS"})
    prefijo_correos: str = field(default="entrantes/", metadata={"variable": "PREFIJO_CORREOS"})
    url_sitio: str = field(default="http://127.0.0.1:8000", metadata={"variable": "URL_SITIO"})
    config_ses: str | None = field(default=None, metadata={"variable": "CONFIG_SES"})
    tema_alertas: str | None = field(default=None, metadata={"variable": "TEMA_ALERTAS"})
    # Pimienta de los hashes de domicilio y últimos 4: en claro (hex) sólo en local; en AWS, el secreto.
    pimienta: str | None = field(default=None, metadata={"variable": "PIMIENTA"})
    pimienta_secreto: str | None = field(default=None, metadata={"variable": "PIMIENTA_SECRETO"})
    # Candado de origen: el valor que agrega CloudFront, en claro sólo en local; en AWS, el secreto {actual, anterior}.
    candado_origen: str | None = field(default=None, metadata={"variable": "CANDADO_ORIGEN"})
    candado_origen_secreto: str | None = field(default=None, metadata={"variable": "CANDADO_ORIGEN_SECRETO"})
    cognito_pool: str | None = field(default=None, metadata={"variable": "COGNITO_POOL"})
    cognito_cliente: str | None = field(default=None, metadata={"variable": "COGNITO_CLIENTE"})
    # Grupos de agentes que no reciben token sin TOTP, separados por comas (en AWS, `supervisores`).
    mfa_obligatorio: str = field(default="", metadata={"variable": "MFA_OBLIGATORIO"})
    # Segundos que un envío queda reservado antes de poder reintentarse.
    reserva_envio_s: int = field(default=120, metadata={"variable": "RESERVA_ENVIO_S"})
    # Minutos entre el cierre y la encuesta; 0 = en cuanto se cierra. Con más, EventBridge Scheduler la dispara.
    retraso_encuesta_min: int = field(default=0, metadata={"variable": "RETRASO_ENCUESTA_MIN", "minimo": 0})
    grupo_programas: str | None = field(default=None, metadata={"variable": "GRUPO_PROGRAMAS"})
    rol_programas: str | None = field(default=None, metadata={"variable": "ROL_PROGRAMAS"})
    cola_fallos_programas: str | None = field(default=None, metadata={"variable": "COLA_FALLOS_PROGRAMAS"})
    # Bucket de adjuntos (cifrado con KMS, sin acceso público, escaneado por GuardDuty).
    bucket_adjuntos: str | None = field(default=None, metadata={"variable": "BUCKET_ADJUNTOS"})
    # Sólo en local: a dónde sube el navegador (el servidor local reenvía el POST a la emulación de S3).
    url_subidas: str | None = field(default=None, metadata={"variable": "URL_SUBIDAS"})
    # WhatsApp (End User Messaging Social): el `phone-number-id-…` del número de origen; sin él no hay WhatsApp.
    whatsapp_numero: str | None = field(default=None, metadata={"variable": "WHATSAPP_NUMERO"})
    whatsapp_version_meta: str = field(default="v20.0", metadata={"variable": "WHATSAPP_VERSION_META"})

    @property
    def dominio_ses(self) -> str:
        return "email.amazonses.com" if self.region == "us-east-1" else f"{self.region}.amazonses.com"

    @property
    def grupos_mfa_obligatorio(self) -> frozenset[str]:
        return frozenset(g.strip() for g in self.mfa_obligatorio.split(",") if g.strip())


class AjusteInvalido(RuntimeError):
    """Una variable de entorno obligatoria falta o un valor no es válido (se nombra la variable, no el valor)."""


def _valor(campo: Any, texto: str) -> Any:
    variable = campo.metadata["variable"]
    if campo.type != "int":
        return texto
    try:
        numero = int(texto.strip())
    except ValueError:
        raise AjusteInvalido(f"{variable} debe ser un número entero.") from None
    minimo = campo.metadata.get("minimo")
    if minimo is not None and numero < minimo:
        raise AjusteInvalido(f"{variable} debe ser al menos {minimo}.")
    return numero


@cache
def ajustes() -> Ajustes:
    datos: dict[str, Any] = {}
    for campo in fields(Ajustes):
        texto = os.environ.get(campo.metadata["variable"])
        if texto is not None:
            datos[campo.name] = _valor(campo, texto)
    faltan = [c.metadata["variable"] for c in fields(Ajustes) if c.name not in datos and c.default is MISSING]
    if faltan:
        raise AjusteInvalido(f"Falta {', '.join(faltan)} en el entorno de la función.")
    return Ajustes(**datos)
