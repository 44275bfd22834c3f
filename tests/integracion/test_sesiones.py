"""POST /api/sesiones y /api/sesiones/retos con el handler real sobre moto: primer inicio, TOTP (moto revisa los
códigos), TOTP obligatorio para supervisores, MFA_SETUP, sesiones de reto vencidas o alteradas, UserContextData
con la IP del agente y entradas malas sin 5xx ni cambios en Cognito."""

from __future__ import annotations

import json
import re

import boto3
import pytest

from infraestructura.local import recursos
from infraestructura.local.lambda_local import olvidar_configuracion
from tests.util import codigo_totp_vigente, secreto_totp_moto

CLAVE = "Demo-Clave-2026!"
NUEVA = "Mi-Clave-Nueva-2026!"
JWT = re.compile(r"eyJ[\w-]+\.[\w-]+\.[\w-]+")


@pytest.fixture
def agentes(aws, monkeypatch):
    """El pool de agentes de `make run` (con sus demos) dentro del moto de la prueba."""
    monkeypatch.setenv("MOTO_COGNITO_IDP_USER_POOL_ENABLE_TOTP", "true")
    monkeypatch.delenv("MFA_OBLIGATORIO", raising=False)
    cognito = boto3.client("cognito-idp")
    datos = recursos.crear_agentes(cognito, CLAVE)
    monkeypatch.setenv("COGNITO_POOL", datos["cognito_pool"])
    monkeypatch.setenv("COGNITO_CLIENTE", datos["cognito_cliente"])
    olvidar_configuracion()
    aws.cognito = cognito
    aws.pool = datos["cognito_pool"]
    return aws


def obligar_supervisores(monkeypatch):
    monkeypatch.setenv("MFA_OBLIGATORIO", "supervisores")
    olvidar_configuracion()


def entrar(aws, usuario, contrasena=CLAVE, **extra):
    return aws.api("POST", "/api/sesiones", {"usuario": usuario, "contrasena": contrasena, **extra})


def reto(aws, **cuerpo):
    return aws.api("POST", "/api/sesiones/retos", cuerpo)


def estado_de(aws, usuario):
    return aws.cognito.admin_get_user(UserPoolId=aws.pool, Username=usuario)["UserStatus"]


def test_los_demos_de_siempre_entran_con_la_contrasena_sola(agentes):
    for usuario in ("asesor.demo", "supervisor.demo", "facturacion.demo"):
        estado, cuerpo, _ = entrar(agentes, usuario)
        assert estado == 200 and cuerpo["token"] and cuerpo["verificacion_dos_pasos"] is False, usuario
    assert entrar(agentes, "asesor.demo")[1]["nombre"] == "Asesor de demostración"


def test_user_context_data_lleva_la_ip_del_agente(agentes):
    from funciones.nucleo.adaptadores.aws import cliente

    vistas: list[tuple[str, dict]] = []

    def anotar(params, model, **_):
        vistas.append((model.name, params.get("UserContextData")))

    eventos = cliente("cognito-idp").meta.events
    eventos.register("provide-client-params.cognito-idp.InitiateAuth", anotar)
    eventos.register("provide-client-params.cognito-idp.RespondToAuthChallenge", anotar)
    # Detrás de CloudFront: el cliente inventó 6.6.6.6, CloudFront agregó al visitante; sourceIp es la del borde.
    cabeceras = {"x-forwarded-for": "6.6.6.6, 203.0.113.9"}
    estado, r, _ = agentes.api(
        "POST",
        "/api/sesiones",
        {"usuario": "totp.demo", "contrasena": CLAVE, "datos_dispositivo": "huella-del-navegador"},
        cabeceras=cabeceras,
    )
    assert estado == 200 and r["reto"] == "codigo_totp"
    estado, _, _ = agentes.api(
        "POST",
        "/api/sesiones/retos",
        {"usuario": "totp.demo", "reto": "codigo_totp", "sesion": r["sesion"], "codigo": "000000"},
    )
    assert estado == 401
    assert vistas == [
        ("InitiateAuth", {"IpAddress": "203.0.113.9", "EncodedData": "huella-del-navegador"}),
        # Sin X-Forwarded-For: la IP de conexión del evento.
        ("RespondToAuthChallenge", {"IpAddress": "198.51.100.7"}),
    ]


