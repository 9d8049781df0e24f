//! `server create-admin --email E --name N`: the first administrator. There are no default
//! accounts; this prints a random password once, to change after the first login.

use app::domain::roles::Role;
use sqlx::SqlitePool;

/// Creates an admin and returns the generated password.
pub async fn create_admin(pool: &SqlitePool, email: &str, name: &str) -> Result<String, String> {
    app::auth::create_staff_account(pool, name, email, Role::Admin)
        .await
        .map(|(_, password)| password)
        .map_err(|(field, message)| match field {
            "" => message,
            field => format!("--{field}: {message}"),
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::db;

    #[tokio::test]
    async fn the_first_admin_gets_a_random_password_that_logs_in() {
        let dir = tempfile::tempdir().unwrap();
        let pool = db::connect(&format!("sqlite://{}/a.db", dir.path().display()))
            .await
            .unwrap();
        db::migrate(&pool).await.unwrap();
        let one = create_admin(&pool, " Chief@Example.org ", "Chief  Editor")
            .await
            .unwrap();
        let user = db::users::by_email(&pool, "chief@example.org")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (user.role.as_str(), user.display_name.as_str()),
            ("admin", "Chief Editor")
        );
        assert!(app::auth::verify_password(one.clone(), user.password_hash.clone()).await);
        let again = create_admin(&pool, "chief@example.org", "Someone")
            .await
            .unwrap_err();
        assert!(again.contains("already exists"), "{again}");
        let two = create_admin(&pool, "deputy@example.org", "Chief Editor")
            .await
            .unwrap();
        assert_ne!(one, two);
        let deputy = db::users::by_email(&pool, "deputy@example.org")
            .await
            .unwrap()
            .unwrap();
        assert_ne!(deputy.id, user.id);
        assert!(create_admin(&pool, "not an email", "X Y")
            .await
            .unwrap_err()
            .starts_with("--email"));
        assert!(create_admin(&pool, "x@example.org", "\u{7}")
            .await
            .unwrap_err()
            .starts_with("--name"));
    }
}
