/*
 * Blue Point · Consola de agentes — reportes para supervisores (/consola/reportes.html).
 *
 * Usa la sesión que deja la consola en sessionStorage ("bp.consola.sesion") y llama a
 * GET /api/reportes con `Authorization: Bearer`. Dibuja sus propias gráficas en SVG (sin bibliotecas)
 * y cada una trae su tabla con los números ("Ver datos") para lectores de pantalla.
 *
 * Si se carga en la consola (/consola/index.html), sólo muestra a supervisores el enlace "Reportes".
 * Regla de la casa: todo lo que viene del servidor se inserta con textContent (BP.el / BP.vaciar).
 */
(function () {
  "use strict";

  var BP = window.BP;
  var $ = function (id) { return document.getElementById(id); };

  /* ---------- En la consola: enlace "Reportes" sólo para supervisores ---------- */

  if (!$("bloque-reporte")) {
    var enlace = $("enlace-reportes");
    if (enlace && window.Consola) {
      window.Consola.registrar({
        alEntrar: function (s) { enlace.hidden = !s || s.rol !== "supervisores"; },
        alSalir: function () { enlace.hidden = true; }
      });
    }
    return;
  }

  /* ---------- Página de reportes ---------- */

  var el = BP.el;
  var CLAVE_SESION = "bp.consola.sesion";
  var ZONA = "America/Mexico_City";
  var ENTRADA = "/consola/";
  var SVG_NS = "http://www.w3.org/2000/svg";
  var NOMBRES_ROL = { asesores: "Asesor", supervisores: "Supervisor", departamentos: "Departamento" };
  var CANALES = [["web", "Web"], ["telefono", "Teléfono"], ["tienda", "Tienda"]];
  var ESTADOS = ["Registrado", "En proceso", "Escalado", "Resuelto", "Cerrado", "Reabierto"];
  var CALIFICACIONES = { 1: "Muy mala", 2: "Mala", 3: "Regular", 4: "Buena", 5: "Excelente" };

  var sesion = null;
  var gestor = null;
  var peticion = 0;
  var actual = null; // { datos, desde, hasta }
  var nombresCategoria = {};
  var anchoDibujado = 0;

  var formatoPorcentaje = new Intl.NumberFormat("es-MX", { style: "percent", maximumFractionDigits: 1 });
  var formatoDecimal = new Intl.NumberFormat("es-MX", { minimumFractionDigits: 1, maximumFractionDigits: 2 });
  var formatoFecha = new Intl.DateTimeFormat("es-MX", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
  var formatoDiaMes = new Intl.DateTimeFormat("es-MX", { day: "numeric", month: "long", timeZone: "UTC" });

  /* ---------- Formato ---------- */

  function entero(v) {
    return typeof v === "number" && isFinite(v) ? Math.round(v) : 0;
  }

  function numero(n) {
    return BP.formatearNumero(entero(n));
  }

  function porcentaje(tasa) {
    return typeof tasa === "number" && isFinite(tasa) ? formatoPorcentaje.format(tasa) : null;
  }

  function plural(n, uno, varios) {
    return numero(n) + " " + (entero(n) === 1 ? uno : varios);
  }

  /* ---------- Fechas (AAAA-MM-DD, días en hora del centro de México) ---------- */

  function hoy() {
    try {
      var v = {};
      new Intl.DateTimeFormat("en-CA", { timeZone: ZONA, year: "numeric", month: "2-digit", day: "2-digit" })
        .formatToParts(new Date()).forEach(function (p) { v[p.type] = p.value; });
      if (v.year && v.month && v.day) return v.year + "-" + v.month + "-" + v.day;
    } catch (e) { /* sin la zona: la fecha local */ }
    var d = new Date();
    return new Date(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate())).toISOString().slice(0, 10);
  }

  function fechaValida(iso) {
    if (typeof iso !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(iso)) return false;
    var d = new Date(iso + "T00:00:00Z");
    return !isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso;
  }

  function sumarDias(iso, dias) {
    var d = new Date(iso + "T00:00:00Z");
    d.setUTCDate(d.getUTCDate() + dias);
    return d.toISOString().slice(0, 10);
  }

  function fechaLarga(iso) {
    return fechaValida(iso) ? formatoFecha.format(new Date(iso + "T00:00:00Z")) : String(iso || "");
  }

  /** "del 18 al 24 de noviembre de 2026", "del 26 de octubre al 24 de noviembre de 2026" o "del 24 de noviembre de 2026". */
  function textoPeriodo(desde, hasta) {
    if (desde === hasta || !fechaValida(desde) || !fechaValida(hasta)) {
      return desde === hasta ? "del " + fechaLarga(desde) : "del " + fechaLarga(desde) + " al " + fechaLarga(hasta);
    }
    var inicio = fechaLarga(desde);
    if (desde.slice(0, 7) === hasta.slice(0, 7)) inicio = String(parseInt(desde.slice(8), 10));
    else if (desde.slice(0, 4) === hasta.slice(0, 4)) inicio = formatoDiaMes.format(new Date(desde + "T00:00:00Z"));
    return "del " + inicio + " al " + fechaLarga(hasta);
  }

  /* ---------- Sesión ---------- */

  function leerSesion() {
    try {
      var s = JSON.parse(window.sessionStorage.getItem(CLAVE_SESION) || "null");
      return s && typeof s.token === "string" && s.token ? s : null;
    } catch (e) {
      return null;
    }
  }

  function msHastaVencer(s) {
    var t = Date.parse(s && s.expira);
    return isNaN(t) ? Infinity : t - Date.now();
  }

  /**
   * Vuelve a la entrada de la consola. Con `vencida`, deja la sesión marcada como vencida
   * para que la consola muestre "Tu sesión venció; vuelve a entrar." (y la borre ella).
   */
  function irAEntrada(vencida) {
    try {
      var s = leerSesion();
      if (vencida && s) {
        s.expira = new Date(0).toISOString();
        window.sessionStorage.setItem(CLAVE_SESION, JSON.stringify(s));
      } else {
        window.sessionStorage.removeItem(CLAVE_SESION);
      }
    } catch (e) { /* modo privado */ }
    sesion = null;
    window.location.replace(ENTRADA);
  }

  function api(ruta) {
    if (!sesion) {
      irAEntrada(true);
      return Promise.reject(Object.assign(new BP.ErrorApi("cliente", 401, null), { sesionVencida: true }));
    }
    return BP.pedir(ruta, { encabezados: { Authorization: "Bearer " + sesion.token } }).catch(function (error) {
      if (error && error.status === 401) {
        error.sesionVencida = true;
        irAEntrada(true);
      }
      throw error;
    });
  }

  function mostrarAgente() {
    var texto = function (v) { return typeof v === "string" ? v.trim() : ""; };
    var nombre = texto(sesion.nombre) || texto(sesion.usuario);
    $("agente-nombre").textContent = nombre;
    $("agente-usuario").textContent = texto(sesion.usuario);
    $("agente-usuario-bloque").hidden = !texto(sesion.usuario) || texto(sesion.usuario) === nombre;
    $("agente-rol").textContent = NOMBRES_ROL[sesion.rol] || texto(sesion.rol);
    $("barra-agente").hidden = false;
  }

  /* ---------- Estados de la página ---------- */

  function ocupado(boton, activo, textoOcupado) {
    var etiqueta = boton.querySelector(".boton__texto");
    if (etiqueta && !boton.getAttribute("data-texto")) boton.setAttribute("data-texto", etiqueta.textContent);
    boton.disabled = activo;
    boton.classList.toggle("boton--cargando", activo);
    if (etiqueta) etiqueta.textContent = activo ? textoOcupado : boton.getAttribute("data-texto");
  }

  function sinPermiso() {
    peticion++;
    $("bloque-reporte").hidden = true;
    var aviso = $("aviso-acceso");
    aviso.hidden = false;
    aviso.focus();
    document.title = "Sólo supervisores · Reportes · Blue Point";
  }

  function mensajeError(error) {
    if (error && error.tipo === "red") return "No hay conexión con el servidor. Revisa tu red e intenta de nuevo.";
    if (error && (error.tipo === "cliente" || error.status === 503) && error.mensaje) return error.mensaje;
    return "El servidor no pudo preparar el reporte. Intenta de nuevo en unos momentos.";
  }

  function mostrarFalla(caja, error, reintentar) {
    BP.vaciar(caja);
    caja.appendChild(el("p", { clase: "aviso__titulo", texto: mensajeError(error) }));
    if (reintentar) {
      var boton = el("button", { type: "button", clase: "boton boton--secundario boton--chico", texto: "Intentar de nuevo" });
      boton.addEventListener("click", reintentar);
      caja.appendChild(boton);
    }
    caja.hidden = false;
  }

  /* ---------- Periodo ---------- */

  function periodoRapido(dias) {
    var h = hoy();
    return { desde: sumarDias(h, -(dias - 1)), hasta: h };
  }

  function marcarRapidos() {
    document.querySelectorAll("[data-dias]").forEach(function (boton) {
      var p = periodoRapido(parseInt(boton.getAttribute("data-dias"), 10));
      var activo = $("desde").value === p.desde && $("hasta").value === p.hasta;
      boton.setAttribute("aria-pressed", activo ? "true" : "false");
    });
  }

  function validarPeriodo(desde, hasta) {
    var errores = [];
    if (!fechaValida(desde)) errores.push({ campo: "desde", mensaje: "Escribe la fecha inicial completa (día, mes y año)." });
    if (!fechaValida(hasta)) errores.push({ campo: "hasta", mensaje: "Escribe la fecha final completa (día, mes y año)." });
    if (!errores.length && desde > hasta) {
      errores.push({ campo: "desde", mensaje: "La fecha inicial no puede ser posterior a la final." });
    }
    return errores;
  }

  function alEnviar(ev) {
    ev.preventDefault();
    var desde = $("desde").value;
    var hasta = $("hasta").value;
    var errores = validarPeriodo(desde, hasta);
    if (errores.length) {
      limpiarReporte();
      gestor.mostrar("Revisa el periodo del reporte.", errores);
      return;
    }
    cargar(desde, hasta);
  }

  /* ---------- Carga ---------- */

  function cargar(desde, hasta) {
    var n = ++peticion;
    var boton = $("boton-ver");
    gestor.limpiar();
    $("error-reporte").hidden = true;
    ocupado(boton, true, "Cargando…");
    $("reporte").setAttribute("aria-busy", "true");
    $("estado-reporte").textContent = "Cargando el reporte…";
    var consulta = "desde=" + encodeURIComponent(desde) + "&hasta=" + encodeURIComponent(hasta);
    api("/api/reportes?" + consulta)
      .then(function (datos) {
        if (n !== peticion) return;
        ocupado(boton, false);
        $("reporte").setAttribute("aria-busy", "false");
        var d = typeof datos.desde === "string" ? datos.desde : desde;
        var h = typeof datos.hasta === "string" ? datos.hasta : hasta;
        actual = { datos: datos, desde: d, hasta: h };
        pintar(datos, d, h);
        $("estado-reporte").textContent = "Reporte " + textoPeriodo(d, h) + ": " + plural(datos.casos, "caso registrado", "casos registrados") + ".";
        try { window.history.replaceState(null, "", "?" + "desde=" + d + "&hasta=" + h); } catch (e) { /* nada */ }
      })
      .catch(function (error) {
        if (n !== peticion) return;
        ocupado(boton, false);
        $("reporte").setAttribute("aria-busy", "false");
        $("estado-reporte").textContent = "";
        if (!error || error.sesionVencida) return;
        if (error.status === 403) { sinPermiso(); return; }
        if (error.tipo === "cliente") {
          limpiarReporte();
          gestor.mostrar(error.mensaje || "Revisa el periodo del reporte.", error.campos);
          return;
        }
        mostrarFalla($("error-reporte"), error, function () { cargar(desde, hasta); });
        $("error-reporte").focus();
      });
  }

  /* ---------- CSV ---------- */

  function nombreArchivo(disposicion, desde, hasta) {
    var m = /filename\*=UTF-8''([^;]+)|filename="?([^";]+)"?/i.exec(disposicion || "");
    var nombre = "";
    if (m) {
      try { nombre = m[1] ? decodeURIComponent(m[1]) : m[2]; } catch (e) { nombre = m[2] || ""; }
    }
    nombre = String(nombre).replace(/[\\/:*?"<>|\x00-\x1f]+/g, "_").trim();
    return nombre || "reporte-" + desde + "-a-" + hasta + ".csv";
  }

  function descargarCsv() {
    if (!actual) return;
    var boton = $("boton-csv");
    var caja = $("error-csv");
    if (boton.disabled) return;
    if (!sesion) { irAEntrada(true); return; }
    caja.hidden = true;
    ocupado(boton, true, "Preparando CSV…");
    var desde = actual.desde;
    var hasta = actual.hasta;
    var ruta = "/api/reportes?desde=" + encodeURIComponent(desde) + "&hasta=" + encodeURIComponent(hasta) + "&formato=csv";
    fetch(ruta, {
      headers: { Accept: "text/csv", Authorization: "Bearer " + sesion.token },
      credentials: "same-origin",
      cache: "no-store"
    }).then(function (r) {
      if (r.ok) {
        return r.blob().then(function (blob) {
          return { blob: blob, nombre: nombreArchivo(r.headers.get("Content-Disposition"), desde, hasta) };
        });
      }
      return r.text().then(function (texto) {
        var datos = null;
        try { datos = JSON.parse(texto); } catch (e) { datos = null; }
        throw BP.errorDeRespuesta(r.status, datos);
      });
    }, function () {
      throw new BP.ErrorApi("red", 0, null);
    }).then(function (archivo) {
      ocupado(boton, false);
      var url = URL.createObjectURL(archivo.blob);
      var a = el("a", { href: url, download: archivo.nombre, hidden: true });
      document.body.appendChild(a);
      a.click();
      document.body.removeChild(a);
      setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
      BP.anunciar("Se descargó el archivo " + archivo.nombre + ".");
    }).catch(function (error) {
      ocupado(boton, false);
      if (error && error.status === 401) { irAEntrada(true); return; }
      if (error && error.status === 403) { sinPermiso(); return; }
      mostrarFalla(caja, error, null);
    });
  }

  /* ---------- Indicadores ---------- */

  function tarjeta(clave, etiqueta, valor, detalle, sinDatos) {
    return el("li", { clase: "kpi" + (sinDatos ? " kpi--sin-datos" : ""), "data-kpi": clave }, [
      el("p", { clase: "kpi__etiqueta", texto: etiqueta }),
      el("p", { clase: "kpi__valor", texto: valor }),
      detalle ? el("p", { clase: "kpi__detalle", texto: detalle }) : null
    ]);
  }

  function tarjetaTasa(clave, etiqueta, t, cumplidos, sinTotal) {
    var tasa = t && porcentaje(t.tasa);
    if (!tasa) return tarjeta(clave, etiqueta, "Sin datos", sinTotal, true);
    return tarjeta(clave, etiqueta, tasa, numero(t.cumplidos) + " de " + plural(t.total, cumplidos[0], cumplidos[1]));
  }

  function resueltosConTiempo(d) {
    return (Array.isArray(d.tiempo_resolucion) ? d.tiempo_resolucion : []).reduce(function (s, i) {
      return s + entero(i && i.casos);
    }, 0);
  }

  function ultimoLimite(d) {
    var limites = (Array.isArray(d.tiempo_resolucion) ? d.tiempo_resolucion : [])
      .map(function (i) { return i && i.hasta_horas; })
      .filter(function (h) { return typeof h === "number"; });
    return limites.length ? limites[limites.length - 1] : 150;
  }

  /** Mediana o p90: el servidor da el límite superior del intervalo (null = más del último). */
  function tarjetaHoras(clave, etiqueta, horas, d) {
    if (!resueltosConTiempo(d)) return tarjeta(clave, etiqueta, "Sin datos", "Aún no hay casos resueltos en el periodo.", true);
    if (typeof horas !== "number") return tarjeta(clave, etiqueta, "Más de " + numero(ultimoLimite(d)) + " h", "horas hábiles");
    return tarjeta(clave, etiqueta, "≤ " + numero(horas) + " h", "horas hábiles");
  }

  function pintarIndicadores(d) {
    var lista = $("indicadores");
    BP.vaciar(lista);
    var sinResueltos = "Aún no hay casos resueltos en el periodo.";
    var csat = typeof d.csat_promedio === "number" && isFinite(d.csat_promedio);
    var respuesta = porcentaje(d.tasa_respuesta);
    [
      tarjeta("casos", "Casos registrados", numero(d.casos), "en el periodo"),
      tarjetaTasa("primer_contacto", "Resueltos en el primer contacto", d.primer_contacto, ["caso resuelto", "casos resueltos"], sinResueltos),
      tarjetaTasa("sla_interno", "Cumplimiento del compromiso interno", d.sla_interno, ["caso resuelto", "casos resueltos"], sinResueltos),
      tarjetaTasa("sla_legal", "Cumplimiento del plazo legal", d.sla_legal, ["caso resuelto", "casos resueltos"], sinResueltos),
      csat
        ? tarjeta("csat", "Satisfacción promedio (CSAT)", formatoDecimal.format(d.csat_promedio) + " de 5", plural(d.encuestas_respondidas, "respuesta", "respuestas"))
        : tarjeta("csat", "Satisfacción promedio (CSAT)", "Sin datos", "Aún no hay respuestas a la encuesta.", true),
      respuesta
        ? tarjeta("tasa_respuesta", "Respuesta a encuestas", respuesta, numero(d.encuestas_respondidas) + " de " + plural(d.encuestas_enviadas, "enviada", "enviadas"))
        : tarjeta("tasa_respuesta", "Respuesta a encuestas", "Sin datos", "No se enviaron encuestas en el periodo.", true),
      tarjeta("escalamientos", "Escalamientos", numero(d.escalamientos),
        "Por agente: " + numero(d.escalamientos_por_agente) + " · Por el reloj: " + numero(d.escalamientos_por_reloj)),
      tarjeta("reaperturas", "Reaperturas", numero(d.reaperturas), "casos que el cliente reabrió"),
      tarjetaHoras("mediana", "Resolución: mediana", d.tiempo_resolucion_mediana_horas, d),
      tarjetaHoras("p90", "Resolución: percentil 90", d.tiempo_resolucion_p90_horas, d)
    ].forEach(function (li) { lista.appendChild(li); });
  }

  /* ---------- Gráficas SVG ---------- */

  function svg(etiqueta, atributos, texto) {
    var nodo = document.createElementNS(SVG_NS, etiqueta);
    Object.keys(atributos || {}).forEach(function (k) { nodo.setAttribute(k, String(atributos[k])); });
    if (texto != null) nodo.textContent = String(texto);
    return nodo;
  }

  function anchoDe(lienzo) {
    return Math.max(240, Math.floor(lienzo.clientWidth || 0) || 480);
  }

  function resumenAccesible(tipoGrafica, titulo, filas, unidad) {
    var partes = filas.map(function (f) { return f.etiqueta + ": " + numero(f.valor); });
    return tipoGrafica + ". " + titulo + (unidad ? " (" + unidad + ")" : "") + ". " + partes.join("; ") + ".";
  }

  function vacia(lienzo, mensaje) {
    lienzo.appendChild(el("p", { clase: "grafica__vacia", texto: mensaje }));
  }

  function medir(nodos) {
    return nodos.reduce(function (max, t) {
      var w = 0;
      try { w = t.getComputedTextLength(); } catch (e) { w = 0; }
      return Math.max(max, w || String(t.textContent).length * 8);
    }, 0);
  }

  /** Barras horizontales: una fila por categoría, con el valor al final de la barra. */
  function barrasHorizontales(lienzo, filas, titulo, unidad) {
    BP.vaciar(lienzo);
    var total = filas.reduce(function (s, f) { return s + f.valor; }, 0);
    if (!total) { vacia(lienzo, "Sin datos en este periodo."); return; }
    var FILA = 34;
    var BARRA = 22;
    var ancho = anchoDe(lienzo);
    var alto = filas.length * FILA + 4;
    var raiz = svg("svg", {
      class: "grafica__svg", width: ancho, height: alto, viewBox: "0 0 " + ancho + " " + alto,
      role: "img", "aria-label": resumenAccesible("Gráfica de barras", titulo, filas, unidad)
    });
    lienzo.appendChild(raiz);

    var etiquetas = filas.map(function (f, i) {
      var t = svg("text", { class: "grafica__etiqueta", x: 0, y: i * FILA + FILA / 2, dy: "0.35em" }, f.etiqueta);
      raiz.appendChild(t);
      return t;
    });
    var valores = filas.map(function (f) {
      var t = svg("text", { class: "grafica__valor", x: 0, y: 0 }, numero(f.valor));
      raiz.appendChild(t);
      return t;
    });
    var izq = Math.min(Math.ceil(medir(etiquetas)) + 14, Math.floor(ancho * 0.45));
    var der = Math.ceil(medir(valores)) + 12;
    var espacio = Math.max(40, ancho - izq - der);
    var max = Math.max.apply(null, filas.map(function (f) { return f.valor; }));

    filas.forEach(function (f, i) {
      var w = max ? Math.round(f.valor / max * espacio) : 0;
      if (f.valor > 0 && w < 2) w = 2;
      var y = i * FILA + (FILA - BARRA) / 2;
      var barra = svg("rect", { class: "grafica__barra", x: izq, y: y, width: w, height: BARRA, rx: 3, "data-valor": f.valor });
      barra.appendChild(svg("title", {}, f.etiqueta + ": " + numero(f.valor)));
      raiz.appendChild(barra);
      var v = valores[i];
      v.setAttribute("x", izq + w + 6);
      v.setAttribute("y", i * FILA + FILA / 2);
      v.setAttribute("dy", "0.35em");
    });
    raiz.appendChild(svg("line", { class: "grafica__eje", x1: izq - 0.5, x2: izq - 0.5, y1: 0, y2: alto }));
  }

  /** Columnas verticales (histograma con `pegadas`), con el valor encima y la etiqueta debajo. */
  function columnas(lienzo, cols, titulo, opciones) {
    var o = opciones || {};
    BP.vaciar(lienzo);
    var total = cols.reduce(function (s, c) { return s + c.valor; }, 0);
    if (!total) { vacia(lienzo, o.vacio || "Sin datos en este periodo."); return; }
    var ancho = anchoDe(lienzo);
    var conSub = cols.some(function (c) { return c.sub; });
    var ARRIBA = 24;
    var ABAJO = (conSub ? 44 : 26) + (o.eje ? 24 : 0);
    var alto = o.alto || 240;
    var area = alto - ARRIBA - ABAJO;
    var IZQ = 4;
    var paso = (ancho - IZQ * 2) / cols.length;
    var hueco = o.pegadas ? 3 : Math.min(paso * 0.35, 48);
    var max = Math.max.apply(null, cols.map(function (c) { return c.valor; }));
    var raiz = svg("svg", {
      class: "grafica__svg", width: ancho, height: alto, viewBox: "0 0 " + ancho + " " + alto,
      role: "img", "aria-label": resumenAccesible(o.pegadas ? "Histograma" : "Gráfica de columnas", titulo, cols, o.unidad)
    });
    lienzo.appendChild(raiz);

    // Si las etiquetas no caben, se muestra una sí y otra no (la tabla trae todas).
    var muestra = svg("text", { class: "grafica__etiqueta grafica__etiqueta--eje" }, "");
    raiz.appendChild(muestra);
    var masLarga = cols.reduce(function (m, c) { return c.etiqueta.length > m.length ? c.etiqueta : m; }, "");
    muestra.textContent = masLarga;
    var anchoEtiqueta = medir([muestra]) + 6;
    raiz.removeChild(muestra);
    var cada = Math.max(1, Math.ceil(anchoEtiqueta / paso));
    // Los valores sólo van encima si caben todos sin encimarse.
    muestra.textContent = numero(max);
    raiz.appendChild(muestra);
    var conValores = medir([muestra]) + 4 <= paso;
    raiz.removeChild(muestra);

    var base = ARRIBA + area;
    cols.forEach(function (c, i) {
      var x = IZQ + i * paso + hueco / 2;
      var w = Math.max(1, paso - hueco);
      var h = max ? Math.round(c.valor / max * area) : 0;
      if (c.valor > 0 && h < 2) h = 2;
      var barra = svg("rect", { class: "grafica__barra" + (o.clase ? " " + o.clase : ""), x: x, y: base - h, width: w, height: h, "data-valor": c.valor });
      barra.appendChild(svg("title", {}, (c.titulo || c.etiqueta) + ": " + numero(c.valor)));
      raiz.appendChild(barra);
      var centro = x + w / 2;
      if (conValores) {
        raiz.appendChild(svg("text", { class: "grafica__valor", x: centro, y: base - h - 6, "text-anchor": "middle" }, numero(c.valor)));
      }
      if (i % cada === 0) {
        raiz.appendChild(svg("text", { class: "grafica__etiqueta grafica__etiqueta--eje", x: centro, y: base + 18, "text-anchor": "middle" }, c.etiqueta));
        if (c.sub) raiz.appendChild(svg("text", { class: "grafica__sub", x: centro, y: base + 36, "text-anchor": "middle" }, c.sub));
      }
    });
    raiz.appendChild(svg("line", { class: "grafica__eje", x1: 0, x2: ancho, y1: base + 0.5, y2: base + 0.5 }));
    if (o.eje) {
      raiz.appendChild(svg("text", { class: "grafica__sub", x: ancho / 2, y: alto - 6, "text-anchor": "middle" }, o.eje));
    }
  }

  /* ---------- Tablas ("Ver datos") ---------- */

  function tabla(titulo, encabezados, filas, pie) {
    var cuerpo = el("tbody", {}, filas.map(function (f) {
      return el("tr", {}, f.map(function (celda, i) {
        return i === 0 ? el("th", { scope: "row", texto: celda }) : el("td", { clase: "num", texto: celda });
      }));
    }));
    return el("div", { clase: "tabla-contenedor" }, [
      el("table", { clase: "tabla-datos" }, [
        el("caption", { texto: titulo }),
        el("thead", {}, [el("tr", {}, encabezados.map(function (e, i) {
          return el("th", { scope: "col", clase: i ? "num" : null, texto: e });
        }))]),
        cuerpo,
        pie ? el("tfoot", {}, [el("tr", {}, pie.map(function (celda, i) {
          return i === 0 ? el("th", { scope: "row", texto: celda }) : el("td", { clase: "num", texto: celda });
        }))]) : null
      ])
    ]);
  }

  function parte(valor, total) {
    return total ? formatoPorcentaje.format(valor / total) : "—";
  }

  function tablaConPorcentaje(titulo, encabezado, filas) {
    var total = filas.reduce(function (s, f) { return s + f.valor; }, 0);
    return tabla(titulo, [encabezado, "Casos", "Porcentaje"],
      filas.map(function (f) { return [f.etiqueta, numero(f.valor), parte(f.valor, total)]; }),
      ["Total", numero(total), total ? formatoPorcentaje.format(1) : "—"]);
  }

  /* ---------- Datos de cada gráfica ---------- */

  function pares(objeto) {
    var o = objeto && typeof objeto === "object" ? objeto : {};
    return Object.keys(o).map(function (k) { return { clave: k, etiqueta: k, valor: entero(o[k]) }; });
  }

  /** Primero las claves conocidas (en su orden, aunque valgan 0) y luego las que no se conocían. */
  function enOrden(objeto, conocidas) {
    var o = objeto && typeof objeto === "object" ? objeto : {};
    var filas = conocidas.map(function (c) { return { clave: c[0], etiqueta: c[1], valor: entero(o[c[0]]) }; });
    Object.keys(o).forEach(function (k) {
      if (!conocidas.some(function (c) { return c[0] === k; })) filas.push({ clave: k, etiqueta: k, valor: entero(o[k]) });
    });
    return filas;
  }

  function etiquetaIntervalo(lista, i) {
    var h = lista[i].hasta_horas;
    var anterior = i > 0 ? lista[i - 1].hasta_horas : 0;
    if (typeof h !== "number") return { corta: "> " + numero(anterior), larga: "Más de " + numero(anterior) + " h" };
    return { corta: numero(anterior) + "–" + numero(h), larga: "Más de " + numero(anterior) + " y hasta " + numero(h) + " h" };
  }

  function seccion(id) {
    var s = $(id);
    return { lienzo: s.querySelector("[data-lienzo]"), datos: s.querySelector("[data-datos]") };
  }

  function pintarGraficas(d) {
    var tipo = seccion("grafica-tipo");
    var filasTipo = pares(d.por_tipo).sort(function (a, b) { return b.valor - a.valor || a.etiqueta.localeCompare(b.etiqueta, "es"); });
    barrasHorizontales(tipo.lienzo, filasTipo, "Casos por tipo", "casos");
    BP.vaciar(tipo.datos);
    tipo.datos.appendChild(tablaConPorcentaje("Casos por tipo", "Tipo", filasTipo));
    var categorias = $("detalle-categorias").querySelector("[data-categorias]");
    BP.vaciar(categorias);
    var filasCat = pares(d.por_categoria).map(function (f) {
      return { etiqueta: nombresCategoria[f.clave] || f.clave.replace("/", " / ").replace(/_/g, " "), valor: f.valor };
    }).sort(function (a, b) { return b.valor - a.valor || a.etiqueta.localeCompare(b.etiqueta, "es"); });
    categorias.appendChild(tablaConPorcentaje("Casos por tipo y categoría", "Tipo y categoría", filasCat));

    var canal = seccion("grafica-canal");
    var filasCanal = enOrden(d.por_canal, CANALES);
    barrasHorizontales(canal.lienzo, filasCanal, "Casos por canal", "casos");
    BP.vaciar(canal.datos);
    canal.datos.appendChild(tablaConPorcentaje("Casos por canal", "Canal", filasCanal));

    var estado = seccion("grafica-estado");
    var filasEstado = enOrden(d.por_estado, ESTADOS.map(function (e) { return [e, e]; }));
    barrasHorizontales(estado.lienzo, filasEstado, "Estados alcanzados", "veces");
    BP.vaciar(estado.datos);
    estado.datos.appendChild(tabla("Estados alcanzados en el periodo", ["Estado", "Veces"],
      filasEstado.map(function (f) { return [f.etiqueta, numero(f.valor)]; })));

    var csat = seccion("grafica-csat");
    var filasCsat = enOrden(d.csat_distribucion, [1, 2, 3, 4, 5].map(function (n) { return [String(n), String(n)]; }))
      .map(function (f) {
        var nombre = CALIFICACIONES[f.clave];
        return { etiqueta: f.etiqueta, sub: nombre || "", titulo: nombre ? f.etiqueta + " (" + nombre + ")" : f.etiqueta, valor: f.valor };
      });
    columnas(csat.lienzo, filasCsat.map(function (f) {
      return { etiqueta: f.etiqueta, sub: f.sub, titulo: f.titulo, valor: f.valor };
    }), "Respuestas por calificación", { unidad: "respuestas", vacio: "Sin respuestas a la encuesta en este periodo.", clase: "grafica__barra--csat" });
    BP.vaciar(csat.datos);
    var totalCsat = filasCsat.reduce(function (s, f) { return s + f.valor; }, 0);
    csat.datos.appendChild(tabla("Respuestas a la encuesta por calificación", ["Calificación", "Respuestas", "Porcentaje"],
      filasCsat.map(function (f) { return [f.titulo, numero(f.valor), parte(f.valor, totalCsat)]; }),
      ["Total", numero(totalCsat), totalCsat ? formatoPorcentaje.format(1) : "—"]));

    var tiempo = seccion("grafica-tiempo");
    var lista = (Array.isArray(d.tiempo_resolucion) ? d.tiempo_resolucion : []).filter(function (i) { return i && typeof i === "object"; });
    var filasTiempo = lista.map(function (i, k) {
      var e = etiquetaIntervalo(lista, k);
      return { etiqueta: e.corta, titulo: e.larga, valor: entero(i.casos) };
    });
    columnas(tiempo.lienzo, filasTiempo.map(function (f) {
      return { etiqueta: f.etiqueta, titulo: f.titulo, valor: f.valor };
    }), "Casos resueltos por horas hábiles", {
      pegadas: true, unidad: "casos", eje: "Horas hábiles hasta resolver", alto: 260,
      vacio: "Sin casos resueltos en este periodo.", clase: "grafica__barra--tiempo"
    });
    BP.vaciar(tiempo.datos);
    var totalTiempo = filasTiempo.reduce(function (s, f) { return s + f.valor; }, 0);
    var acumulado = 0;
    tiempo.datos.appendChild(tabla("Casos resueltos por horas hábiles", ["Horas hábiles", "Casos", "Acumulado"],
      filasTiempo.map(function (f) {
        acumulado += f.valor;
        return [f.titulo, numero(f.valor), parte(acumulado, totalTiempo)];
      }),
      ["Total", numero(totalTiempo), totalTiempo ? formatoPorcentaje.format(1) : "—"]));
  }

  /** Tasa de un objeto {cumplidos, total, tasa}: «75 % (3 de 4)»; «—» sin casos. */
  function textoTasa(t) {
    if (!t || typeof t !== "object" || typeof t.tasa !== "number") return "—";
    return formatoPorcentaje.format(t.tasa) + " (" + numero(t.cumplidos) + " de " + numero(t.total) + ")";
  }

  function decimal(n) {
    return typeof n === "number" && isFinite(n) ? formatoDecimal.format(n) : "—";
  }

  /** Por agente y por departamento: volumen, primer contacto, SLA, CSAT y tiempo de resolución. */
  function pintarDesempeno(d) {
    [["desempeno-agentes", d.por_agente, "Agente", "Casos por agente"],
      ["desempeno-departamentos", d.por_departamento, "Departamento", "Casos por departamento"]].forEach(function (x) {
      var cont = $(x[0]).querySelector("[data-tabla]");
      BP.vaciar(cont);
      var filas = (Array.isArray(x[1]) ? x[1] : []).filter(function (f) { return f && typeof f === "object"; });
      if (!filas.length) {
        cont.appendChild(el("p", { clase: "grafica__vacio", texto: "Sin casos atendidos en este periodo." }));
        return;
      }
      cont.appendChild(tabla(x[3], [x[2], "Abiertos", "Resueltos", "Primer contacto", "SLA interno", "Plazo legal",
        "Horas hábiles promedio", "CSAT", "Escalamientos recibidos"],
      filas.map(function (f) {
        return [String(f.nombre || f.clave || "—"), numero(entero(f.registrados)), numero(entero(f.resueltos)),
          textoTasa(f.primer_contacto), textoTasa(f.sla_interno), textoTasa(f.sla_legal),
          decimal(f.tiempo_resolucion_promedio_horas),
          typeof f.csat_promedio === "number" ? decimal(f.csat_promedio) + " de 5" : "—",
          numero(entero(f.recibidos))];
      })));
    });
  }

  /** Un periodo inválido o un error: el reporte anterior no se queda debajo del mensaje. */
  function limpiarReporte() {
    actual = null;
    $("reporte").hidden = true;
    $("titulo-resultado").textContent = "";
    $("estado-reporte").textContent = "";
  }

  function pintar(d, desde, hasta) {
    var titulo = "Reporte " + textoPeriodo(desde, hasta);
    $("titulo-resultado").textContent = titulo;
    $("error-csv").hidden = true;
    $("reporte").hidden = false; // visible antes de dibujar: las gráficas miden su ancho y sus textos
    pintarIndicadores(d);
    pintarGraficas(d);
    pintarDesempeno(d);
    anchoDibujado = $("graficas").clientWidth;
  }

  function redibujarAlCambiarAncho() {
    var graficas = $("graficas");
    var pendiente = false;
    var alCambiar = function () {
      if (pendiente) return;
      pendiente = true;
      window.requestAnimationFrame(function () {
        pendiente = false;
        var ancho = graficas.clientWidth;
        if (!actual || $("reporte").hidden || ancho === anchoDibujado) return;
        anchoDibujado = ancho;
        pintarGraficas(actual.datos);
      });
    };
    if (typeof ResizeObserver !== "undefined") new ResizeObserver(alCambiar).observe(graficas);
    else window.addEventListener("resize", alCambiar);
  }

  /** Nombres legibles de "tipo/categoría" (el catálogo es público; si falla, se usan las claves). */
  function cargarCatalogo() {
    BP.pedir("/api/catalogo").then(function (c) {
      (Array.isArray(c.tipos) ? c.tipos : []).forEach(function (t) {
        (Array.isArray(t.categorias) ? t.categorias : []).forEach(function (cat) {
          if (t && cat && typeof t.clave === "string" && typeof cat.clave === "string") {
            nombresCategoria[t.clave + "/" + cat.clave] = String(t.nombre || t.clave) + " / " + String(cat.nombre || cat.clave);
          }
        });
      });
      if (actual) pintarGraficas(actual.datos);
    }).catch(function () { /* se quedan las claves */ });
  }

  /* ---------- Inicio ---------- */

  /*
   * La sesión compartida entre pestañas (ver consola.js): sin sesión propia, se pide a otra pestaña de la consola
   * por el BroadcastChannel del mismo origen; «Salir» aquí cierra también las demás.
   */
  var canal = null;
  try { if (typeof window.BroadcastChannel === "function") canal = new window.BroadcastChannel("bp.consola.sesion"); } catch (e) { canal = null; }

  function pedirSesion(listo) {
    if (!canal) { listo(null); return; }
    var hecho = false;
    var fin = function (s) { if (!hecho) { hecho = true; listo(s); } };
    canal.onmessage = function (ev) {
      var m = ev && ev.data;
      if (m && m.tipo === "sesion" && m.sesion && typeof m.sesion.token === "string" && msHastaVencer(m.sesion) > 0) {
        fin(m.sesion);
      }
    };
    setTimeout(function () { fin(null); }, 400);
    try { canal.postMessage({ tipo: "pedir" }); } catch (e) { fin(null); }
  }

  function escucharCanal() {
    if (!canal) return;
    canal.onmessage = function (ev) {
      var m = ev && ev.data;
      if (!m || !sesion) return;
      if (m.tipo === "pedir" && msHastaVencer(sesion) > 0) {
        canal.postMessage({ tipo: "sesion", sesion: sesion });
      } else if (m.tipo === "salir" && (!m.usuario || m.usuario === sesion.usuario)) {
        irAEntrada(false);
      }
    };
  }

  function iniciar() {
    var guardada = leerSesion();
    if (!guardada || msHastaVencer(guardada) <= 0) {
      pedirSesion(function (s) {
        if (!s) { irAEntrada(!!guardada); return; }
        try { window.sessionStorage.setItem(CLAVE_SESION, JSON.stringify(s)); } catch (e) { /* modo privado */ }
        iniciar();
      });
      return;
    }
    sesion = guardada;
    escucharCanal();
    var ms = msHastaVencer(sesion);
    if (ms !== Infinity) setTimeout(function () { irAEntrada(true); }, Math.max(0, Math.min(ms, 2147483000)));
    mostrarAgente();
    $("boton-salir").addEventListener("click", function () {
      if (canal) { try { canal.postMessage({ tipo: "salir", usuario: sesion && sesion.usuario }); } catch (e) { /* nada */ } }
      irAEntrada(false);
    });

    if (sesion.rol && sesion.rol !== "supervisores") {
      sinPermiso();
      return;
    }

    gestor = BP.crearGestorErrores({
      resumen: $("errores-periodo"),
      campos: {
        desde: { control: $("desde"), grupo: $("grupo-desde"), error: $("error-desde") },
        hasta: { control: $("hasta"), grupo: $("grupo-hasta"), error: $("error-hasta") }
      }
    });

    var h = hoy();
    $("desde").max = h;
    $("hasta").max = h;
    var pedidoDesde = BP.parametro("desde");
    var pedidoHasta = BP.parametro("hasta");
    var inicial = fechaValida(pedidoDesde) && fechaValida(pedidoHasta)
      ? { desde: pedidoDesde, hasta: pedidoHasta }
      : periodoRapido(30);
    $("desde").value = inicial.desde;
    $("hasta").value = inicial.hasta;
    marcarRapidos();

    $("form-periodo").addEventListener("submit", alEnviar);
    ["desde", "hasta"].forEach(function (id) {
      $(id).addEventListener("input", marcarRapidos);
      $(id).addEventListener("change", function () {
        marcarRapidos();
        if (gestor.tieneError(id)) gestor.limpiarCampo(id);
      });
    });
    document.querySelectorAll("[data-dias]").forEach(function (boton) {
      boton.addEventListener("click", function () {
        var p = periodoRapido(parseInt(boton.getAttribute("data-dias"), 10));
        $("desde").value = p.desde;
        $("hasta").value = p.hasta;
        marcarRapidos();
        cargar(p.desde, p.hasta);
      });
    });
    $("boton-csv").addEventListener("click", descargarCsv);

    $("bloque-reporte").hidden = false;
    redibujarAlCambiarAncho();
    cargarCatalogo();
    cargar(inicial.desde, inicial.hasta);
  }

  document.addEventListener("DOMContentLoaded", iniciar);
})();
