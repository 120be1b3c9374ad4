//! Picking the next question at random for `practice --random`.

/// Picks questions at random: SplitMix64 seeded from the clock and the process id.
/// Not for anything secret; it only has to differ from run to run.
pub struct Picker(u64);

impl Picker {
    /// A picker seeded from the clock and the process id.
    pub fn seeded() -> Picker {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0);
        Picker(nanos ^ u64::from(std::process::id()).rotate_left(32))
    }

    /// The next 64 random bits.
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number below `n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    /// A number below `n` other than `current`, when there is one.
    pub fn other_than(&mut self, current: usize, n: usize) -> usize {
        if n <= 1 {
            0
        } else {
            (current + 1 + self.below(n - 1)) % n
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_picks_stay_in_range_and_move_on() {
        let mut picker = Picker(7);
        for _ in 0..100 {
            assert!(picker.below(4) < 4);
            assert_ne!(picker.other_than(2, 4), 2);
        }
        assert_eq!(picker.below(0), 0);
        assert_eq!(picker.other_than(0, 1), 0);
    }
}
