//! Wire types shared by server and browser (serde only).

mod account;
mod article;
mod moderation;
mod site;

pub use account::*;
pub use article::*;
pub use moderation::*;
pub use site::*;
