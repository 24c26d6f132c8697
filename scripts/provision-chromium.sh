#!/usr/bin/env bash
# Debian's Chromium for the dashboard's end-to-end tests (docs/architecture.md, testing tiers): playwright-core
# drives /usr/bin/chromium; no browser is ever downloaded by Playwright. Idempotent.
set -euo pipefail
CHROMIUM=${CASCADE_CHROMIUM_PATH:-/usr/bin/chromium}
# A Chinese font, so that screenshots of the dashboard show characters rather than boxes.
has_cjk_font() { command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list :lang=zh 2>/dev/null | head -n 1)" ]; }
PACKAGES=()
[ -x "$CHROMIUM" ] || PACKAGES+=(chromium)
has_cjk_font || PACKAGES+=(fonts-wqy-zenhei)
# Chromium's zh-CN strings: date inputs show 年/月/日 in a Chinese browser (test/e2e/support/chromium.ts).
[ -f /usr/lib/chromium/locales/zh-CN.pak ] || PACKAGES+=(chromium-l10n)
if [ ${#PACKAGES[@]} -eq 0 ]; then
  echo "[chromium] $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")"
  exit 0
fi
if [ -x "$CHROMIUM" ] && [ "$(id -u)" -ne 0 ] && ! { command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; }; then
  echo "[chromium] WARNING: no Chinese font (fonts-wqy-zenhei) and no root to install one: screenshots will show boxes" >&2
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"; else
    echo "[chromium] ERROR: $CHROMIUM is missing and installing it needs root (apt-get install -y chromium)" >&2
    exit 1
  fi
fi
if ! command -v apt-get >/dev/null 2>&1 && [ -x "$CHROMIUM" ]; then
  echo "[chromium] WARNING: no Chinese font and no apt-get to install one: screenshots will show boxes" >&2
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "[chromium] ERROR: $CHROMIUM is missing and apt-get is not available: install Debian's chromium package" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
if ! apt-cache show "${PACKAGES[@]}" >/dev/null 2>&1; then $SUDO apt-get update -qq; fi
$SUDO apt-get install -y -qq "${PACKAGES[@]}" >/dev/null
if [ ! -x "$CHROMIUM" ]; then
  echo "[chromium] ERROR: apt-get installed chromium but $CHROMIUM is still missing" >&2
  exit 1
fi
echo "[chromium] installed $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")"
