//! Demo content written for Rights To All: nine sections, six authors, thirty tags, 42
//! articles spread over three years up to today, featured images, breaking headlines and
//! comments. Countries are invented; the issues are real.

use crate::demo_images;
use app::db::{
    self,
    seed::{self, NewArticle, NewMedia, NewUser},
};
use app::domain::{escape_html, Slug, SECONDS_PER_DAY};
use sqlx::SqlitePool;
use std::path::Path;

/// (slug, name, description, gradient from, gradient to)
type Section = (&'static str, &'static str, &'static str, [u8; 3], [u8; 3]);

/// (section index, author index, title, lead paragraph, tags, caption)
type DemoArticle = (
    usize,
    usize,
    &'static str,
    &'static str,
    &'static [&'static str],
    &'static str,
);

const SECTIONS: [Section; 9] = [
    (
        "news",
        "news",
        "The day's human rights news from around the world.",
        [38, 70, 83],
        [42, 157, 143],
    ),
    (
        "united-nations",
        "United Nations",
        "The UN's councils, treaty bodies and special rapporteurs at work.",
        [29, 53, 87],
        [69, 123, 157],
    ),
    (
        "health",
        "health",
        "The right to health: care, medicines, and the people denied them.",
        [0, 95, 115],
        [148, 210, 189],
    ),
    (
        "arms",
        "Arms",
        "The arms trade, explosive weapons and the rules meant to control them.",
        [60, 60, 60],
        [155, 120, 90],
    ),
    (
        "free-speech",
        "Free Speech",
        "Journalists, protesters and everyone who speaks up.",
        [120, 40, 30],
        [231, 111, 81],
    ),
    (
        "womens-rights",
        "Women’s Rights",
        "Equality in law and in life.",
        [106, 27, 80],
        [229, 152, 155],
    ),
    (
        "torture",
        "Torture",
        "Torture and ill-treatment, and the fight to end them.",
        [40, 30, 50],
        [110, 90, 130],
    ),
    (
        "international-justice",
        "International Justice",
        "Courts, tribunals and accountability for the gravest crimes.",
        [20, 33, 61],
        [180, 150, 80],
    ),
    (
        "refugees",
        "Refugees",
        "People forced from their homes, and the protection they are owed.",
        [50, 90, 60],
        [200, 180, 120],
    ),
];

/// (slug, name, bio)
const AUTHORS: [(&str, &str, &str); 6] = [
    (
        "samira-haddad",
        "Samira Haddad",
        "Samira covers migration and asylum from the Mediterranean's ports and courtrooms.",
    ),
    (
        "daniel-mwangi",
        "Daniel Mwangi",
        "Daniel reports on the arms trade and on the civilians who live with its consequences.",
    ),
    (
        "lucia-ferreira",
        "Lucía Ferreira",
        "Lucía writes about gender equality, reproductive rights and the movements behind them.",
    ),
    (
        "jonas-weber",
        "Jonas Weber",
        "Jonas follows the United Nations and the international courts.",
    ),
    (
        "priya-raman",
        "Priya Raman",
        "Priya covers health, housing and economic rights.",
    ),
    (
        "elena-petrova",
        "Elena Petrova",
        "Elena reports on press freedom, digital rights and detention.",
    ),
];

const READERS: [(&str, &str); 3] = [
    ("amara", "Amara Osei"),
    ("tomasz", "Tomasz Nowak"),
    ("lina", "Lina Said"),
];

const PHOTOGRAPHERS: [&str; 5] = [
    "Mara Lind",
    "Kofi Asante",
    "Inés Robledo",
    "Yusuf Demir",
    "Hana Sato",
];

