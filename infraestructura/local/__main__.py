"""`make run`: levanta el sitio, la consola y la API con AWS emulado (moto) en el mismo proceso."""

from __future__ import annotations

import signal
import threading

from funciones.nucleo.dominio.totp import secreto_agrupado as agrupado
from infraestructura.local.servidor import ServidorLocal


def main() -> None:
    servidor = ServidorLocal().iniciar()
    u = servidor.url
    print(
        "\nBlue Point · Atención al Cliente (local, AWS emulado con moto)\n"
        f"  Sitio:            {u}/\n"
        f"  Seguimiento:      {u}/seguimiento.html\n"
        f"  API (OpenAPI):    {u}/api/openapi.json\n"
        f"  Correos enviados: {u}/_local/correos\n"
        f"  SMS y alertas:    {u}/_local/mensajes.json\n"
        f"  Consola:          {u}/consola/\n"
        f"  Página corporativa de muestra (formulario incrustado, único origen con CORS): "
        f"{servidor.url_corporativa}/\n"
        f"  Agentes de demostración (contraseña: {servidor.clave_demo}):\n"
        + "".join(f"    {a}\n" for a in servidor.agentes)
        + f"    {servidor.agente_primer_inicio}  primer inicio: entra con esa misma contraseña (es temporal) y elige "
        "una nueva\n"
        f"    {servidor.agente_totp}  supervisor con verificación en dos pasos: además de la contraseña pide un "
        "código TOTP;\n"
        f"               secreto para tu app: {agrupado(servidor.secreto_totp)}  (o el código de ahora: "
        "python -m infraestructura.local.totp)\n"
        "    Para pedir TOTP a los supervisores como en AWS: MFA_OBLIGATORIO=supervisores make run\n"
        f"  Clientes de demostración: datos/clientes_demo.csv ({servidor.informe_clientes.cargados} cargados)\n"
        "Ctrl+C para detener.\n",
        flush=True,
    )
    alto = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: alto.set())
    try:
        alto.wait()
    except KeyboardInterrupt:
        pass
    finally:
        servidor.detener()


if __name__ == "__main__":
    main()
