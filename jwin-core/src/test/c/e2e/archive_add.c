int archive_calls;
int archive_add(int a, int b) {
  archive_calls++;
  return a + b;
}