const ARTICLES: [DemoArticle; 42] = [
    (8, 0, "Coastguard Returns Leave Hundreds Stranded at Sea", "Rescue groups say at least 300 people were pushed back towards open water last week, in breach of the duty to bring people in distress to a place of safety.", &["asylum", "displacement", "accountability"], "A rescue boat at dawn"),
    (4, 5, "Three Reporters Detained After Covering Fuel Protests", "Police in Arvania's capital held three journalists overnight for filming clashes at a fuel depot, and seized their cameras without a warrant.", &["journalists", "press-freedom", "protest"], "Press cards on a café table"),
    (1, 3, "Human Rights Council Opens Inquiry into Mass Evictions", "The Council voted 27 to 9 to create an independent inquiry into the demolition of informal settlements that left 40,000 people homeless.", &["housing", "accountability", "displacement"], "The Council chamber during the vote"),
    (2, 4, "Clinics Run Out of Insulin as Import Rules Tighten", "Doctors in Kessland's northern provinces say diabetic patients are rationing insulin after new import licences stalled deliveries for six weeks.", &["health-care", "accountability"], "An empty pharmacy shelf"),
    (3, 1, "Cluster Munition Remnants Still Kill Farmers Years On", "A new survey finds unexploded submunitions in a third of the fields around Tarsis, where most victims are farmers and children.", &["landmines", "children", "arms-trade"], "A field marked with warning stakes"),
    (5, 2, "Court Strikes Down Guardianship Rule for Women Travellers", "Morvania's constitutional court ruled that requiring a male guardian's consent for women to travel abroad violates equality before the law.", &["gender-equality", "accountability"], "Women outside the court after the ruling"),
    (6, 5, "Former Detainees Describe Beatings in Transit Centre", "Eleven people held at a transit centre outside Belmora describe beatings, stress positions and denial of water during interrogations.", &["torture-prevention", "detention", "prisons"], "The perimeter fence of the transit centre"),
    (7, 3, "Arrest Warrant Issued for Militia Commander", "Judges approved a warrant for a militia commander accused of ordering attacks on villages during the 2019 offensive.", &["icc", "war-crimes", "accountability"], "The court building in the evening"),
    (0, 0, "New Border Law Would Allow Detention of Children", "A bill before Lirenia's parliament would let authorities detain families with children for up to 18 months while asylum claims are processed.", &["asylum", "children", "detention"], "A child's drawing on a detention centre wall"),
    (4, 5, "Internet Shutdown Enters Its Third Week", "Mobile data has been cut across two provinces of Quessa since the disputed election, leaving families unable to reach each other or get news.", &["internet-shutdowns", "elections", "press-freedom"], "A phone showing no signal"),
    (2, 4, "Heatwave Exposes Deadly Gaps in Care for Outdoor Workers", "Construction and farm workers account for most heat deaths this summer, and few employers followed the rules on rest and water.", &["labour-rights", "climate-justice", "health-care"], "Workers resting in the shade"),
    (1, 3, "Special Rapporteur Warns Over Shrinking Civic Space", "In her annual report, the UN Special Rapporteur on freedom of assembly documents new restrictions on protest in 41 countries.", &["protest", "human-rights-defenders"], "Protesters with handmade signs"),
    (3, 1, "Arms Exports Continue Despite Evidence of Civilian Harm", "Licences for bomb components were renewed last quarter, weeks after investigators traced fragments found in a market strike to the same manufacturer.", &["arms-trade", "sanctions", "accountability"], "Fragments laid out for identification"),
    (5, 2, "Survivors Push for Shelter Funding as Cases Rise", "Women's shelters in Kessland turned away more than 2,000 survivors of domestic violence last year because they had no beds.", &["gender-equality", "housing"], "A shelter's front door"),
    (7, 3, "Tribunal Hears First Testimony on Disappearances", "The first witnesses before the special tribunal described how relatives were taken from their homes at night and never seen again.", &["accountability", "war-crimes"], "Families holding photographs of the missing"),
    (6, 5, "Prison Monitors Denied Access for Second Year", "The national preventive mechanism says it has been refused entry to four high-security prisons, where deaths in custody have doubled.", &["prisons", "torture-prevention"], "A prison watchtower"),
    (8, 0, "Camp Residents Face Winter Without Heating Fuel", "Aid agencies warn that 60,000 displaced people in the eastern camps have received less than half of the fuel they need for the winter.", &["displacement", "children"], "Tents under the first snow"),
    (0, 4, "Evictions Resume in Riverside Settlements", "Bulldozers returned to the riverside settlements on Monday, despite a court order requiring the city to offer alternative housing first.", &["housing", "displacement"], "Rubble where homes stood"),
    (4, 5, "Blogger Sentenced to Four Years Over Satirical Posts", "A court convicted a blogger of 'insulting state institutions' for cartoons that mocked ministers' travel expenses.", &["press-freedom", "journalists"], "The blogger's empty desk"),
    (2, 4, "Maternal Deaths Fall Where Midwives Lead Care", "Districts that trained and paid community midwives saw maternal deaths fall by almost half in five years, a new study finds.", &["health-care", "gender-equality"], "A midwife on a home visit"),
    (1, 3, "Treaty Body Questions Government Over Disability Rights", "The committee asked why 30,000 people with disabilities still live in institutions a decade after the government promised to close them.", &["disability-rights", "accountability"], "Committee members during the session"),
    (3, 1, "Landmine Clearance Funding Falls Short", "Donor pledges cover only 40 percent of what deminers need this year, leaving contaminated land unusable for thousands of families.", &["landmines", "arms-trade"], "A deminer at work"),
    (5, 2, "Parliament Passes Law Against Online Harassment", "The new law defines online gender-based harassment as an offence and obliges platforms to act on reports within 48 hours.", &["gender-equality", "internet-shutdowns"], "Lawmakers after the vote"),
    (7, 3, "Universal Jurisdiction Case Opens Against Ex-Officer", "A former intelligence officer goes on trial abroad for torture committed at home, under the principle that some crimes can be tried anywhere.", &["accountability", "torture-prevention", "war-crimes"], "The courtroom's public gallery"),
    (6, 5, "Forced Confessions Broadcast on State Television", "Lawyers say at least nine detainees whose 'confessions' were aired last month had been held incommunicado for weeks.", &["torture-prevention", "detention", "press-freedom"], "A television studio"),
    (8, 0, "Asylum Seekers Wait Years for a First Interview", "The average wait for a first asylum interview has reached 27 months, leaving people unable to work legally or reunite with family.", &["asylum", "labour-rights"], "A queue outside the asylum office"),
    (0, 5, "Activists Released After Week-Long Detention", "Seven environmental activists were freed without charge after a week in custody for blocking a logging road.", &["human-rights-defenders", "climate-justice", "protest"], "Activists greeted by supporters"),
    (4, 5, "Broadcaster's Licence Suspended Ahead of Election", "The media regulator suspended the country's largest independent broadcaster for 90 days, two months before the vote.", &["press-freedom", "elections"], "The broadcaster's darkened newsroom"),
    (2, 4, "Drug-Resistant Tuberculosis Spreads in Crowded Jails", "Health workers say overcrowding and poor ventilation are driving a rise in drug-resistant tuberculosis among prisoners.", &["health-care", "prisons"], "A prison clinic"),
    (1, 3, "General Assembly Adopts Moratorium on Executions", "A record 130 states voted for the resolution calling for a moratorium on the use of the death penalty.", &["death-penalty"], "Delegates during the vote"),
    (3, 1, "Explosive Weapons in Towns: States Report on Pledge", "A year after signing a declaration to limit explosive weapons in populated areas, few states have changed their military rules.", &["arms-trade", "children"], "A damaged school"),
    (5, 2, "Midwives and Lawyers Defend Access to Safe Abortion", "Health workers and lawyers warn that a proposed ban would force women to seek dangerous procedures.", &["reproductive-rights", "health-care"], "A clinic waiting room"),
    (7, 3, "Reparations Fund Makes First Payments to Survivors", "Survivors of sexual violence in the conflict received the first reparations payments ordered by the court, eight years after the verdict.", &["accountability", "gender-equality"], "Survivors at the payment ceremony"),
    (6, 5, "Solitary Confinement Used as Punishment for Months", "Prisoners at the country's largest jail were held in solitary confinement for up to 200 days, far beyond international limits.", &["prisons", "torture-prevention"], "A solitary confinement cell"),
    (8, 0, "Resettlement Places Cut by Half", "Governments have offered only half the resettlement places they pledged, as the number of refugees in need reaches a new high.", &["asylum", "displacement"], "Families at a resettlement centre"),
    (0, 1, "Indigenous Communities Win Land Rights Case", "The supreme court ordered the government to title 120,000 hectares of ancestral land to four indigenous communities.", &["indigenous-rights", "climate-justice"], "Community leaders outside the court"),
    (4, 5, "Spyware Found on Phones of Two Editors", "Forensic analysis found spyware on the phones of two newspaper editors who had reported on procurement fraud.", &["surveillance", "journalists", "press-freedom"], "A phone under forensic examination"),
    (2, 4, "Vaccination Campaign Reaches Remote Valleys", "Mobile teams vaccinated 80,000 children in valleys cut off by landslides, using cold boxes carried on foot.", &["vaccines", "children", "health-care"], "A health worker carrying a cold box"),
    (5, 2, "Child Marriage Ban Enforced in Three Provinces", "Registrars have refused to register marriages of under-18s in three provinces since the new law came into force.", &["children", "gender-equality"], "Students leaving school"),
    (1, 3, "UN Experts Call for Release of Human Rights Defenders", "Five UN special rapporteurs called for the release of 14 human rights defenders held since last year's protests.", &["human-rights-defenders", "detention"], "Relatives holding a vigil"),
    (7, 3, "Court Confirms Charges in Village Massacre Case", "Pre-trial judges confirmed war crimes charges against two commanders over the killing of 60 villagers.", &["war-crimes", "icc"], "The village memorial"),
    (3, 1, "Small Arms Trafficking Fuels Violence in Border Towns", "Weapons smuggled across the border have made local disputes deadlier, according to police and community leaders.", &["arms-trade", "sanctions"], "Seized rifles laid out by police"),
];

