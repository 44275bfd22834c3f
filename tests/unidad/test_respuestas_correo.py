"""Lo que escribió el cliente en su respuesta, sin la historia citada ni la firma: formas reales en español.

Cada forma es como la arma su cliente de correo al responder al correo del folio (Gmail web y móvil, Outlook
web/escritorio/móvil, Apple Mail en iPhone y Mac, Android/Samsung, Yahoo).
"""

from __future__ import annotations

import pytest

from funciones.correo_entrante.mensaje import MAX_ANALISIS, leer, respuesta, texto_de_html

HISTORIA = "Hola, Ana:\nRegistramos tu queja. Tu folio es 123 456 789 0.\nPlazo: jueves 26 de noviembre."

FORMAS = {
    "gmail_web": (
        "Les mando foto del recibo.\n\n"
        "El mar, 1 dic 2026 a las 10:00, Blue Point Atención al Cliente <\n"
        "respuestas+1234567890.abcdefghijklmnop@bluepoint.mx> escribió:\n\n"
        + "\n".join(f"> {r}" for r in HISTORIA.splitlines()),
        "Les mando foto del recibo.",
    ),
    "gmail_un_renglon": (
        "Sigue sin internet desde ayer.\nYa reinicié el módem dos veces.\n\n"
        "El mar, 1 dic 2026 a las 10:00, Blue Point <respuestas+x@bluepoint.mx> escribió:\n"
        + "\n".join(f"> {r}" for r in HISTORIA.splitlines()),
        "Sigue sin internet desde ayer.\nYa reinicié el módem dos veces.",
    ),
    "gmail_movil_con_firma_de_dispositivo": (
        "Ok, gracias.\n\nEnviado desde mi iPhone\n\n"
        "El 1 dic 2026, a las 10:00, Blue Point <respuestas+x@bluepoint.mx> escribió:\n"
        + "\n".join(f"> {r}" for r in HISTORIA.splitlines()),
        "Ok, gracias.",
    ),
    "apple_mail_iphone": (
        "El técnico no llegó.\n\nEnviado desde mi iPhone\n\n"
        "> El 1 dic 2026, a la(s) 10:00, Blue Point <respuestas+x@bluepoint.mx> escribió:\n>\n"
        + "\n".join(f"> {r}" for r in HISTORIA.splitlines()),
        "El técnico no llegó.",
    ),
    "apple_mail_mac": (
        "¿Me pueden llamar después de las 5?\n\n"
        "> El 1 dic 2026, a las 10:00, Blue Point Atención al Cliente <respuestas+x@bluepoint.mx> escribió:\n"
        "> \n" + "\n".join(f"> {r}" for r in HISTORIA.splitlines()),
        "¿Me pueden llamar después de las 5?",
    ),
    "outlook_web": (
        "Ya quedó, gracias.\n\n________________________________\n"
        "De: Blue Point Atención al Cliente <respuestas+x@bluepoint.mx>\n"
        "Enviado: martes, 1 de diciembre de 2026 10:00\nPara: Ana López <ana@example.com>\n"
        "Asunto: Tu folio 123 456 789 0\n\n" + HISTORIA,
        "Ya quedó, gracias.",
    ),
    "outlook_escritorio_mensaje_original": (
        "Sigue el cobro doble en mi estado de cuenta.\n\n-----Mensaje original-----\n"
        "De: Blue Point <respuestas+x@bluepoint.mx>\nEnviado el: martes, 1 de diciembre de 2026 10:00\n"
        "Para: ana@example.com\nAsunto: Tu folio\n\n" + HISTORIA,
        "Sigue el cobro doble en mi estado de cuenta.",
    ),
    "outlook_movil": (
        "Adjunto el recibo.\n\nObtener Outlook para iOS\n________________________________\n"
        "De: Blue Point <respuestas+x@bluepoint.mx>\nEnviado: Tuesday, December 1, 2026 10:00:00 AM\n"
        "Para: ana@example.com\nAsunto: Tu folio\n\n" + HISTORIA,
        "Adjunto el recibo.",
    ),
    "android_samsung": (
        "Listo, ya tengo servicio.\n\nEnviado desde mi Galaxy de Samsung\n\n\n"
        "-------- Mensaje original --------\nDe: Blue Point <respuestas+x@bluepoint.mx>\n"
        "Fecha: 1/12/26 10:00 (GMT-06:00)\nPara: ana@example.com\nAsunto: Tu folio\n\n" + HISTORIA,
        "Listo, ya tengo servicio.",
    ),
    "yahoo": (
        "No me ha llegado la bonificación.\n\n"
        "El martes, 1 de diciembre de 2026, 10:00:00 a.m. CST, Blue Point <respuestas+x@bluepoint.mx> escribió:\n\n"
        + HISTORIA,
        "No me ha llegado la bonificación.",
    ),
    "firma_rfc_3676": (
        "El módem sigue parpadeando en rojo.\n\n-- \nAna López\nTel. 777 500 0232\n",
        "El módem sigue parpadeando en rojo.",
    ),
    "despedida_y_nombre": (
        "Ya me llamaron y quedó resuelto.\n\nSaludos,\nAna López\n\n"
        "El mar, 1 dic 2026 a las 10:00, Blue Point <respuestas+x@bluepoint.mx> escribió:\n> " + HISTORIA,
        "Ya me llamaron y quedó resuelto.",
    ),
    "gmail_en_ingles": (
        "Please call me.\n\nOn Tue, Dec 1, 2026 at 10:00 AM Blue Point <respuestas+x@bluepoint.mx> wrote:\n> "
        + HISTORIA,
        "Please call me.",
    ),
}


