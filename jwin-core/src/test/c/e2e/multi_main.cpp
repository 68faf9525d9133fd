// Two C++ objects sharing inline functions and templates (COMDAT folding by selection),
// and a weak function overridden by a strong definition in the other object.
// expect-exit: 18
#include "multi_shared.h"

extern "C" __attribute__((weak)) int weak_value() { return 1; }
extern "C" __attribute__((weak)) int weak_only() { return 100; }

int weak_or_strong() { return weak_value() * 10 + weak_only() / 100; }

int main() {
  Accumulator<int> a;
  a.add(twice(3));
  a.add(4);
  int o = other_work(5);
  std::printf("main total=%d other=%d counter=%d\n", a.total, o, shared_counter());
  std::printf("weak_or_strong=%d twice(1.5)=%.1f\n", weak_or_strong(), twice(1.5));
  return a.total + o + shared_counter() - 8;
}