/// Two paragraphs of context per section; each article takes one or both.
const CONTEXT: [[&str; 2]; 9] = [
    [
        "Local organisations say the pattern is not new, but that the scale is. They are asking the authorities to publish the figures they hold and to meet with the communities affected before taking further action.",
        "Under international human rights law, governments must protect people from arbitrary interference with their homes, liberty and safety, and must offer an effective remedy when those rights are violated.",
    ],
    [
        "Resolutions and reports from the United Nations do not enforce themselves. Their force depends on states following up, on the pressure of other governments, and on the civil society groups that hold both to their word.",
        "Diplomats said the outcome reflected months of negotiation. Human rights groups welcomed it as a first step and called for funding to match the mandate.",
    ],
    [
        "The right to the highest attainable standard of health includes access to essential medicines and to care that is affordable, acceptable and of good quality, without discrimination.",
        "Health workers describe long shifts, shortages of basic supplies and patients who arrive too late because they could not afford the journey.",
    ],
    [
        "The Arms Trade Treaty forbids transfers when a state knows the weapons would be used against civilians. Campaigners say the treaty's promise depends on export decisions being made in the open.",
        "Survivors and their families are asking for more than clearance and compensation: they want the weapons that harmed them to be banned outright.",
    ],
    [
        "Freedom of expression protects information and ideas of all kinds, including those that offend or disturb. Restrictions must be set out in law, necessary and proportionate.",
        "Press freedom groups have recorded a steady rise in the number of journalists detained in connection with their work, and in the use of vague laws to silence criticism.",
    ],
    [
        "Women's rights organisations say laws on paper are only the beginning: police, courts and health services must be trained, funded and held accountable for putting them into practice.",
        "The committee that monitors the women's rights convention has repeatedly urged the government to repeal discriminatory provisions and to collect data on violence against women.",
    ],
    [
        "The prohibition of torture is absolute. No emergency, war or threat to security can justify it, and evidence obtained through torture can never be used in court.",
        "Independent monitoring of places of detention is one of the most effective ways to prevent ill-treatment. It works only when monitors can visit without warning and speak to detainees in private.",
    ],
    [
        "For survivors, justice is slow. Many have waited years to be heard, and many witnesses have faced threats for agreeing to testify.",
        "International courts step in only when national courts are unable or unwilling to act. Their legitimacy rests on fair trials and on states cooperating with arrests and evidence.",
    ],
    [
        "The principle of non-refoulement forbids returning anyone to a country where they would face persecution, torture or other serious harm. It applies at sea as on land.",
        "Aid workers say funding cuts have forced them to choose between food, shelter and schooling, and that children are paying the highest price.",
    ],
];

