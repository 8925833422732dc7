//! Where everything in a kitchen [`Scene`] is drawn: rooms, a station per chef with the dish
//! on its counter, the oven and what is in it, the knife, the orders waiting and the plates
//! served. Pure geometry in picture units (a 16:9 box), so the page's SVG and the PNG export
//! draw the same picture, and its shape is tested natively.

use super::{Activity, Scene};
use crate::run::trace::Lane;

/// The picture's size in its own units; it scales to any width.
pub const WIDTH: f64 = 640.0;
pub const HEIGHT: f64 = 360.0;
/// Room for the orders board at the top.
const BOARD_H: f64 = 56.0;
const GAP: f64 = 12.0;
/// Room for the oven at the bottom of each kitchen.
const OVEN_H: f64 = 70.0;

/// What a chef is doing, as a pose the picture can show.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pose {
    Free,
    Cooking,
    /// Holding a dish, waiting for the one knife.
    WaitingForKnife,
    /// Holding a dish, waiting for a utensil (a lock) another chef holds.
    WaitingForUtensil,
    /// Standing by the oven, blocked until the dish is done.
    AtOven,
    /// Passing a dish through the hatch (a message to or from a process).
    Carrying,
    /// Opening the kitchen (a process starting).
    Opening,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Station {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
    pub chef: String,
    pub lane: Lane,
    pub pose: Pose,
    /// The dish in the chef's hands or on the counter.
    pub dish: Option<u32>,
    /// Holds the one knife (the GIL).
    pub knife: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Oven {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
    /// Dishes in it: tasks waiting on I/O.
    pub dishes: Vec<u32>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct RoomBox {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
    pub name: String,
    pub stations: Vec<Station>,
    pub oven: Oven,
    /// A hatch to the pass, where orders come in and dishes go out: processes only, whose
    /// kitchens share nothing but messages.
    pub hatch: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Picture {
    pub rooms: Vec<RoomBox>,
    /// Tasks not started yet, on the board.
    pub orders: Vec<u32>,
    pub served: usize,
    /// Threads + GIL, nobody holding it: the knife is on its rack.
    pub knife_on_rack: bool,
    /// The scene's sentence: the picture's text alternative.
    pub caption: String,
}

fn pose(doing: &Activity) -> (Pose, Option<u32>) {
    match *doing {
        Activity::Idle => (Pose::Free, None),
        Activity::Cooking(t) => (Pose::Cooking, Some(t)),
        Activity::WaitingForKnife(t) => (Pose::WaitingForKnife, Some(t)),
        Activity::WaitingForUtensil(t) => (Pose::WaitingForUtensil, Some(t)),
        Activity::WatchingOven(t) => (Pose::AtOven, Some(t)),
        Activity::Carrying(t) => (Pose::Carrying, Some(t)),
        Activity::OpeningKitchen => (Pose::Opening, None),
    }
}

/// The picture of `scene`: rooms side by side under the orders board, each as wide as its
/// stations need; a dish in an oven where its task waits, in the kitchen of the chef who
/// watches it if one does.
pub fn picture(scene: &Scene) -> Picture {
    let slots: usize = scene.rooms.iter().map(|r| r.chefs.len().max(1)).sum();
    let gaps = GAP * (scene.rooms.len() + 1) as f64;
    let per_slot = (WIDTH - gaps) / slots.max(1) as f64;
    let (top, h) = (BOARD_H + GAP, HEIGHT - BOARD_H - 2.0 * GAP);
    let mut x = GAP;
    let mut rooms: Vec<RoomBox> = scene
        .rooms
        .iter()
        .map(|room| {
            let w = per_slot * room.chefs.len().max(1) as f64;
            let stations = (0..)
                .zip(&room.chefs)
                .map(|(i, c)| {
                    let (pose, dish) = pose(&c.doing);
                    Station {
                        x: x + i as f64 * per_slot,
                        y: top + 22.0,
                        w: per_slot,
                        h: h - OVEN_H - 30.0,
                        chef: c.name.clone(),
                        lane: c.lane,
                        pose,
                        dish,
                        knife: scene.knife.as_deref() == Some(c.name.as_str()),
                    }
                })
                .collect();
            let oven = Oven {
                x: x + 6.0,
                y: top + h - OVEN_H,
                w: w - 12.0,
                h: OVEN_H - 6.0,
                dishes: Vec::new(),
            };
            let b = RoomBox {
                x,
                y: top,
                w,
                h,
                name: room.name.clone(),
                stations,
                oven,
                hatch: matches!(room.chefs.first().map(|c| c.lane), Some(Lane::Process(_))),
            };
            x += w + GAP;
            b
        })
        .collect();
    for &dish in &scene.oven {
        let watched = rooms.iter().position(|r| {
            r.stations
                .iter()
                .any(|s| s.pose == Pose::AtOven && s.dish == Some(dish))
        });
        if let Some(room) = rooms.get_mut(watched.unwrap_or(0)) {
            room.oven.dishes.push(dish);
        }
    }
    Picture {
        knife_on_rack: scene.mode == crate::run::mode::Mode::Gil && scene.knife.is_none(),
        rooms,
        orders: scene.waiting_orders.clone(),
        served: scene.served.len(),
        caption: scene.caption.clone(),
    }
}
