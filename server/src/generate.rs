//! `server generate N`: adds N synthetic published articles (with tags, readers and
//! comments) to the configured database, for search and load measurements. Deterministic:
//! the same N on the same database gives the same articles. The demo content is seeded
//! first so sections and authors exist.

use app::db::seed::{self, NewArticle, NewUser};
use app::domain::{escape_html, SECONDS_PER_DAY};
use sqlx::SqlitePool;

/// Words the text is made of: the publication's vocabulary plus common English.
const TOPICAL: &[&str] = &[
    "rights",
    "human",
    "freedom",
    "press",
    "journalists",
    "detention",
    "torture",
    "asylum",
    "refugees",
    "migrants",
    "border",
    "court",
    "judge",
    "tribunal",
    "prison",
    "sentence",
    "protest",
    "police",
    "election",
    "vote",
    "censorship",
    "internet",
    "shutdown",
    "speech",
    "minority",
    "discrimination",
    "equality",
    "women",
    "children",
    "education",
    "health",
    "housing",
    "water",
    "food",
    "land",
    "indigenous",
    "displacement",
    "conflict",
    "ceasefire",
    "civilians",
    "weapons",
    "arms",
    "trade",
    "sanctions",
    "treaty",
    "council",
    "rapporteur",
    "investigation",
    "evidence",
    "witnesses",
    "lawyers",
    "defenders",
    "activists",
    "union",
    "workers",
    "wages",
    "labour",
    "trafficking",
    "slavery",
    "execution",
    "penalty",
    "appeal",
    "amnesty",
    "release",
    "hunger",
    "strike",
    "surveillance",
    "privacy",
    "data",
    "spyware",
    "accountability",
    "impunity",
    "reparations",
    "justice",
    "victims",
    "survivors",
    "testimony",
    "ministry",
    "parliament",
    "government",
    "authorities",
    "constitution",
    "decree",
    "law",
    "reform",
    "report",
    "commission",
    "inquiry",
    "mission",
    "camp",
    "shelter",
    "aid",
    "famine",
];
const COMMON: &[&str] = &[
    "the",
    "of",
    "and",
    "to",
    "in",
    "a",
    "that",
    "for",
    "on",
    "with",
    "as",
    "was",
    "were",
    "by",
    "at",
    "from",
    "their",
    "after",
    "before",
    "said",
    "says",
    "new",
    "more",
    "than",
    "last",
    "year",
    "month",
    "week",
    "people",
    "families",
    "city",
    "region",
    "country",
    "state",
    "local",
    "national",
    "international",
    "group",
    "groups",
    "officials",
    "public",
    "since",
    "under",
    "over",
    "about",
    "without",
    "against",
    "during",
    "while",
    "many",
];
const PLACES: &[&str] = &[
    "Arvania",
    "Quessa",
    "Norland",
    "Belmora",
    "Kestany",
    "Ostrava Bay",
    "Lumeria",
    "Tarsk",
    "Velmont",
    "Sarigan",
    "Doravia",
    "Elbrek",
];

/// SplitMix64: small, fast and reproducible, which is all a text generator needs.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.below(from.len())]
    }
    fn word(&mut self) -> &'static str {
        if self.below(3) == 0 {
            self.pick(TOPICAL)
        } else {
            self.pick(COMMON)
        }
    }
}

fn sentence(rng: &mut Rng, words: usize) -> String {
    let mut out = String::new();
    for i in 0..words {
        if i > 0 {
            out.push(' ');
        }
        if i == words / 2 && rng.below(2) == 0 {
            out.push_str(rng.pick(PLACES));
        } else {
            out.push_str(rng.word());
        }
    }
    let mut chars = out.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect::<String>() + ".",
        None => out,
    }
}

fn title(rng: &mut Rng) -> String {
    let s = format!(
        "{} {} {} in {}",
        rng.pick(TOPICAL),
        rng.pick(COMMON),
        rng.pick(TOPICAL),
        rng.pick(PLACES)
    );
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or(s)
}

