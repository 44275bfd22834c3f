"""La pila de Blue Point: compone los constructos y resuelve lo que cruza entre ellos."""

from __future__ import annotations

import json
import re
from typing import Any

from aws_cdk import CfnOutput, CfnParameter, Stack
from aws_cdk import aws_lambda as lambda_
from constructs import Construct

from infraestructura.constructos.adjuntos import Adjuntos
from infraestructura.constructos.agentes import Agentes
from infraestructura.constructos.agregados import Agregados
from infraestructura.constructos.api import Api
from infraestructura.constructos.connect import Connect, cola_connect, instancia_connect, telefonia_consola
from infraestructura.constructos.datos import Datos
from infraestructura.constructos.funciones import Funciones
from infraestructura.constructos.monitoreo import Monitoreo
from infraestructura.constructos.nag import reconocer
from infraestructura.constructos.notificaciones import Notificaciones
from infraestructura.constructos.recepcion import RecepcionCorreo
from infraestructura.constructos.reloj import Reloj
from infraestructura.constructos.sitio import Sitio
from infraestructura.constructos.trazas import Trazas, modo_trazas
from infraestructura.constructos.whatsapp_entrante import WhatsAppEntrante
from infraestructura.pila_borde import SALIDA_ARN
from infraestructura.rutas import BARRIDO, funciones_api

# Valores de contexto (cdk.json o `-c clave=valor`) y lo que vale cada uno si no se da.
CONTEXTO_PREDETERMINADO: dict[str, Any] = {
    "dominio_correo": "bluepoint.mx",
    # Dominio (o subdominio) de las respuestas: `respuestas+<token>@…`, recibido por SES. Su MX apunta a SES, así que
    # conviene un subdominio propio (p. ej. correo.bluepoint.mx) y no el de los buzones de la empresa. Vacío: el de
    # `dominio_correo`.
    "dominio_respuestas": "",
    # Vacío: https://<dominio de CloudFront>. Con dominio propio: https://atencion.bluepoint.mx
    "url_sitio": "",
    # Vacío: el tema de operación queda sin suscriptores hasta que alguien se suscriba.
    "correo_operacion": "",
    # Correo de cada destino de las alertas: {"supervisores": "...", "facturacion": "...", ...}.
    # Un destino sin correo queda sin suscripción. Con `-c` llega como texto JSON.
    "correos_alertas": {},
    # Minutos entre el cierre del caso y la encuesta (EventBridge Scheduler); 0 = al cerrar.
    "retraso_encuesta_min": 60,
    # Ejecuciones reservadas para el barrido; 0 = sin reserva. Reservar exige que la cuenta deje 100 sin
    # reservar (una cuenta nueva con cuota de 10 no puede); sin reserva, dos barridos no se pisan igual.
    "concurrencia_barrido": 0,
    # Los supervisores no reciben token sin verificación en dos pasos (TOTP); los demás la activan si quieren.
    "mfa_supervisores": True,
    # Orígenes (https://www.bluepoint.mx, …) cuyas páginas incrustan el formulario (sitio/incrustar/formulario.js):
    # el CORS de la API. Lista en cdk.json o texto separado por comas con `-c`. Vacío: sin CORS.
    "origenes_web": [],
    # Modo de X-Ray de las funciones: PassThrough (sólo lo que la entrada ya muestreó) o Active (Lambda muestrea
    # fijo, 1 por segundo y 5 % por función: casi todo a este volumen, ~5 USD por millón de invocaciones).
    "trazas_funciones": "PassThrough",
    # WhatsApp (End User Messaging Social): el id del número de origen ligado, `phone-number-id-…` (o su ARN).
    # Vacío: sin WhatsApp (un caso que lo elige recibe sus avisos por correo o SMS, con alerta).
    "whatsapp_numero": "",
    # ARN de la instancia de Amazon Connect (arn:aws:connect:<región>:<cuenta>:instance/<id>): con él la pila agrega
    # el horario, la cola, el flujo de contacto y la función ivr asociada. Vacío: sin Connect (docs/operacion.md).
    "connect_instancia": "",
    # ARN de una cola de esa instancia para los asesores; vacío: la pila crea «Blue Point - Asesores».
    "connect_cola": "",
    # Dirección de la instancia (https://<alias>.my.connect.aws): el teléfono (CCP) y el screen pop en la consola.
    # Vacío: la consola sin teléfono (el flujo atiende igual).
    "connect_url": "",
}

