"""AWS emulado en proceso (moto) con los mismos recursos que la pila, y un contador de llamadas con botocore.

El contador se registra en la sesión por omisión de boto3 *antes* de que las funciones creen sus clientes
(`funciones.nucleo.adaptadores.aws.cliente` usa `boto3.client`, que copia los manejadores de la sesión): así cuenta toda
llamada de las funciones, y ninguna de las del banco, que usan una sesión aparte.
"""

from __future__ import annotations

import contextlib
import copy
import importlib
import io
import os
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from bench.comun import REGION, entorno_funciones
from bench.tamanos import tamano_item, tipo_de_item, unidades_escritura, unidades_lectura

# Índices dispersos de la tabla (atributos de clave de cada uno); proyección completa en ambos.
INDICES = (("vence_pk", "vence_sk"), ("vence_pk", "umbral_sk"))


class SalidaContada(io.TextIOBase):
    """Destino del registro de Powertools: no imprime, sólo cuenta bytes (para el costo de CloudWatch Logs)."""

    def __init__(self) -> None:
        self.bytes = 0

    def write(self, texto: str) -> int:
        self.bytes += len(texto.encode())
        return len(texto)


@dataclass
class Llamada:
    servicio: str
    operacion: str
    parametros: dict[str, Any]
    wru: float = 0.0
    rru: float = 0.0
    wru_indice: float = 0.0
    items_leidos: int = 0
    tamanos: list[tuple[str, int]] = field(default_factory=list)
    # Casos como estaban antes de esta escritura, por (pk, sk).
    previos: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)


@dataclass
class Operacion:
    nombre: str
    llamadas: list[Llamada] = field(default_factory=list)
    bytes_registro: int = 0

    @property
    def nombres(self) -> list[str]:
        return [f"{ll.servicio}.{ll.operacion}" for ll in self.llamadas]

    def resumen(self) -> dict[str, Any]:
        return {
            "llamadas": len(self.llamadas),
            "detalle": self.nombres,
            "wru": sum(ll.wru for ll in self.llamadas),
            "wru_indice": sum(ll.wru_indice for ll in self.llamadas),
            "rru": sum(ll.rru for ll in self.llamadas),
            "bytes_registro": self.bytes_registro,
        }


