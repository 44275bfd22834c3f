"""Repositorio de casos y registro de envíos sobre la tabla única de DynamoDB."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, cast

from boto3.dynamodb.types import TypeDeserializer, TypeSerializer
from botocore.exceptions import ClientError

from funciones.nucleo.dominio.caso import Caso, Evento, Idempotencia, Limite
from funciones.nucleo.dominio.errores import (
    ClaveEnUso,
    ClaveRepetida,
    Conflicto,
    EnvioEnCurso,
    FolioDuplicado,
    IntentosAgotados,
    LimiteExcedido,
    ServicioNoDisponible,
    VerificacionNoVigente,
)

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient
    from mypy_boto3_dynamodb.type_defs import TransactWriteItemTypeDef, UpdateTypeDef

    from funciones.nucleo.dominio.agregados import Aporte

_ser = TypeSerializer()
_des = TypeDeserializer()
_PASAJEROS = {
    "ProvisionedThroughputExceededException",
    "ThrottlingException",
    "RequestLimitExceeded",
    "InternalServerError",
    "ServiceUnavailable",
    "TransactionConflictException",
    "TransactionInProgressException",
}
_CAMPOS_FECHA = ("fecha_registro", "fecha_compromiso", "fecha_limite_legal")
_FECHAS_OPCIONALES = ("fecha_estado",)
INDICE_VENCIMIENTOS = "vencimientos"
INDICE_UMBRALES = "umbrales"


def a_dynamo(datos: dict[str, Any]) -> dict[str, Any]:
    return {k: _ser.serialize(v) for k, v in datos.items() if v is not None}


def de_dynamo(item: dict[str, Any]) -> dict[str, Any]:
    return {k: _des.deserialize(v) for k, v in item.items()}


def _normalizar(valor: Any) -> Any:
    if isinstance(valor, dict):
        return {k: _normalizar(v) for k, v in valor.items()}
    if isinstance(valor, list):
        return [_normalizar(v) for v in valor]
    if type(valor).__name__ == "Decimal":
        return int(valor) if valor == int(valor) else float(valor)
    return valor


def clave_caso(folio: str) -> dict[str, Any]:
    return {"pk": {"S": f"CASO#{folio}"}, "sk": {"S": "CASO"}}


def item_caso(caso: Caso) -> dict[str, Any]:
    datos: dict[str, Any] = {
        "pk": f"CASO#{caso.folio}",
        "sk": "CASO",
        "entidad": "caso",
        **{k: v for k, v in vars(caso).items() if k not in _CAMPOS_FECHA + _FECHAS_OPCIONALES},
        **{k: getattr(caso, k).isoformat() for k in _CAMPOS_FECHA},
        **{k: getattr(caso, k).isoformat() for k in _FECHAS_OPCIONALES if getattr(caso, k) is not None},
    }
    if caso.abierto:
        from funciones.nucleo.dominio.escalamiento import proximo_umbral

        # Índice disperso: solo los casos abiertos aparecen en `vencimientos`.
        datos["vence_pk"] = f"ABIERTOS#{caso.fragmento}"
        datos["vence_sk"] = f"{caso.fecha_compromiso.isoformat()}#{caso.folio}"
        proximo = proximo_umbral(caso)
        if proximo is not None:
            # Índice disperso `umbrales` (vence_pk, umbral_sk): el instante en que el reloj tendrá algo que hacer.
            datos["umbral_sk"] = clave_instante(proximo)
    elif caso.estado in PARTICION_ESTADO:
        # Disperso también: la cola de resueltos o cerrados recientes (Query por fragmento, sin Scan).
        cambio = caso.fecha_estado or caso.fecha_registro
        datos["vence_pk"] = f"{PARTICION_ESTADO[caso.estado]}#{caso.fragmento}"
        datos["vence_sk"] = f"{clave_reciente(cambio)}#{caso.folio}"
    return a_dynamo(datos)


def item_indice(clave: str, sk: str, **datos: str) -> dict[str, Any]:
    """Un item del índice de búsqueda: `BUSCA#<HMAC del término>` → un caso o un cliente (sin datos personales)."""
    return a_dynamo({"pk": f"BUSCA#{clave}", "sk": sk, "entidad": "indice", **datos})


# Casos resueltos y cerrados en el mismo índice `vencimientos`, en sus propias particiones y del más reciente al
# más viejo: la clave es el complemento de los segundos del cambio de estado (orden ascendente = más nuevo primero).
PARTICION_ESTADO = {"resuelto": "RESUELTOS", "cerrado": "CERRADOS"}
_TOPE_SEGUNDOS = 10**11


def clave_reciente(instante: datetime) -> str:
    return f"{_TOPE_SEGUNDOS - int(instante.timestamp()):011d}"


def clave_instante(instante: datetime) -> str:
    """Un instante como texto que ordena igual que el tiempo: UTC, al segundo."""
    return instante.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def caso_de_item(item: dict[str, Any]) -> Caso:
    d = _normalizar(de_dynamo(item))
    campos = {k: d.get(k) for k in Caso.__dataclass_fields__ if k in d}
    for k in _CAMPOS_FECHA:
        campos[k] = datetime.fromisoformat(campos[k])
    for k in _FECHAS_OPCIONALES:
        if campos.get(k):
            campos[k] = datetime.fromisoformat(campos[k])
    return Caso(**campos)


def item_evento(evento: Evento) -> dict[str, Any]:
    return a_dynamo(
        {
            "pk": evento.pk,
            "sk": evento.sk,
            # Los de otra partición (un agente) no son del historial de un caso ni cuentan para los reportes.
            "entidad": "evento" if evento.particion is None else "evento_agente",
            "id": evento.id,
            "folio": evento.folio,
            "fecha": evento.fecha.isoformat(),
            "tipo": evento.tipo,
            "descripcion": evento.descripcion,
            "publico": evento.publico,
            "autor": evento.autor,
            "datos": evento.datos or None,
            "notificar": evento.notificar,
        }
    )


def anexar_evento(tabla: str, evento: Evento) -> TransactWriteItemTypeDef:
    """El `Put` de un evento del historial: sólo si no existe (un evento no se reescribe)."""
    return {"Put": {"TableName": tabla, "Item": item_evento(evento), "ConditionExpression": "attribute_not_exists(pk)"}}


def evento_de_item(item: dict[str, Any]) -> Evento:
    d = _normalizar(de_dynamo(item))
    pk = str(d.get("pk", ""))
    return Evento(
        particion=pk if pk and not pk.startswith("CASO#") else None,
        folio=d.get("folio", ""),
        fecha=datetime.fromisoformat(d["fecha"]),
        tipo=d["tipo"],
        descripcion=d["descripcion"],
        publico=bool(d.get("publico")),
        autor=d.get("autor", "sistema"),
        datos=d.get("datos") or {},
        notificar=d.get("notificar"),
        id=d["id"],
    )


def eventos_de_particion(items: list[dict[str, Any]]) -> list[Evento]:
    """El historial de un caso: sus items EVENTO# y las entregas anotadas en las marcas ENVIO#, en orden."""
    eventos = [evento_de_item(i) for i in items if i["sk"]["S"].startswith("EVENTO#")]
    eventos += [
        evento_de_item(i["entrega"]["M"]) for i in items if i["sk"]["S"].startswith("ENVIO#") and "entrega" in i
    ]
    return sorted(eventos, key=lambda e: e.sk)


