package io.github.solrneural.model;

import ai.djl.translate.TranslateException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Runs one request's sequences through a loaded model: cuts them into batches of similar lengths
 * within the spec's limits, each padded to its longest member, and runs the batches side by side
 * on the model's predictors, counting every pass in the model's {@link InferenceStats}.
 */
final class BatchRunner implements AutoCloseable {
  private final ModelSpec spec;
  private final PredictorPool predictors;
  private final InferenceStats stats;
  private final PredictorPool.PassListener passListener;
  private final long padId;

  BatchRunner(ModelSpec spec, PredictorPool predictors, InferenceStats stats, long padId) {
    this.spec = spec;
    this.padId = padId;
    this.predictors = predictors;
    this.stats = stats;
    this.passListener =
        new PredictorPool.PassListener() {
          @Override
          public void finished(PaddedBatch batch, long nanos) {
            stats.passFinished(batch, nanos);
          }

          @Override
          public void failed(PaddedBatch batch, Throwable failure) {
            stats.passFailed(batch, failure);
          }
        };
  }

  /**
   * Cuts the sequences into batches, runs them (see {@link #runAll}) and returns each sequence's
   * output row in the sequences' order: its pooled vector, or its logits.
   */
  float[][] run(List<TokenSequence> sequences, Budget budget) {
    List<int[]> positions =
        LengthBatches.of(sequences, spec.batchSize(), spec.maxBatchTokens());
    List<PaddedBatch> batches = new ArrayList<>(positions.size());
    for (int[] rows : positions) {
      batches.add(pad(LengthBatches.select(sequences, rows)));
    }
    List<ModelOutput> outputs = runAll(batches, budget);
    float[][] rows = new float[sequences.size()][];
    for (int b = 0; b < batches.size(); b++) {
      int[] batchRows = positions.get(b);
      float[] data = outputs.get(b).data();
      int width = rowWidth(outputs.get(b), batchRows.length);
      for (int row = 0; row < batchRows.length; row++) {
        rows[batchRows[row]] = Arrays.copyOfRange(data, row * width, (row + 1) * width);
      }
    }
    return rows;
  }

  /** The sequences as one batch, padded with the tokenizer's pad id. */
  PaddedBatch pad(List<TokenSequence> sequences) {
    return PaddedBatch.of(sequences, padId);
  }

  /** The width of the output's rows, if it has one row per member of the batch. */
  private int rowWidth(ModelOutput output, int members) {
    long[] shape = output.shape();
    if (shape.length != 2 || shape[0] != members || shape[0] * shape[1] != output.data().length) {
      throw new InferenceException(
          spec.kind().label() + " model " + spec.modelFile() + " returned shape "
              + Arrays.toString(shape) + " for " + members + " inputs, expected "
              + (spec.kind() == ModelKind.EMBEDDING
                  ? "[batch, hidden] or [batch, seq, hidden]"
                  : "[batch] or [batch, 1]"),
          null);
    }
    return (int) shape[1];
  }

  /**
   * Runs one forward pass; any failure of the engine becomes an {@link InferenceException}.
   *
   * @throws ModelBusyException when the model is saturated and refuses the pass; nothing ran
   */
  ModelOutput probe(PaddedBatch batch) {
    return runAll(List.of(batch), Budget.UNLIMITED).get(0);
  }

  /**
   * Runs the forward passes of one request side by side, costliest first, on as many of the
   * model's slots as are free (see {@link PredictorPool#runAll}): a lone request uses every pass the
   * model allows, while a busy server never runs more than {@code maxConcurrentInferences} at once.
   * The budget is checked before each pass starts and after the last ends. The outputs come back
   * in the batches' order.
   *
   * @throws ModelBusyException when the model is saturated and refuses the request; nothing ran
   * @throws BudgetExhaustedException when the budget runs out first
   */
  private List<ModelOutput> runAll(List<PaddedBatch> batches, Budget budget) {
    int[] costliestFirst =
        IntStream.range(0, batches.size())
            .boxed()
            .sorted(Comparator.comparingLong((Integer i) -> cost(batches.get(i))).reversed())
            .mapToInt(Integer::intValue)
            .toArray();
    List<ModelOutput> outputs;
    try {
      outputs = predictors.runAll(batches, costliestFirst, budget, passListener);
    } catch (ModelBusyException e) {
      stats.rejected(e);
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InferenceException("interrupted while running " + spec.modelFile(), e);
    } catch (BudgetExhaustedException e) {
      throw e;
    } catch (TranslateException | RuntimeException e) {
      throw new InferenceException("inference failed in " + spec.modelFile() + ": " + e, e);
    }
    budget.check();
    return outputs;
  }

  private static long cost(PaddedBatch batch) {
    return (long) batch.size() * batch.width();
  }

  InferenceGate gate() {
    return predictors.gate();
  }

  @Override
  public void close() {
    predictors.close();
  }
}