# Los dos consumidores del flujo de la tabla (DynamoDB admite dos por flujo).
CONSUMIDOR_FLUJO = "notificaciones"
CONSUMIDOR_CONTADORES = "agregados"
FUNCION_SESIONES = "sesiones"
FUNCION_BARRIDO = "barrido"
FUNCION_ESCALAMIENTO = "escalamiento"
FUNCION_CORREO_ENTRANTE = "correo_entrante"
FUNCION_CONVERSACION = "conversacion"
FUNCION_ADJUNTOS = "adjuntos"
FUNCION_GESTION = "gestion"
FUNCION_IVR = "ivr"
FUNCION_WHATSAPP_ENTRANTE = "whatsapp_entrante"
FUNCION_ARCO = "arco"


def correos_alertas(valor: Any) -> dict[str, str]:
    """El contexto `correos_alertas`: un objeto en cdk.json, o su texto JSON si llega con `-c`."""
    if isinstance(valor, str):
        valor = json.loads(valor) if valor.strip() else {}
    if not isinstance(valor, dict) or not all(isinstance(v, str) for v in valor.values()):
        raise ValueError('correos_alertas debe ser un objeto {"<destino>": "<correo>", ...}')
    return valor


def concurrencia_barrido(valor: Any) -> dict[str, int]:
    """El contexto `concurrencia_barrido`: un entero >= 0 (o su texto, con `-c`); 0 no reserva nada."""
    numero = int(valor) if isinstance(valor, str) and re.fullmatch(r"\s*[0-9]+\s*", valor) else valor
    if isinstance(numero, bool) or not isinstance(numero, int) or numero < 0:
        raise ValueError(f"concurrencia_barrido debe ser un entero mayor o igual a 0 (0 = sin reserva), no {valor!r}")
    # Reservar 0 en Lambda no es "sin reserva": detendría la función. Por eso 0 no se pasa.
    return {FUNCION_BARRIDO: numero} if numero else {}


def origenes_web(valor: Any) -> list[str]:
    """El contexto `origenes_web`: lista, o texto separado por comas (`-c origenes_web=https://a,https://b`)."""
    if isinstance(valor, str):
        valor = [v.strip() for v in valor.split(",") if v.strip()]
    if not isinstance(valor, list) or not all(isinstance(v, str) for v in valor):
        raise ValueError("origenes_web debe ser una lista de orígenes (https://www.bluepoint.mx, …)")
    for origen in valor:
        # Un origen es esquema + anfitrión (+ puerto), sin ruta ni comodín: CORS compara exacto.
        if not re.fullmatch(r"https://[a-z0-9.-]+(:[0-9]+)?|http://localhost(:[0-9]+)?", origen):
            raise ValueError(f"origenes_web: {origen!r} no es un origen https://anfitrion[:puerto] sin ruta")
    return list(valor)


def booleano(clave: str, valor: Any) -> bool:
    """Un contexto sí/no: booleano en cdk.json, o texto "true"/"false" si llega con `-c`."""
    if isinstance(valor, bool):
        return valor
    if isinstance(valor, str) and valor.strip().lower() in ("true", "false"):
        return valor.strip().lower() == "true"
    raise ValueError(f"{clave} debe ser true o false")


