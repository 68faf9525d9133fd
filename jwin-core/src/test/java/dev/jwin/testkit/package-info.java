/**
 * Test kit for the linker: build inputs in code, link them, read the image back.
 *
 * <ul>
 *   <li>{@link dev.jwin.testkit.ObjectBuilder}: x86-64 COFF objects (regular or /bigobj), with
 *       override methods for deliberately corrupt files.
 *   <li>{@link dev.jwin.testkit.ArchiveBuilder} and {@link dev.jwin.testkit.ImportMemberBuilder}:
 *       ar archives with a symbol index, and short-format import members.
 *   <li>{@link dev.jwin.testkit.Link}: runs {@code Main.run("link", ...)} in a temporary directory.
 *   <li>{@link dev.jwin.testkit.PeImage}: headers, sections, bytes at an RVA, imports, base
 *       relocations, and {@code dump()}.
 *   <li>{@link dev.jwin.testkit.Probe}: finds where symbols landed (PE images have no symbol table).
 * </ul>
 *
 * <p>To check the tests' expectations against LLVM's linker, run them through it:
 * {@code mvn test -Djwin.test.linker=lld-link-14}. Known differences: lld-link-14 does not
 * support IMAGE_REL_AMD64_SECREL7, only warns about unknown options, and accepts or crashes on
 * several of the malformed inputs in {@code BadInputTest}. {@code -Djwin.test.echo=true} prints
 * every link's command line and messages.
 */
package dev.jwin.testkit;
