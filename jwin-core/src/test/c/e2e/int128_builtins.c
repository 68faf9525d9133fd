// 128-bit integer division and conversions: clang calls compiler support routines (__udivti3,
// __umodti3, __divti3, __floatuntidf, __fixunsdfti) for them, from libgcc or compiler-rt.
// expect-exit: 7
#include <stdio.h>

typedef unsigned __int128 u128;
typedef __int128 i128;

static void print_u128(u128 v) {
  char buf[48];
  int i = sizeof buf - 1;
  buf[i] = 0;
  do {
    buf[--i] = (char)('0' + (int)(v % 10));
    v /= 10;
  } while (v);
  printf("%s\n", buf + i);
}

int main(void) {
  volatile u128 a = ((u128)0x0123456789abcdefULL << 64) | 0xfedcba9876543210ULL;
  volatile u128 b = 1000000007;
  print_u128(a);
  print_u128(a / b);
  print_u128(a % b);
  volatile i128 n = -(i128)a / 3;
  printf("%s\n", n < 0 ? "negative" : "positive");
  print_u128((u128)-n);
  volatile double d = (double)a;
  printf("%.6e\n", d);
  volatile double e = 1e30;
  print_u128((u128)e);
  return 7;
}
