package io.github.solrneural.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The model engines' native libraries mapped into this process, from /proc/self/maps: a library
 * loaded a second time (another copy extracted, or another classloader) shows as more files or
 * more mappings.
 */
final class NativeMappings {
  private static final Path MAPS = Path.of("/proc/self/maps");
  private static final List<String> LIBRARIES =
      List.of("libonnxruntime", "libtorch", "libtokenizers");

  private NativeMappings() {}

  /** For each library: the number of mappings and the files mapped. */
  static Map<String, Object> now() {
    List<String> lines;
    try {
      lines = Files.readAllLines(MAPS);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + MAPS + " (the load test needs Linux)", e);
    }
    Map<String, Object> libraries = new LinkedHashMap<>();
    for (String library : LIBRARIES) {
      int mappings = 0;
      TreeSet<String> files = new TreeSet<>();
      for (String line : lines) {
        String[] fields = line.trim().split("\\s+", 6);
        if (fields.length == 6 && Path.of(fields[5]).getFileName().toString().startsWith(library)) {
          mappings++;
          files.add(fields[5]);
        }
      }
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("mappings", mappings);
      entry.put("files", List.copyOf(files));
      libraries.put(library, entry);
    }
    return libraries;
  }
}
