"""Exports a2v's whole training step as TensorFlow graphs (one SavedModel per search space).

Run by `a2v backend setup` (tools/scripts/backend-setup.mjs) with the Python TensorFlow of the pinned
wheel. @a2v/model (libs/model/src/graph-step.ts) loads the result with tfjs-node's loadSavedModel and
runs one session call per batch instead of ~400 eager ops: forward, loss, backward, clipping, Adam and
the BatchNorm running statistics all happen inside TensorFlow.

The model is the one libs/model implements (forward.ts, train-step.ts, adam.ts, batch-norm-relu.ts,
parameters.ts); it must stay in step with it, and graph-step.test.ts checks it does (same loss, same
updated weights, same decoded graphs as the eager tfjs step). Every number is float32. The layout of
the flat parameter vector is parameters.ts's, written to graph-step.json beside the model so that
@a2v/model refuses (and falls back to the eager step) when the two drift apart.

Randomness never originates here: the reparameterisation noise and the dropout mask are inputs,
drawn by a2v's seeded generator, so runs stay reproducible and resumable.

Signatures (B graphs, rows = B*N; `hyper` = [lr, beta1, beta2, epsilon, clip_norm, beta1^t, beta2^t]
with t the Adam step after this update, computed by the caller):
  train_step(x[rows,K], adjacency[B,N,N], noise[rows,L], mask[rows,L], hyper[7]) -> loss, grad_norm
      VAE step on the session's variables: batch-statistics BN (running statistics updated), z = mu +
      noise*sigma, dropout mask; clipped Adam. Nothing changes when loss or norm is not finite.
  frozen_step(x, adjacency, hyper) -> loss, grad_norm      ('reference' mode after epoch 1)
  train_gradient(params, running, x, adjacency, noise, mask) -> loss, grad_norm, grads, running
  frozen_gradient(params, running, x, adjacency) -> loss, grad_norm, grads
      Stateless: the gradient at the given weights (sharded 'gradient' rounds).
  shard_gradient(x, adjacency, noise, mask) -> loss, grad_norm, grads, running
  shard_frozen_gradient(x, adjacency) -> loss, grad_norm, grads
      The gradient at the session's own weights (a resident shard of sharded 'gradient' training:
      every shard's session holds the same weights and applies the same averaged update).
  shard_step(grads[S,P], shares[S], running[R], hyper, x, adjacency, noise, mask) -> loss, grad_norm, grads, running
  shard_frozen_step(grads[S,P], shares[S], running[R], hyper, x, adjacency) -> loss, grad_norm, grads
      The previous round's apply_gradient, then shard_gradient at the new weights: one session call
      per round.
  apply_gradient(grads[S,P], shares[S], running[R], hyper) -> grad_norm
      The shards' gradients averaged with the given shares, then clipped Adam on the session's
      variables; `running` (the shards' statistics, averaged by the caller) is assigned.
  get_state() -> params, running, m, v;  set_state(params, running, m, v) -> ok

Each step and gradient signature also exists with a static batch size suffix (`train_step_b32`, …;
--batch-sizes, default 32 and 16): static shapes let Grappler fold the gradient's shape arithmetic.

Usage: python3 backend-graph-step.py OUT_DIR [space ...] [--batch-sizes 32,16]   (nasbench101, nasbench201)
"""
import json
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import tensorflow as tf  # noqa: E402

FORMAT = 2
SPACES = {"nasbench101": (7, 5), "nasbench201": (8, 7)}
# model-config.ts's defaults; graph-step.json records them and @a2v/model compares.
HIDDEN, LATENT, GIN_LAYERS, BN_MOMENTUM, BN_EPSILON = 128, 16, 4, 0.1, 1e-5


def layout(N, K):
    """parameters.ts's paramLayout: (name, shape) in flat-vector order, and the BN names."""
    specs, bn_names = [], []
    for l in range(GIN_LAYERS):
        specs.append((f"gin{l}.eps", []))
        fan_in = K if l == 0 else HIDDEN
        specs += [(f"gin{l}.mlp.lin1.w", [fan_in, HIDDEN]), (f"gin{l}.mlp.lin1.b", [HIDDEN])]
        specs += [(f"gin{l}.mlp.bn.gamma", [HIDDEN]), (f"gin{l}.mlp.bn.beta", [HIDDEN])]
        specs += [(f"gin{l}.mlp.lin2.w", [HIDDEN, HIDDEN]), (f"gin{l}.mlp.lin2.b", [HIDDEN])]
        specs += [(f"gin{l}.bn.gamma", [HIDDEN]), (f"gin{l}.bn.beta", [HIDDEN])]
        bn_names += [f"gin{l}.mlp.bn", f"gin{l}.bn"]
    specs += [("heads.w", [HIDDEN, 2 * LATENT]), ("heads.b", [2 * LATENT])]
    specs += [("opDecoder.w", [LATENT, K]), ("opDecoder.b", [K])]
    return specs, bn_names


