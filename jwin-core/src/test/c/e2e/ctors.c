// Static constructors and destructors with priorities, and atexit.
// expect-exit: 5
#include <stdio.h>
#include <stdlib.h>

static int order[8];
static int n;

__attribute__((constructor(200))) static void ctor_late(void) { order[n++] = 2; }
__attribute__((constructor(101))) static void ctor_early(void) { order[n++] = 1; }
__attribute__((constructor)) static void ctor_default(void) { order[n++] = 3; }

__attribute__((destructor)) static void dtor(void) {
  printf("destructor runs after main, n=%d\n", n);
  fflush(stdout);
}

static void at_exit_handler(void) { printf("atexit handler\n"); }

int main(void) {
  printf("ctors ran: %d\n", n);
  for (int i = 0; i < n; i++) printf("order[%d]=%d\n", i, order[i]);
  atexit(at_exit_handler);
  return 5;
}