def _codigo(error: ClientError) -> str:
    return error.response.get("Error", {}).get("Code", "")


def item_previo(error: ClientError) -> dict[str, Any] | None:
    """El item que devuelve un error con ReturnValuesOnConditionCheckFailure (botocore-stubs no lo describe)."""
    return cast("dict[str, Any] | None", error.response.get("Item"))


def razones_cancelacion(error: ClientError) -> list[str | None]:
    """El código de cada elemento de una transacción cancelada, en orden."""
    return [r.get("Code") for r in error.response.get("CancellationReasons", [])]


def _traducir(error: ClientError) -> Exception:
    if _codigo(error) in _PASAJEROS:
        return ServicioNoDisponible()
    return error


class RepositorioDynamo:
    def __init__(self, tabla: str, cliente: DynamoDBClient) -> None:
        self.tabla = tabla
        self.cliente = cliente

    def registrar(
        self,
        caso: Caso,
        evento: Evento,
        idempotencia: Idempotencia | None = None,
        verificacion: str | None = None,
        limites: list[Limite] | None = None,
        indice: list[str] | None = None,
    ) -> None:
        """Una transacción; cada elemento sabe qué error significa que su condición falle.

        `indice`: las claves (HMAC) de los términos de búsqueda del caso; cada una deja su item índice.
        """
        condicion = "attribute_not_exists(pk)"
        elementos: list[tuple[TransactWriteItemTypeDef, Exception]] = [
            (
                {"Put": {"TableName": self.tabla, "Item": item_caso(caso), "ConditionExpression": condicion}},
                FolioDuplicado(caso.folio),
            ),
            (
                {"Put": {"TableName": self.tabla, "Item": item_evento(evento), "ConditionExpression": condicion}},
                FolioDuplicado(caso.folio),
            ),
        ]
        if idempotencia is not None:
            item = a_dynamo(
                {
                    "pk": f"IDEM#{idempotencia.clave}",
                    "sk": "IDEM",
                    "entidad": "idempotencia",
                    "huella": idempotencia.huella,
                    "respuesta": idempotencia.respuesta,
                    "folio": caso.folio,
                    "expira": idempotencia.expira,
                }
            )
            elementos.append(
                (
                    {"Put": {"TableName": self.tabla, "Item": item, "ConditionExpression": condicion}},
                    ClaveRepetida(idempotencia.clave),
                )
            )
        if verificacion is not None:
            elementos.append((self._consumir_verificacion(verificacion, caso.fecha_registro), VerificacionNoVigente()))
        for limite in limites or []:
            elementos.append((self._contar(limite), LimiteExcedido(limite.mensaje, limite.campo)))
        for clave in indice or []:
            item = item_indice(clave, f"CASO#{clave_instante(caso.fecha_registro)}#{caso.folio}", folio=caso.folio)
            elementos.append(({"Put": {"TableName": self.tabla, "Item": item}}, ServicioNoDisponible()))
        try:
            self.cliente.transact_write_items(TransactItems=[e for e, _ in elementos])
        except ClientError as e:
            if _codigo(e) == "TransactionCanceledException":
                razones = razones_cancelacion(e)
                # La clave de idempotencia manda: una repetición no debe contarse contra los límites.
                orden = sorted(range(len(razones)), key=lambda i: not isinstance(elementos[i][1], ClaveRepetida))
                for i in orden:
                    if razones[i] == "ConditionalCheckFailed" and i < len(elementos):
                        raise elementos[i][1] from e
                if "TransactionConflict" in razones and (idempotencia or verificacion):
                    # Otra solicitud con la misma clave o verificación se está escribiendo en este momento.
                    raise ClaveEnUso() from e
                raise ServicioNoDisponible() from e
            raise _traducir(e) from e

    def _contar(self, limite: Limite) -> TransactWriteItemTypeDef:
        """Suma uno al contador del día, sólo si no llegó al máximo (límite aplicado dentro de la transacción)."""
        return {
            "Update": {
                "TableName": self.tabla,
                "Key": {"pk": {"S": f"LIMITE#{limite.clave}"}, "sk": {"S": f"DIA#{limite.dia}"}},
                "UpdateExpression": "ADD cuenta :uno SET expira = :exp",
                "ConditionExpression": "attribute_not_exists(cuenta) OR cuenta < :max",
                "ExpressionAttributeValues": {
                    ":uno": {"N": "1"},
                    ":max": {"N": str(limite.maximo)},
                    ":exp": {"N": str(limite.expira)},
                },
            }
        }

    def _consumir_verificacion(self, verificacion_id: str, ahora: datetime) -> TransactWriteItemTypeDef:
        """Marca la verificación como usada, sólo si sigue vigente y sin usar (un caso por verificación)."""
        return {
            "Update": {
                "TableName": self.tabla,
                "Key": {"pk": {"S": f"VERIF#{verificacion_id}"}, "sk": {"S": "VERIF"}},
                "UpdateExpression": "SET usada = :t",
                "ConditionExpression": "usada = :f AND vence > :ahora",
                "ExpressionAttributeValues": {
                    ":t": {"BOOL": True},
                    ":f": {"BOOL": False},
                    ":ahora": {"S": ahora.isoformat()},
                },
            }
        }

    def obtener_idempotencia(self, clave: str) -> Idempotencia | None:
        try:
            r = self.cliente.get_item(
                TableName=self.tabla, Key={"pk": {"S": f"IDEM#{clave}"}, "sk": {"S": "IDEM"}}, ConsistentRead=True
            )
        except ClientError as e:
            raise _traducir(e) from e
        if "Item" not in r:
            return None
        d = _normalizar(de_dynamo(r["Item"]))
        return Idempotencia(clave=clave, huella=d["huella"], respuesta=d["respuesta"], expira=d["expira"])

    def actualizar(self, caso: Caso, version_leida: int, eventos: list[Evento]) -> None:
        """Nuevo estado del caso y sus eventos en una transacción, si nadie lo cambió desde la lectura."""
        self.actualizar_varios([(caso, version_leida, eventos)])

    def actualizar_varios(self, cambios: list[tuple[Caso, int, list[Evento]]]) -> None:
        """Cada caso con su versión leída, y los eventos de todos, en una sola transacción."""
        items: list[TransactWriteItemTypeDef] = []
        for caso, version_leida, _ in cambios:
            items.append(
                {
                    "Put": {
                        "TableName": self.tabla,
                        "Item": item_caso(caso),
                        "ConditionExpression": "version = :v",
                        "ExpressionAttributeValues": {":v": {"N": str(version_leida)}},
                    }
                }
            )
        items.extend(anexar_evento(self.tabla, e) for _, _, eventos in cambios for e in eventos)
        try:
            self.cliente.transact_write_items(TransactItems=items)
        except ClientError as e:
            if _codigo(e) == "TransactionCanceledException":
                razones = razones_cancelacion(e)
                if "ConditionalCheckFailed" in razones[: len(cambios)]:
                    raise Conflicto(
                        "El caso cambió mientras lo trabajabas. Recárgalo e intenta de nuevo.", "caso_modificado"
                    ) from e
                raise ServicioNoDisponible() from e
            raise _traducir(e) from e

    def obtener(self, folio: str) -> Caso | None:
        try:
            r = self.cliente.get_item(TableName=self.tabla, Key=clave_caso(folio))
        except ClientError as e:
            raise _traducir(e) from e
        return caso_de_item(r["Item"]) if "Item" in r else None

    def _particion(self, folio: str) -> list[dict[str, Any]]:
        """Una sola Query sobre la partición del caso (caso, eventos, marcas de envío y encuestas)."""
        items: list[dict[str, Any]] = []
        kwargs: dict[str, Any] = {
            "TableName": self.tabla,
            "KeyConditionExpression": "pk = :pk",
            "ExpressionAttributeValues": {":pk": {"S": f"CASO#{folio}"}},
        }
        try:
            while True:
                r = self.cliente.query(**kwargs)
                items.extend(r["Items"])
                if "LastEvaluatedKey" not in r:
                    return items
                kwargs["ExclusiveStartKey"] = r["LastEvaluatedKey"]
        except ClientError as e:
            raise _traducir(e) from e

    def obtener_con_historial(self, folio: str) -> tuple[Caso, list[Evento]] | None:
        completo = self.obtener_expediente(folio)
        return None if completo is None else (completo[0], completo[1])

    def obtener_para_consulta(self, folio: str) -> tuple[Caso, list[Evento]] | None:
        """Caso e historial de la misma Query (sin las encuestas: el seguimiento no las usa)."""
        items = self._particion(folio)
        caso = next((caso_de_item(i) for i in items if i["sk"]["S"] == "CASO"), None)
        return None if caso is None else (caso, eventos_de_particion(items))

    # Intentos de consulta: un item por folio (exista o no el caso) con los instantes, en milisegundos, de los
    # últimos `maximo` intentos en un registro de corrimiento: f0 el más reciente … f<maximo-1> el más viejo.
    @staticmethod
    def _clave_consultas(folio: str) -> dict[str, Any]:
        return {"pk": {"S": f"CONSULTAS#{folio}"}, "sk": {"S": "CONSULTAS"}}

    @staticmethod
    def _instantes(item: dict[str, Any] | None, maximo: int) -> list[int]:
        return [int((item or {}).get(f"f{i}", {}).get("N", "0")) for i in range(maximo)]

    def reservar_consulta(self, folio: str, instante: int, desde: int, maximo: int, expira: int) -> list[int]:
        """Cuenta el intento ANTES de comparar, con un solo UpdateItem condicional: corre el registro y anota
        `instante` sólo si el más viejo de los `maximo` ya salió de la ventana (`<= desde`). Devuelve el registro
        nuevo; si ya hay `maximo` intentos en la ventana no escribe y lanza IntentosAgotados con el actual.

        Las acciones de una expresión se evalúan sobre los valores previos al cambio, así que
        `f1 = f0, f2 = f1…` corre el registro entero en la misma escritura (documentado por DynamoDB)."""
        nombres = {f"#f{i}": f"f{i}" for i in range(maximo)}
        corrimiento = ", ".join(f"#f{i} = if_not_exists(#f{i - 1}, :cero)" for i in range(1, maximo))
        try:
            r = self.cliente.update_item(
                TableName=self.tabla,
                Key=self._clave_consultas(folio),
                UpdateExpression=f"SET #f0 = :t, {corrimiento}, entidad = :e, expira = :exp"
                if corrimiento
                else "SET #f0 = :t, entidad = :e, expira = :exp",
                ConditionExpression=f"attribute_not_exists(#f{maximo - 1}) OR #f{maximo - 1} <= :desde",
                ExpressionAttributeNames=nombres,
                ExpressionAttributeValues={
                    ":t": {"N": str(instante)},
                    ":cero": {"N": "0"},
                    ":desde": {"N": str(desde)},
                    ":e": {"S": "consultas"},
                    ":exp": {"N": str(expira)},
                },
                ReturnValues="ALL_NEW",
                ReturnValuesOnConditionCheckFailure="ALL_OLD",
            )
        except ClientError as e:
            if _codigo(e) == "ConditionalCheckFailedException":
                raise IntentosAgotados(self._instantes(item_previo(e), maximo)) from None
            raise _traducir(e) from e
        return self._instantes(r["Attributes"], maximo)

    def devolver_consulta(self, folio: str, instante: int, maximo: int) -> None:
        """Un acierto no cuenta como fallo: quita `instante` del registro (corre hacia atrás desde su lugar).

        Se supone en f0; si otra consulta del folio se anotó en medio, la condición falla y el registro actual
        (ReturnValuesOnConditionCheckFailure) dice dónde quedó: un segundo intento lo quita ahí."""
        posicion = 0
        for _ in range(2):
            nombres = {f"#f{i}": f"f{i}" for i in range(posicion, maximo)}
            corrimiento = [f"#f{i} = #f{i + 1}" for i in range(posicion, maximo - 1)]
            try:
                self.cliente.update_item(
                    TableName=self.tabla,
                    Key=self._clave_consultas(folio),
                    UpdateExpression="SET " + ", ".join([*corrimiento, f"#f{maximo - 1} = :cero"]),
                    ConditionExpression=f"#f{posicion} = :t",
                    ExpressionAttributeNames=nombres,
                    ExpressionAttributeValues={":t": {"N": str(instante)}, ":cero": {"N": "0"}},
                    ReturnValuesOnConditionCheckFailure="ALL_OLD",
                )
                return
            except ClientError as e:
                if _codigo(e) != "ConditionalCheckFailedException":
                    raise _traducir(e) from e
                actuales = self._instantes(item_previo(e), maximo)
                if instante not in actuales:
                    return  # ya salió del registro: nada que devolver
                posicion = actuales.index(instante)

    def obtener_expediente(self, folio: str) -> tuple[Caso, list[Evento], list[dict[str, Any]]] | None:
        items = self._particion(folio)
        caso = next((caso_de_item(i) for i in items if i["sk"]["S"] == "CASO"), None)
        if caso is None:
            return None
        eventos = eventos_de_particion(items)
        encuestas = [_normalizar(de_dynamo(i)) for i in items if i["sk"]["S"].startswith("ENCUESTA#")]
        return caso, eventos, encuestas


