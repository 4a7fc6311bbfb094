// a2v's fused CPU training step (issue 8): forward, loss and backward of the variational GIN
// autoencoder in one native call, and the shards' averaged clipped Adam update in another.
//
// Why it exists: the exported TensorFlow graph step spends half its time in ~400 op dispatches and
// the other half in MatMul kernels that the TensorFlow wheel compiles for plain AVX (no FMA), about
// 26 GFLOP/s on these 112×128 shapes. This file is compiled by `a2v backend setup` on the machine
// that runs it, against the Eigen headers inside the same wheel, with the host's AVX2/FMA; one call
// does the whole batch with no dispatch between the pieces.
//
// The model is libs/model's (forward.ts, train-step.ts, batch-norm-relu.ts) and the exporter's
// (tools/scripts/backend-graph-step.py); step-kernel.test.ts holds the three to the same losses,
// gradients and weights. Layout: the flat parameter vector of parameters.ts (its offsets are passed
// in, in spec order), the running statistics per BN as mean[H] then variance[H]. Row-major throughout.
// The caller owns every array; the kernel keeps only scratch space, so its state is the caller's and a
// checkpoint needs nothing from here. Single-threaded and deterministic: the same inputs give the same
// bits, which is what keeps resident shards' copies of the weights identical.
#define EIGEN_DONT_PARALLELIZE
#include <node_api.h>

#include <Eigen/Core>
#include <cmath>
#include <cstring>
#include <string>
#include <vector>

namespace {

using Mat = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using Row = Eigen::Matrix<float, 1, Eigen::Dynamic>;
using MapMat = Eigen::Map<Mat>;
using ConstMat = Eigen::Map<const Mat>;
using ConstRow = Eigen::Map<const Row>;
using MapRow = Eigen::Map<Row>;

constexpr int kSpecsPerLayer = 9;  // eps, lin1.w, lin1.b, mlp.bn.gamma, mlp.bn.beta, lin2.w, lin2.b, bn.gamma, bn.beta

struct Dims {
  int N, K, H, L, G;
  float momentum, bnEpsilon;
  int size;  // flat parameters
  std::vector<int> offsets;  // parameters.ts's specs, in order
  int offset(int layer, int spec) const { return offsets[layer * kSpecsPerLayer + spec]; }
  int headsW() const { return offsets[G * kSpecsPerLayer]; }
  int headsB() const { return offsets[G * kSpecsPerLayer + 1]; }
  int decoderW() const { return offsets[G * kSpecsPerLayer + 2]; }
  int decoderB() const { return offsets[G * kSpecsPerLayer + 3]; }
  int width(int layer) const { return layer == 0 ? K : H; }
};

// One Linear → BatchNorm → ReLU: what the backward pass needs of it.
struct BnLayer {
  Mat xhat, y;          // normalised pre-activation, output
  Row r, mean, var;     // rsqrt(var + eps) and the batch (or running) statistics
};

struct Scratch {
  int rows = 0;
  std::vector<Mat> hin, agg;         // per GIN layer: its input and (1+eps)h + Ãh
  std::vector<BnLayer> bn;           // 2 per GIN layer
  Mat heads, z, sigma, opsLogits, adjLogits;
  Mat dh, du, dz, dheads, dagg, dOps, dAdj;

