#include <stdio.h>
#include <winsock2.h>
#include "sample_Native.h"

JNIEXPORT jstring JNICALL Java_sample_Native_greet(JNIEnv *env, jclass cls, jstring name) {
  (void)cls;
  const char *n = (*env)->GetStringUTFChars(env, name, NULL);
  if (n == NULL) return NULL;
  char buf[256];
  snprintf(buf, sizeof buf, "%s, %s!", GREETING, n);
  (*env)->ReleaseStringUTFChars(env, name, n);
  return (*env)->NewStringUTF(env, buf);
}

JNIEXPORT jint JNICALL Java_sample_Native_sum(JNIEnv *env, jclass cls, jintArray values) {
  (void)cls;
  jsize n = (*env)->GetArrayLength(env, values);
  jint *v = (*env)->GetIntArrayElements(env, values, NULL);
  jint s = 0;
  for (jsize i = 0; i < n; i++) s += v[i];
  (*env)->ReleaseIntArrayElements(env, values, v, JNI_ABORT);
  return s;
}

JNIEXPORT jint JNICALL Java_sample_Native_applyTwice(JNIEnv *env, jclass cls, jobject cb, jint x) {
  (void)cls;
  jclass k = (*env)->GetObjectClass(env, cb);
  jmethodID apply = (*env)->GetMethodID(env, k, "apply", "(I)I");
  if (apply == NULL) return -1;
  jint y = (*env)->CallIntMethod(env, cb, apply, x);
  return (*env)->CallIntMethod(env, cb, apply, y);
}

JNIEXPORT jint JNICALL Java_sample_Native_networkOrder(JNIEnv *env, jclass cls, jint port) {
  (void)env;
  (void)cls;
  return htons((u_short)port);
}