class EnviosDynamo:
    """Marca por evento, escrita con condición: un reintento nunca envía dos veces."""

    def __init__(self, tabla: str, cliente: DynamoDBClient) -> None:
        self.tabla = tabla
        self.cliente = cliente

    def _clave(self, particion: str, evento_id: str) -> dict[str, Any]:
        # La marca vive en la partición del evento (la de su caso, o la de un agente).
        return {"pk": {"S": particion}, "sk": {"S": f"ENVIO#{evento_id}"}}

    def reservar(self, particion: str, evento_id: str, ahora: datetime, reserva_s: int) -> str | None:
        """La reserva si se obtuvo; None si ya se envió; EnvioEnCurso si otra ejecución lo tiene reservado."""
        import secrets

        reserva = secrets.token_hex(8)
        item = {
            **self._clave(particion, evento_id),
            "estado": {"S": "reservado"},
            "reserva": {"S": reserva},
            "vence_reserva": {"S": (ahora + timedelta(seconds=reserva_s)).isoformat()},
        }
        try:
            self.cliente.put_item(
                TableName=self.tabla,
                Item=item,
                # Libre, o una reserva anterior que caducó sin confirmarse.
                ConditionExpression="attribute_not_exists(pk) OR (estado = :r AND vence_reserva < :ahora)",
                ExpressionAttributeValues={":r": {"S": "reservado"}, ":ahora": {"S": ahora.isoformat()}},
                ReturnValuesOnConditionCheckFailure="ALL_OLD",
            )
        except ClientError as e:
            if _codigo(e) == "ConditionalCheckFailedException":
                previo = (item_previo(e) or {}).get("estado", {}).get("S")
                if previo == "enviado":
                    return None
                raise EnvioEnCurso(evento_id) from e
            raise _traducir(e) from e
        return reserva

    def confirmar(self, particion: str, evento_id: str, reserva: str, entrega: Evento) -> None:
        # La entrega queda en la misma marca (un UpdateItem de <1 KB): 1 WRU en vez de una transacción de 4.
        entrega_item = {k: v for k, v in item_evento(entrega).items() if k not in ("pk", "sk")}
        try:
            self.cliente.update_item(
                TableName=self.tabla,
                Key=self._clave(particion, evento_id),
                UpdateExpression="SET estado = :e, evento_entrega = :id, entrega = :entrega REMOVE vence_reserva",
                ConditionExpression="reserva = :r",
                ExpressionAttributeValues={
                    ":e": {"S": "enviado"},
                    ":id": {"S": entrega.id},
                    ":entrega": {"M": entrega_item},
                    ":r": {"S": reserva},
                },
            )
        except ClientError as e:
            raise _traducir(e) from e

    def liberar(self, particion: str, evento_id: str, reserva: str) -> None:
        try:
            self.cliente.delete_item(
                TableName=self.tabla,
                Key=self._clave(particion, evento_id),
                ConditionExpression="reserva = :r AND estado = :e",
                ExpressionAttributeValues={":r": {"S": reserva}, ":e": {"S": "reservado"}},
            )
        except ClientError as e:
            if _codigo(e) != "ConditionalCheckFailedException":
                raise _traducir(e) from e