def size_of(shape):
    n = 1
    for d in shape:
        n *= d
    return n


@tf.custom_gradient
def batch_norm_relu(h, gamma, beta):
    """BatchNorm1d (batch statistics, biased variance) then ReLU, with batch-norm-relu.ts's closed-form
    gradient: a handful of kernels instead of autodiff's ~25 (x^ = (h-mu)*r, r = (var+eps)^-1/2,
    g = dy*[y>0]: dbeta = sum g, dgamma = sum g*x^, dh = gamma*r*(g - dbeta/n - x^*dgamma/n)).
    Also returns the batch mean and variance, which get no gradient."""
    rows = tf.cast(tf.shape(h)[0], h.dtype)
    mean = tf.reduce_mean(h, 0)
    centered = h - mean
    variance = tf.reduce_mean(tf.square(centered), 0)
    r = tf.math.rsqrt(variance + BN_EPSILON)
    x_hat = centered * r
    y = tf.nn.relu(x_hat * gamma + beta)

    def grad(dy, _dmean, _dvariance):
        masked = tf.raw_ops.ReluGrad(gradients=dy, features=y)
        d_beta = tf.reduce_sum(masked, 0)
        d_gamma = tf.reduce_sum(masked * x_hat, 0)
        dh = (gamma * r) * (masked - d_beta / rows - x_hat * (d_gamma / rows))
        return dh, d_gamma, d_beta

    return (y, tf.stop_gradient(mean), tf.stop_gradient(variance)), grad


