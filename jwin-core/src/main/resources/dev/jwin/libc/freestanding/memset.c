/* memset for freestanding programs; compilers call it to zero local arrays and structs. Part of jwin. */
#include <stddef.h>

void *memset(void *dest, int c, size_t n) {
  unsigned char *d = dest;
  while (n--) *d++ = (unsigned char)c;
  return dest;
}
