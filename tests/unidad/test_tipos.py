"""Los tipos que mypy cree deben decir la verdad: cada literal y cada TypedDict contra la fuente que describe."""

from __future__ import annotations

import copy
import json
from typing import Any, get_args, get_origin, get_type_hints, is_typeddict

import botocore.session
import pytest

from esquemas.base import EstadoCaso
from esquemas.sesiones import ReglaContrasena, Sesion
from funciones.nucleo.adaptadores import aws
from funciones.nucleo.dominio import catalogo, contrasenas
from funciones.nucleo.dominio.agentes import PRIORIDAD, Rol
from funciones.nucleo.dominio.caso import ESTADOS, TRANSICIONES, Estado
from funciones.nucleo.dominio.identidad import RetoRespondible


def _literal(tipo: Any) -> set[str]:
    """Los valores de un `Literal[...]`, también detrás de un alias `type X = Literal[...]`."""
    return set(get_args(getattr(tipo, "__value__", tipo)))


def _diferencias(valor: Any, tipo: Any, ruta: str = "catalogo") -> list[str]:
    """Dónde `valor` (leído de JSON) no tiene la forma de `tipo`: llaves de más o de menos, o tipos distintos."""
    if is_typeddict(tipo):
        if not isinstance(valor, dict):
            return [f"{ruta}: se esperaba un objeto"]
        campos = get_type_hints(tipo)
        problemas = [f"{ruta}: sobra «{k}»" for k in sorted(set(valor) - set(campos))]
        problemas += [f"{ruta}: falta «{k}»" for k in sorted(set(campos) - set(valor))]
        for k in sorted(set(campos) & set(valor)):
            problemas += _diferencias(valor[k], campos[k], f"{ruta}.{k}")
        return problemas
    origen = get_origin(tipo)
    if origen is list:
        if not isinstance(valor, list):
            return [f"{ruta}: se esperaba una lista"]
        return [p for i, v in enumerate(valor) for p in _diferencias(v, get_args(tipo)[0], f"{ruta}[{i}]")]
    if origen is dict:
        return [] if isinstance(valor, dict) else [f"{ruta}: se esperaba un objeto"]
    # En JSON un booleano no es un número.
    if not isinstance(valor, tipo) or (tipo is int and isinstance(valor, bool)):
        return [f"{ruta}: {type(valor).__name__}, se esperaba {tipo.__name__}"]
    return []


def test_el_archivo_del_catalogo_tiene_la_forma_de_su_typeddict():
    datos = json.loads(catalogo.ARCHIVO.read_text(encoding="utf-8"))
    assert _diferencias(datos, catalogo.Catalogo) == []


def test_la_revision_de_forma_nota_llaves_y_tipos_distintos():
    datos = json.loads(catalogo.ARCHIVO.read_text(encoding="utf-8"))
    alterado = copy.deepcopy(datos)
    del alterado["horario"]["zona"]
    alterado["limites"]["casos_por_correo_al_dia"] = "5"
    alterado["departamentos"][0]["extra"] = True
    assert _diferencias(alterado, catalogo.Catalogo) == [
        "catalogo.departamentos[0]: sobra «extra»",
        "catalogo.horario: falta «zona»",
        "catalogo.limites.casos_por_correo_al_dia: str, se esperaba int",
    ]


def test_el_estado_del_caso_es_el_mismo_en_el_dominio_y_en_la_api():
    assert _literal(Estado) == set(ESTADOS) == set(TRANSICIONES) == _literal(EstadoCaso)


def test_el_rol_de_un_agente_es_uno_de_sus_grupos_y_el_de_la_sesion():
    assert _literal(Rol) == set(PRIORIDAD) == _literal(get_type_hints(Sesion)["rol"])


def test_las_claves_de_las_reglas_de_contrasena_son_las_del_esquema():
    claves = [clave for clave, _ in contrasenas.reglas()]
    assert len(claves) == len(set(claves))
    assert set(claves) == _literal(contrasenas.ClaveRegla) == _literal(get_type_hints(ReglaContrasena)["clave"])


def test_los_retos_que_se_responden_son_retos_de_cognito():
    modelo = botocore.session.get_session().get_service_model("cognito-idp")
    assert _literal(RetoRespondible) <= set(modelo.shape_for("ChallengeNameType").enum)


@pytest.mark.parametrize("servicio", sorted(_literal(aws.Servicio)))
def test_cada_servicio_tipado_existe_en_botocore(servicio):
    assert servicio in botocore.session.get_session().get_available_services()
