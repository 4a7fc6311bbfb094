;; Nearest unvisited row in L2 over a 16-wide float32 table, four lanes at a time (WebAssembly SIMD).
;; Source of nearest-kernel-bytes.ts (regenerate: npx tsx libs/search/scripts/build-wasm-kernels.ts).
;;
;; Memory layout (set up by nearest-kernel.ts): the table (count × 16 f32) at `rows`, the query
;; (16 f32) at `query`, one byte per row at `visited` (0 = may be returned).
;; Distance of row i: lane k holds ((t0k² + t1k²) + t2k²) + t3k² with tck = row[4c+k] − query[4c+k],
;; all in f32; the sum is (lane0 + lane1) + (lane2 + lane3). The first strictly smaller distance wins,
;; so ties go to the lower index. Returns -1 when every row is visited or excluded.
(module
  (memory (export "memory") 1)
  (func (export "nearest16")
    (param $rows i32) (param $count i32) (param $query i32) (param $visited i32) (param $exclude i32)
    (result i32)
    (local $q0 v128) (local $q1 v128) (local $q2 v128) (local $q3 v128)
    (local $t v128) (local $acc v128)
    (local $i i32) (local $p i32) (local $best i32) (local $bestDistance f32) (local $s f32)
    (local.set $q0 (v128.load offset=0 (local.get $query)))
    (local.set $q1 (v128.load offset=16 (local.get $query)))
    (local.set $q2 (v128.load offset=32 (local.get $query)))
    (local.set $q3 (v128.load offset=48 (local.get $query)))
    (local.set $best (i32.const -1))
    (local.set $bestDistance (f32.const inf))
    (local.set $p (local.get $rows))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $count)))
        (if (i32.and
              (i32.eqz (i32.load8_u (i32.add (local.get $visited) (local.get $i))))
              (i32.ne (local.get $i) (local.get $exclude)))
          (then
            (local.set $t (f32x4.sub (v128.load offset=0 (local.get $p)) (local.get $q0)))
            (local.set $acc (f32x4.mul (local.get $t) (local.get $t)))
            (local.set $t (f32x4.sub (v128.load offset=16 (local.get $p)) (local.get $q1)))
            (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (local.get $t) (local.get $t))))
            (local.set $t (f32x4.sub (v128.load offset=32 (local.get $p)) (local.get $q2)))
            (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (local.get $t) (local.get $t))))
            (local.set $t (f32x4.sub (v128.load offset=48 (local.get $p)) (local.get $q3)))
            (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (local.get $t) (local.get $t))))
            (local.set $s
              (f32.add
                (f32.add (f32x4.extract_lane 0 (local.get $acc)) (f32x4.extract_lane 1 (local.get $acc)))
                (f32.add (f32x4.extract_lane 2 (local.get $acc)) (f32x4.extract_lane 3 (local.get $acc)))))
            (if (f32.lt (local.get $s) (local.get $bestDistance))
              (then
                (local.set $bestDistance (local.get $s))
                (local.set $best (local.get $i))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (local.set $p (i32.add (local.get $p) (i32.const 64)))
        (br $next)))
    (local.get $best)))