class PilaBluePoint(Stack):
    def __init__(self, scope: Construct, id: str, **kwargs: Any) -> None:
        super().__init__(scope, id, description="Blue Point: sistema de atención al usuario final", **kwargs)

        datos = Datos(self, "Datos")
        mensajeria = Notificaciones(
            self,
            "Notificaciones",
            dominio=self._contexto("dominio_correo"),
            clave=datos.clave,
            correos_alertas=correos_alertas(self._contexto("correos_alertas")),
        )
        dominio_respuestas = self._contexto("dominio_respuestas") or self._contexto("dominio_correo")
        mfa_supervisores = booleano("mfa_supervisores", self._contexto("mfa_supervisores"))
        agentes = Agentes(self, "Agentes", mfa_supervisores=mfa_supervisores)
        # CORS del bucket de adjuntos: el dominio propio si lo hay; si no, el de CloudFront (aún sin crear: la CSP
        # del sitio necesita antes este bucket). El POST sólo pasa con la política firmada.
        adjuntos = Adjuntos(
            self,
            "Adjuntos",
            origenes_cors=[self._contexto("url_sitio") or "https://*.cloudfront.net"],
            clave=datos.clave,
        )
        bucket_adjuntos = {"BUCKET_ADJUNTOS": adjuntos.bucket.bucket_name}
        funciones = Funciones(
            self,
            "Funciones",
            tabla=datos.tabla,
            clave_tabla=datos.clave,
            pimienta=datos.pimienta,
            entorno={"TABLA": datos.tabla.table_name, "REMITENTE": mensajeria.remitente},
            entorno_por_funcion={
                CONSUMIDOR_FLUJO: {
                    "CONFIG_SES": mensajeria.configuracion.configuration_set_name,
                    "TEMA_ALERTAS": mensajeria.alertas.topic_arn,
                    "RETRASO_ENCUESTA_MIN": str(int(self._contexto("retraso_encuesta_min"))),
                    "DOMINIO_RESPUESTAS": dominio_respuestas,
                },
                FUNCION_CORREO_ENTRANTE: {"DOMINIO_RESPUESTAS": dominio_respuestas, **bucket_adjuntos},
                FUNCION_SESIONES: {
                    "COGNITO_POOL": agentes.usuarios.user_pool_id,
                    "COGNITO_CLIENTE": agentes.cliente.user_pool_client_id,
                    "MFA_OBLIGATORIO": "supervisores" if mfa_supervisores else "",
                },
                FUNCION_ESCALAMIENTO: {"COGNITO_POOL": agentes.usuarios.user_pool_id},
                FUNCION_CONVERSACION: {**bucket_adjuntos, "URL_SUBIDAS": f"{adjuntos.origen_subidas}/"},
                FUNCION_ADJUNTOS: bucket_adjuntos,
                FUNCION_GESTION: bucket_adjuntos,
                FUNCION_WHATSAPP_ENTRANTE: bucket_adjuntos,
            },
            concurrencia_reservada=concurrencia_barrido(self._contexto("concurrencia_barrido")),
            trazas=modo_trazas(self._contexto("trazas_funciones")),
        )
        # La función del IVR, sin ruta HTTP: la invoca Amazon Connect. La asociación con la instancia y el permiso de
        # invocación (lambda:InvokeFunction para connect.amazonaws.com) los agrega quien arma Connect.
        self.funcion_ivr: lambda_.Function = funciones.por_nombre[FUNCION_IVR].funcion
        # La regla de muestreo de X-Ray de la cuenta para esta pila, explícita (no la predeterminada).
        Trazas(self, "Trazas")
        # El secreto del cliente de la consola: la función lo lee una vez por contenedor para firmar (SECRET_HASH).
        agentes.usuarios.grant(funciones.por_nombre[FUNCION_SESIONES].rol, "cognito-idp:DescribeUserPoolClient")
        # La reasignación comprueba que el asesor exista, esté activo y sea agente (y de qué departamento);
        # GET /api/agentes lista los agentes de cada grupo para el selector.
        agentes.usuarios.grant(
            funciones.por_nombre[FUNCION_ESCALAMIENTO].rol,
            "cognito-idp:AdminGetUser",
            "cognito-idp:AdminListGroupsForUser",
            "cognito-idp:ListUsersInGroup",
        )
        consumidor = funciones.por_nombre[CONSUMIDOR_FLUJO]
        mensajeria.conectar(consumidor.funcion, consumidor.rol, datos.tabla)
        if self._contexto("whatsapp_numero"):
            mensajeria.conectar_whatsapp(consumidor.funcion, consumidor.rol, str(self._contexto("whatsapp_numero")))
        contadores = Agregados(
            self, "Agregados", funcion=funciones.por_nombre[CONSUMIDOR_CONTADORES].funcion, tabla=datos.tabla
        )
        reloj = Reloj(
            self,
            "Reloj",
            funcion=funciones.por_nombre[FUNCION_BARRIDO].funcion,
            cada_minutos=BARRIDO["cada_minutos"],
        )

        api = Api(
            self,
            "Api",
            funciones=funciones.funciones(),
            usuarios=agentes.usuarios,
            cliente=agentes.cliente,
            clave=datos.clave,
            origenes_web=origenes_web(self._contexto("origenes_web")),
        )
        # Las funciones de la API leen el candado de origen ({actual, anterior}) de Secrets Manager.
        for nombre in funciones_api():
            propia = funciones.por_nombre[nombre]
            propia.funcion.add_environment("CANDADO_ORIGEN_SECRETO", api.candado.secret_arn)
            api.candado.grant_read(propia.rol)
        # El WebACL de CloudFront vive en la pila BluePointBorde (us-east-1); `make deploy` pasa su ARN.
        arn_waf = CfnParameter(
            self,
            SALIDA_ARN,
            type="String",
            allowed_pattern=r"arn:aws[a-z-]*:wafv2:us-east-1:[0-9]{12}:global/webacl/.+",
            description="ARN del WebACL de CloudFront: la salida ArnWaf de la pila BluePointBorde (us-east-1)",
        )
        instancia_telefono = instancia_connect(self._contexto("connect_instancia"))
        telefonia = telefonia_consola(self._contexto("connect_url"), instancia_telefono)
        sitio = Sitio(
            self,
            "Sitio",
            api=api,
            arn_waf=arn_waf.value_as_string,
            conexiones=(adjuntos.origen_subidas,),
            telefonia=telefonia,
        )
        adjuntos.registrar_accesos(sitio.registros, "s3-adjuntos/")
        adjuntos.conectar(
            funciones.por_nombre[FUNCION_CONVERSACION].funcion,
            funciones.por_nombre[FUNCION_ADJUNTOS].funcion,
            funciones.por_nombre[FUNCION_GESTION].funcion,
        )

        entrante = funciones.por_nombre[FUNCION_CORREO_ENTRANTE]
        recepcion = RecepcionCorreo(
            self,
            "RecepcionCorreo",
            dominio=dominio_respuestas,
            funcion=entrante.funcion,
            rol=entrante.rol,
            clave=datos.clave,
            registros=sitio.registros,
        )
        # Los adjuntos de un correo van por el mismo camino que los de la página (escaneo, descarga si limpio).
        recepcion.guardar_adjuntos_en(adjuntos.bucket, adjuntos.usar_llave())
        # La cancelación ARCO borra los adjuntos y los correos crudos de la persona (con sus versiones).
        arco = funciones.por_nombre[FUNCION_ARCO].funcion
        adjuntos.borrar_de_arco(arco)
        recepcion.borrar_de_arco(arco)

        # WhatsApp entrante: tema SNS cifrado (destino de eventos de la WABA) → whatsapp_entrante; sus archivos van
        # por el camino de los adjuntos (subidas/ → casos/, escaneo de GuardDuty).
        propia_whatsapp = funciones.por_nombre[FUNCION_WHATSAPP_ENTRANTE]
        whatsapp = WhatsAppEntrante(
            self,
            "WhatsAppEntrante",
            funcion=propia_whatsapp.funcion,
            rol=propia_whatsapp.rol,
            clave=datos.clave,
            # El número de origen de wa-salida (contexto `whatsapp_numero`): con él contesta y baja sus medios.
            numero=str(self._contexto("whatsapp_numero")),
        )
        adjuntos.recibir_de_whatsapp(propia_whatsapp.funcion)

        url_sitio = self._contexto("url_sitio") or f"https://{sitio.dominio}"
        funciones.agregar_entorno("URL_SITIO", url_sitio)
        agentes.con_url_consola(f"{url_sitio}/consola/")

        monitoreo = Monitoreo(
            self,
            "Monitoreo",
            funciones=funciones.funciones(),
            colas_fallos={
                "MensajesEnColaFallos": (
                    mensajeria.cola_fallos,
                    "Hay lotes del flujo que agotaron reintentos: revisar y reprocesar.",
                ),
                "MensajesEnColaFallosBarrido": (
                    reloj.cola_fallos,
                    "Un barrido del reloj falló tras sus reintentos: revisar los registros de la función barrido.",
                ),
                "MensajesEnColaFallosAntivirus": (
                    adjuntos.cola_fallos,
                    "Resultados del antivirus que no se anotaron tras sus reintentos: esos adjuntos siguen en "
                    "revisión; revisar los registros de la función adjuntos y reenviar el evento.",
                ),
                "MensajesEnColaFallosWhatsApp": (
                    whatsapp.cola_fallos,
                    "Mensajes de WhatsApp que no se atendieron tras sus reintentos: revisar los registros de "
                    "whatsapp_entrante y reenviar el evento al tema (las marcas por mensaje evitan duplicados).",
                ),
                "MensajesEnColaFallosAgregados": (
                    contadores.cola_fallos,
                    "Hay eventos que no se sumaron a los contadores de los reportes: revisar los registros de "
                    "agregados y recontar ese periodo.",
                ),
            },
            api=api.http_api,
            consumidores_flujo={
                "FlujoAtrasado": (CONSUMIDOR_FLUJO, "Las notificaciones van atrasadas respecto del flujo de la tabla."),
                "FlujoAtrasadoAgregados": (
                    CONSUMIDOR_CONTADORES,
                    "Los contadores de los reportes van atrasados respecto del flujo de la tabla.",
                ),
            },
            correo_operacion=self._contexto("correo_operacion"),
            clave=datos.clave,
            errores_atrapados={FUNCION_IVR: funciones.por_nombre[FUNCION_IVR].registros},
        )
        self._reconocer_despliegue_sitio(sitio)
        self._conectar_telefono(instancia_telefono, url_sitio if telefonia else None)

        CfnOutput(self, "UrlSitio", value=url_sitio)
        # La API se usa por CloudFront (UrlSitio/api/…); directo a execute-api responde 403 (candado de origen).
        CfnOutput(self, "UrlApi", value=f"{url_sitio}/api/")
        CfnOutput(
            self, "SecretoCandado", value=api.candado.secret_arn, description="Candado de origen: make rotar-origen"
        )
        CfnOutput(self, "Distribucion", value=sitio.distribucion.distribution_id, description="make rotar-origen")
        CfnOutput(self, "Tabla", value=datos.tabla.table_name)
        CfnOutput(self, "GrupoUsuarios", value=agentes.usuarios.user_pool_id)
        CfnOutput(self, "ClienteConsola", value=agentes.cliente.user_pool_client_id)
        CfnOutput(
            self,
            "SecretoPimienta",
            value=datos.pimienta.secret_arn,
            description="Pimienta de los hashes: PIMIENTA_SECRETO=<este ARN> TABLA=<Tabla> make importar ARCHIVO=...",
        )
        # Para `make humo` (la alarma que pasa a ALARM y de vuelta) y `make deploy` (la concurrencia ya reservada).
        CfnOutput(self, "AlarmaPrueba", value=monitoreo.node.find_child("Errores5xxApi").alarm_name)  # type: ignore[attr-defined]  # find_child da un IConstruct; es la Alarm
        CfnOutput(
            self,
            "ReglasRecepcion",
            value=recepcion.conjunto.receipt_rule_set_name,
            description="Actívalo una vez: aws ses set-active-receipt-rule-set --rule-set-name <este valor>",
        )
        CfnOutput(self, "BucketCorreos", value=recepcion.bucket.bucket_name)
        CfnOutput(
            self,
            "TemaWhatsApp",
            value=whatsapp.tema.topic_arn,
            description="Destino de eventos de la WABA (docs/operacion.md, WhatsApp)",
        )
        CfnOutput(self, "FuncionBarrido", value=funciones.por_nombre[FUNCION_BARRIDO].funcion.function_name)
        for i, registro in enumerate(mensajeria.identidad.dkim_records, start=1):
            CfnOutput(self, f"DkimNombre{i}", value=registro.name)
            CfnOutput(self, f"DkimValor{i}", value=registro.value)

    def _conectar_telefono(self, instancia: str, origen_consola: str | None) -> None:
        """Con `-c connect_instancia=<arn>`: el flujo de contacto, su horario y su cola, y la función ivr asociada;
        con `connect_url`, además la consola como origen aprobado de la instancia (el CCP se deja enmarcar)."""
        if not instancia:
            return
        telefono = Connect(
            self,
            "Connect",
            instancia=instancia,
            funcion=self.funcion_ivr,
            cola=cola_connect(self._contexto("connect_cola"), instancia),
            origen_consola=origen_consola,
        )
        CfnOutput(self, "FlujoConnect", value=telefono.flujo.attr_contact_flow_arn, description="Asócialo al número")
        CfnOutput(self, "ColaConnect", value=telefono.cola_arn, description="Agrégala al perfil de enrutamiento")

    def _contexto(self, clave: str) -> Any:
        valor = self.node.try_get_context(clave)
        return CONTEXTO_PREDETERMINADO[clave] if valor is None else valor

    def _reconocer_despliegue_sitio(self, sitio: Sitio) -> None:
        """La función de BucketDeployment es un singleton de CDK en la raíz de la pila."""
        bucket = self.resolve(self.get_logical_id(sitio.contenido.node.default_child))
        reglas = (
            "AwsSolutions-L1",
            "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]",
            "AwsSolutions-IAM5[Resource::*]",
            "AwsSolutions-IAM5[Action::s3:GetBucket*]",
            "AwsSolutions-IAM5[Action::s3:GetObject*]",
            "AwsSolutions-IAM5[Action::s3:List*]",
            "AwsSolutions-IAM5[Action::s3:Abort*]",
            "AwsSolutions-IAM5[Action::s3:DeleteObject*]",
            "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-"
            "<AWS::Region>/*]",
            f"AwsSolutions-IAM5[Resource::<{bucket}.Arn>/*]",
        )
        for hijo in self.node.children:
            if hijo.node.id.startswith("Custom::CDKBucketDeployment"):
                reconocer(
                    hijo,
                    "Función interna de CDK que copia sitio/ al bucket e invalida CloudFront; su runtime, "
                    "su política administrada y sus comodines (activos de CDK, objetos del bucket, "
                    "invalidaciones) los fija CDK.",
                    *reglas,
                )
