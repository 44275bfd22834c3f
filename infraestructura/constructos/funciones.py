"""Una Lambda por función de `FUNCIONES`: rol propio, grupo de registros propio y permisos mínimos."""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jsii
from aws_cdk import AssetHashType, BundlingOptions, DockerImage, Duration, ILocalBundling
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from aws_cdk import aws_secretsmanager as secretsmanager
from constructs import Construct

from infraestructura.constructos.datos import INDICE_UMBRALES, INDICE_VENCIMIENTOS
from infraestructura.constructos.dependencias import PLATAFORMA, codigo_capa
from infraestructura.constructos.nag import reconocer
from infraestructura.rutas import FUNCIONES, Funcion

RAIZ = Path(__file__).resolve().parents[2]

# El de arranque en frío más corto (docs/decisiones.md); las pruebas corren en esta misma versión (Makefile).
RUNTIME = lambda_.Runtime.PYTHON_3_12
VERSION_PYTHON = RUNTIME.name.removeprefix("python")  # "3.12"
ARQUITECTURA = lambda_.Architecture.ARM_64
RETENCION_REGISTROS = logs.RetentionDays.ONE_MONTH

# Lo que cada función puede hacer sobre la tabla, y nada más. Una función nueva sin entrada aquí
# detiene la síntesis: sus permisos se deciden a propósito, no por omisión.
# TransactWriteItems no es una acción IAM: se autoriza cada Put/Update/ConditionCheck de la transacción.
ACCIONES_TABLA: dict[str, tuple[str, ...]] = {
    "catalogo": (),
    "documentacion": (),
    # InitiateAuth de Cognito es una API sin autenticación IAM: la función no necesita permisos.
    "sesiones": (),
    # Puts del caso, su evento y la marca de idempotencia; Update de la verificación que consume el alta
    # asistida. GetItem: relee la respuesta de una Idempotency-Key repetida y lee la verificación.
    "alta": ("dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:GetItem"),
    # Query: caso, historial y consultas fallidas; UpdateItem: contar una consulta fallida (límite por folio).
    "seguimiento": ("dynamodb:Query", "dynamodb:UpdateItem"),
    "comprobantes": ("dynamodb:GetItem",),
    # Marca de envío (Put/Update/Delete) y entrega; GetItem: evento de la encuesta diferida y caso de un rebote;
    # Query: los Message-ID anteriores del caso (el hilo de cada correo).
    "notificaciones": (
        "dynamodb:PutItem",
        "dynamodb:UpdateItem",
        "dynamodb:DeleteItem",
        "dynamodb:GetItem",
        "dynamodb:Query",
    ),
    # BatchGetItem: perfil, bloqueo del contrato y presupuesto del agente; Puts: bloqueos, verificación, evento del
    # cliente y alerta a supervisores; ConditionCheckItem: el éxito revisa que el agente no esté bloqueado.
    "verificacion": ("dynamodb:BatchGetItem", "dynamodb:PutItem", "dynamodb:ConditionCheckItem"),
    # GetItem: caso, perfil del cliente y adjunto del agente; Query: historial y adjuntos del caso; Puts: caso, eventos
    # y adjuntos; UpdateItem: adjunto del agente rechazado por su tipo.
    "gestion": ("dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem", "dynamodb:UpdateItem"),
    # Query: la partición de cada término del índice de búsqueda; BatchGetItem: los casos y clientes encontrados.
    "busqueda": ("dynamodb:Query", "dynamodb:BatchGetItem"),
    # GetItem del caso; Puts del caso y su evento.
    "confirmaciones": ("dynamodb:GetItem", "dynamodb:PutItem"),
    # GetItem: caso; Query: historial para responder el detalle; Puts: caso, eventos y alertas.
    "escalamiento": ("dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem"),
    # Query sólo sobre el índice (CONSULTAS_INDICE); Puts: caso, eventos y alertas del reloj.
    "barrido": ("dynamodb:PutItem",),
    # GetItem: caso y respuesta de la ronda; Puts: respuesta y eventos; UpdateItem: completar la respuesta.
    "encuestas": ("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"),
    # Put: marca por evento (cuenta una vez); Update: ADD a los contadores del día.
    "agregados": ("dynamodb:PutItem", "dynamodb:UpdateItem"),
    # Query: contadores del periodo y partición del caso para el expediente.
    "reportes": ("dynamodb:Query",),
    # Query: caso e historial; Puts: mensaje, reapertura, alerta, adjuntos, caso nuevo ligado y correos apartados;
    # UpdateItem: la cuenta del máximo diario de mensajes del caso (la misma de la página); GetItem: el registro de
    # idempotencia del alta ligada, cuando un reintento de SES lo encuentra ocupado.
    "correo_entrante": ("dynamodb:Query", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"),
    # GetItem: caso y adjunto; Query: la conversación para responder; Puts: adjunto nuevo y la transacción del
    # mensaje (caso, eventos, adjuntos); UpdateItem: adjunto rechazado por su tipo.
    "conversacion": ("dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem", "dynamodb:UpdateItem"),
    # GetItem del adjunto; transacción con su Update (estado) y el Put de su evento.
    "adjuntos": ("dynamodb:GetItem", "dynamodb:UpdateItem", "dynamodb:PutItem"),
    # Query: términos del índice y particiones de la persona; BatchWriteItem: eventos e items anonimizados y borrados
    # (índice, límites, perfil); Put/Delete: la transacción de cada caso; GetItem: el caso de la marca PROFECO.
    "arco": (
        "dynamodb:Query",
        "dynamodb:GetItem",
        "dynamodb:PutItem",
        "dynamodb:DeleteItem",
        "dynamodb:BatchWriteItem",
    ),
    # Lo mismo que el seguimiento: Query del caso e historial; UpdateItem: reservar y devolver el intento.
    "ivr": ("dynamodb:Query", "dynamodb:UpdateItem"),
    # Query: caso e historial; BatchGetItem: los casos del teléfono (índice BUSCA#); Puts: mensaje, alerta, adjunto y
    # la marca por mensaje de Meta; Update/Delete: confirmar o liberar esa marca y la cuenta del máximo diario.
    "whatsapp_entrante": (
        "dynamodb:Query",
        "dynamodb:BatchGetItem",
        "dynamodb:GetItem",
        "dynamodb:PutItem",
        "dynamodb:UpdateItem",
        "dynamodb:DeleteItem",
    ),
}
# Funciones cuyas acciones se limitan además a ciertas particiones (`dynamodb:LeadingKeys`): el IVR, que invoca un
# servicio de fuera (Connect), sólo lee casos y sólo escribe los contadores de intentos, nunca un caso.
PARTICIONES: dict[str, dict[str, tuple[str, ...]]] = {
    "ivr": {"dynamodb:Query": ("CASO#*",), "dynamodb:UpdateItem": ("CONSULTAS#*",)},
}
# Consultas sobre índices: el ARN de la tabla no cubre `<tabla>/index/<índice>`, así que van aparte.
CONSULTAS_INDICE: dict[str, tuple[str, ...]] = {
    "gestion": (INDICE_VENCIMIENTOS,),  # la cola de casos abiertos
    # `umbrales`: lo que cruzó un umbral; `vencimientos`: el relleno de casos escritos antes de `umbrales`.
    "barrido": (INDICE_UMBRALES, INDICE_VENCIMIENTOS),
}
# Quién llama a `funciones.nucleo.adaptadores.secretos.pimienta()`: reciben PIMIENTA_SECRETO y permiso de leerlo.
LEEN_PIMIENTA = frozenset(
    {
        "alta",
        "verificacion",
        "confirmaciones",
        "notificaciones",
        "encuestas",
        "seguimiento",
        "conversacion",
        "busqueda",
        "arco",
        "correo_entrante",
        "whatsapp_entrante",
    }
)
ACCIONES_ESCRITURA = {"dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"}

_IGNORAR = shutil.ignore_patterns("__pycache__", "*.pyc", ".*")


# Capacidades que usan la lógica de otra: correo_entrante abre el caso nuevo ligado con la misma alta del sitio; el
# IVR consulta con la misma lógica (y el mismo bloqueo) del seguimiento; whatsapp_entrante entrega los estados de
# entrega a notificaciones (whatsapp_estados.procesar_estados).
OTRAS_CAPACIDADES: dict[str, tuple[str, ...]] = {
    "correo_entrante": ("alta",),
    "ivr": ("seguimiento",),
    "whatsapp_entrante": ("notificaciones",),
}


def rutas_paquete(nombre: str) -> tuple[str, ...]:
    """Rutas, relativas a la raíz del repositorio, que se copian al paquete de `nombre`."""
    otras = tuple(f"funciones/{o}" for o in OTRAS_CAPACIDADES.get(nombre, ()))
    return ("funciones/__init__.py", "funciones/nucleo", f"funciones/{nombre}", *otras, "esquemas")


def _copiar_legible(origen: str, destino: str) -> str:
    shutil.copyfile(origen, destino)
    os.chmod(destino, 0o644)
    return destino


@jsii.implements(ILocalBundling)
class EmpaquetadoLocal:
    """Arma el paquete de una función sin Docker: copia solo lo que la función importa."""

    def __init__(self, nombre: str, raiz: Path = RAIZ) -> None:
        self._raiz = raiz
        self._rutas = rutas_paquete(nombre)

    def try_bundle(self, output_dir: str, *_args: Any, **_kwargs: Any) -> bool:
        salida = Path(output_dir)
        for relativa in self._rutas:
            origen, destino = self._raiz / relativa, salida / relativa
            if origen.is_dir():
                shutil.copytree(origen, destino, ignore=_IGNORAR, copy_function=_copiar_legible, dirs_exist_ok=True)
            elif origen.is_file():
                destino.parent.mkdir(parents=True, exist_ok=True)
                _copiar_legible(str(origen), str(destino))
            else:
                raise FileNotFoundError(f"El paquete necesita {relativa} y no existe en {self._raiz}")
        for carpeta in [salida, *(p for p in salida.rglob("*") if p.is_dir())]:
            os.chmod(carpeta, 0o755)  # noqa: S103 -- Lambda lee el paquete con otro usuario
        return True


def codigo_funcion(nombre: str, raiz: Path = RAIZ) -> lambda_.Code:
    # Huella de la SALIDA: cambia exactamente cuando cambia algún archivo copiado, y no hay que
    # recorrer la raíz entera (.venv, node_modules, cdk.out) como haría la huella de la fuente.
    return lambda_.Code.from_asset(
        str(raiz),
        asset_hash_type=AssetHashType.OUTPUT,
        bundling=BundlingOptions(
            image=DockerImage.from_registry("sin-docker"),
            local=EmpaquetadoLocal(nombre, raiz),
            # Distingue la caché de activos de CDK entre funciones que comparten la misma raíz.
            command=["empaquetar", nombre],
        ),
    )


class FuncionBluePoint(Construct):
    """Función + rol + grupo de registros; sin permisos hasta que se le conceden."""

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        funcion: Funcion,
        capas: list[lambda_.ILayerVersion],
        entorno: Mapping[str, str],
        concurrencia_reservada: int | None = None,
        trazas: lambda_.Tracing = lambda_.Tracing.PASS_THROUGH,
    ) -> None:
        super().__init__(scope, id)

        self.registros = logs.LogGroup(self, "Registros", retention=RETENCION_REGISTROS)
        self.rol = iam.Role(
            self,
            "Rol",
            assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
            description=f"Blue Point: rol propio de la función {funcion.nombre}",
        )
        self.registros.grant_write(self.rol)

        self.funcion = lambda_.Function(
            self,
            "Funcion",
            description=funcion.descripcion,
            runtime=RUNTIME,
            architecture=ARQUITECTURA,
            handler=f"funciones.{funcion.nombre}.handler.handler",
            code=codigo_funcion(funcion.nombre),
            memory_size=funcion.memoria_mb,
            timeout=Duration.seconds(funcion.tiempo_s),
            role=self.rol,
            log_group=self.registros,
            # Sin las líneas START/END/REPORT de la plataforma (~350 B por invocación, la mitad de los registros):
            # duración, errores y arranques quedan en las métricas de Lambda y en X-Ray.
            logging_format=lambda_.LoggingFormat.JSON,
            system_log_level_v2=lambda_.SystemLogLevel.WARN,
            application_log_level_v2=lambda_.ApplicationLogLevel.INFO,
            # PassThrough: traza lo que la entrada de arriba ya decidió trazar (constructos/trazas.py).
            tracing=trazas,
            reserved_concurrent_executions=concurrencia_reservada,
            layers=capas,
            environment={
                **entorno,
                "POWERTOOLS_SERVICE_NAME": funcion.nombre,
                "POWERTOOLS_METRICS_NAMESPACE": "BluePoint",
                # Las respuestas llevan datos personales: no se copian a X-Ray.
                "POWERTOOLS_TRACER_CAPTURE_RESPONSE": "false",
                "LOG_LEVEL": "INFO",
                # Sin esto pydantic recorre cada distribución instalada buscando plugins al armar el primer modelo.
                "PYDANTIC_DISABLE_PLUGINS": "__all__",
            },
        )
        reconocer(
            self.funcion,
            f"{RUNTIME.name} a propósito, no el más nuevo: su arranque en frío en arm64 es el más corto (~71 ms "
            "contra ~91-111 ms de python3.13 en las cifras públicas de lambda-perf), y las pruebas corren en esa "
            "misma versión, con las mismas dependencias que lleva la capa.",
            "AwsSolutions-L1",
        )
        reconocer(
            self.rol,
            "X-Ray (PutTraceSegments, PutTelemetryRecords) y, en las consumidoras del flujo, "
            "dynamodb:ListStreams no admiten permisos por recurso.",
            "AwsSolutions-IAM5[Resource::*]",
        )


