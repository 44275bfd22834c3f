"""checkov sobre la plantilla sintetizada: lo que no se corrige se omite aquí, cada omisión con su motivo.

`python -m infraestructura.checkov <plantilla.json>…` (lo corre `make test` con las plantillas de la síntesis: la
principal y la del borde).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

RAIZ = Path(__file__).resolve().parents[1]
# Versión fija: checkov corre aislado con `uv tool run` (sus dependencias chocan con las del proyecto).
VERSION = "3.2.495"

OMISIONES: dict[str, str] = {
    "CKV_AWS_117": "Las funciones sólo hablan con APIs de AWS por HTTPS e IAM: una VPC agregaría NAT, costo y arranque "
    "sin proteger nada.",
    "CKV_AWS_115": "La concurrencia reservada por función recorta la de la cuenta y exige una cuota mayor a 100; el "
    "tráfico se limita en la etapa de API Gateway y en el WAF por IP, y sólo el barrido puede reservarla "
    "(contexto concurrencia_barrido).",
    "CKV_AWS_116": "Las funciones de la API se invocan en forma síncrona (una DLQ no aplica); las asíncronas y las del "
    "flujo tienen destino on-failure en SQS con alarma, que checkov no reconoce como DLQ.",
    "CKV_AWS_173": "Las variables de entorno no llevan secretos (la pimienta está en Secrets Manager) y Lambda las "
    "cifra en reposo con su llave administrada.",
    "CKV_AWS_158": "Los registros no llevan datos personales (lo prueba tests/integracion) y CloudWatch los cifra en "
    "reposo; una llave propia sólo agregaría costo por solicitud a KMS.",
    "CKV_AWS_27": "Las colas de fallos están cifradas con SSE-SQS (SqsManagedSseEnabled); checkov sólo reconoce "
    "KmsMasterKeyId.",
    "CKV_AWS_111": "Dos políticas sin recurso acotable: sns:Publish a un teléfono (SMS) no tiene ARN, y la función "
    "interna de CDK que despliega el sitio; ambas reconocidas también en cdk-nag.",
    "CKV_AWS_18": "Es el bucket que recibe los registros de acceso; registrarlo en sí mismo sería un bucle.",
    "CKV_AWS_174": "Sin dominio propio CloudFront usa su certificado por omisión, que no admite fijar la versión "
    "mínima de TLS; con dominio propio se fija TLSv1.2_2021.",
}


def revisar(plantilla: Path, omitir: bool = True) -> dict:
    """Corre checkov y devuelve su resumen y lo que falló (sin las omisiones si `omitir`)."""
    uv = RAIZ / ".herramientas" / "bin" / "uv"
    r = subprocess.run(  # noqa: S603 -- argumentos fijos
        [
            str(uv if uv.exists() else "uv"),
            "tool",
            "run",
            "--from",
            f"checkov=={VERSION}",
            "checkov",
            "--file",
            str(plantilla),
            "--framework",
            "cloudformation",
            *(["--skip-check", ",".join(OMISIONES)] if omitir else []),
            "--output",
            "json",
            "--quiet",
            "--compact",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        # Sin red hacia la plataforma de Prisma: checkov sólo intentaría bajar guías de texto.
        env={**os.environ, "BC_SKIP_MAPPING": "TRUE"},
    )
    if not r.stdout.strip():
        raise RuntimeError(f"checkov no devolvió resultados: {r.stderr[-2000:]}")
    datos = json.loads(r.stdout)
    if isinstance(datos, list):
        (datos,) = [d for d in datos if d.get("check_type") == "cloudformation"]
    return {
        "resumen": datos.get("summary", {}),
        "fallas": [(f["check_id"], f["resource"]) for f in datos.get("results", {}).get("failed_checks", [])],
    }


if __name__ == "__main__":
    fallas = 0
    for plantilla in sys.argv[1:]:
        resultado = revisar(Path(plantilla))
        for check, recurso in resultado["fallas"]:
            print(f"FALLA {check} {recurso}")
        print(Path(plantilla).name, json.dumps(resultado["resumen"]))
        fallas += len(resultado["fallas"])
    sys.exit(1 if fallas else 0)