def _cursor_a_texto(posiciones: dict[str, Any]) -> str | None:
    import base64
    import json

    if not posiciones:
        return None
    return base64.urlsafe_b64encode(json.dumps(posiciones, separators=(",", ":")).encode()).decode()


# Un cursor de la cola mide ~1.5 KB con los 10 fragmentos; más que esto no lo escribió la cola.
MAX_CURSOR = 4096
_CLAVES_POSICION = {"pk", "sk", "vence_pk", "vence_sk"}


def _posicion_valida(fragmento: str, posicion: Any, particion: str = "ABIERTOS") -> bool:
    """La forma exacta que escribe `ColaDynamo.pagina`: None (desde el principio) o la clave de un caso del índice."""
    if posicion is None:
        return True
    if not isinstance(posicion, dict) or set(posicion) != _CLAVES_POSICION:
        return False
    if not all(isinstance(v, dict) and set(v) == {"S"} and isinstance(v["S"], str) for v in posicion.values()):
        return False
    return bool(
        posicion["vence_pk"]["S"] == f"{particion}#{fragmento}"
        and posicion["sk"]["S"] == "CASO"
        and posicion["pk"]["S"].startswith("CASO#")
        and posicion["vence_sk"]["S"] != ""
    )


def _texto_a_cursor(cursor: str | None, fragmentos: int, particion: str = "ABIERTOS") -> dict[str, Any] | None:
    """None: primera página. ValueError si el cursor no tiene la forma que escribe la cola (alterado)."""
    import base64
    import binascii
    import json

    if not cursor:
        return None
    if len(cursor) > MAX_CURSOR:
        raise ValueError("cursor demasiado largo")
    try:
        posiciones = json.loads(base64.urlsafe_b64decode(cursor.encode()))
    except (binascii.Error, UnicodeError, json.JSONDecodeError) as e:
        raise ValueError("cursor ilegible") from e
    validas = {str(n) for n in range(fragmentos)}
    if not isinstance(posiciones, dict) or not posiciones or not set(posiciones) <= validas:
        raise ValueError("cursor con otra forma")
    if not all(_posicion_valida(f, p, particion) for f, p in posiciones.items()):
        raise ValueError("cursor con otra forma")
    return posiciones


