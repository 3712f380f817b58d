package io.github.solrneural.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns texts into vectors with an embedding model: tokenise, run in batches (the model layer
 * pools), check and normalise.
 */
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

  /** The model file's bytes and every setting that changes what it makes of a text. */
  @Override
  public String identity() {
    ModelSpec spec = model.spec();
    return "local engine=" + spec.engine().djlName() + " sha256=" + model.modelFileSha256()
        + " variant=" + spec.variant() + " maxLength=" + spec.maxLength()
        + " maxTokenizedChars=" + spec.maxTokenizedChars() + " pooling=" + spec.pooling()
        + " normalize=" + spec.normalize();
  }

  @Override
  public VectorLength vectorLength() {
    return model.spec().normalize() ? VectorLength.UNIT : VectorLength.AS_THE_MODEL_GIVES;
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

  @Override
  public Optional<TokenCounter> tokenCounter() {
    return Optional.of(new TokenCounter(model.tokenizer(), ""));
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
    float[][] vectors = model.run(sequences, Budget.UNLIMITED);
    List<Embedding> embeddings = new ArrayList<>(vectors.length);
    for (int i = 0; i < vectors.length; i++) {
      for (float value : vectors[i]) {
        if (!Float.isFinite(value)) {
          throw model.unusableOutput("returned a vector holding " + value);
        }
      }
      if (model.spec().normalize()) {
        normalize(vectors[i]);
      }
      embeddings.add(new Embedding(vectors[i], sequences.get(i).truncated()));
    }
    return embeddings;
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
