"""Amazon Connect: horario, cola de asesores, flujo de contacto y la función ivr asociada a la instancia.

Sólo existe con `-c connect_instancia=<arn>`: la instancia (y su número) se crean y reclaman aparte
(docs/operacion.md); la pila no administra la instancia ni borra nada de ella al desmantelarse más allá de lo suyo.
"""

from __future__ import annotations

import atexit
import json
import re
import shutil
import tempfile
from dataclasses import dataclass
from datetime import date, time
from pathlib import Path

from aws_cdk import Fn, Stack
from aws_cdk import aws_connect as connect
from aws_cdk import aws_lambda as lambda_
from constructs import Construct

from funciones.nucleo.dominio import calendario
from infraestructura.connect import flujo

DIAS_CONNECT = ("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY")
PATRON_INSTANCIA = re.compile(r"arn:aws[a-z-]*:connect:[a-z0-9-]+:[0-9]{12}:instance/[0-9a-f-]{36}")
PATRON_COLA = re.compile(r"arn:aws[a-z-]*:connect:[a-z0-9-]+:[0-9]{12}:instance/[0-9a-f-]{36}/queue/[0-9a-f-]{36}")
PATRON_URL = re.compile(r"https://([a-z0-9][a-z0-9-]*)\.(my\.connect\.aws|awsapps\.com)")
NOMBRE_FLUJO = "Blue Point - Seguimiento por teléfono"
RAIZ = Path(__file__).resolve().parents[2]
# Amazon Connect Streams (paquete npm, versión fija en package.json): el build lo copia a la consola sólo con Connect.
STREAMS = RAIZ / "node_modules" / "amazon-connect-streams"
DESTINO_STREAMS = "consola/vendor/amazon-connect-streams.js"
CONFIG_CONSOLA = "consola/connect.json"


@dataclass(frozen=True)
class Telefonia:
    """Lo que la consola necesita para el teléfono de Connect: el origen (CSP), la URL del CCP y la región."""

    origen: str
    ccp: str
    region: str


def instancia_connect(valor: object) -> str:
    """El contexto `connect_instancia`: vacío (sin Connect) o el ARN de una instancia."""
    if valor in (None, ""):
        return ""
    if not isinstance(valor, str) or not PATRON_INSTANCIA.fullmatch(valor.strip()):
        raise ValueError(
            "connect_instancia debe ser el ARN de la instancia: arn:aws:connect:<región>:<cuenta>:instance/<id>"
        )
    return valor.strip()


def cola_connect(valor: object, instancia: str) -> str:
    """El contexto `connect_cola`: vacío (la pila crea la cola) o el ARN de una cola de esa misma instancia."""
    if valor in (None, ""):
        return ""
    if not isinstance(valor, str) or not PATRON_COLA.fullmatch(valor.strip()):
        raise ValueError("connect_cola debe ser el ARN de una cola: <ARN de la instancia>/queue/<id>")
    if not valor.strip().startswith(f"{instancia}/queue/"):
        raise ValueError("connect_cola debe ser una cola de la instancia de connect_instancia")
    return valor.strip()


def telefonia_consola(url: object, instancia: str) -> Telefonia | None:
    """El contexto `connect_url` (https://<alias>.my.connect.aws): el teléfono (CCP) y el screen pop en la consola.

    Vacío: la consola sin teléfono (el flujo funciona igual). Exige `connect_instancia` (su región y el origen
    aprobado de la consola)."""
    if url in (None, ""):
        return None
    if not instancia:
        raise ValueError("connect_url necesita connect_instancia (el ARN de la misma instancia)")
    texto = url.strip().rstrip("/") if isinstance(url, str) else ""
    if texto.endswith("/connect"):
        texto = texto.removesuffix("/connect")
    m = PATRON_URL.fullmatch(texto)
    if not m:
        raise ValueError("connect_url debe ser la dirección de la instancia: https://<alias>.my.connect.aws")
    ccp = f"{texto}/ccp-v2/" if m.group(2) == "my.connect.aws" else f"{texto}/connect/ccp-v2/"
    return Telefonia(origen=texto, ccp=ccp, region=instancia.split(":")[3])


def carpeta_streams() -> Path:
    """Una carpeta con Streams en su lugar de la consola (y su licencia), para el despliegue del sitio."""
    origen = STREAMS / "release" / "connect-streams-min.js"
    if not origen.is_file():
        raise FileNotFoundError(
            "Falta amazon-connect-streams (node_modules): corre `npm ci` (make synth y make deploy lo hacen)"
        )
    carpeta = Path(tempfile.mkdtemp(prefix="bluepoint-streams-"))
    # CDK la copia a su ensamblado al sintetizar; al salir del proceso ya no hace falta.
    atexit.register(shutil.rmtree, carpeta, ignore_errors=True)
    destino = carpeta / DESTINO_STREAMS
    destino.parent.mkdir(parents=True)
    shutil.copyfile(origen, destino)
    shutil.copyfile(STREAMS / "LICENSE.txt", destino.with_name("amazon-connect-streams.LICENSE.txt"))
    return carpeta


def _tramo(hora: time) -> dict[str, int]:
    return {"hours": hora.hour, "minutes": hora.minute}


