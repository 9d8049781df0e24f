//! The discussion under an article: the thread (server-rendered, so it reads with
//! JavaScript off), the form to comment or reply, and each reader's edit, delete and report
//! controls. Every control is a link or a form, enhanced when the app is running.

use super::{form_echo, form_error, FormProblem, TimeAgo};
use crate::api::{get_comment_thread, DeleteComment, EditComment, PostComment, ReportComment};
use crate::domain::comment_text::{linkify, Piece, COMMENT_MAX};
use crate::domain::encode_query_value;
use crate::error::AppError;
use crate::model::{Comment, CommentState, CommentThread, COMMENT_MAX_DEPTH};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;

/// What the reader is doing in the thread: replying to a comment, editing one.
#[derive(Clone, Copy)]
struct Ui {
    thread: RwSignal<CommentThread>,
    reply_to: RwSignal<Option<i64>>,
    editing: RwSignal<Option<i64>>,
    url: StoredValue<String>,
    edit: ServerAction<EditComment>,
    delete: ServerAction<DeleteComment>,
    report: ServerAction<ReportComment>,
}

#[component]
pub fn CommentSection(thread: CommentThread, article_url: String) -> impl IntoView {
    let query = use_query_map();
    let number = |key: &str| {
        query
            .with_untracked(|q| q.get(key))
            .and_then(|v| v.parse::<i64>().ok())
    };
    let post = ServerAction::<PostComment>::new();
    let post_echo = form_echo(PostComment::PATH, None);
    let echoed_parent = post_echo
        .get_untracked()
        .and_then(|e| e.value("parent_id").and_then(|v| v.parse().ok()));
    let ui = Ui {
        thread: RwSignal::new(thread),
        reply_to: RwSignal::new(number("replytocom").or(echoed_parent)),
        editing: RwSignal::new(number("editcomment")),
        url: StoredValue::new(article_url),
        edit: ServerAction::new(),
        delete: ServerAction::new(),
        report: ServerAction::new(),
    };
    // After anything changes, load the thread again (no page reload).
    let refresh = move || {
        let id = ui.thread.with_untracked(|t| t.article_id);
        leptos::task::spawn_local(async move {
            if let Ok(fresh) = get_comment_thread(id).await {
                ui.thread.set(fresh);
            }
        });
    };
    Effect::new(move |_| {
        if matches!(post.value().get(), Some(Ok(_))) {
            ui.reply_to.set(None);
            refresh();
        }
    });
    Effect::new(move |_| {
        if matches!(ui.edit.value().get(), Some(Ok(_))) {
            ui.editing.set(None);
            refresh();
        }
    });
    Effect::new(move |_| {
        let deleted = matches!(ui.delete.value().get(), Some(Ok(_)));
        let reported = matches!(ui.report.value().get(), Some(Ok(_)));
        if deleted || reported {
            refresh();
        }
    });
    let problem = Signal::derive(move || {
        [ui.delete.value().get(), ui.report.value().get()]
            .into_iter()
            .flatten()
            .find_map(Result::err)
    });
    let heading = move || {
        let n = ui.thread.with(|t| {
            t.comments
                .iter()
                .filter(|c| c.state == CommentState::Published)
                .count()
        });
        match n {
            0 => "No comments yet".to_owned(),
            1 => "1 comment".to_owned(),
            n => format!("{n} comments"),
        }
    };
    view! {
        <h2 id="comments-heading">{heading}</h2>
        <FormProblem error=problem />
        {move || {
            let thread = ui.thread.get();
            let tree = Tree::new(&thread.comments);
            (!thread.comments.is_empty())
                .then(|| view! { <ol class="comment-list">{tree.render(None, 1, &thread, ui)}</ol> })
        }}
        <CommentForm ui post />
    }
}

/// Comments by parent, so replies render under their comment.
struct Tree<'a> {
    comments: &'a [Comment],
}

impl<'a> Tree<'a> {
    fn new(comments: &'a [Comment]) -> Self {
        Self { comments }
    }

    /// Replies to `parent` (top level: no parent, or a parent not shown).
    fn children(&self, parent: Option<i64>) -> impl Iterator<Item = &'a Comment> + '_ {
        self.comments.iter().filter(move |c| match parent {
            Some(p) => c.parent_id == Some(p),
            None => c
                .parent_id
                .is_none_or(|p| !self.comments.iter().any(|o| o.id == p)),
        })
    }

    fn render(&self, parent: Option<i64>, depth: usize, thread: &CommentThread, ui: Ui) -> AnyView {
        self.children(parent)
            .map(|c| {
                let replies: Vec<AnyView> = vec![self.render(Some(c.id), depth + 1, thread, ui)];
                let has_replies = self.children(Some(c.id)).next().is_some();
                view! {
                    <li class=format!("comment depth-{depth}") id=format!("comment-{}", c.id)>
                        <CommentView comment=c.clone() depth thread=thread.clone() ui />
                        {has_replies.then(|| view! { <ol class="comment-replies">{replies}</ol> })}
                    </li>
                }
            })
            .collect_view()
            .into_any()
    }
}

