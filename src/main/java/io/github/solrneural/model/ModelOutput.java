package io.github.solrneural.model;

/**
 * The model's chosen output tensor, copied to the heap so no native memory outlives the call.
 *
 * @param data values in row-major order
 * @param shape the tensor's shape
 */
public record ModelOutput(float[] data, long[] shape) {}