def test_primer_inicio_cambia_la_contrasena(agentes):
    estado, r, _ = entrar(agentes, "nuevo.demo")
    assert estado == 200 and r["reto"] == "nueva_contrasena" and r["usuario"] == "nuevo.demo"
    assert [g["clave"] for g in r["politica"]["reglas"]] == ["longitud", "mayuscula", "minuscula", "numero", "simbolo"]
    assert "token" not in r
    # Una que no cumple: 400 por campo, y la cuenta sigue en su primer inicio.
    estado, e, _ = reto(
        agentes, usuario="nuevo.demo", reto="nueva_contrasena", sesion=r["sesion"], nueva_contrasena="x"
    )
    assert estado == 400 and [c["campo"] for c in e["error"]["campos"]] == ["nueva_contrasena"]
    assert "12 caracteres" in e["error"]["campos"][0]["mensaje"]
    assert estado_de(agentes, "nuevo.demo") == "FORCE_CHANGE_PASSWORD"
    # La buena, con la misma sesión del reto.
    estado, s, _ = reto(
        agentes, usuario="nuevo.demo", reto="nueva_contrasena", sesion=r["sesion"], nueva_contrasena=NUEVA
    )
    assert estado == 200 and s["rol"] == "asesores" and s["token"]
    assert estado_de(agentes, "nuevo.demo") == "CONFIRMED"
    assert entrar(agentes, "nuevo.demo")[0] == 401
    assert entrar(agentes, "nuevo.demo", NUEVA)[0] == 200


def test_codigo_totp_bueno_y_malo(agentes):
    _, r, _ = entrar(agentes, "totp.demo")
    assert r["reto"] == "codigo_totp" and "token" not in r
    estado, e, _ = reto(agentes, usuario="totp.demo", reto="codigo_totp", sesion=r["sesion"], codigo="123456")
    assert estado == 401 and e["error"]["codigo"] == "codigo_incorrecto"
    assert [c["campo"] for c in e["error"]["campos"]] == ["codigo"] and "no es correcto" in e["error"]["mensaje"]
    # moto revisa también la firma del cliente (SECRET_HASH) en este reto.
    estado, s, _ = reto(
        agentes,
        usuario="totp.demo",
        reto="codigo_totp",
        sesion=r["sesion"],
        codigo=codigo_totp_vigente(secreto_totp_moto()),
    )
    assert estado == 200 and s["rol"] == "supervisores" and s["verificacion_dos_pasos"] is True


def test_sesion_de_reto_vencida_o_alterada(agentes):
    from moto.cognitoidp.models import cognitoidp_backends

    _, r, _ = entrar(agentes, "totp.demo")
    codigo = codigo_totp_vigente(secreto_totp_moto())
    estado, e, _ = reto(agentes, usuario="totp.demo", reto="codigo_totp", sesion=r["sesion"][::-1], codigo=codigo)
    assert (
        estado == 401 and e["error"]["codigo"] == "reto_vencido" and "vuelve a iniciar sesión" in e["error"]["mensaje"]
    )
    # Vencida: Cognito ya no la tiene (dura 3 minutos).
    for backend in cognitoidp_backends.values():
        for region in backend.values():
            region.sessions.clear()
    estado, e, _ = reto(agentes, usuario="totp.demo", reto="codigo_totp", sesion=r["sesion"], codigo=codigo)
    assert estado == 401 and e["error"]["codigo"] == "reto_vencido"
    _, r, _ = entrar(agentes, "nuevo.demo")
    estado, e, _ = reto(agentes, usuario="nuevo.demo", reto="nueva_contrasena", sesion="s" * 40, nueva_contrasena=NUEVA)
    assert estado == 401 and e["error"]["codigo"] == "reto_vencido"
    assert estado_de(agentes, "nuevo.demo") == "FORCE_CHANGE_PASSWORD"


