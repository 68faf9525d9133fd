// A 64 MiB zero-initialised static array, touched sparsely.
// expect-exit: 64
#include <stdio.h>

#define SIZE (64u << 20)
static unsigned char big[SIZE];
static int small_bss[16];

int main(void) {
  unsigned long long sum = 0;
  int nonzero = 0;
  for (unsigned i = 0; i < SIZE; i += 1u << 20) nonzero += big[i] != 0;
  for (unsigned i = 0; i < SIZE; i += 4096 * 37) big[i] = (unsigned char)(i >> 12);
  big[SIZE - 1] = 0xAB;
  for (unsigned i = 0; i < SIZE; i += 4096 * 37) sum += big[i];
  small_bss[15] = 3;
  printf("initially nonzero pages: %d\n", nonzero);
  printf("sum=%llu last=%#x small=%d\n", sum, big[SIZE - 1], small_bss[15] + small_bss[0]);
  printf("size=%zu MiB\n", sizeof big >> 20);
  return (int)(sizeof big >> 20);
}
