package dev.jwin.api;

import java.util.Map;

/**
 * The mingw-w64 runtime for {@code target} built from source into jwin's cache (a cache hit after the first
 * time), as {@code jwin libc path --target T}. {@code environment}: {@code JWIN_CACHE_DIR}, {@code JWIN_MINGW_SRC}, ...
 */
public record RuntimeRequest(String target, Map<String, String> environment) {
  public RuntimeRequest {
    environment = Map.copyOf(environment);
  }
}
