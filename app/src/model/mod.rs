//! Wire types shared by server and browser (serde only).

mod account;
mod article;
mod editorial;
mod moderation;
mod site;

pub use account::*;
pub use article::*;
pub use editorial::*;
pub use moderation::*;
pub use site::*;