class Funciones(Construct):
    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        tabla: dynamodb.ITable,
        clave_tabla: kms.IKey,
        pimienta: secretsmanager.ISecret,
        entorno: Mapping[str, str],
        entorno_por_funcion: Mapping[str, Mapping[str, str]] | None = None,
        concurrencia_reservada: Mapping[str, int] | None = None,
        trazas: lambda_.Tracing = lambda_.Tracing.PASS_THROUGH,
    ) -> None:
        super().__init__(scope, id)
        # Ejecuciones reservadas por función (la pila la saca del contexto). Reservar exige que la cuenta deje
        # 100 sin reservar: con una cuota baja el despliegue falla. Sin entrada, la función no reserva.
        reservas = dict(concurrencia_reservada or {})

        # Las dependencias de ejecución del candado (Powertools, pydantic, boto3…), para todas las funciones.
        self.capa = lambda_.LayerVersion(
            self,
            "CapaDependencias",
            code=codigo_capa(VERSION_PYTHON),
            compatible_runtimes=[RUNTIME],
            compatible_architectures=[ARQUITECTURA],
            description=f"Blue Point: dependencias de ejecución de uv.lock ({RUNTIME.name}, {PLATAFORMA})",
        )

        faltantes = sorted(set(FUNCIONES) - set(ACCIONES_TABLA))
        if faltantes:
            raise ValueError(f"Sin permisos declarados en ACCIONES_TABLA: {', '.join(faltantes)}")
        declaradas = (
            set(ACCIONES_TABLA)
            | set(CONSULTAS_INDICE)
            | set(PARTICIONES)
            | LEEN_PIMIENTA
            | set(reservas)
            | set(entorno_por_funcion or {})
        )
        ajenas = sorted(declaradas - set(FUNCIONES))
        if ajenas:
            raise ValueError(f"Permisos o entorno para funciones que no existen: {', '.join(ajenas)}")

        self.por_nombre: dict[str, FuncionBluePoint] = {}
        for nombre, funcion in FUNCIONES.items():
            propio = dict(entorno_por_funcion.get(nombre, {})) if entorno_por_funcion else {}
            if nombre in LEEN_PIMIENTA:
                propio["PIMIENTA_SECRETO"] = pimienta.secret_arn
            propia = FuncionBluePoint(
                self,
                nombre.capitalize(),
                funcion=funcion,
                capas=[self.capa],
                entorno={**entorno, **propio},
                concurrencia_reservada=reservas.get(nombre),
                trazas=trazas,
            )
            self._conceder_tabla(
                propia.rol,
                ACCIONES_TABLA[nombre],
                CONSULTAS_INDICE.get(nombre, ()),
                tabla,
                clave_tabla,
                PARTICIONES.get(nombre, {}),
            )
            if nombre in LEEN_PIMIENTA:
                # GetSecretValue y DescribeSecret sobre el secreto, y kms:Decrypt solo a través de Secrets Manager.
                pimienta.grant_read(propia.rol)
            self.por_nombre[nombre] = propia

    @staticmethod
    def _conceder_tabla(
        rol: iam.IRole,
        acciones: tuple[str, ...],
        indices: tuple[str, ...],
        tabla: dynamodb.ITable,
        clave: kms.IKey,
        particiones: Mapping[str, tuple[str, ...]] | None = None,
    ) -> None:
        if not acciones and not indices:
            return
        particiones = particiones or {}
        libres = [a for a in acciones if a not in particiones]
        if libres:
            rol.add_to_principal_policy(iam.PolicyStatement(actions=libres, resources=[tabla.table_arn]))
        for accion in (a for a in acciones if a in particiones):
            rol.add_to_principal_policy(
                iam.PolicyStatement(
                    actions=[accion],
                    resources=[tabla.table_arn],
                    conditions={"ForAllValues:StringLike": {"dynamodb:LeadingKeys": list(particiones[accion])}},
                )
            )
        if indices:
            rol.add_to_principal_policy(
                iam.PolicyStatement(
                    actions=["dynamodb:Query"],
                    resources=[f"{tabla.table_arn}/index/{indice}" for indice in indices],
                )
            )
        # Lo que dan grantReadData/grantWriteData de CDK sobre la llave, sin las variantes con comodín.
        acciones_clave = ["kms:Decrypt", "kms:DescribeKey"]
        if ACCIONES_ESCRITURA & set(acciones):
            acciones_clave += ["kms:Encrypt", "kms:GenerateDataKey"]
        clave.grant(rol, *acciones_clave)

    def funciones(self) -> dict[str, lambda_.Function]:
        return {nombre: propia.funcion for nombre, propia in self.por_nombre.items()}

    def agregar_entorno(self, clave: str, valor: str) -> None:
        for propia in self.por_nombre.values():
            propia.funcion.add_environment(clave, valor)
