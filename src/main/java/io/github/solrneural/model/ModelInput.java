package io.github.solrneural.model;

import java.util.Locale;

/** The transformer inputs this plugin knows how to feed, by their conventional names. */
public enum ModelInput {
  INPUT_IDS("input_ids"),
  ATTENTION_MASK("attention_mask"),
  TOKEN_TYPE_IDS("token_type_ids");

  private final String inputName;

  ModelInput(String inputName) {
    this.inputName = inputName;
  }

  public String inputName() {
    return inputName;
  }

  public long[][] select(PaddedBatch batch) {
    switch (this) {
      case INPUT_IDS:
        return batch.ids();
      case ATTENTION_MASK:
        return batch.attentionMask();
      default:
        return batch.typeIds();
    }
  }

  public static ModelInput byName(String name) {
    for (ModelInput input : values()) {
      if (input.inputName.equals(name.toLowerCase(Locale.ROOT))) {
        return input;
      }
    }
    throw new IllegalArgumentException(
        "model input '" + name + "' is not supported; supported: input_ids, attention_mask,"
            + " token_type_ids");
  }
}
