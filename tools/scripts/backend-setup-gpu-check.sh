#!/usr/bin/env bash
# The GPU check of issue 8, for a machine with an NVIDIA GPU: sets up the GPU backend, shows that TensorFlow
# places ops on the device (compute capability, and no "not built with CUDA kernel binaries" warning), and
# times one NB101 pre-training epoch on it. Prints a summary block at the end; logs go to $OUT (or ./tmp/gpu-check).
# Needs the wheels reachable by pip (a registry, or a PIP_FIND_LINKS folder holding tensorflow==2.21.0 and its
# CUDA 12 wheels) unless .tools/tfjs-native/gpu is already set up. Usage: bash tools/scripts/backend-setup-gpu-check.sh
set -uo pipefail
cd "$(dirname "$0")/../.."
out="${OUT:-tmp/gpu-check}"; mkdir -p "$out"
nvidia-smi --query-gpu=name,driver_version,compute_cap,memory.total --format=csv > "$out/nvidia-smi.csv" 2>&1
export CUDA_VISIBLE_DEVICES="${CUDA_VISIBLE_DEVICES:-0}"

start=$(date +%s)
node tools/scripts/backend-setup.mjs --gpu > "$out/setup.log" 2>&1; setup_rc=$?
setup_s=$(( $(date +%s) - start ))

# Full TF logs this once: device creation names the compute capability; the warning would name missing kernels.
TF_CPP_MIN_LOG_LEVEL=0 A2V_BACKEND=node-gpu timeout 300 node --import tsx --input-type=module -e "
  const m = await import('@a2v/model');
  const tf = await import('@tensorflow/tfjs-core');
  const info = await m.initBackend();
  tf.matMul(tf.randomNormal([2048, 2048]), tf.randomNormal([2048, 2048])).dataSync();
  console.log(JSON.stringify({ choice: info.choice, gpu: m.nativeUsesGpu(), tf: m.nativeTensorflowVersion() }));
" > "$out/device.log" 2>&1; device_rc=$?

A2V_BACKEND=node-gpu A2V_BENCH_SECONDS=20 timeout 300 node --import tsx tools/bench/model.bench.ts --backend node-gpu > "$out/bench.log" 2>&1
A2V_BACKEND=node-gpu timeout 1200 node --import tsx libs/model/src/pretrain-cli.ts --space nasbench101 --epochs 1 --samples 1000 \
  > "$out/epoch.json" 2> "$out/epoch.log"; epoch_rc=$?

echo "=== GPU check summary ==="
cat "$out/nvidia-smi.csv"
echo "setup: exit $setup_rc in ${setup_s} s ($(tail -1 "$out/setup.log"))"
echo "device: exit $device_rc $(tail -1 "$out/device.log")"
grep -m2 -oE "compute capability: [0-9.]+|Created device [^ ]+ with [0-9]+ MB memory" "$out/device.log" || echo "no device creation line in the TF log"
if grep -q "not built with CUDA kernel binaries" "$out/device.log"; then echo "WARNING: not built with CUDA kernel binaries"; else echo "no 'not built with CUDA kernel binaries' warning"; fi
grep -E "^node-gpu" "$out/bench.log" || tail -2 "$out/bench.log"
echo "one NB101 epoch: exit $epoch_rc; $(grep -E '^epoch ' "$out/epoch.log" | tail -1)"
