#include <stdio.h>
int archive_unused_function(void) { return 1; }
__attribute__((constructor)) static void unused_ctor(void) { printf("archive_unused.o must not be linked\n"); }
