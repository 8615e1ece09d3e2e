#!/usr/bin/env bash
# debian-package.sh SUITE PACKAGE DIR: downloads PACKAGE's .deb from Debian's SUITE into DIR, with apt-get and a
# temporary source list and lists directory (the machine's apt state is left alone). Exits 3 when the mirror cannot
# be reached. Used by build-image.sh and deploy-tools.sh.
set -euo pipefail
suite=$1 package=$2 dir=$3
MIRROR=${BUILDLINE_DEBIAN_MIRROR:-http://deb.debian.org/debian}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/lists/partial" "$tmp/archives/partial" "$tmp/parts"
printf 'Types: deb\nURIs: %s\nSuites: %s\nComponents: main\nSigned-By: %s\n' \
  "$MIRROR" "$suite" /usr/share/keyrings/debian-archive-keyring.gpg >"$tmp/parts/$suite.sources"
opts=(-o "Dir::Etc::SourceList=/dev/null" -o "Dir::Etc::SourceParts=$tmp/parts" -o "Dir::State::Lists=$tmp/lists"
      -o "Dir::Cache::Archives=$tmp/archives" -o "APT::Sandbox::User=root")
apt-get "${opts[@]}" update -qq || { echo "debian-package: apt-get update of $suite failed" >&2; exit 3; }
mkdir -p "$dir"
(cd "$dir" && apt-get "${opts[@]}" download -qq "$package") \
  || { echo "debian-package: download of $suite/$package failed" >&2; exit 3; }
