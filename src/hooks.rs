//! Hooks shared by the components.

mod use_animation_frame;
mod use_keys;

pub use use_animation_frame::use_animation_frame;
pub use use_keys::use_keys;
