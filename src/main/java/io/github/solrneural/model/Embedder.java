package io.github.solrneural.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Turns texts into vectors with an embedding model: tokenise, run in batches, pool, normalise. */
public final class Embedder implements TextEmbedder {
  private static final int ROUNDS_PER_CALL = 4;

  private final LoadedModel model;

  public Embedder(LoadedModel model) {
    if (model.spec().kind() != ModelKind.EMBEDDING) {
      throw new IllegalArgumentException("model " + model.spec().folder() + " is not an embedder");
    }
    this.model = model;
  }

  @Override
  public int dimension() {
    return model.outputDimension();
  }

  /**
   * Full batches for several rounds of every forward pass the model may run at once: the passes of
   * one call run side by side, and the last round, where some slots may idle, is a small part of
   * the call.
   */
  @Override
  public int textsPerCall() {
    return ROUNDS_PER_CALL * model.spec().batchSize() * model.spec().maxConcurrentInferences();
  }

  /**
   * Embeds every text, in batches of similar lengths within the configured limits, each padded to
   * its longest member; the batches run side by side as far as the model allows.
   */
  @Override
  public List<Embedding> embedAll(List<String> texts) {
    List<TokenSequence> sequences = new ArrayList<>(texts.size());
    for (String text : texts) {
      sequences.add(model.tokenizer().encode(text));
    }
    Embedding[] embeddings = new Embedding[texts.size()];
    for (BatchRunner.BatchOutput batch : model.runInBatches(sequences, Budget.UNLIMITED)) {
      int[] positions = batch.positions();
      float[][] vectors = vectors(batch.batch(), batch.output());
      for (int row = 0; row < positions.length; row++) {
        embeddings[positions[row]] =
            new Embedding(vectors[row], sequences.get(positions[row]).truncated());
      }
    }
    return Arrays.asList(embeddings);
  }

  private float[][] vectors(PaddedBatch batch, ModelOutput output) {
    long[] shape = output.shape();
    int rows = batch.size();
    float[][] vectors = new float[rows][];
    if (shape.length == 2) { // the graph pools already
      int hidden = (int) shape[1];
      for (int row = 0; row < rows; row++) {
        vectors[row] = Arrays.copyOfRange(output.data(), row * hidden, (row + 1) * hidden);
      }
    } else if (shape.length == 3) {
      int width = (int) shape[1];
      int hidden = (int) shape[2];
      for (int row = 0; row < rows; row++) {
        float[][] states = new float[width][];
        for (int position = 0; position < width; position++) {
          int offset = (row * width + position) * hidden;
          states[position] = Arrays.copyOfRange(output.data(), offset, offset + hidden);
        }
        vectors[row] = model.spec().pooling().pool(states, batch.attentionMask()[row]);
      }
    } else {
      throw new InferenceException(
          "embedding model " + model.spec().modelFile() + " returned shape "
              + Arrays.toString(shape) + ", expected [batch, hidden] or [batch, seq, hidden]",
          null);
    }
    for (float[] vector : vectors) {
      for (float value : vector) {
        if (!Float.isFinite(value)) {
          throw model.unusableOutput("returned a vector holding " + value);
        }
      }
      if (model.spec().normalize()) {
        normalize(vector);
      }
    }
    return vectors;
  }

  static void normalize(float[] vector) {
    double sumOfSquares = 0;
    for (float value : vector) {
      sumOfSquares += (double) value * value;
    }
    double norm = Math.sqrt(sumOfSquares);
    if (norm > 0) {
      for (int i = 0; i < vector.length; i++) {
        vector[i] = (float) (vector[i] / norm);
      }
    }
  }
}