  void resize(const Dims& d, int batch) {
    if (rows == batch * d.N) return;
    rows = batch * d.N;
    hin.assign(d.G, Mat());
    agg.assign(d.G, Mat());
    bn.assign(2 * d.G, BnLayer());
    for (int l = 0; l < d.G; l++) {
      hin[l].resize(rows, d.width(l));
      agg[l].resize(rows, d.width(l));
    }
    for (auto& b : bn) {
      b.xhat.resize(rows, d.H);
      b.y.resize(rows, d.H);
      b.r.resize(d.H);
      b.mean.resize(d.H);
      b.var.resize(d.H);
    }
    heads.resize(rows, 2 * d.L);
    z.resize(rows, d.L);
    sigma.resize(rows, d.L);
    opsLogits.resize(rows, d.K);
    adjLogits.resize(rows, d.N);
    dz.resize(rows, d.L);
    dheads.resize(rows, 2 * d.L);
    dOps.resize(rows, d.K);
    dAdj.resize(rows, d.N);
  }
};

// What one gradient call reads and writes (views of the caller's typed arrays).
struct Batch {
  int size;
  bool train;
  const float *params, *running, *x, *aggregation, *adjacency, *noise, *mask;
  float *grads, *runningOut;  // runningOut: null in the frozen phase
};

// Σ over rows, one contiguous row at a time: Eigen's colwise() reductions walk a row-major matrix's
// columns with a stride and do not vectorise, which made them half the step.
// Accumulated in double: TensorFlow's tree reductions are about that accurate, and a float running sum
// over 256 rows moved BN means enough to flip ReLUs sitting at their kink.
template <typename E>
Row colSum(const Eigen::MatrixBase<E>& m) {
  Eigen::Matrix<double, 1, Eigen::Dynamic> acc = Eigen::Matrix<double, 1, Eigen::Dynamic>::Zero(m.cols());
  for (Eigen::Index r = 0; r < m.rows(); r++) acc += m.row(r).template cast<double>();
  return acc.template cast<float>();
}

// √Σv² in double, with eight running sums (one would wait on each add's latency).
double l2Norm(const float* __restrict values, int n) {
  double sums[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  int i = 0;
  for (; i + 8 <= n; i += 8)
    for (int j = 0; j < 8; j++) sums[j] += static_cast<double>(values[i + j]) * values[i + j];
  for (; i < n; i++) sums[0] += static_cast<double>(values[i]) * values[i];
  return std::sqrt(((sums[0] + sums[1]) + (sums[2] + sums[3])) + ((sums[4] + sums[5]) + (sums[6] + sums[7])));
}

inline float softplus(float v) { return std::max(v, 0.0f) + std::log1p(std::exp(-std::fabs(v))); }
inline float sigmoid(float v) { return v >= 0 ? 1.0f / (1.0f + std::exp(-v)) : std::exp(v) / (1.0f + std::exp(v)); }

// out_b = S_b · h_b per graph, as row updates (S: the batch's N×N blocks). S is symmetric (graph-data.ts
// builds Ã + Ãᵀ + I), so the backward pass propagates with it too, as fast-ops.ts's propagateSymmetric does.
void propagate(const float* blocks, const Mat& h, Mat& out, int N) {
  const int graphs = static_cast<int>(h.rows()) / N;
  for (int b = 0; b < graphs; b++) {
    const float* s = blocks + static_cast<size_t>(b) * N * N;
    for (int i = 0; i < N; i++) {
      auto row = out.row(b * N + i);
      row.setZero();
      for (int j = 0; j < N; j++) {
        const float weight = s[i * N + j];
        if (weight != 0.0f) row += weight * h.row(b * N + j);
      }
    }
  }
}

class StepKernel {
 public:
  explicit StepKernel(Dims dims) : d_(std::move(dims)) {}
  const Dims& dims() const { return d_; }

  // Loss and unclipped gradient (and its norm) of one batch at `params`; the new running statistics in the train phase.
  void gradient(const Batch& in, double* lossAndNorm) {
    s_.resize(d_, in.size);
    forward(in);
    lossAndNorm[0] = lossAndOutputGrads(in);
    backward(in);
    lossAndNorm[1] = l2Norm(in.grads, d_.size);
    if (in.train) updateRunning(in);
  }

  // The shards' gradients ([S × size]) averaged with `shares` (in shard order, rounded as sharded.ts's
  // weightedMean rounds), then adam.ts's clipped Adam step (PyTorch's formula). Returns the mean
  // gradient's norm.
  double adam(float* __restrict params, float* __restrict m, float* __restrict v, const float* __restrict grads, const double* shares, int shards,
              const double* hyper) {
    const double stepSize = hyper[0], bias2Sqrt = hyper[1], beta1 = hyper[2], beta2 = hyper[3], epsilon = hyper[4], clipNorm = hyper[5];
    // Shard by shard, each pass a vectorised loop; the first writes `mean` (0 + x = x, so no zeroing pass).
    mean_.resize(d_.size);
    float* __restrict mean = mean_.data();
    for (int i = 0; i < d_.size; i++) mean[i] = static_cast<float>(shares[0] * grads[i]);
    for (int s = 1; s < shards; s++) {
      const float* __restrict g = grads + static_cast<size_t>(s) * d_.size;
      for (int i = 0; i < d_.size; i++) mean[i] = static_cast<float>(mean[i] + shares[s] * g[i]);
    }
    const double norm = l2Norm(mean, d_.size);
    const double clip = clipNorm / (norm + 1e-6);
    const double scale = clip < 1 ? clip : 1;
    // The per-element update in float, eight lanes at a time (TensorFlow's ApplyAdam is float too):
    // in double it took 2.5× as long, a tenth of a sharded round.
    const float gScale = static_cast<float>(scale), b1 = static_cast<float>(beta1), b2 = static_cast<float>(beta2);
    const float keep1 = static_cast<float>(1 - beta1), keep2 = static_cast<float>(1 - beta2), step = static_cast<float>(stepSize);
    const float invBias2Sqrt = static_cast<float>(1 / bias2Sqrt), eps = static_cast<float>(epsilon);
    for (int i = 0; i < d_.size; i++) {
      const float g = mean[i] * gScale;
      m[i] = b1 * m[i] + keep1 * g;
      v[i] = b2 * v[i] + keep2 * g * g;
      params[i] -= (step * m[i]) / (std::sqrt(v[i]) * invBias2Sqrt + eps);
    }
    return norm;
  }

 private:
  Dims d_;
  Scratch s_;
  std::vector<float> mean_;

  ConstMat weight(const float* p, int at, int rows, int cols) const { return ConstMat(p + at, rows, cols); }
  ConstRow vec(const float* p, int at, int n) const { return ConstRow(p + at, n); }

  // Linear (weight at `w`, bias after it) then BN with batch or running statistics, then ReLU.
  void linearBnRelu(const Batch& in, int layer, int which, const Mat& a) {
    const int H = d_.H, at = which == 0 ? 1 : 5, b = 2 * layer + which;
    BnLayer& bn = s_.bn[b];
    const int w = d_.offset(layer, at);
    Mat& u = bn.xhat;  // the pre-activation, normalised in place
    u.noalias() = a * weight(in.params, w, static_cast<int>(a.cols()), H);
    u.rowwise() += vec(in.params, d_.offset(layer, at + 1), H);
    if (in.train) {
      const float rows = static_cast<float>(u.rows());
      bn.mean = colSum(u) / rows;
      u.rowwise() -= bn.mean;
      bn.var = colSum(u.cwiseAbs2()) / rows;
    } else {
      bn.mean = vec(in.running, 2 * b * H, H);
      bn.var = vec(in.running, (2 * b + 1) * H, H);
      u.rowwise() -= bn.mean;
    }
    bn.r = (bn.var.array() + d_.bnEpsilon).rsqrt();
    u.array().rowwise() *= bn.r.array();
    const ConstRow gamma = vec(in.params, d_.offset(layer, at + 2), H), beta = vec(in.params, d_.offset(layer, at + 3), H);
    bn.y = ((u.array().rowwise() * gamma.array()).rowwise() + beta.array()).max(0.0f);
  }

  void forward(const Batch& in) {
    const int N = d_.N, rows = s_.rows;
    for (int l = 0; l < d_.G; l++) {
      Mat& h = s_.hin[l];
      if (l == 0)
        h = ConstMat(in.x, rows, d_.K);
      else
        h = s_.bn[2 * l - 1].y;
      propagate(in.aggregation, h, s_.agg[l], N);
      s_.agg[l] += in.params[d_.offset(l, 0)] * h;
      linearBnRelu(in, l, 0, s_.agg[l]);
      linearBnRelu(in, l, 1, s_.bn[2 * l].y);
    }
    const Mat& top = s_.bn[2 * d_.G - 1].y;
    s_.heads.noalias() = top * weight(in.params, d_.headsW(), d_.H, 2 * d_.L);
    s_.heads.rowwise() += vec(in.params, d_.headsB(), 2 * d_.L);
    const auto mu = s_.heads.leftCols(d_.L);
    if (in.train) {
      s_.sigma = s_.heads.rightCols(d_.L).array().exp();
      s_.z = (mu.array() + ConstMat(in.noise, rows, d_.L).array() * s_.sigma.array()) * ConstMat(in.mask, rows, d_.L).array();
    } else {
      s_.z = mu;
    }
    s_.opsLogits.noalias() = s_.z * weight(in.params, d_.decoderW(), d_.L, d_.K);
    s_.opsLogits.rowwise() += vec(in.params, d_.decoderB(), d_.K);
    for (int b = 0; b < in.size; b++) {
      const auto zb = s_.z.middleRows(b * N, N);
      s_.adjLogits.middleRows(b * N, N).noalias() = zb.lazyProduct(zb.transpose());
    }
  }

  // vaeLoss; leaves dLoss/dz in s_.dz and dLoss/d(heads) (the KL's share) in s_.dheads.
  double lossAndOutputGrads(const Batch& in) {
    const int N = d_.N, K = d_.K, L = d_.L, rows = s_.rows;
    const double opsScale = 1.0 / (static_cast<double>(rows) * K), adjScale = 1.0 / (static_cast<double>(rows) * N);
    double ops = 0, adj = 0, kl = 0;
    for (int r = 0; r < rows; r++) {
      for (int k = 0; k < K; k++) {
        const float l = s_.opsLogits(r, k), t = in.x[r * K + k];
        ops += softplus(l) - l * t;
        s_.dOps(r, k) = static_cast<float>((sigmoid(l) - t) * opsScale);
      }
      const int i = r % N;
      for (int j = 0; j < N; j++) {
        if (j <= i) {
          s_.dAdj(r, j) = 0;
          continue;
        }
        const float l = s_.adjLogits(r, j), t = in.adjacency[r * N + j];
        adj += softplus(l) - l * t;
        s_.dAdj(r, j) = static_cast<float>((sigmoid(l) - t) * adjScale);
      }
    }
    // KL = (Σ(2 log σ − μ² − σ²) + rows·L) · (−0.5 / rows²)
    const double klScale = -0.5 / (static_cast<double>(rows) * rows);
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < L; c++) {
        const float mu = s_.heads(r, c), logSigma = s_.heads(r, L + c), sigma2 = std::exp(2 * logSigma);
        kl += 2 * logSigma - mu * mu - sigma2;
        s_.dheads(r, c) = static_cast<float>(klScale * -2 * mu);
        s_.dheads(r, L + c) = static_cast<float>(klScale * (2 - 2 * sigma2));
      }
    }
    kl = (kl + static_cast<double>(rows) * L) * klScale;
    s_.dz.noalias() = s_.dOps * weight(in.params, d_.decoderW(), L, K).transpose();
    Mat sym(N, N);
    for (int b = 0; b < in.size; b++) {
      const auto g = s_.dAdj.middleRows(b * N, N);
      sym = g + g.transpose();
      s_.dz.middleRows(b * N, N).noalias() += sym.lazyProduct(s_.z.middleRows(b * N, N));
    }
    return ops * opsScale + adj * adjScale + kl;
  }

