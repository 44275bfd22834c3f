"""Alta de un agente: `make agente USUARIO=… GRUPO=… [DEPARTAMENTO=…] CORREO=… [NOMBRE=…]`.

Crea el usuario en el grupo de usuarios de Cognito (AdminCreateUser: Cognito le manda por correo la invitación
con su contraseña temporal), lo agrega a su grupo y, si es de `departamentos`, le pone `custom:departamento`.
Todo se valida antes de llamar a AWS. El grupo de usuarios sale, en este orden, de:

1. `COGNITO_POOL` (con `AWS_ENDPOINT_URL` si apunta a una emulación);
2. la salida `GrupoUsuarios` de la pila `PILA`, si se da;
3. el servidor de `make run`, si está corriendo (su archivo de estado, ignorado por git);
4. la salida `GrupoUsuarios` de la pila `BluePointAtencion` en AWS.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import sys
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from pydantic_core import PydanticCustomError

from esquemas.comunes import Correo, Texto
from funciones.nucleo.frontera.http import traducir_validacion

PILA_PREDETERMINADA = "BluePointAtencion"
SALIDA_POOL = "GrupoUsuarios"
USO = (
    "Uso: make agente USUARIO=ana.lopez GRUPO=asesores|supervisores|departamentos CORREO=ana@bluepoint.mx "
    "[DEPARTAMENTO=facturacion] [NOMBRE='Ana López']"
)


def _departamentos() -> list[str]:
    from funciones.nucleo.dominio.catalogo import catalogo

    return [d["clave"] for d in catalogo()["departamentos"]]


class AltaAgente(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    usuario: str = Field(min_length=3, max_length=64)
    grupo: Literal["asesores", "supervisores", "departamentos"]
    correo: Correo
    departamento: str | None = None
    nombre: Texto | None = Field(default=None, max_length=100)

    @field_validator("usuario")
    @classmethod
    def _usuario(cls, valor: str) -> str:
        valor = valor.lower()
        if not re.fullmatch(r"[a-z0-9][a-z0-9._-]*", valor):
            raise PydanticCustomError(
                "usuario_invalido",
                "Usa solo minúsculas, números, punto, guion o guion bajo, sin espacios ni @ (p. ej. ana.lopez).",
            )
        return valor

    @model_validator(mode="after")
    def _departamento(self) -> AltaAgente:
        mensaje = problema_departamento(self.grupo, self.departamento)
        if mensaje:
            raise PydanticCustomError("reglas_agente", "Revisa los datos.", {"campos": [("departamento", mensaje)]})
        return self


def problema_departamento(grupo: str | None, departamento: str | None) -> str | None:
    """DEPARTAMENTO es obligatorio (y del catálogo) en `departamentos`, y no va en los demás grupos."""
    validos = _departamentos()
    if grupo == "departamentos":
        if not departamento:
            return f"Los agentes de departamentos necesitan DEPARTAMENTO: {', '.join(validos)}."
        if departamento not in validos:
            return f"No existe ese departamento; elige uno de: {', '.join(validos)}."
    elif departamento:
        return "Solo los agentes del grupo departamentos llevan DEPARTAMENTO; quítalo o cambia el grupo."
    return None


@dataclass(frozen=True)
class Destino:
    pool: str
    endpoint: str | None
    descripcion: str

    @property
    def local(self) -> bool:
        return self.endpoint is not None


class SinDestino(Exception):
    def __init__(self, mensaje: str) -> None:
        super().__init__(mensaje)
        self.mensaje = mensaje


def _cliente(servicio: Literal["cloudformation", "cognito-idp"], endpoint: str | None) -> Any:
    import boto3
    from botocore.config import Config

    config = Config(connect_timeout=2, read_timeout=10, retries={"max_attempts": 2})
    if endpoint:
        return boto3.client(
            servicio,
            endpoint_url=endpoint,
            region_name="us-east-1",
            aws_access_key_id="local",
            aws_secret_access_key="local",  # noqa: S106 -- la emulación local no revisa credenciales
            config=config,
        )
    return boto3.client(servicio, config=config)


def _local(entorno: dict[str, str]) -> Destino | None:
    """El servidor de `make run`, si dejó su archivo de estado y su moto responde."""
    from botocore.exceptions import BotoCoreError, ClientError

    from infraestructura.local.servidor import archivo_estado

    try:
        estado = json.loads(archivo_estado(entorno).read_text(encoding="utf-8"))
        pool, endpoint = estado["pool"], estado["endpoint"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    try:
        _cliente("cognito-idp", endpoint).describe_user_pool(UserPoolId=pool)
    except (BotoCoreError, ClientError):
        return None
    return Destino(pool, endpoint, f"make run local en {estado.get('url', endpoint)}")


def _pila(nombre: str) -> Destino:
    from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError

    try:
        pilas = _cliente("cloudformation", None).describe_stacks(StackName=nombre)["Stacks"]
    except NoCredentialsError as e:
        raise SinDestino(
            "No encontré el grupo de usuarios: define COGNITO_POOL, arranca `make run`, o configura credenciales "
            f"de AWS para leer la pila {nombre}."
        ) from e
    except ClientError as e:
        raise SinDestino(f"No pude leer la pila {nombre} en AWS ({e.response['Error'].get('Code')}).") from e
    except BotoCoreError as e:
        raise SinDestino(f"No pude hablar con AWS para leer la pila {nombre}: {e}") from e
    salidas = {s["OutputKey"]: s["OutputValue"] for s in (pilas[0].get("Outputs") or [])} if pilas else {}
    if SALIDA_POOL not in salidas:
        raise SinDestino(f"La pila {nombre} no tiene la salida {SALIDA_POOL}; ¿ya terminó de desplegarse?")
    return Destino(salidas[SALIDA_POOL], None, f"pila {nombre} en AWS")


def destino(entorno: dict[str, str]) -> Destino:
    if entorno.get("COGNITO_POOL"):
        endpoint = entorno.get("AWS_ENDPOINT_URL") or None
        return Destino(entorno["COGNITO_POOL"], endpoint, "COGNITO_POOL" + (f" en {endpoint}" if endpoint else ""))
    if entorno.get("PILA"):
        return _pila(entorno["PILA"])
    return _local(entorno) or _pila(PILA_PREDETERMINADA)


def _clave_temporal() -> str:
    """Una contraseña temporal que cumple la política (sólo en local: en AWS la genera y la envía Cognito)."""
    return f"Bp-{secrets.token_urlsafe(9)}-7a"


_ERRORES_ALTA = {
    "UsernameExistsException": "Ya existe un agente con el usuario {usuario}.",
    "AliasExistsException": "Otro agente ya usa el correo {correo}.",
    "AccessDeniedException": "Tus credenciales de AWS no pueden dar de alta usuarios en ese grupo "
    "(cognito-idp:AdminCreateUser y AdminAddUserToGroup).",
    "ResourceNotFoundException": "No existe ese grupo de usuarios o ese grupo de agentes en Cognito.",
    "InvalidParameterException": "Cognito rechazó los datos del agente.",
}


def dar_de_alta(cognito: Any, destino: Destino, alta: AltaAgente) -> str | None:
    """Crea el agente; devuelve la contraseña temporal si es local (en AWS la manda Cognito por correo)."""
    atributos = [{"Name": "email", "Value": alta.correo}, {"Name": "email_verified", "Value": "true"}]
    if alta.nombre:
        atributos.append({"Name": "name", "Value": alta.nombre})
    if alta.departamento:
        atributos.append({"Name": "custom:departamento", "Value": alta.departamento})
    argumentos: dict[str, Any] = {
        "UserPoolId": destino.pool,
        "Username": alta.usuario,
        "UserAttributes": atributos,
        "DesiredDeliveryMediums": ["EMAIL"],
    }
    temporal = None
    if destino.local:
        # moto no envía correos: la contraseña temporal se imprime.
        temporal = _clave_temporal()
        argumentos.update(TemporaryPassword=temporal, MessageAction="SUPPRESS")
    cognito.admin_create_user(**argumentos)
    try:
        cognito.admin_add_user_to_group(UserPoolId=destino.pool, Username=alta.usuario, GroupName=alta.grupo)
    except Exception:
        # Sin grupo no es un agente: no se deja a medias.
        cognito.admin_delete_user(UserPoolId=destino.pool, Username=alta.usuario)
        raise
    return temporal


def _leer(argv: list[str]) -> dict[str, str]:
    lector = argparse.ArgumentParser(prog="make agente", description="Da de alta un agente en Cognito.")
    for campo in ("usuario", "grupo", "correo", "departamento", "nombre"):
        lector.add_argument(f"--{campo}", default="")
    return {k: v for k, v in vars(lector.parse_args(argv)).items() if v.strip()}


def main(argv: list[str] | None = None, entorno: dict[str, str] | None = None) -> int:
    from botocore.exceptions import BotoCoreError, ClientError

    entorno = dict(os.environ if entorno is None else entorno)
    datos = _leer(sys.argv[1:] if argv is None else argv)
    try:
        alta = AltaAgente.model_validate(datos)
    except ValidationError as e:
        errores = [(c.campo, c.mensaje) for c in traducir_validacion(e).campos]
        # Con otros campos mal pydantic no llega a la regla del departamento: se revisa aparte para decirlo todo.
        departamento = problema_departamento(datos.get("grupo"), datos.get("departamento"))
        if departamento and all(campo != "departamento" for campo, _ in errores):
            errores.append(("departamento", departamento))
        print("No se dio de alta el agente; revisa:", file=sys.stderr)
        for campo, mensaje in errores:
            print(f"  - {campo.upper() or 'datos'}: {mensaje}", file=sys.stderr)
        print(USO, file=sys.stderr)
        return 2
    try:
        lugar = destino(entorno)
    except SinDestino as e:
        print(e.mensaje, file=sys.stderr)
        return 1
    print(f"Grupo de usuarios: {lugar.pool} ({lugar.descripcion})")
    try:
        temporal = dar_de_alta(_cliente("cognito-idp", lugar.endpoint), lugar, alta)
    except ClientError as e:
        codigo = e.response.get("Error", {}).get("Code", "")
        mensaje = _ERRORES_ALTA.get(codigo, "Cognito no pudo dar de alta al agente ({codigo}).")
        print(mensaje.format(usuario=alta.usuario, correo=alta.correo, codigo=codigo), file=sys.stderr)
        return 1
    except BotoCoreError as e:
        print(f"No pude hablar con Cognito: {e}", file=sys.stderr)
        return 1
    detalle = f" del departamento {alta.departamento}" if alta.departamento else ""
    print(f"Listo: {alta.usuario} quedó en {alta.grupo}{detalle}.")
    if temporal:
        print(f"Contraseña temporal (local; en AWS llega por correo): {temporal}")
    else:
        print(f"Cognito le envió a {alta.correo} la invitación con su contraseña temporal.")
    print("Al entrar por primera vez la consola le pedirá una contraseña nueva.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
