// wmain entry point, compiled and linked with -municode (crt2u.o).
// e2e-args: one two
// expect-exit: 23
#include <stdio.h>
#include <wchar.h>

int wmain(int argc, wchar_t **argv, wchar_t **envp) {
  printf("wmain argc=%d envp set=%d\n", argc, envp != NULL);
  for (int i = 1; i < argc; i++) {
    char buf[64];
    int n = 0;
    for (const wchar_t *p = argv[i]; *p && n < 63; p++) buf[n++] = (char)*p;
    buf[n] = 0;
    printf("arg %d: %s (wcslen %zu)\n", i, buf, wcslen(argv[i]));
  }
  wchar_t w[32];
  swprintf(w, 32, L"%d-%ls", argc * 7, L"wide");
  printf("swprintf wcslen=%zu first=%c\n", wcslen(w), (char)w[0]);
  return 20 + argc;
}
