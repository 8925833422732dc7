//! The line above each mode's lanes: its name, its Python, its wall time, and how a modelled
//! GIL changed hands; an imported CPython run says who measured it.

use super::Section;
use crate::run::trace::Source;

pub(super) fn header(section: &Section<'_>) -> String {
    let mut state = match section.wall_ms {
        Some(w) => crate::view::figure::ms(w, 0),
        None => "running…".into(),
    };
    // How the modelled GIL really changed hands, so the switch interval can be checked.
    if let Some(s) = section
        .wall_ms
        .filter(|_| *section.source == Source::Browser)
        .and_then(|w| crate::run::gil::switching_in(section.mode, section.spans, w))
    {
        state += &format!(
            " · GIL hand-overs: {} ({}/s), median slice {}",
            s.handovers,
            crate::view::figure::fixed(s.per_second, 0),
            crate::view::figure::ms(s.median_slice_ms, 2)
        );
    }
    if let Source::Python(run) = section.source {
        let pool = if section.mode.has_pool_size() {
            format!(" (pool {})", section.threads)
        } else {
            String::new()
        };
        return format!(
            "{} {} · {}{pool} · imported: measured by CPython on {} {} — {}",
            run.implementation,
            run.version,
            section.mode.python(),
            run.system,
            run.machine,
            state
        );
    }
    if section.mode.has_pool_size() {
        format!(
            "{} (pool {}) · {} — {}",
            section.mode.label(),
            section.threads,
            section.mode.python(),
            state
        )
    } else {
        format!(
            "{} · {} — {}",
            section.mode.label(),
            section.mode.python(),
            state
        )
    }
}
