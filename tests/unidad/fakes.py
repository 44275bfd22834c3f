"""Dobles en memoria de los puertos (fakes, no mocks): se comportan como los adaptadores reales."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from funciones.nucleo.dominio.caso import Caso, Evento, Idempotencia
from funciones.nucleo.dominio.errores import ClaveRepetida, Conflicto, EnvioEnCurso, FolioDuplicado, IntentosAgotados


class RepositorioFalso:
    def __init__(self, folios_ocupados: set[str] | None = None) -> None:
        self.casos: dict[str, Caso] = {}
        self.eventos: dict[str, list[Evento]] = {}
        self.ocupados = set(folios_ocupados or ())
        self.intentos = 0
        self.claves: dict[str, Idempotencia] = {}
        self.consultas: dict[str, list[int]] = {}
        self.indices: dict[str, list[str]] = {}

    def registrar(
        self,
        caso: Caso,
        evento: Evento,
        idempotencia: Idempotencia | None = None,
        verificacion: str | None = None,
        limites: list | None = None,
        indice: list[str] | None = None,
    ) -> None:
        self.intentos += 1
        self.indices[caso.folio] = list(indice or [])
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

    def actualizar_varios(self, cambios: list) -> None:
        if any(self.casos[c.folio].version != v for c, v, _ in cambios):
            raise Conflicto("El caso cambió.", "caso_modificado")
        for caso, _, eventos in cambios:
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

    def reservar(self, particion: str, evento_id: str, ahora: datetime, reserva_s: int) -> str | None:
        marca = self.marcas.get(evento_id)
        if marca and marca["estado"] == "enviado":
            return None
        if marca and marca["vence"] >= ahora:  # como la condición `vence_reserva < :ahora`
            raise EnvioEnCurso(evento_id)
        reserva = f"r{len(self.marcas)}-{evento_id}"
        self.marcas[evento_id] = {
            "particion": particion,
            "estado": "reservado",
            "reserva": reserva,
            "vence": ahora + timedelta(seconds=reserva_s),
        }
        return reserva

    def confirmar(self, particion: str, evento_id: str, reserva: str, entrega: Evento) -> None:
        # La marca vive en la partición del caso: otra partición sería otra marca.
        assert self.marcas[evento_id]["reserva"] == reserva and self.marcas[evento_id]["particion"] == particion
        assert isinstance(entrega, Evento)
        self.marcas[evento_id]["estado"] = "enviado"
        self.entregas.append(entrega)

    def liberar(self, particion: str, evento_id: str, reserva: str) -> None:
        marca = self.marcas.get(evento_id, {})
        vigente = marca.get("estado") == "reservado" and marca.get("particion") == particion
        if vigente and marca.get("reserva") == reserva:
            del self.marcas[evento_id]


class CorreoFalso:
    def __init__(self, fallas: int = 0) -> None:
        self.enviados: list[dict[str, Any]] = []
        self.fallas = fallas

    def enviar(
        self,
        destinatario: str,
        asunto: str,
        texto: str,
        html: str,
        etiquetas: dict[str, str] | None = None,
        *,
        nombre: str | None = None,
        responder_a: str | None = None,
        cabeceras: dict[str, str] | None = None,
    ) -> str:
        if self.fallas:
            self.fallas -= 1
            raise ConnectionError("SES no disponible")
        self.enviados.append(
            {
                "destinatario": destinatario,
                "asunto": asunto,
                "texto": texto,
                "html": html,
                "etiquetas": etiquetas,
                "nombre": nombre,
                "responder_a": responder_a,
                "cabeceras": cabeceras,
            }
        )
        return f"correo-{len(self.enviados)}"


class AlertasFalsas:
    def __init__(self) -> None:
        self.publicadas: list[tuple[str, str, dict]] = []

    def publicar(self, asunto: str, mensaje: str, atributos: dict) -> str:
        self.publicadas.append((asunto, mensaje, atributos))
        return f"alerta-{len(self.publicadas)}"


class SmsFalso:
    def __init__(self) -> None:
        self.enviados: list[tuple[str, str]] = []

    def enviar(self, telefono: str, mensaje: str) -> str:
        self.enviados.append((telefono, mensaje))
        return f"sms-{len(self.enviados)}"


class VerificacionesFalsas:
    """El repositorio de verificaciones en memoria: perfil, bloqueos con versión (del contrato y del agente) y
    verificaciones vigentes."""

    def __init__(self, clientes: list | None = None) -> None:
        from funciones.nucleo.dominio.verificaciones import Bloqueo

        self.clientes = {c.contrato: c for c in clientes or []}
        self.bloqueos: dict[str, Bloqueo] = {}
        self.de_agentes: dict[str, Bloqueo] = {}
        self.verificaciones: dict[str, object] = {}
        self.eventos: list = []  # EventoCliente
        self.alertas: list = []
        # Cuántas escrituras seguidas pierden la carrera contra otro intento (CambioConcurrente).
        self.choques = 0

    def leer(self, contrato: str, agente: str):
        from funciones.nucleo.dominio.verificaciones import Bloqueo

        vacio = Bloqueo()
        return self.clientes.get(contrato), self.bloqueos.get(contrato, vacio), self.de_agentes.get(agente, vacio)

    def _comprobar(self, tabla: dict, clave: str, version_leida: int) -> None:
        from funciones.nucleo.dominio.verificaciones import Bloqueo, CambioConcurrente

        if tabla.get(clave, Bloqueo()).version != version_leida:
            raise CambioConcurrente()

    def _choque(self) -> None:
        from funciones.nucleo.dominio.verificaciones import CambioConcurrente

        if self.choques:
            self.choques -= 1
            raise CambioConcurrente()

    def registrar_fallo(
        self, contrato, bloqueo, version_leida, evento, agente, del_agente, version_agente, alerta=None
    ) -> None:
        from dataclasses import replace

        # Una transacción: todo o nada.
        self._choque()
        self._comprobar(self.bloqueos, contrato, version_leida)
        self._comprobar(self.de_agentes, agente, version_agente)
        self.bloqueos[contrato] = replace(bloqueo, version=version_leida + 1)
        self.de_agentes[agente] = replace(del_agente, version=version_agente + 1)
        self.eventos.append(evento)
        if alerta is not None:
            self.alertas.append(alerta)

    def levantar_bloqueo(self, contrato, version_leida, evento) -> None:
        from funciones.nucleo.dominio.verificaciones import Bloqueo

        self._choque()
        self._comprobar(self.bloqueos, contrato, version_leida)
        self.bloqueos[contrato] = Bloqueo(version=version_leida + 1)
        self.eventos.append(evento)

    def registrar_exito(self, verificacion, version_leida: int, evento: dict, ahora) -> None:
        from datetime import datetime

        from funciones.nucleo.dominio.verificaciones import Bloqueo, CambioConcurrente

        self._choque()
        self._comprobar(self.bloqueos, verificacion.contrato, version_leida)
        del_agente = self.de_agentes.get(verificacion.agente, Bloqueo())
        if del_agente.bloqueado_hasta and datetime.fromisoformat(del_agente.bloqueado_hasta) > ahora:
            raise CambioConcurrente()  # como el ConditionCheck del agente
        self.bloqueos[verificacion.contrato] = Bloqueo(version=version_leida + 1)
        self.eventos.append(evento)
        self.verificaciones[verificacion.id] = verificacion
