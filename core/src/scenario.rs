//! What to run: the recipe and its steps, the page's settings from the URL, the embed's
//! options, and the compact link that carries a recipe.

pub mod config;
pub mod embed;
pub mod link;
pub mod recipe;
pub mod step;
