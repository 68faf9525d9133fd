# Sourced by bench scripts: cc_project DIR N writes DIR/src/ with N C files (each including a shared header and two
# system headers) and a main.c calling them all, and sets the array srcs to their paths relative to DIR.
cc_project() {
  mkdir -p "$1/src"
  printf '#pragma once\n#include <stdio.h>\n#include <string.h>\nint f_sum(int);\n' > "$1/src/common.h"
  srcs=()
  for i in $(seq 0 $(($2 - 1))); do
    n=$(printf %03d "$i")
    { echo '#include "common.h"'
      echo "int f$n(int x) { char b[32]; snprintf(b, sizeof b, \"%d\", x + $i); return (int) strlen(b) + x * $i; }"
    } > "$1/src/f$n.c"
    srcs+=("src/f$n.c")
  done
  { echo '#include "common.h"'
    for i in $(seq 0 $(($2 - 1))); do printf 'int f%03d(int);\n' "$i"; done
    echo 'int f_sum(int x) { int s = 0;'
    for i in $(seq 0 $(($2 - 1))); do printf '  s += f%03d(x);\n' "$i"; done
    echo '  return s; }'
    echo 'int main(void) { printf("%d\n", f_sum(1)); return 0; }'
  } > "$1/src/main.c"
  srcs+=("src/main.c")
}
