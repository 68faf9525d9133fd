// C++ exceptions across functions, std::string and std::vector (libstdc++).
// expect-exit: 21
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

struct Guard {
  std::string name;
  explicit Guard(std::string n) : name(std::move(n)) {}
  ~Guard() { std::printf("unwind %s\n", name.c_str()); }
};

struct MyError : std::runtime_error {
  int code;
  MyError(const std::string &what, int c) : std::runtime_error(what), code(c) {}
};

__attribute__((noinline)) static int level3(int x) {
  Guard g("level3");
  if (x > 2) throw MyError("too big: " + std::to_string(x), x * 2);
  return x;
}

__attribute__((noinline)) static int level2(int x) {
  Guard g("level2");
  return level3(x + 1) + 1;
}

__attribute__((noinline)) static int level1(int x) {
  std::vector<int> v;
  for (int i = 0; i < x; i++) v.push_back(i * i);
  return level2(x) + static_cast<int>(v.size());
}

int main() {
  std::vector<std::string> words{"alpha", "beta", "gamma"};
  std::string joined;
  for (const auto &w : words) joined += w + ",";
  std::printf("joined=%s size=%zu\n", joined.c_str(), joined.size());
  int total = 0;
  for (int x = 0; x < 4; x++) {
    try {
      int r = level1(x);
      std::printf("level1(%d)=%d\n", x, r);
      total += r;
    } catch (const MyError &e) {
      std::printf("caught MyError '%s' code=%d\n", e.what(), e.code);
      total += e.code;
    }
  }
  try {
    std::vector<int> small(2);
    small.at(5) = 1;
  } catch (const std::out_of_range &) {
    std::printf("caught out_of_range\n");
    total += 1;
  }
  try {
    throw 42;
  } catch (int i) {
    std::printf("caught int %d\n", i);
  }
  std::printf("total=%d\n", total);
  return total;
}
