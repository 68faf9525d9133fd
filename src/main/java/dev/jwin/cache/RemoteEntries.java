package dev.jwin.cache;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link Cache} entries from a remote cache. An entry travels with its manifest, whose input paths are absolute:
 * it is used only when every input exists here with the content the manifest records (so machines share entries
 * when their source trees and cache directories are at the same paths, as in CI), and its files match the
 * manifest's hashes. The manifest is then written again with this machine's stamps (sizes, times, inodes).
 */
final class RemoteEntries {
  private RemoteEntries() {}

  /** Fetches {@code key} into the empty directory {@code tmp}; its new manifest, or null (tmp then holds junk). */
  static Manifest fetch(RemoteCache remote, String key, Path tmp) throws IOException {
    if (!remote.fetch(key, tmp)) {
      return null;
    }
    Manifest m = Cache.readManifest(tmp);
    if (m == null || !m.key().equals(key)) {
      return null;
    }
    List<FileStamp> inputs = new ArrayList<>();
    for (FileStamp in : m.inputs()) {
      Path p = Path.of(in.path());
      if (!p.isAbsolute() || !Files.isRegularFile(p) || !FileStamp.hash(p).equals(in.sha256())) {
        return null; // built from other files than this machine has
      }
    }
    inputs.addAll(Cache.stamps(m.inputs().stream().map(f -> Path.of(f.path())).toList()));
    List<FileStamp> outputs = m.outputs().isEmpty() ? List.of() : Cache.outputs(tmp);
    if (!sameContent(outputs, m.outputs()) || !sameContent(inputs, m.inputs())) {
      return null;
    }
    Manifest local = new Manifest(key, m.label(), inputs, outputs);
    Path manifestTmp = tmp.resolve(Manifest.FILE_NAME + ".tmp");
    Files.writeString(manifestTmp, local.format(), StandardCharsets.UTF_8);
    Files.move(manifestTmp, tmp.resolve(Manifest.FILE_NAME), StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
    return local;
  }

  private static boolean sameContent(List<FileStamp> a, List<FileStamp> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!a.get(i).path().equals(b.get(i).path()) || !a.get(i).sha256().equals(b.get(i).sha256())) {
        return false;
      }
    }
    return true;
  }
}
