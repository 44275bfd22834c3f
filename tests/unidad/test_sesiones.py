"""Inicio de sesión de agentes sobre un proveedor de identidad en memoria: retos, TOTP obligatorio por grupo,
política de contraseña y traducción de los errores de Cognito (con el Stubber de botocore, sin red)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime

import boto3
import pytest
from botocore.stub import Stubber

from esquemas.sesiones import (
    ResultadoSesion,
    RetoCodigoTotp,
    RetoConfigurarTotp,
    RetoNuevaContrasena,
    Sesion,
    SolicitudReto,
    SolicitudSesion,
)
from funciones.nucleo.adaptadores.cognito import ProveedorCognito
from funciones.nucleo.dominio import contrasenas, totp
from funciones.nucleo.dominio.agentes import NoAutenticado
from funciones.nucleo.dominio.errores import LimiteExcedido, ServicioNoDisponible
from funciones.nucleo.dominio.identidad import (
    CodigoIncorrecto,
    ContextoUsuario,
    ContrasenaRechazada,
    CredencialesInvalidas,
    RetoCognito,
    RetoVencido,
    Tokens,
)
from funciones.nucleo.frontera.http import ip_de
from funciones.sesiones import logica

AHORA = datetime(2026, 11, 24, 16, 0, tzinfo=UTC)
CLAVE = "Clave-Segura-2026!"
NUEVA = "Otra-Clave-2026!!"
SECRETO = "JBSWY3DPEHPK3PXP"
CODIGO_BUENO = "246810"
CONTEXTO = ContextoUsuario(ip="203.0.113.9", datos_dispositivo="huella")
OBLIGA_SUPERVISORES = frozenset({"supervisores"})


def _token(claims: dict) -> str:
    carga = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    return f"e30.{carga}.firma"


@dataclass
class Cuenta:
    contrasena: str
    grupos: list[str]
    nombre: str = ""
    temporal: bool = False
    totp: bool = False
    totp_pendiente: bool = False


@dataclass
class ProveedorFalso:
    """Se comporta como Cognito con MFA opcional (o exigido a todos con `mfa_para_todos`)."""

    cuentas: dict[str, Cuenta]
    mfa_para_todos: bool = False
    llamadas: list[tuple[str, object]] = field(default_factory=list)
    sesiones: dict[str, tuple[str, str]] = field(default_factory=dict)
    accesos: dict[str, str] = field(default_factory=dict)

    def _sesion(self, usuario: str, reto: str) -> RetoCognito:
        sesion = f"sesion-{len(self.sesiones):03d}-" + "x" * 20
        self.sesiones[sesion] = (usuario, reto)
        return RetoCognito(reto, sesion, usuario)

    def _entrar(self, usuario: str) -> Tokens | RetoCognito:
        cuenta = self.cuentas[usuario]
        if cuenta.totp:
            return self._sesion(usuario, "SOFTWARE_TOKEN_MFA")
        if self.mfa_para_todos:
            return self._sesion(usuario, "MFA_SETUP")
        acceso = f"acceso-de-{usuario}-{len(self.accesos)}"
        self.accesos[acceso] = usuario
        claims = {"cognito:username": usuario, "cognito:groups": cuenta.grupos}
        if cuenta.nombre:
            claims["name"] = cuenta.nombre
        return Tokens(_token(claims), acceso, 3600)

    def iniciar(self, usuario, contrasena, contexto):
        self.llamadas.append(("iniciar", contexto))
        cuenta = self.cuentas.get(usuario)
        if cuenta is None or cuenta.contrasena != contrasena:
            raise CredencialesInvalidas()
        if cuenta.temporal:
            return self._sesion(usuario, "NEW_PASSWORD_REQUIRED")
        return self._entrar(usuario)

    def responder(self, reto, sesion, usuario, respuestas, contexto):
        self.llamadas.append(("responder", (reto, contexto)))
        if self.sesiones.get(sesion) != (usuario, reto):
            raise RetoVencido()
        cuenta = self.cuentas[usuario]
        if reto == "NEW_PASSWORD_REQUIRED":
            cuenta.contrasena, cuenta.temporal = respuestas["NEW_PASSWORD"], False
        elif reto == "SOFTWARE_TOKEN_MFA" and respuestas["SOFTWARE_TOKEN_MFA_CODE"] != CODIGO_BUENO:
            raise CodigoIncorrecto()
        del self.sesiones[sesion]
        if reto in ("SOFTWARE_TOKEN_MFA", "MFA_SETUP"):
            # Con el segundo paso hecho, Cognito da los tokens.
            acceso = f"acceso-de-{usuario}-{len(self.accesos)}"
            self.accesos[acceso] = usuario
            return Tokens(_token({"cognito:username": usuario, "cognito:groups": cuenta.grupos}), acceso, 3600)
        return self._entrar(usuario)

    def asociar_totp(self, *, sesion=None, access_token=None):
        self.llamadas.append(("asociar", sesion or access_token))
        usuario = self.sesiones[sesion][0] if sesion else self.accesos[access_token]
        self.cuentas[usuario].totp_pendiente = True
        if sesion:
            return SECRETO, self._sesion(usuario, "ASOCIADA").sesion
        return SECRETO, None

    def verificar_totp(self, codigo, *, sesion=None, access_token=None):
        self.llamadas.append(("verificar", codigo))
        usuario = self.sesiones[sesion][0] if sesion else self.accesos[access_token]
        if codigo != CODIGO_BUENO or not self.cuentas[usuario].totp_pendiente:
            raise CodigoIncorrecto()
        if sesion:
            del self.sesiones[sesion]
            return self._sesion(usuario, "MFA_SETUP").sesion
        return None

    def preferir_totp(self, access_token):
        self.llamadas.append(("preferir", access_token))
        self.cuentas[self.accesos[access_token]].totp = True

    def nombres(self) -> list[str]:
        return [n for n, _ in self.llamadas]


def cuentas() -> dict[str, Cuenta]:
    return {
        "asesor": Cuenta(CLAVE, ["asesores"], "Ana Asesora"),
        "supervisor": Cuenta(CLAVE, ["supervisores"]),
        "nuevo": Cuenta(CLAVE, ["asesores"], temporal=True),
        "jefa.nueva": Cuenta(CLAVE, ["supervisores"], temporal=True),
        "con.totp": Cuenta(CLAVE, ["asesores"], totp=True),
        "sin.grupo": Cuenta(CLAVE, []),
        "otro.grupo": Cuenta(CLAVE, ["pruebas"]),
    }


def entrar(proveedor, usuario, contrasena=CLAVE, obligatorio=frozenset(), **kw):
    solicitud = SolicitudSesion(usuario=usuario, contrasena=contrasena, **kw)
    return logica.iniciar(solicitud, proveedor, CONTEXTO, AHORA, obligatorio)


def responder(proveedor, obligatorio=frozenset(), **cuerpo):
    return logica.responder(SolicitudReto(**cuerpo), proveedor, CONTEXTO, AHORA, obligatorio)


# --- sin retos -------------------------------------------------------------------------------------------------


def test_contrasena_correcta_da_la_sesion():
    p = ProveedorFalso(cuentas())
    s = entrar(p, "asesor")
    assert isinstance(s, Sesion)
    assert (s.rol, s.usuario, s.nombre, s.verificacion_dos_pasos) == ("asesores", "asesor", "Ana Asesora", False)
    assert s.expira == datetime(2026, 11, 24, 17, 0, tzinfo=UTC)
    # El contexto del agente (IP y huella) llega al proveedor.
    assert p.llamadas == [("iniciar", CONTEXTO)]


@pytest.mark.parametrize("usuario", ["sin.grupo", "otro.grupo"])
def test_sin_perfil_de_agente_no_hay_sesion(usuario):
    with pytest.raises(NoAutenticado) as e:
        entrar(ProveedorFalso(cuentas()), usuario)
    assert "perfil de agente" in e.value.mensaje


def test_contrasena_mala():
    with pytest.raises(CredencialesInvalidas):
        entrar(ProveedorFalso(cuentas()), "asesor", "No-Es-2026!!x")


# --- contraseña nueva ------------------------------------------------------------------------------------------


def test_primer_inicio_pide_contrasena_nueva_con_la_politica():
    r = entrar(ProveedorFalso(cuentas()), "nuevo")
    assert isinstance(r, RetoNuevaContrasena)
    assert r.usuario == "nuevo" and len(r.sesion) >= 20
    assert r.politica.minimo == contrasenas.MINIMO == 12
    assert [g.clave for g in r.politica.reglas] == ["longitud", "mayuscula", "minuscula", "numero", "simbolo"]
    assert "12 caracteres" in r.politica.texto


def test_contrasena_nueva_buena_entra():
    p = ProveedorFalso(cuentas())
    reto = entrar(p, "nuevo")
    s = responder(p, usuario="nuevo", reto="nueva_contrasena", sesion=reto.sesion, nueva_contrasena=NUEVA)
    assert isinstance(s, Sesion) and s.usuario == "nuevo" and p.cuentas["nuevo"].contrasena == NUEVA
    assert ("responder", ("NEW_PASSWORD_REQUIRED", CONTEXTO)) in p.llamadas


@pytest.mark.parametrize(
    ("nueva", "falta"),
    [
        ("Corta-1!", "Al menos 12 caracteres"),
        ("sin-mayusculas-2026", "mayúscula"),
        ("SIN-MINUSCULAS-2026", "minúscula"),
        ("Sin-Numeros-Nunca!", "número"),
        ("SinSimbolos2026xx", "símbolo"),
        (" Con-Espacio-2026", "espacio"),
    ],
)
def test_contrasena_que_no_cumple_se_rechaza_sin_gastar_la_sesion(nueva, falta):
    p = ProveedorFalso(cuentas())
    reto = entrar(p, "nuevo")
    with pytest.raises(ContrasenaRechazada) as e:
        responder(p, usuario="nuevo", reto="nueva_contrasena", sesion=reto.sesion, nueva_contrasena=nueva)
    assert [c.campo for c in e.value.campos] == ["nueva_contrasena"]
    assert falta in e.value.campos[0].mensaje
    assert "responder" not in p.nombres()


def test_sesion_de_reto_alterada():
    p = ProveedorFalso(cuentas())
    reto = entrar(p, "nuevo")
    with pytest.raises(RetoVencido):
        responder(p, usuario="nuevo", reto="nueva_contrasena", sesion=reto.sesion + "x", nueva_contrasena=NUEVA)


# --- TOTP obligatorio por grupo -------------------------------------------------------------------------------


def test_supervisor_sin_totp_con_la_bandera_recibe_configurar_y_no_token():
    p = ProveedorFalso(cuentas())
    r = entrar(p, "supervisor", obligatorio=OBLIGA_SUPERVISORES)
    assert isinstance(r, RetoConfigurarTotp)
    assert r.obligatorio is True and r.sesion is None
    assert r.secreto == SECRETO and r.secreto_agrupado == "JBSW Y3DP EHPK 3PXP"
    assert r.uri == f"otpauth://totp/Blue%20Point:supervisor?secret={SECRETO}&issuer=Blue%20Point"
    assert r.qr.tamano == len(r.qr.filas) and all(len(f) == r.qr.tamano for f in r.qr.filas)
    # Ni el token de ID ni el de acceso salen hacia el navegador.
    texto = ResultadoSesion(r).model_dump_json()
    assert "acceso-de-" not in texto and "e30." not in texto and "token" not in json.loads(texto)


def test_supervisor_sin_la_bandera_entra_sin_totp():
    s = entrar(ProveedorFalso(cuentas()), "supervisor")
    assert isinstance(s, Sesion) and s.rol == "supervisores"


def test_la_bandera_de_supervisores_no_obliga_a_asesores():
    s = entrar(ProveedorFalso(cuentas()), "asesor", obligatorio=OBLIGA_SUPERVISORES)
    assert isinstance(s, Sesion)


def test_configurar_con_la_contrasena_y_el_primer_codigo():
    p = ProveedorFalso(cuentas())
    entrar(p, "supervisor", obligatorio=OBLIGA_SUPERVISORES)
    with pytest.raises(CodigoIncorrecto) as e:
        responder(
            p, OBLIGA_SUPERVISORES, usuario="supervisor", reto="configurar_totp", contrasena=CLAVE, codigo="111111"
        )
    assert [c.campo for c in e.value.campos] == ["codigo"]
    assert "preferir" not in p.nombres() and p.cuentas["supervisor"].totp is False
    s = responder(
        p, OBLIGA_SUPERVISORES, usuario="supervisor", reto="configurar_totp", contrasena=CLAVE, codigo="246 810"
    )
    assert isinstance(s, Sesion) and s.verificacion_dos_pasos is True
    assert p.cuentas["supervisor"].totp is True
    # La próxima vez Cognito pide el código.
    assert isinstance(entrar(p, "supervisor", obligatorio=OBLIGA_SUPERVISORES), RetoCodigoTotp)


def test_configurar_con_contrasena_equivocada():
    p = ProveedorFalso(cuentas())
    with pytest.raises(CredencialesInvalidas):
        responder(p, usuario="supervisor", reto="configurar_totp", contrasena="Mala-Clave-2026!", codigo=CODIGO_BUENO)


def test_configurar_cuando_ya_quedo_activa_entra_con_el_codigo():
    p = ProveedorFalso(cuentas())
    s = responder(p, usuario="con.totp", reto="configurar_totp", contrasena=CLAVE, codigo=CODIGO_BUENO)
    assert isinstance(s, Sesion) and s.verificacion_dos_pasos is True
    assert "verificar" not in p.nombres()


def test_primer_inicio_de_supervisor_encadena_contrasena_y_totp():
    p = ProveedorFalso(cuentas())
    reto = entrar(p, "jefa.nueva", obligatorio=OBLIGA_SUPERVISORES)
    assert isinstance(reto, RetoNuevaContrasena)
    r = responder(
        p,
        OBLIGA_SUPERVISORES,
        usuario="jefa.nueva",
        reto="nueva_contrasena",
        sesion=reto.sesion,
        nueva_contrasena=NUEVA,
    )
    assert isinstance(r, RetoConfigurarTotp) and r.obligatorio
    s = responder(
        p, OBLIGA_SUPERVISORES, usuario="jefa.nueva", reto="configurar_totp", contrasena=NUEVA, codigo=CODIGO_BUENO
    )
    assert isinstance(s, Sesion) and s.verificacion_dos_pasos


def test_activar_voluntario_y_ya_activo():
    p = ProveedorFalso(cuentas())
    r = entrar(p, "asesor", configurar_totp=True)
    assert isinstance(r, RetoConfigurarTotp) and r.obligatorio is False
    # Quien ya tiene TOTP recibe el reto del código, no otro secreto.
    assert isinstance(entrar(p, "con.totp", configurar_totp=True), RetoCodigoTotp)


# --- código TOTP y MFA_SETUP -----------------------------------------------------------------------------------


def test_codigo_totp_bueno_y_malo():
    p = ProveedorFalso(cuentas())
    reto = entrar(p, "con.totp")
    assert isinstance(reto, RetoCodigoTotp)
    with pytest.raises(CodigoIncorrecto):
        responder(p, usuario="con.totp", reto="codigo_totp", sesion=reto.sesion, codigo="000000")
    s = responder(p, usuario="con.totp", reto="codigo_totp", sesion=reto.sesion, codigo=CODIGO_BUENO)
    assert isinstance(s, Sesion) and s.verificacion_dos_pasos is True


def test_mfa_setup_de_cognito_por_sesion():
    p = ProveedorFalso(cuentas(), mfa_para_todos=True)
    r = entrar(p, "asesor")
    assert isinstance(r, RetoConfigurarTotp) and r.sesion and r.obligatorio
    s = responder(p, usuario="asesor", reto="configurar_totp", sesion=r.sesion, codigo=CODIGO_BUENO)
    assert isinstance(s, Sesion) and s.verificacion_dos_pasos
    assert p.nombres()[-1] == "preferir" and p.cuentas["asesor"].totp


def test_reto_que_la_consola_no_atiende():
    class ConSms(ProveedorFalso):
        def iniciar(self, usuario, contrasena, contexto):
            return self._sesion(usuario, "SMS_MFA")

    with pytest.raises(NoAutenticado) as e:
        entrar(ConSms(cuentas()), "asesor")
    assert "pide ayuda a tu supervisor" in e.value.mensaje


# --- esquemas ---------------------------------------------------------------------------------------------------


def test_la_contrasena_no_se_recorta():
    assert SolicitudSesion(usuario=" ana ", contrasena=" Clave ").contrasena == " Clave "


@pytest.mark.parametrize(
    ("cuerpo", "campos"),
    [
        ({"reto": "nueva_contrasena"}, {"sesion", "nueva_contrasena"}),
        ({"reto": "codigo_totp", "codigo": "123456"}, {"sesion"}),
        ({"reto": "codigo_totp", "sesion": "s" * 20}, {"codigo"}),
        ({"reto": "configurar_totp", "codigo": "123456"}, {"contrasena"}),
        ({"reto": "configurar_totp", "codigo": "123456", "sesion": "s" * 20, "contrasena": CLAVE}, {"contrasena"}),
        ({"reto": "codigo_totp", "sesion": "s" * 20, "codigo": "12345a"}, {"codigo"}),
        ({"reto": "codigo_totp", "sesion": "corta", "codigo": "123456"}, {"sesion"}),
        ({"reto": "otro"}, {"reto"}),
    ],
)
def test_respuesta_de_reto_incompleta(cuerpo, campos):
    from pydantic import ValidationError

    from funciones.nucleo.frontera.http import traducir_validacion

    with pytest.raises(ValidationError) as e:
        SolicitudReto.model_validate({"usuario": "ana", **cuerpo})
    assert {c.campo for c in traducir_validacion(e.value).campos} == campos


# --- política, TOTP e IP ----------------------------------------------------------------------------------------


def test_politica_de_contrasena():
    assert contrasenas.problema("Buena-Clave-2026") is None
    assert contrasenas.problema("Buena Clave 2026x") is None  # un espacio en medio cuenta como símbolo
    assert contrasenas.incumplidas("abc") == ["longitud", "mayuscula", "numero", "simbolo"]
    assert "256" in (contrasenas.problema("Aa1!" * 65) or "")


def test_codigo_qr_con_los_patrones_de_posicion():
    filas = totp.matriz_qr(totp.uri_otpauth(SECRETO, "ana"))
    n = len(filas)
    assert n >= 21 and (n - 17) % 4 == 0 and all(len(f) == n for f in filas)
    # Las tres esquinas llevan el patrón de posición de 7 módulos.
    for fila, columna in ((0, 0), (0, n - 7), (n - 7, 0)):
        assert filas[fila][columna : columna + 7] == "1111111"
        assert filas[fila + 1][columna : columna + 7] == "1000001"


def test_codigo_rfc6238_del_servidor_local():
    from infraestructura.local.totp import codigo

    # Vector de la RFC 6238 (SHA1, T = 59 s), recortado a 6 dígitos.
    secreto = base64.b32encode(b"12345678901234567890").decode()
    assert codigo(secreto, 59) == "287082" and codigo(secreto, 1111111109) == "081804"


@pytest.mark.parametrize(
    ("reenviada", "origen", "esperada"),
    [
        (None, "198.51.100.7", "198.51.100.7"),  # directo, sin CloudFront
        ("203.0.113.9", "130.176.1.1", "203.0.113.9"),  # CloudFront agregó al visitante
        ("203.0.113.9, 130.176.1.1", "130.176.1.1", "203.0.113.9"),  # y la pasarela la de conexión
        ("6.6.6.6, 203.0.113.9, 130.176.1.1", "130.176.1.1", "203.0.113.9"),  # lo que escribió el cliente no cuenta
        ("no-es-ip", "130.176.1.1", "130.176.1.1"),
        ("2001:db8::1", "130.176.1.1", "2001:db8::1"),
        (None, None, None),
    ],
)
def test_ip_del_agente(reenviada, origen, esperada):
    assert ip_de(reenviada, origen) == esperada


# --- el adaptador de Cognito: firma, contexto y errores ------------------------------------------------------


def _adaptador(secreto: str | None = "secreto-del-cliente-de-la-consola", firma: bool = True):
    """El adaptador con un Stubber; con `firma`, lo primero que espera es que lea el secreto del cliente."""
    cliente = boto3.client("cognito-idp", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x")
    stub = Stubber(cliente)
    if firma:
        stub.add_response(
            "describe_user_pool_client",
            {"UserPoolClient": {"ClientId": "cliente1", **({"ClientSecret": secreto} if secreto else {})}},
            {"UserPoolId": "us-east-1_pool", "ClientId": "cliente1"},
        )
    return ProveedorCognito(cliente, "us-east-1_pool", "cliente1"), stub


def _firma(usuario: str) -> str:
    digest = hmac.new(b"secreto-del-cliente-de-la-consola", (usuario + "cliente1").encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def test_adaptador_firma_y_manda_el_contexto_del_agente():
    proveedor, stub = _adaptador()
    stub.add_response(
        "initiate_auth",
        {"ChallengeName": "SOFTWARE_TOKEN_MFA", "Session": "s" * 30, "ChallengeParameters": {"USER_ID_FOR_SRP": "ana"}},
        {
            "ClientId": "cliente1",
            "AuthFlow": "USER_PASSWORD_AUTH",
            "AuthParameters": {"USERNAME": "Ana", "PASSWORD": CLAVE, "SECRET_HASH": _firma("Ana")},
            "UserContextData": {"IpAddress": "203.0.113.9", "EncodedData": "huella"},
        },
    )
    stub.add_response(
        "respond_to_auth_challenge",
        {"AuthenticationResult": {"IdToken": "i", "AccessToken": "a", "ExpiresIn": 60}},
        {
            "ClientId": "cliente1",
            "ChallengeName": "SOFTWARE_TOKEN_MFA",
            "Session": "s" * 30,
            "ChallengeResponses": {
                "USERNAME": "ana",
                "SOFTWARE_TOKEN_MFA_CODE": "123456",
                "SECRET_HASH": _firma("ana"),
            },
            "UserContextData": {"IpAddress": "203.0.113.9"},
        },
    )
    with stub:
        reto = proveedor.iniciar("Ana", CLAVE, CONTEXTO)
        assert reto == RetoCognito("SOFTWARE_TOKEN_MFA", "s" * 30, "ana")
        tokens = proveedor.responder(
            "SOFTWARE_TOKEN_MFA",
            reto.sesion,
            reto.usuario,
            {"SOFTWARE_TOKEN_MFA_CODE": "123456"},
            ContextoUsuario("203.0.113.9"),
        )
        assert tokens == Tokens("i", "a", 60)
    stub.assert_no_pending_responses()


def test_adaptador_sin_secreto_ni_contexto():
    proveedor, stub = _adaptador(secreto=None)
    stub.add_response(
        "initiate_auth",
        {"AuthenticationResult": {"IdToken": "i", "AccessToken": "a", "ExpiresIn": 60}},
        {
            "ClientId": "cliente1",
            "AuthFlow": "USER_PASSWORD_AUTH",
            "AuthParameters": {"USERNAME": "ana", "PASSWORD": CLAVE},
        },
    )
    with stub:
        assert proveedor.iniciar("ana", CLAVE, ContextoUsuario()) == Tokens("i", "a", 60)


@pytest.mark.parametrize(
    ("operacion", "codigo", "esperado"),
    [
        ("iniciar", "NotAuthorizedException", CredencialesInvalidas),
        ("iniciar", "UserNotFoundException", CredencialesInvalidas),
        ("iniciar", "PasswordResetRequiredException", CredencialesInvalidas),
        ("iniciar", "TooManyRequestsException", ServicioNoDisponible),
        ("iniciar", "TooManyFailedAttemptsException", LimiteExcedido),
        ("responder", "NotAuthorizedException", RetoVencido),
        ("responder", "ResourceNotFoundException", RetoVencido),
        ("responder", "CodeMismatchException", CodigoIncorrecto),
        ("responder", "ExpiredCodeException", CodigoIncorrecto),
        ("responder", "InvalidPasswordException", ContrasenaRechazada),
        ("responder", "PasswordHistoryPolicyViolationException", ContrasenaRechazada),
        ("responder", "InternalErrorException", ServicioNoDisponible),
        ("verificar", "EnableSoftwareTokenMFAException", CodigoIncorrecto),
        ("verificar", "CodeMismatchException", CodigoIncorrecto),
        ("verificar", "NotAuthorizedException", RetoVencido),
        ("asociar", "NotAuthorizedException", RetoVencido),
    ],
)
def test_adaptador_traduce_cada_error_por_su_codigo(operacion, codigo, esperado):
    # Asociar y verificar no llevan firma: no leen el secreto del cliente.
    proveedor, stub = _adaptador(firma=operacion in ("iniciar", "responder"))
    metodo = {
        "iniciar": "initiate_auth",
        "responder": "respond_to_auth_challenge",
        "verificar": "verify_software_token",
        "asociar": "associate_software_token",
    }[operacion]
    stub.add_client_error(metodo, service_error_code=codigo, service_message="texto que no se lee")
    llamadas = {
        "iniciar": lambda: proveedor.iniciar("ana", CLAVE, CONTEXTO),
        "responder": lambda: proveedor.responder(
            "NEW_PASSWORD_REQUIRED", "s" * 30, "ana", {"NEW_PASSWORD": NUEVA}, CONTEXTO
        ),
        "verificar": lambda: proveedor.verificar_totp("123456", sesion="s" * 30),
        "asociar": lambda: proveedor.asociar_totp(sesion="s" * 30),
    }
    with stub, pytest.raises(esperado) as e:
        llamadas[operacion]()
    assert "texto que no se lee" not in e.value.mensaje
    if esperado is CodigoIncorrecto:
        assert [c.campo for c in e.value.campos] == ["codigo"]
    if esperado is ContrasenaRechazada:
        assert [c.campo for c in e.value.campos] == ["nueva_contrasena"]


def test_verificacion_con_estado_de_error_es_codigo_incorrecto():
    proveedor, stub = _adaptador(firma=False)
    stub.add_response("verify_software_token", {"Status": "ERROR"})
    with stub, pytest.raises(CodigoIncorrecto):
        proveedor.verificar_totp("123456", access_token="a" * 30)
