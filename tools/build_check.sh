#!/usr/bin/env bash
# Build the one-folder bundle with build.spec and prove that the built programs work.
#
#   bash tools/build_check.sh               build, then check dist/gridapp/
#   bash tools/build_check.sh --no-build    check an existing dist/gridapp/ only
#   BUILD_CHECK_CLEAN=1 bash tools/build_check.sh    build with --clean (no PyInstaller cache)
#
# Checks: the bundle holds the app's data (font and its licence, translations, Alembic migrations, Faker's
# zh_CN lists, Qt's zh_CN translation, the offscreen Qt platform); `--version` of both programs; a CLI round
# trip on a temporary database (init, demo --residents 300, check, and a refused command); the GUI started
# offscreen with --smoke, in Chinese and in English. Everything runs from a temporary folder, with
# GRIDAPP_DATA_DIR and GRIDAPP_CONFIG_DIR pointing into it, so nothing of the user's or the checkout's is
# touched or used. Exits non-zero at the first failure. Needs no display (QT_QPA_PLATFORM=offscreen).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIST="$ROOT/dist/gridapp"
INTERNAL="$DIST/_internal"
BUILD=1
[[ "${1:-}" == "--no-build" ]] && BUILD=0

EXE=""
GUI_PRINTS=1  # the GUI program is windowed on Windows: it has no stdout there
case "$(uname -s)" in
  MINGW* | MSYS* | CYGWIN*) EXE=".exe"; GUI_PRINTS=0 ;;
esac
GUI="$DIST/gridapp$EXE"
CLI="$DIST/gridapp-cli$EXE"

if [[ -x "$ROOT/.venv/bin/pyinstaller" ]]; then
  PYINSTALLER="$ROOT/.venv/bin/pyinstaller"
elif [[ -x "$ROOT/.venv/Scripts/pyinstaller.exe" ]]; then
  PYINSTALLER="$ROOT/.venv/Scripts/pyinstaller.exe"
else
  PYINSTALLER="$(command -v pyinstaller || true)"
fi

TMP="$(mktemp -d "${TMPDIR:-/tmp}/gridapp-build-check.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT
export GRIDAPP_DATA_DIR="$TMP/data" GRIDAPP_CONFIG_DIR="$TMP/config"
export QT_QPA_PLATFORM=offscreen
if [[ -z "${XDG_RUNTIME_DIR:-}" ]]; then
  mkdir -m 700 "$TMP/runtime"
  export XDG_RUNTIME_DIR="$TMP/runtime"
fi
unset PYTHONPATH PYTHONHOME
TIMEOUT=()
command -v timeout >/dev/null && TIMEOUT=(timeout 120)  # a start-up that waits on a dialog must not hang CI

step() { printf '\n== %s\n' "$*"; }
fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }
ok() { printf 'ok: %s\n' "$*"; }

# run NAME EXPECTED_RC CMD...: runs CMD in $TMP with a time limit, shows its output, saves it in
# $TMP/NAME.out and $TMP/NAME.err, and fails unless the exit code is EXPECTED_RC and stderr has no traceback.
run() {
  local name="$1" want="$2" rc=0 t0 t1
  shift 2
  printf '$ %s\n' "${*/#$DIST\//dist/gridapp/}"
  t0=$(date +%s.%N)
  (cd "$TMP" && "${TIMEOUT[@]}" "$@") >"$TMP/$name.out" 2>"$TMP/$name.err" || rc=$?
  t1=$(date +%s.%N)
  sed 's/^/  | /' "$TMP/$name.out"
  if [[ "$rc" != "$want" ]] || grep -q "Traceback (most recent call last)" "$TMP/$name.err"; then
    sed 's/^/  ! /' "$TMP/$name.err" >&2
    fail "$name: exit code $rc (expected $want)"
  fi
  [[ -s "$TMP/$name.err" ]] && sed 's/^/  ! /' "$TMP/$name.err" | tail -n 5
  awk -v rc="$rc" -v t0="$t0" -v t1="$t1" 'BEGIN { printf "  (exit %s, %.2f s)\n", rc, t1 - t0 }'
}

