//! What the page draws, decided without drawing: the timeline's layout, replay, the kitchen
//! picture, and how numbers and quoted text are written.

pub mod columns;
pub mod figure;
pub mod kitchen;
pub mod layout;
pub mod quote;
pub mod race;
pub mod replay;
pub mod wait_for;
