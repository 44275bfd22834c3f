/*
 * Emulación local de la llamada que Amazon Connect entrega al asesor (screen pop): manda el número y el folio a
 * las consolas abiertas por BroadcastChannel, como lo hace Streams en AWS, y da el enlace a la misma ruta.
 */
(function () {
  "use strict";

  var $ = function (id) { return document.getElementById(id); };

  function soloDigitos(t) { return String(t || "").replace(/\D/g, ""); }

  function telefonoDiez(valor) {
    var d = soloDigitos(valor);
    if (d.length === 12 && d.slice(0, 2) === "52") d = d.slice(2);
    else if (d.length === 13 && d.slice(0, 3) === "521") d = d.slice(3);
    return d.length === 10 ? d : "";
  }

  function marcar(campo, mensaje) {
    var error = $("error-" + campo);
    error.textContent = mensaje;
    error.hidden = !mensaje;
    $(campo).setAttribute("aria-invalid", mensaje ? "true" : "false");
    if (mensaje) $(campo).setAttribute("aria-describedby", "error-" + campo + " ayuda-" + campo);
    else $(campo).setAttribute("aria-describedby", "ayuda-" + campo);
  }

  function alEnviar(ev) {
    ev.preventDefault();
    var telefono = telefonoDiez($("telefono").value);
    var folio = soloDigitos($("folio").value);
    marcar("telefono", telefono ? "" : "Escribe un número de 10 dígitos (o con +52).");
    marcar("folio", !folio || folio.length === 10 ? "" : "El folio tiene 10 dígitos.");
    if (!telefono) { $("telefono").focus(); return; }
    if (folio && folio.length !== 10) { $("folio").focus(); return; }
    var ruta = "#/llamada?telefono=" + telefono + (folio ? "&folio=" + folio : "");
    var enviada = false;
    if (typeof window.BroadcastChannel === "function") {
      var canal = new window.BroadcastChannel("bp.consola.llamadas");
      canal.postMessage({ tipo: "llamada", telefono: "+52" + telefono, folio: folio });
      canal.close();
      enviada = true;
    }
    $("enlace-consola").href = "/consola/" + ruta;
    $("abrir-consola").hidden = false;
    $("estado-llamada").textContent = enviada
      ? "Llamada enviada a las consolas abiertas en este navegador."
      : "Este navegador no avisa a otras pestañas: abre la consola con el enlace.";
  }

  document.addEventListener("DOMContentLoaded", function () {
    $("form-llamada").addEventListener("submit", alEnviar);
  });
})();