  // dLoss/du of one BN+ReLU given dLoss/dy in s_.dh (into s_.du); its gamma and beta gradients.
  void bnReluBackward(const Batch& in, int layer, int which) {
    const int H = d_.H, at = which == 0 ? 1 : 5;
    const BnLayer& bn = s_.bn[2 * layer + which];
    Mat& gm = s_.dh;  // dy masked by the ReLU, in place
    gm = (bn.y.array() > 0).select(gm.array(), 0.0f).matrix();
    MapRow dGamma(in.grads + d_.offset(layer, at + 2), H), dBeta(in.grads + d_.offset(layer, at + 3), H);
    dBeta = colSum(gm);
    dGamma = colSum(gm.cwiseProduct(bn.xhat));
    const Row gammaR = vec(in.params, d_.offset(layer, at + 2), H).array() * bn.r.array();
    if (in.train) {
      const float n = static_cast<float>(s_.rows);
      const Row meanDBeta = dBeta / n, meanDGamma = dGamma / n;
      s_.du = ((gm.array().rowwise() - meanDBeta.array()) - bn.xhat.array().rowwise() * meanDGamma.array()).rowwise() * gammaR.array();
    } else {
      s_.du = gm.array().rowwise() * gammaR.array();
    }
  }

  // The Linear before BN `which` of `layer`: weight and bias gradients; dLoss/d(input) into s_.dh.
  void linearBackward(const Batch& in, int layer, int which, const Mat& input, bool needInput) {
    const int H = d_.H, at = which == 0 ? 1 : 5, fanIn = static_cast<int>(input.cols());
    MapMat(in.grads + d_.offset(layer, at), fanIn, H).noalias() = input.transpose() * s_.du;
    MapRow(in.grads + d_.offset(layer, at + 1), H) = colSum(s_.du);
    if (needInput) s_.dh.noalias() = s_.du * weight(in.params, d_.offset(layer, at), fanIn, H).transpose();
  }