class GraphStep(tf.Module):
    def __init__(self, N, K):
        super().__init__()
        self.N, self.K = N, K
        self.specs, self.bn_names = layout(N, K)
        self.sizes = [size_of(s) for _, s in self.specs]
        self.size = sum(self.sizes)
        self.running_size = len(self.bn_names) * 2 * HIDDEN
        # Flat vectors, as in @a2v/model: the gradient of the split is one concat, and clipping and
        # Adam are a handful of kernels over ~120k floats.
        self.params = tf.Variable(tf.zeros([self.size]), name="params")
        self.running = tf.Variable(tf.zeros([self.running_size]), name="running")
        self.m = tf.Variable(tf.zeros([self.size]), name="adam_m")
        self.v = tf.Variable(tf.zeros([self.size]), name="adam_v")
        upper = [[1.0 if j > i else 0.0 for j in range(N)] for i in range(N)]
        self.upper = tf.constant(upper)
        self.eye = tf.eye(N)

    # ---- the model (forward.ts) ----
    def unpack(self, flat):
        pieces = tf.split(flat, self.sizes)
        return {name: tf.reshape(p, shape) for (name, shape), p in zip(self.specs, pieces)}

    def running_of(self, running):
        blocks = tf.split(running, 2 * len(self.bn_names))
        return {name: (blocks[2 * b], blocks[2 * b + 1]) for b, name in enumerate(self.bn_names)}

    def loss(self, p, running, x, adjacency, noise, mask, batch_stats):
        """forward() and vaeLoss(); returns the loss and (train) each BN's batch mean and biased variance."""
        N, K = self.N, self.K
        batch = tf.shape(adjacency)[0]
        rows = batch * N
        rows_f = tf.cast(rows, tf.float32)
        aggregation = adjacency + tf.transpose(adjacency, [0, 2, 1]) + self.eye  # Ã + I (graph-data.ts)
        stats = {}

        def linear_bn_relu(a, lin, bn):
            w, b = p[f"{lin}.w"], p[f"{lin}.b"]
            gamma, beta = p[f"{bn}.gamma"], p[f"{bn}.beta"]
            if batch_stats:
                y, mean, variance = batch_norm_relu(tf.nn.bias_add(tf.matmul(a, w), b), gamma, beta)
                stats[bn] = (mean, variance)
                return y
            mean, variance = running[bn]
            scale = gamma * tf.math.rsqrt(variance + BN_EPSILON)  # frozenBatchNorm, folded into the Linear
            shift = beta - mean * scale
            return tf.nn.relu(tf.nn.bias_add(tf.matmul(a, w * scale), b * scale + shift))

        h, width = x, K
        for l in range(GIN_LAYERS):
            propagated = tf.matmul(aggregation, tf.reshape(h, [batch, N, width]))
            agg = tf.reshape(propagated, [rows, width]) + h * p[f"gin{l}.eps"]
            h = linear_bn_relu(agg, f"gin{l}.mlp.lin1", f"gin{l}.mlp.bn")
            h = linear_bn_relu(h, f"gin{l}.mlp.lin2", f"gin{l}.bn")
            width = HIDDEN
        heads = tf.nn.bias_add(tf.matmul(h, p["heads.w"]), p["heads.b"])
        mu, log_sigma = heads[:, :LATENT], heads[:, LATENT:]
        z = mu if noise is None else mu + noise * tf.exp(log_sigma)
        if mask is not None:
            z = z * mask
        ops_logits = tf.nn.bias_add(tf.matmul(z, p["opDecoder.w"]), p["opDecoder.b"])
        z3 = tf.reshape(z, [batch, N, LATENT])
        adj_logits = tf.matmul(z3, z3, transpose_b=True)
        # BCE from logits, softplus(l) - l*t: ops averaged over rows*K, adjacency's strict upper
        # triangle over rows*N (all B*N*N entries count in the reference's denominator).
        ops_bce = tf.reduce_sum(tf.nn.softplus(ops_logits) - ops_logits * x) / (rows_f * K)
        adj_bce = tf.reduce_sum((tf.nn.softplus(adj_logits) - adj_logits * adjacency) * self.upper) / (rows_f * N)
        two_log_sigma = 2.0 * log_sigma
        kl_sum = tf.reduce_sum(two_log_sigma - (tf.square(mu) + tf.exp(two_log_sigma)))
        kl = (kl_sum + rows_f * LATENT) * (-0.5 / (rows_f * rows_f))
        return ops_bce + adj_bce + kl, stats, rows_f

    def gradient(self, params, running, x, adjacency, noise, mask, batch_stats):
        with tf.GradientTape() as tape:
            tape.watch(params)
            loss, stats, rows_f = self.loss(self.unpack(params), self.running_of(running), x, adjacency, noise, mask, batch_stats)
        grads = tape.gradient(loss, params)
        norm = tf.norm(grads)
        new_running = running
        if batch_stats:
            # PyTorch BatchNorm1d: momentum 0.1, unbiased variance in the running estimate.
            unbias = rows_f / tf.maximum(rows_f - 1.0, 1.0)
            blocks = []
            old = self.running_of(running)
            for name in self.bn_names:
                mean, variance = stats[name]
                old_mean, old_var = old[name]
                blocks.append((1.0 - BN_MOMENTUM) * old_mean + BN_MOMENTUM * mean)
                blocks.append((1.0 - BN_MOMENTUM) * old_var + BN_MOMENTUM * variance * unbias)
            new_running = tf.concat(blocks, 0)
        return loss, norm, grads, new_running

    def apply(self, x, adjacency, noise, mask, hyper, batch_stats):
        loss, norm, grads, new_running = self.gradient(self.params.read_value(), self.running.read_value(), x, adjacency, noise, mask, batch_stats)
        finite = tf.logical_and(tf.math.is_finite(loss), tf.math.is_finite(norm))

        def update():
            with tf.control_dependencies(self.update_ops(grads, norm, hyper, new_running if batch_stats else None)):
                return tf.constant(True)

        applied = tf.cond(finite, update, lambda: tf.constant(False))
        with tf.control_dependencies([applied]):
            return {"loss": tf.identity(loss), "grad_norm": tf.identity(norm)}

    def apply_mean_ops(self, grads, shares, new_running, hyper):
        """update_ops along the shards' gradients [S, P] averaged with `shares` [S]: one pass, as the
        row vector times the matrix (matvec's transposed form walked the [S, P] block column-wise, ~1 ms)."""
        mean = tf.reshape(tf.matmul(shares[None, :], grads), [-1])
        norm = tf.norm(mean)
        return norm, self.update_ops(mean, norm, hyper, new_running)

    def update_ops(self, grads, norm, hyper, new_running):
        """Clipped Adam on the session's weights along `grads` (global norm `norm`), and the new running statistics."""
        lr, beta1, beta2, eps, clip_norm, beta1_power, beta2_power = tf.unstack(hyper)
        # clip_grad_norm_: scale by clip/(norm + 1e-6) when that is below 1 (adam.ts).
        g = grads * tf.minimum(clip_norm / (norm + 1e-6), 1.0)
        # torch.optim.Adam: p -= lr/(1-b1^t) * m / (sqrt(v)/sqrt(1-b2^t) + eps). TF's ApplyAdam has
        # lr*sqrt(1-b2^t)/(1-b1^t) * m / (sqrt(v) + eps'), the same with eps' = eps*sqrt(1-b2^t).
        ops = [tf.raw_ops.ResourceApplyAdam(var=self.params.handle, m=self.m.handle, v=self.v.handle, beta1_power=beta1_power,
                                            beta2_power=beta2_power, lr=lr, beta1=beta1, beta2=beta2,
                                            epsilon=eps * tf.sqrt(1.0 - beta2_power), grad=g)]
        if new_running is not None:
            ops.append(self.running.assign(new_running))
        return ops

    def signatures(self, batch_sizes):
        """Each step and gradient signature once with a dynamic batch and once per static batch size
        (`_b32`…): static shapes let Grappler fold the shape arithmetic of the gradient."""
        N, K, f = self.N, self.K, tf.float32
        hyper = tf.TensorSpec([7], f, name="hyper")
        params = tf.TensorSpec([self.size], f, name="params")
        running = tf.TensorSpec([self.running_size], f, name="running")
        m = tf.TensorSpec([self.size], f, name="m")
        shard_grads = tf.TensorSpec([None, self.size], f, name="grads")
        shares = tf.TensorSpec([None], f, name="shares")
        v = tf.TensorSpec([self.size], f, name="v")
        out = {}
        for batch in [None, *batch_sizes]:
            rows = batch * N if batch else None
            suffix = f"_b{batch}" if batch else ""
            x = tf.TensorSpec([rows, K], f, name="x")
            adj = tf.TensorSpec([batch, N, N], f, name="adjacency")
            noise = tf.TensorSpec([rows, LATENT], f, name="noise")
            mask = tf.TensorSpec([rows, LATENT], f, name="mask")

            @tf.function(input_signature=[x, adj, noise, mask, hyper])
            def train_step(x, adjacency, noise, mask, hyper):
                return self.apply(x, adjacency, noise, mask, hyper, True)

            @tf.function(input_signature=[x, adj, hyper])
            def frozen_step(x, adjacency, hyper):
                return self.apply(x, adjacency, None, None, hyper, False)

            @tf.function(input_signature=[params, running, x, adj, noise, mask])
            def train_gradient(params, running, x, adjacency, noise, mask):
                loss, norm, grads, new_running = self.gradient(params, running, x, adjacency, noise, mask, True)
                return {"loss": loss, "grad_norm": norm, "grads": grads, "running": new_running}

            @tf.function(input_signature=[params, running, x, adj])
            def frozen_gradient(params, running, x, adjacency):
                loss, norm, grads, _ = self.gradient(params, running, x, adjacency, None, None, False)
                return {"loss": loss, "grad_norm": norm, "grads": grads}

            @tf.function(input_signature=[x, adj, noise, mask])
            def shard_gradient(x, adjacency, noise, mask):
                loss, norm, grads, new_running = self.gradient(self.params.read_value(), self.running.read_value(), x, adjacency, noise, mask, True)
                return {"loss": loss, "grad_norm": norm, "grads": grads, "running": new_running}

            @tf.function(input_signature=[x, adj])
            def shard_frozen_gradient(x, adjacency):
                loss, norm, grads, _ = self.gradient(self.params.read_value(), self.running.read_value(), x, adjacency, None, None, False)
                return {"loss": loss, "grad_norm": norm, "grads": grads}

            @tf.function(input_signature=[shard_grads, shares, running, hyper, x, adj, noise, mask])
            def shard_step(grads, shares, new_running, hyper, x, adjacency, noise, mask):
                with tf.control_dependencies(self.apply_mean_ops(grads, shares, new_running, hyper)[1]):
                    loss, norm, next_grads, next_running = self.gradient(self.params.read_value(), self.running.read_value(), x, adjacency, noise, mask, True)
                return {"loss": loss, "grad_norm": norm, "grads": next_grads, "running": next_running}

            @tf.function(input_signature=[shard_grads, shares, running, hyper, x, adj])
            def shard_frozen_step(grads, shares, new_running, hyper, x, adjacency):
                with tf.control_dependencies(self.apply_mean_ops(grads, shares, new_running, hyper)[1]):
                    loss, norm, next_grads, _ = self.gradient(self.params.read_value(), self.running.read_value(), x, adjacency, None, None, False)
                return {"loss": loss, "grad_norm": norm, "grads": next_grads}

            out.update({f"shard_step{suffix}": shard_step, f"shard_frozen_step{suffix}": shard_frozen_step})
            out.update({f"train_step{suffix}": train_step, f"frozen_step{suffix}": frozen_step,
                        f"train_gradient{suffix}": train_gradient, f"frozen_gradient{suffix}": frozen_gradient,
                        f"shard_gradient{suffix}": shard_gradient, f"shard_frozen_gradient{suffix}": shard_frozen_gradient})

        @tf.function(input_signature=[shard_grads, shares, running, hyper])
        def apply_gradient(grads, shares, running, hyper):
            norm, ops = self.apply_mean_ops(grads, shares, running, hyper)
            with tf.control_dependencies(ops):
                return {"grad_norm": tf.identity(norm)}

        @tf.function(input_signature=[])
        def get_state():
            return {"params": self.params.read_value(), "running": self.running.read_value(), "m": self.m.read_value(), "v": self.v.read_value()}

        @tf.function(input_signature=[params, running, m, v])
        def set_state(params, running, m, v):
            ops = [self.params.assign(params), self.running.assign(running), self.m.assign(m), self.v.assign(v)]
            with tf.control_dependencies(ops):
                return {"ok": tf.constant(1, tf.int32)}

        out.update({"get_state": get_state, "set_state": set_state, "apply_gradient": apply_gradient})
        return out


