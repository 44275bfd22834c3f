"""`make plantillas-whatsapp WABA=waba-…`: crea en la cuenta de WhatsApp Business ligada las plantillas del repositorio.

Usa el API de plantillas de End User Messaging Social (`create_whatsapp_message_template`, que las manda a revisión
de Meta). Es idempotente: una plantilla que ya existe con el mismo nombre e idioma se deja como está (Meta no
permite cambiar el texto de una aprobada sin volver a revisarla: para cambiar un texto se crea otra con otro nombre).
Al final lista el estado de cada una (APPROVED, PENDING, REJECTED).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any

from funciones.nucleo.dominio import whatsapp


def existentes(cliente: Any, waba: str) -> dict[tuple[str, str], dict[str, Any]]:
    salida: dict[tuple[str, str], dict[str, Any]] = {}
    argumentos: dict[str, Any] = {"id": waba}
    while True:
        r = cliente.list_whatsapp_message_templates(**argumentos)
        for p in r.get("templates", []):
            salida[(p["templateName"], p.get("templateLanguage", ""))] = p
        if not r.get("nextToken"):
            return salida
        argumentos["nextToken"] = r["nextToken"]


def crear(cliente: Any, waba: str) -> list[tuple[str, str, str]]:
    """(clave, nombre en Meta, estado) de cada plantilla del repositorio; crea las que faltan."""
    previas = existentes(cliente, waba)
    resultado = []
    for clave, definicion in whatsapp.plantillas().items():
        nombre, idioma = definicion["name"], definicion["language"]
        previa = previas.get((nombre, idioma))
        if previa is not None:
            resultado.append((clave, nombre, f"ya existía ({previa.get('templateStatus', '?')})"))
            continue
        r = cliente.create_whatsapp_message_template(
            templateDefinition=json.dumps(definicion, ensure_ascii=False).encode("utf-8"), id=waba
        )
        resultado.append((clave, nombre, f"creada ({r.get('templateStatus', '?')})"))
    return resultado


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--waba", default=os.environ.get("WABA"), help="id de AWS de la cuenta: waba-…")
    args = parser.parse_args(argv)
    if not args.waba or not str(args.waba).startswith("waba-"):
        print(
            "Falta WABA=waba-…: el id de AWS de la cuenta ligada "
            "(aws socialmessaging list-linked-whatsapp-business-accounts)."
        )
        return 2
    import boto3

    for clave, nombre, estado in crear(boto3.client("socialmessaging"), args.waba):
        print(f"{clave:22} {nombre:34} {estado}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
