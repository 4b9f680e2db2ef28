#!/usr/bin/env bash
# Make sure the system tools the browser tests need are installed, before `make test` runs them:
# Chromium (the browser), a Java runtime (for vnu.jar, the HTML checker) and epubcheck.
# As root (as in CI) a missing package is installed with apt-get; otherwise this stops and
# prints the command to run. The browser tests never skip for want of these tools.
set -euo pipefail

packages=(chromium default-jre-headless epubcheck)
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
command -v epubcheck >/dev/null 2>&1 || missing+=(epubcheck)
if ! command -v npm >/dev/null 2>&1; then
  # Node and npm are normally on the machine; Debian's packages do when they are not.
  packages+=(nodejs npm)
  missing+=(nodejs npm)
fi

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

command_line="apt-get update && apt-get install -y ${packages[*]}"
if [ "$(id -u)" -eq 0 ]; then
  echo "Installing the browser tests' system packages (missing: ${missing[*]})" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y "${packages[@]}"
else
  echo "The browser tests need system packages that are missing: ${missing[*]}." >&2
  echo "Install them, then run make test again:" >&2
  echo "  sudo sh -c '$command_line'" >&2
  exit 1
fi
