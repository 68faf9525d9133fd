package dev.jwin.api;

import java.nio.file.Path;
import java.util.List;

/**
 * What a request produced: whether it succeeded, its diagnostics in the order they were reported, the files it
 * wrote (or, for a runtime, the directory holding {@code include/} and {@code lib/}) and what it printed otherwise.
 */
public record Result(boolean ok, List<Diagnostic> diagnostics, List<Path> outputs, String output) {
  public Result {
    diagnostics = List.copyOf(diagnostics);
    outputs = List.copyOf(outputs);
  }

  public List<Diagnostic> errors() {
    return diagnostics.stream().filter(Diagnostic::isError).toList();
  }
}
