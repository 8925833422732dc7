export function now_abs_ms() {
  return performance.timeOrigin + performance.now();
}
