package io.github.solrneural.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The floating-point operations of a transformer's matrix multiplications, read from its ONNX
 * graph, as a function of the sequence length n (real tokens, no padding):
 *
 * <ul>
 *   <li>a MatMul by a constant weight [k, m] (the Q/K/V, output and feed-forward projections)
 *       costs 2·k·m per token;
 *   <li>a MatMul of two activations (Q·Kᵀ and the attention-weighted V) costs 2·n²·hidden;
 *   <li>a Gemm by a constant weight (a cross-encoder's pooler and classifier, on the first token
 *       only) costs 2·k·m per sequence.
 * </ul>
 *
 * <p>Everything else (softmax, LayerNorm, GELU, embeddings) is left out, so the time these
 * operations take at the machine's matrix-multiply rate is a floor no engine can go below.
 */
final class OnnxMatMuls {
  final double perTokenFlops;
  final double perSequenceFlops;
  final int attentionProducts;
  final int hidden;

  private OnnxMatMuls(
      double perTokenFlops, double perSequenceFlops, int attentionProducts, int hidden) {
    this.perTokenFlops = perTokenFlops;
    this.perSequenceFlops = perSequenceFlops;
    this.attentionProducts = attentionProducts;
    this.hidden = hidden;
  }

  /** Floating-point operations of one sequence of the given number of real tokens. */
  double flops(int tokens) {
    return tokens * perTokenFlops
        + attentionProducts * 2.0 * tokens * tokens * hidden
        + perSequenceFlops;
  }

  static OnnxMatMuls read(Path onnxFile) throws IOException {
    Protobuf.Reader model = new Protobuf.Reader(Files.readAllBytes(onnxFile));
    Map<String, long[]> weights = new HashMap<>();
    List<String[]> nodes = new ArrayList<>(); // op type, then inputs
    while (model.next()) {
      if (model.field() != 7) { // ModelProto.graph
        model.skip();
        continue;
      }
      Protobuf.Reader graph = model.message();
      while (graph.next()) {
        if (graph.field() == 1) { // GraphProto.node
          nodes.add(node(graph.message()));
        } else if (graph.field() == 5) { // GraphProto.initializer
          readTensorShape(graph.message(), weights);
        } else {
          graph.skip();
        }
      }
    }
    double perToken = 0;
    double perSequence = 0;
    int attention = 0;
    int hidden = 0;
    for (String[] node : nodes) {
      long[] weight = node.length > 2 ? weights.get(node[2]) : null;
      if (node[0].equals("MatMul") && weight != null && weight.length == 2) {
        perToken += 2.0 * weight[0] * weight[1];
        if (hidden == 0) {
          hidden = (int) weight[0];
        }
      } else if (node[0].equals("MatMul") && weight == null && !weights.containsKey(node[1])) {
        attention++;
      } else if (node[0].equals("Gemm") && weight != null && weight.length == 2) {
        perSequence += 2.0 * weight[0] * weight[1];
      }
    }
    if (perToken == 0 || hidden == 0) {
      throw new IOException(onnxFile + " has no float MatMul by a constant weight to count");
    }
    return new OnnxMatMuls(perToken, perSequence, attention, hidden);
  }

  private static String[] node(Protobuf.Reader node) {
    List<String> inputs = new ArrayList<>();
    String opType = "";
    while (node.next()) {
      if (node.field() == 1) { // NodeProto.input
        inputs.add(node.string());
      } else if (node.field() == 4) { // NodeProto.op_type
        opType = node.string();
      } else {
        node.skip();
      }
    }
    String[] described = new String[inputs.size() + 1];
    described[0] = opType;
    for (int i = 0; i < inputs.size(); i++) {
      described[i + 1] = inputs.get(i);
    }
    return described;
  }

  private static final Set<Integer> FLOAT_TYPES = new HashSet<>(List.of(1)); // TensorProto.FLOAT

  private static void readTensorShape(Protobuf.Reader tensor, Map<String, long[]> weights) {
    List<Long> dims = new ArrayList<>();
    String name = null;
    int dataType = 0;
    while (tensor.next()) {
      switch (tensor.field()) {
        case 1 -> tensor.int64s(dims); // TensorProto.dims
        case 2 -> dataType = (int) tensor.varint(); // TensorProto.data_type
        case 8 -> name = tensor.string(); // TensorProto.name
        default -> tensor.skip();
      }
    }
    if (name != null && FLOAT_TYPES.contains(dataType)) {
      weights.put(name, dims.stream().mapToLong(Long::longValue).toArray());
    }
  }

  /** A one-node ONNX model: C = A·B with A [m, k] and B [k, n], all float32, opset 13. */
  static byte[] matMulModel(int m, int k, int n) {
    Protobuf.Writer node =
        new Protobuf.Writer()
            .string(1, "A")
            .string(1, "B")
            .string(2, "C")
            .string(3, "matmul")
            .string(4, "MatMul");
    Protobuf.Writer graph =
        new Protobuf.Writer()
            .message(1, node)
            .string(2, "matmul")
            .message(11, valueInfo("A", m, k))
            .message(11, valueInfo("B", k, n))
            .message(12, valueInfo("C", m, n));
    return new Protobuf.Writer()
        .varint(1, 8) // ir_version
        .string(2, "solr-neural bench")
        .message(7, graph)
        .message(8, new Protobuf.Writer().string(1, "").varint(2, 13)) // opset_import
        .toByteArray();
  }

  private static Protobuf.Writer valueInfo(String name, int rows, int columns) {
    Protobuf.Writer shape =
        new Protobuf.Writer()
            .message(1, new Protobuf.Writer().varint(1, rows))
            .message(1, new Protobuf.Writer().varint(1, columns));
    Protobuf.Writer tensorType = new Protobuf.Writer().varint(1, 1).message(2, shape);
    return new Protobuf.Writer().string(1, name).message(2, new Protobuf.Writer().message(1, tensorType));
  }
}
