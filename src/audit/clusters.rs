//! `--clusters clusters.jsonl`: groups of near-duplicate articles (the same
//! story republished or scraped across sites), and identical titles over
//! different bodies.
//!
//! Pass 1 (during the audit) keeps, per record, only its 14 LSH bucket keys,
//! its text length and its record number (68 bytes), and per titled record
//! a title hash and number (16 bytes): about 85 MB per million records, no
//! texts. At the end, records sharing a bucket in any band are candidate
//! groups (union-find). Pass 2 reads the inputs again and keeps the texts of
//! candidate members only, a chunk of groups at a time (bounded by
//! `--cluster-memory`), to verify candidates with the exact Jaccard
//! similarity of their shingle sets and to diff each member against its
//! closest member with `similar`. Standard input is spooled to a temporary
//! file during pass 1 so pass 2 can read it again.
//!
//! Within a candidate group, members are taken in input order; each joins
//! the existing cluster whose first member it is most similar to, if that
//! similarity reaches the threshold, or starts a new cluster. So every
//! member of a reported cluster is at least `threshold` similar to the
//! cluster's first (earliest) member.

use super::input::Source;
use super::minhash::{self, Word, BANDS};
use super::record::{self, Fields, Parsed, Stats};
use crate::engine::Engine;
use crate::span::{ceil_char_boundary, floor_char_boundary, Span};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::sync::atomic::AtomicU64;
use std::sync::Arc;

/// Members compared pairwise to find each one's closest member; larger
/// clusters compare each member with the first member only.
const PAIRWISE_MAX: usize = 64;
/// Members listed for one identical-title group.
const TITLE_MEMBERS_MAX: usize = 100;
/// Added runs at most this many words apart are reported as one.
const MERGE_GAP: usize = 3;
/// Longest `text` shown for an added span.
const ADDED_TEXT_MAX: usize = 300;

/// The pass-1 index: bucket keys per record, titles.
#[derive(Debug, Default)]
pub struct Index {
    numbers: Vec<u64>,
    bands: Vec<[u32; BANDS]>,
    lens: Vec<u32>,
    titles: Vec<(u64, u64)>,
}

impl Index {
    pub fn add(&mut self, number: u64, s: &Stats) {
        if let Some(b) = s.bands {
            self.numbers.push(number);
            self.bands.push(b);
            self.lens
                .push(u32::try_from(s.text_bytes).unwrap_or(u32::MAX));
        }
        if let Some(t) = s.title_hash {
            self.titles.push((t, number));
        }
    }

    pub fn len(&self) -> usize {
        self.numbers.len()
    }

    pub fn is_empty(&self) -> bool {
        self.numbers.is_empty()
    }

    /// Bytes held by the index.
    pub fn memory(&self) -> usize {
        self.numbers.capacity() * 8
            + self.bands.capacity() * 4 * BANDS
            + self.lens.capacity() * 4
            + self.titles.capacity() * 16
    }

    /// Candidate groups: records connected by a shared bucket in any band,
    /// as record numbers in input order; groups ordered by first member.
    pub fn candidate_groups(&self) -> Vec<Vec<u64>> {
        let n = self.numbers.len();
        let mut uf = UnionFind::new(n);
        let mut keyed: Vec<(u32, u32)> = Vec::with_capacity(n);
        for b in 0..BANDS {
            keyed.clear();
            keyed.extend(self.bands.iter().enumerate().map(|(i, k)| (k[b], i as u32)));
            keyed.sort_unstable();
            let mut i = 0;
            while i < keyed.len() {
                let mut j = i + 1;
                while j < keyed.len() && keyed[j].0 == keyed[i].0 {
                    uf.union(keyed[i].1 as usize, keyed[j].1 as usize);
                    j += 1;
                }
                i = j;
            }
        }
        let mut groups: HashMap<usize, Vec<u64>> = HashMap::new();
        for i in 0..n {
            let r = uf.find(i);
            groups.entry(r).or_default().push(self.numbers[i]);
        }
        let mut out: Vec<Vec<u64>> = groups.into_values().filter(|g| g.len() > 1).collect();
        for g in &mut out {
            g.sort_unstable();
        }
        out.sort_by_key(|g| g[0]);
        out
    }

