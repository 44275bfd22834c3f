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

    def listar(self, grupos: tuple[str, ...]) -> list[tuple[Agente, str]]:
        """Los agentes activos de esos grupos con su nombre para mostrar: ListUsersInGroup por grupo y página."""
        vistos: dict[str, tuple[set[str], str, str | None]] = {}
        try:
            for grupo in grupos:
                siguiente: str | None = None
                while True:
                    pagina = (
                        self.cliente.list_users_in_group(
                            UserPoolId=self.pool, GroupName=grupo, Limit=60, NextToken=siguiente
                        )
                        if siguiente
                        else self.cliente.list_users_in_group(UserPoolId=self.pool, GroupName=grupo, Limit=60)
                    )
                    for u in pagina.get("Users", []):
                        if not u.get("Enabled", True) or "Username" not in u:
                            continue
                        atributos = {a["Name"]: a.get("Value") for a in u.get("Attributes", [])}
                        previo = vistos.get(u["Username"])
                        propios = previo[0] if previo else set()
                        propios.add(grupo)
                        vistos[u["Username"]] = (
                            propios,
                            atributos.get("name") or u["Username"],
                            atributos.get(ATRIBUTO_DEPARTAMENTO),
                        )
                    siguiente = pagina.get("NextToken")
                    if not siguiente:
                        break
        except ClientError as e:
            raise ServicioNoDisponible() from e
        return [
            (Agente(usuario, frozenset(g), departamento), nombre)
            for usuario, (g, nombre, departamento) in sorted(vistos.items(), key=lambda t: t[1][1].casefold())
        ]