class Contador:
    def __init__(self, lector: Any) -> None:
        self._lector = lector  # cliente de DynamoDB de otra sesión: sus llamadas no se cuentan
        self._actual: Operacion | None = None
        self.total: dict[str, int] = defaultdict(int)
        self.tamanos: dict[str, list[int]] = defaultdict(list)

    def registrar(self, eventos: Any) -> None:
        eventos.register("provide-client-params", self._parametros)
        eventos.register("before-call", self._antes)
        eventos.register("after-call", self._despues)

    @contextlib.contextmanager
    def operacion(self, nombre: str, salida: SalidaContada | None = None) -> Iterator[Operacion]:
        op = Operacion(nombre)
        self._actual, inicio = op, salida.bytes if salida else 0
        try:
            yield op
        finally:
            self._actual = None
            if salida:
                op.bytes_registro = salida.bytes - inicio

    # Manejadores de botocore.
    def _parametros(self, params: dict[str, Any], model: Any, **_: Any) -> None:
        if self._actual is not None:
            servicio = model.service_model.service_name
            llamada = Llamada(servicio, model.name, copy.deepcopy(params))
            self._actual.llamadas.append(llamada)
            if servicio == "dynamodb" and model.name in ("PutItem", "UpdateItem", "TransactWriteItems"):
                self._anotar_previos(llamada)

    def _antes(self, model: Any, **_: Any) -> None:
        # Todas las llamadas, dentro o fuera de una operación: así ningún Scan pasa sin contarse.
        self.total[f"{model.service_model.service_name}.{model.name}"] += 1

    def _despues(self, parsed: dict[str, Any], model: Any, **_: Any) -> None:
        if self._actual is None or not self._actual.llamadas:
            return
        llamada = self._actual.llamadas[-1]
        if llamada.servicio == "dynamodb" and "Error" not in parsed:
            self._unidades(llamada, parsed)

    def _despues_de_escribir(self, tabla: str, clave: dict[str, Any]) -> dict[str, Any]:
        return self._lector.get_item(TableName=tabla, Key=clave, ConsistentRead=True).get("Item") or {}

    def _anotar_previos(self, llamada: Llamada) -> None:
        """Antes de escribir un caso: cómo estaba (para saber si entra, sale o cambia de clave en los índices)."""
        p = llamada.parametros
        elementos = p.get("TransactItems") or [{llamada.operacion[: -len("Item")]: p}]
        for t in elementos:
            ((_, cuerpo),) = t.items()
            clave = cuerpo.get("Key") or {k: cuerpo["Item"][k] for k in ("pk", "sk") if k in cuerpo.get("Item", {})}
            if clave.get("sk", {}).get("S") == "CASO" and clave.get("pk", {}).get("S", "").startswith("CASO#"):
                previo = self._despues_de_escribir(cuerpo["TableName"], clave)
                llamada.previos[(clave["pk"]["S"], clave["sk"]["S"])] = previo

    def _unidades_indices(self, llamada: Llamada, item: dict[str, Any]) -> int:
        """Unidades en los índices dispersos: entrar o actualizarse en su sitio, 1 escritura; cambiar de clave, 2
        (borra la entrada vieja y escribe la nueva); salir, 1."""
        previo = llamada.previos.get((item.get("pk", {}).get("S"), item.get("sk", {}).get("S"))) or {}
        total = 0
        for pk, sk in INDICES:
            # Un índice disperso sólo tiene el item si lleva sus dos llaves (un resuelto: vence_pk sin umbral_sk).
            antes = (previo[pk], previo[sk]) if pk in previo and sk in previo else None
            despues = (item[pk], item[sk]) if pk in item and sk in item else None
            if antes and antes == despues:
                total += unidades_escritura(tamano_item(item))
                continue
            if antes:
                total += unidades_escritura(tamano_item(previo))
            if despues:
                total += unidades_escritura(tamano_item(item))
        return total

    def _escritura(self, llamada: Llamada, accion: str, cuerpo: dict[str, Any]) -> tuple[int, int]:
        """(unidades en la tabla, unidades en los índices) de una escritura; anota el tamaño del item."""
        if accion == "Put":
            item = cuerpo["Item"]
        elif accion == "Update":
            item = self._despues_de_escribir(cuerpo["TableName"], cuerpo["Key"])
        else:  # Delete / ConditionCheck: el item es una marca pequeña
            return 1, 0
        tamano = tamano_item(item)
        tipo = tipo_de_item(item)
        llamada.tamanos.append((tipo, tamano))
        self.tamanos[tipo].append(tamano)
        return unidades_escritura(tamano), self._unidades_indices(llamada, item)

    def _unidades(self, llamada: Llamada, respuesta: dict[str, Any]) -> None:
        p, op = llamada.parametros, llamada.operacion
        if op == "PutItem":
            llamada.wru, llamada.wru_indice = self._escritura(llamada, "Put", p)
        elif op == "UpdateItem":
            llamada.wru, llamada.wru_indice = self._escritura(llamada, "Update", p)
        elif op == "DeleteItem":
            llamada.wru = 1
        elif op == "TransactWriteItems":
            for t in p["TransactItems"]:
                ((accion, cuerpo),) = t.items()
                tabla, indice = self._escritura(llamada, accion, cuerpo)
                llamada.wru += 2 * tabla  # las transacciones cuestan el doble
                llamada.wru_indice += indice
        elif op == "GetItem":
            item = respuesta.get("Item") or {}
            llamada.items_leidos = 1 if item else 0
            llamada.rru = unidades_lectura(tamano_item(item), bool(p.get("ConsistentRead")))
        elif op == "BatchGetItem":
            items = [i for lista in respuesta.get("Responses", {}).values() for i in lista]
            llamada.items_leidos = len(items)
            llamada.rru = sum(unidades_lectura(tamano_item(i), False) for i in items) or 0.5
        elif op == "Query":
            items = respuesta.get("Items", [])
            llamada.items_leidos = respuesta.get("ScannedCount", len(items))
            total = sum(tamano_item(i) for i in items)
            # Con filtro se cobra lo examinado: se estima con el tamaño medio de lo devuelto.
            if items and llamada.items_leidos > len(items):
                total = total * llamada.items_leidos // len(items)
            llamada.rru = unidades_lectura(total, bool(p.get("ConsistentRead")))
            for i in items:
                self.tamanos[tipo_de_item(i)].append(tamano_item(i))


