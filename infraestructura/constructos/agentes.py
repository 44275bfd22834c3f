"""Identidad de los agentes: grupo de usuarios de Cognito, sus grupos y el cliente de la consola."""

from __future__ import annotations

from aws_cdk import Duration, RemovalPolicy
from aws_cdk import aws_cognito as cognito
from constructs import Construct

from funciones.nucleo.dominio import contrasenas
from infraestructura.constructos.nag import reconocer
from infraestructura.rutas import GRUPOS_AGENTES

ATRIBUTO_DEPARTAMENTO = "departamento"
ASUNTO_INVITACION = "Tu cuenta de agente de Blue Point"
ASUNTO_VERIFICACION = "Blue Point: tu código de verificación"
# Los SMS de Cognito (sólo si un agente tiene teléfono), en GSM-7: una «ó» los pasaría a UCS-2.
SMS_INVITACION = "Blue Point: tu usuario es {username} y tu contraseña temporal es {####}"
SMS_VERIFICACION = "Blue Point: usa {####} para verificar tu cuenta"


def cuerpo_invitacion(url_consola: str | None) -> str:
    """Correo de AdminCreateUser: usuario ({username}) y contraseña temporal ({####}), en HTML sencillo."""
    entrar = (
        f'<p>Entra a la consola de agentes en <a href="{url_consola}">{url_consola}</a>.</p>'
        if url_consola
        else "<p>Entra a la consola de agentes de Blue Point.</p>"
    )
    return (
        "<p>Hola:</p>"
        "<p>Se creó tu cuenta de agente en la consola de Atención al Cliente de Blue Point.</p>"
        "<p>Usuario: <strong>{username}</strong><br>Contraseña temporal: <strong>{####}</strong></p>"
        f"{entrar}"
        f"<p>La contraseña temporal vence en {contrasenas.DIAS_CONTRASENA_TEMPORAL} días. Al entrar por primera vez "
        f"la consola te pedirá una contraseña nueva. {contrasenas.texto()}</p>"
        "<p>Si eres supervisor, también configurarás la verificación en dos pasos con una app de autenticación "
        "(Google Authenticator, Microsoft Authenticator u otra).</p>"
        "<p>Si no esperabas este correo, avísale a tu supervisor.</p>"
    )


CUERPO_VERIFICACION = (
    "<p>Tu código de verificación de Blue Point es <strong>{####}</strong>.</p>"
    "<p>Si no lo pediste, ignora este correo y avísale a tu supervisor.</p>"
)


class Agentes(Construct):
    def __init__(self, scope: Construct, id: str, *, mfa_supervisores: bool = True) -> None:
        super().__init__(scope, id)

        self.usuarios = cognito.UserPool(
            self,
            "Usuarios",
            self_sign_up_enabled=False,
            sign_in_aliases=cognito.SignInAliases(username=True, email=True),
            sign_in_case_sensitive=False,
            # Departamento de los agentes del grupo `departamentos`; llega al autorizador en el token de ID.
            custom_attributes={ATRIBUTO_DEPARTAMENTO: cognito.StringAttribute(mutable=True)},
            # La misma política que explica y revisa la función de sesiones (funciones/nucleo/dominio/contrasenas.py).
            password_policy=cognito.PasswordPolicy(
                min_length=contrasenas.MINIMO,
                require_lowercase=True,
                require_uppercase=True,
                require_digits=True,
                require_symbols=True,
                temp_password_validity=Duration.days(contrasenas.DIAS_CONTRASENA_TEMPORAL),
            ),
            user_invitation=cognito.UserInvitationConfig(
                email_subject=ASUNTO_INVITACION,
                email_body=cuerpo_invitacion(None),
                sms_message=SMS_INVITACION,
            ),
            user_verification=cognito.UserVerificationConfig(
                email_subject=ASUNTO_VERIFICACION,
                email_body=CUERPO_VERIFICACION,
                email_style=cognito.VerificationEmailStyle.CODE,
                sms_message=SMS_VERIFICACION,
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
            (
                "MFA opcional (TOTP) en el pool porque Cognito no lo exige por grupo: la función de sesiones no da "
                "token a un supervisor sin TOTP (le pide configurarlo) y el cliente de la consola tiene secreto, así "
                "que nadie obtiene tokens sin pasar por ella. Asesores y departamentos pueden activarlo en la consola."
            )
            if mfa_supervisores
            else "MFA opcional (TOTP) por agente: el contexto mfa_supervisores=false quitó la obligación de los "
            "supervisores; cada agente puede activarlo desde la consola.",
            "AwsSolutions-COG2",
        )

        for grupo in GRUPOS_AGENTES:
            self.usuarios.add_group(f"Grupo{grupo.capitalize()}", group_name=grupo)

        # Lo usa sólo la función de sesiones (InitiateAuth con USER_PASSWORD_AUTH): cliente confidencial (su
        # secreto lo lee la función con DescribeUserPoolClient), así nadie se salta el TOTP obligatorio llamando a
        # Cognito directo, y Cognito acepta el UserContextData (la IP del agente) para su protección contra
        # amenazas. Sin SRP, sin flujos de administrador y sin OAuth (no hay interfaz alojada). El token de ID
        # lleva lo que el cliente puede leer, el departamento incluido; el agente no puede cambiar su
        # departamento con su propio token de acceso.
        self.cliente = self.usuarios.add_client(
            "ClienteConsola",
            auth_flows=cognito.AuthFlow(user_password=True),
            generate_secret=True,
            enable_propagate_additional_user_context_data=True,
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

    def con_url_consola(self, url_consola: str) -> None:
        """La invitación lleva la dirección de la consola, que se conoce después de crear el sitio."""
        pool = self.usuarios.node.default_child
        pool.add_property_override(  # type: ignore[union-attr]  # default_child de un UserPool es su CfnUserPool
            "AdminCreateUserConfig.InviteMessageTemplate.EmailMessage", cuerpo_invitacion(url_consola)
        )