  void backward(const Batch& in) {
    const int L = d_.L, N = d_.N, rows = s_.rows;
    // z = (μ + noise·σ)·mask in training, μ when frozen; dheads already holds the KL's gradient.
    MapMat(in.grads + d_.decoderW(), L, d_.K).noalias() = s_.z.transpose() * s_.dOps;
    MapRow(in.grads + d_.decoderB(), d_.K) = colSum(s_.dOps);
    if (in.train) {
      const auto masked = s_.dz.array() * ConstMat(in.mask, rows, L).array();
      s_.dheads.leftCols(L).array() += masked;
      s_.dheads.rightCols(L).array() += masked * ConstMat(in.noise, rows, L).array() * s_.sigma.array();
    } else {
      s_.dheads.leftCols(L) += s_.dz;
    }
    const Mat& top = s_.bn[2 * d_.G - 1].y;
    MapMat(in.grads + d_.headsW(), d_.H, 2 * L).noalias() = top.transpose() * s_.dheads;
    MapRow(in.grads + d_.headsB(), 2 * L) = colSum(s_.dheads);
    s_.dh.noalias() = s_.dheads * weight(in.params, d_.headsW(), d_.H, 2 * L).transpose();
    for (int l = d_.G - 1; l >= 0; l--) {
      bnReluBackward(in, l, 1);
      linearBackward(in, l, 1, s_.bn[2 * l].y, true);
      bnReluBackward(in, l, 0);
      linearBackward(in, l, 0, s_.agg[l], true);
      // agg = Ã·h + eps·h: dh here is dLoss/d(agg).
      in.grads[d_.offset(l, 0)] = (s_.dh.array() * s_.hin[l].array()).sum();
      if (l == 0) break;
      s_.dagg = s_.dh;
      propagate(in.aggregation, s_.dagg, s_.dh, N);
      s_.dh += in.params[d_.offset(l, 0)] * s_.dagg;
    }
  }