def horario_semanal() -> list[connect.CfnHoursOfOperation.HoursOfOperationConfigProperty]:
    """Un tramo por día de atención del calendario de negocio (lunes a sábado, de APERTURA a CIERRE)."""
    return [
        connect.CfnHoursOfOperation.HoursOfOperationConfigProperty(
            day=DIAS_CONNECT[dia],
            start_time=connect.CfnHoursOfOperation.HoursOfOperationTimeSliceProperty(**_tramo(calendario.APERTURA)),
            end_time=connect.CfnHoursOfOperation.HoursOfOperationTimeSliceProperty(**_tramo(calendario.CIERRE)),
        )
        for dia in sorted(calendario.DIAS_ATENCION)
    ]


def feriados_cerrados(desde: date) -> list[connect.CfnHoursOfOperation.HoursOfOperationOverrideProperty]:
    """Los feriados de la Ley Federal del Trabajo (los del calendario) de este año y el siguiente, sin los pasados,
    como excepciones «cerrado» sobre el horario de ese día (un feriado en domingo ya está cerrado)."""
    excepciones = []
    for anio in (desde.year, desde.year + 1):
        for dia, nombre in sorted(calendario.feriados(anio).items()):
            if dia < desde or dia.weekday() not in calendario.DIAS_ATENCION:
                continue
            excepciones.append(
                connect.CfnHoursOfOperation.HoursOfOperationOverrideProperty(
                    override_name=f"{nombre} {dia.year}",
                    override_description="Día de descanso obligatorio (art. 74 de la Ley Federal del Trabajo)",
                    override_type="CLOSED",
                    effective_from=dia.isoformat(),
                    effective_till=dia.isoformat(),
                    override_config=[
                        connect.CfnHoursOfOperation.HoursOfOperationOverrideConfigProperty(
                            day=DIAS_CONNECT[dia.weekday()],
                            start_time=connect.CfnHoursOfOperation.OverrideTimeSliceProperty(
                                **_tramo(calendario.APERTURA)
                            ),
                            end_time=connect.CfnHoursOfOperation.OverrideTimeSliceProperty(**_tramo(calendario.CIERRE)),
                        )
                    ],
                )
            )
    return excepciones


class Connect(Construct):
    """El lado de Connect que vive en el repositorio: horario, cola, flujo, asociación y permiso de la función."""

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        instancia: str,
        funcion: lambda_.IFunction,
        cola: str = "",
        origen_consola: str | None = None,
        hoy: date | None = None,
    ) -> None:
        super().__init__(scope, id)
        pila = Stack.of(self)
        self.instancia = instancia

        self.horario = connect.CfnHoursOfOperation(
            self,
            "Horario",
            instance_arn=instancia,
            name="Blue Point - Atención a clientes",
            description="Lunes a sábado de 8:30 a 18:30 (Ciudad de México), sin feriados: el calendario de los plazos",
            time_zone=calendario.ZONA.key,
            config=horario_semanal(),
            hours_of_operation_overrides=feriados_cerrados(hoy or date.today()),
        )
        if cola:
            self.cola_arn = cola
        else:
            self.cola = connect.CfnQueue(
                self,
                "Cola",
                instance_arn=instancia,
                name="Blue Point - Asesores",
                description="Llamadas que piden un asesor desde el menú del teléfono",
                hours_of_operation_arn=self.horario.attr_hours_of_operation_arn,
            )
            self.cola_arn = self.cola.attr_queue_arn

        # Connect sólo invoca funciones asociadas a la instancia, y Lambda sólo lo deja si la política lo permite.
        self.asociacion = connect.CfnIntegrationAssociation(
            self,
            "AsociacionIvr",
            instance_id=instancia,
            integration_type="LAMBDA_FUNCTION",
            integration_arn=funcion.function_arn,
        )
        self.permiso = lambda_.CfnPermission(
            self,
            "PermisoIvr",
            action="lambda:InvokeFunction",
            function_name=funcion.function_arn,
            principal="connect.amazonaws.com",
            source_arn=instancia,
            source_account=pila.account,
        )
        self.flujo = connect.CfnContactFlow(
            self,
            "Flujo",
            instance_arn=instancia,
            name=NOMBRE_FLUJO,
            type="CONTACT_FLOW",
            state="ACTIVE",
            description="Saludo con el horario, consulta de folio con la función ivr y paso a un asesor",
            # El archivo del repositorio tal cual (compacto), con los ARN de esta pila.
            content=Fn.sub(
                json.dumps(
                    json.loads(flujo.ARCHIVO.read_text(encoding="utf-8")), ensure_ascii=False, separators=(",", ":")
                ),
                {
                    "FuncionIvr": funcion.function_arn,
                    "Cola": self.cola_arn,
                    "Horario": self.horario.attr_hours_of_operation_arn,
                },
            ),
        )
        # El teléfono (CCP) en la consola: Connect sólo se deja enmarcar por orígenes aprobados.
        if origen_consola:
            connect.CfnApprovedOrigin(self, "OrigenConsola", instance_id=instancia, origin=origen_consola)
        # El flujo invoca la función: que exista su asociación y su permiso antes que él.
        self.flujo.node.add_dependency(self.asociacion, self.permiso)
