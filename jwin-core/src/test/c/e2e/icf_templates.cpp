// Compiled for the MSVC C++ ABI (x86_64-pc-windows-msvc), whose COMDAT sections are all named .text, .rdata,
// .pdata, .xdata, so identical code can fold; linked into a mingw program through extern "C" entry points.
template <typename T> __attribute__((noinline)) T scale(T x) { return x * 3 + 1; }

template <typename T> __attribute__((noinline)) T sum(const T *a, int n) {
  T s = 0;
  for (int i = 0; i < n; i++) s += scale(a[i]);
  return s;
}

struct Animal {
  virtual int legs() const = 0;
  virtual int eyes() const { return 2; }
};
struct Dog : Animal { int legs() const override { return 4; } };
struct Cat : Animal { int legs() const override { return 4; } };
struct Bird : Animal { int legs() const override { return 2; } };

template <typename A> __attribute__((noinline)) int count(int n) {
  A a;
  const Animal *p = &a;
  return n * (p->legs() + p->eyes());
}

extern "C" {
int (*icf_scalers[])(int) = {scale<int>, reinterpret_cast<int (*)(int)>(scale<unsigned>),
                             reinterpret_cast<int (*)(int)>(scale<long>)};

int icf_sums(int n) {
  int ai[8];
  unsigned au[8];
  long al[8];
  for (int i = 0; i < 8; i++) ai[i] = au[i] = al[i] = i + n;
  return sum(ai, 8) + (int)sum(au, 8) + (int)sum(al, 8);
}

int icf_legs(int n) { return count<Dog>(n) * 100 + count<Cat>(n) * 10 + count<Bird>(n); }
}