@pytest.mark.parametrize("forma", sorted(FORMAS))
def test_la_respuesta_queda_sin_historia_ni_firma(forma):
    texto, esperado = FORMAS[forma]
    limpio = respuesta(texto)
    assert limpio == esperado
    assert "folio es" not in limpio and "escribió" not in limpio and "De:" not in limpio


def test_al_menos_diez_formas_reales():
    assert len(FORMAS) >= 10


def test_gracias_en_medio_del_mensaje_no_es_una_firma():
    texto = "Hola.\nGracias por la visita, pero el internet sigue lento en la noche.\nCasi no carga."
    assert respuesta(texto) == texto


def test_un_correo_sin_texto_propio_no_da_mensaje():
    assert respuesta("") == "" and respuesta("  \n") == ""
    solo_cita = "El mar, 1 dic 2026 a las 10:00, Blue Point <respuestas+x@bluepoint.mx> escribió:\n> " + HISTORIA
    assert "folio es" not in respuesta(solo_cita)


def test_el_html_sin_parte_de_texto_se_lee_sin_etiquetas_ni_estilos():
    html = (
        "<html><head><style>p{color:red}</style></head><body><div>Les mando el recibo.</div>"
        "<div class='gmail_quote'>El mar, 1 dic 2026 a las 10:00, Blue Point &lt;respuestas+x@bluepoint.mx&gt; "
        "escribió:<br><blockquote>Hola, Ana</blockquote></div><script>alert(1)</script></body></html>"
    )
    texto = texto_de_html(html)
    assert "color:red" not in texto and "alert" not in texto and "<div" not in texto
    assert respuesta(texto) == "Les mando el recibo."


def test_leer_un_mime_real_con_adjunto_y_foto_en_linea():
    crudo = (
        b"From: =?utf-8?q?Ana_L=C3=B3pez?= <Ana@Example.com>\r\n"
        b"To: respuestas+1234567890.abcdefghijklmnop@bluepoint.mx\r\n"
        b"Subject: =?utf-8?q?Re:_Tu_folio?=\r\n"
        b"Message-ID: <CAF123@mail.gmail.com>\r\n"
        b"In-Reply-To: <0100-a@email.amazonses.com>\r\n"
        b"MIME-Version: 1.0\r\n"
        b'Content-Type: multipart/mixed; boundary="b1"\r\n\r\n'
        b"--b1\r\n"
        b'Content-Type: multipart/alternative; boundary="b2"\r\n\r\n'
        b"--b2\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
        b"Les mando foto del recibo =C3=A1.\r\n\r\n--b2\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
        b"<p>Les mando foto</p>\r\n--b2--\r\n"
        b"--b1\r\n"
        b'Content-Type: image/jpeg; name="recibo.jpg"\r\nContent-Disposition: attachment; filename="recibo.jpg"\r\n'
        b"Content-Transfer-Encoding: base64\r\n\r\n/9j/4AAQSkZJRg==\r\n"
        b"--b1\r\n"
        b'Content-Type: image/png\r\nContent-Disposition: inline; filename="pegada.png"\r\n'
        b"Content-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n"
        b"--b1--\r\n"
    )
    r = leer(crudo)
    assert r.remitente == "Ana@Example.com" and r.destinatarios == [
        "respuestas+1234567890.abcdefghijklmnop@bluepoint.mx"
    ]
    assert r.asunto == "Re: Tu folio" and r.id_correo == "<CAF123@mail.gmail.com>"
    assert r.texto.strip() == "Les mando foto del recibo á."
    assert [(a.nombre, a.tipo_contenido, a.contenido[:3]) for a in r.adjuntos] == [
        ("recibo.jpg", "image/jpeg", b"\xff\xd8\xff"),
        ("pegada.png", "image/png", b"\x89PN"),
    ]
    assert r.cabeceras["In-Reply-To"] == "<0100-a@email.amazonses.com>"


def test_una_historia_enorme_no_estorba_ni_se_cuela():
    # Lo que escribió el cliente va arriba; de lo demás sólo se analiza el principio (MAX_ANALISIS).
    texto, esperado = FORMAS["gmail_web"]
    enorme = texto + "\n" + "> línea vieja del hilo\n" * 20000
    assert len(enorme) > 10 * MAX_ANALISIS
    assert respuesta(enorme) == esperado