    fn text_len(&self, number: u64) -> u64 {
        match self.numbers.binary_search(&number) {
            Ok(i) => u64::from(self.lens[i]),
            Err(_) => 0,
        }
    }

    /// Identical-title groups (record numbers, input order).
    pub fn title_groups(&mut self) -> Vec<Vec<u64>> {
        self.titles.sort_unstable();
        let mut out = Vec::new();
        let mut i = 0;
        while i < self.titles.len() {
            let mut j = i + 1;
            while j < self.titles.len() && self.titles[j].0 == self.titles[i].0 {
                j += 1;
            }
            if j - i > 1 {
                out.push(self.titles[i..j].iter().map(|t| t.1).collect());
            }
            i = j;
        }
        out.sort_by_key(|g: &Vec<u64>| g[0]);
        out
    }
}

struct UnionFind {
    parent: Vec<u32>,
}

impl UnionFind {
    fn new(n: usize) -> Self {
        UnionFind {
            parent: (0..n as u32).collect(),
        }
    }
    fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] as usize != x {
            let p = self.parent[x] as usize;
            self.parent[x] = self.parent[p];
            x = p;
        }
        x
    }
    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            // The smaller index stays root: deterministic.
            let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
            self.parent[hi] = lo as u32;
        }
    }
}

/// What pass 2 needs.
pub struct Settings<'a> {
    pub engine: &'a Engine,
    pub fields: &'a Fields,
    pub sources: Vec<Source>,
    pub max_record: usize,
    pub threshold: f64,
    /// Bytes of record text held at once.
    pub memory: u64,
    pub jobs: usize,
}

#[derive(Debug, Default, Clone, Copy)]
pub struct Counts {
    pub candidate_groups: usize,
    pub clusters: usize,
    pub clustered_records: usize,
    pub title_groups: usize,
    pub passes: usize,
    pub index_bytes: usize,
}

#[derive(Serialize)]
struct AddedOut {
    start: usize,
    end: usize,
    words: usize,
    text: String,
}

#[derive(Serialize)]
struct MemberOut {
    record: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    domain: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<String>,
    similarity_to_first: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    closest: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    similarity_to_closest: Option<f64>,
    added: Vec<AddedOut>,
}

#[derive(Serialize)]
struct ClusterOut {
    cluster: u64,
    kind: &'static str,
    size: usize,
    members: Vec<MemberOut>,
}

#[derive(Serialize)]
struct TitleMemberOut {
    record: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    domain: Option<String>,
    /// The near-duplicate cluster the body belongs to, if any.
    body_cluster: Option<u64>,
}

#[derive(Serialize)]
struct TitleOut {
    cluster: u64,
    kind: &'static str,
    title: String,
    size: usize,
    distinct_bodies: usize,
    members: Vec<TitleMemberOut>,
}

/// id, url and title of a record.
type Meta = (Option<String>, Option<String>, Option<String>);

/// A member's text prepared for comparison.
struct Member {
    number: u64,
    parsed: Parsed,
    words: Vec<Word>,
    shingles: Vec<u64>,
}

fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// Read the records whose numbers are in `want` (pass 2).
fn fetch(st: &Settings, want: &HashSet<u64>) -> HashMap<u64, Parsed> {
    let mut got = HashMap::with_capacity(want.len());
    if want.is_empty() {
        return got;
    }
    let max = want.iter().copied().max().unwrap_or(0);
    let counter = Arc::new(AtomicU64::new(0));
    let broken = AtomicU64::new(0);
    super::read_sources(
        &st.sources,
        st.max_record,
        &counter,
        None,
        &broken,
        &mut |raw| {
            if want.contains(&raw.number) {
                if let record::Body::Line(b) = &raw.body {
                    if let Ok(p) = record::parse(b, st.fields) {
                        got.insert(raw.number, p);
                    }
                }
            }
            raw.number < max
        },
    );
    got
}

