/*
 * Blue Point · Páginas que sirven las funciones (comprobante, confirmación, encuesta, expediente).
 * Sin dependencias y sin nada en línea (cumple la CSP `script-src 'self'`). Todo funciona sin JavaScript;
 * esto sólo agrega:
 *  - `[data-imprimir]`: el botón abre el diálogo de impresión.
 *  - `form[data-enviar-solo]`: la encuesta que llega del enlace del correo con la calificación ya elegida se
 *    envía sola (un clic en el correo termina en una respuesta registrada). Abrir la página (GET) no registra
 *    nada; lo registra este POST. Si la pestaña se abrió en segundo plano, espera a que la persona la vea.
 */
(function () {
  "use strict";

  function enviarSola(form) {
    if (!form.querySelector('input[name="calificacion"]:checked')) return;
    var enviado = false;
    function enviar() {
      if (enviado || document.visibilityState === "hidden") return;
      enviado = true;
      document.removeEventListener("visibilitychange", enviar);
      var estado = form.querySelector("[data-estado-envio]");
      if (estado) estado.textContent = "Enviando tu calificación…";
      var boton = form.querySelector('button[type="submit"]');
      if (boton) boton.disabled = true;
      form.submit();
    }
    document.addEventListener("visibilitychange", enviar);
    enviar();
  }

  function iniciar() {
    document.querySelectorAll("[data-imprimir]").forEach(function (boton) {
      boton.addEventListener("click", function () { window.print(); });
    });
    var form = document.querySelector("form[data-enviar-solo]");
    if (form) enviarSola(form);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", iniciar);
  else iniciar();
})();