# ---------------------------------------------------------------------------------------------- build
if [[ "$BUILD" == 1 ]]; then
  step "build (PyInstaller, build.spec)"
  [[ -n "$PYINSTALLER" ]] || fail "pyinstaller not found (pip install -e '.[build]')"
  args=(--noconfirm)
  [[ "${BUILD_CHECK_CLEAN:-0}" == 1 ]] && args+=(--clean)
  t0=$(date +%s)
  (cd "$ROOT" && "$PYINSTALLER" "${args[@]}" build.spec) >"$TMP/build.log" 2>&1 || {
    tail -n 40 "$TMP/build.log" >&2
    fail "PyInstaller failed"
  }
  t1=$(date +%s)
  grep -E "WARNING|ERROR" "$TMP/build.log" | sed 's/^[0-9]* /  /' | sort | uniq -c | sed 's/^/  /' || true
  ok "built in $((t1 - t0)) s"
fi

# ---------------------------------------------------------------------------------------------- contents
step "bundle contents"
[[ -x "$GUI" ]] || fail "no GUI program $GUI"
[[ -x "$CLI" ]] || fail "no CLI program $CLI"
[[ -d "$INTERNAL" ]] || fail "no $INTERNAL"
need() { [[ -f "$INTERNAL/$1" ]] || fail "missing in the bundle: $1"; }
need resources/fonts/wqy-microhei.ttc
need resources/fonts/LICENSE-wqy-microhei.txt
cmp -s "$ROOT/resources/fonts/wqy-microhei.ttc" "$INTERNAL/resources/fonts/wqy-microhei.ttc" \
  || fail "bundled font differs from resources/fonts/wqy-microhei.ttc"
