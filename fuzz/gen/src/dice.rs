//! Choices drawn from fuzz bytes.
//!
//! Every choice the generator makes comes from an [`arbitrary::Unstructured`], so libFuzzer's
//! mutations of the bytes become mutations of the problem. When the bytes run out, every
//! choice takes its first option and every chance is `false`: a short input gives a small,
//! plain problem.

use arbitrary::Unstructured;

/// A source of choices over fuzz bytes.
pub struct Dice<'a, 'b> {
    u: &'b mut Unstructured<'a>,
}

impl<'a, 'b> Dice<'a, 'b> {
    /// Choices drawn from `u`.
    pub fn new(u: &'b mut Unstructured<'a>) -> Self {
        Dice { u }
    }

    /// A whole number in `0..n` (0 when `n` is 0 or 1).
    pub fn below(&mut self, n: usize) -> usize {
        if n <= 1 {
            return 0;
        }
        self.u.int_in_range(0..=n - 1).unwrap_or(0)
    }

    /// A whole number in `lo..=hi`.
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            return lo;
        }
        self.u.int_in_range(lo..=hi).unwrap_or(lo)
    }

    /// `true` with about `percent` chance in 100; `false` once the bytes run out.
    pub fn chance(&mut self, percent: u32) -> bool {
        !self.u.is_empty() && (self.below(100) as u32) < percent
    }

    /// One of `items` (which must not be empty).
    pub fn pick<T: Clone>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())].clone()
    }

    /// A multiple of `step` in `lo..=hi`.
    pub fn step(&mut self, lo: i64, hi: i64, step: i64) -> i64 {
        lo + self.range(0, (hi - lo) / step) * step
    }
}
