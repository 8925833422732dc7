//! The page's components, one per file. They render state and forward user intent: an action
//! for the reducer through the page's dispatcher (`hooks::use_dispatch`), anything else as a
//! callback; none of them runs work.

mod controls;
mod costs_table;
mod deadlock_cycle;
mod embed_button;
mod embed_frame;
mod env_badge;
mod export_buttons;
mod facts;
mod heartbeat;
mod key_help;
mod kitchen_picture;
mod kitchen_view;
mod lesson_panel;
mod notices;
mod python_panel;
mod recipe_editor;
mod replay_controls;
mod results_line;
mod results_table;
mod share_link;
mod shared_state;
mod stage;
mod sweep_panel;
mod timeline;

pub use controls::Controls;
pub use costs_table::CostsTable;
pub use embed_button::EmbedButton;
pub use embed_frame::EmbedFrame;
pub use env_badge::EnvBadge;
pub use export_buttons::ExportButtons;
pub use facts::Facts;
pub use heartbeat::Heartbeat;
pub use key_help::KeyHelp;
pub use lesson_panel::LessonPanel;
pub use notices::Notices;
pub use python_panel::{import_file, PythonPanel};
pub use recipe_editor::RecipeEditor;
pub use results_line::ResultsLine;
pub use results_table::ResultsTable;
pub use share_link::ShareLink;
pub use shared_state::SharedState;
pub use stage::Stage;
pub use sweep_panel::SweepPanel;
pub(crate) use timeline::paint as timeline_paint;
