//! The scenario shared elsewhere: as a full page, and as an embed in an iframe snippet.

use super::RunConfig;
use crate::scenario::embed::Autoplay;

impl RunConfig {
    /// The query of the same scenario as a full page: everything but the embed settings.
    pub fn full_page_query(&self) -> String {
        RunConfig {
            embed: None,
            autoplay: Autoplay::Off,
            ..self.clone()
        }
        .to_query()
    }

    /// The scenario as an embed that plays when its slide shows.
    pub fn as_embed(&self) -> RunConfig {
        RunConfig {
            embed: Some(self.embed.unwrap_or_default()),
            autoplay: Autoplay::Visible,
            ..self.clone()
        }
    }

    /// An iframe that embeds this scenario (made an embed if it is not one) from the page at
    /// `page_url` (origin and path, no query). 16:9 at any width.
    pub fn iframe_snippet(&self, page_url: &str, title: &str) -> String {
        let src = format!("{page_url}?{}", self.as_embed().to_query());
        format!(
            "<iframe src=\"{}\" title=\"{}\" allow=\"cross-origin-isolated; fullscreen\" \
             style=\"width: 100%; aspect-ratio: 16 / 9; border: 0\"></iframe>",
            escape_attribute(&src),
            escape_attribute(title)
        )
    }
}

fn escape_attribute(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
