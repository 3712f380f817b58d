package io.github.solrneural.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The float32 matrix-multiply rate an engine reaches on this machine: ONNX Runtime on a one-node
 * MatMul model this class writes, PyTorch on DJL's NDArray.matMul. Two shapes, a square one and one
 * shaped like a batch of tokens through a feed-forward layer; the better rate is the floor's
 * divisor. A probe runs as one more contender in the rounds it is the floor of, so that it meets
 * the same load from other processes as they do.
 */
abstract class MatMulRate implements AutoCloseable {
  private static final int[][] SHAPES = {{1024, 1024, 1024}, {4096, 384, 1536}};
  private static final int RUNS_PER_ROUND = 3;

  private final List<List<Double>> millis = new ArrayList<>();
  private final int threads;

  MatMulRate(int threads) {
    this.threads = threads;
    for (int i = 0; i < SHAPES.length; i++) {
      millis.add(new ArrayList<>());
    }
  }

  static MatMulRate onnxRuntime(int intraOpThreads) throws Exception {
    return new OnnxRuntimeRate(intraOpThreads);
  }

  /** With the JVM's PyTorch threads (-Dai.djl.pytorch.num_threads). */
  static MatMulRate pyTorch() {
    return new PyTorchRate(Integer.getInteger("ai.djl.pytorch.num_threads", 0));
  }

  /** The probe as a contender; its time is not a figure of its own. */
  Interleaved.Contender contender(String key) {
    return new Interleaved.Contender(key, this::round);
  }

  private double round() throws Exception {
    double total = 0;
    for (int shape = 0; shape < SHAPES.length; shape++) {
      for (int run = 0; run < RUNS_PER_ROUND; run++) {
        long start = System.nanoTime();
        multiply(shape);
        double elapsed = (System.nanoTime() - start) / 1e6;
        millis.get(shape).add(elapsed);
        total += elapsed;
      }
    }
    return total;
  }

  /** GFLOP/s per shape ("m x k x n", median over the runs) and the best of them. */
  Map<String, Object> rates() {
    Map<String, Object> rates = new LinkedHashMap<>();
    rates.put("threads", threads);
    double best = 0;
    for (int shape = 0; shape < SHAPES.length; shape++) {
      int[] s = SHAPES[shape];
      double median = Interleaved.median(millis.get(shape).stream().mapToDouble(Double::doubleValue).toArray());
      double gflops = 2.0 * s[0] * s[1] * s[2] / (median * 1e6);
      rates.put(s[0] + "x" + s[1] + "x" + s[2] + "_gflops", Report.round(gflops, 1));
      best = Math.max(best, gflops);
    }
    rates.put("best_gflops", Report.round(best, 1));
    return rates;
  }

  double bestGflops() {
    return (double) rates().get("best_gflops");
  }

  abstract void multiply(int shape) throws Exception;

  private static final class OnnxRuntimeRate extends MatMulRate {
    private final List<OrtSession> sessions = new ArrayList<>();
    private final List<Map<String, OnnxTensor>> inputs = new ArrayList<>();

    OnnxRuntimeRate(int intraOpThreads) throws Exception {
      super(intraOpThreads);
      OrtEnvironment environment = OrtEnvironment.getEnvironment();
      for (int[] shape : SHAPES) {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
          options.setIntraOpNumThreads(intraOpThreads);
          options.setInterOpNumThreads(1);
          sessions.add(environment.createSession(OnnxMatMuls.matMulModel(shape[0], shape[1], shape[2]), options));
        }
        inputs.add(Map.of("A", tensor(environment, shape[0], shape[1]), "B", tensor(environment, shape[1], shape[2])));
      }
    }

    @Override
    void multiply(int shape) throws Exception {
      try (OrtSession.Result ignored = sessions.get(shape).run(inputs.get(shape))) {
        // the product stays in native memory and is freed here
      }
    }

    private static OnnxTensor tensor(OrtEnvironment environment, int rows, int columns) throws Exception {
      Random random = new Random(rows * 31L + columns);
      float[] values = new float[rows * columns];
      for (int i = 0; i < values.length; i++) {
        values[i] = random.nextFloat() * 2 - 1;
      }
      return OnnxTensor.createTensor(environment, FloatBuffer.wrap(values), new long[] {rows, columns});
    }

    @Override
    public void close() throws Exception {
      for (Map<String, OnnxTensor> pair : inputs) {
        pair.values().forEach(OnnxTensor::close);
      }
      for (OrtSession session : sessions) {
        session.close();
      }
    }
  }

  private static final class PyTorchRate extends MatMulRate {
    private final NDManager manager = Engine.getEngine("PyTorch").newBaseManager();
    private final List<NDArray[]> operands = new ArrayList<>();

    PyTorchRate(int threads) {
      super(threads);
      for (int[] shape : SHAPES) {
        operands.add(new NDArray[] {
          manager.randomUniform(-1, 1, new Shape(shape[0], shape[1])),
          manager.randomUniform(-1, 1, new Shape(shape[1], shape[2]))
        });
      }
    }

    @Override
    void multiply(int shape) {
      NDArray[] pair = operands.get(shape);
      try (NDArray ignored = pair[0].matMul(pair[1])) {
        // computed eagerly on the CPU, freed here
      }
    }

    @Override
    public void close() {
      manager.close();
    }
  }
}
