//! Wire types shared by server and browser (serde only).

mod article;
mod site;

pub use article::*;
pub use site::*;