@contextlib.contextmanager
def sin_copia_de_tabla() -> Iterator[None]:
    """Omite la copia profunda de la tabla que moto hace antes de cada TransactWriteItems.

    moto copia la tabla entera (con su flujo) para deshacer una transacción que falle: cuesta O(tamaño de la
    tabla) por llamada y, con unos cientos de items, domina el tiempo de cualquier alta. Sólo se usa donde
    ninguna transacción falla (preparación del barrido y medición en caliente), así que no cambia el resultado.
    """
    import moto.dynamodb.models as modelos
    from moto.dynamodb.models.table import Table

    original = modelos.copy

    class _Copia:
        def __getattr__(self, nombre: str) -> Any:
            return getattr(original, nombre)

        @staticmethod
        def deepcopy(x: Any, memo: Any = None) -> Any:
            return x if isinstance(x, Table) else original.deepcopy(x, memo)

    modelos.copy = _Copia()  # type: ignore[assignment]  # reemplaza el módulo copy que usa moto
    try:
        yield
    finally:
        modelos.copy = original


class Emulacion:
    """`with Emulacion() as e:` — moto en proceso, recursos creados, contador listo, registro a un contador."""

    def __enter__(self) -> Emulacion:
        self._entorno_previo = dict(os.environ)
        os.environ.clear()
        os.environ.update(entorno_funciones({"AWS_ACCOUNT_ID_ENDPOINT_MODE": "disabled"}))
        os.environ.pop("AWS_ENDPOINT_URL", None)

        import boto3
        from moto import mock_aws

        from infraestructura.local import parches_moto, recursos
        from infraestructura.local.lambda_local import olvidar_configuracion

        parches_moto.aplicar()
        self._mock = mock_aws()
        self._mock.start()
        self.arns = recursos.crear_todo(REGION)
        os.environ["TEMA_ALERTAS"] = self.arns["tema_alertas"]
        self.tabla = recursos.TABLA
        # Sesión del banco (no se cuenta) y sesión por omisión de las funciones (se cuenta).
        self.sesion_banco = boto3.session.Session(region_name=REGION)
        self.dynamodb = self.sesion_banco.client("dynamodb")
        self.contador = Contador(self.dynamodb)
        self.nueva_sesion_funciones(contar=True)
        self.salida = SalidaContada()
        # La primera invocación de cada función: su evento, y las llamadas a AWS con sus respuestas crudas
        # (bench/frio.py la repite en un proceso nuevo, sin red, para medir el arranque con la primera solicitud).
        self.primeras: dict[str, dict[str, Any]] = {}
        self._grabando: list[dict[str, Any]] | None = None
        self._modulos: dict[str, Any] = {}
        self._olvidar = olvidar_configuracion
        self._flujo: str | None = None
        return self

    def nueva_sesion_funciones(self, contar: bool) -> None:
        """Sesión por omisión nueva y clientes de las funciones rehechos; con o sin los ganchos del contador."""
        import boto3

        from infraestructura.local.lambda_local import olvidar_configuracion

        boto3.setup_default_session(region_name=REGION)
        if contar:
            assert boto3.DEFAULT_SESSION is not None  # la acaba de crear setup_default_session
            self.contador.registrar(boto3.DEFAULT_SESSION.events)
            boto3.DEFAULT_SESSION.events.register("provide-client-params", self._grabar_parametros)
            boto3.DEFAULT_SESSION.events.register("before-parse", self._grabar_respuesta)
        olvidar_configuracion()

    def _grabar_parametros(self, params: dict[str, Any], model: Any, **_: Any) -> None:
        if self._grabando is not None:
            servicio = model.service_model
            self._grabando.append(
                {
                    "servicio": servicio.service_name,
                    "id": servicio.service_id.hyphenize(),
                    "operacion": model.name,
                    "parametros": copy.deepcopy(params),
                }
            )

    def _grabar_respuesta(self, response_dict: dict[str, Any], **_: Any) -> None:
        if self._grabando:
            self._grabando[-1]["respuesta"] = {
                "estado": response_dict["status_code"],
                "cabeceras": dict(response_dict["headers"]),
                "cuerpo": response_dict["body"],
            }

    def __exit__(self, *_: Any) -> None:
        self._mock.stop()
        os.environ.clear()
        os.environ.update(self._entorno_previo)
        self._olvidar()

    def modulo(self, funcion: str) -> Any:
        """El módulo del handler; su Logger se crea escribiendo en la salida contada."""
        if funcion not in self._modulos:
            with contextlib.redirect_stdout(self.salida):
                self._modulos[funcion] = importlib.import_module(f"funciones.{funcion}.handler")
        return self._modulos[funcion]

    def invocar(self, funcion: str, evento: dict[str, Any]) -> dict[str, Any]:
        from tests.eventos import contexto

        modulo = self.modulo(funcion)
        if funcion in self.primeras:
            return modulo.handler(evento, contexto(f"bluepoint-{funcion}"))
        self._grabando = []
        primera: dict[str, Any] = {"evento": copy.deepcopy(evento)}
        try:
            respuesta = modulo.handler(evento, contexto(f"bluepoint-{funcion}"))
        finally:
            primera["llamadas"], self._grabando = self._grabando, None
        self.primeras[funcion] = primera
        return respuesta

    def api(self, metodo: str, camino: str, cuerpo: Any = None, **kw: Any) -> tuple[int, Any, dict[str, Any]]:
        import json

        from infraestructura.local.servidor import buscar_ruta
        from tests.eventos import evento

        ruta, _, _ = buscar_ruta(metodo, camino)
        assert ruta is not None, f"sin ruta para {metodo} {camino}"
        r = self.invocar(ruta.funcion, evento(metodo, camino, cuerpo, **kw))
        texto = r.get("body") or ""
        cabeceras = {
            **(r.get("headers") or {}),
            **{k: ", ".join(v) for k, v in (r.get("multiValueHeaders") or {}).items()},
        }
        es_json = "json" in cabeceras.get("Content-Type", "")
        return r["statusCode"], json.loads(texto) if es_json else texto, r

    def conservar_solo(self, particiones: set[str]) -> int:
        """Borra (con la sesión del banco) todo item fuera de `particiones`; devuelve cuántos quedan.

        moto resuelve una Query recorriendo la tabla entera: con la tabla mínima, la llamada a mano es lo más
        rápida posible y la razón en caliente, la más estricta.
        """
        quedan = 0
        paginador = self.dynamodb.get_paginator("scan")  # sólo el banco: la sesión de las funciones no lo ve
        for pagina in paginador.paginate(TableName=self.tabla, ProjectionExpression="pk, sk"):
            for item in pagina["Items"]:
                if item["pk"]["S"] in particiones:
                    quedan += 1
                else:
                    self.dynamodb.delete_item(TableName=self.tabla, Key=item)
        return quedan

    # El flujo de la tabla, leído con la sesión del banco (como el mapeo de origen de eventos: no se cuenta).
    def registros_nuevos(self) -> list[dict[str, Any]]:
        streams = self.sesion_banco.client("dynamodbstreams")
        if self._flujo is None:
            fragmento = streams.describe_stream(StreamArn=self.arns["flujo"])["StreamDescription"]["Shards"][0]
            self._flujo = streams.get_shard_iterator(
                StreamArn=self.arns["flujo"], ShardId=fragmento["ShardId"], ShardIteratorType="TRIM_HORIZON"
            )["ShardIterator"]
        registros: list[dict[str, Any]] = []
        while True:
            r = streams.get_records(ShardIterator=self._flujo, Limit=1000)
            self._flujo = r["NextShardIterator"]
            for registro in r["Records"]:
                registro["eventSourceARN"] = self.arns["flujo"]
            registros.extend(r["Records"])
            if not r["Records"]:
                return registros