#[component]
fn CommentView(comment: Comment, depth: usize, thread: CommentThread, ui: Ui) -> impl IntoView {
    let c = comment;
    let id = c.id;
    if c.state == CommentState::Deleted {
        return view! { <p class="comment-deleted">"This comment was deleted."</p> }.into_any();
    }
    let url = ui.url.get_value();
    let can_reply = thread.viewer.is_some()
        && thread.open
        && depth < COMMENT_MAX_DEPTH
        && c.state == CommentState::Published;
    let editable = c.editable(thread.now);
    let can_report = thread.viewer.is_some() && !c.mine && c.state == CommentState::Published;
    let reported = thread.reported.contains(&id);
    let body = c.body.clone();
    let reply_href = format!("{url}?replytocom={id}#respond");
    let edit_href = format!("{url}?editcomment={id}#comment-{id}");
    let author = c.author_name.clone();
    view! {
        <article class="comment-body-wrap" aria-label=format!("Comment by {author}")>
            <p class="comment-meta">
                <strong class="comment-author">{author.clone()}</strong>
                " · "
                <a class="comment-permalink" href=format!("#comment-{id}")><TimeAgo at=c.created_at now=thread.now /></a>
                {c.edited.then_some(" · edited")}
            </p>
            {(c.state == CommentState::AwaitingModeration).then(|| view! {
                <p class="comment-held">"Your comment is awaiting moderation. Only you can see it until a moderator approves it."</p>
            })}
            {move || if ui.editing.get() == Some(id) && editable {
                view! { <EditForm id body=body.clone() ui /> }.into_any()
            } else {
                view! { <CommentText text=body.clone() /> }.into_any()
            }}
            <div class="comment-actions">
                {can_reply.then(|| view! {
                    <a class="comment-action" href=reply_href
                        on:click=move |ev| { ev.prevent_default(); ui.reply_to.set(Some(id)); focus_later("comment-body"); }>
                        "Reply" <span class="visually-hidden">" to " {author.clone()}</span>
                    </a>
                })}
                {editable.then(|| view! {
                    <a class="comment-action" href=edit_href
                        on:click=move |ev| { ev.prevent_default(); ui.editing.set(Some(id)); focus_later(&format!("edit-body-{id}")); }>
                        "Edit"
                    </a>
                    <ActionForm action=ui.delete>
                        <input type="hidden" name="id" value=id />
                        <button type="submit" class="comment-action link-button">"Delete"</button>
                    </ActionForm>
                })}
                {(can_report && !reported).then(|| view! {
                    <ActionForm action=ui.report>
                        <input type="hidden" name="id" value=id />
                        <button type="submit" class="comment-action link-button">"Report" <span class="visually-hidden">" this comment"</span></button>
                    </ActionForm>
                })}
                {(can_report && reported).then(|| view! { <span class="comment-reported">"Reported — thank you."</span> })}
            </div>
        </article>
    }
    .into_any()
}

/// Moves focus to an element once the view has updated.
fn focus_later(id: &str) {
    let id = id.to_owned();
    request_animation_frame(move || {
        use wasm_bindgen::JsCast;
        if let Some(el) = document()
            .get_element_by_id(&id)
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    });
}

/// A comment's text: paragraphs at blank lines, line breaks kept, links as links.
#[component]
fn CommentText(text: String) -> impl IntoView {
    text.split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .map(|para| {
            let lines: Vec<_> = para.split('\n').map(str::to_owned).collect();
            let last = lines.len() - 1;
            let content = lines
                .into_iter()
                .enumerate()
                .map(|(i, line)| {
                    view! {
                        {linkify(&line).into_iter().map(piece).collect_view()}
                        {(i < last).then(|| view! { <br /> })}
                    }
                })
                .collect_view();
            view! { <p class="comment-text">{content}</p> }
        })
        .collect_view()
}

fn piece(p: Piece) -> AnyView {
    match p {
        Piece::Text(t) => t.into_any(),
        Piece::Link { text, href } => {
            view! { <a href=href rel="ugc nofollow noopener">{text}</a> }.into_any()
        }
    }
}

