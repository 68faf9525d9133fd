package dev.jwin.cc;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where a target's C runtime comes from: headers, start-up objects, runtime libraries and system
 * import libraries. The driver asks only this interface, so jwin's own runtime (built from
 * mingw-w64's sources by {@code jwin libc}) and a prebuilt mingw-w64 installation are interchangeable.
 */
public interface Runtime {
  /** One line for -v and error messages: what this runtime is and where it lives. */
  String describe();

  /** Header directories, searched after the user's -I/-isystem (clang gets them with -isystem). */
  List<Path> includeDirs(boolean cxx);

  /** Defines clang needs beyond what the target triple implies. */
  default List<String> defines() {
    return List.of();
  }

  /** Directories searched for -l after the user's -L directories. */
  List<Path> libDirs();

  /**
   * A start-up or tail object by its mingw-w64 name ({@code crt2.o}, {@code crt2u.o}, {@code dllcrt2.o},
   * {@code crtbegin.o}, {@code crtend.o}); empty when this runtime has no such object.
   */
  Optional<Path> crtObject(String name) throws CcException;

  /**
   * The runtime libraries the link line ends with, by {@code -l} name in link order, for C or C++
   * and a static or dynamic link (mingw32, gcc, mingwex, msvcrt, ...; the system DLLs come separately).
   */
  List<String> runtimeLibraries(boolean cxx, boolean staticLink);

  /**
   * The library for {@code -lname} when the user's -L directories have none: a runtime archive or an
   * import library for a system DLL, made on demand where the runtime can; a second archive may follow
   * with static objects that belong to the same library. Empty when there is none.
   */
  List<Path> library(String name, boolean staticLink) throws CcException;

  /** The thread model of its libstdc++ and libgcc: {@code posix} (with winpthreads) or {@code win32}. */
  default String threadModel() {
    return "win32";
  }

  /** Files whose identity belongs in every cache key (the runtime's own version stamp). */
  String cacheIdentity();
}
