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
 * the manifest is downloaded first, and the entry only when every input exists here with the content the manifest
 * records (so machines share entries when their source trees and cache directories are at the same paths, as in
 * CI). An input inside another entry of this cache (a runtime's headers) is fetched from the remote cache first.
 * The files must match the manifest's hashes; the manifest is then written again with this machine's stamps.
 */
final class RemoteEntries {
  private RemoteEntries() {}

  /** Fetches {@code key} into the empty directory {@code tmp}; its new manifest, or null (tmp then holds junk). */
  static Manifest fetch(Cache cache, RemoteCache remote, String key, Path tmp) throws IOException {
    List<FileStamp> inputs = new ArrayList<>();
    Manifest[] remoteManifest = new Manifest[1];
    boolean got = remote.fetch(key, tmp, Manifest.FILE_NAME, dir -> {
      Manifest m = Cache.readManifest(dir);
      if (m == null || !m.key().equals(key)) {
        return false;
      }
      for (FileStamp in : m.inputs()) {
        Path p = Path.of(in.path());
        if (!p.isAbsolute()) {
          return false;
        }
        if (!Files.isRegularFile(p)) {
          String inner = cache.entryKeyOf(p);
          if (inner == null || inner.equals(key) || !cache.fetchRemote(inner) || !Files.isRegularFile(p)) {
            return false;
          }
        }
        FileStamp now = FileStamp.of(p);
        if (!now.sha256().equals(in.sha256())) {
          return false; // built from other files than this machine has
        }
        inputs.add(now);
      }
      remoteManifest[0] = m;
      return true;
    });
    Manifest m = remoteManifest[0];
    if (!got || m == null) {
      return null;
    }
    List<FileStamp> outputs = m.outputs().isEmpty() ? List.of() : Cache.outputs(tmp);
    if (!sameContent(outputs, m.outputs())) {
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
