#!/usr/bin/env bash
# Instala Chromium de Debian (las pruebas de navegador lo usan; Playwright no puede descargar el suyo aquí).
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then exit 0; fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "Instalando Chromium de Debian para las pruebas de navegador…"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
command -v chromium
