// Placeholder until the generator runs.
export function montMulFixed(n: i32, r: usize, a: usize, b: usize, m: usize, minv: u32): bool {
  return false;
}
