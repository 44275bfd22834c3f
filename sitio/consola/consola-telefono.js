/*
 * Blue Point · Consola de agentes — llamada entrante (screen pop): al llegar una llamada al asesor, la consola abre
 * al cliente de ese número, sus casos y el folio que consultó en el teléfono.
 * Ruta en el hash: "#/llamada?telefono=<número>&folio=<folio>". La dispara:
 *   - Amazon Connect (Streams) cuando se configura la instancia (/consola/connect.json, que escribe la pila);
 *   - en local, la emulación /_local/llamada (o cualquier pestaña del mismo origen) por BroadcastChannel.
 * Depende de comun.js, consola.js y consola-busqueda.js (C.clientes).
 */
(function () {
  "use strict";

  var BP = window.BP;
  var C = window.Consola;
  var el = BP.el;
  var $ = function (id) { return document.getElementById(id); };

  var CANAL = "bp.consola.llamadas";
  var activo = false;
  var peticion = 0;
  var pendiente = null;

  /* ====================== Datos de la llamada ====================== */

  /** "+525512345678", "5215512345678" o "55 1234 5678" → "5512345678"; otro formato → "". */
  function telefonoDiez(valor) {
    var d = BP.soloDigitos(valor);
    if (d.length === 12 && d.slice(0, 2) === "52") d = d.slice(2);
    else if (d.length === 13 && d.slice(0, 3) === "521") d = d.slice(3);
    return d.length === 10 ? d : "";
  }

  function folioDiez(valor) {
    var d = BP.soloDigitos(valor);
    return d.length === 10 ? d : "";
  }

  function rutaLlamada(datos) {
    var partes = ["telefono=" + encodeURIComponent(telefonoDiez(datos.telefono))];
    var folio = folioDiez(datos.folio);
    if (folio) partes.push("folio=" + folio);
    return "#/llamada?" + partes.join("&");
  }

  function ruta() {
    var m = /^#\/llamada\?(.*)$/.exec(window.location.hash);
    if (!m) return null;
    var p;
    try { p = new URLSearchParams(m[1]); } catch (e) { return { telefono: "", folio: "" }; }
    return { telefono: telefonoDiez(p.get("telefono") || ""), folio: folioDiez(p.get("folio") || "") };
  }

  /** Lo que llama cada fuente (Connect o la emulación): lleva la consola a la ruta de la llamada. */
  function llegaLlamada(datos) {
    if (!datos || !telefonoDiez(datos.telefono)) return;
    var destino = rutaLlamada(datos);
    if (!activo) { pendiente = destino; return; }
    if (window.location.hash === destino) mostrar();
    else window.location.hash = destino;
  }

  /* ====================== Vista ====================== */

  function ocultarOtras() {
    ["vista-cola", "vista-caso"].forEach(function (id) { $(id).hidden = true; });
    Array.prototype.forEach.call(document.querySelectorAll("[data-vista-extra]"), function (n) {
      n.hidden = n.id !== "vista-llamada-entrante";
    });
  }

  function mostrar() {
    var r = ruta();
    if (!r || !activo) return;
    ocultarOtras();
    $("vista-llamada-entrante").hidden = false;
    var n = ++peticion;
    var error = $("errores-llamada-entrante");
    error.hidden = true;
    ["llamada-entrante-cliente", "llamada-entrante-casos", "llamada-entrante-clientes", "llamada-entrante-folio"]
      .forEach(function (id) { $(id).hidden = true; });
    BP.vaciar($("lista-casos-llamada"));
    BP.vaciar($("lista-clientes-llamada"));
    BP.vaciar($("llamada-entrante-cliente-cuerpo"));
    // El resumen de la llamada anterior no se queda en esta.
    $("estado-llamada-entrante").textContent = "";
    if (!r.telefono) {
      $("titulo-llamada-entrante").textContent = "Llamada entrante";
      $("llamada-entrante-resumen").textContent = "";
      error.textContent = "La llamada no trae un número de 10 dígitos: búscalo con la caja de búsqueda.";
      error.hidden = false;
      error.focus();
      return;
    }
    var legible = BP.formatearTelefono(r.telefono);
    $("titulo-llamada-entrante").textContent = "Llamada entrante del " + legible;
    $("llamada-entrante-resumen").textContent = r.folio
      ? "En el teléfono consultó el folio " + BP.formatearFolio(r.folio) + "."
      : "No consultó ningún folio en el teléfono.";
    if (r.folio) {
      var enlace = $("enlace-folio-llamada");
      enlace.href = "#/casos/" + r.folio;
      enlace.textContent = "Abrir el caso " + BP.formatearFolio(r.folio);
      $("llamada-entrante-folio").hidden = false;
    }
    $("estado-llamada-entrante").textContent = "Buscando al cliente y sus casos…";
    $("titulo-llamada-entrante").focus({ preventScroll: true });

    C.api("/api/busqueda?q=" + encodeURIComponent(r.telefono)).then(function (res) {
      if (n !== peticion) return;
      var clientes = Array.isArray(res.clientes) ? res.clientes : [];
      var casos = Array.isArray(res.casos) ? res.casos : [];
      // El cliente: el único con ese número, o el del caso del folio que consultó.
      var delFolio = casos.filter(function (c) { return BP.soloDigitos(c.folio) === r.folio && C.texto(c.contrato); })[0];
      var contrato = clientes.length === 1 ? C.texto(clientes[0].contrato) : (delFolio ? C.texto(delFolio.contrato) : "");
      // Los casos del cliente ya salen en su perfil: aquí, sólo los de este número con otro contrato o sin él.
      var otros = casos.filter(function (c) { return !contrato || C.texto(c.contrato) !== contrato; });
      otros.forEach(function (c) {
        $("lista-casos-llamada").appendChild(C.clientes.itemCaso(c, BP.soloDigitos(c.folio) === r.folio));
      });
      $("titulo-llamada-casos").textContent = contrato ? "Otros casos de este número" : "Casos de este número";
      $("llamada-entrante-casos").hidden = !otros.length;
      if (!contrato && clientes.length > 1) {
        clientes.forEach(function (c) { $("lista-clientes-llamada").appendChild(C.clientes.itemCliente(c)); });
        $("llamada-entrante-clientes").hidden = false;
      }
      var resumen = cuantos(clientes.length, "Ningún cliente", "cliente", "clientes") + " y " +
        cuantos(casos.length, "ningún caso", "caso", "casos") + " con este número.";
      if (!clientes.length && !casos.length) resumen = "No hay clientes ni casos con este número.";
      $("estado-llamada-entrante").textContent = resumen;
      BP.anunciar("Llamada entrante del " + legible + ". " + resumen);
      if (contrato) {
        prellenarVerificacion(contrato);
        C.clientes.pintarEn($("llamada-entrante-cliente"), $("llamada-entrante-cliente-cuerpo"), contrato, { folio: r.folio });
      }
    }).catch(function (e) {
      if (n !== peticion) return;
      $("estado-llamada-entrante").textContent = "";
      if (!e || e.sesionVencida) return;
      error.textContent = "No se pudo buscar al cliente. " + C.mensajeError(e, "");
      error.hidden = false;
      error.focus();
    });
  }

  /** «Ningún cliente», «1 caso», «3 casos». */
  function cuantos(n, ninguno, uno, varios) {
    return n === 0 ? ninguno : n + " " + (n === 1 ? uno : varios);
  }

  /** El contrato en la verificación de la llamada (si está vacía): el asesor aún verifica la identidad. */
  function prellenarVerificacion(contrato) {
    var campo = $("verif-contrato");
    if (campo && !campo.value.trim()) campo.value = contrato;
  }

  /* ====================== Fuentes de la llamada ====================== */

  function escucharEmulacion() {
    if (typeof window.BroadcastChannel !== "function") return;
    try {
      var canal = new window.BroadcastChannel(CANAL);
      canal.onmessage = function (ev) {
        var m = ev && ev.data;
        if (m && m.tipo === "llamada") llegaLlamada({ telefono: String(m.telefono || ""), folio: String(m.folio || "") });
      };
    } catch (e) { /* sin canal, sólo la ruta */ }
  }

  /**
   * Amazon Connect: sólo si /consola/connect.json trae la URL del CCP. El del repositorio dice `"ccp": null`; con
   * `-c connect_url` la pila lo reemplaza al desplegar.
   */
  function iniciarConnect() {
    BP.pedir("/consola/connect.json").then(function (config) {
      if (!config || typeof config.ccp !== "string" || !/^https:\/\//.test(config.ccp)) return;
      var script = document.createElement("script");
      script.src = "/consola/vendor/amazon-connect-streams.js";
      script.onload = function () { conectarCcp(config); };
      document.head.appendChild(script);
    }).catch(function () { /* sin Connect: la consola sigue igual */ });
  }

  function conectarCcp(config) {
    var connect = window.connect;
    var caja = $("ccp");
    if (!connect || !connect.core || !caja) return;
    $("panel-ccp").hidden = false;
    connect.core.initCCP(caja, {
      ccpUrl: config.ccp,
      region: config.region,
      loginPopup: true,
      loginPopupAutoClose: true,
      // El título del iframe es lo que anuncia el lector de pantalla al entrar al teléfono.
      iframeTitle: "Teléfono de Amazon Connect",
      softphone: { allowFramedSoftphone: true }
    });
    connect.contact(function (contacto) {
      contacto.onConnected(function () {
        var conexion = contacto.getInitialConnection && contacto.getInitialConnection();
        var extremo = conexion && conexion.getEndpoint && conexion.getEndpoint();
        var atributos = contacto.getAttributes ? contacto.getAttributes() : {};
        llegaLlamada({
          telefono: extremo ? extremo.phoneNumber : "",
          folio: atributos && atributos.folio ? atributos.folio.value : ""
        });
      });
    });
  }

  /* ====================== Ciclo de vida ====================== */

  function iniciar() {
    window.addEventListener("hashchange", function () { if (ruta()) mostrar(); });
    escucharEmulacion();
    iniciarConnect();
  }

  function alEntrar() {
    activo = true;
    if (pendiente) {
      var destino = pendiente;
      pendiente = null;
      window.location.hash = destino;
    }
    if (ruta()) mostrar();
  }

  function alSalir() {
    activo = false;
    peticion++;
    $("vista-llamada-entrante").hidden = true;
  }

  C.telefono = { llegaLlamada: llegaLlamada, ruta: rutaLlamada };
  C.registrar({ iniciar: iniciar, alEntrar: alEntrar, alSalir: alSalir });
})();
