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

/** Feeds a padded batch as exactly the inputs the model declares, and reads its main output. */
final class BatchTranslator implements NoBatchifyTranslator<PaddedBatch, ModelOutput> {
  private static final List<String> PREFERRED_OUTPUTS = List.of("last_hidden_state", "logits");

  private final List<ModelInput> configuredInputs;
  private volatile List<ModelInput> inputs;

  private final boolean modelDeclaresInputs;

  /**
   * @param configuredInputs the inputs in the model's order, or empty to use the model's own list
   * @param modelDeclaresInputs whether the model file names its inputs (ONNX does; TorchScript does
   *     not, and gets input_ids, attention_mask, token_type_ids unless configured)
   */
  BatchTranslator(List<ModelInput> configuredInputs, boolean modelDeclaresInputs) {
    this.configuredInputs = List.copyOf(configuredInputs);
    this.modelDeclaresInputs = modelDeclaresInputs;
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
    return new ModelOutput(chosen.toFloatArray(), chosen.getShape().getShape());
  }
}
