// Program linked against a static archive (llvm-ar rcs) of archive_add.c,
// archive_greet.c and archive_unused.c. Only the members that resolve an
// undefined symbol may be pulled in: archive_unused.o has a constructor that
// would print if it were linked.
// expect-exit: 13
#include <stdio.h>

int archive_add(int a, int b);
const char *archive_greeting(void);
extern int archive_calls;

int main(void) {
  int r = archive_add(6, 7);
  printf("%s: 6+7=%d calls=%d\n", archive_greeting(), r, archive_calls);
  return r;
}
