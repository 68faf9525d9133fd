#include "multi_shared.h"

extern "C" int weak_value() { return 2; }

int other_work(int x) {
  Accumulator<int> a;
  a.add(twice(x));
  Accumulator<double> d;
  d.add(0.5);
  return a.total + static_cast<int>(d.total * 4);
}
