// C++ global objects with constructors and destructors, function-local statics.
// expect-exit: 9
#include <cstdio>

static int counter;

struct Tracer {
  const char *name;
  int id;
  explicit Tracer(const char *n) : name(n), id(++counter) { std::printf("ctor %s #%d\n", name, id); }
  ~Tracer() { std::printf("dtor %s #%d\n", name, id); std::fflush(stdout); }
};

Tracer first("first");
Tracer second("second");

static Tracer &lazy() {
  static Tracer t("lazy");
  return t;
}

int main() {
  std::printf("main: counter=%d\n", counter);
  std::printf("lazy id=%d\n", lazy().id);
  std::printf("lazy again id=%d\n", lazy().id);
  return counter * 3;
}
