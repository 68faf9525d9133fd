#include <stdio.h>

int main(int argc, char **argv) {
  printf("Hello from Windows, linked by jwin (%d argument%s)\n", argc - 1, argc == 2 ? "" : "s");
  return 0;
}
