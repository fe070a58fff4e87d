#!/usr/bin/env bash
# Installs the Debian packages the test suite needs, only when one is missing:
# Chromium (browser tests through Playwright), a CJK font (pages and PDFs render Chinese),
# poppler-utils (PDF text checks), Pango (WeasyPrint), LibreOffice Writer (opens our .docx).
set -euo pipefail

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
fc-list 2>/dev/null | grep -qi "wenquanyi zen hei" || missing+=(fonts-wqy-zenhei)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
# WeasyPrint renders PDF letters through Pango; LibreOffice proves our .docx files open.
ldconfig -p 2>/dev/null | grep -q "libpango-1.0.so" || missing+=(libpango-1.0-0 libpangoft2-1.0-0)
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-writer-nogui)
dpkg -s libreoffice-calc-nogui >/dev/null 2>&1 || missing+=(libreoffice-calc-nogui)

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "Installing Debian packages: ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" fontconfig >/dev/null
