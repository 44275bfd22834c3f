"""Derechos ARCO (LFPDPPP): qué datos de una persona se anonimizan en una cancelación (reglas puras, sin boto3).

La cancelación deja los casos para los reportes (tipo, categoría, canal, medio, fechas, estados, nivel, resultados,
bonificación, encuestas sin comentario) y quita lo que identifica a la persona: nombre, contrato, correo, teléfono
y todo texto libre (descripción, resolución, mensajes, notas, motivos), que puede nombrarla o citar sus datos.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta
from typing import Any

from funciones.nucleo.dominio import busqueda, calendario
from funciones.nucleo.dominio.adjuntos import PREFIJO_CASOS, PREFIJO_SUBIDAS
from funciones.nucleo.dominio.caso import Caso, Evento
from funciones.nucleo.dominio.errores import Conflicto
from funciones.nucleo.dominio.etiquetas import EVENTOS, legible
from funciones.nucleo.dominio.folio import formatear_folio
from funciones.nucleo.dominio.limites import clave_limite, correo_para_limite, telefono_para_limite

TITULAR = "Titular anonimizado"
ARCHIVO_ELIMINADO = "Archivo eliminado por una cancelación de datos personales (ARCO)"
TEXTO_ELIMINADO = "Texto eliminado por una cancelación de datos personales (ARCO)."
CLASES = {"contrato": "Número de contrato", "correo": "Correo electrónico", "telefono": "Teléfono"}

# Datos de un evento que no identifican a nadie y sirven a los reportes y al expediente; lo demás se quita.
DATOS_CONSERVADOS = frozenset(
    {
        "medio",
        "plantilla",
        "id_mensaje",
        "evento_origen",
        "tipo_rebote",
        "subtipo_rebote",
        "tipo_queja",
        "resuelto",
        "ronda",
        "via",
        "canal",
        "tipo",
        "destinos",
        "nivel",
        "duplicado",
        "resuelto_primer_contacto",
        "calificacion",
        "departamento",
        "estado",
        "agente",
        "fallos",
        "supervisor",
    }
)
# `destino` en un escalamiento es un departamento; en un aviso es un correo o un teléfono.
_DESTINOS_INTERNOS = frozenset({"supervisor", "supervisores"})
# Campos de otros items (encuestas, adjuntos) que pueden llevar datos de la persona.
CAMPOS_PERSONALES = frozenset(
    {"nombre", "correo", "telefono", "contrato", "comentario", "descripcion", "nombre_archivo", "archivo", "texto"}
)
# Días que vive un contador de límites (su TTL es de 3 días): se borran los de esos días.
DIAS_LIMITES = 3


def proceso_profeco_abierto(casos: list[Caso]) -> None:
    """409 si algún caso tiene un proceso ante PROFECO abierto: sus datos hacen falta para la conciliación."""
    abiertos = [c for c in casos if c.proceso_profeco]
    if abiertos:
        lista = ", ".join(
            f"{formatear_folio(c.folio)} (expediente {(c.proceso_profeco or {}).get('expediente', '—')})"
            for c in abiertos
        )
        raise Conflicto(
            f"No se pueden cancelar los datos: el caso {lista} tiene un proceso ante PROFECO abierto y sus datos "
            "hacen falta para la conciliación. Cuando el proceso termine, un supervisor lo marca como cerrado "
            "y la cancelación se puede hacer.",
            "proceso_profeco_abierto",
        )


def casos_abiertos(casos: list[Caso]) -> None:
    """409 si algún caso sigue abierto: sin contacto no se le podría avisar la respuesta (art. 26 LFPDPPP)."""
    abiertos = [c for c in casos if c.abierto]
    if abiertos:
        lista = ", ".join(formatear_folio(c.folio) for c in abiertos)
        raise Conflicto(
            f"No se pueden cancelar los datos todavía: {lista} sigue abierto y hacen falta para responderle. "
            "Resuélvelo o ciérralo y vuelve a intentarlo.",
            "casos_abiertos",
        )


def es_de_la_persona(caso: Caso, clase: str, valor: str) -> bool:
    """El caso sigue teniendo ese dato (un item índice viejo no cuenta)."""
    propios = busqueda.terminos(contrato=caso.contrato, correo=caso.correo, telefono=caso.telefono, nombre=None)
    return (clase, normalizar(clase, valor)) in propios


def normalizar(clase: str, valor: str) -> str:
    if clase == "correo":
        return busqueda.correo_normalizado(valor)
    if clase == "telefono":
        return busqueda.telefono_normalizado(valor) or valor
    return valor


def anonimizar_caso(caso: Caso) -> Caso:
    """El caso sin datos personales; fechas, estados, nivel, resultados y bonificación se quedan."""
    return dataclasses.replace(
        caso,
        nombre=TITULAR,
        contrato=None,
        correo=None,
        telefono=None,
        descripcion=TEXTO_ELIMINADO,
        resolucion=TEXTO_ELIMINADO if caso.resolucion else None,
        verificacion_id=None,
        version=caso.version + 1,
    )


def anonimizar_datos(datos: dict[str, Any]) -> dict[str, Any]:
    salida = {k: v for k, v in datos.items() if k in DATOS_CONSERVADOS}
    destino = datos.get("destino")
    if isinstance(destino, str) and "@" not in destino and not any(c.isdigit() for c in destino):
        salida["destino"] = destino  # un departamento o «supervisor», no un contacto
    return salida


def anonimizar_evento(evento: dict[str, Any]) -> dict[str, Any]:
    """Un evento (como item) con su tipo, fecha, autor y visibilidad, sin texto libre ni contactos."""
    salida = anonimizar_registro(evento)
    tipo = str(evento.get("tipo", ""))
    if "descripcion" in evento:
        salida["descripcion"] = f"{legible(tipo, EVENTOS)}. {TEXTO_ELIMINADO}"
    if isinstance(evento.get("datos"), dict):
        salida["datos"] = anonimizar_datos(evento["datos"])
    notificar = evento.get("notificar")
    if isinstance(notificar, dict):
        # El pedido a la bandeja ya se atendió (sólo el INSERT envía); se queda qué se mandó, no a quién.
        salida["notificar"] = {k: notificar[k] for k in ("medio", "plantilla") if k in notificar}
    return salida


def objetos_persona(particiones: list[list[dict[str, Any]]]) -> tuple[list[str], list[str]]:
    """Las llaves en S3 de lo que mandó la persona, leídas de sus items **antes** de anonimizar: los adjuntos de sus
    casos (`casos/<folio>/<id>` y, si no se llegó a enviar, `subidas/<folio>/<id>`) y los correos crudos que
    respondió (`objeto` del mensaje recibido por correo, en el bucket de correos)."""
    adjuntos: set[str] = set()
    crudos: set[str] = set()
    for items in particiones:
        for i in items:
            sk = str(i.get("sk", ""))
            if sk.startswith("ADJUNTO#") and i.get("folio") and i.get("id"):
                adjuntos |= {f"{PREFIJO_CASOS}{i['folio']}/{i['id']}", f"{PREFIJO_SUBIDAS}{i['folio']}/{i['id']}"}
            elif sk.startswith("EVENTO#") and isinstance(i.get("datos"), dict):
                objeto = i["datos"].get("objeto")
                if isinstance(objeto, str) and objeto:
                    crudos.add(objeto)
    return sorted(adjuntos), sorted(crudos)


def anonimizar_item(item: dict[str, Any]) -> dict[str, Any]:
    """Cualquier item de la partición de un caso o del registro del cliente, según su llave de orden."""
    sk = str(item.get("sk", ""))
    if sk.startswith("ADJUNTO#"):
        # El objeto se borró de S3: el item se queda (cuántos archivos hubo, de qué tipo y cuándo), sin el nombre del
        # archivo y marcado eliminado (no se ofrece descargar).
        return {**anonimizar_registro(item), "nombre": ARCHIVO_ELIMINADO, "estado": "eliminado"}
    if sk.startswith("EVENTO#"):
        return anonimizar_evento(item)
    if sk.startswith("ENVIO#") and isinstance(item.get("entrega"), dict):
        return {**anonimizar_registro(item), "entrega": anonimizar_evento(item["entrega"])}
    return anonimizar_registro(item)


def anonimizar_registro(datos: dict[str, Any]) -> dict[str, Any]:
    """Una encuesta u otro item de la partición del caso: sin los campos que pueden llevar datos de la persona."""
    return {k: v for k, v in datos.items() if k not in CAMPOS_PERSONALES}


def indices_persona(llave: bytes, casos: list[Caso], perfiles: list[Any]) -> list[tuple[str, str | None, str | None]]:
    """(clave, folio, contrato) de cada item índice de la persona, con sus datos **antes** de anonimizar."""
    salida: list[tuple[str, str | None, str | None]] = []
    for c in casos:
        lista = busqueda.terminos(contrato=c.contrato, correo=c.correo, telefono=c.telefono, nombre=c.nombre)
        salida += [(k, c.folio, None) for k in busqueda.claves(llave, lista)]
    for p in perfiles:
        lista = busqueda.terminos(contrato=p.contrato, correo=p.correo, telefono=p.telefono, nombre=p.nombre)
        salida += [(k, None, p.contrato) for k in busqueda.claves(llave, lista)]
    return salida


def evento_arco(
    tipo: str, *, folio: str, particion: str | None, supervisor: str, motivo: str, dato: str, ahora: datetime
) -> Evento:
    """`arco_acceso` o `arco_cancelacion` en el registro (interno): quién, cuándo, por qué y con qué dato."""
    texto = "Acceso a los datos personales (exportación)" if tipo == "arco_acceso" else "Cancelación de datos"
    return Evento(
        folio=folio,
        fecha=ahora,
        tipo=tipo,
        descripcion=f"{texto} a solicitud del titular, por {CLASES[dato].lower()}. Motivo: {motivo}",
        publico=False,
        autor=supervisor,
        datos={"agente": supervisor, "motivo": motivo, "dato": dato},
        particion=particion,
    )


def claves_limites(
    llave: bytes, *, contratos: set[str], correos: set[str], telefonos: set[str], ahora: datetime
) -> list[tuple[str, str]]:
    """(pk, sk) de los contadores diarios del alta web de esa persona en los días que siguen vivos."""
    correos_n = {correo_para_limite(c) for c in correos}
    telefonos_n = {telefono_para_limite(t) for t in telefonos}
    valores = [("correo", c) for c in correos_n] + [("telefono", t) for t in telefonos_n]
    valores += [("contrato", f"{k}|{c}") for k in contratos for c in correos_n | telefonos_n]
    dias = [(calendario.dia_local(ahora) - timedelta(days=d)).isoformat() for d in range(DIAS_LIMITES + 1)]
    return [(f"LIMITE#{campo}#{clave_limite(llave, campo, v)}", f"DIA#{dia}") for campo, v in valores for dia in dias]
