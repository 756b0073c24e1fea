#!/usr/bin/env bash
# ttam installed the ways users install it (label "install"):
#   1. `cmake --install BUILD --prefix TMP`: the binary and its HTTP module
#      (libexec/ttam/ttam-http.so, which `ttam version` loads), every man page
#      gzip'd as Debian does, the bash, zsh and fish completions and the doc
#      files are where they belong; the installed `ttam version` runs;
#      `man -w` finds the pages through MANPATH; bash (through
#      bash-completion's loader) and fish complete `ttam lint-` from the
#      installed scripts, and zsh's compinit finds _ttam.
#   2. `cpack -G DEB`: ttam_<version>_<arch>.deb with computed dependencies,
#      Section utils, a stripped binary; extracted with `dpkg-deb -x` into a
#      scratch root (the machine itself is not changed, root or not), the
#      files are there and `ttam version` runs; lintian reports no errors.
# Usage: install_test.sh BUILD_DIR SOURCE_DIR. Exit 77 (ctest: skipped) when
# a tool it needs is missing.
set -euo pipefail
build=$(cd "$1" && pwd)
src=$(cd "$2" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}
skip() {
  echo "SKIPPED: $*" >&2
  exit 77
}
for tool in cmake cpack gzip dpkg-deb dpkg-shlibdeps man bash; do
  command -v "$tool" >/dev/null || skip "$tool is not installed (.ci/install-deps)"
done
[ -x "$build/tools/ttam/ttam" ] || skip "ttam is not built in $build"

