#!/usr/bin/env bash
# Checks the generated Swift bindings without a Swift compiler:
#   check-swift.sh GENERATED_DIR LIBRARY VENV_DIR
# - the C header compiles (gcc -fsyntax-only, Clang's nullability keywords defined away);
# - the .swift file parses with tree-sitter's Swift grammar, and agrees with the header and
#   the library (check_swift.py).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
generated="$1" library="$2" venv="$3"

header="$(ls "$generated"/*.h)"
# Included twice, as a C file would: also checks its include guard.
printf '#include "%s"\n#include "%s"\n' "$(basename "$header")" "$(basename "$header")" |
  gcc -fsyntax-only -std=c11 -Wall -Wextra -Werror -D_Nullable= -D_Nonnull= -I "$generated" -x c -
modulemap="$(ls "$generated"/*.modulemap)"
grep -q "header \"$(basename "$header")\"" "$modulemap" || { echo "FAIL $modulemap does not name $(basename "$header")" >&2; exit 1; }
echo "swift check: $(basename "$header") compiles (gcc -fsyntax-only)"

if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$here/requirements.txt"
"$venv/bin/python" "$here/check_swift.py" "$generated" "$library"
