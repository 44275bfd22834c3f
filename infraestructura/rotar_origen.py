"""`make rotar-origen`: rota el candado de origen (la cabecera secreta que CloudFront agrega a la API) sin caída.

El secreto guarda `{actual, anterior}`; CloudFront manda `actual` y las funciones aceptan los dos, con una copia en
memoria que se relee cada VIGENCIA_CANDADO_S (5 min). Pasos, en este orden:

1. secreto ← {actual: NUEVO, anterior: VIEJO}: las funciones, al releer, aceptan los dos;
2. esperar a que venza la copia en memoria de toda función (VIGENCIA_CANDADO_S y un margen);
3. CloudFront ← NUEVO en la cabecera del origen de la API; esperar a que la distribución quede `Deployed`;
4. esperar otra vez la copia en memoria y retirar el viejo: secreto ← {actual: NUEVO, anterior: ""}.

En cada momento lo que manda CloudFront está entre lo aceptado. Si se corta a la mitad, volver a correrla sigue
donde se quedó (lo deduce de lo que hay en el secreto y en la distribución). El próximo `make deploy` resuelve la
referencia dinámica al mismo `actual`, así que no deshace nada.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import sys
import time
from collections.abc import Callable
from typing import Any

from funciones.nucleo.adaptadores.secretos import VIGENCIA_CANDADO_S
from funciones.nucleo.frontera.candado import CABECERA_CANDADO

PILA_PREDETERMINADA = "BluePointAtencion"
SALIDA_SECRETO = "SecretoCandado"
SALIDA_DISTRIBUCION = "Distribucion"
MARGEN_S = 30


class ErrorRotacion(Exception):
    """Algo impide rotar; el mensaje dice qué hacer."""


def nuevo_valor() -> str:
    # 48 caracteres de [A-Za-z0-9_-]: válidos en una cabecera HTTP y en la de CloudFront.
    return secrets.token_urlsafe(36)


def leer_secreto(sm: Any, secreto: str) -> dict[str, str]:
    datos = json.loads(sm.get_secret_value(SecretId=secreto)["SecretString"])
    return {"actual": str(datos.get("actual") or ""), "anterior": str(datos.get("anterior") or "")}


def escribir_secreto(sm: Any, secreto: str, actual: str, anterior: str) -> None:
    sm.put_secret_value(SecretId=secreto, SecretString=json.dumps({"actual": actual, "anterior": anterior}))


def cabecera_en_cloudfront(cloudfront: Any, distribucion: str) -> tuple[dict[str, Any], str, list[dict[str, Any]]]:
    """(configuración, ETag, las cabeceras del candado en los orígenes): una por origen de la API."""
    respuesta = cloudfront.get_distribution_config(Id=distribucion)
    configuracion = respuesta["DistributionConfig"]
    cabeceras = [
        c
        for origen in configuracion["Origins"]["Items"]
        for c in (origen.get("CustomHeaders") or {}).get("Items") or []
        if c["HeaderName"].lower() == CABECERA_CANDADO
    ]
    if not cabeceras:
        raise ErrorRotacion(f"La distribución {distribucion} no tiene la cabecera {CABECERA_CANDADO} en ningún origen.")
    return configuracion, respuesta["ETag"], cabeceras


def poner_en_cloudfront(cloudfront: Any, distribucion: str, valor: str) -> None:
    configuracion, etiqueta, cabeceras = cabecera_en_cloudfront(cloudfront, distribucion)
    for cabecera in cabeceras:
        cabecera["HeaderValue"] = valor
    cloudfront.update_distribution(Id=distribucion, IfMatch=etiqueta, DistributionConfig=configuracion)


def esperar_despliegue(
    cloudfront: Any, distribucion: str, dormir: Callable[[float], None], limite_s: float = 1800
) -> None:
    inicio = time.monotonic()
    while cloudfront.get_distribution(Id=distribucion)["Distribution"]["Status"] != "Deployed":
        if time.monotonic() - inicio > limite_s:
            raise ErrorRotacion("CloudFront no terminó de desplegar en 30 min; vuelve a correr la orden después.")
        dormir(20)


def rotar(
    sm: Any,
    cloudfront: Any,
    secreto: str,
    distribucion: str,
    espera_s: float = VIGENCIA_CANDADO_S + MARGEN_S,
    dormir: Callable[[float], None] = time.sleep,
    salida: Callable[[str], None] = print,
    generar: Callable[[], str] = nuevo_valor,
) -> str:
    """Rota (o termina una rotación a medias) y devuelve el valor nuevo."""
    valores = leer_secreto(sm, secreto)
    _, _, cabeceras = cabecera_en_cloudfront(cloudfront, distribucion)
    en_cloudfront = {c["HeaderValue"] for c in cabeceras}
    if len(en_cloudfront) != 1:
        raise ErrorRotacion("Los orígenes de la distribución no llevan el mismo candado: corrige a mano y repite.")
    (enviado,) = en_cloudfront

    if enviado == valores["actual"] and not valores["anterior"]:
        nuevo = generar()
        salida(f"1/4 Secreto: se agrega el valor nuevo; se sigue aceptando el de ahora ({secreto}).")
        escribir_secreto(sm, secreto, nuevo, valores["actual"])
        valores = {"actual": nuevo, "anterior": enviado}
    elif enviado == valores["anterior"]:
        salida("1/4 Secreto: ya tiene el valor nuevo (una rotación a medias); se sigue.")
    elif enviado == valores["actual"]:
        salida("1-3/4 CloudFront ya manda el valor nuevo (una rotación a medias); falta retirar el anterior.")
    else:
        raise ErrorRotacion(
            "CloudFront manda un valor que el secreto no tiene: la API lo estaría rechazando. Pon en el secreto "
            '{actual: <lo que manda CloudFront>, anterior: ""} y repite.'
        )

    if enviado != valores["actual"]:
        salida(f"2/4 Esperando {espera_s:.0f} s a que cada función relea el secreto…")
        dormir(espera_s)
        salida(f"3/4 CloudFront: la cabecera {CABECERA_CANDADO} pasa al valor nuevo; esperando el despliegue…")
        poner_en_cloudfront(cloudfront, distribucion, valores["actual"])
        esperar_despliegue(cloudfront, distribucion, dormir)

    salida(f"4/4 Esperando {espera_s:.0f} s y retirando el valor anterior del secreto…")
    dormir(espera_s)
    escribir_secreto(sm, secreto, valores["actual"], "")
    salida("Listo: el candado de origen se rotó sin caída.")
    return valores["actual"]


def salidas_pila(cloudformation: Any, pila: str) -> dict[str, str]:
    descripcion = cloudformation.describe_stacks(StackName=pila)["Stacks"][0]
    return {s["OutputKey"]: s["OutputValue"] for s in descripcion.get("Outputs") or []}


def main(argumentos: list[str] | None = None) -> int:
    analizador = argparse.ArgumentParser(prog="make rotar-origen", description=__doc__.split("\n\n")[0])
    analizador.add_argument("--pila", default=os.environ.get("PILA") or PILA_PREDETERMINADA)
    analizador.add_argument(
        "--espera", type=float, default=VIGENCIA_CANDADO_S + MARGEN_S, help="segundos (pasos 2 y 4)"
    )
    args = analizador.parse_args(argumentos)
    import boto3

    sesion = boto3.session.Session()
    try:
        salidas = salidas_pila(sesion.client("cloudformation"), args.pila)
        if SALIDA_SECRETO not in salidas or SALIDA_DISTRIBUCION not in salidas:
            raise ErrorRotacion(f"La pila {args.pila} no tiene las salidas {SALIDA_SECRETO} y {SALIDA_DISTRIBUCION}.")
        rotar(
            sesion.client("secretsmanager"),
            sesion.client("cloudfront"),
            salidas[SALIDA_SECRETO],
            salidas[SALIDA_DISTRIBUCION],
            espera_s=args.espera,
        )
    except ErrorRotacion as e:
        print(f"✗ {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