for ts in "$ROOT"/resources/translations/*.ts; do
  [[ -e "$ts" ]] || continue
  need "resources/translations/$(basename "${ts%.ts}").qm"
done
for f in "$ROOT"/resources/icons/*; do
  [[ -e "$f" ]] || continue
  need "resources/icons/$(basename "$f")"
done
need gridapp/db/migrations/env.py
need gridapp/db/migrations/script.py.mako
for v in "$ROOT"/gridapp/db/migrations/versions/*.py; do
  need "gridapp/db/migrations/versions/$(basename "$v")"
  cmp -s "$v" "$INTERNAL/gridapp/db/migrations/versions/$(basename "$v")" || fail "stale migration $(basename "$v")"
done
n_src=$(find "$ROOT/gridapp/db/migrations/versions" -maxdepth 1 -name '*.py' | wc -l)
n_dst=$(find "$INTERNAL/gridapp/db/migrations/versions" -maxdepth 1 -name '*.py' | wc -l)
[[ "$n_src" == "$n_dst" ]] || fail "migrations: $n_src in the source, $n_dst in the bundle"
need faker/providers/person/zh_CN/__init__.py
ls "$INTERNAL"/pypdfium2_raw/*pdfium* >/dev/null 2>&1 || fail "no pdfium library (report preview) in the bundle"
need PySide6/Qt/translations/qtbase_zh_CN.qm
ls "$INTERNAL"/PySide6/Qt/plugins/platforms/*offscreen* >/dev/null 2>&1 || fail "no offscreen Qt platform plugin"
for heavy in QtWebEngineCore Qt3DCore QtQuick QtQml QtMultimedia; do
  ls "$INTERNAL"/PySide6/"$heavy".* >/dev/null 2>&1 && fail "unwanted Qt module in the bundle: $heavy"
  ls "$INTERNAL"/libQt6"${heavy#Qt}".so* >/dev/null 2>&1 && fail "unwanted Qt library in the bundle: $heavy"
done
ok "font + licence, translations, $n_dst migration(s), Faker zh_CN, Qt zh_CN, offscreen plugin; no heavy Qt modules"
du -sh "$DIST" | awk '{print "bundle size: " $1}'
printf 'files: %s\n' "$(find "$DIST" -type f | wc -l)"

# ---------------------------------------------------------------------------------------------- version
step "--version"
VERSION="$(sed -n 's/^__version__ = "\(.*\)"/\1/p' "$ROOT/gridapp/__init__.py")"
run cli-version 0 "$CLI" --version
grep -qx "gridapp $VERSION" "$TMP/cli-version.out" || fail "gridapp-cli --version did not print 'gridapp $VERSION'"
run gui-version 0 "$GUI" --version
if [[ "$GUI_PRINTS" == 1 ]]; then
  grep -qx "gridapp $VERSION" "$TMP/gui-version.out" || fail "gridapp --version did not print 'gridapp $VERSION'"
fi

# ---------------------------------------------------------------------------------------------- CLI
step "CLI round trip on a temporary database"
DB="$TMP/gridapp.sqlite3"
export GRIDAPP_NEW_PASSWORD="check-2026x" GRIDAPP_PASSWORD="check-2026x" GRIDAPP_USER="checker"
run cli-init 0 "$CLI" --db "$DB" init --unit 370303001001 --name 测试社区 --level community --admin checker
# the bundle carries SQLCipher: the file it made is not a plain SQLite file
[[ "$(head -c 15 "$DB")" != "SQLite format 3" ]] || fail "init made an unencrypted database (sqlcipher3 missing?)"
run cli-demo 0 "$CLI" --db "$DB" --user checker demo --residents 300
grep -q "300 名居民" "$TMP/cli-demo.out" || fail "demo did not report 300 residents"
run cli-check 0 "$CLI" --db "$DB" --user checker check
grep -q "检查通过" "$TMP/cli-check.out" || fail "check did not pass"
run cli-stats 0 "$CLI" --db "$DB" --user checker stats
run cli-report-list 0 "$CLI" report list
grep -q "roster" "$TMP/cli-report-list.out" || fail "report list did not list the roster"
run cli-report 0 "$CLI" --db "$DB" report roster --unit 370303001001 --period 2026-01 --out "$TMP/roster.pdf"
[[ "$(head -c 5 "$TMP/roster.pdf")" == "%PDF-" ]] || fail "report roster did not write a PDF"
grep -aq "FontFile2" "$TMP/roster.pdf" || fail "the roster PDF has no embedded font"
run cli-report-scope 1 "$CLI" --db "$DB" report roster --unit 370303002 --out "$TMP/x.pdf"
grep -q "范围" "$TMP/cli-report-scope.err" || fail "a unit outside the scope was not refused in Chinese"
run cli-missing 1 "$CLI" --db "$TMP/missing.sqlite3" check
grep -q "数据库文件不存在" "$TMP/cli-missing.err" || fail "a missing database was not refused in Chinese"
# the ledger round trip: openpyxl writes the export, calamine (a compiled extension) reads it back; the
# masked ID numbers cannot come back in as valid, so every row is refused (exit 3) with its reason
run cli-export 0 "$CLI" --db "$DB" residents export "$TMP/ledger.xlsx"
run cli-import 3 "$CLI" --db "$DB" residents import "$TMP/ledger.xlsx" --dry-run
grep -Eq "拒绝 [1-9][0-9]* 行" "$TMP/cli-import.out" || fail "residents import did not read the exported ledger"

# ---------------------------------------------------------------------------------------------- GUI
step "GUI smoke start (offscreen)"
run gui-smoke 0 "$GUI" --db "$DB" --smoke
run gui-smoke-en 0 "$GUI" --db "$DB" --lang en --smoke
if [[ "$GUI_PRINTS" == 1 ]]; then
  for s in gui-smoke gui-smoke-en; do
    grep -Eq '^ready in [0-9.]+ s(, cpu [0-9.]+ s)?$' "$TMP/$s.out" || fail "$s: no 'ready in X s' line"
    if grep -E "could not load the bundled font|no translation for" "$TMP/$s.err"; then
      fail "$s: the bundle's font or translation did not load"
    fi
  done
fi

printf '\nall build checks passed\n'
