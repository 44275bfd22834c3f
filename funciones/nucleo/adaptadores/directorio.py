"""Directorio de agentes sobre el grupo de usuarios de Cognito: quién existe, está activo y en qué grupos."""

from __future__ import annotations

from typing import TYPE_CHECKING

from botocore.exceptions import ClientError

from funciones.nucleo.dominio.agentes import Agente
from funciones.nucleo.dominio.errores import ServicioNoDisponible

if TYPE_CHECKING:
    from mypy_boto3_cognito_idp import CognitoIdentityProviderClient

# Un usuario que no existe, o un nombre que Cognito no acepta como usuario (espacios, etc.): no hay tal agente.
_NO_EXISTE = {"UserNotFoundException", "InvalidParameterException"}
ATRIBUTO_DEPARTAMENTO = "custom:departamento"


class DirectorioCognito:
    def __init__(self, pool: str, cliente: CognitoIdentityProviderClient) -> None:
        self.pool = pool
        self.cliente = cliente

    def buscar(self, usuario: str) -> Agente | None:
        """El agente activo con ese usuario (su nombre canónico, grupos y departamento), o None.

        Dos llamadas: AdminGetUser (existe, activo, nombre y departamento) y AdminListGroupsForUser (grupos).
        """
        try:
            datos = self.cliente.admin_get_user(UserPoolId=self.pool, Username=usuario)
            if not datos.get("Enabled", True):
                return None
            nombre = datos["Username"]
            # Un agente está en uno o dos grupos; 60 es el máximo de una página.
            grupos = self.cliente.admin_list_groups_for_user(UserPoolId=self.pool, Username=nombre, Limit=60)
        except ClientError as e:
            if e.response.get("Error", {}).get("Code") in _NO_EXISTE:
                return None
            raise ServicioNoDisponible() from e
        atributos = {a["Name"]: a.get("Value") for a in datos.get("UserAttributes", [])}
        return Agente(
            nombre, frozenset(g["GroupName"] for g in grupos.get("Groups", [])), atributos.get(ATRIBUTO_DEPARTAMENTO)
        )