def signature_tensors(target):
    """Input and output tensor names per signature, read back from saved_model.pb, so that @a2v/model
    can run them synchronously without parsing the protobuf itself."""
    from tensorflow.core.protobuf import saved_model_pb2

    model = saved_model_pb2.SavedModel()
    with open(os.path.join(target, "saved_model.pb"), "rb") as f:
        model.ParseFromString(f.read())
    (meta_graph,) = [g for g in model.meta_graphs if "serve" in g.meta_info_def.tags]
    return {key: {"inputs": {k: t.name for k, t in sorted(sig.inputs.items())}, "outputs": {k: t.name for k, t in sorted(sig.outputs.items())}}
            for key, sig in sorted(meta_graph.signature_def.items()) if key != "__saved_model_init_op"}


def export(out_dir, space, batch_sizes, script_sha256):
    N, K = SPACES[space]
    module = GraphStep(N, K)
    target = os.path.join(out_dir, space)
    tf.saved_model.save(module, target, signatures=module.signatures(batch_sizes))
    offset, params = 0, []
    for (name, shape), size in zip(module.specs, module.sizes):
        params.append({"name": name, "shape": shape, "offset": offset})
        offset += size
    meta = {"format": FORMAT, "tensorflow": tf.__version__, "space": space, "N": N, "K": K, "hidden": HIDDEN, "latent": LATENT,
            "ginLayers": GIN_LAYERS, "bnMomentum": BN_MOMENTUM, "bnEpsilon": BN_EPSILON, "size": module.size,
            "runningSize": module.running_size, "bnNames": module.bn_names, "params": params, "batchSizes": batch_sizes,
            "script": script_sha256, "signatures": signature_tensors(target)}
    with open(os.path.join(target, "graph-step.json"), "w") as f:
        json.dump(meta, f, indent=1)
    return target


if __name__ == "__main__":
    import argparse
    import hashlib

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out_dir")
    parser.add_argument("spaces", nargs="*", help=f"default: all of {', '.join(SPACES)}")
    parser.add_argument("--batch-sizes", default="32,16", help="static batch sizes besides the dynamic one (a2v: 32, and 16 per shard of two)")
    args = parser.parse_args()
    with open(__file__, "rb") as f:
        script_sha256 = hashlib.sha256(f.read()).hexdigest()
    sizes = [int(b) for b in args.batch_sizes.split(",") if b]
    for space in args.spaces or list(SPACES):
        if space not in SPACES:
            parser.error(f"unknown space {space}; expected one of {', '.join(SPACES)}")
        print(export(args.out_dir, space, sizes, script_sha256))
