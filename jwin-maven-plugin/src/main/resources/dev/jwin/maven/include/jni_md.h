/*
 * jni_md.h for Windows (x86_64, i686, aarch64), shipped by jwin-maven-plugin: what the JNI specification leaves
 * to the platform. On Windows a native method is exported from its DLL and uses the stdcall convention (which
 * only changes code on i686); jint is a 32-bit long and jlong a 64-bit __int64, as on every Windows JDK.
 */
#ifndef JWIN_JNI_MD_H
#define JWIN_JNI_MD_H
#define _JAVASOFT_JNI_MD_H_

#define JNIEXPORT __declspec(dllexport)
#define JNIIMPORT __declspec(dllimport)
#define JNICALL __stdcall

typedef long jint;
typedef __int64 jlong;
typedef signed char jbyte;

#endif
