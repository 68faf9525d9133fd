// Shared by multi_main.cpp and multi_other.cpp: inline functions, templates and a
// function-local static, emitted as COMDAT sections in both objects.
#pragma once
#include <cstdio>

inline int &shared_counter() {
  static int counter = 0;
  return counter;
}

template <typename T>
struct Accumulator {
  T total{};
  void add(T v) {
    total += v;
    shared_counter()++;
  }
};

template <typename T>
T twice(T v) {
  return v + v;
}

int other_work(int x);
int weak_or_strong();
