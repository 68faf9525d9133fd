// C++ scenario of bench/run: iostream, std::string, containers, exceptions across functions; linked with static
// libstdc++. Prints a checksum of what it computed; a wrong relocation or unwind table shows up in the output.
#include <iostream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace {
struct Parse : std::runtime_error {
  int at;
  Parse(const std::string &what, int at) : std::runtime_error(what), at(at) {}
};

long parse(const std::string &s) {
  long v = 0;
  for (size_t i = 0; i < s.size(); i++) {
    if (s[i] < '0' || s[i] > '9') throw Parse("bad digit in '" + s + "'", static_cast<int>(i));
    v = v * 10 + (s[i] - '0');
  }
  return v;
}
}  // namespace

int main() {
  std::vector<std::string> words = {"12", "7x", "345", "", "9q9", "1000"};
  std::map<std::string, long> ok;
  int errors = 0, where = 0;
  for (const auto &w : words) {
    try {
      ok[w] = parse(w);
    } catch (const Parse &e) {
      errors++;
      where += e.at;
      std::cout << "error: " << e.what() << " at " << e.at << "\n";
    }
  }
  std::ostringstream out;
  long sum = 0;
  for (const auto &kv : ok) {
    const std::string &k = kv.first;
    long v = kv.second;
    out << '[' << k << ']' << '=' << v << ' ';
    sum += v;
  }
  try {
    std::vector<int> v(3);
    v.at(7) = 1;
  } catch (const std::out_of_range &) {
    errors++;
  }
  std::cout << out.str() << "\nsum " << sum << " errors " << errors << " at " << where << std::endl;
  return static_cast<int>(sum % 100);
}
