//! Styles worked out at run time, set through the CSSOM (`element.style`). A `style`
//! attribute is inline style, which the Content Security Policy refuses (its style-src has no
//! 'unsafe-inline'); the CSSOM is script, and the policy lets the app's own script style.

use web_sys::HtmlElement;
use yew::prelude::*;

/// Sets each `(property, value)` on `node` after every render in which they changed. A
/// property left out later keeps its last value; keep the list the same shape.
#[hook]
pub fn use_style(node: &NodeRef, style: Vec<(&'static str, String)>) {
    let node = node.clone();
    use_effect_with(style, move |style| {
        if let Some(el) = node.cast::<HtmlElement>() {
            let css = el.style();
            for (property, value) in style {
                let _ = css.set_property(property, value);
            }
        }
    });
}
