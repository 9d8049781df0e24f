//! Side-by-side line diffs for revisions.

use crate::model::{Change, DiffRow};
use similar::{DiffOp, TextDiff};

/// Compares two texts line by line: rows with the older line on the left and the newer on
/// the right. Replaced lines are paired up; unmatched ones stand alone.
pub fn side_by_side(old: &str, new: &str) -> Vec<DiffRow> {
    let diff = TextDiff::from_lines(old, new);
    let left: Vec<&str> = diff.old_slices().to_vec();
    let right: Vec<&str> = diff.new_slices().to_vec();
    let line = |s: &str| s.trim_end_matches(['\n', '\r']).to_owned();
    let mut rows = Vec::new();
    for op in diff.ops() {
        match *op {
            DiffOp::Equal { old_index, len, .. } => {
                rows.extend((old_index..old_index + len).map(|i| DiffRow {
                    change: Change::Same,
                    left: Some(line(left[i])),
                    right: Some(line(left[i])),
                }));
            }
            DiffOp::Delete {
                old_index, old_len, ..
            } => {
                rows.extend((old_index..old_index + old_len).map(|i| DiffRow {
                    change: Change::Removed,
                    left: Some(line(left[i])),
                    right: None,
                }));
            }
            DiffOp::Insert {
                new_index, new_len, ..
            } => {
                rows.extend((new_index..new_index + new_len).map(|i| DiffRow {
                    change: Change::Added,
                    left: None,
                    right: Some(line(right[i])),
                }));
            }
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                for k in 0..old_len.max(new_len) {
                    let l = (k < old_len).then(|| line(left[old_index + k]));
                    let r = (k < new_len).then(|| line(right[new_index + k]));
                    let change = match (&l, &r) {
                        (Some(_), Some(_)) => Change::Changed,
                        (Some(_), None) => Change::Removed,
                        _ => Change::Added,
                    };
                    rows.push(DiffRow {
                        change,
                        left: l,
                        right: r,
                    });
                }
            }
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_pair_up_side_by_side() {
        let rows = side_by_side("a\nb\nc\n", "a\nB\nc\nd\n");
        let changes: Vec<Change> = rows.iter().map(|r| r.change).collect();
        assert_eq!(
            changes,
            [Change::Same, Change::Changed, Change::Same, Change::Added]
        );
        assert_eq!(rows[1].left.as_deref(), Some("b"));
        assert_eq!(rows[1].right.as_deref(), Some("B"));
        assert_eq!(rows[3].left, None);
    }

    #[test]
    fn removed_lines_stand_alone() {
        let rows = side_by_side("a\nb\n", "a\n");
        assert_eq!(rows[1].change, Change::Removed);
        assert_eq!(rows[1].right, None);
    }
}
