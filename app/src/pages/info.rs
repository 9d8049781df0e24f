use crate::components::{ErrorView, PageMeta};
use crate::error::AppError;
use leptos::prelude::*;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! { <ErrorView error=AppError::NotFound /> }
}

#[component]
pub fn SupportPage() -> impl IntoView {
    view! {
        <PageMeta title="Support us" description="How to support independent human rights reporting." path="/support-us" />
        <section class="prose wrap">
            <h1>"Support us"</h1>
            <p>
                "Rights To All is an independent publication. We report on people whose rights are \
                 denied, and on those who defend them, without advertising and without tracking our \
                 readers."
            </p>
            <p>
                "The best support is to read, share and cite our reporting, and to tell us when we \
                 get something wrong. Corrections and tips reach the editors through the newsroom's \
                 published contact address."
            </p>
        </section>
    }
}

#[component]
pub fn PrivacyPage() -> impl IntoView {
    view! {
        <PageMeta title="Privacy" description="What Rights To All records about readers: almost nothing." path="/privacy" />
        <section class="prose wrap">
            <h1>"Privacy"</h1>
            <p>
                "We do not use analytics, advertising or third-party scripts, fonts or images: \
                 every file on this site is served by us. Reading the site sets no cookies."
            </p>
            <p>
                "If you create an account to comment, we keep your name, e-mail address and an \
                 Argon2 hash of your password (never the password itself), and the comments you \
                 post and report. We never store the IP address or browser of a commenter."
            </p>
            <p>
                "Logging in sets one cookie, which holds only a random session number; it lasts \
                 30 days from your last visit and ends when you log out. To stop people guessing \
                 passwords, a failed login is recorded with the address it came from for one day."
            </p>
            <p>
                "On " <a href="/account">"your account page"</a> " you can download everything we \
                 hold about you as a JSON file, change your details, and delete your account, \
                 choosing whether your comments are deleted or kept without your name."
            </p>
        </section>
    }
}
