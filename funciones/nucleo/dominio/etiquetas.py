"""Etiquetas humanas para lo que leen agentes y autoridades (expediente, exportación ARCO, reportes).

Ninguna llave cruda (`caso_registrado`, `telefono`) ni nombre de proveedor (SES, SNS) llega a un documento.
"""

from __future__ import annotations

import re
from datetime import datetime

from funciones.nucleo.dominio import catalogo
from funciones.nucleo.dominio.calendario import ZONA

EVENTOS = {
    "caso_registrado": "Registro de la solicitud",
    "interaccion_nota": "Nota",
    "interaccion_llamada": "Llamada",
    "interaccion_accion": "Acción",
    "interaccion_mensaje": "Mensaje al cliente",
    "mensaje_agente": "Mensaje al cliente",
    "mensaje_cliente": "Mensaje del cliente",
    "adjunto_limpio": "Antivirus: archivo limpio",
    "adjunto_infectado": "Antivirus: archivo con malware (bloqueado)",
    "adjunto_sin_revisar": "Antivirus: archivo sin revisar",
    "alerta_respuesta_cliente": "Alerta: el cliente escribió",
    "en_proceso": "En atención",
    "escalamiento": "Escalamiento",
    "escalado": "Escalamiento",
    "caso_escalado": "Aviso de escalamiento al cliente",
    "desescalamiento": "Regreso a un nivel menor",
    "asignacion": "Reasignación",
    "caso_resuelto": "Resolución",
    "caso_cerrado": "Cierre confirmado",
    "caso_reabierto": "Reapertura",
    "caso_duplicado": "Cierre por duplicado",
    "duplicado_enlazado": "Duplicado enlazado",
    "notificacion_enviada": "Notificación enviada",
    "correo_entregado": "Correo entregado",
    "correo_rebotado": "Correo no entregado",
    "correo_queja": "Correo marcado como no deseado",
    "whatsapp_enviado": "WhatsApp enviado",
    "whatsapp_entregado": "WhatsApp entregado",
    "whatsapp_leido": "WhatsApp leído",
    "whatsapp_fallido": "WhatsApp no entregado",
    "whatsapp_rechazado": "WhatsApp rechazado",
    "alerta_whatsapp_fallido": "Alerta: WhatsApp no entregado",
    "encuesta_respondida": "Encuesta respondida",
    "encuesta_completada": "Encuesta completada",
    "alerta_escalamiento": "Alerta de escalamiento a supervisores",
    "alerta_por_vencer": "Alerta: plazo interno por vencer",
    "alerta_vencido": "Alerta: plazo interno vencido",
    "alerta_legal_por_vencer": "Alerta: plazo legal por vencer",
    "alerta_legal_vencido": "Alerta: plazo legal vencido",
    "alerta_correo_rebotado": "Alerta: correo no entregado",
    "alerta_encuesta_baja": "Alerta: calificación baja",
    "arco_cancelacion": "Cancelación de datos personales (ARCO)",
    "arco_acceso": "Acceso a datos personales (ARCO)",
    "profeco_abierto": "Proceso ante PROFECO abierto",
    "profeco_cerrado": "Proceso ante PROFECO cerrado",
}
MEDIOS = {
    "correo": "Correo electrónico",
    "sms": "Mensaje SMS",
    "impreso": "Comprobante impreso",
    "whatsapp": "WhatsApp",
    "alerta": "Alerta interna a supervisores",
}
AVISOS = {
    "folio": "Folio de la solicitud",
    "resolucion": "Resolución y confirmación",
    "escalamiento": "Aviso de escalamiento",
    "encuesta": "Encuesta de satisfacción",
    "duplicado": "Aviso de folio duplicado",
    "mensaje": "Mensaje del asesor",
    "alerta": "Alerta a supervisores",
    "alerta_agente": "Alerta a supervisores",
}
CANALES = {
    "web": "Sitio web",
    "telefono": "Teléfono",
    "tienda": "Tienda",
    "correo": "Correo electrónico",
    "whatsapp": "WhatsApp",
}

_DIAS = ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo")
_MESES = (
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
)
# Lada de dos dígitos: Ciudad de México, Guadalajara y Monterrey; el resto tiene tres.
_LADAS_DE_DOS = ("55", "56", "33", "81")


def legible(clave: str | None, tabla: dict[str, str]) -> str:
    """La etiqueta de la tabla; una clave desconocida, sin guiones bajos y con mayúscula inicial."""
    if not clave:
        return "—"
    if clave in tabla:
        return tabla[clave]
    texto = clave.replace("_", " ").strip()
    return texto[:1].upper() + texto[1:]


def fecha_completa(dt: datetime) -> str:
    """«martes 1 de diciembre de 2026, 12:30 h (hora del centro de México, UTC−06:00)»: para un documento legal."""
    t = dt.astimezone(ZONA)
    desfase = t.strftime("%z")
    zona = f"UTC{'−' if desfase.startswith('-') else '+'}{desfase[1:3]}:{desfase[3:]}"
    return (
        f"{_DIAS[t.weekday()]} {t.day} de {_MESES[t.month - 1]} de {t.year}, {t:%H:%M} h "
        f"(hora del centro de México, {zona})"
    )


def telefono(numero: str | None) -> str:
    """«+525512345678» → «55 1234 5678»; «+527221234567» → «722 123 4567»; otro formato, tal cual."""
    if not numero:
        return "—"
    digitos = re.sub(r"\D", "", numero)
    if len(digitos) == 12 and digitos.startswith("52"):
        digitos = digitos[2:]
    if len(digitos) != 10:
        return numero
    if digitos[:2] in _LADAS_DE_DOS:
        return f"{digitos[:2]} {digitos[2:6]} {digitos[6:]}"
    return f"{digitos[:3]} {digitos[3:6]} {digitos[6:]}"


ALERTAS = {
    "escalamiento": "Escalamiento",
    "por_vencer": "Plazo interno por vencer",
    "vencido": "Plazo interno vencido",
    "legal_por_vencer": "Plazo legal por vencer",
    "legal_vencido": "Plazo legal vencido",
    "correo_rebotado": "Correo no entregado",
    "whatsapp_fallido": "WhatsApp no entregado",
    "encuesta_baja": "Calificación baja",
    "verificaciones_fallidas": "Verificaciones fallidas",
    "respuesta_cliente": "El cliente escribió",
}


def destinos(claves: list[str]) -> str:
    """[«supervisores», «facturacion»] → «Supervisores y Facturación» (nombres del catálogo)."""
    nombres = {d["clave"]: d["nombre"] for d in catalogo.catalogo()["departamentos"]}
    nombres["supervisores"] = "Supervisores"
    lista = [nombres.get(c, legible(c, {})) for c in claves]
    return " y ".join(filter(None, [", ".join(lista[:-1]), lista[-1]])) if lista else "—"
