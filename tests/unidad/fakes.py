"""Dobles en memoria de los puertos (fakes, no mocks): se comportan como los adaptadores reales."""

from __future__ import annotations

from datetime import datetime, timedelta

from funciones.nucleo.caso import Caso, Evento, Idempotencia
from funciones.nucleo.errores import ClaveRepetida, Conflicto, EnvioEnCurso, FolioDuplicado, IntentosAgotados


class RepositorioFalso:
    def __init__(self, folios_ocupados: set[str] | None = None) -> None:
        self.casos: dict[str, Caso] = {}
        self.eventos: dict[str, list[Evento]] = {}
        self.ocupados = set(folios_ocupados or ())
        self.intentos = 0
        self.claves: dict[str, Idempotencia] = {}
        self.consultas: dict[str, list[int]] = {}

    def registrar(
        self,
        caso: Caso,
        evento: Evento,
        idempotencia: Idempotencia | None = None,
        verificacion: str | None = None,
        limites: list | None = None,
    ) -> None:
        self.intentos += 1
        if idempotencia is not None and idempotencia.clave in self.claves:
            raise ClaveRepetida(idempotencia.clave)
        if caso.folio in self.casos or caso.folio in self.ocupados or self.ocupados == {"*"}:
            raise FolioDuplicado(caso.folio)
        self.casos[caso.folio] = caso
        self.eventos[caso.folio] = [evento]
        if idempotencia is not None:
            self.claves[idempotencia.clave] = idempotencia

    def obtener_para_consulta(self, folio: str) -> tuple[Caso, list[Evento]] | None:
        return self.obtener_con_historial(folio)

    def reservar_consulta(self, folio: str, instante: int, desde: int, maximo: int, expira: int) -> list[int]:
        # El mismo registro de corrimiento que el adaptador: el más reciente primero, `maximo` lugares.
        registro = (self.consultas.get(folio) or []) + [0] * maximo
        if registro[maximo - 1] > desde:
            raise IntentosAgotados(registro[:maximo])
        self.consultas[folio] = [instante, *registro[: maximo - 1]]
        return list(self.consultas[folio])

    def devolver_consulta(self, folio: str, instante: int, maximo: int) -> None:
        registro = self.consultas.get(folio) or []
        if instante in registro:
            registro.remove(instante)
            self.consultas[folio] = [*registro, 0][:maximo]

    def obtener_idempotencia(self, clave: str) -> Idempotencia | None:
        return self.claves.get(clave)

    def actualizar(self, caso: Caso, version_leida: int, eventos: list[Evento]) -> None:
        if self.casos[caso.folio].version != version_leida:
            raise Conflicto("El caso cambió.", "caso_modificado")
        self.casos[caso.folio] = caso
        self.eventos[caso.folio].extend(eventos)

    def obtener(self, folio: str) -> Caso | None:
        return self.casos.get(folio)

    def obtener_con_historial(self, folio: str) -> tuple[Caso, list[Evento]] | None:
        if folio not in self.casos:
            return None
        return self.casos[folio], list(self.eventos[folio])


class EnviosFalsos:
    def __init__(self) -> None:
        self.marcas: dict[str, dict] = {}
        self.entregas: list[Evento] = []

    def reservar(self, folio: str, evento_id: str, ahora: datetime, reserva_s: int) -> str | None:
        marca = self.marcas.get(evento_id)
        if marca and marca["estado"] == "enviado":
            return None
        if marca and marca["vence"] > ahora:
            raise EnvioEnCurso(evento_id)
        reserva = f"r{len(self.marcas)}-{evento_id}"
        self.marcas[evento_id] = {
            "estado": "reservado",
            "reserva": reserva,
            "vence": ahora + timedelta(seconds=reserva_s),
        }
        return reserva

    def confirmar(self, folio: str, evento_id: str, reserva: str, entrega: Evento) -> None:
        assert self.marcas[evento_id]["reserva"] == reserva
        self.marcas[evento_id]["estado"] = "enviado"
        self.entregas.append(entrega)

    def liberar(self, folio: str, evento_id: str, reserva: str) -> None:
        if self.marcas.get(evento_id, {}).get("reserva") == reserva:
            del self.marcas[evento_id]


class CorreoFalso:
    def __init__(self, fallas: int = 0) -> None:
        self.enviados: list[dict[str, str]] = []
        self.fallas = fallas

    def enviar(
        self, destinatario: str, asunto: str, texto: str, html: str, etiquetas: dict[str, str] | None = None
    ) -> str:
        if self.fallas:
            self.fallas -= 1
            raise ConnectionError("SES no disponible")
        self.enviados.append(
            {"destinatario": destinatario, "asunto": asunto, "texto": texto, "html": html, "etiquetas": etiquetas}
        )
        return f"correo-{len(self.enviados)}"


class SmsFalso:
    def __init__(self) -> None:
        self.enviados: list[tuple[str, str]] = []

    def enviar(self, telefono: str, mensaje: str) -> str:
        self.enviados.append((telefono, mensaje))
        return f"sms-{len(self.enviados)}"
