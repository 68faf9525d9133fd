package dev.jwin.link;

import dev.jwin.coff.Bytes;
import dev.jwin.coff.CorruptInputException;
import dev.jwin.res.ResFile;
import dev.jwin.res.ResourceObject;
import dev.jwin.res.ResourceTree;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code .res} inputs and objects' resource sections, merged into one resource directory as lld-link
 * does with cvtres: the merged tree becomes an internal object whose {@code .rsrc$01}/{@code .rsrc$02}
 * sections replace the objects' own. One resource object without {@code .res} files is linked as is.
 */
final class Resources {
  static final String INTERNAL_NAME = "internal .obj file created from .res files";

  private record Res(String name, Bytes data) {}

  private final List<Res> resFiles = new ArrayList<>();

  void addRes(String name, Bytes data) { resFiles.add(new Res(name, data)); }

  static boolean isResourceSection(String name) { return name.equals(".rsrc") || name.startsWith(".rsrc$"); }

  /** Runs once every input is read and the machine is known. */
  void convert(LinkContext ctx) {
    Config config = ctx.config;
    List<ObjectFile> objects = new ArrayList<>();
    for (ObjectFile o : ctx.objects) if (hasResources(o)) objects.add(o);
    if (!config.mingw && (objects.size() > 1 || (objects.size() == 1 && !resFiles.isEmpty()))) {
      String second = resFiles.isEmpty() ? objects.get(1).name : INTERNAL_NAME;
      ctx.diag.error(second + ": more than one resource obj file not allowed, already got " + objects.getFirst().name);
      return;
    }
    if (resFiles.isEmpty() && objects.size() <= 1) return;
    ResourceTree tree = new ResourceTree(config.mingw);
    try {
      for (Res r : resFiles) tree.addRes(r.name(), ResFile.read(r.name(), r.data()));
      for (ObjectFile o : objects) {
        int section = resourceSection(o);
        for (SectionChunk c : o.chunks) if (c != null && isResourceSection(c.name())) c.discarded = true;
        tree.addSection(o.name, o.coff, section);
      }
    } catch (CorruptInputException e) {
      throw ctx.diag.fatal(e.file() + ": " + e.getMessage());
    }
    if (config.mingw) tree.cleanUpManifests();
    for (String d : tree.duplicates) {
      if (config.forceMultipleRes) ctx.diag.warn(d);
      else ctx.diag.error(d);
    }
    byte[] bytes = ResourceObject.write(tree, ctx.machine.value, 0);
    ctx.addObject(new ObjectFile(INTERNAL_NAME, Bytes.of(bytes), "", ""));
  }

  /** The section lld reads an object's resources from: the first {@code .rsrc} or {@code .rsrc$01}. */
  private static boolean hasResources(ObjectFile o) {
    if (!o.mayHaveResources) return false;
    for (SectionChunk c : o.chunks) if (c != null && isResourceSection(c.name())) return true;
    return false;
  }

  private static int resourceSection(ObjectFile o) {
    for (SectionChunk c : o.chunks) if (c != null && (c.name().equals(".rsrc") || c.name().equals(".rsrc$01"))) return c.index;
    throw new CorruptInputException(o.name, "no resource section found");
  }
}
