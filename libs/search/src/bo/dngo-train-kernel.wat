;; One Adam step of DNGO's basis network on a minibatch, in float32 WebAssembly SIMD (four hidden
;; units per lane group): Linear(dim → hidden) → tanh → Linear(hidden → 1), MSE loss, PyTorch's
;; Adam (β₁ 0.9, β₂ 0.999, ε 1e-8). Source of dngo-train-kernel-bytes.ts (regenerate: npx tsx
;; libs/search/scripts/build-wasm-kernels.ts). tanh is the clamped 13/6 rational approximation of
;; math/fast-tanh.ts, as in dngo-basis-kernel.wat, so training and prediction share one function.
;;
;; Memory (float32, byte offsets set by `configure`; S = dim·hidden + 2·hidden + 4):
;;   params [W1ᵀ (dim × hidden, row d = input d) | b1 | w2 | b2, 3 pad] at 0, grad at 4S, m at 8S,
;;   v at 12S, act (hidden) at 16S, then x (n × dim), y (n) and the row indices (i32) where the
;;   caller put them.
(module
  (memory (export "memory") 1)
  (global $dim (mut i32) (i32.const 0))
  (global $hidden (mut i32) (i32.const 0))
  (global $size (mut i32) (i32.const 0))   ;; S, in floats
  (global $x (mut i32) (i32.const 0))
  (global $y (mut i32) (i32.const 0))

  (func (export "configure") (param $d i32) (param $h i32) (param $x i32) (param $y i32)
    (global.set $dim (local.get $d))
    (global.set $hidden (local.get $h))
    (global.set $size (i32.add (i32.mul (local.get $d) (local.get $h)) (i32.add (i32.shl (local.get $h) (i32.const 1)) (i32.const 4))))
    (global.set $x (local.get $x))
    (global.set $y (local.get $y)))

  (func $tanh (param $v v128) (result v128)
    (local $t v128) (local $t2 v128) (local $p v128) (local $q v128)
    (local.set $t (f32x4.min (f32x4.max (local.get $v) (v128.const f32x4 -7.90531110763549805 -7.90531110763549805 -7.90531110763549805 -7.90531110763549805)) (v128.const f32x4 7.90531110763549805 7.90531110763549805 7.90531110763549805 7.90531110763549805)))
    (local.set $t2 (f32x4.mul (local.get $t) (local.get $t)))
    (local.set $p (v128.const f32x4 -2.76076847742355e-16 -2.76076847742355e-16 -2.76076847742355e-16 -2.76076847742355e-16))
    (local.set $p (f32x4.add (f32x4.mul (local.get $t2) (local.get $p)) (v128.const f32x4 2.00018790482477e-13 2.00018790482477e-13 2.00018790482477e-13 2.00018790482477e-13)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $t2) (local.get $p)) (v128.const f32x4 -8.60467152213735e-11 -8.60467152213735e-11 -8.60467152213735e-11 -8.60467152213735e-11)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $t2) (local.get $p)) (v128.const f32x4 5.12229709037114e-8 5.12229709037114e-8 5.12229709037114e-8 5.12229709037114e-8)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $t2) (local.get $p)) (v128.const f32x4 1.48572235717979e-5 1.48572235717979e-5 1.48572235717979e-5 1.48572235717979e-5)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $t2) (local.get $p)) (v128.const f32x4 6.37261928875436e-4 6.37261928875436e-4 6.37261928875436e-4 6.37261928875436e-4)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $t2) (local.get $p)) (v128.const f32x4 4.89352455891786e-3 4.89352455891786e-3 4.89352455891786e-3 4.89352455891786e-3)))
    (local.set $q (v128.const f32x4 1.19825839466702e-6 1.19825839466702e-6 1.19825839466702e-6 1.19825839466702e-6))
    (local.set $q (f32x4.add (f32x4.mul (local.get $t2) (local.get $q)) (v128.const f32x4 1.18534705686654e-4 1.18534705686654e-4 1.18534705686654e-4 1.18534705686654e-4)))
    (local.set $q (f32x4.add (f32x4.mul (local.get $t2) (local.get $q)) (v128.const f32x4 2.268434632439e-3 2.268434632439e-3 2.268434632439e-3 2.268434632439e-3)))
    (local.set $q (f32x4.add (f32x4.mul (local.get $t2) (local.get $q)) (v128.const f32x4 4.89352518554385e-3 4.89352518554385e-3 4.89352518554385e-3 4.89352518554385e-3)))
    (f32x4.div (f32x4.mul (local.get $t) (local.get $p)) (local.get $q)))

  ;; step(rows, count, stepSize, invSqrtC2): gradient of mean((out − y)²) over the `count` row
  ;; indices (i32) at byte offset `rows`, then p −= stepSize · m / (√v · invSqrtC2 + ε) with
  ;; stepSize = lr / (1 − β₁ᵗ) and invSqrtC2 = 1 / √(1 − β₂ᵗ) (PyTorch's bias correction).
  ;; Returns the batch's mean loss.
  (func (export "step") (param $rows i32) (param $count i32) (param $stepSize f32) (param $invSqrtC2 f32) (result f32)
    (local $hb i32) (local $wb i32) (local $b1 i32) (local $w2 i32) (local $b2 i32)
    (local $g i32) (local $m i32) (local $v i32) (local $act i32)
    (local $s i32) (local $xr i32) (local $u i32) (local $d i32) (local $wd i32) (local $i i32) (local $end i32)
    (local $xd i32) (local $hb2 i32) (local $hb3 i32) (local $hb4 i32)
    (local $acc v128) (local $a v128) (local $outAcc v128) (local $grad v128) (local $mv v128) (local $vv v128)
    (local $out f32) (local $dOut f32) (local $loss f32) (local $twoOverCount f32)
    (local.set $hb (i32.shl (global.get $hidden) (i32.const 2)))
    (local.set $hb2 (i32.shl (local.get $hb) (i32.const 1)))
    (local.set $hb3 (i32.add (local.get $hb2) (local.get $hb)))
    (local.set $hb4 (i32.shl (local.get $hb) (i32.const 2)))
    (local.set $wb (i32.mul (global.get $dim) (local.get $hb)))
    (local.set $b1 (local.get $wb))
    (local.set $w2 (i32.add (local.get $b1) (local.get $hb)))
    (local.set $b2 (i32.add (local.get $w2) (local.get $hb)))
    (local.set $g (i32.shl (global.get $size) (i32.const 2)))
    (local.set $m (i32.shl (global.get $size) (i32.const 3)))
    (local.set $v (i32.mul (global.get $size) (i32.const 12)))
    (local.set $act (i32.shl (global.get $size) (i32.const 4)))
    (local.set $twoOverCount (f32.div (f32.const 2) (f32.convert_i32_u (local.get $count))))
    ;; grad = 0
    (local.set $i (i32.const 0))
    (local.set $end (local.get $g))
    (loop $zero
      (v128.store (i32.add (local.get $g) (local.get $i)) (v128.const i32x4 0 0 0 0))
      (local.set $i (i32.add (local.get $i) (i32.const 16)))
      (br_if $zero (i32.lt_u (local.get $i) (local.get $end))))
    (local.set $s (i32.const 0))
    (loop $sample
      (local.set $xr (i32.add (global.get $x) (i32.mul (i32.load (i32.add (local.get $rows) (i32.shl (local.get $s) (i32.const 2)))) (i32.shl (global.get $dim) (i32.const 2)))))
      ;; forward: act = tanh(b1 + xW1ᵀ), out = b2 + act·w2 (the input terms added in order d = 0..dim−1)
      (local.set $outAcc (v128.const i32x4 0 0 0 0))
      (local.set $u (i32.const 0))
      (loop $fwd
        (local.set $acc (v128.load (i32.add (local.get $b1) (local.get $u))))
        (local.set $d (i32.const 0))
        (local.set $wd (local.get $u))
        ;; four inputs per pass while four are left, then one at a time (same order of additions)
        (block $fwdTail
          (loop $inputs4
            (br_if $fwdTail (i32.gt_u (i32.add (local.get $d) (i32.const 4)) (global.get $dim)))
            (local.set $xd (i32.add (local.get $xr) (i32.shl (local.get $d) (i32.const 2))))
            (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (v128.load32_splat offset=0 (local.get $xd)) (v128.load (local.get $wd)))))
            (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (v128.load32_splat offset=4 (local.get $xd)) (v128.load (i32.add (local.get $wd) (local.get $hb))))))
            (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (v128.load32_splat offset=8 (local.get $xd)) (v128.load (i32.add (local.get $wd) (local.get $hb2))))))
            (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (v128.load32_splat offset=12 (local.get $xd)) (v128.load (i32.add (local.get $wd) (local.get $hb3))))))
            (local.set $wd (i32.add (local.get $wd) (local.get $hb4)))
            (local.set $d (i32.add (local.get $d) (i32.const 4)))
            (br $inputs4)))
        (block $fwdDone
          (loop $inputs1
            (br_if $fwdDone (i32.ge_u (local.get $d) (global.get $dim)))
            (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (v128.load32_splat (i32.add (local.get $xr) (i32.shl (local.get $d) (i32.const 2)))) (v128.load (local.get $wd)))))
            (local.set $wd (i32.add (local.get $wd) (local.get $hb)))
            (local.set $d (i32.add (local.get $d) (i32.const 1)))
            (br $inputs1)))
        (local.set $a (call $tanh (local.get $acc)))
        (v128.store (i32.add (local.get $act) (local.get $u)) (local.get $a))
        (local.set $outAcc (f32x4.add (local.get $outAcc) (f32x4.mul (local.get $a) (v128.load (i32.add (local.get $w2) (local.get $u))))))
        (local.set $u (i32.add (local.get $u) (i32.const 16)))
        (br_if $fwd (i32.lt_u (local.get $u) (local.get $hb))))
      (local.set $out (f32.add (f32.load (local.get $b2))
        (f32.add (f32.add (f32x4.extract_lane 0 (local.get $outAcc)) (f32x4.extract_lane 1 (local.get $outAcc)))
                 (f32.add (f32x4.extract_lane 2 (local.get $outAcc)) (f32x4.extract_lane 3 (local.get $outAcc))))))
      (local.set $out (f32.sub (local.get $out) (f32.load (i32.add (global.get $y) (i32.shl (i32.load (i32.add (local.get $rows) (i32.shl (local.get $s) (i32.const 2)))) (i32.const 2))))))
      (local.set $loss (f32.add (local.get $loss) (f32.mul (local.get $out) (local.get $out))))
      (local.set $dOut (f32.mul (local.get $out) (local.get $twoOverCount)))
      ;; backward: grad b2 += dOut; grad w2 += dOut·act; dz = dOut·w2·(1 − act²); grad b1 += dz; grad W1ᵀ[d] += x_d·dz
      (f32.store (i32.add (local.get $g) (local.get $b2)) (f32.add (f32.load (i32.add (local.get $g) (local.get $b2))) (local.get $dOut)))
      (local.set $u (i32.const 0))
      (loop $bwd
        (local.set $a (v128.load (i32.add (local.get $act) (local.get $u))))
        (local.set $i (i32.add (local.get $g) (i32.add (local.get $w2) (local.get $u))))
        (v128.store (local.get $i) (f32x4.add (v128.load (local.get $i)) (f32x4.mul (f32x4.splat (local.get $dOut)) (local.get $a))))
        (local.set $acc (f32x4.mul (f32x4.mul (f32x4.splat (local.get $dOut)) (v128.load (i32.add (local.get $w2) (local.get $u))))
                                   (f32x4.sub (v128.const f32x4 1 1 1 1) (f32x4.mul (local.get $a) (local.get $a)))))
        (local.set $i (i32.add (local.get $g) (i32.add (local.get $b1) (local.get $u))))
        (v128.store (local.get $i) (f32x4.add (v128.load (local.get $i)) (local.get $acc)))
        (local.set $d (i32.const 0))
        (local.set $wd (i32.add (local.get $g) (local.get $u)))
        (block $bwdTail
          (loop $outer4
            (br_if $bwdTail (i32.gt_u (i32.add (local.get $d) (i32.const 4)) (global.get $dim)))
            (local.set $xd (i32.add (local.get $xr) (i32.shl (local.get $d) (i32.const 2))))
            (v128.store (local.get $wd) (f32x4.add (v128.load (local.get $wd)) (f32x4.mul (v128.load32_splat offset=0 (local.get $xd)) (local.get $acc))))
            (local.set $i (i32.add (local.get $wd) (local.get $hb)))
            (v128.store (local.get $i) (f32x4.add (v128.load (local.get $i)) (f32x4.mul (v128.load32_splat offset=4 (local.get $xd)) (local.get $acc))))
            (local.set $i (i32.add (local.get $wd) (local.get $hb2)))
            (v128.store (local.get $i) (f32x4.add (v128.load (local.get $i)) (f32x4.mul (v128.load32_splat offset=8 (local.get $xd)) (local.get $acc))))
            (local.set $i (i32.add (local.get $wd) (local.get $hb3)))
            (v128.store (local.get $i) (f32x4.add (v128.load (local.get $i)) (f32x4.mul (v128.load32_splat offset=12 (local.get $xd)) (local.get $acc))))
            (local.set $wd (i32.add (local.get $wd) (local.get $hb4)))
            (local.set $d (i32.add (local.get $d) (i32.const 4)))
            (br $outer4)))
        (block $bwdDone
          (loop $outer1
            (br_if $bwdDone (i32.ge_u (local.get $d) (global.get $dim)))
            (v128.store (local.get $wd) (f32x4.add (v128.load (local.get $wd)) (f32x4.mul (v128.load32_splat (i32.add (local.get $xr) (i32.shl (local.get $d) (i32.const 2)))) (local.get $acc))))
            (local.set $wd (i32.add (local.get $wd) (local.get $hb)))
            (local.set $d (i32.add (local.get $d) (i32.const 1)))
            (br $outer1)))
        (local.set $u (i32.add (local.get $u) (i32.const 16)))
        (br_if $bwd (i32.lt_u (local.get $u) (local.get $hb))))
      (local.set $s (i32.add (local.get $s) (i32.const 1)))
      (br_if $sample (i32.lt_u (local.get $s) (local.get $count))))
    ;; Adam over the whole parameter vector (the three pad floats have zero gradient and stay 0)
    (local.set $i (i32.const 0))
    (loop $adam
      (local.set $grad (v128.load (i32.add (local.get $g) (local.get $i))))
      (local.set $mv (f32x4.add (f32x4.mul (v128.const f32x4 0.9 0.9 0.9 0.9) (v128.load (i32.add (local.get $m) (local.get $i))))
                                (f32x4.mul (v128.const f32x4 0.1 0.1 0.1 0.1) (local.get $grad))))
      (local.set $vv (f32x4.add (f32x4.mul (v128.const f32x4 0.999 0.999 0.999 0.999) (v128.load (i32.add (local.get $v) (local.get $i))))
                                (f32x4.mul (v128.const f32x4 0.001 0.001 0.001 0.001) (f32x4.mul (local.get $grad) (local.get $grad)))))
      (v128.store (i32.add (local.get $m) (local.get $i)) (local.get $mv))
      (v128.store (i32.add (local.get $v) (local.get $i)) (local.get $vv))
      (v128.store (local.get $i)
        (f32x4.sub (v128.load (local.get $i))
          (f32x4.div (f32x4.mul (f32x4.splat (local.get $stepSize)) (local.get $mv))
                     (f32x4.add (f32x4.mul (f32x4.sqrt (local.get $vv)) (f32x4.splat (local.get $invSqrtC2))) (v128.const f32x4 1e-8 1e-8 1e-8 1e-8)))))
      (local.set $i (i32.add (local.get $i) (i32.const 16)))
      (br_if $adam (i32.lt_u (local.get $i) (local.get $end))))
    (f32.div (local.get $loss) (f32.convert_i32_u (local.get $count))))
)
