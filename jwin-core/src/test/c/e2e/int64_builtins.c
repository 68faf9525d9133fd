// 64-bit division and float conversions: on 32-bit machines clang calls compiler support routines
// (__udivdi3, __divdi3, __umoddi3, __moddi3, __fixunsdfdi, __floatundidf) for them.
// expect-exit: 5
#include <stdio.h>

int main(void) {
  volatile unsigned long long a = 0xfedcba9876543210ULL;
  volatile unsigned long long b = 1000000007ULL;
  volatile long long c = -0x123456789abcdefLL;
  printf("%llu %llu\n", a / b, a % b);
  printf("%lld %lld\n", c / 12345, c % 12345);
  volatile double d = 1.8e19;
  printf("%llu\n", (unsigned long long)d);
  printf("%.1f\n", (double)a);
  return 5;
}
