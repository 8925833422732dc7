//! The kitchen view: the same recorded trace told as a kitchen. Lanes are chefs, tasks are
//! dishes, waits are "in the oven", the GIL is the one knife, processes are separate kitchens.

use super::kitchen_picture::KitchenPicture;
use super::timeline::PALETTE;
use crate::hooks::use_style;
use crate::state::Recording;
use interleave_core::view::figure::count;
use interleave_core::view::kitchen::picture::picture;
use interleave_core::view::kitchen::{chef_count, scene, Activity, Scene, NAMED_DISHES};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct KitchenViewProps {
    pub traces: Recording,
    pub t_ms: f64,
}

#[derive(Properties, PartialEq)]
struct DishProps {
    task: u32,
}

/// A dish in its task's colour on the timeline.
#[component]
fn Dish(props: &DishProps) -> Html {
    let node = use_node_ref();
    let colour = PALETTE[props.task as usize % PALETTE.len()];
    use_style(&node, vec![("background", colour.to_string())]);
    html! { <span class="dish" ref={node}>{ props.task }</span> }
}

fn dish(task: u32) -> Html {
    html! { <Dish {task} /> }
}

fn doing(a: &Activity) -> Html {
    match a {
        Activity::Idle => html! { <span class="doing idle">{"free"}</span> },
        Activity::Cooking(t) => html! { <span class="doing">{"cooks "}{ dish(*t) }</span> },
        Activity::WatchingOven(t) => {
            html! { <span class="doing">{"watches the oven: "}{ dish(*t) }</span> }
        }
        Activity::WaitingForKnife(t) => {
            html! { <span class="doing">{"waits for the knife with "}{ dish(*t) }</span> }
        }
        Activity::WaitingForUtensil(t) => {
            html! { <span class="doing">{"waits for a utensil (a lock) with "}{ dish(*t) }</span> }
        }
        Activity::OpeningKitchen => html! { <span class="doing">{"opens the kitchen"}</span> },
        Activity::Carrying(t) => html! { <span class="doing">{"carries "}{ dish(*t) }</span> },
    }
}

/// The scene in words, for screen readers: the picture above shows the same.
fn room_block(s: &Scene) -> Html {
    html! {
        <>
        { for s.rooms.iter().map(|room| html! {
            <div class="room-text">
                <h4>{ room.name.clone() }</h4>
                { for room.chefs.iter().map(|c| {
                    let knife = s.knife.as_deref() == Some(c.name.as_str());
                    html! {
                        <div class="chef-text" data-lane={c.lane.name()}>
                            <span class="chef-name">{ c.name.clone() }</span>
                            if knife {
                                <span class="knife-text" title="holds the one knife: the GIL">{"holds the knife"}</span>
                            }
                            { doing(&c.doing) }
                        </div>
                    }
                }) }
            </div>
        }) }
        </>
    }
}

#[component]
pub fn KitchenView(props: &KitchenViewProps) -> Html {
    html! {
        <section class="kitchen" id="kitchen" aria-label="Kitchen view" data-modes={props.traces.len().to_string()}>
            { for props.traces.iter().map(|t| {
                let s = scene(t, props.t_ms);
                html! {
                    <div class="kitchen-mode" data-mode={t.mode.key()} data-chefs={chef_count(t).to_string()}>
                        <h3>{ format!("{} · {}", t.label(), t.python()) }</h3>
                        <KitchenPicture picture={picture(&s)} />
                        <div class="rooms visually-hidden">{ room_block(&s) }</div>
                        <p class="oven">{"In the oven: "}
                            if s.oven.is_empty() { {"empty"} } else { { for s.oven.iter().take(NAMED_DISHES).map(|d| dish(*d)) } }
                            if s.oven.len() > NAMED_DISHES { { format!(" and {} more", count(s.oven.len() - NAMED_DISHES)) } }
                        </p>
                        <p class="orders">{ format!("{} orders waiting · {} served", count(s.waiting_orders.len()), count(s.served.len())) }</p>
                        <p class="caption">{ s.caption.clone() }</p>
                    </div>
                }
            }) }
            <p class="model-note">{"The kitchen retells the recorded trace above: chefs are lanes, dishes are tasks, the oven is waiting, the knife is the GIL, kitchens are processes."}</p>
        </section>
    }
}