const CLOSING: &str = "Rights To All asked the authorities concerned for comment before publication. We will update this article if they reply.";

const HEADLINES: [&str; 6] = [
    "Coastguard returns leave hundreds stranded at sea, rescuers say",
    "Three reporters held overnight after filming fuel protests",
    "Human Rights Council opens inquiry into mass evictions",
    "Insulin runs short in northern clinics as imports stall",
    "Unexploded submunitions still kill farmers around Tarsis",
    "Court strikes down guardianship rule for women travellers",
];

const COMMENTS: [&str; 8] = [
    "Thank you for reporting this. Almost no one else has covered it.",
    "I work with families in a similar situation, and everything described here matches what we see.",
    "Is there a petition or an organisation readers can support?",
    "The figures in the third paragraph are shocking. Where can I read the full report?",
    "This needs far more attention than it gets.",
    "Clear, careful reporting. Please keep following the story.",
    "Our local group has written to our representative about this.",
    "Glad to see the testimony of the people affected at the centre of the piece.",
];

/// Turns the demo's plain paragraphs into HTML. Demo text is trusted, but it is escaped
/// anyway: the same rule as for everything else.
fn paragraphs_to_html(paragraphs: &[String]) -> String {
    paragraphs
        .iter()
        .map(|p| format!("<p>{}</p>", escape_html(p)))
        .collect::<Vec<_>>()
        .join("\n")
}

