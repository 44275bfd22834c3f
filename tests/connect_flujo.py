"""Un intérprete de prueba del Flow language de Amazon Connect, sólo para los tipos de acción que usa el flujo.

Recorre `infraestructura/connect/flujo.json` como lo haría Connect con una llamada: las teclas de quien llama salen
de una lista (None = no marca nada), la función se invoca con un `ContactFlowEvent` de verdad y su respuesta queda en
`$.External`, como en Connect. Lo que no sabe hacer (un tipo de acción o un JSONPath desconocidos) es un error de la
prueba, no un camino silencioso.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from infraestructura.connect import flujo as flujo_connect

INSTANCIA = "arn:aws:connect:us-east-1:123456789012:instance/11111111-2222-3333-4444-555555555555"
SUSTITUCIONES = {
    "FuncionIvr": "arn:aws:lambda:us-east-1:123456789012:function:BluePoint-ivr",
    "Cola": f"{INSTANCIA}/queue/99999999-8888-7777-6666-555555555555",
    "Horario": f"{INSTANCIA}/operating-hours/77777777-6666-5555-4444-333333333333",
}
NUMERO_BLUEPOINT = "+527676720827"
MAX_PASOS = 300
TIPOS = frozenset(
    {
        "UpdateContactTextToSpeechVoice",
        "MessageParticipant",
        "GetParticipantInput",
        "UpdateContactAttributes",
        "InvokeLambdaFunction",
        "Compare",
        "CheckHoursOfOperation",
        "UpdateContactTargetQueue",
        "TransferContactToQueue",
        "DisconnectParticipant",
    }
)


class ErrorDeFlujo(AssertionError):
    """El flujo hizo algo que Connect rechazaría o que el intérprete no conoce."""


def cargar(sustituciones: dict[str, str] | None = None) -> dict[str, Any]:
    """El archivo del repositorio con los `${…}` sustituidos, como lo deja Fn::Sub al desplegar."""
    texto = flujo_connect.ARCHIVO.read_text(encoding="utf-8")
    for clave, valor in (sustituciones or SUSTITUCIONES).items():
        texto = texto.replace("${" + clave + "}", valor)
    if "${" in texto:
        raise ErrorDeFlujo("quedó un ${…} sin sustituir en el flujo")
    return json.loads(texto)


def destinos(accion: dict[str, Any]) -> list[tuple[str, str]]:
    """(rama, destino) de cada transición de una acción: NextAction, cada condición y cada error."""
    t = accion.get("Transitions", {})
    salida = [("NextAction", t["NextAction"])] if "NextAction" in t else []
    for c in t.get("Conditions", []):
        salida.append((f"{c['Condition']['Operator']} {c['Condition']['Operands'][0]}", c["NextAction"]))
    for e in t.get("Errors", []):
        salida.append((e["ErrorType"], e["NextAction"]))
    return salida


@dataclass
class Recorrido:
    acciones: list[str] = field(default_factory=list)
    # (identificador, rama) de cada transición tomada.
    ramas: list[tuple[str, str]] = field(default_factory=list)
    mensajes: list[str] = field(default_factory=list)
    invocaciones: list[tuple[dict[str, Any], dict[str, Any]]] = field(default_factory=list)
    atributos: dict[str, str] = field(default_factory=dict)
    voz: tuple[str, str] | None = None
    cola: str | None = None
    transferida: bool = False
    colgada: bool = False

    @property
    def resultados(self) -> list[str]:
        return [r.get("resultado", "") for _, r in self.invocaciones]

    def dicho(self) -> str:
        return " ".join(self.mensajes)


class Llamada:
    """Una llamada desde `numero` que marca `teclas` (cada elemento, lo que marca en un GetParticipantInput)."""

    def __init__(
        self,
        invocar: Callable[[dict[str, Any]], dict[str, Any]],
        numero: str | None,
        teclas: Iterable[str | None],
        *,
        en_horario: bool = True,
        fallas: dict[str, str] | None = None,
        flujo: dict[str, Any] | None = None,
    ) -> None:
        self.flujo = flujo or cargar()
        self.acciones = {a["Identifier"]: a for a in self.flujo["Actions"]}
        self.invocar = invocar
        self.numero = numero
        self.teclas = list(teclas)
        self.en_horario = en_horario
        # Fallas del lado de Connect (cola llena, un bloque que falla): {identificador: tipo de error}.
        self.fallas = dict(fallas or {})
        self.contacto = str(uuid.uuid4())
        self.externo: dict[str, str] = {}
        self.guardado: str | None = None
        self.r = Recorrido()

    # --- datos del flujo (JSONPath de un solo nivel, como los usa el flujo) ---

    def _valor(self, ruta: str) -> str:
        if not ruta.startswith("$."):
            return ruta
        partes = ruta[2:].split(".")
        fuentes: dict[str, Any] = {
            "External": self.externo,
            "Attributes": self.r.atributos,
            "CustomerEndpoint": {"Address": self.numero},
        }
        if partes == ["StoredCustomerInput"]:
            if self.guardado is None:
                raise ErrorDeFlujo("$.StoredCustomerInput sin un GetParticipantInput con StoreInput antes")
            return self.guardado
        if len(partes) != 2 or partes[0] not in fuentes:
            raise ErrorDeFlujo(f"JSONPath que el intérprete no conoce: {ruta}")
        valor = fuentes[partes[0]].get(partes[1])
        if not isinstance(valor, str):
            raise KeyError(ruta)
        return valor

    def _evento(self, parametros: dict[str, str]) -> dict[str, Any]:
        return {
            "Name": "ContactFlowEvent",
            "Details": {
                "ContactData": {
                    "Attributes": dict(self.r.atributos),
                    "Channel": "VOICE",
                    "ContactId": self.contacto,
                    "CustomerEndpoint": {"Address": self.numero, "Type": "TELEPHONE_NUMBER"} if self.numero else None,
                    "InitialContactId": self.contacto,
                    "InitiationMethod": "INBOUND",
                    "InstanceARN": INSTANCIA,
                    "PreviousContactId": self.contacto,
                    "Queue": None,
                    "SystemEndpoint": {"Address": NUMERO_BLUEPOINT, "Type": "TELEPHONE_NUMBER"},
                    "MediaStreams": {"Customer": {"Audio": None}},
                },
                "Parameters": parametros,
            },
        }

    # --- transiciones ---

    def _error(self, accion: dict[str, Any], tipo: str) -> str:
        for e in accion["Transitions"].get("Errors", []):
            if e["ErrorType"] == tipo:
                self.r.ramas.append((accion["Identifier"], tipo))
                return e["NextAction"]
        raise ErrorDeFlujo(f"{accion['Identifier']}: sin rama para el error {tipo}")

    def _condicion(self, accion: dict[str, Any], valor: str, sin_coincidencia: str) -> str:
        for c in accion["Transitions"].get("Conditions", []):
            if c["Condition"]["Operator"] != "Equals":
                raise ErrorDeFlujo(f"{accion['Identifier']}: operador {c['Condition']['Operator']}")
            if c["Condition"]["Operands"] == [valor]:
                self.r.ramas.append((accion["Identifier"], f"Equals {valor}"))
                return c["NextAction"]
        return self._error(accion, sin_coincidencia)

    def _siguiente(self, accion: dict[str, Any]) -> str:
        self.r.ramas.append((accion["Identifier"], "NextAction"))
        return accion["Transitions"]["NextAction"]

    def _tecla(self) -> str | None:
        return self.teclas.pop(0) if self.teclas else None

    def _paso(self, accion: dict[str, Any]) -> str | None:  # noqa: C901, PLR0911, PLR0912 -- un caso por tipo
        tipo, p = accion["Type"], accion["Parameters"]
        if tipo == "UpdateContactTextToSpeechVoice":
            self.r.voz = (p["TextToSpeechVoice"], p["TextToSpeechEngine"])
            return self._siguiente(accion)
        if tipo == "MessageParticipant":
            try:
                self.r.mensajes.append(self._valor(p["SSML"]))
            except KeyError:
                return self._error(accion, "NoMatchingError")
            return self._siguiente(accion)
        if tipo == "GetParticipantInput":
            self.r.mensajes.append(self._valor(p["SSML"]))
            tecla = self._tecla()
            if p["StoreInput"] == "True":
                maximo = int(p["InputValidation"]["CustomValidation"]["MaximumLength"])
                # Sin respuesta, Connect guarda «Timeout» y sigue por la rama de éxito.
                self.guardado = "Timeout" if tecla is None else tecla[:maximo]
                return self._siguiente(accion)
            if tecla is None:
                return self._error(accion, "InputTimeLimitExceeded")
            return self._condicion(accion, tecla[:1], "NoMatchingCondition")
        if tipo == "UpdateContactAttributes":
            try:
                nuevos = {k: self._valor(v) for k, v in p["Attributes"].items()}
            except KeyError:
                return self._error(accion, "NoMatchingError")
            self.r.atributos.update(nuevos)
            return self._siguiente(accion)
        if tipo == "InvokeLambdaFunction":
            if p["LambdaFunctionARN"] != SUSTITUCIONES["FuncionIvr"] or p["InvocationType"] != "SYNCHRONOUS":
                raise ErrorDeFlujo(f"{accion['Identifier']}: invoca otra función o no es síncrona")
            evento = self._evento({k: self._valor(v) for k, v in p["LambdaInvocationAttributes"].items()})
            try:
                respuesta = self.invocar(evento)
            except Exception:  # noqa: BLE001 -- en Connect, cualquier falla de la función es la rama de error
                return self._error(accion, "NoMatchingError")
            self.r.invocaciones.append((evento, respuesta))
            # STRING_MAP: un mapa plano de cadenas; otra cosa es la rama de error.
            if not isinstance(respuesta, dict) or not all(isinstance(v, str) for v in respuesta.values()):
                return self._error(accion, "NoMatchingError")
            self.externo = dict(respuesta)
            return self._siguiente(accion)
        if tipo == "Compare":
            try:
                valor = self._valor(p["ComparisonValue"])
            except KeyError:
                return self._error(accion, "NoMatchingCondition")
            return self._condicion(accion, valor, "NoMatchingCondition")
        if tipo == "CheckHoursOfOperation":
            if p["HoursOfOperationId"] != SUSTITUCIONES["Horario"]:
                raise ErrorDeFlujo(f"{accion['Identifier']}: otro horario")
            return self._condicion(accion, "True" if self.en_horario else "False", "NoMatchingError")
        if tipo == "UpdateContactTargetQueue":
            self.r.cola = p["QueueId"]
            return self._siguiente(accion)
        if tipo == "TransferContactToQueue":
            if self.r.cola is None:
                return self._error(accion, "NoMatchingError")
            self.r.transferida = True
            return None
        if tipo == "DisconnectParticipant":
            self.r.colgada = True
            return None
        raise ErrorDeFlujo(f"tipo de acción que el intérprete no conoce: {tipo}")

    def correr(self) -> Recorrido:
        actual: str | None = self.flujo["StartAction"]
        while actual is not None:
            if len(self.r.acciones) >= MAX_PASOS:
                raise ErrorDeFlujo(f"la llamada no terminó en {MAX_PASOS} pasos: {self.r.acciones[-12:]}")
            if actual not in self.acciones:
                raise ErrorDeFlujo(f"destino inexistente: {actual}")
            self.r.acciones.append(actual)
            accion = self.acciones[actual]
            actual = self._error(accion, self.fallas.pop(actual)) if actual in self.fallas else self._paso(accion)
        return self.r
