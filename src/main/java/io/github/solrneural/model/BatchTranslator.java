package io.github.solrneural.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;
import ai.djl.ndarray.types.Shape;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * Feeds a padded batch as exactly the inputs the model declares, and reads its main output as one
 * row per member: an embedder's hidden states pooled to one vector each (unless the graph pools
 * already), a cross-encoder's logits. Only those rows are copied out of the engine.
 */
final class BatchTranslator implements NoBatchifyTranslator<PaddedBatch, ModelOutput> {
  private static final List<String> PREFERRED_OUTPUTS = List.of("last_hidden_state", "logits");
  private static final String MASK_ATTACHMENT = "attentionMask";

  private final List<ModelInput> configuredInputs;
  private volatile List<ModelInput> inputs;

  private final boolean modelDeclaresInputs;
  private final ModelKind kind;
  private final Pooling pooling;

  /**
   * @param configuredInputs the inputs in the model's order, or empty to use the model's own list
   * @param modelDeclaresInputs whether the model file names its inputs (ONNX does; TorchScript does
   *     not, and gets input_ids, attention_mask, token_type_ids unless configured)
   * @param kind what the model computes, which says how its output becomes rows
   * @param pooling how an embedder's per-token hidden states become one vector
   */
  BatchTranslator(
      List<ModelInput> configuredInputs, boolean modelDeclaresInputs, ModelKind kind,
      Pooling pooling) {
    this.configuredInputs = List.copyOf(configuredInputs);
    this.modelDeclaresInputs = modelDeclaresInputs;
    this.kind = kind;
    this.pooling = pooling;
  }

  @Override
  public void prepare(TranslatorContext ctx) {
    inputs =
        resolveInputs(
            configuredInputs, modelDeclaresInputs ? ctx.getModel().describeInput() : null);
  }

  static List<ModelInput> resolveInputs(
      List<ModelInput> configured, PairList<String, Shape> declared) {
    if (!configured.isEmpty()) {
      return configured;
    }
    if (declared == null || declared.isEmpty()) {
      return List.of(ModelInput.INPUT_IDS, ModelInput.ATTENTION_MASK, ModelInput.TOKEN_TYPE_IDS);
    }
    List<ModelInput> resolved = new ArrayList<>(declared.size());
    for (String name : declared.keys()) {
      resolved.add(ModelInput.byName(name));
    }
    return resolved;
  }

  List<ModelInput> inputs() {
    return inputs;
  }

  @Override
  public NDList processInput(TranslatorContext ctx, PaddedBatch batch) {
    ctx.setAttachment(MASK_ATTACHMENT, batch.attentionMask());
    NDManager manager = ctx.getNDManager();
    NDList list = new NDList(inputs.size());
    for (ModelInput input : inputs) {
      NDArray array = manager.create(input.select(batch));
      array.setName(input.inputName());
      list.add(array);
    }
    return list;
  }

  @Override
  public ModelOutput processOutput(TranslatorContext ctx, NDList outputs) {
    NDArray chosen = outputs.get(0);
    for (NDArray output : outputs) {
      if (output.getName() != null && PREFERRED_OUTPUTS.contains(output.getName())) {
        chosen = output;
        break;
      }
    }
    if (chosen.getDataType() != DataType.FLOAT32) {
      chosen = chosen.toType(DataType.FLOAT32, false);
    }
    long[] shape = chosen.getShape().getShape();
    // Pooled here in one pass over the copied tensor, not with NDArray operations: ONNX Runtime
    // has none of its own and lends them from PyTorch by copying the tensor there, which measured
    // slower (and PyTorch with one thread per pass was no faster).
    float[] data = chosen.toFloatArray();
    if (kind == ModelKind.EMBEDDING && shape.length == 3) {
      long[][] mask = (long[][]) ctx.getAttachment(MASK_ATTACHMENT);
      int batch = (int) shape[0];
      int hidden = (int) shape[2];
      return new ModelOutput(
          pooling.pool(data, batch, (int) shape[1], hidden, mask), new long[] {batch, hidden});
    }
    if (kind == ModelKind.CROSS_ENCODER && shape.length == 1) {
      return new ModelOutput(data, new long[] {shape[0], 1}); // one logit per pair
    }
    return new ModelOutput(data, shape);
  }
}
