//! Hooks shared by the components, the timeline's (painting, zoom and pan), and the page's
//! own: its dispatcher, its environment, its runs, who starts them, and its keys.

mod use_animation_frame;
mod use_dispatch;
mod use_environment;
mod use_keys;
mod use_live_paint;
mod use_play_control;
mod use_runner;
mod use_shortcuts;
mod use_style;
mod use_zoom_pan;

pub use use_animation_frame::use_animation_frame;
pub use use_dispatch::{use_dispatch, AppDispatch};
pub use use_environment::use_environment;
pub use use_keys::use_keys;
pub use use_live_paint::{use_drawn, use_live_paint, use_overlay_paint, Picture};
pub use use_play_control::use_play_control;
pub use use_runner::use_runner;
pub use use_shortcuts::{use_shortcuts, Shortcuts};
pub use use_style::use_style;
pub use use_zoom_pan::{use_zoom_pan, ZoomPan};
