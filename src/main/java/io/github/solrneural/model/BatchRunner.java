package io.github.solrneural.model;

import ai.djl.translate.TranslateException;
import java.util.ArrayList;
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

  BatchRunner(ModelSpec spec, PredictorPool predictors, InferenceStats stats) {
    this.spec = spec;
    this.predictors = predictors;
    this.stats = stats;
  }

  /** One batch of a {@link #runInBatches} call: where its rows came from, the batch, its output. */
  record BatchOutput(int[] positions, PaddedBatch batch, ModelOutput output) {}

  /** Cuts the sequences into batches and runs them (see {@link #runAll}). */
  List<BatchOutput> runInBatches(List<TokenSequence> sequences, Budget budget) {
    List<int[]> positions =
        LengthBatches.of(sequences, spec.batchSize(), spec.maxBatchTokens());
    List<PaddedBatch> batches = new ArrayList<>(positions.size());
    for (int[] rows : positions) {
      batches.add(PaddedBatch.of(LengthBatches.select(sequences, rows)));
    }
    List<ModelOutput> outputs = runAll(batches, budget);
    List<BatchOutput> results = new ArrayList<>(batches.size());
    for (int b = 0; b < batches.size(); b++) {
      results.add(new BatchOutput(positions.get(b), batches.get(b), outputs.get(b)));
    }
    return results;
  }

  /**
   * Runs one forward pass; any failure of the engine becomes an {@link InferenceException}.
   *
   * @throws ModelBusyException when the model is saturated and refuses the pass; nothing ran
   */
  ModelOutput run(PaddedBatch batch) {
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
      outputs = predictors.runAll(batches, costliestFirst, budget, stats.passListener);
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
