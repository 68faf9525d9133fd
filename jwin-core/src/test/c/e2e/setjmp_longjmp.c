// setjmp/longjmp through several frames (uses SEH unwinding on x64).
// expect-exit: 21
#include <setjmp.h>
#include <stdio.h>

static jmp_buf env;
static volatile int depth_reached;

static void dive(int depth) {
  depth_reached = depth;
  if (depth == 5) longjmp(env, depth * 4);
  dive(depth + 1);
  printf("never printed\n");
}

int main(void) {
  volatile int rounds = 0;
  int v = setjmp(env);
  printf("setjmp returned %d (round %d)\n", v, rounds);
  if (rounds++ < 2) dive(1);
  printf("depth reached %d\n", depth_reached);
  return v + 1;
}
