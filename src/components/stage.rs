//! The stage: the lane timeline or the kitchen view over the same recording, with the replay
//! that moves a playhead through it. It owns the replay, so only the stage redraws per frame.

use super::deadlock_cycle::DeadlockCycles;
use super::kitchen_view::KitchenView;
use super::replay_controls::{ReplayAction, ReplayControls};
use super::timeline::Timeline;
use crate::engine::frames;
use crate::hooks::{use_animation_frame, use_keys};
use crate::state::{LiveMode, Recording};
use interleave_core::scenario::config::Theme;
use interleave_core::view::replay::Replay;
use std::rc::Rc;
use yew::prelude::*;

struct ReplayStore(Replay);

enum StoreAction {
    Reset(Replay),
    Tick { real_dt_ms: f64, by_steps: bool },
    User(ReplayAction),
}

impl Reducible for ReplayStore {
    type Action = StoreAction;

    fn reduce(self: Rc<Self>, action: StoreAction) -> Rc<Self> {
        let mut r = self.0.clone();
        match action {
            StoreAction::Reset(fresh) => r = fresh,
            StoreAction::Tick {
                real_dt_ms,
                by_steps: true,
            } => r.advance_by_steps(real_dt_ms),
            StoreAction::Tick { real_dt_ms, .. } => r.advance(real_dt_ms),
            StoreAction::User(ReplayAction::Toggle) => r.toggle(),
            StoreAction::User(ReplayAction::Seek(t)) => r.seek(t),
            // Stepping is for looking closely: it pauses.
            StoreAction::User(ReplayAction::StepForward) => {
                r.playing = false;
                r.step_forward()
            }
            StoreAction::User(ReplayAction::StepBack) => {
                r.playing = false;
                r.step_back()
            }
            StoreAction::User(ReplayAction::Speed(s)) => r.set_speed(s),
        }
        Rc::new(ReplayStore(r))
    }
}

#[derive(Properties, PartialEq)]
pub struct StageProps {
    pub traces: Recording,
    pub live: Option<LiveMode>,
    pub tasks: usize,
    /// Whether the running mode is drawn as it happens.
    pub animate: bool,
    pub running: bool,
    /// The bar above the timeline: replay controls and the view switch (off in small embeds).
    #[prop_or(true)]
    pub bar: bool,
    /// The colour theme: the timeline's text follows it.
    #[prop_or_default]
    pub theme: Theme,
}

#[component]
pub fn Stage(props: &StageProps) -> Html {
    let store = use_reducer(|| ReplayStore(Replay::new(&[])));
    let kitchen = use_state(|| false);
    let last_frame = use_mut_ref(|| None::<f64>);
    // Read once: the stage re-renders every frame while it replays.
    let reduced_motion = use_memo((), |_| frames::reduced_motion());
    {
        let store = store.clone();
        use_effect_with(props.traces.clone(), move |traces| {
            store.dispatch(StoreAction::Reset(Replay::new(traces)));
        });
    }
    {
        let (store, last_frame) = (store.clone(), last_frame.clone());
        let by_steps = *reduced_motion;
        let playing = store.0.playing;
        if !playing {
            *last_frame.borrow_mut() = None;
        }
        use_animation_frame(playing, move || {
            let now = frames::now();
            let before = last_frame.borrow_mut().replace(now);
            if let Some(before) = before {
                store.dispatch(StoreAction::Tick {
                    real_dt_ms: now - before,
                    by_steps,
                });
            }
        });
    }
    let on_action = {
        let store = store.clone();
        Callback::from(move |a: ReplayAction| store.dispatch(StoreAction::User(a)))
    };
    let has_recording = !props.traces.is_empty() && !props.running;
    // Without its controls, the replay's keys are not offered either: space runs instead.
    let replay_keys = has_recording && props.bar;
    {
        let (on_action, kitchen) = (on_action.clone(), kitchen.clone());
        use_keys(Callback::from(move |key: String| match key.as_str() {
            " " if replay_keys => {
                on_action.emit(ReplayAction::Toggle);
                true
            }
            "ArrowRight" if replay_keys => {
                on_action.emit(ReplayAction::StepForward);
                true
            }
            "ArrowLeft" if replay_keys => {
                on_action.emit(ReplayAction::StepBack);
                true
            }
            "k" | "K" => {
                kitchen.set(!*kitchen);
                true
            }
            _ => false,
        }));
    }
    let replay = store.0.clone();
    let playhead = has_recording.then_some(replay.t_ms);
    // A replay never started shows each deadlock's cycle as it was found.
    let replaying = playhead.filter(|t| replay.playing || *t > 0.0);
    let on_view = {
        let kitchen = kitchen.clone();
        Callback::from(move |_: MouseEvent| kitchen.set(!*kitchen))
    };
    html! {
        <div class="stage" data-view={if *kitchen { "kitchen" } else { "lanes" }}>
            if props.bar {
                <div class="stage-bar">
                    if has_recording {
                        <ReplayControls replay={replay.clone()} traces={props.traces.clone()} on_action={on_action} />
                    }
                    <button id="toggle-view" type="button" onclick={on_view} aria-pressed={kitchen.to_string()}
                        title="K: switch between the lane view and the kitchen view">
                        { if *kitchen { "Lane view" } else { "Kitchen view" } }
                    </button>
                </div>
            }
            if *kitchen {
                <KitchenView traces={props.traces.clone()} t_ms={playhead.unwrap_or(f64::INFINITY)} />
            } else {
                <div class="lanes">
                    <Timeline traces={props.traces.clone()} live={props.live.clone()} tasks={props.tasks}
                        animate={props.animate} {playhead} theme={props.theme} />
                    <DeadlockCycles traces={props.traces.clone()} t_ms={replaying} />
                </div>
            }
        </div>
    }
}
