// Built with -ffunction-sections -fdata-sections and linked with -opt:ref and
// -opt:noref: the unused function and table must be dropped by -opt:ref.
// expect-exit: 13
#include <stdio.h>

#define R4(x) x x x x
#define R16(x) R4(R4(x))
#define R256(x) R16(R16(x))

const unsigned unused_table[16384] = {1, 2, 3, 4, 5, 6, 7, 8};
const unsigned used_table[4] = {2, 3, 5, 7};

__attribute__((noinline)) int unused_function(volatile int *p) {
  R256(*p = *p * 3 + 1; *p ^= *p >> 3;)
  R256(*p = *p * 5 + 7; *p ^= *p << 2;)
  return *p + (int)unused_table[*p & 16383];
}

__attribute__((noinline)) int used_function(int x) {
  return x * 2 + (int)used_table[x & 3];
}

int main(void) {
  int r = used_function(3);
  printf("used_function(3)=%d\n", r);
  return r;
}