class ColaDynamo:
    """La cola de casos abiertos: los 10 fragmentos del índice disperso `vencimientos`, mezclados en orden.

    Primero lee pocos items de cada fragmento (casi siempre bastan para la página) y, si no alcanzan, vuelve
    sólo a los fragmentos que aún pueden aportar algo antes del último de la página.
    """

    # Items por fragmento en la primera lectura: con 10 fragmentos y 25 por página basta en ~99 % de las páginas.
    PRIMERA_LECTURA = 8
    RONDAS = 4

    def __init__(self, tabla: str, cliente: DynamoDBClient, fragmentos: int) -> None:
        self.tabla = tabla
        self.cliente = cliente
        self.fragmentos = fragmentos

    def _consulta(
        self,
        n: int,
        vence_antes: str | None,
        estado: str | None,
        nivel: int | None,
        departamento: str | None,
        particion: str = "ABIERTOS",
        asignado: str | None = None,
    ) -> dict[str, Any]:
        condicion = "vence_pk = :p"
        valores: dict[str, Any] = {":p": {"S": f"{particion}#{n}"}}
        if vence_antes:
            condicion += " AND vence_sk < :v"
            valores[":v"] = {"S": vence_antes}
        filtros, nombres = [], {}
        if estado:
            filtros.append("#e = :e")
            nombres["#e"] = "estado"
            valores[":e"] = {"S": estado}
        if nivel is not None:
            filtros.append("nivel = :n")
            valores[":n"] = {"N": str(nivel)}
        if departamento is not None:
            filtros.append("departamento = :d")
            valores[":d"] = {"S": departamento}
        if asignado is not None:
            filtros.append("asignado = :a")
            valores[":a"] = {"S": asignado}
        kwargs: dict[str, Any] = {
            "TableName": self.tabla,
            "IndexName": INDICE_VENCIMIENTOS,
            "KeyConditionExpression": condicion,
            "ExpressionAttributeValues": valores,
        }
        if filtros:
            kwargs["FilterExpression"] = " AND ".join(filtros)
            kwargs["ExpressionAttributeNames"] = nombres
        return kwargs

    def pagina(
        self,
        limite: int,
        vence_antes: str | None,
        estado: str | None,
        nivel: int | None,
        cursor: str | None,
        departamento: str | None = None,
        particion: str = "ABIERTOS",
        asignado: str | None = None,
    ) -> tuple[list[Caso], str | None]:
        """Una página de la partición `particion` del índice (ABIERTOS, RESUELTOS o CERRADOS) en orden de
        `vence_sk`: el compromiso más próximo, o el cambio de estado más reciente (ver `clave_reciente`)."""
        try:
            previas = _texto_a_cursor(cursor, self.fragmentos, particion)
        except ValueError:
            from funciones.nucleo.dominio.errores import DatosInvalidos, ErrorCampo

            campo = ErrorCampo("cursor", "Vuelve a cargar la cola.")
            raise DatosInvalidos("El cursor de la cola no es válido.", [campo]) from None
        # Fragmentos por leer y desde dónde (None: desde el principio); los ausentes del cursor ya se agotaron.
        inicio = {
            str(n): (previas or {}).get(str(n)) for n in range(self.fragmentos) if previas is None or str(n) in previas
        }
        leidos: dict[str, list[dict[str, Any]]] = {c: [] for c in inicio}
        # None o la última clave evaluada del fragmento; un fragmento vivo siempre tiene la suya.
        ultima: dict[str, Any] = dict(inicio)
        agotados: set[str] = set()
        por_leer, tope = set(inicio), min(limite, self.PRIMERA_LECTURA)
        seguros: list[tuple[str, str, dict[str, Any]]] = []
        for _ in range(self.RONDAS):
            for clave in sorted(por_leer):
                kwargs = {
                    **self._consulta(int(clave), vence_antes, estado, nivel, departamento, particion, asignado),
                    "Limit": tope,
                }
                if ultima[clave]:
                    kwargs["ExclusiveStartKey"] = ultima[clave]
                try:
                    r = self.cliente.query(**kwargs)
                except ClientError as e:
                    raise _traducir(e) from e
                leidos[clave].extend(r["Items"])
                ultima[clave] = r.get("LastEvaluatedKey")
                if not ultima[clave]:
                    agotados.add(clave)
            vivos = [c for c in inicio if c not in agotados]
            candidatos = sorted((i["vence_sk"]["S"], c, i) for c, items in leidos.items() for i in items)
            # Lo que va antes de la última posición evaluada de cada fragmento vivo ya no puede cambiar de lugar.
            frontera = min((ultima[c]["vence_sk"]["S"] for c in vivos), default=None)
            seguros = [t for t in candidatos if frontera is None or t[0] <= frontera]
            if len(seguros) >= limite or not vivos:
                break
            corte = candidatos[limite - 1][0] if len(candidatos) >= limite else None
            por_leer = {c for c in vivos if corte is None or ultima[c]["vence_sk"]["S"] < corte}
            tope = limite
        tomados = seguros[:limite]
        usados: dict[str, list[dict[str, Any]]] = {}
        for _, clave, item in tomados:
            usados.setdefault(clave, []).append(item)
        siguiente: dict[str, Any] = {}
        for clave in inicio:
            tomados_aqui = usados.get(clave, [])
            if len(tomados_aqui) == len(leidos[clave]):
                if clave not in agotados:
                    siguiente[clave] = ultima[clave]
            else:
                i = tomados_aqui[-1] if tomados_aqui else None
                # Se retoma justo después del último entregado (o desde donde se empezó).
                siguiente[clave] = {k: i[k] for k in ("pk", "sk", "vence_pk", "vence_sk")} if i else inicio[clave]
        return [caso_de_item(i) for _, _, i in tomados], _cursor_a_texto(siguiente)

    def pagina_umbral(
        self, fragmento: int, antes_de: datetime, limite: int, desde: dict[str, Any] | None
    ) -> tuple[list[Caso], dict[str, Any] | None]:
        """Una página (una Query) de los casos del fragmento cuyo próximo umbral pasó antes de `antes_de`."""
        kwargs: dict[str, Any] = {
            "TableName": self.tabla,
            "IndexName": INDICE_UMBRALES,
            "KeyConditionExpression": "vence_pk = :p AND umbral_sk < :a",
            "ExpressionAttributeValues": {
                ":p": {"S": f"ABIERTOS#{fragmento}"},
                ":a": {"S": clave_instante(antes_de)},
            },
            "Limit": limite,
        }
        if desde:
            kwargs["ExclusiveStartKey"] = desde
        try:
            r = self.cliente.query(**kwargs)
        except ClientError as e:
            raise _traducir(e) from e
        return [caso_de_item(i) for i in r["Items"]], r.get("LastEvaluatedKey")


