// expect-exit: 0
// Calls template code folded by identical code folding (icf_templates.cpp, MSVC C++ ABI).
#include <stdio.h>

extern int (*icf_scalers[])(int);
int icf_sums(int n);
int icf_legs(int n);

int main(void) {
  printf("sums %d %d\n", icf_sums(1), icf_sums(5));
  printf("legs %d\n", icf_legs(3));
  for (int i = 0; i < 3; i++) printf("scale[%d](7) = %d\n", i, icf_scalers[i](7));
  return 0;
}
