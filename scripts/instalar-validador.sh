#!/usr/bin/env bash
# El validador HTML de la W3C (Nu Html Checker, vnu.jar del paquete npm vnu-jar) y Java de Debian para correrlo.
# La prueba tests/integracion/test_html_valido.py pasa por él cada página del sitio y de las funciones.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v java >/dev/null 2>&1; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  echo "Instalando Java de Debian (sin interfaz gráfica) para el validador HTML…"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends default-jre-headless >/dev/null
fi
# El jar viene dentro del paquete npm (npm ci no corre su postinstall, que bajaría otro Java: no hace falta).
# También Streams de Amazon Connect (tests/infraestructura/test_connect.py lo copia a la consola).
if [ ! -f node_modules/vnu-jar/build/dist/vnu.jar ] || [ ! -f node_modules/amazon-connect-streams/release/connect-streams-min.js ]; then
  npm ci --no-audit --no-fund --silent --ignore-scripts
fi
