package io.github.solrneural.model;

/**
 * A batch's output, copied to the heap so no native memory outlives the call: one row per member
 * ([batch, width]) as {@link BatchTranslator} reads it, or the tensor as the model gave it when it
 * has no such reading (which {@link BatchRunner} refuses).
 *
 * @param data values in row-major order
 * @param shape the tensor's shape
 */
public record ModelOutput(float[] data, long[] shape) {}
