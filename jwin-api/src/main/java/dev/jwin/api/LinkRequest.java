package dev.jwin.api;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A link: the output, the inputs (objects, archives, import libraries, in command-line order) and further
 * lld-link options ({@code -dll}, {@code -entry:...}, {@code -lldmingw}, ...).
 */
public record LinkRequest(Path output, List<Path> inputs, List<String> options) {
  public LinkRequest {
    inputs = List.copyOf(inputs);
    options = List.copyOf(options);
  }

  /** The same link as a {@code jwin link} command line. */
  public List<String> arguments() {
    List<String> a = new ArrayList<>();
    a.add("-out:" + output);
    a.addAll(options);
    for (Path p : inputs) a.add(p.toString());
    return a;
  }
}
