package dev.jwin.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * An image as text for an exact comparison between linkers: {@code llvm-readobj --file-headers --sections
 * --coff-imports --coff-exports --coff-basereloc} and {@code llvm-objdump -d}, without the file name,
 * timestamps and checksums.
 */
final class ImageText {
  private ImageText() {}

  /** The text of {@code image}; {@code objdumpRange} limits the disassembly (e.g. {@code --stop-address=...}). */
  static List<String> of(Path image, String label, String... objdumpRange) {
    List<String> text = new ArrayList<>();
    Proc.Result ro = Proc.check(List.of(Tools.READOBJ, "--file-headers", "--sections", "--coff-imports",
        "--coff-exports", "--coff-basereloc", image.toString()), image.getParent(), label + ".readobj",
        Duration.ofSeconds(60));
    ro.stdoutText().lines().filter(l -> !l.startsWith("File:") && !l.contains("TimeDateStamp")
        && !l.contains("CheckSum")).forEach(text::add);
    List<String> dis = new ArrayList<>(List.of(DllTools.OBJDUMP, "-d"));
    dis.addAll(List.of(objdumpRange));
    dis.add(image.toString());
    Proc.check(dis, image.getParent(), label + ".objdump", Duration.ofSeconds(300)).stdoutText().lines()
        .filter(l -> !l.contains("file format")).forEach(text::add);
    return text;
  }

  /** Empty when the texts agree, else {@code what} and a line diff. */
  static List<String> diff(String what, List<String> reference, List<String> candidate) {
    if (reference.equals(candidate)) return List.of();
    return List.of(what + ": llvm-readobj/llvm-objdump differ:\n" + DllE2eTest.lineDiff(reference, candidate));
  }
}
