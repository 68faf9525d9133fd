// Floating point: printf of doubles, math functions from msvcrt and libmingwex.
// e2e-args: 2.5
// expect-exit: 12
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static volatile double seed = 0.75;

int main(int argc, char **argv) {
  double x = argc > 1 ? strtod(argv[1], NULL) : 1.0;
  double y = seed;
  printf("x=%.3f y=%.3f\n", x, y);
  printf("sqrt=%.6f pow=%.6f\n", sqrt(x), pow(x, y));
  printf("sin=%.6f cos=%.6f atan2=%.6f\n", sin(y), cos(y), atan2(y, x));
  printf("exp=%.6f log=%.6f log10=%.6f\n", exp(y), log(x), log10(x * 40));
  printf("fmod=%.4f floor=%.1f ceil=%.1f\n", fmod(x * 7, 3.0), floor(-x), ceil(x));
  printf("cbrt=%.6f hypot=%.6f log1p=%.6f\n", cbrt(x * 10.8), hypot(x, 6.0), log1p(y));
  printf("lround=%ld trunc=%.1f fmax=%.2f\n", lround(x * 3.5), trunc(-x * 1.9), fmax(x, y));
  printf("sci=%e g=%g\n", x * 12345.678, y / 3.0);
  double acc = 0;
  for (int i = 1; i <= 1000; i++) acc += 1.0 / ((double)i * i);
  printf("basel=%.9f pi2/6=%.9f\n", acc, M_PI * M_PI / 6);
  return (int)(x * 4.8);
}
