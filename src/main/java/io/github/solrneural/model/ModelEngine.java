package io.github.solrneural.model;

/** The DJL engine that runs a model, and the file it loads from the model folder. */
public enum ModelEngine {
  PYTORCH("PyTorch", "model.pt"),
  ONNX_RUNTIME("OnnxRuntime", "model.onnx");

  private final String djlName;
  private final String modelFileName;

  ModelEngine(String djlName, String modelFileName) {
    this.djlName = djlName;
    this.modelFileName = modelFileName;
  }

  public String djlName() {
    return djlName;
  }

  public String modelFileName() {
    return modelFileName;
  }

  public static ModelEngine parse(String value) {
    for (ModelEngine engine : values()) {
      if (engine.djlName.equalsIgnoreCase(value.trim())) {
        return engine;
      }
    }
    throw new IllegalArgumentException(
        "unknown engine '" + value + "', expected 'PyTorch' or 'OnnxRuntime'");
  }
}