class EncuestasDynamo:
    """Respuesta de encuesta por ronda: `CASO#<folio>/ENCUESTA#<ronda>`, creada una sola vez."""

    def __init__(self, tabla: str, cliente: DynamoDBClient) -> None:
        self.tabla = tabla
        self.cliente = cliente

    def _clave(self, folio: str, ronda: int) -> dict[str, Any]:
        return {"pk": {"S": f"CASO#{folio}"}, "sk": {"S": f"ENCUESTA#{ronda:04d}"}}

    def obtener(self, folio: str, ronda: int) -> dict[str, Any] | None:
        try:
            r = self.cliente.get_item(TableName=self.tabla, Key=self._clave(folio, ronda), ConsistentRead=True)
        except ClientError as e:
            raise _traducir(e) from e
        return _normalizar(de_dynamo(r["Item"])) if "Item" in r else None

    def _escribir(self, items: list[TransactWriteItemTypeDef]) -> bool:
        """False si la condición de la encuesta no se cumplió (ya existía o ya estaba completa)."""
        try:
            self.cliente.transact_write_items(TransactItems=items)
        except ClientError as e:
            if _codigo(e) == "TransactionCanceledException":
                razones = razones_cancelacion(e)
                if razones and razones[0] == "ConditionalCheckFailed":
                    return False
                raise ServicioNoDisponible() from e
            raise _traducir(e) from e
        return True

    def crear(self, folio: str, ronda: int, respuesta: dict[str, Any], eventos: list[Evento]) -> bool:
        item = a_dynamo(
            {
                **{k: _des.deserialize(v) for k, v in self._clave(folio, ronda).items()},
                "entidad": "encuesta",
                "folio": folio,
                "ronda": ronda,
                **respuesta,
            }
        )
        historial: list[TransactWriteItemTypeDef] = [
            {"Put": {"TableName": self.tabla, "Item": item_evento(e)}} for e in eventos
        ]
        return self._escribir(
            [
                {"Put": {"TableName": self.tabla, "Item": item, "ConditionExpression": "attribute_not_exists(pk)"}},
                *historial,
            ]
        )

    def completar(self, folio: str, ronda: int, campos: dict[str, Any], evento: Evento) -> bool:
        nombres = {f"#c{i}": k for i, k in enumerate(campos)}
        valores = {f":v{i}": _ser.serialize(v) for i, v in enumerate(campos.values())}
        # Sin campos, sólo `completada` (DynamoDB rechaza «SET , completada» y un ExpressionAttributeNames vacío).
        asignaciones = ", ".join([*(f"#c{i} = :v{i}" for i in range(len(campos))), "completada = :t"])
        actualizar: UpdateTypeDef = {
            "TableName": self.tabla,
            "Key": self._clave(folio, ronda),
            "UpdateExpression": f"SET {asignaciones}",
            "ConditionExpression": "attribute_exists(pk) AND completada = :f",
            "ExpressionAttributeValues": {**valores, ":t": {"BOOL": True}, ":f": {"BOOL": False}},
        }
        if nombres:
            actualizar["ExpressionAttributeNames"] = nombres
        return self._escribir(
            [
                {"Update": actualizar},
                {"Put": {"TableName": self.tabla, "Item": item_evento(evento)}},
            ]
        )