# The files an installation has under its prefix (PREFIX SHARE-ROOT).
check_files() {
  local root=$1 what=$2 page name section
  local want=(bin/ttam libexec/ttam/ttam-http.so share/bash-completion/completions/ttam
    share/zsh/vendor-completions/_ttam share/fish/vendor_completions.d/ttam.fish
    share/doc/ttam/copyright share/doc/ttam/changelog.gz)
  for page in "$src"/man/*.[1-9]; do
    name=$(basename "$page")
    section=${name##*.}
    want+=("share/man/man$section/$name.gz")
  done
  for f in "${want[@]}"; do
    [ -f "$root/$f" ] || fail "$what: $f is missing"
  done
  [ -x "$root/bin/ttam" ] || fail "$what: bin/ttam is not executable"
  # gzip -9n: each page decompresses to its source, and the header carries
  # no name and no time (bytes 4-7 are the mtime).
  for page in "$src"/man/*.[1-9]; do
    name=$(basename "$page")
    section=${name##*.}
    local gz="$root/share/man/man$section/$name.gz"
    [ -f "$gz" ] || continue
    cmp -s <(gzip -dc "$gz") "$page" || fail "$what: $gz is not $page"
    [ "$(od -An -tx1 -j3 -N6 "$gz" | tr -d ' \n')" = 000000000002 ] ||
      fail "$what: $gz has a name or a time in its header, or is not -9 (gzip -9n)"
  done
  # The completions are the source's.
  cmp -s "$root/share/bash-completion/completions/ttam" "$src/completions/ttam.bash" ||
    fail "$what: the bash completion is not completions/ttam.bash"
}

# The first line of `ttam version` (BINARY WHAT).
check_version() {
  local out
  if ! out=$("$1" version 2>&1); then
    fail "$2: ttam version failed: $out"
    return
  fi
  [[ $(head -n1 <<<"$out") =~ ^ttam\ [0-9]+\.[0-9]+\.[0-9]+ ]] ||
    fail "$2: ttam version printed: $out"
  [ "$(head -n1 <<<"$out")" = "$("$build/tools/ttam/ttam" --version)" ] ||
    fail "$2: the installed version is not the built one"
  # OpenSSL's run-time version comes from the HTTP module (ttam-http.so): the
  # installed ttam found and loaded its own, relative to its path.
  grep -q '^  OpenSSL .*(runtime: OpenSSL ' <<<"$out" ||
    fail "$2: ttam did not load its HTTP module: $(grep OpenSSL <<<"$out")"
}

start=$SECONDS
# 1. cmake --install
prefix="$tmp/prefix"
mkdir -p "$tmp/home"
cmake --install "$build" --prefix "$prefix" >"$tmp/install.log" 2>&1 ||
  { cat "$tmp/install.log" >&2; fail "cmake --install failed"; }
check_files "$prefix" "cmake --install"
check_version "$prefix/bin/ttam" "cmake --install"
for page in ttam:man1/ttam.1.gz ttam-checks:man7/ttam-checks.7.gz ttam-version:man1/ttam-version.1.gz; do
  got=$(MANPATH="$prefix/share/man" man -w "${page%%:*}" 2>&1) || true
  [ "$got" = "$prefix/share/man/${page#*:}" ] ||
    fail "MANPATH=$prefix/share/man man -w ${page%%:*} said: $got"
done
# bash completion, loaded by bash-completion's on-demand loader from the
# installed location when it is installed (that proves the path), else
# sourced directly.
# shellcheck disable=SC2016 # expanded by the inner bash
complete_script='
if [ -r /usr/share/bash-completion/bash_completion ]; then
  . /usr/share/bash-completion/bash_completion
  __load_completion ttam || exit 3
else
  . "$1/share/bash-completion/completions/ttam" || exit 3
fi
COMP_WORDS=(ttam lint-)
COMP_CWORD=1
COMP_LINE="ttam lint-"
COMP_POINT=${#COMP_LINE}
_ttam || exit 4
printf "%s\n" "${COMPREPLY[@]}"'
got=$(XDG_DATA_DIRS="$prefix/share" bash --norc --noprofile -c "$complete_script" bash "$prefix" 2>&1) ||
  fail "bash completion of the installed script failed: $got"
[ "$got" = $'lint-config\nlint-rules' ] || fail "bash completes 'ttam lint-' with: $got"
# fish loads the installed completion from its vendor directory (found
# through XDG_DATA_DIRS) for a ttam on PATH; zsh's compinit finds _ttam there.
if command -v fish >/dev/null; then
  got=$(env HOME="$tmp/home" PATH="$prefix/bin:$PATH" XDG_DATA_DIRS="$prefix/share" \
    fish -c 'complete -C "ttam lint-"' 2>&1 | cut -f1) || true
  [ "$got" = $'lint-config\nlint-rules' ] || fail "fish completes 'ttam lint-' with: $got"
fi
if command -v zsh >/dev/null; then
  got=$(HOME="$tmp/home" zsh -f -c 'fpath=("$1" $fpath); autoload -Uz compinit
compinit -u -d "$2"; print -r -- ${_comps[ttam]}' zsh "$prefix/share/zsh/vendor-completions" \
    "$tmp/zcompdump" 2>&1) || true
  [ "$got" = _ttam ] || fail "zsh's compinit does not find _ttam: $got"
fi
echo "cmake --install: $((SECONDS - start)) s"

# 2. cpack -G DEB
start=$SECONDS
pkgdir="$tmp/pkg"
(cd "$build" && cpack -G DEB -B "$pkgdir" >"$tmp/cpack.log" 2>&1) ||
  { cat "$tmp/cpack.log" >&2; fail "cpack -G DEB failed"; }
echo "cpack: $((SECONDS - start)) s"
start=$SECONDS
shopt -s nullglob
debs=("$pkgdir"/ttam_*.deb)
if [ ${#debs[@]} != 1 ]; then
  fail "cpack made ${#debs[@]} ttam_*.deb files: $(ls "$pkgdir")"
else
  deb=${debs[0]}
  # lintian takes the longest (~10 s of CPU): it runs beside the other checks.
  lintian_pid=
  if command -v lintian >/dev/null; then
    lintian --no-cfg "$deb" >"$tmp/lintian.log" 2>&1 &
    lintian_pid=$!
  fi
  arch=$(dpkg --print-architecture)
  version=$(dpkg-deb -f "$deb" Version)
  [ "$(basename "$deb")" = "ttam_${version}_${arch}.deb" ] ||
    fail "package file $(basename "$deb") is not ttam_${version}_${arch}.deb"
  [[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+ ]] || fail "package version $version"
  [ "$(dpkg-deb -f "$deb" Package)" = ttam ] || fail "Package: $(dpkg-deb -f "$deb" Package)"
  [ "$(dpkg-deb -f "$deb" Section)" = utils ] || fail "Section: $(dpkg-deb -f "$deb" Section)"
  [ -n "$(dpkg-deb -f "$deb" Maintainer)" ] || fail "no Maintainer"
  [ -n "$(dpkg-deb -f "$deb" Description)" ] || fail "no Description"
  # dpkg-shlibdeps computed the dependencies from the libraries ttam links.
  depends=$(dpkg-deb -f "$deb" Depends)
  for lib in libc6 libstdc++6 libre2 libyaml-cpp libssl3 zlib1g; do
    [[ $depends == *"$lib"* ]] || fail "Depends lacks $lib: $depends"
  done
  # Every dependency is a package this machine has (the build's own libraries).
  for dep in $(tr ',' '\n' <<<"$depends" | sed 's/[ (].*//; s/^ *//'); do
    [ -z "$dep" ] || dpkg-query -W "$dep" >/dev/null 2>&1 || fail "Depends names $dep, not installed here"
  done
  root="$tmp/root"
  dpkg-deb -x "$deb" "$root"
  check_files "$root/usr" "the .deb"
  check_version "$root/usr/bin/ttam" "the .deb"
  # Stripped: no symbol table.
  for binary in "$root/usr/bin/ttam" "$root/usr/libexec/ttam/ttam-http.so"; do
    if readelf -S "$binary" | grep -q '\.symtab'; then
      fail "the packaged ${binary#"$root"} is not stripped"
    fi
  done
  # Directories under /usr are root's and 0755, files 0644 (0755 for the binary).
  bad_modes=$(dpkg-deb -c "$deb" | awk '$2 != "root/root" || ($1 !~ /^(drwxr-xr-x|-rw-r--r--|-rwxr-xr-x)$/)')
  [ -z "$bad_modes" ] || fail "owners or modes: $bad_modes"
  if [ -n "$lintian_pid" ]; then
    # Errors fail; warnings are printed.
    wait "$lintian_pid" || true
    grep -v '^running with root privileges' "$tmp/lintian.log" || true
    if grep -q '^E: ' "$tmp/lintian.log"; then fail "lintian reports errors"; fi
  else
    echo "SKIPPED the lintian part: lintian is not installed (.ci/install-deps)"
  fi
fi
echo "package checks: $((SECONDS - start)) s"

if [ $failures != 0 ]; then
  echo "$failures failure(s)" >&2
  exit 1
fi
echo "all install checks passed"
