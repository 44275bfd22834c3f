/*
 * Blue Point · Consola de agentes — los pasos de Cognito al entrar y la verificación en dos pasos.
 *
 * POST /api/sesiones puede responder un reto en vez de la sesión:
 *   - nueva_contrasena: primer inicio (o contraseña restablecida); se explica la política y se pide la nueva;
 *   - codigo_totp: la cuenta tiene verificación en dos pasos; se pide el código de la app;
 *   - configurar_totp: hay que dar de alta la app (obligatorio para supervisores en AWS, o pedido por el agente):
 *     se dibuja el QR con elementos SVG (sin imágenes data: ni HTML armado) y se muestra la clave en texto.
 * Cada respuesta va a POST /api/sesiones/retos, que devuelve la sesión o el reto que sigue.
 * La contraseña sólo se guarda en memoria mientras dura el reto configurar_totp sin sesión de Cognito
 * (la API la pide para confirmar el primer código) y se borra al terminar o cancelar.
 */
(function () {
  "use strict";

  var BP = window.BP;
  var Consola = window.Consola;
  var el = BP.el;
  var $ = function (id) { return document.getElementById(id); };
  var SVG_NS = "http://www.w3.org/2000/svg";
  var MARGEN_QR = 4;
  var PASOS = ["paso-nueva-contrasena", "paso-codigo-totp", "paso-configurar-totp"];

  // El reto en curso: { usuario, contrasena, reto, sesion }.
  var pendiente = null;
  var gestores = {};

  /* ---------- Utilidades ---------- */

  function limpiarCodigo(valor) {
    return String(valor || "").replace(/[\s-]/g, "");
  }

  function problemaCodigo(codigo) {
    if (!codigo) return "Escribe el código de 6 dígitos de tu app de autenticación.";
    if (!/^\d{6}$/.test(codigo)) return "El código tiene 6 dígitos, sin letras.";
    return "";
  }

  /** ¿Cumple la regla? Las claves vienen de la política que manda la API. */
  function cumple(clave, valor, minimo) {
    if (clave === "longitud") return valor.length >= minimo;
    if (clave === "mayuscula") return /[A-Z]/.test(valor);
    if (clave === "minuscula") return /[a-z]/.test(valor);
    if (clave === "numero") return /\d/.test(valor);
    if (clave === "simbolo") return /[\^$*.\[\]{}()?"!@#%&\/\\,><':;|_~`=+\-]/.test(valor) || / /.test(valor.trim());
    return true;
  }

  /** Dibuja el QR (filas de '0' y '1') como un <svg> con un solo <path>. */
  function dibujarQr(qr, idTitulo) {
    var n = qr && qr.tamano;
    var filas = qr && qr.filas;
    if (!n || !Array.isArray(filas) || filas.length !== n) return null;
    var trazos = [];
    for (var f = 0; f < n; f++) {
      var fila = filas[f];
      if (typeof fila !== "string" || fila.length !== n || /[^01]/.test(fila)) return null;
      for (var c = 0; c < n; c++) {
        if (fila.charAt(c) === "1") trazos.push("M" + (c + MARGEN_QR) + " " + (f + MARGEN_QR) + "h1v1h-1z");
      }
    }
    var total = n + 2 * MARGEN_QR;
    var svg = document.createElementNS(SVG_NS, "svg");
    svg.setAttribute("viewBox", "0 0 " + total + " " + total);
    svg.setAttribute("width", String(total * 5));
    svg.setAttribute("height", String(total * 5));
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-labelledby", idTitulo);
    svg.setAttribute("shape-rendering", "crispEdges");
    svg.setAttribute("class", "qr");
    var titulo = document.createElementNS(SVG_NS, "title");
    titulo.setAttribute("id", idTitulo);
    titulo.textContent = "Código QR para agregar Blue Point a tu app de autenticación";
    var fondo = document.createElementNS(SVG_NS, "rect");
    fondo.setAttribute("width", String(total));
    fondo.setAttribute("height", String(total));
    fondo.setAttribute("fill", "#ffffff");
    var modulos = document.createElementNS(SVG_NS, "path");
    modulos.setAttribute("d", trazos.join(""));
    modulos.setAttribute("fill", "#000000");
    svg.appendChild(titulo);
    svg.appendChild(fondo);
    svg.appendChild(modulos);
    return svg;
  }

  /** Instrucciones, QR, clave en texto (para teclearla) y enlace otpauth: para el paso de entrada y el diálogo. */
  function pintarConfiguracion(contenedor, reto, prefijo) {
    BP.vaciar(contenedor);
    if (reto.obligatorio) {
      contenedor.appendChild(el("div", { clase: "aviso aviso--info" }, [
        el("p", {}, ["Tu perfil necesita la verificación en dos pasos para entrar. Solo se configura una vez."])
      ]));
    }
    var pasos = el("ol", { clase: "configurar-totp__pasos" });
    pasos.appendChild(el("li", {}, [
      "Abre (o instala) una app de autenticación en tu teléfono: Google Authenticator, Microsoft Authenticator, 1Password u otra."
    ]));
    var qr = dibujarQr(reto.qr, prefijo + "-titulo-qr");
    var escanear = el("li", {}, [qr
      ? "En la app, agrega una cuenta y escanea este código:"
      : "En la app, agrega una cuenta con la clave de abajo."]);
    if (qr) escanear.appendChild(el("div", { clase: "configurar-totp__qr" }, [qr]));
    var clave = el("p", { clase: "configurar-totp__clave" }, [
      qr
        ? "¿No puedes escanearlo? Escribe esta clave en la app (tipo «basada en tiempo»): "
        : "Clave (tipo «basada en tiempo»): "
    ]);
    var secreto = el("code", { clase: "secreto-totp", id: prefijo + "-secreto" }, [String(reto.secreto_agrupado || "")]);
    clave.appendChild(secreto);
    escanear.appendChild(clave);
    var acciones = el("p", { clase: "configurar-totp__acciones" });
    var copiar = el("button", { type: "button", clase: "boton boton--secundario boton--chico" }, ["Copiar clave"]);
    copiar.addEventListener("click", function () {
      Consola.copiar(String(reto.secreto || "")).then(
        function () { BP.anunciar("Clave copiada."); copiar.textContent = "Clave copiada"; },
        function () { BP.anunciar("No se pudo copiar; selecciona la clave y cópiala a mano."); }
      );
    });
    acciones.appendChild(copiar);
    if (typeof reto.uri === "string" && reto.uri.indexOf("otpauth://") === 0) {
      acciones.appendChild(document.createTextNode(" "));
      acciones.appendChild(el("a", { href: reto.uri, clase: "configurar-totp__enlace" }, ["Abrir en la app de este teléfono"]));
    }
    escanear.appendChild(acciones);
    pasos.appendChild(escanear);
    pasos.appendChild(el("li", {}, ["Escribe abajo el código de 6 dígitos que muestra la app para Blue Point."]));
    contenedor.appendChild(pasos);
  }

  /* ---------- Pasos en la tarjeta de entrada ---------- */

  function ocultarPasos() {
    PASOS.forEach(function (id) { $(id).hidden = true; });
    Object.keys(gestores).forEach(function (k) { gestores[k].limpiar(); });
  }

  function reiniciar() {
    pendiente = null;
    ["nueva-contrasena", "confirmar-contrasena", "codigo-totp", "codigo-configurar"].forEach(function (id) {
      var control = $(id);
      if (control) control.value = "";
    });
    if ($("paso-nueva-contrasena")) ocultarPasos();
  }

  function abrirPaso(id) {
    $("form-entrar").hidden = true;
    $("intro-entrar").hidden = true;
    $("aviso-sesion").hidden = true;
    ocultarPasos();
    var paso = $(id);
    paso.hidden = false;
    var titulo = paso.querySelector("h2");
    titulo.focus();
    BP.anunciar(titulo.textContent + ".");
  }

  function pintarPolitica(politica) {
    var lista = $("reglas-contrasena");
    BP.vaciar(lista);
    $("politica-texto").textContent = (politica && politica.texto) || "";
    var reglas = (politica && Array.isArray(politica.reglas)) ? politica.reglas : [];
    reglas.forEach(function (r) {
      lista.appendChild(el("li", { "data-clave": r.clave, "data-minimo": String(politica.minimo || 12) }, [
        el("span", { clase: "sr-only", "data-estado": "" }, ["Falta: "]),
        String(r.texto || "")
      ]));
    });
    revisarReglas();
  }

  /** Marca en la lista lo que ya cumple la contraseña nueva (sin anunciarlo a cada tecla). */
  function revisarReglas() {
    var valor = $("nueva-contrasena").value;
    var faltan = [];
    Array.prototype.forEach.call($("reglas-contrasena").children, function (li) {
      var ok = cumple(li.getAttribute("data-clave"), valor, parseInt(li.getAttribute("data-minimo"), 10) || 12);
      li.classList.toggle("regla--cumple", ok);
      li.querySelector("[data-estado]").textContent = ok ? "Cumple: " : "Falta: ";
      if (!ok) faltan.push(li.textContent.replace(/^(Cumple|Falta): /, ""));
    });
    return faltan;
  }

  /** Muestra el reto que mandó la API; `contexto` trae el usuario y la contraseña vigente. */
  function mostrar(reto, contexto) {
    pendiente = {
      usuario: String(reto.usuario || contexto.usuario),
      contrasena: contexto.contrasena,
      reto: reto.reto,
      sesion: typeof reto.sesion === "string" ? reto.sesion : null
    };
    if (reto.reto === "nueva_contrasena") {
      pintarPolitica(reto.politica);
      abrirPaso("paso-nueva-contrasena");
    } else if (reto.reto === "codigo_totp") {
      abrirPaso("paso-codigo-totp");
    } else if (reto.reto === "configurar_totp") {
      pintarConfiguracion($("configurar-totp"), reto, "entrada");
      abrirPaso("paso-configurar-totp");
    } else {
      Consola.mostrarEntrada("Tu cuenta pide un paso que la consola no atiende; pide ayuda a tu supervisor.");
      return;
    }
    // Sin sesión de Cognito no hace falta guardar la contraseña, salvo para confirmar el alta de la app.
    if (!(reto.reto === "configurar_totp" && !pendiente.sesion)) pendiente.contrasena = null;
  }

  /** Lo que sigue tras responder un reto: la sesión, otro reto o un error. */
  function seguir(datos, contrasenaVigente) {
    if (datos && typeof datos.reto === "string") {
      mostrar(datos, { usuario: pendiente.usuario, contrasena: contrasenaVigente });
      return;
    }
    var usuario = pendiente.usuario;
    reiniciar();
    Consola.entrarCon(datos, usuario);
  }

  function fallo(gestor, error, boton) {
    Consola.ocupado(boton, false);
    if (error && error.codigo === "reto_vencido") {
      Consola.mostrarEntrada(error.mensaje || "Vuelve a iniciar sesión.");
      return;
    }
    if (error && error.codigo === "credenciales_invalidas") {
      Consola.mostrarEntrada("Tu contraseña cambió mientras tanto; vuelve a iniciar sesión.");
      return;
    }
    if (error && error.tipo === "cliente") {
      gestor.mostrar(error.mensaje || "Revisa los datos marcados.", error.campos);
    } else {
      Consola.mostrarErrorEn(gestor, error, "No se pudo completar este paso.");
    }
  }

  function responder(cuerpo, gestor, boton, contrasenaVigente) {
    Consola.ocupado(boton, true, "Verificando…");
    var datos = {};
    Object.keys(cuerpo).forEach(function (k) { datos[k] = cuerpo[k]; });
    datos.usuario = pendiente.usuario;
    return BP.pedir("/api/sesiones/retos", { metodo: "POST", cuerpo: datos })
      .then(function (r) {
        Consola.ocupado(boton, false);
        seguir(r, contrasenaVigente);
      })
      .catch(function (error) { fallo(gestor, error, boton); });
  }

  function alNuevaContrasena(ev) {
    ev.preventDefault();
    var boton = $("boton-nueva-contrasena");
    if (boton.disabled || !pendiente) return;
    var nueva = $("nueva-contrasena").value;
    var otra = $("confirmar-contrasena").value;
    var lista = [];
    var faltan = revisarReglas();
    if (!nueva) lista.push({ campo: "nueva_contrasena", mensaje: "Escribe tu contraseña nueva." });
    else if (faltan.length) lista.push({ campo: "nueva_contrasena", mensaje: "A tu contraseña le falta: " + faltan.join(" ") });
    else if (nueva !== nueva.trim()) lista.push({ campo: "nueva_contrasena", mensaje: "No empieces ni termines la contraseña con un espacio." });
    if (nueva && otra !== nueva) lista.push({ campo: "confirmar_contrasena", mensaje: "Las dos contraseñas no coinciden; escríbela igual las dos veces." });
    if (lista.length) {
      gestores.nueva.mostrar("Revisa tu contraseña nueva.", lista);
      return;
    }
    gestores.nueva.limpiar();
    responder({ reto: "nueva_contrasena", sesion: pendiente.sesion, nueva_contrasena: nueva }, gestores.nueva, boton, nueva);
  }

  function alCodigo(ev) {
    ev.preventDefault();
    var boton = $("boton-codigo-totp");
    if (boton.disabled || !pendiente) return;
    var codigo = limpiarCodigo($("codigo-totp").value);
    var problema = problemaCodigo(codigo);
    if (problema) {
      gestores.codigo.mostrar("Revisa el código.", [{ campo: "codigo", mensaje: problema }]);
      return;
    }
    gestores.codigo.limpiar();
    responder({ reto: "codigo_totp", sesion: pendiente.sesion, codigo: codigo }, gestores.codigo, boton, null)
      .then(function () { $("codigo-totp").value = ""; });
  }

  function alConfigurar(ev) {
    ev.preventDefault();
    var boton = $("boton-configurar-totp");
    if (boton.disabled || !pendiente) return;
    var codigo = limpiarCodigo($("codigo-configurar").value);
    var problema = problemaCodigo(codigo);
    if (problema) {
      gestores.configurar.mostrar("Revisa el código.", [{ campo: "codigo", mensaje: problema }]);
      return;
    }
    gestores.configurar.limpiar();
    var cuerpo = { reto: "configurar_totp", codigo: codigo };
    if (pendiente.sesion) cuerpo.sesion = pendiente.sesion;
    else cuerpo.contrasena = pendiente.contrasena;
    responder(cuerpo, gestores.configurar, boton, null).then(function () { $("codigo-configurar").value = ""; });
  }

  /* ---------- Activación voluntaria (diálogo) ---------- */

  var dialogo = { pendiente: null, gestorClave: null, gestorCodigo: null };

  function abrirDialogo() {
    var d = $("dialogo-dos-pasos");
    dialogo.pendiente = null;
    $("dos-pasos-confirmar").hidden = false;
    $("dos-pasos-configurar").hidden = true;
    $("dos-pasos-listo").hidden = true;
    $("form-dos-pasos").reset();
    $("form-dos-pasos-codigo").reset();
    dialogo.gestorClave.limpiar();
    dialogo.gestorCodigo.limpiar();
    if (typeof d.showModal === "function") d.showModal(); else d.setAttribute("open", "");
    $("dos-pasos-contrasena").focus();
  }

  function cerrarDialogo() {
    var d = $("dialogo-dos-pasos");
    dialogo.pendiente = null;
    $("dos-pasos-contrasena").value = "";
    if (typeof d.close === "function" && d.open) d.close(); else d.removeAttribute("open");
    $("boton-dos-pasos").focus();
  }

  function listoDialogo(texto) {
    $("dos-pasos-confirmar").hidden = true;
    $("dos-pasos-configurar").hidden = true;
    var listo = $("dos-pasos-listo");
    BP.vaciar(listo);
    listo.appendChild(el("p", {}, [texto]));
    listo.hidden = false;
    listo.focus();
    $("boton-dos-pasos").hidden = true;
  }

  function alConfirmarClave(ev) {
    ev.preventDefault();
    var boton = $("boton-dos-pasos-continuar");
    var s = Consola.sesion();
    if (boton.disabled || !s) return;
    var contrasena = $("dos-pasos-contrasena").value;
    if (!contrasena) {
      dialogo.gestorClave.mostrar("Falta tu contraseña.", [{ campo: "contrasena", mensaje: "Escribe tu contraseña para continuar." }]);
      return;
    }
    dialogo.gestorClave.limpiar();
    Consola.ocupado(boton, true, "Revisando…");
    BP.pedir("/api/sesiones", { metodo: "POST", cuerpo: { usuario: s.usuario, contrasena: contrasena, configurar_totp: true } })
      .then(function (r) {
        Consola.ocupado(boton, false);
        $("dos-pasos-contrasena").value = "";
        if (r && r.reto === "configurar_totp") {
          dialogo.pendiente = { usuario: String(r.usuario || s.usuario), contrasena: contrasena, sesion: r.sesion || null };
          pintarConfiguracion($("dos-pasos-qr"), r, "dialogo");
          $("dos-pasos-confirmar").hidden = true;
          $("dos-pasos-configurar").hidden = false;
          $("titulo-dos-pasos").focus();
          BP.anunciar("Escanea el código QR con tu app de autenticación y escribe el código que muestra.");
        } else {
          // codigo_totp (o una sesión con TOTP): ya la había activado, p. ej. en otra pestaña.
          listoDialogo("Tu cuenta ya tiene la verificación en dos pasos activa.");
        }
      })
      .catch(function (error) {
        Consola.ocupado(boton, false);
        $("dos-pasos-contrasena").value = "";
        if (error && error.tipo === "cliente" && error.status === 401) {
          dialogo.gestorClave.mostrar("La contraseña no es correcta.", [{ campo: "contrasena", mensaje: "Escribe tu contraseña actual." }]);
        } else {
          Consola.mostrarErrorEn(dialogo.gestorClave, error, "No se pudo continuar.");
        }
      });
  }

  function alActivar(ev) {
    ev.preventDefault();
    var boton = $("boton-dos-pasos-activar");
    if (boton.disabled || !dialogo.pendiente) return;
    var codigo = limpiarCodigo($("dos-pasos-codigo").value);
    var problema = problemaCodigo(codigo);
    if (problema) {
      dialogo.gestorCodigo.mostrar("Revisa el código.", [{ campo: "codigo", mensaje: problema }]);
      return;
    }
    dialogo.gestorCodigo.limpiar();
    var p = dialogo.pendiente;
    var cuerpo = { usuario: p.usuario, reto: "configurar_totp", codigo: codigo };
    if (p.sesion) cuerpo.sesion = p.sesion; else cuerpo.contrasena = p.contrasena;
    Consola.ocupado(boton, true, "Activando…");
    BP.pedir("/api/sesiones/retos", { metodo: "POST", cuerpo: cuerpo })
      .then(function (r) {
        Consola.ocupado(boton, false);
        $("dos-pasos-codigo").value = "";
        if (!r || typeof r.token !== "string") throw new BP.ErrorApi("servidor", 200, null);
        dialogo.pendiente = null;
        Consola.actualizarSesion(r);
        listoDialogo("Listo: la verificación en dos pasos quedó activa. Desde tu próximo inicio de sesión la consola te pedirá el código de la app.");
        BP.anunciar("Verificación en dos pasos activada.");
      })
      .catch(function (error) {
        Consola.ocupado(boton, false);
        if (error && (error.codigo === "reto_vencido" || error.codigo === "credenciales_invalidas")) {
          dialogo.pendiente = null;
          $("dos-pasos-configurar").hidden = true;
          $("dos-pasos-confirmar").hidden = false;
          dialogo.gestorClave.mostrar("Vuelve a confirmar tu contraseña para empezar de nuevo.", []);
          return;
        }
        if (error && error.tipo === "cliente") dialogo.gestorCodigo.mostrar(error.mensaje || "Revisa el código.", error.campos);
        else Consola.mostrarErrorEn(dialogo.gestorCodigo, error, "No se pudo activar.");
      });
  }

  /* ---------- Inicio ---------- */

  function gestor(resumen, campos) {
    var c = {};
    Object.keys(campos).forEach(function (clave) {
      var id = campos[clave];
      c[clave] = { control: $(id), grupo: $("grupo-" + id), error: $("error-" + id) };
    });
    return BP.crearGestorErrores({ resumen: $(resumen), campos: c });
  }

  function iniciar() {
    gestores.nueva = gestor("errores-nueva-contrasena", {
      nueva_contrasena: "nueva-contrasena",
      confirmar_contrasena: "confirmar-contrasena"
    });
    gestores.codigo = gestor("errores-codigo-totp", { codigo: "codigo-totp" });
    gestores.configurar = gestor("errores-configurar-totp", { codigo: "codigo-configurar" });
    dialogo.gestorClave = gestor("errores-dos-pasos", { contrasena: "dos-pasos-contrasena" });
    dialogo.gestorCodigo = gestor("errores-dos-pasos-codigo", { codigo: "dos-pasos-codigo" });

    $("form-nueva-contrasena").addEventListener("submit", alNuevaContrasena);
    $("form-codigo-totp").addEventListener("submit", alCodigo);
    $("form-configurar-totp").addEventListener("submit", alConfigurar);
    $("nueva-contrasena").addEventListener("input", revisarReglas);
    $("mostrar-nueva-contrasena").addEventListener("change", function (ev) {
      var tipo = ev.target.checked ? "text" : "password";
      $("nueva-contrasena").type = tipo;
      $("confirmar-contrasena").type = tipo;
    });
    document.querySelectorAll("[data-cancelar-reto]").forEach(function (b) {
      b.addEventListener("click", function () { Consola.mostrarEntrada(""); });
    });

    $("boton-dos-pasos").addEventListener("click", abrirDialogo);
    $("boton-dos-pasos-cerrar").addEventListener("click", cerrarDialogo);
    $("dialogo-dos-pasos").addEventListener("cancel", function () { dialogo.pendiente = null; });
    $("form-dos-pasos").addEventListener("submit", alConfirmarClave);
    $("form-dos-pasos-codigo").addEventListener("submit", alActivar);
  }

  function alEntrarTrabajo(s) {
    $("boton-dos-pasos").hidden = !s || s.verificacion_dos_pasos === true;
  }

  Consola.retos = { mostrar: mostrar, reiniciar: reiniciar };
  Consola.registrar({
    iniciar: iniciar,
    alEntrar: alEntrarTrabajo,
    alActualizar: alEntrarTrabajo,
    alSalir: function () {
      $("boton-dos-pasos").hidden = true;
      var d = $("dialogo-dos-pasos");
      if (d.open) cerrarDialogo();
    }
  });
})();
