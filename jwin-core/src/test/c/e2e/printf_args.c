// printf, argv handling and a distinctive exit code.
// e2e-args: alpha beta 42
// expect-exit: 37
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int checksum(const char *s) {
  int h = 7;
  for (; *s; s++) h = h * 31 + (unsigned char)*s;
  return h & 0xffff;
}

int main(int argc, char **argv) {
  printf("argc=%d\n", argc);
  for (int i = 1; i < argc; i++)
    printf("argv[%d]=%s len=%zu sum=%d\n", i, argv[i], strlen(argv[i]), checksum(argv[i]));
  int n = argc > 3 ? atoi(argv[3]) : 0;
  printf("int %d hex %#x str %-6s| char %c\n", n, n * 1000, "ok", 'Z');
  char buf[64];
  snprintf(buf, sizeof buf, "%05d/%s", n, argc > 1 ? argv[1] : "none");
  puts(buf);
  fflush(stdout);
  return argc == 4 ? 37 : 1;
}
