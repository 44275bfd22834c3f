"""Ajustes de las funciones: se leen una sola vez del entorno, con un modelo pydantic."""

from __future__ import annotations

import os
from functools import cache

from pydantic import BaseModel, ConfigDict, Field


class Ajustes(BaseModel):
    # defer_build: el validador se arma en la primera llamada a ajustes(), no al importar.
    model_config = ConfigDict(frozen=True, populate_by_name=True, defer_build=True)

    tabla: str = Field(alias="TABLA")
    remitente: str = Field(default="atencion@bluepoint.mx", alias="REMITENTE")
    # Reply-To de los correos: la dirección de atención; sin ajuste, el propio remitente.
    responder_a: str | None = Field(default=None, alias="RESPONDER_A")
    # Dominio de las respuestas por correo (`respuestas+<token>@…`, recibido por SES); sin él, no hay Reply-To firmado.
    dominio_respuestas: str | None = Field(default=None, alias="DOMINIO_RESPUESTAS")
    # Región de SES: el Message-ID que pone es `<id@email.amazonses.com>` en us-east-1 y `<id@<región>.amazonses.com>`
    # en las demás.
    region: str = Field(default="us-east-1", alias="AWS_REGION")
    # Bucket de los correos recibidos (crudos, cifrados) y el prefijo donde los deja la regla de recepción.
    bucket_correos: str | None = Field(default=None, alias="BUCKET_CORREOS")
    prefijo_correos: str = Field(default="entrantes/", alias="PREFIJO_CORREOS")
    url_sitio: str = Field(default="http://127.0.0.1:8000", alias="URL_SITIO")
    config_ses: str | None = Field(default=None, alias="CONFIG_SES")
    tema_alertas: str | None = Field(default=None, alias="TEMA_ALERTAS")
    # Pimienta de los hashes de domicilio y últimos 4: en claro (hex) sólo en local; en AWS, el secreto.
    pimienta: str | None = Field(default=None, alias="PIMIENTA")
    pimienta_secreto: str | None = Field(default=None, alias="PIMIENTA_SECRETO")
    # Candado de origen: el valor que agrega CloudFront, en claro sólo en local; en AWS, el secreto {actual, anterior}.
    candado_origen: str | None = Field(default=None, alias="CANDADO_ORIGEN")
    candado_origen_secreto: str | None = Field(default=None, alias="CANDADO_ORIGEN_SECRETO")
    cognito_pool: str | None = Field(default=None, alias="COGNITO_POOL")
    cognito_cliente: str | None = Field(default=None, alias="COGNITO_CLIENTE")
    # Grupos de agentes que no reciben token sin TOTP, separados por comas (en AWS, `supervisores`).
    mfa_obligatorio: str = Field(default="", alias="MFA_OBLIGATORIO")
    # Segundos que un envío queda reservado antes de poder reintentarse.
    reserva_envio_s: int = Field(default=120, alias="RESERVA_ENVIO_S")
    # Minutos entre el cierre y la encuesta; 0 = en cuanto se cierra. Con más, EventBridge Scheduler la dispara.
    retraso_encuesta_min: int = Field(default=0, ge=0, alias="RETRASO_ENCUESTA_MIN")
    grupo_programas: str | None = Field(default=None, alias="GRUPO_PROGRAMAS")
    rol_programas: str | None = Field(default=None, alias="ROL_PROGRAMAS")
    cola_fallos_programas: str | None = Field(default=None, alias="COLA_FALLOS_PROGRAMAS")
    # Bucket de adjuntos (cifrado con KMS, sin acceso público, escaneado por GuardDuty).
    bucket_adjuntos: str | None = Field(default=None, alias="BUCKET_ADJUNTOS")
    # Sólo en local: a dónde sube el navegador (el servidor local reenvía el POST a la emulación de S3).
    url_subidas: str | None = Field(default=None, alias="URL_SUBIDAS")

    # WhatsApp (End User Messaging Social): el `phone-number-id-…` del número de origen; sin él no hay WhatsApp.
    whatsapp_numero: str | None = Field(default=None, alias="WHATSAPP_NUMERO")
    whatsapp_version_meta: str = Field(default="v20.0", alias="WHATSAPP_VERSION_META")

    @property
    def dominio_ses(self) -> str:
        return "email.amazonses.com" if self.region == "us-east-1" else f"{self.region}.amazonses.com"

    @property
    def grupos_mfa_obligatorio(self) -> frozenset[str]:
        return frozenset(g.strip() for g in self.mfa_obligatorio.split(",") if g.strip())


@cache
def ajustes() -> Ajustes:
    campos = {f.alias for f in Ajustes.model_fields.values() if f.alias}
    return Ajustes.model_validate({k: v for k, v in os.environ.items() if k in campos})
