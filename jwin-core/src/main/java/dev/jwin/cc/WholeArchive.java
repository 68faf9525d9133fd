package dev.jwin.cc;

import dev.jwin.archive.ArchiveReader;
import dev.jwin.coff.Bytes;
import dev.jwin.coff.CorruptInputException;
import dev.jwin.coff.FileKind;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code -Wl,--whole-archive}: every object member of an archive goes on the link line as an object
 * (CMake links executables and DLLs this way). The members are written once into the cache, keyed by
 * the archive's contents, so both backends get plain objects.
 */
final class WholeArchive {
  private WholeArchive() {}

  static List<Path> members(Path archive, ArtifactCache cache, FileHashes hashes) throws CcException {
    try {
      String key = FileHashes.key("whole-archive 1\n" + hashes.hash(archive));
      Path dir = cache.lookup(key);
      if (dir == null) {
        Path stage = cache.stagingDir();
        Bytes s = Bytes.read(archive);
        if (FileKind.identify(s) != FileKind.ARCHIVE) return List.of(archive);
        ArchiveReader r = new ArchiveReader(archive.toString(), s);
        int n = 0;
        for (long off = 8; off + ArchiveReader.HEADER_SIZE <= s.byteSize(); ) {
          ArchiveReader.Member m = r.memberAt(off);
          off = ArchiveReader.next(m);
          if (m.name().equals("/") || m.name().equals("//") || m.name().equals("/SYM64/")) continue;
          // Numbered so that command-line order follows archive order and equal names do not collide.
          Files.write(stage.resolve(String.format("%05d-%s", n++, Path.of(m.name()).getFileName())),
              m.data().toArray());
        }
        dir = cache.publish(key, stage);
      }
      try (Stream<Path> files = Files.list(dir)) {
        return new ArrayList<>(files.sorted().toList());
      }
    } catch (java.nio.file.NoSuchFileException e) {
      throw new CcException("no such file or directory: '" + archive + "'");
    } catch (IOException e) {
      throw new CcException("cannot read " + archive + ": " + e.getMessage());
    } catch (CorruptInputException e) {
      throw new CcException(archive + ": " + e.getMessage());
    }
  }
}
