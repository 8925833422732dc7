//! The kitchen as a picture: SVG drawn from `interleave_core::view::kitchen::picture`, which places every
//! part. Colours are attributes, not styles, so the picture keeps to the page's strict
//! Content Security Policy and can be drawn into the PNG export as an image.

use super::timeline::PALETTE;
use interleave_core::view::figure::count;
use interleave_core::view::kitchen::picture::{
    Oven, Picture, Pose, RoomBox, Station, HEIGHT, WIDTH,
};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct KitchenPictureProps {
    pub picture: Picture,
}

fn colour(task: u32) -> &'static str {
    PALETTE[task as usize % PALETTE.len()]
}

/// The number on a plate meets 4.5:1: near-black on every palette colour but the dark blue.
fn ink_on(task: u32) -> &'static str {
    match colour(task) {
        "#0072B2" => "#fff",
        _ => "#111",
    }
}

fn n(v: f64) -> String {
    format!("{v:.1}")
}

/// A dish: a plate in the task's colour with its number.
fn dish(task: u32, cx: f64, cy: f64, r: f64) -> Html {
    html! {
        <g class="dish" data-task={task.to_string()}>
            <circle cx={n(cx)} cy={n(cy)} r={n(r)} fill={colour(task)} stroke="#333" stroke-width="1.5" />
            <text x={n(cx)} y={n(cy + 4.0)} text-anchor="middle" font-size="11" fill={ink_on(task)}>{ task }</text>
        </g>
    }
}

fn pose_key(p: Pose) -> &'static str {
    match p {
        Pose::Free => "free",
        Pose::Cooking => "cooking",
        Pose::WaitingForKnife => "waiting-for-knife",
        Pose::WaitingForUtensil => "waiting-for-utensil",
        Pose::AtOven => "at-oven",
        Pose::Carrying => "carrying",
        Pose::Opening => "opening",
    }
}

fn what(p: Pose) -> &'static str {
    match p {
        Pose::Free => "free",
        Pose::Cooking => "cooks",
        Pose::WaitingForKnife => "waits for the knife",
        Pose::WaitingForUtensil => "waits for a utensil",
        Pose::AtOven => "watches the oven",
        Pose::Carrying => "at the hatch",
        Pose::Opening => "opens the kitchen",
    }
}

fn station(s: &Station) -> Html {
    let cx = s.x + s.w / 2.0;
    // Chefs who wait, for the knife or the oven, stand greyed: they cannot cook meanwhile.
    let waiting = matches!(
        s.pose,
        Pose::WaitingForKnife | Pose::WaitingForUtensil | Pose::AtOven
    );
    let counter_y = s.y + s.h - 22.0;
    // A chef stands at the counter, whatever the station's height.
    let head_y = (counter_y - 58.0).max(s.y + 14.0);
    html! {
        <g class="chef" data-lane={s.lane.name()} data-pose={pose_key(s.pose)} data-knife={s.knife.to_string()}
            opacity={if waiting { "0.6" } else { "1" }}>
            <rect class="counter" x={n(s.x + 4.0)} y={n(counter_y)} width={n(s.w - 8.0)} height="14" rx="3" fill="#8a8f98" />
            <circle cx={n(cx)} cy={n(head_y)} r="11" fill="#f1c9a5" stroke="#333" stroke-width="1.5" />
            <rect x={n(cx - 10.0)} y={n(head_y - 19.0)} width="20" height="8" rx="3" fill="#fff" stroke="#333" />
            <rect x={n(cx - 13.0)} y={n(head_y + 12.0)} width="26" height={n((counter_y - head_y - 12.0).max(8.0))} rx="6" fill="#fff" stroke="#333" stroke-width="1.5" />
            if s.knife {
                <g class="knife" aria-hidden="true">
                    <rect x={n(cx + 14.0)} y={n(head_y + 18.0)} width="6" height="10" fill="#5a3a22" />
                    <path d={format!("M{} {} l4 -26 l3 26 z", n(cx + 14.5), n(head_y + 18.0))} fill="#d9dde3" stroke="#333" />
                </g>
            }
            if let Some(task) = s.dish {
                { dish(task, cx, counter_y - 2.0, 11.0) }
            }
            <text x={n(cx)} y={n(s.y + s.h - 2.0)} text-anchor="middle" font-size="11" fill="#222">{ s.chef.clone() }</text>
            <text x={n(cx)} y={n(head_y - 24.0)} text-anchor="middle" font-size="10" fill="#222">{ what(s.pose) }</text>
        </g>
    }
}

