#!/usr/bin/env bash
# Builds the native parts of herald-bench into herald-bench/target/native/ (cc -O2), when missing or
# older than their sources:
#   sse-client   the light epoll load client (herald-bench/native/*.c); its --selftest must pass
#   floor        the reference "least work" SSE server, built from the shared reference file
#                floor.c (not copied into this repository), with io_uring when liburing is there
# floor.c is looked up in $FLOOR_SRC, then ../shared/peers/floor.c beside the repository, then
# /work/shared/peers/floor.c. A missing floor.c is an error only when it is needed (NEED_FLOOR=1).
# Environment: URING=0 builds the floor without io_uring even when liburing-dev is installed;
#              URING=install runs "apt-get install -y liburing-dev" first when it is missing.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"     # herald-bench/
root="$(cd "$here/.." && pwd)"
out="$here/target/native"
mkdir -p "$out"
CC="${CC:-cc}"
command -v "$CC" >/dev/null || { echo "build-native: no C compiler ($CC); apt-get install -y gcc" >&2; exit 2; }

newer() { # newer TARGET SOURCES...: true when TARGET is missing or older than any source
  local t="$1"; shift
  [[ -x "$t" ]] || return 0
  for s in "$@"; do [[ "$s" -nt "$t" ]] && return 0; done
  return 1
}

src=("$here"/native/*.c "$here"/native/*.h)
if newer "$out/sse-client" "${src[@]}"; then
  "$CC" -O2 -Wall -o "$out/sse-client.tmp" "$here"/native/*.c
  "$out/sse-client.tmp" --selftest >/dev/null || { echo "build-native: sse-client --selftest failed" >&2; exit 1; }
  mv "$out/sse-client.tmp" "$out/sse-client"
  echo "build-native: built $out/sse-client"
fi

floor_src=""
for f in "${FLOOR_SRC:-}" "$root/../shared/peers/floor.c" /work/shared/peers/floor.c; do
  [[ -n "$f" && -f "$f" ]] && { floor_src="$f"; break; }
done
if [[ -z "$floor_src" ]]; then
  if [[ "${NEED_FLOOR:-0}" == "1" ]]; then
    echo "build-native: floor.c not found (set FLOOR_SRC=/path/to/floor.c)" >&2; exit 2
  fi
  exit 0
fi
has_uring() { [[ -f /usr/include/liburing.h ]]; }
if [[ "${URING:-1}" == "install" ]] && ! has_uring; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq liburing-dev >/dev/null || true
fi
if newer "$out/floor" "$floor_src"; then
  if [[ "${URING:-1}" != "0" ]] && has_uring; then
    "$CC" -O2 -DWITH_URING -o "$out/floor" "$floor_src" -luring
    echo "build-native: built $out/floor from $floor_src (with io_uring: --uring available)"
  else
    "$CC" -O2 -o "$out/floor" "$floor_src"
    echo "build-native: built $out/floor from $floor_src (without io_uring)"
  fi
fi
