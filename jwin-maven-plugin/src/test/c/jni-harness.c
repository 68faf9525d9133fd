/*
 * Loads a JNI DLL under Wine and calls its native methods through a JNIEnv of our own: just the table slots
 * the sample uses, over C stand-ins for strings, int arrays and a callback object. Prints one line per check;
 * exit code 0 when all pass. Usage: jni-harness DLL
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>
#include "jni.h"

struct _jobject {
  int kind; /* 1 string, 2 int array, 3 callback */
  const char *utf;
  jsize length;
  jint *ints;
  jint (*apply)(jint);
};

static int failures;
static int released;

static const char *JNICALL get_string_utf_chars(JNIEnv *env, jstring s, jboolean *copy) {
  (void)env;
  if (copy) *copy = JNI_FALSE;
  return s->utf;
}
static void JNICALL release_string_utf_chars(JNIEnv *env, jstring s, const char *chars) {
  (void)env;
  if (chars == s->utf) released++;
}
static jstring JNICALL new_string_utf(JNIEnv *env, const char *utf) {
  (void)env;
  struct _jobject *o = calloc(1, sizeof *o);
  o->kind = 1;
  o->utf = strdup(utf);
  return o;
}
static jsize JNICALL get_array_length(JNIEnv *env, jarray a) {
  (void)env;
  return a->length;
}
static jint *JNICALL get_int_array_elements(JNIEnv *env, jintArray a, jboolean *copy) {
  (void)env;
  if (copy) *copy = JNI_FALSE;
  return a->ints;
}
static void JNICALL release_int_array_elements(JNIEnv *env, jintArray a, jint *elems, jint mode) {
  (void)env;
  if (elems == a->ints && mode == JNI_ABORT) released++;
}
static jclass JNICALL get_object_class(JNIEnv *env, jobject o) {
  (void)env;
  return o; /* the callback object stands for its class */
}
static jmethodID JNICALL get_method_id(JNIEnv *env, jclass k, const char *name, const char *sig) {
  (void)env;
  if (k->kind == 3 && strcmp(name, "apply") == 0 && strcmp(sig, "(I)I") == 0) return (jmethodID)k;
  return NULL;
}
static int calls;
static jint call_int_method(JNIEnv *env, jobject o, jmethodID m, ...) {
  (void)env;
  va_list args;
  va_start(args, m);
  jint x = va_arg(args, jint);
  va_end(args);
  calls++;
  return (jmethodID)o == m ? o->apply(x) : -1000;
}
static jint times_three_plus_one(jint x) { return 3 * x + 1; }

static void check(const char *what, int ok) {
  printf("%s %s\n", ok ? "ok" : "FAILED", what);
  if (!ok) failures++;
}

int main(int argc, char **argv) {
  if (argc != 2) return 2;
  HMODULE dll = LoadLibraryA(argv[1]);
  if (!dll) {
    printf("FAILED LoadLibrary %s: error %lu\n", argv[1], GetLastError());
    return 1;
  }
  struct JNINativeInterface_ table;
  memset(&table, 0, sizeof table);
  table.GetStringUTFChars = get_string_utf_chars;
  table.ReleaseStringUTFChars = release_string_utf_chars;
  table.NewStringUTF = new_string_utf;
  table.GetArrayLength = get_array_length;
  table.GetIntArrayElements = get_int_array_elements;
  table.ReleaseIntArrayElements = release_int_array_elements;
  table.GetObjectClass = get_object_class;
  table.GetMethodID = get_method_id;
  table.CallIntMethod = call_int_method;
  JNIEnv env = &table;

  typedef jstring(JNICALL * greet_fn)(JNIEnv *, jclass, jstring);
  typedef jint(JNICALL * sum_fn)(JNIEnv *, jclass, jintArray);
  typedef jint(JNICALL * twice_fn)(JNIEnv *, jclass, jobject, jint);
  typedef jint(JNICALL * order_fn)(JNIEnv *, jclass, jint);
  typedef jint(JNICALL * digits_fn)(JNIEnv *, jclass, jlong);
  greet_fn greet = (greet_fn)(void *)GetProcAddress(dll, "Java_sample_Native_greet");
  sum_fn sum = (sum_fn)(void *)GetProcAddress(dll, "Java_sample_Native_sum");
  twice_fn twice = (twice_fn)(void *)GetProcAddress(dll, "Java_sample_Native_applyTwice");
  order_fn order = (order_fn)(void *)GetProcAddress(dll, "Java_sample_Native_networkOrder");
  digits_fn digits = (digits_fn)(void *)GetProcAddress(dll, "Java_sample_Native_decimalDigits");
  check("GetProcAddress of every native", greet && sum && twice && order && digits);
  if (!(greet && sum && twice && order && digits)) return 1;

  struct _jobject name = {1, "Wine", 0, NULL, NULL};
  jstring g = greet(&env, NULL, &name);
  check("greet returns \"Hello, Wine!\"", g && strcmp(g->utf, "Hello, Wine!") == 0);
  jint values[] = {1, 2, 3, 4, 1000};
  struct _jobject array = {2, NULL, 5, values, NULL};
  check("sum of {1,2,3,4,1000} is 1010", sum(&env, NULL, &array) == 1010);
  struct _jobject cb = {3, NULL, 0, NULL, times_three_plus_one};
  check("applyTwice(3x+1, 5) is 49 through two callbacks", twice(&env, NULL, &cb, 5) == 49 && calls == 2);
  check("string and array released", released == 2);
  check("networkOrder(0x1234) is 0x3412", order(&env, NULL, 0x1234) == 0x3412);
  check("decimalDigits(1234567890123) is 13 (C++)", digits(&env, NULL, 1234567890123LL) == 13);
  check("decimalDigits(-5) is -1 (a C++ exception caught)", digits(&env, NULL, -5) == -1);
  printf("%s\n", failures ? "some checks FAILED" : "all checks passed");
  return failures ? 1 : 0;
}
