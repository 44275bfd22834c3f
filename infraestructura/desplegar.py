"""`make deploy`: revisa lo que el despliegue necesita, arranca CDK en la cuenta si hace falta, despliega e imprime
las salidas. `make revisar-aws` hace sólo las revisiones.

Orden: contexto → región → credenciales → síntesis (sin AWS) → tipos de recurso de la región → concurrencia de
Lambda → SES → bootstrap de CDK (la región y us-east-1) → `cdk deploy` de la pila del borde (el WebACL de
CloudFront, us-east-1) → `cdk deploy` de la pila principal con el ARN del WebACL (parámetro ArnWaf) → salidas.
Cada revisión es una función pequeña que recibe su cliente de boto3 (las pruebas le pasan moto o un doble) y
devuelve `Revision`es: un error detiene antes de tocar la cuenta; un aviso se imprime y sigue.

Contexto (los valores de `cdk.json`, encima los de `despliegue.json` si existe, encima `CONTEXTO`):
`make deploy CONTEXTO='-c dominio_correo=bluepoint.mx -c correos_alertas={"supervisores": "sup@bluepoint.mx"}'`.
Cada valor va tal cual hasta el siguiente ` -c `: un JSON no necesita más comillas.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

RAIZ = Path(__file__).resolve().parents[1]
PILA = "BluePointAtencion"
# El WebACL de CloudFront sólo existe en us-east-1 (infraestructura/pila_borde.py).
PILA_BORDE = "BluePointBorde"
REGION_BORDE = "us-east-1"
SALIDA_ARN_WAF = "ArnWaf"
ARCHIVO_LOCAL = RAIZ / "despliegue.json"
ENSAMBLADO = RAIZ / "cdk.out"
PARAMETRO_BOOTSTRAP = "/cdk-bootstrap/hnb659fds/version"
PILA_BOOTSTRAP = "CDKToolkit"
# Lambda exige que la cuenta deje al menos 100 ejecuciones concurrentes sin reservar.
SIN_RESERVAR_MINIMO = 100
CUOTA_CONCURRENCIA = "L-B99A9384"  # Service Quotas: Lambda · Concurrent executions
# Predeterminados de contextos que quizá aún no estén en cdk.json.
PREDETERMINADOS: dict[str, Any] = {"concurrencia_barrido": 0}
ESTADOS_FALLIDOS = ("ROLLBACK_COMPLETE", "ROLLBACK_FAILED", "CREATE_FAILED", "DELETE_FAILED", "UPDATE_ROLLBACK_FAILED")

Nivel = Literal["ok", "aviso", "error", "info"]
MARCA = {"ok": "✓", "aviso": "!", "error": "✗", "info": "·"}


@dataclass(frozen=True)
class Revision:
    nivel: Nivel
    tema: str
    mensaje: str

    def __str__(self) -> str:
        return f"{MARCA[self.nivel]} {self.tema}: {self.mensaje}"


class ErrorDespliegue(Exception):
    """Algo impide desplegar; el mensaje dice qué hacer."""


def _codigo(error: Exception) -> str:
    return str(getattr(error, "response", {}).get("Error", {}).get("Code", ""))


# --- contexto -----------------------------------------------------------------------------------------------


def contexto_cdk_json(raiz: Path = RAIZ) -> dict[str, Any]:
    """Los valores propios de cdk.json (sin las banderas `@aws-cdk/...`) y de cdk.context.json, como los lee CDK."""
    contexto = json.loads((raiz / "cdk.json").read_text(encoding="utf-8")).get("context", {})
    cache = raiz / "cdk.context.json"
    if cache.exists():
        contexto = {**contexto, **json.loads(cache.read_text(encoding="utf-8"))}
    return {k: v for k, v in contexto.items() if not k.startswith("@")}


def contexto_archivo(archivo: Path = ARCHIVO_LOCAL) -> dict[str, Any]:
    if not archivo.exists():
        return {}
    try:
        valores = json.loads(archivo.read_text(encoding="utf-8"))
    except ValueError as e:
        raise ErrorDespliegue(f"{archivo.name} no es JSON válido: {e}") from e
    if not isinstance(valores, dict):
        raise ErrorDespliegue(f'{archivo.name} debe ser un objeto {{"clave": valor, ...}}')
    return valores


def contexto_linea(texto: str) -> dict[str, str]:
    """`-c clave=valor -c otra={"json": "con espacios"}`: cada valor llega tal cual hasta el siguiente -c."""
    texto = texto.strip()
    if not texto:
        return {}
    piezas = re.split(r"(?:^|\s+)(?:-c|--context)\s+", texto)
    if piezas[0].strip():
        raise ErrorDespliegue(f"CONTEXTO debe ser una lista de -c clave=valor; sobra: {piezas[0].strip()!r}")
    valores = {}
    for pieza in piezas[1:]:
        clave, igual, valor = pieza.partition("=")
        if not igual or not re.fullmatch(r"[A-Za-z_@][\w:/@.-]*", clave):
            raise ErrorDespliegue(f"CONTEXTO: {pieza!r} no tiene la forma clave=valor")
        valores[clave] = valor.strip()
    return valores


def valor_cdk(valor: Any) -> str:
    """Cómo llega un valor con `-c`: texto; los objetos y listas como JSON, los booleanos como true/false."""
    if isinstance(valor, bool):
        return "true" if valor else "false"
    if isinstance(valor, (dict, list)):
        return json.dumps(valor, ensure_ascii=False)
    return str(valor)


def argumentos_contexto(contexto: Mapping[str, Any]) -> list[str]:
    argumentos: list[str] = []
    for clave, valor in contexto.items():
        argumentos += ["-c", f"{clave}={valor_cdk(valor)}"]
    return argumentos


def efectivo(base: Mapping[str, Any], dados: Mapping[str, Any], clave: str) -> Any:
    """El valor con que sintetizará la pila (lo dado encima de cdk.json, y el predeterminado al final)."""
    if clave in dados:
        return dados[clave]
    return base.get(clave, PREDETERMINADOS.get(clave))


# --- región y credenciales ----------------------------------------------------------------------------------


def resolver_region(entorno: Mapping[str, str], region_perfil: str | None) -> tuple[str, str]:
    """(región, de dónde salió), en el orden en que la busca el CLI de CDK."""
    for variable in ("AWS_REGION", "AWS_DEFAULT_REGION"):
        if entorno.get(variable):
            return entorno[variable], f"variable {variable}"
    if region_perfil:
        perfil = entorno.get("AWS_PROFILE") or "default"
        return region_perfil, f"perfil {perfil} de la configuración de AWS"
    raise ErrorDespliegue(
        "No hay región de AWS. Elige una (docs/operacion.md, «Elegir la región») y defínela: "
        "export AWS_REGION=us-east-1, o `region` en el perfil (aws configure)."
    )


def revisar_entorno(entorno: Mapping[str, str]) -> None:
    if entorno.get("AWS_ENDPOINT_URL"):
        raise ErrorDespliegue(
            f"AWS_ENDPOINT_URL está definida ({entorno['AWS_ENDPOINT_URL']}): make deploy habla con AWS real. "
            "Quítala (unset AWS_ENDPOINT_URL) y repite."
        )


def revisar_credenciales(sts: Any) -> tuple[str, Revision]:
    """(cuenta, revisión) con STS GetCallerIdentity."""
    from botocore.exceptions import ClientError, NoCredentialsError

    try:
        identidad = sts.get_caller_identity()
    except NoCredentialsError as e:
        raise ErrorDespliegue(
            "No hay credenciales de AWS. Inicia sesión (aws sso login --profile <perfil> y "
            "export AWS_PROFILE=<perfil>) o define AWS_ACCESS_KEY_ID y AWS_SECRET_ACCESS_KEY."
        ) from e
    except ClientError as e:
        if _codigo(e) in ("ExpiredToken", "ExpiredTokenException", "RequestExpired"):
            raise ErrorDespliegue("Las credenciales de AWS expiraron: vuelve a iniciar sesión (aws sso login).") from e
        raise ErrorDespliegue(f"AWS rechazó las credenciales: {e}") from e
    return identidad["Account"], Revision(
        "ok", "Credenciales", f"cuenta {identidad['Account']} como {identidad['Arn']}"
    )


# --- plantilla ----------------------------------------------------------------------------------------------


def tipos_de_la_plantilla(plantilla: Mapping[str, Any]) -> set[str]:
    """Los tipos de recurso que CloudFormation tiene que conocer (los Custom:: los implementa la propia pila)."""
    return {
        r["Type"]
        for r in plantilla.get("Resources", {}).values()
        if not r["Type"].startswith("Custom::") and r["Type"] != "AWS::CDK::Metadata"
    }


def tipos_de_la_region(region: str) -> set[str] | None:
    """Los tipos de recurso del registro de CloudFormation de esa región, según el catálogo que trae cfn-lint."""
    # find_spec no importa cfnlint (importarlo tarda segundos): sólo se leen sus datos.
    paquete = importlib.util.find_spec("cfnlint")
    if paquete is None or not paquete.submodule_search_locations:
        return None
    archivo = Path(paquete.submodule_search_locations[0]) / "data" / "schemas" / "providers" / f"{region}.json"
    if not archivo.is_file():
        return None
    return set(json.loads(archivo.read_text(encoding="utf-8")))


def revisar_tipos_region(plantilla: Mapping[str, Any], region: str, disponibles: set[str] | None) -> Revision:
    tipos = tipos_de_la_plantilla(plantilla)
    if disponibles is None:
        return Revision("aviso", "Región", f"cfn-lint no conoce {region}: no se revisó qué tipos de recurso tiene")
    faltan = sorted(tipos - disponibles)
    if faltan:
        return Revision(
            "error",
            "Región",
            f"CloudFormation no tiene en {region} estos tipos de recurso de la pila: {', '.join(faltan)} "
            "(catálogo de cfn-lint). El despliegue fallaría a medias y dejaría recursos retenidos; elige otra región "
            "(docs/operacion.md, «Elegir la región»). Si AWS ya los agregó y cfn-lint no lo sabe, "
            "OMITIR_REVISION_REGION=1 salta esta revisión.",
        )
    return Revision("ok", "Región", f"los {len(tipos)} tipos de recurso de la pila existen en {region}")


def version_bootstrap_minima(plantilla: Mapping[str, Any]) -> int:
    """La versión de CDKToolkit que exige la regla CheckBootstrapVersion de la plantilla (las que rechaza + 1)."""
    regla = plantilla.get("Rules", {}).get("CheckBootstrapVersion")
    if not regla:
        return 0
    rechazadas = regla["Assertions"][0]["Assert"]["Fn::Not"][0]["Fn::Contains"][0]
    return max(int(v) for v in rechazadas) + 1


# --- concurrencia de Lambda ---------------------------------------------------------------------------------


def salidas_de_la_pila(cloudformation: Any, pila: str = PILA) -> dict[str, str] | None:
    """Las salidas de la pila desplegada, o None si no existe."""
    from botocore.exceptions import ClientError

    try:
        descripcion = cloudformation.describe_stacks(StackName=pila)["Stacks"][0]
    except ClientError as e:
        if "does not exist" in str(e):
            return None
        raise
    return {s["OutputKey"]: s["OutputValue"] for s in descripcion.get("Outputs") or []}


def reservada_actual(lambda_: Any, salidas: Mapping[str, str] | None) -> int:
    """Lo que la función del barrido ya reserva (cuenta dentro de lo reservado de la cuenta)."""
    funcion = (salidas or {}).get("FuncionBarrido")
    if not funcion:
        return 0
    from botocore.exceptions import ClientError

    try:
        return int(lambda_.get_function_concurrency(FunctionName=funcion).get("ReservedConcurrentExecutions") or 0)
    except ClientError:
        return 0


def revisar_concurrencia(lambda_: Any, reservada: int, ya_reservada: int = 0) -> Revision:
    """Cuota de concurrencia de la cuenta contra la que pide `concurrencia_barrido` (+100 sin reservar)."""
    limites = lambda_.get_account_settings()["AccountLimit"]
    cuota = int(limites["ConcurrentExecutions"])
    sin_reservar = int(limites["UnreservedConcurrentExecutions"]) + ya_reservada
    if reservada <= 0:
        mensaje = f"concurrencia_barrido=0: no se reserva nada (cuota de la cuenta: {cuota})"
        if cuota < 100:
            return Revision(
                "aviso",
                "Concurrencia",
                f"{mensaje}. Con {cuota} ejecuciones a la vez, la API y los flujos se limitarán con poca carga "
                f"(alarma LimitadaCuenta): pide 1000 en Service Quotas (código {CUOTA_CONCURRENCIA}).",
            )
        return Revision("ok", "Concurrencia", mensaje)
    quedarian = sin_reservar - reservada
    if quedarian < SIN_RESERVAR_MINIMO:
        raise ErrorDespliegue(
            f"concurrencia_barrido={reservada} no cabe: la cuenta tiene {cuota} ejecuciones concurrentes y "
            f"{sin_reservar} sin reservar; reservando {reservada} quedarían {quedarian}, y Lambda exige dejar "
            f"{SIN_RESERVAR_MINIMO}. Pide el aumento en Service Quotas (código {CUOTA_CONCURRENCIA}) o despliega "
            "con concurrencia_barrido=0."
        )
    return Revision(
        "ok", "Concurrencia", f"concurrencia_barrido={reservada}: quedan {quedarian} sin reservar de {cuota}"
    )


# --- SES ----------------------------------------------------------------------------------------------------


def revisar_ses(sesv2: Any, dominio: str, pila_existe: bool) -> list[Revision]:
    """La identidad del dominio (verificada, DKIM) y la cuenta de SES (sandbox, envío, estado)."""
    from botocore.exceptions import ClientError

    revisiones: list[Revision] = []
    try:
        identidad = sesv2.get_email_identity(EmailIdentity=dominio)
    except ClientError as e:
        if _codigo(e) != "NotFoundException":
            raise
        identidad = None
    if identidad is None:
        revisiones.append(
            Revision(
                "info",
                "SES",
                f"la identidad {dominio} no existe aún: la crea la pila; después publica sus registros DKIM "
                "(salidas DkimNombreN/DkimValorN)",
            )
        )
    elif not pila_existe:
        raise ErrorDespliegue(
            f"La identidad {dominio} ya existe en SES en esta región y la pila no: CloudFormation no puede crearla "
            "dos veces. Bórrala (aws sesv2 delete-email-identity --email-identity "
            f"{dominio}) o despliega con otro dominio_correo."
        )
    else:
        dkim = (identidad.get("DkimAttributes") or {}).get("Status", "NOT_STARTED")
        if identidad.get("VerifiedForSendingStatus") and dkim == "SUCCESS":
            revisiones.append(Revision("ok", "SES", f"{dominio} verificada, DKIM {dkim}"))
        else:
            revisiones.append(
                Revision(
                    "aviso",
                    "SES",
                    f"{dominio} aún no envía (DKIM {dkim}): publica los 3 CNAME de DKIM en el DNS (salidas "
                    "DkimNombreN/DkimValorN); SES lo verifica solo en minutos u horas",
                )
            )
    cuenta = sesv2.get_account()
    if not cuenta.get("ProductionAccessEnabled"):
        revisiones.append(
            Revision(
                "aviso",
                "SES",
                "la cuenta está en el sandbox: sólo envía a direcciones verificadas y al simulador. Pide acceso "
                "de producción antes de atender clientes (docs/operacion.md, «Salir del sandbox de SES»)",
            )
        )
    else:
        cuota = cuenta.get("SendQuota") or {}
        detalle = f"; cuota de {cuota['Max24HourSend']:g} correos en 24 h" if "Max24HourSend" in cuota else ""
        revisiones.append(Revision("ok", "SES", f"la cuenta tiene acceso de producción{detalle}"))
    if cuenta.get("SendingEnabled") is False or cuenta.get("EnforcementStatus") not in (None, "HEALTHY"):
        revisiones.append(
            Revision(
                "aviso",
                "SES",
                f"el envío de la cuenta está {'pausado' if cuenta.get('SendingEnabled') is False else 'activo'} y "
                f"su estado es {cuenta.get('EnforcementStatus')}: revisa el panel de reputación de SES",
            )
        )
    return revisiones


# --- bootstrap ----------------------------------------------------------------------------------------------


def revisar_bootstrap(cloudformation: Any, ssm: Any, minima: int) -> tuple[bool, Revision]:
    """(hace falta `cdk bootstrap`, revisión): la pila CDKToolkit y su parámetro de versión en SSM."""
    from botocore.exceptions import ClientError

    try:
        estado = cloudformation.describe_stacks(StackName=PILA_BOOTSTRAP)["Stacks"][0]["StackStatus"]
    except ClientError as e:
        if "does not exist" not in str(e):
            raise
        return True, Revision("info", "Bootstrap", f"la cuenta y región no tienen {PILA_BOOTSTRAP}: se creará")
    if estado in ESTADOS_FALLIDOS or estado.endswith("_IN_PROGRESS"):
        raise ErrorDespliegue(
            f"La pila {PILA_BOOTSTRAP} está en {estado}. Si falló, bórrala (aws cloudformation delete-stack "
            f"--stack-name {PILA_BOOTSTRAP}; su bucket de activos se vacía y borra a mano) y repite; si está en "
            "curso, espera a que termine."
        )
    try:
        version = int(ssm.get_parameter(Name=PARAMETRO_BOOTSTRAP)["Parameter"]["Value"])
    except ClientError as e:
        if _codigo(e) != "ParameterNotFound":
            raise
        return True, Revision("info", "Bootstrap", f"{PILA_BOOTSTRAP} existe sin {PARAMETRO_BOOTSTRAP}: se actualizará")
    if version < minima:
        return True, Revision(
            "info", "Bootstrap", f"{PILA_BOOTSTRAP} versión {version}, la pila pide {minima}: se actualizará"
        )
    return False, Revision("ok", "Bootstrap", f"{PILA_BOOTSTRAP} versión {version} (la pila pide {minima} o más)")


# --- salidas ------------------------------------------------------------------------------------------------


def texto_salidas(salidas: Mapping[str, str]) -> str:
    """Las salidas de la pila, en claro, y lo que sigue."""
    nombres = {
        "UrlSitio": "Sitio",
        "UrlApi": "API",
        "Tabla": "Tabla",
        "GrupoUsuarios": "Grupo de usuarios (Cognito)",
        "ClienteConsola": "Cliente de la consola",
        "SecretoPimienta": "Secreto de la pimienta",
        "AlarmaPrueba": "Alarma de prueba (make humo)",
        "FuncionBarrido": "Función del barrido",
    }
    lineas = ["Salidas de la pila:"]
    lineas += [f"  {nombre + ':':32} {salidas[clave]}" for clave, nombre in nombres.items() if clave in salidas]
    otras = sorted(k for k in salidas if k not in nombres and not k.startswith("Dkim"))
    lineas += [f"  {clave + ':':32} {salidas[clave]}" for clave in otras]
    dkim = sorted(k for k in salidas if k.startswith("DkimNombre"))
    if dkim:
        lineas.append("Registros DKIM para el DNS del dominio (tipo CNAME):")
        for clave in dkim:
            lineas.append(f"  {salidas[clave]}  →  {salidas.get(clave.replace('Nombre', 'Valor'), '?')}")
    lineas.append("Sigue:")
    if "UrlSitio" in salidas:
        lineas.append(f"  make humo URL={salidas['UrlSitio']}")
    lineas.append("  make agente USUARIO=… GRUPO=… CORREO=…   (docs/operacion.md, «Dar de alta a los agentes»)")
    return "\n".join(lineas)


# --- ejecución ----------------------------------------------------------------------------------------------


Ejecutar = Callable[[list[str], Mapping[str, str]], int]
# Los servicios que revisa `make deploy` (con un literal, los stubs de boto3 dan el tipo de cada cliente).
type Servicio = Literal["cloudformation", "lambda", "sesv2", "ssm", "sts"]


def ejecutar(orden: list[str], entorno: Mapping[str, str]) -> int:
    print(f"$ {' '.join(orden)}", flush=True)
    return subprocess.run(orden, cwd=RAIZ, env=dict(entorno), check=False).returncode  # noqa: S603


def desplegar(
    solo_revisar: bool = False,
    entorno: Mapping[str, str] | None = None,
    region_perfil: str | None = None,
    cliente: Callable[[Servicio, str], Any] | None = None,
    correr: Ejecutar = ejecutar,
    salida: Callable[[str], None] = print,
    raiz: Path = RAIZ,
) -> int:
    """Todo `make deploy`. Las pruebas pasan el entorno, la fábrica de clientes (moto o dobles) y `correr`."""
    entorno = dict(os.environ if entorno is None else entorno)
    revisar_entorno(entorno)
    if cliente is None:
        import boto3

        sesion = boto3.session.Session(profile_name=entorno.get("AWS_PROFILE") or None)
        region_perfil = sesion.region_name

        def cliente(servicio: Servicio, region: str) -> Any:
            return sesion.client(servicio, region_name=region)

    base = contexto_cdk_json(raiz)
    dados = {**contexto_archivo(raiz / ARCHIVO_LOCAL.name), **contexto_linea(entorno.get("CONTEXTO", ""))}
    if dados:
        salida(f"{MARCA['info']} Contexto dado: " + ", ".join(f"{k}={valor_cdk(v)}" for k, v in dados.items()))

    region, origen = resolver_region(entorno, region_perfil)
    salida(f"{MARCA['info']} Región: {region} ({origen})")
    # CDK usa la misma región que estas revisiones.
    entorno.update({"AWS_REGION": region, "AWS_DEFAULT_REGION": region})

    cuenta, revision = revisar_credenciales(cliente("sts", region))
    salida(str(revision))

    ensamblado = raiz / ENSAMBLADO.name
    if correr(["npx", "cdk", "synth", "--quiet", *argumentos_contexto(dados)], entorno) != 0:
        raise ErrorDespliegue("La síntesis falló (arriba el motivo): no se tocó la cuenta.")
    plantilla = json.loads((ensamblado / f"{PILA}.template.json").read_text(encoding="utf-8"))

    revision = revisar_tipos_region(plantilla, region, tipos_de_la_region(region))
    salida(str(revision))
    if revision.nivel == "error" and entorno.get("OMITIR_REVISION_REGION") != "1":
        raise ErrorDespliegue("La región no tiene todos los tipos de recurso de la pila: no se tocó la cuenta.")

    cloudformation = cliente("cloudformation", region)
    previas = salidas_de_la_pila(cloudformation)
    reservada = int(efectivo(base, dados, "concurrencia_barrido") or 0)
    lambda_ = cliente("lambda", region)
    salida(str(revisar_concurrencia(lambda_, reservada, reservada_actual(lambda_, previas))))

    dominio = str(efectivo(base, dados, "dominio_correo"))
    for revision in revisar_ses(cliente("sesv2", region), dominio, previas is not None):
        salida(str(revision))

    minima = version_bootstrap_minima(plantilla)
    hace_falta, revision = revisar_bootstrap(cloudformation, cliente("ssm", region), minima)
    salida(str(revision))
    # La pila del borde va en us-east-1: esa región también necesita el bootstrap de CDK.
    regiones = {region: hace_falta}
    if region != REGION_BORDE:
        borde = json.loads((ensamblado / f"{PILA_BORDE}.template.json").read_text(encoding="utf-8"))
        regiones[REGION_BORDE], revision = revisar_bootstrap(
            cliente("cloudformation", REGION_BORDE), cliente("ssm", REGION_BORDE), version_bootstrap_minima(borde)
        )
        salida(f"{revision} ({REGION_BORDE}, pila {PILA_BORDE})")
    if solo_revisar:
        salida("Revisiones terminadas; no se desplegó nada (make deploy despliega).")
        return 0

    for destino, falta in regiones.items():
        arranque = ["npx", "cdk", "bootstrap", f"aws://{cuenta}/{destino}", "--app", str(ensamblado)]
        if falta and correr(arranque, entorno) != 0:
            raise ErrorDespliegue(f"cdk bootstrap de {destino} falló (arriba el motivo).")

    aprobacion = entorno.get("APROBACION") or "broadening"
    # Primero el borde: su salida ArnWaf es el parámetro de la pila principal (sin ella no hay distribución).
    salidas_borde = ensamblado / "salidas-borde.json"
    orden = ["npx", "cdk", "deploy", PILA_BORDE, "--app", str(ensamblado)]
    orden += ["--require-approval", aprobacion, "--outputs-file", str(salidas_borde)]
    if correr(orden, entorno) != 0:
        raise ErrorDespliegue(
            f"cdk deploy de {PILA_BORDE} ({REGION_BORDE}) falló (arriba los eventos de CloudFormation); la pila "
            "principal no se tocó."
        )
    arn_waf = json.loads(salidas_borde.read_text(encoding="utf-8")).get(PILA_BORDE, {}).get(SALIDA_ARN_WAF)
    if not arn_waf:
        raise ErrorDespliegue(f"La pila {PILA_BORDE} no dio su salida {SALIDA_ARN_WAF}: la pila principal no se tocó.")

    archivo_salidas = ensamblado / "salidas.json"
    orden = ["npx", "cdk", "deploy", PILA, "--app", str(ensamblado), "--parameters", f"{PILA}:ArnWaf={arn_waf}"]
    orden += ["--require-approval", aprobacion, "--outputs-file", str(archivo_salidas)]
    if correr(orden, entorno) != 0:
        raise ErrorDespliegue(
            "cdk deploy falló (arriba los eventos de CloudFormation). Una actualización fallida vuelve sola a la "
            "versión anterior; ver docs/operacion.md, «Revertir»."
        )
    salida(texto_salidas(json.loads(archivo_salidas.read_text(encoding="utf-8")).get(PILA, {})))
    return 0


def main(argumentos: list[str] | None = None) -> int:
    analizador = argparse.ArgumentParser(prog="make deploy", description=__doc__.split("\n\n")[0])
    analizador.add_argument("--solo-revisar", action="store_true", help="revisa sin desplegar (make revisar-aws)")
    args = analizador.parse_args(argumentos)
    try:
        return desplegar(solo_revisar=args.solo_revisar)
    except ErrorDespliegue as e:
        print(f"{MARCA['error']} {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
