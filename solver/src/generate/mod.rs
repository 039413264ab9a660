//! Realistic synthetic weeks. (Being written.)
