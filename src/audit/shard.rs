//! `--shard I/N`: a deterministic subset of records for one of N parallel
//! workers (GNU parallel, Slurm arrays, Spark partitions).
//!
//! Shards are numbered from 0. By record number (the default), record `k`
//! (1-based, counted across all inputs in order) belongs to shard
//! `(k - 1) mod N`. By id, a record belongs to shard `fnv1a64(id) mod N`,
//! where `fnv1a64` is the 64-bit FNV-1a hash of the id's UTF-8 bytes (ids
//! that are JSON numbers are hashed as their decimal text); a record without
//! an id, or one that cannot be parsed, falls back to its record number.
//! Either way every record belongs to exactly one shard, and the same input
//! gives the same partition on every machine.

use clap::ValueEnum;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub index: u64,
    pub count: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum ShardBy {
    /// Record number modulo N.
    #[default]
    Number,
    /// FNV-1a hash of the record's id modulo N (so a record keeps its shard
    /// when the archive is reordered or concatenated differently).
    Id,
}

impl Shard {
    /// Parse `I/N` with `0 <= I < N`.
    pub fn parse(s: &str) -> Result<Shard, String> {
        let (i, n) = s
            .split_once('/')
            .ok_or_else(|| format!("invalid shard `{s}`: expected I/N, like 0/8"))?;
        let index: u64 = i
            .trim()
            .parse()
            .map_err(|_| format!("invalid shard `{s}`: `{i}` is not a number"))?;
        let count: u64 = n
            .trim()
            .parse()
            .map_err(|_| format!("invalid shard `{s}`: `{n}` is not a number"))?;
        if count == 0 {
            return Err(format!("invalid shard `{s}`: N must be at least 1"));
        }
        if index >= count {
            return Err(format!(
                "invalid shard `{s}`: shards are numbered 0 to {}; the index must be below N",
                count - 1
            ));
        }
        Ok(Shard { index, count })
    }

    /// Does record number `number` (1-based) belong here?
    pub fn has_number(&self, number: u64) -> bool {
        (number.saturating_sub(1)) % self.count == self.index
    }

    pub fn has_id(&self, id: &str) -> bool {
        fnv1a64(id.as_bytes()) % self.count == self.index
    }
}

/// 64-bit FNV-1a.
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_rejects() {
        assert_eq!(Shard::parse("2/8"), Ok(Shard { index: 2, count: 8 }));
        assert!(Shard::parse("8/8").unwrap_err().contains("numbered 0 to 7"));
        assert!(Shard::parse("1/0").is_err());
        assert!(Shard::parse("x/2").is_err());
        assert!(Shard::parse("3").is_err());
    }

    #[test]
    fn every_number_and_id_in_exactly_one_shard() {
        for n in 1..=7u64 {
            let shards: Vec<Shard> = (0..n).map(|i| Shard { index: i, count: n }).collect();
            for k in 1..=200u64 {
                assert_eq!(shards.iter().filter(|s| s.has_number(k)).count(), 1);
                let id = format!("doc-{k}");
                assert_eq!(shards.iter().filter(|s| s.has_id(&id)).count(), 1);
            }
        }
    }

    #[test]
    fn fnv_reference_values() {
        // Published FNV-1a test vectors.
        assert_eq!(fnv1a64(b""), 0xcbf29ce484222325);
        assert_eq!(fnv1a64(b"a"), 0xaf63dc4c8601ec8c);
        assert_eq!(fnv1a64(b"foobar"), 0x85944171f73967e8);
    }
}
