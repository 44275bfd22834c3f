/*
 * Blue Point · Consola de agentes — la sesión del agente y cómo se comparte entre pestañas.
 * La usan la consola (consola.js) y las pantallas aparte (arco.html): una sola implementación.
 *  - Cada pestaña guarda el token sólo en su sessionStorage ("bp.consola.sesion"); nunca en localStorage: no queda
 *    en disco ni sobrevive al navegador.
 *  - BroadcastChannel del mismo origen ("bp.consola.sesion"): una pestaña nueva pide la sesión ({tipo: "pedir"}) y
 *    una viva contesta ({tipo: "sesion", sesion}); «Salir» avisa a todas ({tipo: "salir", usuario}); un token nuevo
 *    (verificación en dos pasos) se reparte ({tipo: "actualizar", sesion}).
 * Expone `window.SesionConsola`. Sin dependencias.
 */
(function () {
  "use strict";

  var CLAVE = "bp.consola.sesion";
  var NOMBRE_CANAL = "bp.consola.sesion";
  var ESPERA_PESTANAS_MS = 400;

  function leer() {
    try {
      var s = JSON.parse(window.sessionStorage.getItem(CLAVE) || "null");
      if (!s || typeof s.token !== "string" || !s.token) return null;
      return s;
    } catch (e) {
      return null;
    }
  }

  function guardar(s) {
    try { window.sessionStorage.setItem(CLAVE, JSON.stringify(s)); } catch (e) { /* modo privado */ }
  }

  function borrar() {
    try { window.sessionStorage.removeItem(CLAVE); } catch (e) { /* nada */ }
  }

  function msHastaVencer(s) {
    var t = Date.parse(s && s.expira);
    return isNaN(t) ? Infinity : t - Date.now();
  }

  /** Una sesión que vale la pena adoptar: token, rol y vencimiento en el futuro. */
  function valida(s) {
    return !!s && typeof s === "object" && typeof s.token === "string" && !!s.token &&
      typeof s.rol === "string" && msHastaVencer(s) > 0 && msHastaVencer(s) !== Infinity;
  }

  /** Sólo los campos conocidos (lo que llega por el canal no se guarda tal cual). */
  function copia(s) {
    return {
      token: s.token, expira: s.expira, rol: s.rol, usuario: s.usuario, nombre: s.nombre,
      verificacion_dos_pasos: s.verificacion_dos_pasos === true
    };
  }

  /**
   * Abre el canal. `obtener()` da la sesión de esta pestaña (o null): con ella se contesta a quien la pide.
   * `alMensaje(m)` recibe lo demás: "sesion" (si nadie la está esperando con `pedir`), "salir", "actualizar".
   * Devuelve {difundir(m), pedir() → Promise<sesión | null>}; sin BroadcastChannel, pedir resuelve con null.
   */
  function conectar(obtener, alMensaje) {
    var canal = null;
    var esperando = null;
    try {
      if (typeof window.BroadcastChannel === "function") canal = new window.BroadcastChannel(NOMBRE_CANAL);
    } catch (e) {
      canal = null;
    }

    function difundir(mensaje) {
      if (!canal) return;
      try { canal.postMessage(mensaje); } catch (e) { /* nada */ }
    }

    if (canal) {
      canal.onmessage = function (ev) {
        var m = ev && ev.data;
        if (!m || typeof m !== "object") return;
        if (m.tipo === "pedir") {
          var propia = obtener();
          if (propia && msHastaVencer(propia) > 0) difundir({ tipo: "sesion", sesion: copia(propia) });
          return;
        }
        if (m.tipo === "sesion" && esperando) {
          if (valida(m.sesion)) esperando(copia(m.sesion));
          return;
        }
        if (alMensaje) alMensaje(m);
      };
    }

    /** Pide la sesión a otras pestañas; resuelve con ella o con null si nadie contesta a tiempo. */
    function pedir() {
      return new Promise(function (resolver) {
        if (!canal) { resolver(null); return; }
        var listo = false;
        var terminar = function (s) {
          if (listo) return;
          listo = true;
          esperando = null;
          resolver(s);
        };
        esperando = terminar;
        setTimeout(function () { terminar(null); }, ESPERA_PESTANAS_MS);
        difundir({ tipo: "pedir" });
      });
    }

    return { difundir: difundir, pedir: pedir };
  }

  window.SesionConsola = {
    leer: leer,
    guardar: guardar,
    borrar: borrar,
    msHastaVencer: msHastaVencer,
    valida: valida,
    copia: copia,
    conectar: conectar
  };
})();
