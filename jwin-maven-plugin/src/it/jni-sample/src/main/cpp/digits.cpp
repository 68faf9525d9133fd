#include <stdexcept>
#include <string>
#include "sample_Native.h"

static int digits(jlong n) {
  if (n < 0) throw std::invalid_argument("negative");
  return static_cast<int>(std::to_string(static_cast<long long>(n)).size());
}

extern "C" JNIEXPORT jint JNICALL Java_sample_Native_decimalDigits(JNIEnv *, jclass, jlong n) {
  try {
    return digits(n);
  } catch (const std::invalid_argument &) {
    return -1;
  }
}
