package dev.jwin.api;

import java.nio.file.Path;

/**
 * An import library made from a module-definition file, as {@code jwin dlltool -d def -l output -m machine}:
 * {@code machine} is {@code i386:x86-64}, {@code i386}, {@code arm} or {@code arm64}; {@code killAt} drops
 * {@code @n} suffixes from the names the DLL exports ({@code -k}).
 */
public record ImportLibraryRequest(Path definition, Path output, String machine, boolean killAt) {}