fn member(st: &Settings, number: u64, parsed: Parsed) -> Member {
    let prep = record::prepare(&parsed, st.fields.title_headline);
    let doc = st.engine.parse(&prep.source, parsed.format);
    let mut words = minhash::words(&doc, prep.prefix, true);
    for w in &mut words {
        w.span = Span::new(
            w.span.start.saturating_sub(prep.prefix),
            w.span.end.saturating_sub(prep.prefix),
        );
    }
    let shingles = minhash::shingles(&words);
    Member {
        number,
        parsed,
        words,
        shingles,
    }
}

/// Spans of `new` (word ranges mapped to its text) that `old` lacks.
fn added(old: &Member, new: &Member) -> Vec<AddedOut> {
    let a: Vec<u64> = old.words.iter().map(|w| w.hash).collect();
    let b: Vec<u64> = new.words.iter().map(|w| w.hash).collect();
    let deadline = std::time::Instant::now() + std::time::Duration::from_millis(500);
    let ops =
        similar::capture_diff_slices_deadline(similar::Algorithm::Patience, &a, &b, Some(deadline));
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    for op in ops {
        let r = match op {
            similar::DiffOp::Insert {
                new_index, new_len, ..
            }
            | similar::DiffOp::Replace {
                new_index, new_len, ..
            } => (new_index, new_index + new_len),
            _ => continue,
        };
        // Runs separated by a few matching words (`to`, `the` aligned by
        // chance inside an inserted sentence) are one addition.
        match ranges.last_mut() {
            Some(last) if r.0 <= last.1 + MERGE_GAP => last.1 = r.1,
            _ => ranges.push(r),
        }
    }
    let text = new.parsed.text.as_str();
    ranges
        .into_iter()
        .filter(|(s, e)| e > s)
        .map(|(s, e)| {
            let start = new.words[s].span.start.min(text.len());
            let end = new.words[e - 1].span.end.min(text.len()).max(start);
            let start = floor_char_boundary(text, start);
            let end = ceil_char_boundary(text, end);
            let mut t = text[start..end].to_string();
            if t.len() > ADDED_TEXT_MAX {
                t.truncate(floor_char_boundary(&t, ADDED_TEXT_MAX));
                t.push('…');
            }
            AddedOut {
                start,
                end,
                words: e - s,
                text: t,
            }
        })
        .collect()
}

/// Verify one candidate group; returns its clusters (indices into `members`).
fn verify(members: &[Member], threshold: f64) -> Vec<Vec<usize>> {
    let mut clusters: Vec<Vec<usize>> = Vec::new();
    for (i, m) in members.iter().enumerate() {
        if m.shingles.is_empty() {
            continue;
        }
        let best = clusters
            .iter()
            .enumerate()
            .map(|(ci, c)| (ci, minhash::jaccard(&members[c[0]].shingles, &m.shingles)))
            .filter(|(_, j)| *j >= threshold)
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
        match best {
            Some((ci, _)) => clusters[ci].push(i),
            None => clusters.push(vec![i]),
        }
    }
    clusters.retain(|c| c.len() > 1);
    clusters
}

fn describe(members: &[Member], cluster: &[usize]) -> Vec<MemberOut> {
    let first = &members[cluster[0]];
    let pairwise = cluster.len() <= PAIRWISE_MAX;
    cluster
        .iter()
        .map(|&i| {
            let m = &members[i];
            let candidates: Vec<usize> = if pairwise {
                cluster.iter().copied().filter(|&j| j != i).collect()
            } else if i == cluster[0] {
                vec![cluster[1]]
            } else {
                vec![cluster[0]]
            };
            let closest = candidates
                .iter()
                .map(|&j| (j, minhash::jaccard(&members[j].shingles, &m.shingles)))
                .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
            let (closest_no, closest_sim, add) = match closest {
                Some((j, s)) => (
                    Some(members[j].number),
                    Some(round(s)),
                    added(&members[j], m),
                ),
                None => (None, None, Vec::new()),
            };
            MemberOut {
                record: m.number,
                id: m.parsed.id.clone(),
                url: m.parsed.url.clone(),
                domain: m.parsed.url.as_deref().and_then(record::domain),
                title: m.parsed.title.clone(),
                similarity_to_first: round(minhash::jaccard(&first.shingles, &m.shingles)),
                closest: closest_no,
                similarity_to_closest: closest_sim,
                added: add,
            }
        })
        .collect()
}

