use super::TimeAgo;
use crate::model::Comment;
use leptos::prelude::*;

/// Approved comments, replies indented under their parent (one level).
#[component]
pub fn CommentList(comments: Vec<Comment>, now: i64) -> impl IntoView {
    let heading = match comments.len() {
        0 => "No comments yet".to_owned(),
        1 => "1 comment".to_owned(),
        n => format!("{n} comments"),
    };
    let threads = comments
        .iter()
        .filter(|c| c.parent_id.is_none())
        .map(|c| {
            let replies = comments
                .iter()
                .filter(|r| r.parent_id == Some(c.id))
                .map(|r| comment_item(r.clone(), now, None).into_any())
                .collect_view();
            comment_item(
                c.clone(),
                now,
                Some(view! { <ol class="comment-replies">{replies}</ol> }.into_any()),
            )
        })
        .collect_view();
    view! {
        <h2 id="comments-heading">{heading}</h2>
        <ol class="comment-list">{threads}</ol>
    }
}

fn comment_item(c: Comment, now: i64, replies: Option<AnyView>) -> impl IntoView {
    view! {
        <li class="comment" id=format!("comment-{}", c.id)>
            <p class="comment-meta">
                <strong>{c.author_name}</strong>
                " · "
                <TimeAgo at=c.created_at now />
            </p>
            <p class="comment-body">{c.body}</p>
            {replies}
        </li>
    }
}
