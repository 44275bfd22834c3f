/*
 * Blue Point · Consola de agentes — caja de búsqueda (en cada pantalla), resultados, el cliente completo
 * (perfil y todos sus casos) junto al llamante verificado y en cada caso, y la sesión compartida entre pestañas.
 * Rutas en el hash: "#/buscar/<texto>" y "#/clientes/<contrato>". Depende de comun.js, consola.js y consola-casos.js.
 */
(function () {
  "use strict";

  var BP = window.BP;
  var C = window.Consola;
  var el = BP.el;
  var $ = function (id) { return document.getElementById(id); };

  var VISTAS = ["vista-cola", "vista-caso", "vista-busqueda", "vista-cliente"];
  var COINCIDE = { folio: "folio", contrato: "contrato", correo: "correo", telefono: "teléfono", nombre: "nombre" };
  var ORDINALES = ["", "Primera", "Segunda", "Tercera", "Cuarta", "Quinta", "Sexta", "Séptima", "Octava", "Novena", "Décima"];
  var activo = false;
  var peticion = 0;

  /* ====================== Navegación ====================== */

  function ruta() {
    var m = /^#\/buscar\/(.+)$/.exec(window.location.hash);
    if (m) {
      try { return { vista: "buscar", q: decodeURIComponent(m[1]) }; } catch (e) { return { vista: "buscar", q: m[1] }; }
    }
    m = /^#\/clientes\/(\d{6,12})$/.exec(window.location.hash);
    if (m) return { vista: "cliente", contrato: m[1] };
    return null;
  }

  function mostrar(id) {
    VISTAS.forEach(function (v) { var n = $(v); if (n) n.hidden = v !== id; });
  }

  function alCambiarHash() {
    if (!activo) return;
    var r = ruta();
    if (!r) {
      // Otra vista (cola o caso): consola-casos.js la muestra; aquí sólo se ocultan las de búsqueda.
      $("vista-busqueda").hidden = true;
      $("vista-cliente").hidden = true;
      return;
    }
    if (r.vista === "buscar") buscar(r.q);
    else verCliente(r.contrato);
  }

  function ir(hash, alMismo) {
    if (window.location.hash === hash) alMismo();
    else window.location.hash = hash;
  }

  /* ====================== Caja de búsqueda ====================== */

  function errorCaja(texto) {
    var p = $("busqueda-error");
    p.textContent = texto || "";
    p.hidden = !texto;
    $("busqueda-q").setAttribute("aria-invalid", texto ? "true" : "false");
  }

  function alBuscar(ev) {
    ev.preventDefault();
    var q = $("busqueda-q").value.trim();
    if (!q) {
      errorCaja("Escribe un folio, contrato, correo, teléfono o nombre.");
      $("busqueda-q").focus();
      return;
    }
    if (q.length > 100) {
      errorCaja("Escribe a lo más 100 caracteres.");
      return;
    }
    errorCaja("");
    ir("#/buscar/" + encodeURIComponent(q), function () { buscar(q); });
  }

  /* ====================== Resultados ====================== */

  function restanteNodo(r) {
    if (!r || !C.texto(r.texto)) return null;
    var clave = String(r.urgencia || "").replace(/[^a-z_]/g, "");
    // Texto y color: la urgencia se lee aunque no se vea el color.
    return el("span", { clase: "restante restante--" + clave }, [
      el("span", { clase: "restante__urgencia" }, [C.texto(r.urgencia_nombre)]), " · " + C.texto(r.texto)
    ]);
  }

  function itemCaso(c, actual) {
    var folio = BP.soloDigitos(c.folio);
    var partes = [C.texto(c.tipo_nombre), C.texto(c.categoria_nombre)].filter(Boolean).join(" · ");
    var li = el("li", { clase: "resultado" + (actual ? " resultado--actual" : "") });
    var enlace = el("a", { href: "#/casos/" + folio, clase: "resultado__enlace" }, ["Folio " + C.folioLegible(c)]);
    li.appendChild(el("p", { clase: "resultado__titulo" }, [
      enlace, actual ? el("span", { clase: "resultado__nota" }, [" (este caso)"]) : null
    ]));
    li.appendChild(el("p", { clase: "resultado__detalle" }, [
      C.insigniaEstado(c.estado, c.estado_nombre), " ", C.texto(c.nombre) || "—", partes ? " · " + partes : ""
    ]));
    var pie = el("p", { clase: "resultado__detalle" }, [
      "Registrado: ", C.fecha(c.fecha_registro_texto, c.fecha_registro)
    ]);
    var rest = restanteNodo(c.restante);
    if (rest) { pie.appendChild(document.createTextNode(" · ")); pie.appendChild(rest); }
    if (c.sin_verificar === true) {
      pie.appendChild(document.createTextNode(" "));
      pie.appendChild(el("span", { clase: "insignia insignia--sin-verificar" }, ["Sin verificar"]));
    }
    li.appendChild(pie);
    if (Array.isArray(c.coincide) && c.coincide.length && !actual) {
      li.appendChild(el("p", { clase: "resultado__coincide" }, [
        "Coincide por " + c.coincide.map(function (k) { return COINCIDE[k] || k; }).join(" y ") + "."
      ]));
    }
    return li;
  }

  function itemCliente(c) {
    var li = el("li", { clase: "resultado" });
    li.appendChild(el("p", { clase: "resultado__titulo" }, [
      el("a", { href: "#/clientes/" + BP.soloDigitos(c.contrato), clase: "resultado__enlace" }, [C.texto(c.nombre)])
    ]));
    var datos = ["Contrato " + C.texto(c.contrato)];
    if (C.texto(c.telefono)) datos.push("Tel. " + C.telefonoLegible(c.telefono));
    if (C.texto(c.correo)) datos.push(C.texto(c.correo));
    li.appendChild(el("p", { clase: "resultado__detalle" }, [datos.join(" · ")]));
    if (Array.isArray(c.coincide) && c.coincide.length) {
      li.appendChild(el("p", { clase: "resultado__coincide" }, [
        "Coincide por " + c.coincide.map(function (k) { return COINCIDE[k] || k; }).join(" y ") + "."
      ]));
    }
    return li;
  }

  function buscar(q) {
    mostrar("vista-busqueda");
    $("busqueda-q").value = q;
    errorCaja("");
    var n = ++peticion;
    $("errores-busqueda").hidden = true;
    $("resultados-clientes").hidden = true;
    $("resultados-casos").hidden = true;
    BP.vaciar($("lista-clientes"));
    BP.vaciar($("lista-casos-encontrados"));
    $("titulo-busqueda").textContent = "Resultados para «" + q + "»";
    $("estado-busqueda").textContent = "Buscando…";
    C.api("/api/busqueda?q=" + encodeURIComponent(q)).then(function (r) {
      if (n !== peticion) return;
      var clientes = Array.isArray(r.clientes) ? r.clientes : [];
      var casos = Array.isArray(r.casos) ? r.casos : [];
      clientes.forEach(function (c) { $("lista-clientes").appendChild(itemCliente(c)); });
      casos.forEach(function (c) { $("lista-casos-encontrados").appendChild(itemCaso(c, false)); });
      $("resultados-clientes").hidden = !clientes.length;
      $("resultados-casos").hidden = !casos.length;
      var msg = !clientes.length && !casos.length
        ? "No encontramos casos ni clientes con «" + q + "»."
        : (clientes.length === 1 ? "1 cliente" : clientes.length + " clientes") + " y " +
          (casos.length === 1 ? "1 caso" : casos.length + " casos") + " encontrados.";
      $("estado-busqueda").textContent = msg;
      $("titulo-busqueda").focus({ preventScroll: true });
      BP.anunciar(msg);
    }).catch(function (error) {
      if (n !== peticion) return;
      $("estado-busqueda").textContent = "";
      if (!error || error.sesionVencida) return;
      var caja = $("errores-busqueda");
      var campo = error.campos && error.campos[0] && error.campos[0].mensaje;
      caja.textContent = error.status === 400 && campo ? campo : "No se pudo buscar. " + C.mensajeError(error, "");
      caja.hidden = false;
      if (error.status === 400) errorCaja(caja.textContent);
      caja.focus();
    });
  }

  /* ====================== El cliente completo ====================== */

  function vecesTexto(n) {
    return ORDINALES[n] ? ORDINALES[n] + " vez" : n + ".ª vez";
  }

  /**
   * Pinta el perfil y los casos en `nodo`. opciones.folio: el caso abierto (se marca); opciones.tipo y
   * opciones.categoria: se destaca cuántas veces va por lo mismo.
   */
  function pintarPerfil(nodo, r, opciones) {
    var o = opciones || {};
    BP.vaciar(nodo);
    var c = r.cliente;
    if (c) {
      // En el panel angosto de la llamada, una columna; en el caso, la rejilla de los datos del caso.
      var dl = el("dl", { clase: "datos-caso perfil-cliente" + (o.compacto ? "" : " datos-caso--rejilla") });
      var fila = function (t, v) {
        dl.appendChild(el("div", { clase: "datos-caso__fila" }, [el("dt", {}, [t]), el("dd", { clase: "texto-partible" }, [v])]));
      };
      fila("Nombre", C.texto(c.nombre));
      fila("Contrato", C.texto(c.contrato));
      fila("Teléfono", c.telefono ? C.telefonoLegible(c.telefono) : "Sin teléfono registrado");
      fila("Correo", C.texto(c.correo) || "Sin correo registrado");
      fila("Precio mensual", C.pesos(c.precio_mensual));
      nodo.appendChild(dl);
    } else {
      nodo.appendChild(el("p", { clase: "aviso aviso--info" }, ["El contrato " + C.texto(r.contrato) + " no está en el padrón; se muestran sus casos."]));
    }
    var total = Number(r.total_casos) || 0, abiertos = Number(r.abiertos) || 0;
    nodo.appendChild(el("p", { clase: "perfil-cliente__resumen", id: nodo.id + "-resumen" }, [
      (total === 1 ? "1 caso" : total + " casos") + " en total, " + (abiertos === 1 ? "1 abierto" : abiertos + " abiertos") +
      (r.mas_casos ? " (se muestran los 99 más recientes)." : ".")
    ]));
    var reincidencias = Array.isArray(r.reincidencias) ? r.reincidencias : [];
    var propias = reincidencias.filter(function (x) { return x.tipo === o.tipo && x.categoria === o.categoria; })[0];
    if (propias && propias.total >= 2) {
      nodo.appendChild(el("p", { clase: "aviso aviso--advertencia reincidencia", id: nodo.id + "-reincidencia" }, [
        el("strong", {}, [vecesTexto(propias.total) + " que llama por lo mismo"]),
        ": " + propias.total + " casos de «" + C.texto(propias.categoria_nombre) + "» (" + C.texto(propias.tipo_nombre).toLowerCase() +
        "), " + (propias.abiertos === 1 ? "1 abierto" : propias.abiertos + " abiertos") + "."
      ]));
    }
    var otras = reincidencias.filter(function (x) { return x.total >= 2 && x !== propias; });
    if (otras.length) {
      var ul = el("ul", { clase: "reincidencias" });
      otras.forEach(function (x) {
        ul.appendChild(el("li", {}, [x.total + " casos de «" + C.texto(x.categoria_nombre) + "» (" + C.texto(x.tipo_nombre).toLowerCase() + ")"]));
      });
      nodo.appendChild(el("p", { clase: "reincidencias__titulo" }, ["Casos repetidos:"]));
      nodo.appendChild(ul);
    }
    var casos = Array.isArray(r.casos) ? r.casos : [];
    if (casos.length) {
      var lista = el("ul", { clase: "lista-resultados", "aria-label": "Casos del cliente, el más reciente primero" });
      casos.forEach(function (x) { lista.appendChild(itemCaso(x, BP.soloDigitos(x.folio) === o.folio)); });
      nodo.appendChild(lista);
    }
  }

  /** Trae el perfil y lo pinta en `cuerpo`, mostrando `seccion`; si no hay perfil (p. ej. 403), la oculta. */
  function pintarEn(seccion, cuerpo, contrato, opciones) {
    if (!seccion || !cuerpo) return Promise.resolve();
    var marca = String(Date.now()) + Math.random();
    seccion.setAttribute("data-peticion", marca);
    seccion.hidden = false;
    BP.vaciar(cuerpo);
    cuerpo.appendChild(el("p", { clase: "estado-cola" }, ["Cargando los casos del cliente…"]));
    return C.api("/api/clientes/" + encodeURIComponent(contrato)).then(function (r) {
      if (seccion.getAttribute("data-peticion") !== marca) return;
      pintarPerfil(cuerpo, r, opciones);
    }).catch(function (error) {
      if (seccion.getAttribute("data-peticion") !== marca) return;
      BP.vaciar(cuerpo);
      if (!error || error.sesionVencida || error.status === 403 || error.status === 404) {
        seccion.hidden = true;
        return;
      }
      cuerpo.appendChild(el("p", { clase: "aviso aviso--error" }, ["No se pudieron cargar los casos del cliente. " + C.mensajeError(error, "")]));
    });
  }

  function verCliente(contrato) {
    mostrar("vista-cliente");
    var n = ++peticion;
    $("titulo-cliente").textContent = "Cliente con contrato " + contrato;
    var cuerpo = $("cuerpo-cliente");
    BP.vaciar(cuerpo);
    cuerpo.appendChild(el("p", { clase: "estado-cola" }, ["Cargando…"]));
    C.api("/api/clientes/" + encodeURIComponent(contrato)).then(function (r) {
      if (n !== peticion) return;
      if (r.cliente) $("titulo-cliente").textContent = C.texto(r.cliente.nombre) + " · contrato " + contrato;
      pintarPerfil(cuerpo, r, {});
      $("titulo-cliente").focus({ preventScroll: true });
    }).catch(function (error) {
      if (n !== peticion) return;
      BP.vaciar(cuerpo);
      if (!error || error.sesionVencida) return;
      cuerpo.appendChild(el("p", { clase: "aviso aviso--error", role: "alert" }, [C.mensajeError(error, "No se pudo cargar el cliente.")]));
    });
  }

  /* ====================== En el caso abierto ====================== */

  function pintarEnCaso(r) {
    var c = r && r.caso;
    var seccion = $("caso-cliente");
    if (!c || c.sin_verificar === true || !C.texto(c.contrato)) {
      seccion.hidden = true;
      seccion.removeAttribute("data-peticion");
      BP.vaciar($("caso-cliente-cuerpo"));
      return;
    }
    // Al recargar el mismo caso no se vuelve a pedir el perfil.
    if (!seccion.hidden && seccion.getAttribute("data-folio") === c.folio) return;
    seccion.setAttribute("data-folio", c.folio);
    pintarEn(seccion, $("caso-cliente-cuerpo"), c.contrato, { folio: BP.soloDigitos(c.folio), tipo: c.tipo, categoria: c.categoria });
  }

  function limpiarEnCaso() {
    var seccion = $("caso-cliente");
    seccion.hidden = true;
    seccion.removeAttribute("data-folio");
    seccion.removeAttribute("data-peticion");
    BP.vaciar($("caso-cliente-cuerpo"));
  }

  /* ====================== Agentes para reasignar ====================== */

  var GRUPOS = { supervisores: "Supervisor", asesores: "Asesor", departamentos: "Departamento" };

  /** Supervisores: el selector de «Reasignar» se llena con los agentes activos de Cognito. */
  function cargarAgentes() {
    var s = C.sesion();
    var lista = $("lista-agentes");
    if (!lista || !s || s.rol !== "supervisores") return;
    C.api("/api/agentes").then(function (r) {
      BP.vaciar(lista);
      (Array.isArray(r.agentes) ? r.agentes : []).forEach(function (a) {
        var grupo = (a.grupos || []).map(function (g) { return GRUPOS[g] || g; }).join(", ");
        var depto = C.texto(a.departamento_nombre);
        lista.appendChild(el("option", {
          value: C.texto(a.usuario), label: C.texto(a.nombre) + " · " + grupo + (depto ? " de " + depto : "")
        }));
      });
    }).catch(function () { /* sin la lista, se escribe el usuario a mano */ });
  }

  /* ====================== Ciclo de vida ====================== */

  function iniciar() {
    $("form-busqueda").addEventListener("submit", alBuscar);
    $("busqueda-q").addEventListener("input", function () { errorCaja(""); });
    Array.prototype.forEach.call(document.querySelectorAll(".volver-a-cola"), function (a) {
      a.addEventListener("click", function (ev) {
        ev.preventDefault();
        window.location.hash = "#/cola";
        $("titulo-cola").focus({ preventScroll: true });
      });
    });
    window.addEventListener("hashchange", alCambiarHash);
    // Desde otra pantalla (reportes) la caja llega como /consola/?q=…: se vuelve ruta del hash.
    var q = null;
    try { q = new URLSearchParams(window.location.search).get("q"); } catch (e) { q = null; }
    if (q && q.trim()) {
      window.history.replaceState(null, "", window.location.pathname + "#/buscar/" + encodeURIComponent(q.trim()));
    }
  }

  function alEntrar() {
    activo = true;
    $("form-busqueda").hidden = false;
    cargarAgentes();
    var r = ruta();
    if (r && r.vista === "buscar") buscar(r.q);
    else if (r && r.vista === "cliente") verCliente(r.contrato);
  }

  function alSalir() {
    activo = false;
    peticion++;
    $("busqueda-q").value = "";
    errorCaja("");
    $("vista-busqueda").hidden = true;
    $("vista-cliente").hidden = true;
    limpiarEnCaso();
  }

  C.clientes = { pintarEn: pintarEn, itemCaso: itemCaso, itemCliente: itemCliente };
  if (C.casos) C.casos.extender({ pintar: pintarEnCaso, limpiar: limpiarEnCaso });
  C.registrar({ iniciar: iniciar, alEntrar: alEntrar, alSalir: alSalir });
})();
