/*
 * Blue Point · Consola de agentes — cola de casos abiertos y pantalla de un caso (historial y acciones).
 * Depende de /js/comun.js (BP) y /consola/consola.js (Consola).
 * Rutas en el hash: "#/cola" (o vacío) y "#/casos/<folio>".
 */
(function () {
  "use strict";

  var BP = window.BP;
  var C = window.Consola;
  var el = BP.el;
  var $ = function (id) { return document.getElementById(id); };

  var TIPOS_ENTRADA = {
    caso_registrado: "Registro", interaccion_nota: "Nota", interaccion_llamada: "Llamada",
    interaccion_accion: "Acción", en_proceso: "En proceso", escalado: "Escalamiento",
    caso_resuelto: "Resolución", caso_cerrado: "Cierre", caso_reabierto: "Reapertura",
    notificacion_enviada: "Notificación enviada", nota: "Nota", llamada: "Llamada", accion: "Acción",
    escalamiento: "Escalamiento", desescalamiento: "Desescalamiento", asignacion: "Reasignación",
    caso_escalado: "Aviso de escalamiento al cliente",
    alerta_escalamiento: "Alerta de escalamiento",
    alerta_por_vencer: "Alerta: plazo interno por vencer", alerta_vencido: "Alerta: plazo interno vencido",
    alerta_legal_por_vencer: "Alerta: plazo legal por vencer", alerta_legal_vencido: "Alerta: plazo legal vencido",
    correo_entregado: "Correo entregado", correo_rebotado: "Correo rebotado: llamar al cliente",
    correo_queja: "Correo marcado como no deseado", alerta_correo_rebotado: "Alerta: correo rebotado",
    whatsapp_enviado: "WhatsApp enviado", whatsapp_entregado: "WhatsApp entregado", whatsapp_leido: "WhatsApp leído",
    whatsapp_fallido: "WhatsApp no entregado", whatsapp_rechazado: "WhatsApp rechazado",
    alerta_whatsapp_fallido: "Alerta: WhatsApp no entregado",
    encuesta_respondida: "Encuesta respondida", encuesta_completada: "Encuesta completada",
    alerta_encuesta_baja: "Alerta: calificación baja",
    mensaje_agente: "Mensaje al cliente", mensaje_cliente: "Mensaje del cliente",
    adjunto_limpio: "Antivirus: archivo limpio", adjunto_infectado: "Antivirus: malware bloqueado",
    adjunto_sin_revisar: "Antivirus: archivo sin revisar",
    caso_duplicado: "Cierre por duplicado", duplicado_enlazado: "Duplicado enlazado",
    interaccion_mensaje: "Mensaje al cliente"
  };
  /** Umbrales de plazo ya avisados (`caso.alertas`). */
  var ALERTAS = {
    por_vencer: "Plazo interno por vencer", vencido: "Plazo interno vencido",
    legal_por_vencer: "Plazo legal por vencer", legal_vencido: "Plazo legal vencido"
  };
  var NIVEL_MAXIMO = 3;
  var CANALES = { web: "Sitio web", telefono: "Teléfono", tienda: "Tienda" };
  var MEDIOS = { correo: "Correo electrónico", sms: "Mensaje SMS", impreso: "Comprobante impreso", whatsapp: "WhatsApp" };
  var TIPOS_CON_BONIFICACION = { queja: true, reclamacion: true };

  var cola = { cursor: null, filtros: {}, cargando: false, peticion: 0, ultimoFolio: "", departamento: "" };
  var actual = { folio: "", datos: null, peticion: 0 };
  var gestorI, gestorR, gestorF;
  var catalogo = null;
  var activo = false;
  var extensiones = []; // p. ej. consola-escalamiento.js: {pintar(r), limpiar()}

  /* ====================== Navegación ====================== */

  function rutaActual() {
    var m = /^#\/casos\/(\d{10})$/.exec(window.location.hash);
    if (m) return { vista: "caso", folio: m[1] };
    if (window.location.hash === "" || window.location.hash === "#" || /^#\/cola/.test(window.location.hash)) return { vista: "cola" };
    return null; // p. ej. "#contenido" del enlace para saltar: no cambia la vista.
  }

  function alCambiarHash() {
    if (!activo) return;
    var r = rutaActual();
    if (!r) return;
    if (r.vista === "caso") abrirCaso(r.folio);
    else mostrarCola(true);
  }

  function irACaso(folio) {
    var destino = "#/casos/" + folio;
    if (window.location.hash === destino) abrirCaso(folio);
    else window.location.hash = destino;
  }

  /* ====================== Rol y departamentos ====================== */

  function rol() {
    var s = C.sesion();
    return s ? s.rol : "";
  }

  /** "facturacion" → "Facturación" según el catálogo ("" si no se conoce). */
  function nombreDepartamento(clave) {
    var lista = catalogo && Array.isArray(catalogo.departamentos) ? catalogo.departamentos : [];
    var d = lista.filter(function (x) { return x && x.clave === clave; })[0];
    return d ? C.texto(d.nombre) : "";
  }

  /**
   * Título y orden de la cola según el rol. El servidor filtra la cola de un usuario de departamento;
   * la sesión no dice cuál es, así que se toma del campo `departamento` de los casos que llegan.
   */
  function pintarTituloCola() {
    var r = rol();
    var titulo = "Cola de casos abiertos";
    if (r === "departamentos") {
      var nombre = cola.departamento ? nombreDepartamento(cola.departamento) : "";
      titulo = nombre ? "Casos de " + nombre : "Casos de tu departamento";
    }
    $("titulo-cola").textContent = titulo;
    $("cola-orden").textContent = r === "supervisores"
      ? "Casos abiertos: primero los escalados y los vencidos; luego, el compromiso más próximo."
      : "Casos abiertos, el compromiso más próximo primero.";
    $("filtros-rapidos").hidden = r !== "supervisores";
  }

  function recordarDepartamento(casos) {
    if (rol() !== "departamentos") return;
    var claves = {};
    casos.forEach(function (c) { if (c && C.texto(c.departamento)) claves[c.departamento] = true; });
    var lista = Object.keys(claves);
    if (lista.length === 1 && lista[0] !== cola.departamento) {
      cola.departamento = lista[0];
      pintarTituloCola();
    }
  }

  /** Los filtros rápidos se marcan (aria-pressed) si coinciden con los filtros aplicados. */
  function marcarFiltrosRapidos() {
    var estado = $("filtro-estado").value, vence = $("filtro-vence").value, nivel = $("filtro-nivel").value;
    Array.prototype.forEach.call($("filtros-rapidos").querySelectorAll("button[data-estado]"), function (b) {
      var igual = !nivel && b.getAttribute("data-estado") === estado && b.getAttribute("data-vence") === vence;
      b.setAttribute("aria-pressed", igual ? "true" : "false");
    });
  }

  function aplicarFiltroRapido(boton) {
    $("filtro-estado").value = boton.getAttribute("data-estado");
    $("filtro-vence").value = boton.getAttribute("data-vence");
    $("filtro-nivel").value = "";
    cargarCola(false);
  }

  /* ====================== Cola ====================== */

  /** Urgencia de un plazo con texto y color: «Crítico · Vence en 2 h 10 min». */
  function restanteNodo(r) {
    if (!r || !C.texto(r.texto)) return null;
    var clave = String(r.urgencia || "").replace(/[^a-z_]/g, "");
    return el("span", { clase: "restante restante--" + clave }, [
      el("span", { clase: "restante__urgencia" }, [C.texto(r.urgencia_nombre)]), " · " + C.texto(r.texto)
    ]);
  }

  function estadoCerrado(estado) {
    return estado === "resuelto" || estado === "cerrado";
  }

  function leerFiltros() {
    var f = {};
    if ($("filtro-estado").value) f.estado = $("filtro-estado").value;
    if ($("filtro-nivel").value) f.nivel = $("filtro-nivel").value;
    if ($("filtro-departamento").value && rol() !== "departamentos") f.departamento = $("filtro-departamento").value;
    if ($("filtro-mios").checked) f.mios = "1";
    // Resueltos y cerrados: los de los últimos 30 días; el vencimiento no aplica.
    var vence = estadoCerrado(f.estado) ? "" : $("filtro-vence").value;
    var ahora = new Date();
    var limite = null;
    if (vence === "ahora") limite = ahora;
    else if (vence === "4h") limite = new Date(ahora.getTime() + 4 * 3600000);
    else if (vence === "hoy") limite = new Date(ahora.getFullYear(), ahora.getMonth(), ahora.getDate(), 23, 59, 59);
    else if (vence === "3d") limite = new Date(ahora.getTime() + 3 * 86400000);
    if (limite) f.vence_antes = limite.toISOString().replace(/\.\d{3}Z$/, "Z");
    // Supervisores: la misma cola, con los escalados y los vencidos primero.
    if (rol() === "supervisores" && !estadoCerrado(f.estado)) f.prioridad = "1";
    return f;
  }

  function consulta(filtros, cursor) {
    var partes = [];
    Object.keys(filtros).forEach(function (k) { partes.push(encodeURIComponent(k) + "=" + encodeURIComponent(filtros[k])); });
    if (cursor) partes.push("cursor=" + encodeURIComponent(cursor));
    return "/api/casos" + (partes.length ? "?" + partes.join("&") : "");
  }

  /** Las vistas de búsqueda y de cliente (consola-busqueda.js) se ocultan al mostrar la cola o un caso. */
  function ocultarExtras() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-vista-extra]"), function (n) { n.hidden = true; });
  }

  function mostrarCola(recargar) {
    ocultarExtras();
    $("vista-caso").hidden = true;
    $("vista-cola").hidden = false;
    actual.folio = "";
    actual.datos = null;
    if (recargar) cargarCola(false, true);
  }

  /** Carga la primera página (mas=false) o la siguiente (mas=true). */
  function cargarCola(mas, volver) {
    if (mas && (cola.cargando || !cola.cursor)) return;
    if (!mas) {
      cola.filtros = leerFiltros();
      marcarFiltrosRapidos();
    }
    var n = ++cola.peticion;
    cola.cargando = true;
    var botonMas = $("boton-cargar-mas");
    var cuerpo = $("cola-cuerpo");
    $("errores-cola").hidden = true;
    if (mas) C.ocupado(botonMas, true, "Cargando…");
    else {
      $("estado-cola").textContent = "Cargando la cola…";
      $("tabla-cola").setAttribute("aria-busy", "true");
    }
    C.api(consulta(cola.filtros, mas ? cola.cursor : null)).then(function (r) {
      if (n !== cola.peticion) return;
      cola.cargando = false;
      if (mas) C.ocupado(botonMas, false);
      $("tabla-cola").setAttribute("aria-busy", "false");
      var casos = Array.isArray(r.casos) ? r.casos : [];
      recordarDepartamento(casos);
      if (!mas) BP.vaciar(cuerpo);
      var primeraNueva = null;
      casos.forEach(function (c) {
        var fila = filaCaso(c);
        if (fila) {
          cuerpo.appendChild(fila);
          if (!primeraNueva) primeraNueva = fila;
        }
      });
      cola.cursor = typeof r.cursor === "string" && r.cursor ? r.cursor : (r.cursor != null && r.cursor !== "" ? String(r.cursor) : null);
      botonMas.hidden = !cola.cursor;
      var total = cuerpo.rows.length;
      var msg;
      if (!total) msg = estadoCerrado(cola.filtros.estado) ? "No hay casos así en los últimos 30 días." : "No hay casos abiertos con estos filtros.";
      else msg = (total === 1 ? "Se muestra 1 caso" : "Se muestran " + BP.formatearNumero(total) + " casos") +
        (cola.cursor ? "; hay más." : ".");
      $("estado-cola").textContent = msg;
      $("tabla-cola").hidden = !total;
      if (mas && primeraNueva) primeraNueva.focus();
      else if (volver && cola.ultimoFolio) {
        var previa = cuerpo.querySelector('tr[data-folio="' + cola.ultimoFolio + '"]');
        if (previa) previa.focus({ preventScroll: false });
        cola.ultimoFolio = "";
      }
    }).catch(function (error) {
      if (n !== cola.peticion) return;
      cola.cargando = false;
      if (mas) C.ocupado(botonMas, false);
      $("tabla-cola").setAttribute("aria-busy", "false");
      if (!error || error.sesionVencida) return;
      $("estado-cola").textContent = "";
      var caja = $("errores-cola");
      caja.textContent = "No se pudo cargar la cola. " + C.mensajeError(error, "");
      caja.hidden = false;
    });
  }

  function filaCaso(c) {
    var folio = BP.soloDigitos(c && c.folio);
    if (folio.length !== 10) return null;
    var legible = C.folioLegible(c);
    var vencido = c.vencido === true;
    var tr = el("tr", {
      clase: "fila-caso" + (vencido ? " fila-caso--vencida" : ""),
      tabindex: "0",
      "data-folio": folio,
      "aria-label": "Folio " + legible + ", " + C.texto(c.nombre) + ", " + C.nombreEstado(c.estado, c.estado_nombre) +
        (c.nivel == null ? "" : ", nivel " + c.nivel) + (vencido ? ", vencido" : "") + ". Pulsa Intro para abrirlo."
    });
    var enlace = el("a", { href: "#/casos/" + folio, tabindex: "-1", clase: "fila-caso__folio" }, [legible]);
    tr.appendChild(el("td", {}, [enlace]));
    tr.appendChild(el("td", { clase: "texto-partible" }, [C.texto(c.nombre) || "—"]));
    var tipo = C.texto(c.tipo_nombre), cat = C.texto(c.categoria_nombre);
    tr.appendChild(el("td", {}, [
      el("span", { clase: "fila-caso__tipo" }, [tipo || "—"]),
      cat ? el("span", { clase: "fila-caso__categoria" }, [cat]) : null
    ]));
    tr.appendChild(el("td", {}, [C.insigniaEstado(c.estado, c.estado_nombre)]));
    var depto = C.texto(c.departamento) ? (nombreDepartamento(c.departamento) || C.texto(c.departamento)) : "";
    tr.appendChild(el("td", { clase: "fila-caso__nivel" }, [
      el("span", { clase: "fila-caso__numero-nivel" }, [c.nivel == null ? "—" : String(c.nivel)]),
      depto ? el("span", { clase: "fila-caso__depto" }, [depto]) : null
    ]));
    var vence = el("td", { clase: "fila-caso__vence" }, [C.fecha(c.fecha_compromiso_texto, c.fecha_compromiso)]);
    if (vencido) vence.appendChild(el("span", { clase: "insignia-vencido" }, ["Vencido"]));
    var rest = restanteNodo(c.restante);
    if (rest) vence.appendChild(el("span", { clase: "fila-caso__restante" }, [rest]));
    if (c.sin_verificar === true) vence.appendChild(el("span", { clase: "insignia insignia--sin-verificar" }, ["Sin verificar"]));
    tr.appendChild(vence);
    return tr;
  }

  function filaDesdeEvento(ev) {
    var t = ev.target;
    while (t && t !== ev.currentTarget && t.tagName !== "TR") t = t.parentNode;
    return t && t.tagName === "TR" ? t : null;
  }

  /* ====================== Caso ====================== */

  function abrirCaso(folio) {
    ocultarExtras();
    $("vista-cola").hidden = true;
    $("vista-caso").hidden = false;
    var nuevo = actual.folio !== folio;
    if (nuevo) {
      actual.folio = folio;
      actual.datos = null;
      cola.ultimoFolio = folio;
      $("caso").hidden = true;
      $("aviso-accion").hidden = true;
      limpiarFormularios();
    }
    cargarCaso({ enfocar: true });
  }

  /**
   * Trae el caso. opciones.enfocar: lleva el foco al título; opciones.despues: se llama al terminar
   * (con éxito) para anunciar el resultado de una acción.
   */
  function cargarCaso(opciones) {
    var o = opciones || {};
    var folio = actual.folio;
    var n = ++actual.peticion;
    var estado = $("estado-caso");
    BP.vaciar(estado);
    estado.className = "";
    if (!actual.datos) {
      estado.className = "aviso aviso--info";
      estado.appendChild(el("span", { clase: "girador", "aria-hidden": "true" }));
      estado.appendChild(document.createTextNode("Cargando el caso " + BP.formatearFolio(folio) + "…"));
    }
    $("caso").setAttribute("aria-busy", "true");
    return C.api("/api/casos/" + encodeURIComponent(folio)).then(function (r) {
      if (n !== actual.peticion || folio !== actual.folio) return;
      $("caso").setAttribute("aria-busy", "false");
      if (!r || !r.caso) throw new BP.ErrorApi("servidor", 200, null);
      BP.vaciar(estado);
      estado.className = "";
      actual.datos = r;
      pintarCaso(r);
      if (o.enfocar) {
        $("caso-titulo").focus({ preventScroll: true });
        $("vista-caso").scrollIntoView({ block: "start" });
      }
      if (o.despues) o.despues(r);
    }).catch(function (error) {
      if (n !== actual.peticion) return;
      $("caso").setAttribute("aria-busy", "false");
      if (!error || error.sesionVencida) return;
      BP.vaciar(estado);
      estado.className = "aviso aviso--error";
      var titulo = error.status === 404 ? "No existe un caso con el folio " + BP.formatearFolio(folio) + "."
        : "No se pudo cargar el caso " + BP.formatearFolio(folio) + ".";
      estado.appendChild(el("p", { clase: "aviso__titulo" }, [titulo]));
      if (error.status !== 404) estado.appendChild(el("p", {}, [C.mensajeError(error, "")]));
      if (!actual.datos) $("caso").hidden = true;
    });
  }

  function pintarCaso(r) {
    var c = r.caso;
    var trans = Array.isArray(r.transiciones) ? r.transiciones : [];
    $("caso-folio").textContent = C.folioLegible(c) || BP.formatearFolio(actual.folio);
    C.insigniaEstado(c.estado, c.estado_nombre, $("caso-estado"));
    $("caso-vencido").hidden = c.vencido !== true;

    var dl = $("caso-datos");
    BP.vaciar(dl);
    function fila(t, v, id) {
      if (v == null || v === "") return;
      dl.appendChild(el("div", { clase: "datos-caso__fila" }, [el("dt", {}, [t]), el("dd", { clase: "texto-partible", id: id }, [v])]));
    }
    fila("Cliente", C.texto(c.nombre));
    fila("Contrato", C.texto(c.contrato));
    if (c.sin_verificar === true) fila("Identidad", "Sin verificar: no usa datos de contrato (precio, bonificación, domicilio)", "dato-identidad");
    fila("Correo", C.texto(c.correo));
    fila("Teléfono", C.telefonoLegible(c.telefono));
    fila("Tipo", [C.texto(c.tipo_nombre) || C.texto(c.tipo), C.texto(c.categoria_nombre) || C.texto(c.categoria)].filter(Boolean).join(" · "));
    fila("Canal", CANALES[c.canal] || C.texto(c.canal));
    fila("Notificación", MEDIOS[c.medio_notificacion] || C.texto(c.medio_notificacion));
    if (C.texto(c.fecha_registro_texto) || C.texto(c.fecha_registro)) fila("Registrado", C.fecha(c.fecha_registro_texto, c.fecha_registro));
    if (C.texto(c.fecha_compromiso_texto) || C.texto(c.fecha_compromiso)) fila("Compromiso", C.fecha(c.fecha_compromiso_texto, c.fecha_compromiso));
    if (C.texto(c.fecha_limite_legal_texto) || C.texto(c.fecha_limite_legal)) fila("Límite legal", C.fecha(c.fecha_limite_legal_texto, c.fecha_limite_legal));
    if (c.restante) fila("Al compromiso", restanteNodo(c.restante), "dato-restante");
    if (c.restante_legal) fila("Al límite legal", restanteNodo(c.restante_legal), "dato-restante-legal");
    // Escalamiento: nivel, a quién está y qué umbrales de plazo ya se avisaron.
    fila("Nivel", textoNivel(c.nivel), "dato-nivel");
    fila("Departamento", C.texto(c.departamento_nombre) || nombreDepartamento(c.departamento) || C.texto(c.departamento) ||
      "Ninguno", "dato-departamento");
    fila("Asignado a", C.texto(c.asignado) || "Sin asignar", "dato-asignado");
    fila("Alertas a supervisores", listaAlertas(c.alertas, r.historial), "dato-alertas");
    $("detalle-descripcion").textContent = C.texto(c.descripcion) || "—";

    pintarResolucion(c);
    pintarHistorial(Array.isArray(r.historial) ? r.historial : []);

    // Acciones según el estado y las transiciones que da el servidor.
    var cerrado = c.estado === "cerrado";
    $("caso-cerrado").hidden = !cerrado;
    $("accion-interaccion").hidden = cerrado;
    $("accion-resolucion").hidden = trans.indexOf("resuelto") < 0;
    $("accion-confirmacion").hidden = !(trans.indexOf("cerrado") >= 0 || trans.indexOf("reabierto") >= 0);
    var bonificable = esBonificable(c);
    $("bloque-bonificacion").hidden = !bonificable;
    pintarModoBonificacion(porCargo(c));
    if (!bonificable) {
      $("aplicar-bonificacion").checked = false;
      $("grupo-r-dias").hidden = true;
    }
    extensiones.forEach(function (x) { if (x.pintar) x.pintar(r); });
    $("caso").hidden = false;
  }

  /** 1 → "1 de 3 (primer contacto)"; 3 → "3 de 3 (el más alto)". */
  function textoNivel(nivel) {
    var n = C.numero(nivel);
    if (n === null) return "";
    if (n <= 1) return n + " de " + NIVEL_MAXIMO + " (primer contacto)";
    return n + " de " + NIVEL_MAXIMO + (n >= NIVEL_MAXIMO ? " (el más alto)" : "");
  }

  /**
   * Umbrales de plazo ya avisados y toda otra alerta del historial (escalamiento, rebote, calificación baja),
   * una vez cada una; "Ninguna" sólo si de verdad no hubo.
   */
  function listaAlertas(alertas, historial) {
    var vistas = {}, lista = [];
    (Array.isArray(alertas) ? alertas : []).forEach(function (a) {
      var t = C.texto(a);
      if (t && !vistas[t]) { vistas[t] = true; lista.push({ clave: t, texto: ALERTAS[t] || nombreEntrada("alerta_" + t) }); }
    });
    (Array.isArray(historial) ? historial : []).forEach(function (e) {
      var m = e && /^alerta_(.+)$/.exec(C.texto(e.tipo));
      if (m && !vistas[m[1]]) { vistas[m[1]] = true; lista.push({ clave: m[1], texto: ALERTAS[m[1]] || nombreEntrada(e.tipo) }); }
    });
    if (!lista.length) return "Ninguna";
    var ul = el("ul", { clase: "lista-alertas" });
    lista.forEach(function (a) {
      var vencida = /vencido$/.test(a.clave);
      ul.appendChild(el("li", { clase: "lista-alertas__item" + (vencida ? " lista-alertas__item--vencida" : "") }, [a.texto]));
    });
    return ul;
  }

  /**
   * La bonificación se ofrece en quejas y reclamaciones; si el catálogo marca las categorías
   * (`bonificable`), sólo en las marcadas. El servidor decide en definitiva.
   */
  function esBonificable(c) {
    if (!TIPOS_CON_BONIFICACION[c.tipo] || c.sin_verificar === true) return false;
    var tipo = catalogo && Array.isArray(catalogo.tipos)
      ? catalogo.tipos.filter(function (t) { return t && t.clave === c.tipo; })[0] : null;
    var cats = tipo && Array.isArray(tipo.categorias) ? tipo.categorias : [];
    var marcado = cats.some(function (x) { return x && typeof x.bonificable === "boolean"; });
    if (!marcado) return true;
    var cat = cats.filter(function (x) { return x && x.clave === c.categoria; })[0];
    return !!(cat && cat.bonificable);
  }

  /** Cargo indebido o error de facturación: se bonifica el monto cobrado más 20 % (catálogo `bonificacion_por`). */
  function porCargo(c) {
    var tipo = catalogo && Array.isArray(catalogo.tipos)
      ? catalogo.tipos.filter(function (t) { return t && t.clave === c.tipo; })[0] : null;
    var cat = tipo && Array.isArray(tipo.categorias)
      ? tipo.categorias.filter(function (x) { return x && x.clave === c.categoria; })[0] : null;
    return !!(cat && cat.bonificacion_por === "cargo");
  }

  function pintarModoBonificacion(cargo) {
    actual.porCargo = cargo;
    $("etiqueta-aplicar-bonificacion").textContent = cargo ? "Aplicar bonificación por el cargo indebido" : "Aplicar bonificación por días afectados";
    $("bonificacion-ayuda").textContent = cargo
      ? "Se devuelve lo cobrado indebidamente y se bonifica además el 20 %. El sistema calcula el monto."
      : "Para quejas o reclamaciones por interrupción o falla. El sistema calcula el monto: precio mensual × días ÷ 30, más 20 %.";
    $("etiqueta-dias-afectados").textContent = cargo ? "Monto cobrado indebidamente (pesos)" : "Días afectados";
    $("dias-afectados-ayuda").textContent = cargo ? "Por ejemplo 349.00." : "De 1 a 31.";
    $("dias-afectados").setAttribute("inputmode", cargo ? "decimal" : "numeric");
  }

  function pintarResolucion(c) {
    var cont = $("caso-resolucion");
    BP.vaciar(cont);
    // El contrato da `resolucion` (el resumen) y `primer_contacto` en el caso; se acepta también un objeto.
    var res = c.resolucion;
    var bon = c.bonificacion;
    if (!res && !bon) return;
    var caja = el("div", { clase: "resolucion", id: "caso-resolucion-datos" });
    var vigente = c.estado === "resuelto" || c.estado === "cerrado";
    caja.appendChild(el("h5", { clase: "caso__etiqueta" }, [vigente ? "Resolución" : "Resolución anterior (el caso se reabrió)"]));
    var resumen = res && typeof res === "object" ? C.texto(res.resumen) : C.texto(res);
    var primer = typeof c.primer_contacto === "boolean" ? c.primer_contacto
      : (res && typeof res === "object" && typeof res.primer_contacto === "boolean" ? res.primer_contacto : null);
    if (resumen) caja.appendChild(el("p", { clase: "texto-largo" }, [resumen]));
    if (primer !== null) {
      caja.appendChild(el("p", { clase: "resolucion__meta" }, [
        primer ? "Se resolvió en el primer contacto." : "No se resolvió en el primer contacto."
      ]));
    }
    if (bon && typeof bon === "object") caja.appendChild(desgloseBonificacion(bon, "bonificacion-caso"));
    cont.appendChild(caja);
  }

  /** Desglose: precio mensual × días ÷ 30 = proporcional; + porcentaje adicional = monto (o el cargo + 20 %). */
  function desgloseBonificacion(b, id) {
    if (b.base === "cargo") return desgloseCargo(b, id);
    var dias = C.numero(b.dias_afectados), precio = C.numero(b.precio_mensual);
    var prop = C.numero(b.proporcional), monto = C.numero(b.monto), pct = C.numero(b.porcentaje_adicional);
    var caja = el("div", { clase: "bonificacion-resultado", id: id });
    caja.appendChild(el("p", { clase: "bonificacion-resultado__monto" }, [
      "Bonificación: ", el("strong", { clase: "dinero" }, [monto === null ? "—" : C.pesos(monto)])
    ]));
    var dl = el("dl", { clase: "bonificacion-resultado__desglose" });
    function fila(t, v) { dl.appendChild(el("div", {}, [el("dt", {}, [t]), el("dd", { clase: "dinero" }, [v])])); }
    if (precio !== null) fila("Precio mensual del plan", C.pesos(precio));
    if (dias !== null) fila("Días afectados", String(dias));
    if (prop !== null) {
      fila("Proporcional" + (precio !== null && dias !== null ? " (" + C.pesos(precio) + " × " + dias + " ÷ 30)" : ""), C.pesos(prop));
    }
    if (prop !== null && monto !== null) {
      fila("Adicional" + (pct !== null ? " (" + pct + " %)" : ""), C.pesos(Math.round((monto - prop) * 100) / 100));
    }
    if (monto !== null) fila("Total a bonificar", C.pesos(monto));
    caja.appendChild(dl);
    return caja;
  }

  function desgloseCargo(b, id) {
    var cobrado = C.numero(b.monto_cobrado), monto = C.numero(b.monto), pct = C.numero(b.porcentaje_adicional);
    var caja = el("div", { clase: "bonificacion-resultado", id: id });
    caja.appendChild(el("p", { clase: "bonificacion-resultado__monto" }, [
      "Bonificación: ", el("strong", { clase: "dinero" }, [monto === null ? "—" : C.pesos(monto)])
    ]));
    var dl = el("dl", { clase: "bonificacion-resultado__desglose" });
    function fila(t, v) { dl.appendChild(el("div", {}, [el("dt", {}, [t]), el("dd", { clase: "dinero" }, [v])])); }
    if (cobrado !== null) fila("Cobrado indebidamente", C.pesos(cobrado));
    if (cobrado !== null && monto !== null) {
      fila("Adicional" + (pct !== null ? " (" + pct + " %)" : ""), C.pesos(Math.round((monto - cobrado) * 100) / 100));
    }
    if (monto !== null) fila("Total a bonificar", C.pesos(monto));
    caja.appendChild(dl);
    return caja;
  }

  /** Una línea: "$499.00 × 3 días ÷ 30 = $49.90, más 20 % = $59.88." */
  function resumenBonificacion(b) {
    if (b.base === "cargo") {
      return el("p", { id: "bonificacion-aplicada", clase: "dinero-linea" }, [
        "Cobrado indebidamente " + C.pesos(b.monto_cobrado) + ", más " + C.numero(b.porcentaje_adicional) + " % = " + C.pesos(b.monto) + "."
      ]);
    }
    var dias = C.numero(b.dias_afectados), precio = C.numero(b.precio_mensual);
    var prop = C.numero(b.proporcional), pct = C.numero(b.porcentaje_adicional);
    var partes = [];
    if (precio !== null && dias !== null) partes.push(C.pesos(precio) + " × " + dias + (dias === 1 ? " día" : " días") + " ÷ 30");
    if (prop !== null) partes.push((partes.length ? "= " : "Proporcional: ") + C.pesos(prop));
    var linea = partes.join(" ");
    if (pct !== null) linea += (linea ? ", más " : "Más ") + pct + " %";
    linea += (linea ? " = " : "Monto: ") + C.pesos(b.monto) + ".";
    return el("p", { id: "bonificacion-aplicada", clase: "dinero-linea" }, [linea]);
  }

  /** "caso_resuelto" → "Resolución"; un tipo desconocido se muestra legible ("algo_nuevo" → "Algo nuevo"). */
  function nombreEntrada(tipo) {
    if (TIPOS_ENTRADA[tipo]) return TIPOS_ENTRADA[tipo];
    var t = C.texto(tipo).replace(/_/g, " ");
    return t ? t.charAt(0).toUpperCase() + t.slice(1) : "Movimiento";
  }

  function pintarHistorial(lista) {
    var ol = $("historial");
    BP.vaciar(ol);
    if (!lista.length) {
      ol.appendChild(el("li", { clase: "historial-vacio" }, ["Sin movimientos."]));
      return;
    }
    lista.forEach(function (e) {
      if (!e || typeof e !== "object") return;
      var publico = e.publico !== false;
      var datos = e.datos && typeof e.datos === "object" ? e.datos : {};
      var tipo = C.texto(e.tipo);
      // Una alerta interna publicada en el tema de SNS (supervisores y departamento).
      var sns = tipo === "notificacion_enviada" && datos.medio === "alerta";
      var clase = "entrada" + (publico ? "" : " entrada--interna");
      if (sns || /^alerta_/.test(tipo) || tipo === "correo_rebotado" || tipo === "whatsapp_fallido" || tipo === "adjunto_infectado") clase += " entrada--alerta";
      else if (tipo === "mensaje_cliente" || tipo === "mensaje_agente") clase += " entrada--mensaje";
      else if (/^(escalamiento|desescalamiento|asignacion|caso_escalado|escalado)$/.test(tipo)) clase += " entrada--escalamiento";
      var li = el("li", { clase: clase, "data-tipo": tipo.replace(/[^a-z_]/g, "") });
      var cabeza = el("p", { clase: "entrada__cabeza" }, [
        el("span", { clase: "entrada__tipo" }, [sns ? "Alerta enviada a supervisores" : nombreEntrada(e.tipo)]),
        el("span", { clase: "etiqueta-visibilidad etiqueta-visibilidad--" + (publico ? "publica" : "interna") },
          [publico ? "Pública" : "Interna"]),
        el("span", { clase: "entrada__autor" }, [C.texto(e.autor) || "sistema"]),
        el("span", { clase: "entrada__fecha" }, [C.fecha(e.fecha_texto, e.fecha)])
      ]);
      li.appendChild(cabeza);
      li.appendChild(el("p", { clase: "historial__texto texto-largo" }, [C.texto(e.descripcion)]));
      var idMensaje = datos.id_mensaje == null ? "" : C.texto(String(datos.id_mensaje));
      var deSes = /^correo_/.test(tipo) || (tipo === "notificacion_enviada" && datos.medio === "correo");
      // WhatsApp: el id del envío (messageId de AWS) o el wamid de Meta en sus estados de entrega.
      var deWhatsapp = /^whatsapp_/.test(tipo) || (tipo === "notificacion_enviada" && datos.medio === "whatsapp");
      if ((sns || deSes || deWhatsapp) && idMensaje) {
        li.appendChild(el("p", { clase: "historial__meta" }, [
          "Identificador del envío: ",
          el("code", { clase: "historial__id" }, [idMensaje])
        ]));
      }
      var adjuntosEntrada = Array.isArray(datos.adjuntos) ? datos.adjuntos : [];
      if (adjuntosEntrada.length) {
        li.appendChild(el("p", { clase: "historial__meta" }, ["Archivos: " + adjuntosEntrada.map(function (a) {
          return C.texto(a && a.nombre);
        }).join(", ") + " (ver «Archivos del caso»)."]));
      }
      if (tipo === "mensaje_cliente" && datos.canal) {
        li.appendChild(el("p", { clase: "historial__meta" }, ["Llegó por: " + ({ web: "la página de seguimiento", correo: "correo", whatsapp: "WhatsApp" }[datos.canal] || C.texto(datos.canal)) + "."]));
      }
      var comentario = C.texto(datos.comentario);
      if (comentario) {
        li.appendChild(el("p", { clase: "historial__comentario texto-largo" }, [
          el("span", { clase: "historial__comentario-etiqueta" }, ["Comentario del cliente: "]), comentario
        ]));
      }
      ol.appendChild(li);
    });
  }

  /* ====================== Acciones ====================== */

  function anunciarAccion(mensaje, detalle) {
    var caja = $("aviso-accion");
    BP.vaciar(caja);
    caja.className = "aviso aviso--exito";
    caja.appendChild(el("p", { clase: "aviso__titulo" }, [mensaje]));
    if (detalle) caja.appendChild(detalle);
    caja.hidden = false;
    caja.focus({ preventScroll: true });
    caja.scrollIntoView({ block: "nearest" });
  }

  /** Después de una acción correcta: recarga el caso y anuncia el resultado. */
  function trasAccion(mensaje, detalle) {
    $("aviso-accion").hidden = true;
    return cargarCaso({
      despues: function () { anunciarAccion(mensaje, detalle); }
    }).then(function () {
      // Si la recarga falló, el resultado de la acción se anuncia igual.
      if ($("aviso-accion").hidden) anunciarAccion(mensaje, detalle);
    });
  }

  function alInteraccion(ev) {
    ev.preventDefault();
    var form = ev.currentTarget, boton = $("boton-interaccion");
    if (boton.disabled) return;
    var tipo = C.radioMarcado(form, "interaccion_tipo");
    var textoI = $("interaccion-texto").value.trim();
    var publica = $("interaccion-publica").checked;
    var archivos = Array.prototype.slice.call($("interaccion-archivos").files || []);
    var lista = [];
    if (!tipo) lista.push({ campo: "tipo", mensaje: "Elige el tipo." });
    if (!textoI) lista.push({ campo: "texto", mensaje: "Escribe el texto." });
    else if (BP.longitud(textoI) > 2000) lista.push({ campo: "texto", mensaje: "El texto puede tener hasta 2,000 caracteres." });
    else if (C.problemaTexto(textoI)) lista.push({ campo: "texto", mensaje: C.problemaTexto(textoI) });
    if (archivos.length && C.adjuntos) {
      var problemas = C.adjuntos.validar(archivos);
      if (problemas.length) lista.push({ campo: "adjuntos", mensaje: problemas.join(" ") });
    }
    if (lista.length) { gestorI.mostrar("Revisa los datos marcados.", lista); return; }
    gestorI.limpiar();
    var folio = actual.folio;
    C.ocupado(boton, true, archivos.length ? "Subiendo archivos…" : "Agregando…");
    var subida = archivos.length && C.adjuntos ? C.adjuntos.subir(folio, archivos) : Promise.resolve([]);
    subida.then(function (ids) {
      var cuerpo = { tipo: tipo, texto: textoI, publica: publica };
      if (ids.length) cuerpo.adjuntos = ids;
      return C.api("/api/casos/" + folio + "/interacciones", { metodo: "POST", cuerpo: cuerpo });
    })
      .then(function () {
        C.ocupado(boton, false);
        form.reset();
        var nombre = { nota: "La nota", llamada: "La llamada", accion: "La acción" }[tipo] || "La entrada";
        return trasAccion(nombre + " se agregó al historial" + (publica ? " (visible para el cliente)." : " (interna)."));
      })
      .catch(function (error) {
        C.ocupado(boton, false);
        if (error && error.status === 409) { cargarCaso({}); }
        C.mostrarErrorEn(gestorI, error, "No se pudo agregar al historial.");
      });
  }

  function alResolver(ev) {
    ev.preventDefault();
    var form = ev.currentTarget, boton = $("boton-resolver");
    if (boton.disabled) return;
    var resumen = $("resolucion-resumen").value.trim();
    var primer = C.radioMarcado(form, "primer_contacto");
    var conBonificacion = !$("bloque-bonificacion").hidden && $("aplicar-bonificacion").checked;
    var diasTexto = $("dias-afectados").value.trim();
    var lista = [];
    if (!resumen) lista.push({ campo: "resumen", mensaje: "Escribe el resumen de la solución." });
    else if (BP.longitud(resumen) > 2000) lista.push({ campo: "resumen", mensaje: "El resumen puede tener hasta 2,000 caracteres." });
    else if (C.problemaTexto(resumen)) lista.push({ campo: "resumen", mensaje: C.problemaTexto(resumen) });
    if (!primer) lista.push({ campo: "primer_contacto", mensaje: "Indica si se resolvió en el primer contacto." });
    var dias = null, cobrado = null;
    if (conBonificacion && actual.porCargo) {
      cobrado = diasTexto.replace(/[$,\s]/g, "");
      if (!/^\d{1,6}(\.\d{1,2})?$/.test(cobrado) || !(parseFloat(cobrado) > 0)) {
        lista.push({ campo: "dias_afectados", mensaje: "Escribe el monto cobrado en pesos, por ejemplo 349.00." });
      }
    } else if (conBonificacion) {
      dias = /^\d{1,2}$/.test(diasTexto) ? parseInt(diasTexto, 10) : NaN;
      if (!(dias >= 1 && dias <= 31)) lista.push({ campo: "dias_afectados", mensaje: "Escribe los días afectados: un número de 1 a 31." });
    }
    if (lista.length) { gestorR.mostrar("Revisa los datos marcados.", lista); return; }
    gestorR.limpiar();
    var cuerpo = { resumen: resumen, primer_contacto: primer === "si" };
    if (conBonificacion) cuerpo.bonificacion = actual.porCargo ? { monto_cobrado: cobrado } : { dias_afectados: dias };
    C.ocupado(boton, true, "Resolviendo…");
    C.api("/api/casos/" + actual.folio + "/resolucion", { metodo: "POST", cuerpo: cuerpo })
      .then(function (r) {
        C.ocupado(boton, false);
        form.reset();
        $("grupo-r-dias").hidden = true;
        var caso = r && r.caso ? r.caso : r;
        var b = caso && caso.bonificacion;
        var detalle = null, mensaje = "Caso resuelto. Se envió al cliente el resumen para que confirme.";
        if (b && typeof b === "object") {
          detalle = resumenBonificacion(b);
          mensaje = "Caso resuelto con bonificación de " + C.pesos(b.monto) + ". Se envió al cliente el resumen para que confirme.";
        }
        return trasAccion(mensaje, detalle);
      })
      .catch(function (error) {
        C.ocupado(boton, false);
        if (error && error.status === 409) cargarCaso({});
        C.mostrarErrorEn(gestorR, error, "No se pudo resolver el caso.");
      });
  }

  function alConfirmar(ev) {
    ev.preventDefault();
    var form = ev.currentTarget, boton = $("boton-confirmar");
    if (boton.disabled) return;
    var valor = C.radioMarcado(form, "confirmacion");
    var comentario = $("confirmacion-comentario").value.trim();
    var lista = [];
    if (!valor) lista.push({ campo: "resuelto", mensaje: "Elige lo que dice el cliente." });
    if (comentario && C.problemaTexto(comentario)) lista.push({ campo: "comentario", mensaje: C.problemaTexto(comentario) });
    if (lista.length) { gestorF.mostrar("Revisa los datos marcados.", lista); return; }
    gestorF.limpiar();
    var cuerpo = { resuelto: valor === "si" };
    if (comentario) cuerpo.comentario = comentario;
    C.ocupado(boton, true, "Registrando…");
    C.api("/api/casos/" + actual.folio + "/confirmacion", { metodo: "POST", cuerpo: cuerpo })
      .then(function () {
        C.ocupado(boton, false);
        form.reset();
        return trasAccion(cuerpo.resuelto
          ? "El cliente confirmó la solución: el caso quedó cerrado."
          : "El caso se reabrió y volvió a la cola.");
      })
      .catch(function (error) {
        C.ocupado(boton, false);
        if (error && error.status === 409) cargarCaso({});
        C.mostrarErrorEn(gestorF, error, "No se pudo registrar la confirmación.");
      });
  }

  function limpiarFormularios() {
    [["form-interaccion", gestorI], ["form-resolucion", gestorR], ["form-confirmacion", gestorF]].forEach(function (par) {
      $(par[0]).reset();
      if (par[1]) par[1].limpiar();
    });
    $("grupo-r-dias").hidden = true;
    extensiones.forEach(function (x) { if (x.limpiar) x.limpiar(); });
  }

  /* ====================== Ciclo de vida ====================== */

  function g(sufijo, control) {
    return { control: control, grupo: $("grupo-" + sufijo), error: $("error-" + sufijo) };
  }

  function iniciar() {
    var fi = $("form-interaccion"), fr = $("form-resolucion"), ff = $("form-confirmacion");
    gestorI = BP.crearGestorErrores({
      resumen: $("errores-interaccion"),
      campos: {
        tipo: g("i-tipo", C.primerRadio(fi, "interaccion_tipo")),
        texto: g("i-texto", $("interaccion-texto")),
        adjuntos: g("i-adjuntos", $("interaccion-archivos")),
        publica: g("i-publica", $("interaccion-publica"))
      }
    });
    var dias = g("r-dias", $("dias-afectados"));
    gestorR = BP.crearGestorErrores({
      resumen: $("errores-resolucion"),
      campos: {
        resumen: g("r-resumen", $("resolucion-resumen")),
        primer_contacto: g("r-primer", C.primerRadio(fr, "primer_contacto")),
        dias_afectados: dias,
        "bonificacion.dias_afectados": dias,
        "bonificacion.monto_cobrado": dias,
        bonificacion: dias
      }
    });
    gestorF = BP.crearGestorErrores({
      resumen: $("errores-confirmacion"),
      campos: {
        resuelto: g("f-resuelto", C.primerRadio(ff, "confirmacion")),
        comentario: g("f-comentario", $("confirmacion-comentario"))
      }
    });

    fi.addEventListener("submit", alInteraccion);
    fr.addEventListener("submit", alResolver);
    ff.addEventListener("submit", alConfirmar);
    $("aplicar-bonificacion").addEventListener("change", function (ev) {
      $("grupo-r-dias").hidden = !ev.target.checked;
      $("aplicar-bonificacion").setAttribute("aria-expanded", ev.target.checked ? "true" : "false");
      if (ev.target.checked) $("dias-afectados").focus();
      else { $("dias-afectados").value = ""; gestorR.limpiarCampo("dias_afectados"); }
    });
    $("aplicar-bonificacion").setAttribute("aria-expanded", "false");

    $("form-filtros").addEventListener("submit", function (ev) {
      ev.preventDefault();
      cargarCola(false);
    });
    $("boton-actualizar-cola").addEventListener("click", function () { cargarCola(false); });
    $("boton-cargar-mas").addEventListener("click", function () { cargarCola(true); });
    $("filtros-rapidos").addEventListener("click", function (ev) {
      var b = ev.target && ev.target.closest ? ev.target.closest("button[data-estado]") : null;
      if (b) aplicarFiltroRapido(b);
    });
    $("boton-recargar-caso").addEventListener("click", function () { cargarCaso({}); });

    var cuerpo = $("cola-cuerpo");
    cuerpo.addEventListener("click", function (ev) {
      var tr = filaDesdeEvento(ev);
      if (!tr) return;
      ev.preventDefault();
      irACaso(tr.getAttribute("data-folio"));
    });
    cuerpo.addEventListener("keydown", function (ev) {
      if (ev.key !== "Enter" && ev.key !== " ") return;
      var tr = filaDesdeEvento(ev);
      if (!tr || ev.target !== tr) return;
      ev.preventDefault();
      irACaso(tr.getAttribute("data-folio"));
    });
    $("volver-cola").addEventListener("click", function (ev) {
      ev.preventDefault();
      if (window.location.hash === "#/cola") mostrarCola(true);
      else window.location.hash = "#/cola";
      $("titulo-cola").focus({ preventScroll: true });
    });
    window.addEventListener("hashchange", alCambiarHash);

    // La llamada avisa cuando abre un caso: la cola se actualiza si está a la vista.
    C.alCambiarCasos = function () { if (activo && !$("vista-cola").hidden) cargarCola(false); };
  }

  function alEntrar() {
    activo = true;
    pintarTituloCola();
    $("grupo-filtro-departamento").hidden = rol() === "departamentos";
    C.catalogo().then(function (c) {
      catalogo = c;
      llenarDepartamentos();
      pintarTituloCola();
      if (actual.datos && actual.datos.caso) pintarCaso(actual.datos);
    }, function () { /* sin catálogo se ofrece en quejas y reclamaciones */ });
    var r = rutaActual() || { vista: "cola" };
    if (r.vista === "caso") {
      // Con la cola cargada detrás, "Volver" es inmediato.
      cargarCola(false);
      abrirCaso(r.folio);
    } else {
      mostrarCola(true);
    }
  }

  function llenarDepartamentos() {
    var sel = $("filtro-departamento");
    if (sel.options.length > 1) return;
    (catalogo && Array.isArray(catalogo.departamentos) ? catalogo.departamentos : []).forEach(function (d) {
      if (d && C.texto(d.clave)) sel.appendChild(el("option", { value: d.clave }, [C.texto(d.nombre) || d.clave]));
    });
  }

  function alSalir() {
    activo = false;
    cola.peticion++;
    actual.peticion++;
    actual.folio = "";
    actual.datos = null;
    cola.departamento = "";
    if (!gestorI) return;
    BP.vaciar($("cola-cuerpo"));
    $("form-filtros").reset();
    $("errores-cola").hidden = true;
    $("estado-cola").textContent = "";
    $("boton-cargar-mas").hidden = true;
    $("filtros-rapidos").hidden = true;
    $("titulo-cola").textContent = "Cola de casos abiertos";
    $("caso").hidden = true;
    BP.vaciar($("estado-caso"));
    limpiarFormularios();
    $("vista-caso").hidden = true;
    $("vista-cola").hidden = false;
  }

  /** Para consola-escalamiento.js: otras acciones sobre el caso abierto. */
  C.casos = {
    extender: function (x) { extensiones.push(x); },
    folio: function () { return actual.folio; },
    datos: function () { return actual.datos; },
    recargar: function () { return cargarCaso({}); },
    trasAccion: trasAccion,
    nombreDepartamento: nombreDepartamento,
    rol: rol
  };

  C.registrar({ iniciar: iniciar, alEntrar: alEntrar, alSalir: alSalir });
})();
