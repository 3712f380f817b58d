package io.github.solrneural.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs one of the project's scripts in src/test/python with the bench's Python (bench.python). */
final class PythonScript {
  private PythonScript() {}

  /**
   * Runs the script, prints what it printed, and returns null when it succeeded, else why not.
   *
   * @param workDir where the script's output goes while it runs (its log, deleted after)
   */
  static String run(BenchSettings settings, Path workDir, String script, String... args) {
    Path file = settings.project().resolve("src/test/python").resolve(script);
    List<String> command = new ArrayList<>(List.of(settings.python(), file.toString()));
    command.addAll(List.of(args));
    try {
      Path log = Files.createTempFile(workDir, "script", ".log");
      Process process =
          new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      if (!process.waitFor(20, TimeUnit.MINUTES)) {
        process.destroyForcibly();
      }
      String printed = Files.readString(log, StandardCharsets.UTF_8).trim();
      Files.delete(log);
      System.out.println(printed);
      return process.exitValue() == 0 ? null : script + " failed: " + printed;
    } catch (IOException | InterruptedException | IllegalThreadStateException e) {
      return "cannot run " + settings.python() + " " + script + ": " + e.getMessage();
    }
  }
}
