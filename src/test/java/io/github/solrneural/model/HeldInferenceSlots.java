package io.github.solrneural.model;

/**
 * Takes every inference slot of a loaded model from a test, so that the model refuses each forward
 * pass as busy until closed: saturation on demand, without racing requests against each other.
 */
public final class HeldInferenceSlots implements AutoCloseable {
  private final InferenceGate gate;
  private final int held;

  private HeldInferenceSlots(InferenceGate gate, int held) {
    this.gate = gate;
    this.held = held;
  }

  /** Holds all {@code maxConcurrentInferences} slots of the model; its queue must be 0. */
  public static HeldInferenceSlots all(LoadedModel model) throws InterruptedException {
    if (model.spec().maxQueuedInferences() != 0) {
      throw new IllegalArgumentException("a model with a queue would wait, not refuse");
    }
    InferenceGate gate = model.gate();
    int slots = model.spec().maxConcurrentInferences();
    for (int i = 0; i < slots; i++) {
      gate.enter();
    }
    return new HeldInferenceSlots(gate, slots);
  }

  @Override
  public void close() {
    for (int i = 0; i < held; i++) {
      gate.exit();
    }
  }
}
