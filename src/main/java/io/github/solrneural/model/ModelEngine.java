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
}
