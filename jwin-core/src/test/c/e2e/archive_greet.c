extern int archive_calls;
static const char text[] = "hello from archive";
const char *archive_greeting(void) {
  archive_calls += 10;
  return text;
}