/// Adds `count` articles spread over the ten years before now, in transactions of 1,000.
pub async fn generate(pool: &SqlitePool, count: u32) -> Result<(), Box<dyn std::error::Error>> {
    let sections: Vec<i64> = seed::section_ids(pool).await?;
    let authors: Vec<i64> = seed::staff_ids(pool).await?;
    if sections.is_empty() || authors.is_empty() {
        return Err("the database needs sections and authors first (start the server once)".into());
    }
    let start = seed::article_count(pool).await? as u64;
    let mut rng = Rng(start.wrapping_mul(31).wrapping_add(7));
    let now = app::db::now();
    let span = 10 * 365 * SECONDS_PER_DAY;

    // Tags: the publication's own plus enough others that tag archives stay small.
    let mut tx = pool.begin().await?;
    let mut tags = Vec::new();
    for (i, word) in TOPICAL.iter().enumerate() {
        tags.push(seed::upsert_tag(&mut tx, &format!("gen-{word}"), word).await?);
        for place in PLACES.iter().take(1 + i % 3) {
            let slug = format!("gen-{word}-{}", place.to_lowercase().replace(' ', "-"));
            tags.push(seed::upsert_tag(&mut tx, &slug, &format!("{word} in {place}")).await?);
        }
    }
    let mut readers = Vec::new();
    for i in 0..200 {
        let name = format!("gen-reader-{start}-{i}");
        let user = NewUser {
            username: &name,
            display_name: &format!("Reader {i}"),
            slug: &name,
            bio: "",
            role: "reader",
        };
        readers.push(seed::insert_user(&mut tx, &user, now).await?);
    }
    tx.commit().await?;

    let mut done = 0;
    while done < count {
        let batch = (count - done).min(1_000);
        let mut tx = pool.begin().await?;
        for _ in 0..batch {
            let n = start + u64::from(done);
            let title = title(&mut rng);
            let slug = format!(
                "{}-{n}",
                app::domain::Slug::from_title(&title)
                    .map(|s| s.to_string())
                    .unwrap_or_default()
            );
            let excerpt = sentence(&mut rng, 18);
            let paragraphs: Vec<String> = (0..4 + rng.below(3))
                .map(|_| {
                    (0..3)
                        .map(|_| {
                            let words = 12 + rng.below(10);
                            sentence(&mut rng, words)
                        })
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect();
            let body_html = paragraphs
                .iter()
                .map(|p| format!("<p>{}</p>", escape_html(p)))
                .collect::<Vec<_>>()
                .join("\n");
            let tag_ids: Vec<i64> = (0..1 + rng.below(3))
                .map(|_| tags[rng.below(tags.len())])
                .collect();
            let published_at = now - 3_600 - (rng.next() % span as u64) as i64;
            let article = NewArticle {
                slug: &slug,
                title: &title,
                excerpt: &excerpt,
                body_md: &paragraphs.join("\n\n"),
                body_html: &body_html,
                status: "published",
                published_at,
                author_id: authors[rng.below(authors.len())],
                category_id: sections[rng.below(sections.len())],
                featured_media_id: None,
            };
            let id = seed::insert_article(&mut tx, &article, &tag_ids).await?;
            for c in 0..rng.below(4) {
                let words = 10 + rng.below(20);
                let body = sentence(&mut rng, words);
                let at = published_at + 600 * (c as i64 + 1);
                let reader = readers[rng.below(readers.len())];
                seed::insert_comment(&mut tx, id, reader, None, &body, "approved", at).await?;
            }
            done += 1;
        }
        tx.commit().await?;
        if done % 10_000 == 0 || done == count {
            tracing::info!("generated {done} of {count} articles");
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_reproducible() {
        let (mut a, mut b) = (Rng(1), Rng(1));
        assert_eq!(title(&mut a), title(&mut b));
        assert_eq!(sentence(&mut a, 12), sentence(&mut b, 12));
        assert!(sentence(&mut Rng(5), 12).ends_with('.'));
    }
}
