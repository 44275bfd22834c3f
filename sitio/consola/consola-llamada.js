/*
 * Blue Point · Consola de agentes — llamada en curso: verificar la identidad y abrir un caso asistido.
 * Depende de /js/comun.js (BP) y /consola/consola.js (Consola).
 */
(function () {
  "use strict";

  var BP = window.BP;
  var C = window.Consola;
  var el = BP.el;
  var $ = function (id) { return document.getElementById(id); };

  var VIGENCIA_MS = 30 * 60 * 1000;
  var MIN_DESCRIPCION = 10, MAX_DESCRIPCION = 2000;
  var PREGUNTAS = {
    domicilio: {
      etiqueta: "Domicilio que da el cliente",
      ayuda: "Escríbelo como lo dice el cliente: calle, número, colonia y ciudad.",
      modo: "text"
    },
    ultimos4: {
      etiqueta: "Últimos 4 dígitos que da el cliente",
      ayuda: "Los 4 últimos dígitos de la tarjeta o cuenta con la que paga.",
      modo: "numeric"
    }
  };
  var AYUDA_MEDIO = {
    correo: "Correo",
    sms: "SMS",
    impreso: "Comprobante impreso",
    whatsapp: "WhatsApp"
  };
  // El texto de consentimiento de WhatsApp que el asesor lee (el del catálogo) y su versión.
  var versionConsentimiento = "";

  var formV, formC, resultadoV, resultadoC, gestorV, gestorC;
  var verificacion = null;   // {id, fin, cliente, usada, folio}
  var temporizador = null;
  var avisoCincoMin = false;
  var tiposPorClave = {};
  var claveIdempotencia = null;
  // Duda sin verificar: quien llama aún no es cliente o no tiene su contrato (sin datos de contrato).
  var sinVerificar = false;

  /* ====================== Paso 1: verificación ====================== */

  function actualizarPregunta() {
    var p = PREGUNTAS[C.radioMarcado(formV, "pregunta")] || PREGUNTAS.domicilio;
    $("etiqueta-respuesta").textContent = p.etiqueta;
    $("ayuda-respuesta").textContent = p.ayuda;
    $("verif-respuesta").setAttribute("inputmode", p.modo);
  }

  function validarVerificacion() {
    var lista = [];
    var contrato = BP.normalizarContrato($("verif-contrato").value.trim());
    if (!contrato) lista.push({ campo: "contrato", mensaje: "Escribe el número de contrato." });
    else if (!/^\d{6,12}$/.test(contrato)) {
      lista.push({ campo: "contrato", mensaje: "El contrato tiene de 6 a 12 dígitos, sin letras." });
    }
    var nombre = $("verif-nombre").value.trim();
    if (BP.longitud(nombre) < 3) lista.push({ campo: "nombre", mensaje: "Escribe el nombre completo del titular." });
    if (!C.radioMarcado(formV, "pregunta")) lista.push({ campo: "pregunta", mensaje: "Elige la pregunta de seguridad." });
    var respuesta = $("verif-respuesta").value.trim();
    if (!respuesta) lista.push({ campo: "respuesta", mensaje: "Escribe la respuesta del cliente." });
    else if (C.radioMarcado(formV, "pregunta") === "ultimos4" && !/^\d{4}$/.test(BP.soloDigitos(respuesta))) {
      lista.push({ campo: "respuesta", mensaje: "Escribe exactamente 4 dígitos." });
    }
    return lista;
  }

  function alVerificar(ev) {
    ev.preventDefault();
    var boton = $("boton-verificar");
    if (boton.disabled) return;
    var lista = validarVerificacion();
    BP.vaciar(resultadoV);
    if (lista.length) {
      gestorV.mostrar("Revisa los datos marcados.", lista);
      return;
    }
    gestorV.limpiar();
    var pregunta = C.radioMarcado(formV, "pregunta");
    var respuesta = $("verif-respuesta").value.trim();
    var cuerpo = {
      contrato: BP.normalizarContrato($("verif-contrato").value.trim()),
      nombre: $("verif-nombre").value.trim(),
      pregunta: pregunta,
      respuesta: pregunta === "ultimos4" ? BP.soloDigitos(respuesta) : respuesta
    };
    C.ocupado(boton, true, "Verificando…");
    C.api("/api/verificaciones", { metodo: "POST", cuerpo: cuerpo }).then(function (r) {
      C.ocupado(boton, false);
      if (r && r.verificado === true && typeof r.verificacion_id === "string") {
        verificado(r);
      } else if (r && r.verificado === false) {
        noVerificado(r.intentos_restantes);
      } else {
        throw new BP.ErrorApi("servidor", 200, null);
      }
    }).catch(function (error) {
      C.ocupado(boton, false);
      if (!error || error.sesionVencida) return;
      if (error.status === 423) {
        // El bloqueo puede ser del contrato o del agente (su presupuesto de verificaciones fallidas).
        mostrarAvisoV("aviso--error",
          error.codigo === "agente_bloqueado" ? "Tu usuario no puede verificar por ahora" : "Contrato bloqueado para verificación",
          error.mensaje || "Hubo demasiados intentos fallidos. Intenta más tarde.");
        // Un supervisor puede levantar el bloqueo del contrato (consola-expediente.js).
        if (error.codigo !== "agente_bloqueado" && C.ofrecerLevantarBloqueo) C.ofrecerLevantarBloqueo(cuerpo.contrato, resultadoV);
        return;
      }
      C.mostrarErrorEn(gestorV, error, "No se pudo verificar la identidad.");
    });
  }

  var MEDIO_AGENTE = {
    correo: "El folio se envía al cliente por correo electrónico; díctaselo también en la llamada.",
    sms: "El folio se envía al cliente por SMS; díctaselo también en la llamada.",
    impreso: "Imprime el comprobante y entrégaselo al cliente, o díctale el folio.",
    whatsapp: "El folio se envía al cliente por WhatsApp; díctaselo también en la llamada."
  };

  function mostrarAvisoV(clase, titulo, detalle) {
    BP.vaciar(resultadoV);
    var caja = el("div", { clase: "aviso " + clase, id: "aviso-verificacion" }, [
      el("p", { clase: "aviso__titulo", id: "titulo-resultado-verificacion", tabindex: "-1" }, [titulo])
    ]);
    if (detalle) caja.appendChild(el("p", {}, [detalle]));
    resultadoV.appendChild(caja);
    $("titulo-resultado-verificacion").focus();
  }

  function noVerificado(intentos) {
    var n = C.numero(intentos);
    var resta = "";
    if (n !== null) {
      n = Math.max(0, Math.floor(n));
      resta = n === 1 ? " Queda 1 intento." : n === 0 ? " No quedan intentos." : " Quedan " + n + " intentos.";
    }
    mostrarAvisoV("aviso--error", "No se pudo verificar la identidad." + resta, n === 0
      ? "La verificación de este contrato queda bloqueada por un tiempo."
      : "Confirma los datos con el cliente y vuelve a intentarlo.");
    $("verif-respuesta").value = "";
  }

  function verificado(r) {
    var cliente = r.cliente || {};
    var fin = Date.parse(r.expira);
    var resta = fin - Date.now();
    // Si los relojes no coinciden, se cuenta la vigencia desde ahora.
    if (isNaN(fin) || resta <= 0 || resta > VIGENCIA_MS + 60000) fin = Date.now() + VIGENCIA_MS;
    verificacion = { id: r.verificacion_id, fin: fin, cliente: cliente, usada: false, folio: "" };
    avisoCincoMin = false;
    salirDeSinVerificar();
    formV.hidden = true;
    BP.vaciar(resultadoC); // el folio de un caso anterior de esta llamada ya no aplica
    pintarTarjetaCliente();
    iniciarCuenta();
    prepararFormCaso();
    // Verificado: la duda sin verificar no aplica a esta llamada.
    $("bloque-sin-verificar").hidden = true;
    mostrarHistorial(C.texto(cliente.contrato) || BP.normalizarContrato($("verif-contrato").value));
    $("titulo-resultado-verificacion").focus();
    BP.anunciar("Identidad verificada: " + (C.texto(cliente.nombre) || "cliente") + ".");
  }

  function pintarTarjetaCliente() {
    var c = verificacion.cliente;
    BP.vaciar(resultadoV);
    var tarjeta = el("div", { clase: "verificado", id: "tarjeta-cliente" });
    tarjeta.appendChild(el("p", { clase: "verificado__titulo", id: "titulo-resultado-verificacion", tabindex: "-1" }, [
      iconoCheck(), "Identidad verificada"
    ]));
    tarjeta.appendChild(el("p", { clase: "verificado__nombre", id: "cliente-nombre" }, [C.texto(c.nombre)]));
    var dl = el("dl", { clase: "verificado__datos" });
    function fila(t, v) { dl.appendChild(el("div", {}, [el("dt", {}, [t]), el("dd", {}, [v])])); }
    fila("Contrato", C.texto(c.contrato) || BP.normalizarContrato($("verif-contrato").value));
    fila("Correo", c.tiene_correo === false ? "Sin correo registrado" : (C.texto(c.correo_enmascarado) || "—"));
    fila("Teléfono", c.tiene_telefono === false ? "Sin teléfono registrado" : (C.texto(c.telefono_enmascarado) || "—"));
    tarjeta.appendChild(dl);

    var vigencia = el("p", { clase: "verificado__vigencia", id: "vigencia-verificacion" });
    tarjeta.appendChild(vigencia);

    var acciones = el("div", { clase: "verificado__acciones" });
    var nueva = el("button", { type: "button", clase: "boton boton--secundario boton--chico", id: "boton-nueva-llamada" }, ["Nueva llamada"]);
    nueva.addEventListener("click", function () { nuevaLlamada(true); });
    acciones.appendChild(nueva);
    tarjeta.appendChild(acciones);
    resultadoV.appendChild(tarjeta);
    pintarVigencia();
  }

  function pintarVigencia() {
    var nodo = $("vigencia-verificacion");
    if (!nodo || !verificacion) return;
    BP.vaciar(nodo);
    if (verificacion.usada) {
      nodo.appendChild(document.createTextNode("La verificación ya se usó para abrir el folio "));
      nodo.appendChild(el("strong", {}, [verificacion.folio]));
      nodo.appendChild(document.createTextNode(". Para otro caso, verifica de nuevo."));
      agregarBotonReverificar(nodo);
      return;
    }
    var resta = verificacion.fin - Date.now();
    if (resta <= 0) {
      nodo.className = "verificado__vigencia verificado__vigencia--vencida";
      nodo.appendChild(el("strong", {}, ["La verificación venció."]));
      nodo.appendChild(document.createTextNode(" Verifica de nuevo al cliente para abrir un caso."));
      agregarBotonReverificar(nodo);
      return;
    }
    nodo.className = "verificado__vigencia" + (resta < 5 * 60000 ? " verificado__vigencia--poca" : "");
    var hora = new Date(verificacion.fin).toLocaleTimeString("es-MX", { hour: "2-digit", minute: "2-digit", hour12: false });
    nodo.appendChild(document.createTextNode("Válida por "));
    nodo.appendChild(el("strong", { id: "cuenta-regresiva", role: "timer", "aria-live": "off" }, [mmss(resta)]));
    nodo.appendChild(document.createTextNode(" (hasta las " + hora + ")."));
  }

  function agregarBotonReverificar(nodo) {
    var b = el("button", { type: "button", clase: "boton boton--primario boton--chico", id: "boton-reverificar" }, ["Verificar de nuevo"]);
    b.addEventListener("click", function () { nuevaLlamada(false); });
    nodo.appendChild(el("span", { clase: "verificado__reverificar" }, [b]));
  }

  function mmss(ms) {
    var s = Math.max(0, Math.ceil(ms / 1000));
    var m = Math.floor(s / 60);
    s = s % 60;
    return m + ":" + (s < 10 ? "0" : "") + s;
  }

  function iniciarCuenta() {
    clearInterval(temporizador);
    temporizador = setInterval(tic, 1000);
  }

  function tic() {
    if (!verificacion || verificacion.usada) { clearInterval(temporizador); return; }
    var resta = verificacion.fin - Date.now();
    var cuenta = $("cuenta-regresiva");
    if (resta <= 0) {
      clearInterval(temporizador);
      pintarVigencia();
      bloquearFormCaso("La verificación venció. Verifica de nuevo al cliente para abrir un caso.");
      BP.anunciar("La verificación de identidad venció.");
      return;
    }
    if (cuenta) cuenta.textContent = mmss(resta);
    if (resta < 5 * 60000 && !avisoCincoMin) {
      avisoCincoMin = true;
      pintarVigencia();
      BP.anunciar("Quedan menos de 5 minutos de la verificación de identidad.");
    }
  }

  /**
   * Reinicia la llamada. `todo`: borra también contrato y nombre (otra llamada); si no, los deja
   * para volver a verificar al mismo cliente.
   */
  /** Junto al llamante verificado: todos sus casos y cuántas veces ha llamado por lo mismo. */
  function mostrarHistorial(contrato) {
    if (!contrato || !C.clientes) return;
    C.clientes.pintarEn($("historial-llamante"), $("historial-llamante-cuerpo"), contrato, { compacto: true });
  }

  function ocultarHistorial() {
    $("historial-llamante").hidden = true;
    $("historial-llamante").removeAttribute("data-peticion");
    BP.vaciar($("historial-llamante-cuerpo"));
  }

  /* ---------- Duda sin verificar ---------- */

  function entrarASinVerificar() {
    clearInterval(temporizador);
    verificacion = null;
    sinVerificar = true;
    gestorC.limpiar();
    BP.vaciar(resultadoV);
    BP.vaciar(resultadoC);
    ocultarHistorial();
    reiniciarFormCaso();
    $("aviso-sin-verificar").hidden = false;
    $("grupo-c-nombre").hidden = false;
    $("bloque-sin-verificar").hidden = true;
    // Sólo los tipos que no piden contrato (dudas).
    Array.prototype.forEach.call($("caso-tipo").options, function (o) {
      var t = tiposPorClave[o.value];
      o.disabled = !!(t && t.requiere_contrato);
    });
    var duda = Object.keys(tiposPorClave).filter(function (k) { return !tiposPorClave[k].requiere_contrato; })[0];
    if (duda) { $("caso-tipo").value = duda; actualizarCategorias(); }
    configurarContacto("correo", false, "", "", "Para recibir el folio por correo, escribe el de quien llama.");
    configurarContacto("telefono", false, "", "", "Para SMS, escribe un celular de 10 dígitos.");
    $("abrir-pendiente").hidden = true;
    formC.hidden = false;
    if (!claveIdempotencia) claveIdempotencia = BP.nuevoUuid();
    $("caso-nombre").focus();
    BP.anunciar("Duda sin verificar: sólo dudas, sin datos de contrato.");
  }

  function salirDeSinVerificar() {
    sinVerificar = false;
    $("aviso-sin-verificar").hidden = true;
    $("grupo-c-nombre").hidden = true;
    $("caso-nombre").value = "";
    $("bloque-sin-verificar").hidden = false;
    Array.prototype.forEach.call($("caso-tipo").options, function (o) { o.disabled = false; });
  }

  function nuevaLlamada(todo) {
    clearInterval(temporizador);
    verificacion = null;
    salirDeSinVerificar();
    ocultarHistorial();
    gestorV.limpiar();
    gestorC.limpiar();
    var contrato = $("verif-contrato").value, nombre = $("verif-nombre").value;
    formV.reset();
    if (!todo) {
      $("verif-contrato").value = contrato;
      $("verif-nombre").value = nombre;
    }
    actualizarPregunta();
    formV.hidden = false;
    BP.vaciar(resultadoV);
    // Al volver a verificar al mismo cliente, el último folio sigue a la vista hasta la nueva verificación.
    if (todo) BP.vaciar(resultadoC);
    reiniciarFormCaso();
    bloquearFormCaso("");
    var foco = todo ? $("verif-contrato") : $("verif-respuesta");
    foco.focus();
    foco.scrollIntoView({ block: "center" });
  }

  /* ====================== Paso 2: abrir caso ====================== */

  function llenarTipos(catalogo) {
    var sel = $("caso-tipo");
    BP.vaciar(sel);
    tiposPorClave = {};
    sel.appendChild(el("option", { value: "" }, ["Elige el tipo"]));
    catalogo.tipos.forEach(function (t) {
      if (!t || typeof t.clave !== "string") return;
      tiposPorClave[t.clave] = t;
      sel.appendChild(el("option", { value: t.clave }, [t.nombre || t.clave]));
    });
    if (catalogo.consentimiento_whatsapp) {
      versionConsentimiento = catalogo.consentimiento_whatsapp.version;
      $("caso-consentimiento-texto").textContent = "«" + catalogo.consentimiento_whatsapp.texto + "»";
    }
    var medios = $("opciones-medio");
    BP.vaciar(medios);
    (catalogo.medios_notificacion || []).forEach(function (m) {
      if (!m || typeof m.clave !== "string") return;
      var id = "medio-" + m.clave.replace(/[^A-Za-z0-9_-]/g, "_");
      medios.appendChild(el("div", { clase: "opcion" }, [
        el("input", { type: "radio", name: "medio_notificacion", id: id, value: m.clave, clase: "opcion__control" }),
        el("label", { "for": id, clase: "opcion__etiqueta" }, [AYUDA_MEDIO[m.clave] || m.nombre || m.clave])
      ]));
    });
    // Canales del catálogo (sin "web": el agente atiende por teléfono o en tienda).
    (catalogo.canales || []).forEach(function (c) {
      var radio = document.getElementById("canal-" + c.clave);
      if (radio && c.nombre) formC.querySelector('label[for="canal-' + c.clave + '"]').textContent = c.nombre;
    });
    actualizarCategorias();
  }

  function actualizarCategorias() {
    var tipo = tiposPorClave[$("caso-tipo").value];
    var sel = $("caso-categoria");
    var anterior = sel.value;
    BP.vaciar(sel);
    sel.appendChild(el("option", { value: "" }, [tipo ? "Elige la categoría" : "Primero elige el tipo"]));
    if (tipo) {
      (tipo.categorias || []).forEach(function (c) {
        if (c && typeof c.clave === "string") sel.appendChild(el("option", { value: c.clave }, [c.nombre || c.clave]));
      });
      if (anterior && sel.querySelector('option[value="' + CSS.escape(anterior) + '"]')) sel.value = anterior;
    }
    actualizarDetalleCategoria();
  }

  function actualizarDetalleCategoria() {
    var tipo = tiposPorClave[$("caso-tipo").value];
    var det = $("caso-categoria-detalle");
    var cat = tipo && (tipo.categorias || []).filter(function (c) { return c && c.clave === $("caso-categoria").value; })[0];
    var partes = [];
    if (cat) {
      if (C.texto(cat.descripcion)) partes.push(cat.descripcion.trim());
      if (C.texto(cat.plazo_interno_texto)) partes.push("Respuesta: " + cat.plazo_interno_texto.trim() + ".");
      if (C.texto(cat.plazo_legal_texto)) partes.push("Plazo legal: " + cat.plazo_legal_texto.trim() + ".");
    }
    det.textContent = partes.join(" ");
    det.hidden = !partes.length;
  }

  function prepararFormCaso() {
    var c = verificacion.cliente;
    configurarContacto("correo", c.tiene_correo !== false && !!C.texto(c.correo_enmascarado), C.texto(c.correo_enmascarado),
      "Se usa el registrado en el contrato, salvo que el cliente dé otro.", "El cliente no tiene correo registrado; escribe uno si quiere recibir el folio por correo.");
    configurarContacto("telefono", c.tiene_telefono !== false && !!C.texto(c.telefono_enmascarado), C.texto(c.telefono_enmascarado),
      "Se usa el registrado en el contrato, salvo que el cliente dé otro.", "El cliente no tiene teléfono registrado; para SMS escribe un celular de 10 dígitos.");
    $("abrir-pendiente").hidden = true;
    formC.hidden = false;
    if (!claveIdempotencia) claveIdempotencia = BP.nuevoUuid();
  }

  /** Correo o teléfono: el registrado se muestra enmascarado y desactivado salvo que el cliente dé otro. */
  function configurarContacto(clave, tiene, enmascarado, ayudaTiene, ayudaNoTiene) {
    var input = $("caso-" + clave), casilla = $("otro-" + clave);
    casilla.checked = false;
    $("casilla-otro-" + clave).hidden = !tiene;
    input.setAttribute("data-tiene", tiene ? "1" : "0");
    input.setAttribute("data-enmascarado", enmascarado || "");
    $("caso-" + clave + "-ayuda").textContent = tiene ? ayudaTiene : ayudaNoTiene;
    aplicarOtro(clave, false);
  }

  function aplicarOtro(clave, enfocar) {
    var input = $("caso-" + clave), casilla = $("otro-" + clave);
    var tiene = input.getAttribute("data-tiene") === "1";
    if (tiene && !casilla.checked) {
      input.disabled = true;
      input.value = input.getAttribute("data-enmascarado");
      gestorC.limpiarCampo(clave);
    } else {
      if (input.disabled) input.value = "";
      input.disabled = false;
      if (enfocar) input.focus();
    }
  }

  /** Correo/teléfono nuevo que escribió el agente ("" si usa el registrado). */
  function contactoNuevo(clave) {
    var input = $("caso-" + clave);
    return input.disabled ? "" : input.value.trim();
  }

  function normalizarTelefono(t) {
    var d = t.replace(/[\s\-().]+/g, "");
    var m = /^\+52(1?\d{10})$/.exec(d) || /^52(\d{10})$/.exec(d);
    if (m) d = m[1].length === 11 ? m[1].slice(1) : m[1];
    return d;
  }

  function validarCaso() {
    var lista = [];
    var tipo = $("caso-tipo").value;
    if (!tipo) lista.push({ campo: "tipo", mensaje: "Elige el tipo de solicitud." });
    if (sinVerificar && BP.longitud($("caso-nombre").value.trim()) < 3) {
      lista.push({ campo: "nombre", mensaje: "Escribe el nombre de quien llama." });
    }
    if (!$("caso-categoria").value) lista.push({ campo: "categoria", mensaje: "Elige la categoría." });
    var d = $("caso-descripcion").value.trim();
    var n = BP.longitud(d);
    if (!n) lista.push({ campo: "descripcion", mensaje: "Escribe la descripción." });
    else if (n < MIN_DESCRIPCION) lista.push({ campo: "descripcion", mensaje: "La descripción necesita al menos 10 caracteres." });
    else if (n > MAX_DESCRIPCION) lista.push({ campo: "descripcion", mensaje: "La descripción puede tener hasta 2,000 caracteres." });
    else if (C.problemaTexto(d)) lista.push({ campo: "descripcion", mensaje: C.problemaTexto(d) });
    if (!C.radioMarcado(formC, "canal")) lista.push({ campo: "canal", mensaje: "Elige el canal." });
    var medio = C.radioMarcado(formC, "medio_notificacion");
    if (!medio) lista.push({ campo: "medio_notificacion", mensaje: "Elige cómo recibe el cliente su folio." });

    var correo = contactoNuevo("correo");
    var tieneCorreo = $("caso-correo").getAttribute("data-tiene") === "1";
    if (correo && !BP.correoValido(correo)) lista.push({ campo: "correo", mensaje: "Escribe un correo válido, por ejemplo nombre@dominio.mx." });
    else if (!correo && medio === "correo" && (!tieneCorreo || $("otro-correo").checked)) {
      lista.push({ campo: "correo", mensaje: "Escribe el correo al que se enviará el folio." });
    }
    var tel = normalizarTelefono(contactoNuevo("telefono"));
    var tieneTel = $("caso-telefono").getAttribute("data-tiene") === "1";
    if (tel && !/^[1-9]\d{9}$/.test(tel)) lista.push({ campo: "telefono", mensaje: "Escribe un teléfono de 10 dígitos." });
    else if (!tel && medio === "sms" && (!tieneTel || $("otro-telefono").checked)) {
      lista.push({ campo: "telefono", mensaje: "Escribe el celular al que se enviará el SMS." });
    } else if (!tel && medio === "whatsapp" && (!tieneTel || $("otro-telefono").checked)) {
      lista.push({ campo: "telefono", mensaje: "Escribe el celular con WhatsApp del cliente." });
    }
    if (medio === "whatsapp" && !$("caso-consentimiento").checked) {
      lista.push({
        campo: "consentimiento_whatsapp",
        mensaje: "Lee al cliente el texto de WhatsApp y marca la casilla sólo si lo acepta; si no, elige otro medio."
      });
    }
    return lista;
  }

  function actualizarContador() {
    var resta = MAX_DESCRIPCION - BP.longitud($("caso-descripcion").value);
    var nodo = $("caso-descripcion-contador");
    nodo.textContent = resta >= 0
      ? (resta === 1 ? "Queda 1 carácter." : "Quedan " + BP.formatearNumero(resta) + " caracteres.")
      : "Sobran " + BP.formatearNumero(-resta) + " caracteres.";
    nodo.classList.toggle("contador--excedido", resta < 0);
  }

  function alAbrirCaso(ev) {
    ev.preventDefault();
    var boton = $("boton-abrir-caso");
    if (boton.disabled) return;
    if (!sinVerificar && (!verificacion || verificacion.usada || verificacion.fin <= Date.now())) {
      gestorC.mostrar("La verificación no está vigente. Verifica de nuevo al cliente.", []);
      return;
    }
    var lista = validarCaso();
    if (lista.length) {
      gestorC.mostrar("Revisa los datos marcados.", lista);
      return;
    }
    gestorC.limpiar();
    var cuerpo = {
      tipo: $("caso-tipo").value,
      categoria: $("caso-categoria").value,
      descripcion: $("caso-descripcion").value.trim(),
      medio_notificacion: C.radioMarcado(formC, "medio_notificacion"),
      canal: C.radioMarcado(formC, "canal")
    };
    if (sinVerificar) cuerpo.nombre = $("caso-nombre").value.trim();
    else cuerpo.verificacion_id = verificacion.id;
    var correo = contactoNuevo("correo"), tel = normalizarTelefono(contactoNuevo("telefono"));
    if (correo) cuerpo.correo = correo;
    if (tel) cuerpo.telefono = tel;
    if (cuerpo.medio_notificacion === "whatsapp" && $("caso-consentimiento").checked) {
      cuerpo.consentimiento_whatsapp = versionConsentimiento;
    }

    C.ocupado(boton, true, "Abriendo caso…");
    C.api("/api/casos/asistidos", {
      metodo: "POST",
      cuerpo: cuerpo,
      encabezados: { "Idempotency-Key": claveIdempotencia }
    }).then(function (r) {
      C.ocupado(boton, false);
      claveIdempotencia = BP.nuevoUuid();
      casoAbierto(r, cuerpo);
    }).catch(function (error) {
      C.ocupado(boton, false);
      if (!error || error.sesionVencida) return;
      if (error.tipo === "cliente" && (error.status === 400 || error.status === 422)) claveIdempotencia = BP.nuevoUuid();
      if (!sinVerificar && (error.status === 409 || error.status === 410)) {
        // La verificación ya se usó o venció: hay que volver a verificar.
        claveIdempotencia = BP.nuevoUuid();
        verificacion.fin = Math.min(verificacion.fin, Date.now());
        clearInterval(temporizador);
        pintarVigencia();
        bloquearFormCaso("");
        gestorC.mostrar(error.mensaje || (error.status === 409
          ? "Esa verificación ya se usó. Verifica de nuevo al cliente."
          : "La verificación venció. Verifica de nuevo al cliente."), []);
        return;
      }
      C.mostrarErrorEn(gestorC, error, "No se pudo abrir el caso.");
    });
  }

  function casoAbierto(r, enviado) {
    var folio = BP.soloDigitos(r.folio) || BP.soloDigitos(r.folio_legible);
    var legible = C.folioLegible(r);
    if (verificacion) {
      verificacion.usada = true;
      verificacion.folio = legible;
      // El historial junto al llamante ya cuenta el caso recién abierto.
      mostrarHistorial(C.texto(verificacion.cliente.contrato) || BP.normalizarContrato($("verif-contrato").value));
    }
    clearInterval(temporizador);
    pintarVigencia();
    formC.hidden = true;
    reiniciarFormCaso();
    if (sinVerificar) {
      salirDeSinVerificar();
      bloquearFormCaso("");
    }

    BP.vaciar(resultadoC);
    var caja = el("div", { clase: "caso-abierto", id: "caso-abierto" });
    caja.appendChild(el("p", { clase: "caso-abierto__titulo", id: "titulo-caso-abierto", tabindex: "-1" }, [
      iconoCheck(), "Caso abierto"
    ]));
    var tarjeta = el("div", { clase: "folio folio--consola" }, [
      el("p", { clase: "folio__etiqueta", id: "folio-etiqueta" }, ["Folio para leerle al cliente"]),
      el("p", { clase: "folio__numero", id: "folio-nuevo", "aria-describedby": "folio-etiqueta" }, [legible])
    ]);
    var botonCopiar = el("button", { type: "button", clase: "boton boton--secundario boton--chico", id: "boton-copiar-folio" }, ["Copiar"]);
    botonCopiar.addEventListener("click", function () {
      C.copiar(folio).then(function () {
        botonCopiar.textContent = "Copiado";
        BP.anunciar("Folio copiado.");
        setTimeout(function () { botonCopiar.textContent = "Copiar"; }, 2500);
      }, function () {
        BP.anunciar("No se pudo copiar; el folio es " + legible + ".");
      });
    });
    tarjeta.appendChild(botonCopiar);
    caja.appendChild(tarjeta);

    var tipo = C.texto(r.tipo_nombre) || (tiposPorClave[enviado.tipo] && tiposPorClave[enviado.tipo].nombre) || "";
    var cat = C.texto(r.categoria_nombre);
    if (tipo) caja.appendChild(el("p", { clase: "caso-abierto__tipo" }, [tipo + (cat ? " · " + cat : "")]));
    if (C.texto(r.fecha_compromiso_texto)) {
      caja.appendChild(el("p", { clase: "caso-abierto__plazo", id: "plazo-caso-abierto" }, [
        "Se resolverá a más tardar el ", el("strong", {}, [C.fecha(r.fecha_compromiso_texto, r.fecha_compromiso)]), "."
      ]));
    }
    if (C.texto(r.fecha_limite_legal_texto)) {
      caja.appendChild(el("p", { clase: "caso-abierto__legal" }, [
        "Plazo legal: ", C.fecha(r.fecha_limite_legal_texto, r.fecha_limite_legal), "."
      ]));
    }
    var medio = C.texto(r.medio_notificacion) || enviado.medio_notificacion;
    // En voz del agente (el `mensaje` de la respuesta es para el cliente: «Te enviamos tu folio…»).
    var avisoMedio = MEDIO_AGENTE[medio];
    if (avisoMedio) caja.appendChild(el("p", { clase: "caso-abierto__medio" }, [avisoMedio]));

    var acciones = el("div", { clase: "caso-abierto__acciones" });
    var url = BP.rutaSegura(r.comprobante_url);
    if (url && medio === "impreso") {
      acciones.appendChild(el("a", { clase: "boton boton--primario boton--chico", href: url, target: "_blank", rel: "noopener", id: "enlace-comprobante" }, [
        "Imprimir comprobante", el("span", { clase: "sr-only" }, [" (se abre en una pestaña nueva)"])
      ]));
    }
    if (folio) {
      var ver = el("a", { clase: "boton boton--secundario boton--chico", href: "#/casos/" + folio, id: "boton-ver-caso" }, ["Ver el caso"]);
      acciones.appendChild(ver);
    }
    caja.appendChild(acciones);
    resultadoC.appendChild(caja);
    $("titulo-caso-abierto").focus();
    BP.anunciar("Caso abierto. Folio " + legible + ".");
    if (C.alCambiarCasos) C.alCambiarCasos();
  }

  function reiniciarFormCaso() {
    var canal = C.radioMarcado(formC, "canal") || "telefono";
    formC.reset();
    // El canal se conserva entre llamadas: el agente suele atender siempre por el mismo.
    var r = $("canal-" + canal);
    if (r) r.checked = true;
    $("grupo-c-consentimiento").hidden = true;
    actualizarCategorias();
    actualizarContador();
  }

  function bloquearFormCaso(motivo) {
    formC.hidden = true;
    var p = $("abrir-pendiente");
    p.textContent = motivo || "Primero verifica la identidad del cliente.";
    p.hidden = false;
  }

  function iconoCheck() {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("width", "22");
    svg.setAttribute("height", "22");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    svg.setAttribute("class", "icono");
    var path = document.createElementNS(ns, "path");
    path.setAttribute("fill", "currentColor");
    path.setAttribute("d", "M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20zm-1.2 14.2-4.1-4.1 1.4-1.4 2.7 2.7 5.6-5.6 1.4 1.4z");
    svg.appendChild(path);
    return svg;
  }

  /* ====================== Ciclo de vida ====================== */

  function campo(clave, control, sufijo) {
    return { control: control, grupo: $("grupo-" + sufijo), error: $("error-" + sufijo) };
  }

  function iniciar() {
    formV = $("form-verificar");
    formC = $("form-caso");
    resultadoV = $("resultado-verificacion");
    resultadoC = $("resultado-caso");

    gestorV = BP.crearGestorErrores({
      resumen: $("errores-verificar"),
      campos: {
        contrato: campo("contrato", $("verif-contrato"), "v-contrato"),
        nombre: campo("nombre", $("verif-nombre"), "v-nombre"),
        pregunta: campo("pregunta", C.primerRadio(formV, "pregunta"), "v-pregunta"),
        respuesta: campo("respuesta", $("verif-respuesta"), "v-respuesta")
      }
    });
    gestorC = BP.crearGestorErrores({
      resumen: $("errores-caso"),
      campos: {
        tipo: campo("tipo", $("caso-tipo"), "c-tipo"),
        categoria: campo("categoria", $("caso-categoria"), "c-categoria"),
        descripcion: campo("descripcion", $("caso-descripcion"), "c-descripcion"),
        canal: campo("canal", C.primerRadio(formC, "canal"), "c-canal"),
        medio_notificacion: campo("medio_notificacion", C.primerRadio(formC, "medio_notificacion"), "c-medio"),
        correo: campo("correo", $("caso-correo"), "c-correo"),
        telefono: campo("telefono", $("caso-telefono"), "c-telefono"),
        consentimiento_whatsapp: campo("consentimiento_whatsapp", $("caso-consentimiento"), "c-consentimiento"),
        nombre: campo("nombre", $("caso-nombre"), "c-nombre"),
        // Un tipo que pide contrato sin verificar: el error va en el tipo.
        verificacion_id: campo("verificacion_id", $("caso-tipo"), "c-tipo")
      }
    });
    $("boton-sin-verificar").addEventListener("click", entrarASinVerificar);
    $("boton-cancelar-sin-verificar").addEventListener("click", function () {
      salirDeSinVerificar();
      reiniciarFormCaso();
      bloquearFormCaso("");
      $("verif-contrato").focus();
    });

    formV.addEventListener("submit", alVerificar);
    formV.addEventListener("change", function (ev) {
      if (ev.target.name === "pregunta") {
        actualizarPregunta();
        $("verif-respuesta").value = "";
        gestorV.limpiarCampo("respuesta");
      }
    });
    formC.addEventListener("submit", alAbrirCaso);
    $("caso-tipo").addEventListener("change", actualizarCategorias);
    $("caso-categoria").addEventListener("change", actualizarDetalleCategoria);
    $("caso-descripcion").addEventListener("input", actualizarContador);
    $("otro-correo").addEventListener("change", function () { aplicarOtro("correo", true); });
    $("otro-telefono").addEventListener("change", function () { aplicarOtro("telefono", true); });
    // La casilla de WhatsApp sólo aparece al elegir WhatsApp.
    formC.addEventListener("change", function (ev) {
      if (ev.target.name === "medio_notificacion") {
        $("grupo-c-consentimiento").hidden = C.radioMarcado(formC, "medio_notificacion") !== "whatsapp";
      }
    });
    actualizarPregunta();
    actualizarContador();
    $("caso-categoria-detalle").hidden = true;
  }

  function alEntrar() {
    if (!C.puedeAtenderLlamadas()) return;
    C.catalogo().then(llenarTipos, function () {
      var sel = $("caso-tipo");
      BP.vaciar(sel);
      sel.appendChild(el("option", { value: "" }, ["No se pudo cargar el catálogo"]));
      gestorC.mostrar("No se pudo cargar el catálogo de tipos. Recarga la página para intentar de nuevo.", []);
    });
  }

  function alSalir() {
    clearInterval(temporizador);
    verificacion = null;
    if (!formV) return;
    salirDeSinVerificar();
    ocultarHistorial();
    gestorV.limpiar();
    gestorC.limpiar();
    formV.reset();
    formV.hidden = false;
    actualizarPregunta();
    BP.vaciar(resultadoV);
    BP.vaciar(resultadoC);
    reiniciarFormCaso();
    bloquearFormCaso("");
  }

  C.registrar({ iniciar: iniciar, alEntrar: alEntrar, alSalir: alSalir });
})();
