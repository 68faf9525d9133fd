package sample;

/** Native methods implemented in src/main/c/native.c. */
public final class Native {
  private Native() {}

  public interface Callback {
    int apply(int x);
  }

  /** "GREETING, name!" */
  public static native String greet(String name);

  public static native int sum(int[] values);

  /** cb.apply(cb.apply(x)), called back through JNIEnv. */
  public static native int applyTwice(Callback cb, int x);

  /** htons from ws2_32. */
  public static native int networkOrder(int port);

  /** How many decimal digits n has (C++: std::to_string, and an exception for negative n). */
  public static native int decimalDigits(long n);
}
