package io.github.solrneural.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * The float32 matrix-multiply rate each engine reaches on this machine, with the threads the models
 * use: ONNX Runtime on a one-node MatMul model this class writes, PyTorch on DJL's NDArray.matMul.
 * Two shapes are measured, a square one and one shaped like a batch of tokens through a
 * feed-forward layer; the better rate is the floor's divisor.
 */
final class MatMulRate {
  private static final int[][] SHAPES = {{1024, 1024, 1024}, {4096, 384, 1536}};
  private static final int RUNS = 7;

  private MatMulRate() {}

  /** GFLOP/s per shape ("m x k x n") and the best of them under "best_gflops". */
  static Map<String, Object> onnxRuntime(int intraOpThreads) throws Exception {
    Map<String, Object> rates = new LinkedHashMap<>();
    double best = 0;
    OrtEnvironment environment = OrtEnvironment.getEnvironment();
    for (int[] shape : SHAPES) {
      try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
        options.setIntraOpNumThreads(intraOpThreads);
        options.setInterOpNumThreads(1);
        try (OrtSession session =
                environment.createSession(
                    OnnxMatMuls.matMulModel(shape[0], shape[1], shape[2]), options);
            OnnxTensor a = tensor(environment, shape[0], shape[1]);
            OnnxTensor b = tensor(environment, shape[1], shape[2])) {
          Map<String, OnnxTensor> inputs = Map.of("A", a, "B", b);
          double[] millis = new double[RUNS];
          for (int run = -1; run < RUNS; run++) {
            long start = System.nanoTime();
            try (OrtSession.Result ignored = session.run(inputs)) {
              if (run >= 0) {
                millis[run] = (System.nanoTime() - start) / 1e6;
              }
            }
          }
          best = Math.max(best, record(rates, shape, millis));
        }
      }
    }
    rates.put("best_gflops", round(best));
    return rates;
  }

  static Map<String, Object> pyTorch() {
    Map<String, Object> rates = new LinkedHashMap<>();
    double best = 0;
    try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager()) {
      for (int[] shape : SHAPES) {
        try (NDArray a = manager.randomUniform(-1, 1, new Shape(shape[0], shape[1]));
            NDArray b = manager.randomUniform(-1, 1, new Shape(shape[1], shape[2]))) {
          double[] millis = new double[RUNS];
          for (int run = -1; run < RUNS; run++) {
            long start = System.nanoTime();
            try (NDArray ignored = a.matMul(b)) {
              if (run >= 0) {
                millis[run] = (System.nanoTime() - start) / 1e6;
              }
            }
          }
          best = Math.max(best, record(rates, shape, millis));
        }
      }
    }
    rates.put("best_gflops", round(best));
    return rates;
  }

  private static double record(Map<String, Object> rates, int[] shape, double[] millis) {
    double gflops = 2.0 * shape[0] * shape[1] * shape[2] / (Interleaved.median(millis) * 1e6);
    rates.put(shape[0] + "x" + shape[1] + "x" + shape[2] + "_gflops", round(gflops));
    return gflops;
  }

  private static OnnxTensor tensor(OrtEnvironment environment, int rows, int columns)
      throws Exception {
    Random random = new Random(rows * 31L + columns);
    float[] values = new float[rows * columns];
    for (int i = 0; i < values.length; i++) {
      values[i] = random.nextFloat() * 2 - 1;
    }
    return OnnxTensor.createTensor(
        environment, FloatBuffer.wrap(values), new long[] {rows, columns});
  }

  static double round(double value) {
    return Math.round(value * 10) / 10.0;
  }
}
