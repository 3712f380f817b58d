package io.github.solrneural.model;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Runs a probe input of exactly {@code maxLength} tokens once at load: proves the model runs, gives
 * its output width, and proves the model takes the length the spec declares. A model whose
 * position table is shorter (512 rows for most BERT models; 514 less XLM-R's offset of 2) fails on
 * longer inputs, whatever its config says; without this probe such a model loads and fails later
 * on every long text. Only when the full-length probe fails are more passes run, to tell a broken
 * model from a short one and to find the longest input it takes.
 */
final class LengthProbe {
  private final ModelSpec spec;
  private final BatchRunner runner;
  private final TokenSequence shortest;

  private LengthProbe(ModelSpec spec, ModelTokenizer tokenizer, BatchRunner runner) {
    this.spec = spec;
    this.runner = runner;
    this.shortest =
        spec.kind() == ModelKind.EMBEDDING
            ? tokenizer.encode("probe")
            : tokenizer.encodePair("probe", "probe");
  }

  /** The output width of the model, once it has run an input of {@code maxLength} tokens. */
  static int outputDimension(ModelSpec spec, ModelTokenizer tokenizer, BatchRunner runner)
      throws ModelLoadException {
    return new LengthProbe(spec, tokenizer, runner).outputDimension();
  }

  private int outputDimension() throws ModelLoadException {
    RuntimeException atFullLength;
    try {
      long[] shape = run(spec.maxLength()).shape();
      return (int) shape[shape.length - 1];
    } catch (RuntimeException e) {
      atFullLength = e;
    }
    if (shortest.length() >= spec.maxLength() || !runs(shortest.length())) {
      throw new ModelLoadException("model file " + spec.modelFile() + " failed on a probe input: "
          + atFullLength.getMessage(), atFullLength);
    }
    int longest = longestThatRuns(shortest.length(), spec.maxLength());
    throw new ModelLoadException(tooLong(spec.maxLength(), spec.modelFile(), longest), atFullLength);
  }

  static String tooLong(int maxLength, Path modelFile, int longest) {
    return "maxLength " + maxLength + " is above what model file " + modelFile + " takes: it reads"
        + " at most " + longest + " tokens (its position table holds " + longest + " usable"
        + " positions); set maxLength to " + longest + " or less";
  }

  /** Bisects between a length that runs and one that fails. */
  private int longestThatRuns(int runs, int fails) {
    while (fails - runs > 1) {
      int middle = runs + (fails - runs) / 2;
      if (runs(middle)) {
        runs = middle;
      } else {
        fails = middle;
      }
    }
    return runs;
  }

  private boolean runs(int length) {
    try {
      run(length);
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private ModelOutput run(int length) {
    return runner.probe(runner.pad(List.of(stretched(length))));
  }

  /**
   * The short probe grown to the length by repeating its last token before the closing one: a
   * text token for a text, a passage token (segment 1) for a pair, so the input stays well formed.
   */
  private TokenSequence stretched(int length) {
    int have = shortest.length();
    if (length <= have) {
      return shortest;
    }
    long[] ids = grow(shortest.ids(), length);
    long[] typeIds = grow(shortest.typeIds(), length);
    return new TokenSequence(ids, typeIds, false);
  }

  private static long[] grow(long[] values, int length) {
    int have = values.length;
    long[] grown = Arrays.copyOf(values, length);
    Arrays.fill(grown, have - 1, length - 1, values[Math.max(0, have - 2)]);
    grown[length - 1] = values[have - 1];
    return grown;
  }
}