/// The textarea every comment form has, with its error.
#[component]
fn BodyField(
    id: String,
    label: String,
    value: String,
    error: Signal<Option<AppError>>,
    #[prop(default = NodeRef::new())] node_ref: NodeRef<leptos::html::Textarea>,
) -> impl IntoView {
    let message = move || {
        error
            .get()
            .filter(|e| matches!(e.field(), Some("body") | Some("parent_id")))
            .map(|e| e.to_string())
    };
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let described = {
        let (error_id, hint_id) = (error_id.clone(), hint_id.clone());
        move || match message() {
            Some(_) => format!("{hint_id} {error_id}"),
            None => hint_id.clone(),
        }
    };
    let textarea = view! {
        <textarea id=id.clone() name="body" rows="6" maxlength=COMMENT_MAX required=true node_ref=node_ref
            aria-invalid=move || message().is_some().then_some("true")
            aria-describedby=described>{super::textarea_text(value)}</textarea>
    };
    view! {
        <div class="field" class:has-error=move || message().is_some()>
            <label for=id.clone()>{label}</label>
            <p class="field-hint" id=hint_id>"Plain text, up to 5,000 characters. Links become clickable."</p>
            {textarea}
            <p class="field-error" id=error_id role="alert">{message}</p>
        </div>
    }
}

#[component]
fn EditForm(id: i64, body: String, ui: Ui) -> impl IntoView {
    let echo = form_echo(EditComment::PATH, Some(id));
    let error = form_error(ui.edit.value(), ui.edit.version(), echo);
    let value = echo
        .get_untracked()
        .and_then(|e| e.value("body").map(str::to_owned))
        .unwrap_or(body);
    let cancel = format!("{}#comment-{id}", ui.url.get_value());
    view! {
        <ActionForm action=ui.edit>
            <FormProblem error fields=&["body"] />
            <input type="hidden" name="id" value=id />
            <BodyField id=format!("edit-body-{id}") label="Edit your comment".into() value error />
            <button type="submit" class="button">"Save changes"</button>
            " "
            <a href=cancel on:click=move |ev| { ev.prevent_default(); ui.editing.set(None); }>"Cancel"</a>
        </ActionForm>
    }
}

#[component]
fn CommentForm(ui: Ui, post: ServerAction<PostComment>) -> impl IntoView {
    let echo = form_echo(PostComment::PATH, None);
    let error = form_error(post.value(), post.version(), echo);
    let url = ui.url.get_value();
    let textarea = NodeRef::<leptos::html::Textarea>::new();
    // After a comment is posted in the browser, empty the box for the next one.
    Effect::new(move |_| {
        if let (Some(Ok(_)), Some(el)) = (post.value().get(), textarea.get_untracked()) {
            el.set_value("");
        }
    });
    let posted = move || {
        post.value().get().and_then(Result::ok).map(|saved| {
            let text = if saved.held {
                "Thank you. Your comment is awaiting moderation; it appears to others once a moderator approves it."
            } else {
                "Thank you. Your comment is published."
            };
            view! { <p class="saved" role="status">{text}</p> }
        })
    };
    let next = encode_query_value(&format!("{url}#respond"));
    view! {
        <div id="respond" class="comment-respond">
            {move || {
                let thread = ui.thread.get();
                let replying = ui.reply_to.get().and_then(|id| {
                    thread.comments.iter().find(|c| c.id == id && c.state == CommentState::Published).map(|c| (id, c.author_name.clone()))
                });
                let title = match &replying {
                    Some((_, name)) => format!("Reply to {name}"),
                    None => "Leave a Reply".to_owned(),
                };
                let cancel = replying.as_ref().map(|_| {
                    let href = format!("{url}#respond");
                    view! {
                        <a class="cancel-reply" href=href on:click=move |ev| { ev.prevent_default(); ui.reply_to.set(None); }>"Cancel reply"</a>
                    }
                });
                let body = if !thread.open {
                    view! { <p class="login-note">"Comments are closed."</p> }.into_any()
                } else if let Some(viewer) = thread.viewer.clone() {
                    let typed = echo.get_untracked().and_then(|e| e.value("body").map(str::to_owned)).unwrap_or_default();
                    view! {
                        <ActionForm action=post>
                            <FormProblem error fields=&["body", "parent_id"] />
                            <input type="hidden" name="article_id" value=thread.article_id />
                            {replying.as_ref().map(|(id, _)| view! { <input type="hidden" name="parent_id" value=*id /> })}
                            <BodyField id="comment-body".into() label="Your comment".into() value=typed error node_ref=textarea />
                            <p class="logged-in-as">"Logged in as " <strong>{viewer}</strong> ". " <a href="/account">"Your account"</a></p>
                            <button type="submit" class="button" disabled=move || post.pending().get()>"Post Comment"</button>
                            {posted}
                        </ActionForm>
                    }.into_any()
                } else {
                    view! {
                        <p class="login-note">
                            "You must be " <a href=format!("/login?next={next}")>"logged in"</a> " to post a comment. "
                            <a href=format!("/register?next={next}")>"Register"</a> " if you have no account yet."
                        </p>
                    }.into_any()
                };
                view! {
                    <h3 id="reply-title">{title}</h3>
                    {cancel.map(|link| view! { <p class="cancel-reply-line">{link}</p> })}
                    {body}
                }
            }}
        </div>
    }
}
