"""Identidad de los agentes: grupo de usuarios de Cognito, sus grupos y el cliente de la consola."""

from __future__ import annotations

from aws_cdk import Duration, RemovalPolicy
from aws_cdk import aws_cognito as cognito
from constructs import Construct

from infraestructura.constructos.nag import reconocer
from infraestructura.rutas import GRUPOS_AGENTES

ATRIBUTO_DEPARTAMENTO = "departamento"


class Agentes(Construct):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)

        self.usuarios = cognito.UserPool(
            self,
            "Usuarios",
            self_sign_up_enabled=False,
            sign_in_aliases=cognito.SignInAliases(username=True, email=True),
            sign_in_case_sensitive=False,
            # Departamento de los agentes del grupo `departamentos`; llega al autorizador en el token de ID.
            custom_attributes={ATRIBUTO_DEPARTAMENTO: cognito.StringAttribute(mutable=True)},
            password_policy=cognito.PasswordPolicy(
                min_length=12,
                require_lowercase=True,
                require_uppercase=True,
                require_digits=True,
                require_symbols=True,
                temp_password_validity=Duration.days(3),
            ),
            mfa=cognito.Mfa.OPTIONAL,
            mfa_second_factor=cognito.MfaSecondFactor(otp=True, sms=False),
            account_recovery=cognito.AccountRecovery.EMAIL_ONLY,
            # Plus: detección de credenciales filtradas y de inicios de sesión riesgosos.
            feature_plan=cognito.FeaturePlan.PLUS,
            standard_threat_protection_mode=cognito.StandardThreatProtectionMode.FULL_FUNCTION,
            deletion_protection=True,
            removal_policy=RemovalPolicy.RETAIN,
        )
        reconocer(
            self.usuarios,
            "POST /api/sesiones entra con usuario y contraseña; el MFA (TOTP) queda opcional por agente "
            "hasta que la consola lo pida.",
            "AwsSolutions-COG2",
        )

        for grupo in GRUPOS_AGENTES:
            self.usuarios.add_group(f"Grupo{grupo.capitalize()}", group_name=grupo)

        # Lo usa la función de sesiones (InitiateAuth con USER_PASSWORD_AUTH): cliente público, sin secreto,
        # sin SRP, sin flujos de administrador y sin OAuth (no hay interfaz alojada). El token de ID lleva lo
        # que el cliente puede leer, el departamento incluido; el agente no puede cambiar su departamento
        # con su propio token de acceso.
        self.cliente = self.usuarios.add_client(
            "ClienteConsola",
            auth_flows=cognito.AuthFlow(user_password=True),
            generate_secret=False,
            disable_o_auth=True,
            prevent_user_existence_errors=True,
            read_attributes=cognito.ClientAttributes()
            .with_standard_attributes(fullname=True, email=True, email_verified=True)
            .with_custom_attributes(ATRIBUTO_DEPARTAMENTO),
            write_attributes=cognito.ClientAttributes().with_standard_attributes(fullname=True),
            access_token_validity=Duration.hours(1),
            id_token_validity=Duration.hours(1),
            refresh_token_validity=Duration.hours(10),
        )