def test_supervisor_sin_totp_recibe_configurar_con_la_bandera(agentes, monkeypatch):
    obligar_supervisores(monkeypatch)
    # Los demás grupos no están obligados.
    assert "token" in entrar(agentes, "asesor.demo")[1]
    estado, r, _ = entrar(agentes, "supervisor.demo")
    assert estado == 200 and r["reto"] == "configurar_totp" and r["obligatorio"] is True and r["sesion"] is None
    assert r["secreto"] == secreto_totp_moto().upper() and r["uri"].startswith(
        "otpauth://totp/Blue%20Point:supervisor.demo?"
    )
    assert r["qr"]["tamano"] == len(r["qr"]["filas"]) >= 21
    assert not JWT.search(json.dumps(r)), "ningún token de Cognito sale en el reto"
    # Código equivocado: no se activa.
    estado, e, _ = reto(agentes, usuario="supervisor.demo", reto="configurar_totp", contrasena=CLAVE, codigo="000000")
    assert estado == 401 and [c["campo"] for c in e["error"]["campos"]] == ["codigo"]
    assert entrar(agentes, "supervisor.demo")[1]["reto"] == "configurar_totp"
    # Contraseña equivocada al confirmar.
    estado, e, _ = reto(
        agentes, usuario="supervisor.demo", reto="configurar_totp", contrasena="Otra-Cosa-2026!", codigo="000000"
    )
    assert estado == 401 and e["error"]["codigo"] == "credenciales_invalidas"
    estado, s, _ = reto(
        agentes,
        usuario="supervisor.demo",
        reto="configurar_totp",
        contrasena=CLAVE,
        codigo=codigo_totp_vigente(secreto_totp_moto()),
    )
    assert estado == 200 and s["rol"] == "supervisores" and s["verificacion_dos_pasos"] is True
    assert entrar(agentes, "supervisor.demo")[1]["reto"] == "codigo_totp"


def test_sin_la_bandera_el_supervisor_entra_y_puede_activarlo_por_su_cuenta(agentes):
    estado, s, _ = entrar(agentes, "supervisor.demo")
    assert estado == 200 and s["token"]
    estado, r, _ = entrar(agentes, "asesor.demo", configurar_totp=True)
    assert estado == 200 and r["reto"] == "configurar_totp" and r["obligatorio"] is False
    estado, s, _ = reto(
        agentes,
        usuario="asesor.demo",
        reto="configurar_totp",
        contrasena=CLAVE,
        codigo=codigo_totp_vigente(secreto_totp_moto()),
    )
    assert estado == 200 and s["verificacion_dos_pasos"] is True
    assert entrar(agentes, "asesor.demo")[1]["reto"] == "codigo_totp"


def test_primer_inicio_de_supervisor_encadena_la_app(agentes, monkeypatch):
    obligar_supervisores(monkeypatch)
    agentes.cognito.admin_create_user(
        UserPoolId=agentes.pool, Username="jefa.nueva", TemporaryPassword=CLAVE, MessageAction="SUPPRESS"
    )
    agentes.cognito.admin_add_user_to_group(UserPoolId=agentes.pool, Username="jefa.nueva", GroupName="supervisores")
    _, r, _ = entrar(agentes, "jefa.nueva")
    _, r, _ = reto(agentes, usuario="jefa.nueva", reto="nueva_contrasena", sesion=r["sesion"], nueva_contrasena=NUEVA)
    assert r["reto"] == "configurar_totp" and r["obligatorio"] is True
    estado, s, _ = reto(
        agentes,
        usuario="jefa.nueva",
        reto="configurar_totp",
        contrasena=NUEVA,
        codigo=codigo_totp_vigente(secreto_totp_moto()),
    )
    assert estado == 200 and s["rol"] == "supervisores"