/// A crowd: the dishes past those drawn, as a count after the last one drawn at `x`.
fn more(total: usize, shown: usize, x: f64, y: f64) -> Html {
    html! {
        if total > shown {
            <text class="more" x={n(x)} y={n(y + 4.0)} font-size="10" fill="#fff">{ format!("+{}", count(total - shown)) }</text>
        }
    }
}

fn oven(o: &Oven) -> Html {
    const SHOWN: usize = 8;
    let shown = o.dishes.iter().take(SHOWN);
    html! {
        <g class="oven" data-dishes={o.dishes.len().to_string()}>
            <rect x={n(o.x)} y={n(o.y)} width={n(o.w)} height={n(o.h)} rx="6" fill="#3b3f46" stroke="#222" />
            <rect x={n(o.x + 6.0)} y={n(o.y + 16.0)} width={n(o.w - 12.0)} height={n(o.h - 22.0)} rx="4" fill="#f0a35e" opacity="0.85" />
            <text x={n(o.x + 6.0)} y={n(o.y + 12.0)} font-size="10" fill="#fff">
                { if o.dishes.is_empty() { "oven: empty".to_string() } else { format!("oven: {} waiting", count(o.dishes.len())) } }
            </text>
            { for shown.enumerate().map(|(i, &t)| dish(t, o.x + 20.0 + i as f64 * 24.0, o.y + o.h / 2.0 + 8.0, 9.0)) }
            { more(o.dishes.len(), SHOWN, o.x + 10.0 + SHOWN as f64 * 24.0, o.y + o.h / 2.0 + 8.0) }
        </g>
    }
}

fn room(r: &RoomBox) -> Html {
    html! {
        <g class="room" data-hatch={r.hatch.to_string()}>
            <rect x={n(r.x)} y={n(r.y)} width={n(r.w)} height={n(r.h)} rx="8" fill="#f4efe6" stroke="#6b5d4a" stroke-width="2" />
            <text x={n(r.x + 8.0)} y={n(r.y + 14.0)} font-size="12" font-weight="bold" fill="#3a2f22">{ r.name.clone() }</text>
            if r.hatch {
                <rect class="hatch" x={n(r.x + r.w / 2.0 - 16.0)} y={n(r.y - 6.0)} width="32" height="10" rx="2" fill="#6b5d4a" />
            }
            { for r.stations.iter().map(station) }
            { oven(&r.oven) }
        </g>
    }
}

#[component]
pub fn KitchenPicture(props: &KitchenPictureProps) -> Html {
    let p = &props.picture;
    const SHOWN: usize = 14;
    let shown_orders = p.orders.iter().take(SHOWN);
    html! {
        <svg class="kitchen-picture" viewBox={format!("0 0 {WIDTH} {HEIGHT}")} role="img"
            aria-label={p.caption.clone()} data-knife-on-rack={p.knife_on_rack.to_string()}>
            <title>{ p.caption.clone() }</title>
            <g class="board">
                <rect x="12" y="8" width={n(WIDTH - 24.0)} height="44" rx="6" fill="#2f3b2f" />
                <text x="22" y="24" font-size="11" fill="#fff">{ format!("orders waiting: {}", count(p.orders.len())) }</text>
                { for shown_orders.enumerate().map(|(i, &t)| dish(t, 30.0 + i as f64 * 24.0, 38.0, 8.0)) }
                { more(p.orders.len(), SHOWN, 20.0 + SHOWN as f64 * 24.0, 38.0) }
                <text x={n(WIDTH - 22.0)} y="24" font-size="11" fill="#fff" text-anchor="end">{ format!("served: {}", count(p.served)) }</text>
                if p.knife_on_rack {
                    <g class="knife-rack" aria-hidden="true">
                        <text x={n(WIDTH - 22.0)} y="44" font-size="10" fill="#fff" text-anchor="end">{"the knife is on its rack"}</text>
                    </g>
                }
            </g>
            { for p.rooms.iter().map(room) }
        </svg>
    }
}