class ContadoresDynamo:
    """Suma contribuciones a los contadores de cada día, una sola vez por evento (marca condicional)."""

    VIGENCIA_MARCA_S = 14 * 24 * 3600
    # Máximo de elementos de una transacción de DynamoDB (marcas más un ADD por día).
    MAXIMO_TRANSACCION = 100

    def __init__(self, tabla: str, cliente: DynamoDBClient) -> None:
        self.tabla = tabla
        self.cliente = cliente

    def sumar_lote(self, aportes: list[Aporte], ahora: datetime) -> int:
        """Suma un lote: una transacción con la marca de cada evento y un ADD por día; devuelve cuántos contó.

        Si alguna marca ya existía (registro repetido del flujo), se quita ese evento y se reintenta sin él.
        """
        unicos = list({a.evento_id: a for a in aportes}.values())  # un mismo registro dos veces en el lote
        contados = 0
        while unicos:
            tramo: list[Aporte] = []
            dias: set[str] = set()
            for aporte in unicos:
                if len(tramo) + 1 + len(dias | {aporte.dia}) > self.MAXIMO_TRANSACCION:
                    break
                tramo.append(aporte)
                dias.add(aporte.dia)
            unicos = unicos[len(tramo) :]
            contados += self._sumar_tramo(tramo, ahora)
        return contados

    def _sumar_tramo(self, tramo: list[Aporte], ahora: datetime) -> int:
        from funciones.nucleo.dominio.agregados import por_dia

        expira = {"N": str(int(ahora.timestamp()) + self.VIGENCIA_MARCA_S)}
        while tramo:
            elementos: list[TransactWriteItemTypeDef] = [
                {
                    "Put": {
                        "TableName": self.tabla,
                        "Item": {"pk": {"S": f"AGREGADO#{a.evento_id}"}, "sk": {"S": "AGREGADO"}, "expira": expira},
                        "ConditionExpression": "attribute_not_exists(pk)",
                    }
                }
                for a in tramo
            ]
            for dia, suma in por_dia(tramo).items():
                nombres = {f"#k{i}": k for i, k in enumerate(suma)}
                elementos.append(
                    {
                        "Update": {
                            "TableName": self.tabla,
                            "Key": {"pk": {"S": "REPORTE"}, "sk": {"S": f"DIA#{dia}"}},
                            "UpdateExpression": "ADD " + ", ".join(f"#k{i} :v{i}" for i in range(len(suma))),
                            "ExpressionAttributeNames": nombres,
                            "ExpressionAttributeValues": {f":v{i}": {"N": str(v)} for i, v in enumerate(suma.values())},
                        }
                    }
                )
            if len(elementos) == len(tramo):
                return 0  # nada que sumar (sólo ceros): no se marca nada
            try:
                self.cliente.transact_write_items(TransactItems=elementos)
                return len(tramo)
            except ClientError as e:
                if _codigo(e) != "TransactionCanceledException":
                    raise _traducir(e) from e
                razones = razones_cancelacion(e)
                repetidos = {i for i, r in enumerate(razones[: len(tramo)]) if r == "ConditionalCheckFailed"}
                if not repetidos:
                    raise ServicioNoDisponible() from e
                tramo = [a for i, a in enumerate(tramo) if i not in repetidos]
        return 0

    def dias(self, desde: str, hasta: str) -> list[dict[str, Any]]:
        """Los contadores de cada día del periodo: una Query (un día por item, sin importar cuántos casos)."""
        items: list[dict[str, Any]] = []
        kwargs: dict[str, Any] = {
            "TableName": self.tabla,
            "KeyConditionExpression": "pk = :p AND sk BETWEEN :d AND :h",
            "ExpressionAttributeValues": {
                ":p": {"S": "REPORTE"},
                ":d": {"S": f"DIA#{desde}"},
                ":h": {"S": f"DIA#{hasta}"},
            },
        }
        try:
            while True:
                r = self.cliente.query(**kwargs)
                items.extend(_normalizar(de_dynamo(i)) for i in r["Items"])
                if "LastEvaluatedKey" not in r:
                    return items
                kwargs["ExclusiveStartKey"] = r["LastEvaluatedKey"]
        except ClientError as e:
            raise _traducir(e) from e