def test_pool_con_mfa_para_todos_usa_mfa_setup_por_sesion(agentes):
    agentes.cognito.set_user_pool_mfa_config(
        UserPoolId=agentes.pool, SoftwareTokenMfaConfiguration={"Enabled": True}, MfaConfiguration="ON"
    )
    _, r, _ = entrar(agentes, "nuevo.demo")
    _, r, _ = reto(agentes, usuario="nuevo.demo", reto="nueva_contrasena", sesion=r["sesion"], nueva_contrasena=NUEVA)
    assert r["reto"] == "configurar_totp" and r["sesion"] and r["obligatorio"] is True
    estado, e, _ = reto(agentes, usuario="nuevo.demo", reto="configurar_totp", sesion=r["sesion"], codigo="000000")
    assert estado == 401 and e["error"]["codigo"] == "codigo_incorrecto"
    estado, s, _ = reto(
        agentes,
        usuario="nuevo.demo",
        reto="configurar_totp",
        sesion=r["sesion"],
        codigo=codigo_totp_vigente(secreto_totp_moto()),
    )
    assert estado == 200 and s["verificacion_dos_pasos"] is True


@pytest.mark.parametrize(
    ("cuerpo", "tipo", "esperado"),
    [
        (b"{no es json", "application/json", 400),
        ({"usuario": "nuevo.demo", "reto": "nueva_contrasena"}, "application/json", 400),
        ({"usuario": "nuevo.demo", "reto": "codigo_totp", "sesion": "s" * 30, "codigo": "12"}, "application/json", 400),
        ({"usuario": "nuevo.demo", "reto": "desconocido", "codigo": "123456"}, "application/json", 400),
        ({"usuario": "", "reto": "codigo_totp", "sesion": "s" * 30, "codigo": "123456"}, "application/json", 400),
        (
            {"usuario": "x" * 129, "reto": "codigo_totp", "sesion": "s" * 30, "codigo": "123456"},
            "application/json",
            400,
        ),
        (
            {"usuario": "nuevo.demo", "reto": "codigo_totp", "sesion": "s" * 5000, "codigo": "123456"},
            "application/json",
            400,
        ),
        (
            {"usuario": "nuevo.demo", "reto": "codigo_totp", "sesion": "s" * 30, "codigo": "123456", "extra": 1},
            "application/json",
            400,
        ),
        ({"usuario": "nuevo.demo", "reto": "codigo_totp", "sesion": "s" * 30, "codigo": "123456"}, "text/plain", 415),
        (
            {"usuario": "nadie", "reto": "configurar_totp", "contrasena": "x", "codigo": "123456"},
            "application/json",
            401,
        ),
    ],
)
def test_entradas_malas_en_retos(agentes, cuerpo, tipo, esperado):
    estado, e, _ = agentes.api("POST", "/api/sesiones/retos", cuerpo, cabeceras={"content-type": tipo})
    assert estado == esperado and e["error"]["mensaje"]
    assert estado_de(agentes, "nuevo.demo") == "FORCE_CHANGE_PASSWORD"


@pytest.mark.parametrize(
    "cuerpo",
    [
        {"usuario": "asesor.demo"},
        {"usuario": "asesor.demo", "contrasena": ""},
        {"usuario": "asesor.demo", "contrasena": "x" * 257},
        {"usuario": "asesor.demo", "contrasena": CLAVE, "configurar_totp": "quizá"},
        {"usuario": "asesor.demo", "contrasena": CLAVE, "datos_dispositivo": "x" * 9000},
    ],
)
def test_entradas_malas_al_entrar(agentes, cuerpo):
    estado, e, _ = agentes.api("POST", "/api/sesiones", cuerpo)
    assert estado == 400 and e["error"]["campos"]


def test_usuario_raro_no_da_5xx(agentes):
    for usuario in ("con espacios y ñ", "a" * 128, "\u200b"):
        assert entrar(agentes, usuario)[0] == 401