/// Pass 2 and the output. Returns what was found.
pub fn finish(mut index: Index, st: &Settings, out: &mut dyn Write) -> std::io::Result<Counts> {
    let mut counts = Counts {
        index_bytes: index.memory(),
        ..Counts::default()
    };
    let groups = index.candidate_groups();
    counts.candidate_groups = groups.len();
    let title_groups = index.title_groups();
    // Plan chunks of groups whose texts fit the memory budget.
    let mut chunks: Vec<std::ops::Range<usize>> = Vec::new();
    let mut start = 0;
    let mut bytes = 0u64;
    for (gi, g) in groups.iter().enumerate() {
        let gb: u64 = g.iter().map(|n| index.text_len(*n) + 512).sum();
        if gi > start && bytes + gb > st.memory {
            chunks.push(start..gi);
            start = gi;
            bytes = 0;
        }
        bytes += gb;
    }
    if start < groups.len() {
        chunks.push(start..groups.len());
    }
    drop(index);
    // Meta (url, id, title) for the identical-title groups, fetched with the first chunk.
    let title_want: HashSet<u64> = title_groups
        .iter()
        .flat_map(|g| g.iter().take(TITLE_MEMBERS_MAX).copied())
        .chain(title_groups.iter().map(|g| g[0]))
        .collect();
    let mut title_meta: HashMap<u64, Meta> = HashMap::new();
    let mut body_cluster: HashMap<u64, u64> = HashMap::new();
    let mut next_id = 1u64;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(st.jobs.max(1))
        .build()
        .map_err(std::io::Error::other)?;
    if chunks.is_empty() && !title_want.is_empty() {
        chunks.push(0..0);
    }
    for (ci, range) in chunks.into_iter().enumerate() {
        let mut want: HashSet<u64> = groups[range.clone()].iter().flatten().copied().collect();
        if ci == 0 {
            want.extend(title_want.iter().copied());
        }
        let mut texts = fetch(st, &want);
        counts.passes += 1;
        if ci == 0 {
            for n in &title_want {
                if let Some(p) = texts.get(n) {
                    title_meta.insert(*n, (p.id.clone(), p.url.clone(), p.title.clone()));
                }
            }
        }
        let jobs: Vec<Vec<(u64, Parsed)>> = groups[range]
            .iter()
            .map(|g| {
                g.iter()
                    .filter_map(|n| texts.remove(n).map(|p| (*n, p)))
                    .collect()
            })
            .collect();
        drop(texts);
        let results: Vec<Vec<Vec<MemberOut>>> = pool.install(|| {
            use rayon::prelude::*;
            jobs.into_par_iter()
                .map(|g| {
                    let members: Vec<Member> =
                        g.into_iter().map(|(n, p)| member(st, n, p)).collect();
                    verify(&members, st.threshold)
                        .iter()
                        .map(|c| describe(&members, c))
                        .collect()
                })
                .collect()
        });
        for clusters in results {
            for members in clusters {
                let id = next_id;
                next_id += 1;
                counts.clusters += 1;
                counts.clustered_records += members.len();
                for m in &members {
                    body_cluster.insert(m.record, id);
                }
                let line = serde_json::to_string(&ClusterOut {
                    cluster: id,
                    kind: "near-duplicate",
                    size: members.len(),
                    members,
                })
                .map_err(std::io::Error::other)?;
                out.write_all(line.as_bytes())?;
                out.write_all(b"\n")?;
            }
        }
    }
    for g in title_groups {
        let mut bodies: HashSet<Option<u64>> = HashSet::new();
        let mut singles = 0;
        for n in &g {
            match body_cluster.get(n) {
                Some(c) => {
                    bodies.insert(Some(*c));
                }
                None => singles += 1,
            }
        }
        let distinct = bodies.len() + singles;
        if distinct < 2 {
            continue;
        }
        let title = title_meta
            .get(&g[0])
            .and_then(|m| m.2.clone())
            .unwrap_or_default();
        let members = g
            .iter()
            .take(TITLE_MEMBERS_MAX)
            .map(|n| {
                let (id, url, _) = title_meta.get(n).cloned().unwrap_or_default();
                TitleMemberOut {
                    record: *n,
                    domain: url.as_deref().and_then(record::domain),
                    id,
                    url,
                    body_cluster: body_cluster.get(n).copied(),
                }
            })
            .collect();
        let line = serde_json::to_string(&TitleOut {
            cluster: next_id,
            kind: "same-title",
            title: title.trim().to_string(),
            size: g.len(),
            distinct_bodies: distinct,
            members,
        })
        .map_err(std::io::Error::other)?;
        next_id += 1;
        counts.title_groups += 1;
        out.write_all(line.as_bytes())?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(counts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stats(bands: [u32; BANDS], title: Option<u64>) -> Stats {
        Stats {
            bands: Some(bands),
            title_hash: title,
            text_bytes: 10,
            ..Stats::default()
        }
    }

    #[test]
    fn candidate_groups_join_on_any_shared_band() {
        let mut ix = Index::default();
        let mut a = [0u32; BANDS];
        let mut b = [100u32; BANDS];
        let mut c = [200u32; BANDS];
        let d = [300u32; BANDS];
        for i in 0..BANDS {
            a[i] += i as u32;
            b[i] += i as u32;
            c[i] += i as u32;
        }
        b[3] = a[3]; // b shares band 3 with a
        c[9] = b[9]; // c shares band 9 with b (not with a)
        ix.add(1, &stats(a, Some(7)));
        ix.add(2, &stats(d, Some(8)));
        ix.add(5, &stats(b, Some(7)));
        ix.add(9, &stats(c, None));
        assert_eq!(ix.candidate_groups(), vec![vec![1, 5, 9]]);
        assert_eq!(ix.title_groups(), vec![vec![1, 5]]);
        assert_eq!(ix.len(), 4);
    }

    fn mk(number: u64, text: &str) -> Member {
        let doc = crate::document::Document::parse(
            text,
            crate::document::InputFormat::Text,
            &Default::default(),
        );
        let words = minhash::words(&doc, 0, true);
        let shingles = minhash::shingles(&words);
        Member {
            number,
            parsed: Parsed {
                text: text.to_string(),
                ..Parsed::default()
            },
            words,
            shingles,
        }
    }

    #[test]
    fn verify_and_added_spans() {
        let base: String = (0..120).map(|i| format!("word{i} ")).collect();
        let ad = "Subscribe now for exclusive offers from our partners today.";
        let copy = format!("{base}\n\n{ad}");
        let other: String = (0..120).map(|i| format!("other{i} ")).collect();
        let members = vec![mk(1, &base), mk(4, &other), mk(6, &copy)];
        let clusters = verify(&members, 0.7);
        assert_eq!(clusters, vec![vec![0, 2]]);
        let out = describe(&members, &clusters[0]);
        assert_eq!(out[1].record, 6);
        assert_eq!(out[1].closest, Some(1));
        assert_eq!(out[1].added.len(), 1);
        let a = &out[1].added[0];
        assert_eq!(
            &copy[a.start..a.end],
            "Subscribe now for exclusive offers from our partners today"
        );
        assert!(
            out[0].added.is_empty(),
            "the first member adds nothing the copy lacks"
        );
        assert_eq!(out[0].similarity_to_first, 1.0);
    }
}