  // PyTorch BatchNorm1d: momentum, unbiased variance in the running estimate.
  void updateRunning(const Batch& in) {
    const int H = d_.H;
    // In double, as train-step.ts's updateRunning computes it.
    const double rows = s_.rows, unbias = rows / std::max(rows - 1.0, 1.0), momentum = d_.momentum, keep = 1.0 - momentum;
    for (int b = 0; b < 2 * d_.G; b++) {
      const BnLayer& bn = s_.bn[b];
      const float* mean = in.running + 2 * b * H;
      const float* var = mean + H;
      for (int c = 0; c < H; c++) {
        in.runningOut[2 * b * H + c] = static_cast<float>(keep * mean[c] + momentum * bn.mean[c]);
        in.runningOut[(2 * b + 1) * H + c] = static_cast<float>(keep * var[c] + momentum * bn.var[c] * unbias);
      }
    }
  }
};

// ---- N-API glue: plain functions over an external handle; every array is the caller's typed array ----

struct ArgError {
  std::string message;
};

template <typename T>
T* typedArray(napi_env env, napi_value value, napi_typedarray_type want, size_t minLength, const char* name, bool optional = false,
              size_t* lengthOut = nullptr) {
  napi_valuetype type;
  napi_typeof(env, value, &type);
  if (optional && (type == napi_null || type == napi_undefined)) return nullptr;
  bool is = false;
  napi_is_typedarray(env, value, &is);
  if (!is) throw ArgError{std::string(name) + " must be a typed array"};
  napi_typedarray_type kind;
  size_t length;
  void* data;
  napi_get_typedarray_info(env, value, &kind, &length, &data, nullptr, nullptr);
  if (kind != want) throw ArgError{std::string(name) + " has the wrong element type"};
  if (length < minLength) throw ArgError{std::string(name) + " holds " + std::to_string(length) + " values, needs " + std::to_string(minLength)};
  if (lengthOut) *lengthOut = length;
  return static_cast<T*>(data);
}

