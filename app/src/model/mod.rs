//! Wire types shared by server and browser (serde only).

mod account;
mod article;
mod site;

pub use account::*;
pub use article::*;
pub use site::*;
