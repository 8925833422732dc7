// One clock for every thread, for src/engine/clock.rs.
export function now_abs_ms() {
  return performance.timeOrigin + performance.now();
}
