package io.github.solrneural.shared;

import static org.junit.Assert.fail;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The project's shared data folder (../shared, or -Dshared.dir). Tests that need it run only in the
 * shared-tests profile, and fail, never skip, when it is missing.
 */
final class SharedData {
  private SharedData() {}

  static Path dir() {
    Path dir = Path.of(System.getProperty("shared.dir", "../shared")).toAbsolutePath().normalize();
    if (!Files.isDirectory(dir.resolve("models")) || !Files.isDirectory(dir.resolve("datasets"))) {
      fail("the shared data folder " + dir + " is missing (set -Dshared.dir); these tests need it");
    }
    return dir;
  }
}
