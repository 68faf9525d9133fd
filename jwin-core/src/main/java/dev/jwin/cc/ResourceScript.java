package dev.jwin.cc;

import dev.jwin.rc.RcCommand;
import dev.jwin.rc.RcException;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code jwin cc x.rc}: the script compiled by jwin's resource compiler into a cached COFF object. */
final class ResourceScript {
  private ResourceScript() {}

  static Path object(Path rc, Invocation inv, ArtifactCache cache, FileHashes hashes, PrintStream err) throws CcException {
    if (!Files.isRegularFile(rc)) throw new CcException("no such file or directory: '" + rc + "'");
    byte[] obj;
    java.util.Set<Path> read = new java.util.LinkedHashSet<>();
    try {
      obj = RcCommand.scriptObject(rc, inv.target.mingwTriple(), inv.compileFlags, read);
    } catch (RcException e) {
      err.println(e.diagnostic());
      throw new CcException(null);
    } catch (dev.jwin.coff.CorruptInputException e) {
      throw new CcException(e.file() + ": " + e.getMessage());
    }
    // The script, its headers and the files it names are watched by the no-op rebuild check.
    try {
      hashes.hash(rc);
      for (Path p : read) if (Files.isRegularFile(p)) hashes.hash(p);
    } catch (IOException e) {
      throw new CcException("cannot read " + rc + "'s inputs: " + e.getMessage());
    }
    // Keyed by the object itself: the script's includes and icons are already in it.
    String key = FileHashes.key("rc object 1\n" + java.util.HexFormat.of().formatHex(sha256(obj)));
    try {
      Path hit = cache.lookup(key);
      if (hit != null) return hit.resolve("rc.o");
      Path stage = cache.stagingDir();
      Files.write(stage.resolve("rc.o"), obj);
      return cache.publish(key, stage).resolve("rc.o");
    } catch (IOException e) {
      throw new CcException("cannot store the object for " + rc + ": " + e.getMessage());
    }
  }

  private static byte[] sha256(byte[] b) {
    try {
      return java.security.MessageDigest.getInstance("SHA-256").digest(b);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
