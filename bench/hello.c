/* The "real program" scenario: a small C program; the link is dominated by the mingw runtime. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int compare(const void* a, const void* b) { return strcmp(*(const char* const*)a, *(const char* const*)b); }

int main(int argc, char** argv) {
  const char* words[] = {"linker", "hello", "world", "coff", "mingw"};
  qsort(words, sizeof words / sizeof words[0], sizeof words[0], compare);
  printf("hello, world (argc %d)\n", argc);
  for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) printf("%zu %s\n", i, words[i]);
  char buf[64];
  snprintf(buf, sizeof buf, "%.3f", 3.14159 * argc);
  puts(buf);
  return 7;
}