double number(napi_env env, napi_value value, const char* name) {
  double out;
  if (napi_get_value_double(env, value, &out) != napi_ok) throw ArgError{std::string(name) + " must be a number"};
  return out;
}

std::vector<napi_value> args(napi_env env, napi_callback_info info, size_t count) {
  std::vector<napi_value> out(count);
  size_t given = count;
  napi_get_cb_info(env, info, &given, out.data(), nullptr, nullptr);
  if (given < count) throw ArgError{"expected " + std::to_string(count) + " arguments, got " + std::to_string(given)};
  return out;
}

StepKernel* kernelOf(napi_env env, napi_value value) {
  void* data = nullptr;
  if (napi_get_value_external(env, value, &data) != napi_ok || !data) throw ArgError{"the first argument must be a kernel handle"};
  return static_cast<StepKernel*>(data);
}

template <typename F>
napi_value guarded(napi_env env, F body) {
  try {
    return body();
  } catch (const ArgError& e) {
    napi_throw_type_error(env, nullptr, e.message.c_str());
  } catch (const std::exception& e) {
    napi_throw_error(env, nullptr, e.what());
  }
  return nullptr;
}

// create(dims: Float64Array [N, K, H, L, G, momentum, bnEpsilon, size], offsets: Int32Array) -> handle
napi_value Create(napi_env env, napi_callback_info info) {
  return guarded(env, [&]() -> napi_value {
    auto a = args(env, info, 2);
    const double* dims = typedArray<double>(env, a[0], napi_float64_array, 8, "dims");
    Dims d{static_cast<int>(dims[0]), static_cast<int>(dims[1]), static_cast<int>(dims[2]), static_cast<int>(dims[3]), static_cast<int>(dims[4]),
           static_cast<float>(dims[5]), static_cast<float>(dims[6]), static_cast<int>(dims[7]), {}};
    const size_t specs = static_cast<size_t>(d.G) * kSpecsPerLayer + 4;
    const int32_t* offsets = typedArray<int32_t>(env, a[1], napi_int32_array, specs, "offsets");
    d.offsets.assign(offsets, offsets + specs);
    napi_value handle;
    napi_create_external(env, new StepKernel(std::move(d)), [](napi_env, void* data, void*) { delete static_cast<StepKernel*>(data); }, nullptr, &handle);
    return handle;
  });
}