fn tag_name(slug: &str) -> String {
    slug.replace('-', " ")
}

/// Fills an empty database with the demo content; does nothing if articles exist.
pub async fn seed_if_empty(
    pool: &SqlitePool,
    media_dir: &Path,
) -> Result<(), Box<dyn std::error::Error>> {
    if !seed::is_empty(pool).await? {
        return Ok(());
    }
    std::fs::create_dir_all(media_dir)?;
    let now = db::now();
    let mut tx = pool.begin().await?;

    let mut section_ids = Vec::new();
    for (i, (slug, name, description, _, _)) in SECTIONS.iter().enumerate() {
        section_ids.push(seed::insert_category(&mut tx, slug, name, description, i as i64).await?);
    }
    let mut author_ids = Vec::new();
    for (slug, name, bio) in AUTHORS {
        let user = NewUser {
            username: slug,
            display_name: name,
            slug,
            bio,
            role: "author",
        };
        author_ids.push(seed::insert_user(&mut tx, &user, now).await?);
    }
    let mut reader_ids = Vec::new();
    for (username, name) in READERS {
        let user = NewUser {
            username,
            display_name: name,
            slug: username,
            bio: "",
            role: "reader",
        };
        reader_ids.push(seed::insert_user(&mut tx, &user, now).await?);
    }

    // Newest first: the first article is two hours old, the last about three years old.
    let span = 3 * 365 * SECONDS_PER_DAY;
    let step = span / ARTICLES.len() as i64;
    let mut article_ids = Vec::new();
    let mut urls = Vec::new();
    for (i, (section, author, title, lead, tags, caption)) in ARTICLES.iter().enumerate() {
        let published_at = now - 2 * 3_600 - i as i64 * step - (i as i64 * 7_919) % 36_000;
        let slug = Slug::from_title(title).ok_or("a demo title makes no slug")?;
        let (_, section_name, _, from, to) = SECTIONS[*section];
        let file_name = format!("demo-{:02}-{slug}.jpg", i + 1);
        demo_images::write(&media_dir.join(&file_name), i as u32, from, to)?;
        let media = NewMedia {
            file_name: &file_name,
            mime: "image/jpeg",
            width: demo_images::WIDTH,
            height: demo_images::HEIGHT,
            alt: &format!("Illustration for the {section_name} section: {caption}"),
            caption,
            credit: PHOTOGRAPHERS[i % PHOTOGRAPHERS.len()],
            uploaded_by: None,
        };
        let media_id = seed::insert_media(&mut tx, &media, now).await?;
        let context = CONTEXT[*section];
        let mut paragraphs = vec![lead.to_string(), context[i % 2].to_owned()];
        if i % 3 != 2 {
            paragraphs.push(context[(i + 1) % 2].to_owned());
        }
        paragraphs.push(CLOSING.to_owned());
        let mut tag_ids = Vec::new();
        for tag in *tags {
            tag_ids.push(seed::upsert_tag(&mut tx, tag, &tag_name(tag)).await?);
        }
        let article = NewArticle {
            slug: slug.as_str(),
            title,
            excerpt: lead,
            body_md: &paragraphs.join("\n\n"),
            body_html: &paragraphs_to_html(&paragraphs),
            status: "published",
            published_at,
            author_id: author_ids[*author],
            category_id: section_ids[*section],
            featured_media_id: Some(media_id),
        };
        let id = seed::insert_article(&mut tx, &article, &tag_ids).await?;
        article_ids.push((id, published_at));
        let date = app::domain::Date::from_timestamp(published_at);
        urls.push(format!("{}/{slug}", date.path()));
    }
    // The remaining tags of the thirty, so every tag page exists.
    for tag in ["lgbti-rights", "surveillance", "death-penalty"] {
        seed::upsert_tag(&mut tx, tag, &tag_name(tag)).await?;
    }

    for (i, text) in HEADLINES.iter().enumerate() {
        let priority = (HEADLINES.len() - i) as i64;
        seed::insert_headline(
            &mut tx,
            text,
            &urls[i],
            priority,
            now - SECONDS_PER_DAY,
            None,
        )
        .await?;
    }

    for (n, body) in COMMENTS.iter().enumerate() {
        let (article_id, published_at) = article_ids[n % 5];
        let user = reader_ids[n % reader_ids.len()];
        let at = published_at + 600 + n as i64 * 1_800;
        let id =
            seed::insert_comment(&mut tx, article_id, user, None, body, "approved", at).await?;
        if n == 0 {
            let reply = "Agreed. The follow-up on the court case will be important.";
            let by = reader_ids[1];
            seed::insert_comment(
                &mut tx,
                article_id,
                by,
                Some(id),
                reply,
                "approved",
                at + 900,
            )
            .await?;
        }
    }
    let (first, at) = article_ids[0];
    seed::insert_comment(
        &mut tx,
        first,
        reader_ids[2],
        None,
        "Waiting for moderation.",
        "pending",
        at + 60,
    )
    .await?;

    tx.commit().await?;
    tracing::info!(
        articles = ARTICLES.len(),
        "filled the database with demo content"
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_content_meets_the_brief() {
        let mut tags: Vec<&str> = ARTICLES.iter().flat_map(|a| a.4.iter().copied()).collect();
        tags.extend(["lgbti-rights", "surveillance", "death-penalty"]);
        tags.sort();
        tags.dedup();
        assert!(tags.len() >= 30, "only {} tags", tags.len());
        assert!(ARTICLES.len() >= 40);
        for s in 0..SECTIONS.len() {
            assert!(
                ARTICLES.iter().any(|a| a.0 == s),
                "section {s} has no article"
            );
        }
        for a in 0..AUTHORS.len() {
            assert!(
                ARTICLES.iter().any(|art| art.1 == a),
                "author {a} wrote nothing"
            );
        }
        for t in &tags {
            assert!(Slug::parse(t).is_some(), "{t} is not a slug");
        }
    }

    #[test]
    fn every_demo_title_makes_a_unique_slug() {
        let mut slugs: Vec<_> = ARTICLES
            .iter()
            .map(|a| Slug::from_title(a.2).unwrap())
            .collect();
        slugs.sort_by(|a, b| a.as_str().cmp(b.as_str()));
        slugs.dedup();
        assert_eq!(slugs.len(), ARTICLES.len());
    }
}
