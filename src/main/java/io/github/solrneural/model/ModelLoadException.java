package io.github.solrneural.model;

/** A model folder could not be loaded; the message names the file at fault. */
public class ModelLoadException extends Exception {
  public ModelLoadException(String message) {
    super(message);
  }

  public ModelLoadException(String message, Throwable cause) {
    super(message, cause);
  }
}