// gradient(handle, batch, train, params, running, x, aggregation, adjacency, noise|null, mask|null, grads, runningOut|null,
//          lossAndNorm: Float64Array [2])
napi_value Gradient(napi_env env, napi_callback_info info) {
  return guarded(env, [&]() -> napi_value {
    auto a = args(env, info, 13);
    StepKernel* k = kernelOf(env, a[0]);
    const Dims& d = k->dims();
    Batch in{};
    in.size = static_cast<int>(number(env, a[1], "batch"));
    bool train = false;
    napi_get_value_bool(env, a[2], &train);
    in.train = train;
    if (in.size < 1) throw ArgError{"batch must be at least 1"};
    const size_t rows = static_cast<size_t>(in.size) * d.N, runningSize = static_cast<size_t>(4) * d.G * d.H;
    in.params = typedArray<float>(env, a[3], napi_float32_array, d.size, "params");
    in.running = typedArray<float>(env, a[4], napi_float32_array, runningSize, "running");
    in.x = typedArray<float>(env, a[5], napi_float32_array, rows * d.K, "x");
    in.aggregation = typedArray<float>(env, a[6], napi_float32_array, rows * d.N, "aggregation");
    in.adjacency = typedArray<float>(env, a[7], napi_float32_array, rows * d.N, "adjacency");
    in.noise = typedArray<float>(env, a[8], napi_float32_array, rows * d.L, "noise", !train);
    in.mask = typedArray<float>(env, a[9], napi_float32_array, rows * d.L, "mask", !train);
    in.grads = typedArray<float>(env, a[10], napi_float32_array, d.size, "grads");
    in.runningOut = typedArray<float>(env, a[11], napi_float32_array, runningSize, "runningOut", !train);
    k->gradient(in, typedArray<double>(env, a[12], napi_float64_array, 2, "lossAndNorm"));
    return nullptr;
  });
}

// adam(handle, params, m, v, grads [S × size], shares: Float64Array [S], hyper: Float64Array
//      [stepSize, bias2Sqrt, beta1, beta2, epsilon, clipNorm]) -> the mean gradient's norm
napi_value Adam(napi_env env, napi_callback_info info) {
  return guarded(env, [&]() -> napi_value {
    auto a = args(env, info, 7);
    StepKernel* k = kernelOf(env, a[0]);
    const size_t size = k->dims().size;
    size_t shards = 0;
    const double* shares = typedArray<double>(env, a[5], napi_float64_array, 1, "shares", false, &shards);
    const float* grads = typedArray<float>(env, a[4], napi_float32_array, shards * size, "grads");
    float* params = typedArray<float>(env, a[1], napi_float32_array, size, "params");
    float* m = typedArray<float>(env, a[2], napi_float32_array, size, "m");
    float* v = typedArray<float>(env, a[3], napi_float32_array, size, "v");
    const double* hyper = typedArray<double>(env, a[6], napi_float64_array, 6, "hyper");
    napi_value out;
    napi_create_double(env, k->adam(params, m, v, grads, shares, static_cast<int>(shards), hyper), &out);
    return out;
  });
}

// The calls' version: libs/model/src/step-kernel.ts's STEP_KERNEL_FORMAT must equal it.
constexpr int kFormat = 1;

napi_value Init(napi_env env, napi_value exports) {
  napi_value format;
  napi_create_int32(env, kFormat, &format);
  const napi_property_descriptor methods[] = {
      {"format", nullptr, nullptr, nullptr, nullptr, format, napi_enumerable, nullptr},
      {"create", nullptr, Create, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"gradient", nullptr, Gradient, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"adam", nullptr, Adam, nullptr, nullptr, nullptr, napi_default, nullptr},
  };
  napi_define_properties(env, exports, 4, methods);
  return exports;
}

}  // namespace

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
