/*
 * Blue Point · Consola de agentes — núcleo: sesión, llamadas a la API con token, vistas y utilidades.
 * Depende de /js/comun.js (BP) y /consola/consola-sesion.js (SesionConsola). Expone `window.Consola` para consola-llamada.js, consola-casos.js y consola-retos.js.
 * Regla de la casa: todo lo que viene del servidor se inserta con textContent (BP.el / BP.vaciar).
 */
(function () {
  "use strict";

  var BP = window.BP;
  var el = BP.el;
  var $ = function (id) { return document.getElementById(id); };

  var MENSAJE_VENCIDA = "Tu sesión venció; vuelve a entrar.";
  var NOMBRES_ROL = { asesores: "Asesor", supervisores: "Supervisor", departamentos: "Departamento" };
  var ESTADOS = {
    registrado: "Registrado", en_proceso: "En proceso", escalado: "Escalado",
    resuelto: "Resuelto", cerrado: "Cerrado", reabierto: "Reabierto"
  };

  var sesion = null;
  var temporizadorSesion = null;
  var modulos = [];
  var catalogoPromesa = null;
  var gestorEntrar = null;

  /* ---------- Sesión (consola-sesion.js: sessionStorage y el canal entre pestañas) ---------- */

  var S = window.SesionConsola;
  var leerSesion = S.leer;
  var guardarSesion = S.guardar;
  var borrarSesion = S.borrar;
  var msHastaVencer = S.msHastaVencer;
  var sesionValida = S.valida;
  var copiaSesion = S.copia;
  var canal = { difundir: function () {}, pedir: function () { return Promise.resolve(null); } };

  /* ---------- Sesión entre pestañas ---------- */

  /**
   * Una pestaña nueva pide la sesión a las vivas (consola-sesion.js contesta a las que la piden); salir en una
   * pestaña cierra la sesión en todas.
   */
  function abrirCanal() {
    canal = S.conectar(function () { return sesion; }, alMensajeCanal);
  }

  function difundir(mensaje) {
    canal.difundir(mensaje);
  }

  function alMensajeCanal(m) {
    if (m.tipo === "sesion") {
      if (sesion || !sesionValida(m.sesion)) return;
      if (!$("vista-entrar").hidden && !$("usuario").value && !$("contrasena").value) {
        // Otra pestaña inició sesión mientras esta mostraba la entrada vacía: se entra con la misma.
        adoptar(m.sesion);
      }
    } else if (m.tipo === "salir") {
      if (sesion && (!m.usuario || m.usuario === sesion.usuario)) cerrarSesion("Cerraste tu sesión en otra pestaña.", true);
    } else if (m.tipo === "actualizar") {
      if (sesion && sesionValida(m.sesion) && m.sesion.usuario === sesion.usuario) {
        sesion = copiaSesion(m.sesion);
        guardarSesion(sesion);
        programarVencimiento();
      }
    }
  }

  function adoptar(s) {
    sesion = copiaSesion(s);
    guardarSesion(sesion);
    programarVencimiento();
    mostrarTrabajo();
  }

  /** Pide la sesión a otras pestañas; resuelve con ella o con null si nadie contesta a tiempo. */
  function pedirSesion() {
    return canal.pedir();
  }

  /** Cierra la sesión local y vuelve a la entrada con un aviso (o sin él). */
  function cerrarSesion(aviso, desdeOtraPestana) {
    var habia = !!sesion;
    var usuario = sesion && sesion.usuario;
    if (habia && !desdeOtraPestana) difundir({ tipo: "salir", usuario: usuario });
    sesion = null;
    borrarSesion();
    clearTimeout(temporizadorSesion);
    modulos.forEach(function (m) { if (m.alSalir) m.alSalir(); });
    mostrarEntrada(aviso || "");
    if (habia && aviso) BP.anunciar(aviso);
  }

  function programarVencimiento() {
    clearTimeout(temporizadorSesion);
    var ms = msHastaVencer(sesion);
    if (ms === Infinity) return;
    // setTimeout no admite más de ~24.8 días; una sesión dura horas.
    temporizadorSesion = setTimeout(function () { cerrarSesion(MENSAJE_VENCIDA); }, Math.max(0, Math.min(ms, 2147483000)));
  }

  /* ---------- API con token ---------- */

  /**
   * Como BP.pedir, con `Authorization: Bearer`. Un 401 cierra la sesión y lleva a la entrada;
   * el error que se lanza trae `sesionVencida = true` para que quien llamó no muestre nada más.
   */
  function api(ruta, opciones) {
    var o = opciones || {};
    if (!sesion) {
      var sin = new BP.ErrorApi("cliente", 401, null);
      sin.sesionVencida = true;
      cerrarSesion(MENSAJE_VENCIDA);
      return Promise.reject(sin);
    }
    var encabezados = {};
    Object.keys(o.encabezados || {}).forEach(function (k) { encabezados[k] = o.encabezados[k]; });
    encabezados.Authorization = "Bearer " + sesion.token;
    return BP.pedir(ruta, { metodo: o.metodo, cuerpo: o.cuerpo, encabezados: encabezados, limiteMs: o.limiteMs })
      .catch(function (error) {
        if (error && error.status === 401) {
          error.sesionVencida = true;
          cerrarSesion(MENSAJE_VENCIDA);
        }
        throw error;
      });
  }

  /** Texto para un error de la API que no es de un campo concreto. */
  function mensajeError(error, predeterminado) {
    if (!error) return predeterminado || "Algo salió mal.";
    if (error.tipo === "red") return "No hay conexión con el servidor. Revisa tu red e intenta de nuevo.";
    if (error.status === 403) return error.mensaje || "Tu grupo no tiene permiso para esta acción.";
    if (error.status === 503 && error.mensaje) return error.mensaje;
    if (error.tipo === "cliente" && error.mensaje) return error.mensaje;
    if (error.tipo === "servidor") return "El servidor no pudo completar la operación. Intenta de nuevo en unos momentos.";
    return predeterminado || "No se pudo completar la operación.";
  }

  /** Muestra un ErrorApi en un gestor de errores de BP (campos marcados y resumen). */
  function mostrarErrorEn(gestor, error, predeterminado) {
    if (!error || error.sesionVencida) return;
    if (error.tipo === "cliente" && error.status !== 403) {
      gestor.mostrar(error.mensaje || "Revisa los datos marcados.", error.campos);
    } else {
      gestor.mostrar(mensajeError(error, predeterminado), []);
    }
  }

  /* ---------- Catálogo ---------- */

  function catalogo() {
    if (!catalogoPromesa) {
      catalogoPromesa = BP.pedir("/api/catalogo").then(function (c) {
        if (!c || !Array.isArray(c.tipos)) throw new BP.ErrorApi("servidor", 200, null);
        return c;
      });
      catalogoPromesa.catch(function () { catalogoPromesa = null; });
    }
    return catalogoPromesa;
  }

  /* ---------- Utilidades de presentación ---------- */

  var formatoPesos = (typeof Intl !== "undefined" && Intl.NumberFormat)
    ? new Intl.NumberFormat("es-MX", { style: "currency", currency: "MXN", minimumFractionDigits: 2, maximumFractionDigits: 2 })
    : null;

  /** 1234.5 o "1234.50" → "$1,234.50". */
  function pesos(valor) {
    var n = typeof valor === "number" ? valor : parseFloat(String(valor == null ? "" : valor).replace(/[^\d.\-]/g, ""));
    if (!isFinite(n)) return "";
    if (formatoPesos) return formatoPesos.format(n).replace(/^MX\$/, "$");
    return "$" + n.toFixed(2);
  }

  function numero(valor) {
    var n = typeof valor === "number" ? valor : parseFloat(String(valor == null ? "" : valor));
    return isFinite(n) ? n : null;
  }

  function texto(v) {
    return typeof v === "string" && v.trim() ? v.trim() : "";
  }

  /** "+525512345678", "5512345678" → "551 234 5678"; otro formato se deja tal cual. */
  function telefonoLegible(valor) {
    var d = BP.soloDigitos(valor);
    if (d.length === 12 && d.slice(0, 2) === "52") d = d.slice(2);
    else if (d.length === 13 && d.slice(0, 3) === "521") d = d.slice(3);
    return d.length === 10 ? BP.formatearTelefono(d) : texto(valor);
  }

  function nombreEstado(clave, nombre) {
    return texto(nombre) || ESTADOS[clave] || String(clave || "");
  }

  /** Insignia de estado (reutiliza .insignia--<estado> de estilos.css). */
  function insigniaEstado(clave, nombre, nodo) {
    var span = nodo || el("span");
    span.className = "insignia insignia--" + String(clave || "").replace(/[^a-z_]/g, "");
    span.textContent = nombreEstado(clave, nombre);
    return span;
  }

  function folioLegible(datos) {
    return texto(datos && datos.folio_legible) || BP.formatearFolio(BP.soloDigitos(datos && datos.folio));
  }

  /** <time> si la fecha ISO es válida; si no, solo el texto. */
  function fecha(textoFecha, iso) {
    var t = texto(textoFecha) || texto(iso);
    if (typeof iso === "string" && /^\d{4}-\d{2}-\d{2}/.test(iso)) return el("time", { datetime: BP.fechaHtml(iso) }, [t]);
    return document.createTextNode(t);
  }

  /** Botón con girador: estado ocupado accesible. */
  function ocupado(boton, activo, textoOcupado) {
    var etiqueta = boton.querySelector(".boton__texto");
    if (etiqueta && !boton.getAttribute("data-texto")) boton.setAttribute("data-texto", etiqueta.textContent);
    boton.disabled = activo;
    boton.classList.toggle("boton--cargando", activo);
    if (etiqueta) etiqueta.textContent = activo ? textoOcupado : boton.getAttribute("data-texto");
    var form = boton.form;
    if (form) form.setAttribute("aria-busy", activo ? "true" : "false");
  }

  /** Copia texto al portapapeles (con respaldo para contextos sin Clipboard API). */
  function copiar(textoACopiar) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(textoACopiar).catch(function () { return copiarRespaldo(textoACopiar); });
    }
    return copiarRespaldo(textoACopiar);
  }

  function copiarRespaldo(textoACopiar) {
    return new Promise(function (resolver, rechazar) {
      var area = el("textarea", { readonly: "readonly", clase: "sr-only", "aria-hidden": "true" });
      area.value = textoACopiar;
      document.body.appendChild(area);
      var activo = document.activeElement;
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      document.body.removeChild(area);
      if (activo && activo.focus) activo.focus({ preventScroll: true });
      if (ok) resolver(); else rechazar(new Error("copiar"));
    });
  }

  function radioMarcado(form, nombre) {
    var r = form.querySelector('input[name="' + nombre + '"]:checked');
    return r ? r.value : "";
  }

  /** Primer radio marcado o el primero del grupo (para el gestor de errores). */
  function primerRadio(form, nombre) {
    return function () {
      return form.querySelector('input[name="' + nombre + '"]:checked') || form.querySelector('input[name="' + nombre + '"]');
    };
  }

  function problemaTexto(t) {
    if (BP.contieneControl(t)) return "Contiene caracteres no permitidos.";
    if (BP.contieneHtml(t)) return "No incluyas etiquetas HTML ni código; escribe solo texto.";
    return "";
  }

  /* ---------- Vistas ---------- */

  function mostrarEntrada(aviso) {
    $("vista-trabajo").hidden = true;
    $("barra-agente").hidden = true;
    $("vista-entrar").hidden = false;
    document.body.classList.add("consola--entrada");
    var form = $("form-entrar");
    form.reset();
    form.hidden = false;
    $("intro-entrar").hidden = false;
    if (window.Consola.retos) window.Consola.retos.reiniciar();
    $("contrasena").type = "password";
    if (gestorEntrar) gestorEntrar.limpiar();
    var caja = $("aviso-sesion");
    caja.textContent = aviso || "";
    caja.hidden = !aviso;
    $("usuario").focus();
  }

  function mostrarTrabajo() {
    $("vista-entrar").hidden = true;
    document.body.classList.remove("consola--entrada");
    var nombre = texto(sesion.nombre) || texto(sesion.usuario);
    $("agente-nombre").textContent = nombre;
    // Si el nombre es el mismo usuario, no se repite.
    $("agente-usuario").textContent = texto(sesion.usuario);
    $("agente-usuario-bloque").hidden = !texto(sesion.usuario) || texto(sesion.usuario) === nombre;
    $("agente-rol").textContent = NOMBRES_ROL[sesion.rol] || texto(sesion.rol);
    $("barra-agente").hidden = false;
    var atiende = puedeAtenderLlamadas();
    $("panel-llamada").hidden = !atiende;
    $("vista-trabajo").classList.toggle("espacio--una-columna", !atiende);
    $("vista-trabajo").hidden = false;
    modulos.forEach(function (m) { if (m.alEntrar) m.alEntrar(sesion); });
  }

  function puedeAtenderLlamadas() {
    return !!sesion && sesion.rol !== "departamentos";
  }

  /* ---------- Entrada ---------- */

  function alEntrar(ev) {
    ev.preventDefault();
    var boton = $("boton-entrar");
    if (boton.disabled) return;
    var usuario = $("usuario").value.trim();
    var contrasena = $("contrasena").value;
    var lista = [];
    if (!usuario) lista.push({ campo: "usuario", mensaje: "Escribe tu usuario." });
    if (!contrasena) lista.push({ campo: "contrasena", mensaje: "Escribe tu contraseña." });
    $("aviso-sesion").hidden = true;
    if (lista.length) {
      gestorEntrar.mostrar("Faltan datos para entrar.", lista);
      return;
    }
    gestorEntrar.limpiar();
    ocupado(boton, true, "Entrando…");
    BP.pedir("/api/sesiones", { metodo: "POST", cuerpo: { usuario: usuario, contrasena: contrasena } })
      .then(function (datos) {
        ocupado(boton, false);
        $("contrasena").value = "";
        if (datos && typeof datos.reto === "string" && window.Consola.retos) {
          // Cognito pide un paso más (contraseña nueva, código o alta de la app): lo atiende consola-retos.js.
          window.Consola.retos.mostrar(datos, { usuario: usuario, contrasena: contrasena });
          return;
        }
        entrarCon(datos, usuario);
      })
      .catch(function (error) {
        ocupado(boton, false);
        $("contrasena").value = "";
        if (error && error.tipo === "cliente" && (error.status === 401 || error.status === 403)) {
          gestorEntrar.mostrar(error.mensaje || "El usuario o la contraseña no son correctos.", []);
        } else {
          mostrarErrorEn(gestorEntrar, error, "No se pudo entrar.");
        }
      });
  }

  /** Abre el espacio de trabajo con una `Sesion` de la API. */
  function entrarCon(datos, usuarioEscrito) {
    if (!datos || typeof datos.token !== "string" || !datos.token) throw new BP.ErrorApi("servidor", 200, null);
    sesion = {
      token: datos.token,
      expira: datos.expira,
      rol: datos.rol,
      usuario: datos.usuario || usuarioEscrito,
      nombre: datos.nombre || datos.usuario || usuarioEscrito,
      verificacion_dos_pasos: datos.verificacion_dos_pasos === true
    };
    guardarSesion(sesion);
    programarVencimiento();
    mostrarTrabajo();
    difundir({ tipo: "sesion", sesion: copiaSesion(sesion) });
    BP.anunciar("Sesión iniciada como " + (sesion.nombre || sesion.usuario) + ".");
  }

  /** Cambia el token de la sesión abierta (p. ej. al activar la verificación en dos pasos) sin salir del trabajo. */
  function actualizarSesion(datos) {
    if (!sesion || !datos || typeof datos.token !== "string" || !datos.token) return;
    sesion.token = datos.token;
    sesion.expira = datos.expira;
    sesion.verificacion_dos_pasos = datos.verificacion_dos_pasos === true;
    guardarSesion(sesion);
    programarVencimiento();
    difundir({ tipo: "actualizar", sesion: copiaSesion(sesion) });
    modulos.forEach(function (m) { if (m.alActualizar) m.alActualizar(sesion); });
  }

  /* ---------- Inicio ---------- */

  function iniciar() {
    gestorEntrar = BP.crearGestorErrores({
      resumen: $("errores-entrar"),
      campos: {
        usuario: { control: $("usuario"), grupo: $("grupo-usuario"), error: $("error-usuario") },
        contrasena: { control: $("contrasena"), grupo: $("grupo-contrasena"), error: $("error-contrasena") }
      }
    });
    $("form-entrar").addEventListener("submit", alEntrar);
    $("mostrar-contrasena").addEventListener("change", function (ev) {
      $("contrasena").type = ev.target.checked ? "text" : "password";
    });
    $("boton-salir").addEventListener("click", function () {
      cerrarSesion("Cerraste tu sesión.");
    });

    modulos.forEach(function (m) { if (m.iniciar) m.iniciar(); });
    abrirCanal();

    var guardada = leerSesion();
    if (guardada && msHastaVencer(guardada) > 0) {
      sesion = guardada;
      programarVencimiento();
      mostrarTrabajo();
      return;
    }
    if (guardada) borrarSesion();
    mostrarEntrada(guardada ? MENSAJE_VENCIDA : "");
    // Una pestaña nueva: si otra ya tiene la sesión, se usa la misma en vez de pedir otro inicio (si el agente
    // aún no empezó a escribir en la entrada).
    pedirSesion().then(function (s) {
      if (s && !sesion && !$("usuario").value && !$("contrasena").value) adoptar(s);
    });
  }

  window.Consola = {
    registrar: function (modulo) { modulos.push(modulo); },
    api: api,
    entrarCon: entrarCon,
    mostrarEntrada: mostrarEntrada,
    actualizarSesion: actualizarSesion,
    // consola-retos.js lo llena: pasos de Cognito al entrar y verificación en dos pasos.
    retos: null,
    sesion: function () { return sesion; },
    puedeAtenderLlamadas: puedeAtenderLlamadas,
    catalogo: catalogo,
    mensajeError: mensajeError,
    mostrarErrorEn: mostrarErrorEn,
    pesos: pesos,
    numero: numero,
    texto: texto,
    telefonoLegible: telefonoLegible,
    nombreEstado: nombreEstado,
    insigniaEstado: insigniaEstado,
    folioLegible: folioLegible,
    fecha: fecha,
    ocupado: ocupado,
    copiar: copiar,
    radioMarcado: radioMarcado,
    primerRadio: primerRadio,
    problemaTexto: problemaTexto,
    ESTADOS: ESTADOS
  };

  document.addEventListener("DOMContentLoaded", iniciar);
})();
